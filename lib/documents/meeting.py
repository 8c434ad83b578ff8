"""Notulen and daftar hadir of the finalisation meeting (step 8)."""
from __future__ import annotations

import datetime as dt

from fpdf.enums import CellBordersLayout as _B

from lib.documents.base import OfficialPDF, format_date, render_bytes
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
    """Notulen (date, time, place, chair, participants, agenda, decisions,
    notulis's signature) followed by the daftar hadir on a new page: No, Nama,
    Jabatan and a signature column whose cells alternate left/right."""
    title_word = report_title or profile.report_title or "LAKIP"
    subject = f"RAPAT FINALISASI {title_word.upper()} TAHUN {meeting.year}"
    pdf = OfficialPDF(profile, doc_title=f"Notulen {subject.title()}",
                      creation_date=creation_date)
    pdf.add_page()
    pdf.kop()
    pdf.title_block("NOTULEN", subject, size=12)
    pdf.label_rows([
        ("Hari/Tanggal", hari_tanggal(meeting.date)),
        ("Waktu", meeting.time or "-"),
        ("Tempat", meeting.place or "-"),
        ("Pimpinan Rapat", meeting.chair or "-"),
        ("Peserta", f"{len(meeting.attendees)} orang (daftar hadir terlampir)"),
    ], label_w=34)
    pdf.ln(4)
    _section(pdf, "Acara")
    pdf.numbered(meeting.agenda or ["-"], indent=4)
    pdf.ln(3)
    _section(pdf, "Hasil Rapat / Keputusan")
    pdf.numbered(meeting.decisions or ["-"], indent=4)
    pdf.ln(8)
    if meeting.notulis is not None:
        notulis = meeting.notulis
        label = "" if (notulis.jabatan or "").strip().lower().startswith("notulis") else "Notulis,"
        pdf.signature_block(notulis, place_date=pdf.place_date(meeting.date), label_above=label)
    _daftar_hadir(pdf, meeting, subject)
    return render_bytes(pdf)


def _section(pdf: OfficialPDF, title: str) -> None:
    pdf.ensure_space(16)
    with pdf.font(11, "B"):
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, 6, f"{title}:", new_x="LMARGIN", new_y="NEXT")


def _daftar_hadir(pdf: OfficialPDF, meeting: Meeting, subject: str) -> None:
    pdf.add_page()
    pdf.title_block("DAFTAR HADIR", subject, size=12)
    pdf.label_rows([
        ("Hari/Tanggal", hari_tanggal(meeting.date)),
        ("Tempat", meeting.place or "-"),
    ], label_w=30, size=10)
    pdf.ln(3)
    sig = 32.0
    widths = (10, pdf.content_width - 10 - 2 * sig - 55, 55, sig, sig)
    people = list(meeting.attendees) + [None] * EXTRA_ATTENDANCE_LINES
    with pdf.official_table(widths, font_size=10, line_height=5) as table:
        head = table.row()
        head.cell("No.", align="C", v_align="MIDDLE")
        head.cell("Nama", align="C", v_align="MIDDLE")
        head.cell("Jabatan", align="C", v_align="MIDDLE")
        head.cell("Tanda Tangan", align="C", v_align="M", colspan=2)
        for i, person in enumerate(people, 1):
            r = table.row()
            r.cell(f"{i}.", align="C", v_align="MIDDLE")
            r.cell(person.name if person else "", v_align="MIDDLE")
            r.cell(person.jabatan if person else "", v_align="MIDDLE")
            mark = f"{i}. " + "." * 20
            # Odd numbers sign in the left half, even numbers in the right.
            # Extra blank line keeps each row tall enough for a signature.
            left, right = (mark, "") if i % 2 else ("", mark)
            r.cell(f"\n{left}", align="L", border=_LTB)
            r.cell(f"\n{right}", align="L", border=_RTB)
