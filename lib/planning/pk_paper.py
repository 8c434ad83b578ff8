"""The Perjanjian Kinerja as a PDF: the data of a version (``lib.planning.pk``)
on the office's letterhead (``lib.services.documents.profile_model``), rendered by
``lib.documents.pk``. Used by ``run.py render pk`` and the app's download."""
from __future__ import annotations

from lib.services import documents
from lib.documents.pk import render_pk
from lib.planning import pk


def render(db, year: int, versi: int | None = None,
           creation_date=None) -> tuple[bytes, str, list[str]]:
    """``(pdf_bytes, filename, warnings)`` of version ``versi`` (default: in force)."""
    doc = pk.document(db, year, versi)
    profile, warnings = documents.profile_model(db)
    if not doc.pihak_kedua.name:
        warnings.append("Nama Bupati/Wali Kota belum tercatat pada versi ini; PIHAK KEDUA "
                        "dicetak tanpa nama.")
    if not doc.pihak_pertama.name:
        warnings.append("PIHAK PERTAMA (Camat) belum tercatat pada versi ini.")
    if not doc.programs:
        warnings.append(f"Daftar program tahun {year} kosong saat versi {doc.versi} dibuat.")
    data = render_pk(profile, doc, creation_date)
    return data, f"perjanjian-kinerja-{year}-v{doc.versi}.pdf", warnings
