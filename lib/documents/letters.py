"""Nota dinas (step 1) and surat pengantar (step 11)."""
from __future__ import annotations

import datetime as dt

from lib.documents.base import (PLACEHOLDER_NUMBER, OfficialPDF, format_date, jabatan_line,
                                render_bytes)
from lib.documents.model import Letter, Profile, Signer

_ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
         "sepuluh", "sebelas"]


def terbilang(n: int) -> str:
    """Indonesian number words for 0..999999 (``2`` -> ``dua``)."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        rest = n % 10
        return f"{_ONES[n // 10]} puluh" + (f" {_ONES[rest]}" if rest else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        rest = n % 100
        return f"{_ONES[n // 100]} ratus" + (f" {terbilang(rest)}" if rest else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    if n < 1_000_000:
        rest = n % 1000
        return f"{terbilang(n // 1000)} ribu" + (f" {terbilang(rest)}" if rest else "")
    return str(n)


def _number(letter: Letter) -> str:
    return (letter.number or "").strip() or PLACEHOLDER_NUMBER


def _signer(letter: Letter) -> Signer:
    return letter.signer or Signer(jabatan=letter.dari or "")


def render_nota_dinas(profile: Profile, letter: Letter, creation_date: dt.datetime | None = None,
                      *, draft: bool = False) -> bytes:
    """Nota dinas from the Camat ordering the LAKIP (Permendagri 1/2023): kop,
    NOTA DINAS, the Yth./Dari/Tembusan/Tanggal/Nomor/Sifat/Lampiran/Hal block
    (Tembusan only when the letter has one), a rule under it, body, signature."""
    signer = _signer(letter)
    pdf = OfficialPDF(profile, draft=draft, doc_title=f"Nota Dinas {letter.number}".strip(),
                      creation_date=creation_date)
    pdf.add_page()
    pdf.kop()
    pdf.title_block("NOTA DINAS")
    rows = [
        ("Kepada", f"Yth. {letter.kepada}" if letter.kepada else "-"),
        ("Dari", letter.dari or jabatan_line(signer)),
    ]
    tembusan = [t.strip() for t in letter.tembusan or [] if t and t.strip()]
    if len(tembusan) == 1:
        rows.append(("Tembusan", tembusan[0]))
    elif tembusan:
        rows.append(("Tembusan", "\n".join(f"{i}. {t}" for i, t in enumerate(tembusan, 1))))
    rows += [
        ("Tanggal", format_date(letter.date)),
        ("Nomor", _number(letter)),
        ("Sifat", letter.sifat or "Biasa"),
        ("Lampiran", letter.lampiran or "-"),
        ("Hal", letter.perihal or "-"),
    ]
    pdf.label_rows(rows, label_w=26, bold_values=["Hal"])
    y = pdf.get_y() + 2
    with pdf.local_context(line_width=0.5):
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_y(y + 5)
    for para in letter.body or ["(isi nota dinas belum diisi)"]:
        pdf.paragraph(para, first_line=10, space_after=3)
    pdf.ln(6)
    pdf.signature_block(signer, place_date=None)
    return render_bytes(pdf)


def _tembusan(pdf: OfficialPDF, items: list[str]) -> None:
    items = [t.strip() for t in items or [] if t and t.strip()]
    if not items:
        return
    pdf.ln(6)
    pdf.ensure_space(pdf.LINE_H * (1 + len(items)))
    pdf.set_x(pdf.l_margin)
    with pdf.font(None, "U"):
        pdf.cell(0, pdf.LINE_H, "Tembusan:", new_x="LMARGIN", new_y="NEXT")
    pdf.numbered(items)


def render_surat_pengantar(profile: Profile, letter: Letter, copies: int,
                           attachments: list[str], creation_date: dt.datetime | None = None,
                           *, draft: bool = False) -> bytes:
    """Surat pengantar sending the LAKIP: kop, place/date and address block,
    SURAT PENGANTAR with its registered number, the table of what is sent
    (No, Naskah Dinas yang Dikirimkan, Banyaknya, Keterangan), signature,
    and a box for the recipient's receipt."""
    signer = _signer(letter)
    pdf = OfficialPDF(profile, draft=draft,
                      doc_title=f"Surat Pengantar {letter.number}".strip(),
                      creation_date=creation_date)
    pdf.add_page()
    pdf.kop()
    right_x = pdf.w - pdf.r_margin - 80
    with pdf.font(pdf.LETTER_PT):
        lines = [(pdf.place_date(letter.date), 0), ("", 0), ("Kepada", 0)]
        for i, text in enumerate([f"Yth. {letter.kepada or '-'}"]):
            lines.append((text, 0))
        lines += [("di -", 0), ("Tempat", 8)]
        for text, indent in lines:
            pdf.set_x(right_x + indent)
            if not text:
                pdf.ln(3)
                continue
            pdf.multi_cell(80 - indent, pdf.LINE_H, text, align="L", new_x="LMARGIN",
                           new_y="NEXT")
    pdf.ln(6)
    pdf.title_block("SURAT PENGANTAR", f"Nomor : {_number(letter)}")
    items = [a for a in (attachments or []) if a and a.strip()] or \
        [letter.perihal or "Dokumen LAKIP"]
    banyak = f"{copies} ({terbilang(copies)}) eksemplar" if copies > 0 else "-"
    keterangan = " ".join(letter.body) if letter.body else \
        "Disampaikan dengan hormat untuk dipergunakan sebagaimana mestinya."
    widths = (12, 74, 38, pdf.content_width - 124)
    with pdf.official_table(widths, font_size=pdf.TABLE_PT, line_height=5.5) as table:
        head = table.row()
        for h in ("No.", "Naskah Dinas yang Dikirimkan", "Banyaknya", "Keterangan"):
            head.cell(h, align="C", v_align="MIDDLE")
        for i, item in enumerate(items, 1):
            r = table.row()
            r.cell(f"{i}.", align="C")
            r.cell(item)
            r.cell(banyak, align="C")
            if i == 1:
                r.cell(keterangan, rowspan=len(items))
    pdf.ln(8)
    top = pdf.get_y()
    needed = max(pdf.signature_height(signer), pdf.receipt_height(3, heading=True))
    if top + needed > pdf.page_break_trigger:
        pdf.add_page()
        top = pdf.get_y()
    bottom = pdf.signature_block(signer, place_date=None, y=top)
    # The receiving party fills in the receipt on the left, beside the signature.
    left = pdf.receipt_block(label="Penerima,", x=pdf.l_margin, y=top, width=76,
                             heading="Diterima tanggal : ................",
                             fields=[("Jabatan", ""), ("NIP.", ""), ("Telp.", "")],
                             spacer_lines=-1)     # names level with the signer's
    pdf.set_xy(pdf.l_margin, max(bottom, left) + 2)
    _tembusan(pdf, letter.tembusan)
    return render_bytes(pdf)
