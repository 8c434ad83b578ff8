"""The Perjanjian Kinerja on paper (PermenPANRB 53/2014): the statement page in the
standard text (PIHAK PERTAMA the Camat commits, PIHAK KEDUA the Bupati/Wali Kota
supervises; place and date; both signature blocks with room for signature and
stamp), then the lampiran: No | Sasaran Strategis | Indikator Kinerja | Satuan |
Target, and No | Program | Anggaran | Ket, signed by both again.

Takes plain data (``PkDocument``), never the database.
"""
from __future__ import annotations

import datetime as dt
from fpdf.enums import XPos, YPos

from lib.documents.base import (GROUP_FILL, PLACEHOLDER_NAME, PLACEHOLDER_NIP, OfficialPDF,
                                format_date, render_bytes)
from lib.documents.model import (PkDocument, PkParty, PkProgramRow,  # noqa: F401 (re-exported)
                                 PkTargetRow, Profile)
from lib.spelling import format_rupiah


STATEMENT = [
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
    "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
]
PROMISE = [
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
    "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
    "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja "
    "tersebut menjadi tanggung jawab kami.",
    "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap "
    "capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka "
    "pemberian penghargaan dan sanksi.",
]


def _title(doc: PkDocument) -> str:
    return f"PERJANJIAN KINERJA TAHUN {doc.year}"


def _revision_line(doc: PkDocument) -> str:
    if doc.versi <= 1:
        return ""
    return f"Perubahan ke-{doc.versi - 1} (versi {doc.versi}): {doc.alasan}"


