"""Notulen and daftar hadir of the finalisation meeting (step 8)."""
from __future__ import annotations

import datetime as dt

from fpdf.enums import CellBordersLayout as _B

from lib.documents.base import OfficialPDF, format_date, jabatan_line, render_bytes
from lib.documents.model import Meeting, Profile

_LTB = _B.LEFT | _B.TOP | _B.BOTTOM
_RTB = _B.RIGHT | _B.TOP | _B.BOTTOM

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

# Empty numbered lines at the end of the attendance list for walk-in guests.
EXTRA_ATTENDANCE_LINES = 3


def hari_tanggal(date: dt.date) -> str:
    """``Senin, 23 November 2026``."""
    return f"{DAYS[date.weekday()]}, {format_date(date)}"


def render_notulen(profile: Profile, meeting: Meeting, creation_date: dt.datetime | None = None,
                   *, report_title: str | None = None) -> bytes:
    """Notulen: hari/tanggal, waktu, tempat, pimpinan rapat, notulis, peserta;
    agenda, pembahasan and keputusan as numbered lists; signed by the notulis
    with "Mengetahui, Pimpinan Rapat" beside it; then the daftar hadir on a new
    page: No, Nama, Jabatan, Instansi and a signature column whose cells
    alternate left/right."""
    title_word = report_title or profile.report_title or "LAKIP"
    subject = f"RAPAT FINALISASI {title_word} TAHUN {meeting.year}"   # the acronym as spelt: LKjIP
    pdf = OfficialPDF(profile, doc_title=f"Notulen Rapat Finalisasi {title_word} {meeting.year}",
                      creation_date=creation_date)
    pdf.add_page()
    pdf.kop()
    pdf.title_block("NOTULEN", subject, size=12)
    notulis = meeting.notulis
    pdf.label_rows([
        ("Hari/Tanggal", hari_tanggal(meeting.date)),
        ("Waktu", meeting.time or "-"),
        ("Tempat", meeting.place or "-"),
        ("Pimpinan Rapat", meeting.chair or "-"),
        ("Notulis", _person(notulis) if notulis else "-"),
        ("Peserta", f"{len(meeting.attendees)} orang (daftar hadir terlampir)"),
    ], label_w=36)
    pdf.ln(4)
    for title, items in (("Agenda", meeting.agenda), ("Pembahasan", meeting.pembahasan),
                         ("Keputusan", meeting.decisions)):
        _section(pdf, title)
        pdf.numbered(items or ["-"], indent=4)
        pdf.ln(3)
    pdf.ln(5)
    _signatures(pdf, meeting)
    _daftar_hadir(pdf, meeting, subject)
    return render_bytes(pdf)


def _person(signer) -> str:
    name = (signer.name or "").strip()
    jabatan = jabatan_line(signer) if (signer.jabatan or "").strip() else ""
    if jabatan.lower().startswith("notulis"):
        jabatan = ""
    if name and jabatan:
        return f"{name} ({jabatan})"
    return name or jabatan or "-"


def _signatures(pdf: OfficialPDF, meeting: Meeting) -> None:
    """"Mengetahui, Pimpinan Rapat" on the left, the notulis on the right under
    the place and date; both with room to sign, name and NIP, on one page."""
    chair = meeting.chair_signer
    notulis = meeting.notulis
    place_date = pdf.place_date(meeting.date)
    heights = [pdf.signature_height(s, place_date=place_date, label_above="x")
               for s in (chair, notulis) if s is not None]
    if not heights:
        return
    top = pdf.get_y()
    if top + max(heights) > pdf.page_break_trigger:
        pdf.add_page()
        top = pdf.get_y()
    bottoms = [top]
    if notulis is not None:
        own = (notulis.jabatan or "").strip().lower().startswith("notulis")
        bottoms.append(pdf.signature_block(notulis, place_date=place_date, y=top,
                                           label_above="" if own else "Notulis,"))
    if chair is not None:
        # Two label lines, level with the place/date and "Notulis," opposite.
        bottoms.append(pdf.signature_block(chair, place_date=None, x=pdf.l_margin, y=top,
                                           label_above="Mengetahui,\nPimpinan Rapat,"))
    pdf.set_xy(pdf.l_margin, max(bottoms))


def _section(pdf: OfficialPDF, title: str) -> None:
    pdf.ensure_space(16)
    with pdf.font(pdf.LETTER_PT, "B"):
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, pdf.LINE_H, f"{title}:", new_x="LMARGIN", new_y="NEXT")


def _daftar_hadir(pdf: OfficialPDF, meeting: Meeting, subject: str) -> None:
    pdf.add_page()
    pdf.title_block("DAFTAR HADIR", subject, size=12)
    pdf.label_rows([
        ("Hari/Tanggal", hari_tanggal(meeting.date)),
        ("Waktu", meeting.time or "-"),
        ("Tempat", meeting.place or "-"),
    ], label_w=32)
    pdf.ln(3)
    sig = 22.0
    jab = 40.0
    ins = 32.0
    widths = (10, pdf.content_width - 10 - 2 * sig - jab - ins, jab, ins, sig, sig)
    people = list(meeting.attendees) + [None] * EXTRA_ATTENDANCE_LINES
    with pdf.official_table(widths, font_size=pdf.TABLE_PT, line_height=5.5) as table:
        head = table.row()
        for h in ("No.", "Nama", "Jabatan", "Instansi"):
            head.cell(h, align="C", v_align="MIDDLE")
        head.cell("Tanda Tangan", align="C", v_align="M", colspan=2)
        for i, person in enumerate(people, 1):
            r = table.row()
            r.cell(f"{i}.", align="C", v_align="MIDDLE")
            r.cell(person.name if person else "", v_align="MIDDLE")
            r.cell((person.jabatan or "-") if person else "", v_align="MIDDLE")
            r.cell((person.instansi or "-") if person else "", v_align="MIDDLE")
            mark = f"{i}. " + "." * 12
            # Odd numbers sign in the left half, even numbers in the right.
            # Extra blank line keeps each row tall enough for a signature.
            left, right = (mark, "") if i % 2 else ("", mark)
            r.cell(f"\n{left}", align="L", border=_LTB)
            r.cell(f"\n{right}", align="L", border=_RTB)
