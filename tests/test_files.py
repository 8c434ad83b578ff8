"""Uploads: type by content, generated names, size limit, sha256, permissions."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from fpdf import FPDF
from openpyxl import Workbook
from pypdf import PdfReader

from lib import files, paths
from lib.errors import PermissionDenied, StateError, ValidationError
from tests.test_formats import T0, YEAR, add_master, start_cycle
from lib.services import workflow


def pdf_bytes(text="Perjanjian Kinerja 2026") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def png_bytes() -> bytes:
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(
            ">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def zip_bytes(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()


def test_detect_type_by_content():
    assert files.detect_type(pdf_bytes()) == "application/pdf"
    assert files.detect_type(png_bytes()) == "image/png"
    assert files.detect_type(b"\xff\xd8\xff\xe0" + b"\x00" * 20) == "image/jpeg"
    assert files.detect_type(xlsx_bytes()).endswith("spreadsheetml.sheet")
    docx = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"})
    assert files.detect_type(docx).endswith("wordprocessingml.document")
    assert files.detect_type(zip_bytes({"a.txt": "x"})) is None          # plain zip
    assert files.detect_type(b"<html><body>PK</body></html>") is None
    assert files.detect_type(b"MZ\x90\x00") is None                      # an .exe


def test_reference_upload_stored_under_generated_name(demo_db, people):
    data = pdf_bytes()
    f = files.save_file(demo_db, people["sekcam"], kind="reference", data=data,
                        original_name="../../etc/PK 2026.pdf", year=YEAR, label="PK", now=T0)
    assert f.original_name == "PK 2026.pdf" and f.mime == "application/pdf"
    assert f.stored_name.endswith(".pdf") and "PK" not in f.stored_name
    stored = paths.uploads_dir() / f.stored_name
    assert stored.read_bytes() == data
    assert not [p for p in paths.uploads_dir().iterdir() if p.name.startswith(".tmp")]
    got, body = files.read_bytes(demo_db, f.id)
    assert "Perjanjian Kinerja 2026" in PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert [x.id for x in files.list_files(demo_db, kind="reference", year=YEAR)] == [f.id]
    assert got.download_name == "PK 2026.pdf"
    # a file changed on disk is refused, not served
    stored.write_bytes(data + b"x")
    with pytest.raises(StateError, match="sha256"):
        files.read_bytes(demo_db, f.id)


def test_refusals(demo_db, people, monkeypatch):
    sek = people["sekcam"]
    with pytest.raises(ValidationError, match="tidak dikenali"):
        files.save_file(demo_db, sek, kind="reference", data=b"MZ\x90\x00" * 10,
                        original_name="renstra.pdf", year=YEAR, label="Renstra")
    with pytest.raises(ValidationError, match="Jenis dokumen referensi"):
        files.save_file(demo_db, sek, kind="reference", data=pdf_bytes(),
                        original_name="x.pdf", year=YEAR, label="Lainnya")
    with pytest.raises(ValidationError, match="kosong"):
        files.save_file(demo_db, sek, kind="reference", data=b"", original_name="x.pdf",
                        year=YEAR, label="PK")
    big = b"%PDF-" + b"0" * (files.MAX_BYTES)
    with pytest.raises(ValidationError, match="10 MB"):
        files.save_file(demo_db, sek, kind="reference", data=big, original_name="x.pdf",
                        year=YEAR, label="PK")
    with pytest.raises(PermissionDenied):
        files.save_file(demo_db, people["pem"], kind="reference", data=pdf_bytes(),
                        original_name="x.pdf", year=YEAR, label="PK")
    assert demo_db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 0
    assert list(paths.uploads_dir().iterdir()) == []


def test_evidence_per_row_and_locked_after_submission(demo_db, people):
    rid = add_master(demo_db, people["sekcam"])
    pem = people["pem"]
    row_file = files.save_file(demo_db, pem, kind="evidence", data=png_bytes(),
                               original_name="foto.png", indicator_id=rid, now=T0)
    assert (row_file.unit_code, row_file.year, row_file.indicator_id) == ("pem", YEAR, rid)
    form_file = files.save_file(demo_db, pem, kind="evidence", data=xlsx_bytes(),
                                original_name="rekap.xlsx", year=YEAR, unit_code="pem")
    assert [f.id for f in files.list_files(demo_db, kind="evidence", year=YEAR,
                                           unit_code="pem")] == [row_file.id, form_file.id]
    with pytest.raises(PermissionDenied):
        files.save_file(demo_db, people["kesos"], kind="evidence", data=png_bytes(),
                        original_name="x.png", indicator_id=rid)
    files.delete_file(demo_db, pem, form_file.id)
    assert not (paths.uploads_dir() / form_file.stored_name).exists()
    # once sent, the unit's evidence is frozen
    start_cycle(demo_db, people)
    from lib.format import store, unit_form
    unit_form.save_unit_form(demo_db, pem, YEAR, "pem", {rid: {"realisasi": "90%"}},
                             store.form_rev(demo_db, YEAR, "pem"), now=T0)
    workflow.submit_unit(demo_db, pem, YEAR, "pem", now=T0)
    with pytest.raises(StateError, match="dikirim"):
        files.save_file(demo_db, pem, kind="evidence", data=png_bytes(),
                        original_name="late.png", indicator_id=rid)