def _party_block(pdf: OfficialPDF, party: PkParty, *, x: float, y: float, width: float,
                 label: str) -> float:
    lh = 5.0
    pdf.set_xy(x, y)
    with pdf.font(11):
        pdf.multi_cell(width, lh, label, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(x)
        pdf.multi_cell(width, lh, (party.jabatan or "").upper() + ",", align="C",
                       new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + pdf.SIGNATURE_ROOM)
        pdf.set_x(x)
        if party.name.strip():
            with pdf.font(None, "BU"):
                pdf.multi_cell(width, lh, party.name.strip(), align="C", new_x=XPos.LEFT,
                               new_y=YPos.NEXT)
        else:
            with pdf.font(None, "I"):
                pdf.set_text_color(150, 0, 0)
                pdf.multi_cell(width, lh, PLACEHOLDER_NAME, align="C", new_x=XPos.LEFT,
                               new_y=YPos.NEXT)
                pdf.set_text_color(0, 0, 0)
        if party.pangkat.strip():
            pdf.set_x(x)
            pdf.multi_cell(width, lh, party.pangkat.strip(), align="C", new_x=XPos.LEFT,
                           new_y=YPos.NEXT)
        if party.with_nip:
            pdf.set_x(x)
            if party.nip.strip():
                pdf.multi_cell(width, lh, f"NIP. {party.nip.strip()}", align="C",
                               new_x=XPos.LEFT, new_y=YPos.NEXT)
            else:
                with pdf.font(None, "I"):
                    pdf.set_text_color(150, 0, 0)
                    pdf.multi_cell(width, lh, PLACEHOLDER_NIP, align="C", new_x=XPos.LEFT,
                                   new_y=YPos.NEXT)
                    pdf.set_text_color(0, 0, 0)
    return pdf.get_y()


def _signatures(pdf: OfficialPDF, doc: PkDocument) -> None:
    """PIHAK KEDUA left, PIHAK PERTAMA right, with place and date above the right one."""
    width = 80.0
    pdf.ensure_space(70)
    right_x = pdf.w - pdf.r_margin - width
    with pdf.font(11):
        pdf.set_x(right_x)
        pdf.multi_cell(width, 5, pdf.place_date(doc.tanggal), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 1
    b1 = _party_block(pdf, doc.pihak_kedua, x=pdf.l_margin, y=y, width=width,
                      label="PIHAK KEDUA,")
    b2 = _party_block(pdf, doc.pihak_pertama, x=right_x, y=y, width=width,
                      label="PIHAK PERTAMA,")
    pdf.set_xy(pdf.l_margin, max(b1, b2) + 4)


def _statement(pdf: OfficialPDF, doc: PkDocument) -> None:
    pdf.add_page()
    pdf.kop()
    pdf.title_block(_title(doc), _revision_line(doc), underline=False)
    for para in STATEMENT:
        pdf.paragraph(para, first_line=10, space_after=3)
    for party, tail in ((doc.pihak_pertama, "selanjutnya disebut pihak pertama."),
                        (doc.pihak_kedua, "selaku atasan pihak pertama, selanjutnya disebut "
                                          "pihak kedua.")):
        pdf.label_rows([("Nama", party.name or PLACEHOLDER_NAME), ("Jabatan", party.jabatan)],
                       x=pdf.l_margin + 10, label_w=22)
        pdf.paragraph(tail, indent=10, space_after=3)
    for para in PROMISE:
        pdf.paragraph(para, first_line=10, space_after=3)
    if doc.keterangan:
        pdf.paragraph(doc.keterangan, first_line=10, space_after=3)
    pdf.ln(4)
    _signatures(pdf, doc)


def _lampiran(pdf: OfficialPDF, doc: PkDocument) -> None:
    pdf.add_page()
    pdf.title_block(f"LAMPIRAN {_title(doc)}", (doc.unit_name or "").upper(), underline=False)
    if doc.versi > 1:
        with pdf.font(9, "I"):
            pdf.multi_cell(pdf.content_width, 4.5, _revision_line(doc) + f", tanggal "
                           f"{format_date(doc.tanggal)}.", align="C", new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
        pdf.ln(2)
    w = pdf.content_width
    widths = (10, w * 0.33, w * 0.37, 22, w - 10 - w * 0.33 - w * 0.37 - 22)
    with pdf.official_table(widths, font_size=9) as table:
        head = table.row()
        for h in ("No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"):
            head.cell(h, align="C", v_align="MIDDLE")
        groups: list[tuple[str, list[PkTargetRow]]] = []
        for t in doc.targets:
            if groups and " ".join(groups[-1][0].split()).lower() == \
                    " ".join(t.sasaran.split()).lower():
                groups[-1][1].append(t)
            else:
                groups.append((t.sasaran, [t]))
        for n, (sasaran, items) in enumerate(groups, 1):
            for i, t in enumerate(items):
                r = table.row()
                if i == 0:
                    r.cell(str(n), align="C", rowspan=len(items))
                    r.cell(sasaran, rowspan=len(items))
                r.cell(t.indikator)
                r.cell(t.satuan or "-", align="C")
                r.cell(t.target, align="C")
        if not groups:
            r = table.row()
            r.cell("Belum ada indikator.", colspan=5, align="C")
    pdf.ln(5)
    widths = (10, w * 0.55, w * 0.25, w - 10 - w * 0.55 - w * 0.25)
    with pdf.official_table(widths, font_size=9) as table:
        head = table.row()
        for h in ("No", "Program", "Anggaran", "Ket"):
            head.cell(h, align="C", v_align="MIDDLE")
        for n, p in enumerate(doc.programs, 1):
            r = table.row()
            r.cell(str(n), align="C")
            r.cell(f"{p.code} {p.name}".strip())
            r.cell(format_rupiah(p.anggaran), align="R")
            r.cell(p.ket or "")
        total = sum(p.anggaran for p in doc.programs)
        from fpdf.fonts import FontFace

        r = table.row(style=FontFace(emphasis="BOLD", fill_color=GROUP_FILL))
        r.cell("Jumlah", colspan=2, align="C")
        r.cell(format_rupiah(total), align="R")
        r.cell("")
    pdf.ln(6)
    _signatures(pdf, doc)


def pk_pages(pdf: OfficialPDF, doc: PkDocument) -> None:
    """The statement page and the lampiran, appended to ``pdf`` (the PK on its own,
    and the LKjIP's Lampiran, print the same pages)."""
    _statement(pdf, doc)
    _lampiran(pdf, doc)


def render_pk(profile: Profile, doc: PkDocument, creation_date: dt.datetime | None = None) -> bytes:
    pdf = OfficialPDF(profile, doc_title=f"Perjanjian Kinerja {doc.year} versi {doc.versi}",
                      creation_date=creation_date)
    pdf.alias_nb_pages()
    pk_pages(pdf, doc)
    return render_bytes(pdf)
