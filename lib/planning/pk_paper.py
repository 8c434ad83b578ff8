"""The Perjanjian Kinerja as a PDF or a Word document: the data of a version
(``lib.planning.pk``) on the office's letterhead
(``lib.services.documents.profile_model``), rendered by ``lib.documents.pk``
(PDF) and from the same data by ``lib.documents.outline.pk_outline`` (.docx).
Used by ``run.py render pk``, the app's downloads and the year's export."""
from __future__ import annotations

from lib.services import documents
from lib.documents.pk import render_pk
from lib.errors import ValidationError
from lib.planning import pk


def build_paper(db, year: int, versi: int | None = None, creation_date=None):
    """``(paper, warnings)`` of version ``versi`` (default: in force); the paper
    gives its PDF and its outline, as ``documents.build_paper``."""
    from lib.documents.outline import pk_outline

    doc = pk.document(db, year, versi)
    profile, warnings = documents.profile_model(db)
    if not doc.pihak_kedua.name:
        warnings.append("Nama Bupati/Wali Kota belum tercatat pada versi ini; PIHAK KEDUA "
                        "dicetak tanpa nama.")
    if not doc.pihak_pertama.name:
        warnings.append("PIHAK PERTAMA (Camat) belum tercatat pada versi ini.")
    if not doc.programs:
        warnings.append(f"Daftar program tahun {year} kosong saat versi {doc.versi} dibuat.")
    paper = documents.Paper(f"perjanjian-kinerja-{year}-v{doc.versi}",
                            lambda: render_pk(profile, doc, creation_date),
                            lambda pdf: pk_outline(profile, doc))
    return paper, warnings


def render(db, year: int, versi: int | None = None, creation_date=None,
           fmt: str = "pdf") -> tuple[bytes, str, list[str]]:
    """``(bytes, filename, warnings)`` of version ``versi`` (default: in force),
    as ``pdf`` or ``docx``."""
    if fmt not in documents.FORMATS:
        raise ValidationError(f"Format '{fmt}' tidak dikenal; pilih pdf atau docx.")
    paper, warnings = build_paper(db, year, versi, creation_date)
    pdf = paper.pdf()
    if fmt == "pdf":
        return pdf, f"{paper.stem}.pdf", warnings
    return documents.docx_of(paper, pdf, creation_date), f"{paper.stem}.docx", warnings
