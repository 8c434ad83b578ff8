"""Uploads as an attacker would send them: too big, lying about their type, with
climbing file names, zip bombs (declared and lying), and backups whose member
names climb out of the data folder. Every refusal is a PerkinError in Indonesian,
and nothing is written outside the data folder or left half-written."""
from __future__ import annotations

import io
import json
import os
import re
import struct
import zipfile

import pytest

from lib import archive, backup, files, paths
from lib.format import store, workbook
from lib.errors import PerkinError, ValidationError
from tests.cyclehelp import YEAR
from tests.samples import pdf_bytes, png_bytes

PDF = pdf_bytes("Dokumen uji")
PNG = png_bytes()


def xlsx_like(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def ref(db, user, data, name="dokumen.pdf", label="Renstra"):
    return files.save_file(db, user, kind="reference", label=label, data=data,
                           original_name=name, year=YEAR)


def nothing_stored(db):
    assert files.list_files(db, kind="reference") == []
    assert list(paths.uploads_dir().iterdir()) == []


# ------------------------------------------------------------------ size and type
def test_size_limit_is_10_mb_exactly(demo_db, people):
    sekcam = people["sekcam"]
    big = PDF + b"0" * (files.MAX_BYTES - len(PDF) + 1)
    with pytest.raises(ValidationError, match="terlalu besar .*batas 10 MB"):
        ref(demo_db, sekcam, big)
    nothing_stored(demo_db)
    ok = ref(demo_db, sekcam, big[:-1])
    assert ok.size == files.MAX_BYTES


@pytest.mark.parametrize("data,name", [
    (b"MZ\x90\x00" + b"\x00" * 60, "laporan.pdf"),                       # a Windows program
    (b"<html><script>alert(1)</script></html>", "laporan.pdf"),           # a web page
    (b"#!/bin/sh\nrm -rf /\n", "renstra.xlsx"),                           # a script
    (b"GIF89a" + b"\x00" * 20, "foto.png"),                               # a type not taken
    (xlsx_like({"evil.txt": b"x"}), "renstra.xlsx"),                       # a zip, not Office
    (b"PK\x03\x04" + b"\x00" * 40, "rusak.xlsx"),                          # a broken zip
    (b"", "kosong.pdf"),
])
def test_type_is_read_from_the_content_not_the_name(demo_db, people, data, name):
    with pytest.raises(ValidationError) as err:
        ref(demo_db, people["sekcam"], data, name)
    assert str(err.value)
    nothing_stored(demo_db)


def test_a_png_named_pdf_is_stored_and_served_as_png(demo_db, people):
    f = ref(demo_db, people["sekcam"], PNG, "scan.pdf")
    assert f.mime == "image/png" and f.stored_name.endswith(".png")
    assert f.download_name == "scan.png"


# ------------------------------------------------------------------ names and places
@pytest.mark.parametrize("name", [
    "../../../../etc/passwd", "..\\..\\Windows\\system32\\x.pdf", "/etc/cron.d/evil",
    "C:\\Users\\camat\\Desktop\\LAKIP 2026.pdf", "rapat\x00.pdf", "<script>.pdf",
    "a" * 500 + ".pdf", "..", "", "laporan\u202egnp.pdf",
])
def test_stored_under_a_generated_name_inside_the_data_folder(demo_db, people, name, tmp_path):
    before = set(os.listdir(tmp_path))
    f = ref(demo_db, people["sekcam"], PDF + name.encode("utf-8", "replace"), name)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", f.stored_name)
    stored = paths.uploads_dir() / f.stored_name
    assert stored.resolve().parent == paths.uploads_dir().resolve()
    assert stored.read_bytes().startswith(PDF)
    assert "/" not in f.original_name and "\\" not in f.original_name
    assert len(f.original_name) <= 200
    assert re.fullmatch(r"[\w.\- ]+", f.download_name) and f.download_name.endswith(".pdf")
    assert ".." not in f.download_name.replace(".pdf", "")
    assert set(os.listdir(tmp_path)) == before  # nothing beside the data folder
    assert files.read_bytes(demo_db, f.id)[1] == stored.read_bytes()


def test_a_changed_file_on_disk_is_refused_on_read(demo_db, people):
    f = ref(demo_db, people["sekcam"], PDF)
    (paths.uploads_dir() / f.stored_name).write_bytes(PDF + b"diubah")
    with pytest.raises(PerkinError, match="berubah sejak diunggah"):
        files.read_bytes(demo_db, f.id)


# ------------------------------------------------------------------ zip bombs
def _bomb(total_mb: int) -> bytes:
    """An honest zip bomb: an .xlsx-shaped zip whose sheet unpacks to ``total_mb`` MB."""
    chunk = b"0" * (1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as w:
            for _ in range(total_mb):
                w.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb():
    return _bomb(120)


def _lying(data: bytes, claimed: int = 1000) -> bytes:
    """The same bomb with the central directory claiming a tiny unpacked size."""
    out = bytearray(data)
    i = out.find(b"PK\x01\x02")
    while i != -1:
        name_len = struct.unpack_from("<H", out, i + 28)[0]
        name = bytes(out[i + 46:i + 46 + name_len])
        if name.endswith(b"sheet1.xml"):
            if struct.unpack_from("<I", out, i + 24)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", out, i + 24, claimed)
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


def test_zip_bomb_upload_refused(demo_db, people, bomb):
    assert len(bomb) < files.MAX_BYTES  # small on the wire
    with pytest.raises(ValidationError, match="zip bomb"):
        ref(demo_db, people["sekcam"], bomb, "renstra.xlsx")
    nothing_stored(demo_db)


def test_zip_bomb_excel_import_refused_nothing_saved(demo_db, people, bomb):
    before = store.list_rows(demo_db, YEAR)
    with pytest.raises(ValidationError, match="terlalu besar setelah dibuka"):
        workbook.preview_import(demo_db, people["sekcam"], YEAR, bomb)
    with pytest.raises(PerkinError):  # header lying about the size: still no crash, no hang
        workbook.preview_import(demo_db, people["sekcam"], YEAR, _lying(bomb))
    assert store.list_rows(demo_db, YEAR) == before


def test_office_file_with_climbing_member_names_refused(demo_db, people):
    data = xlsx_like({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>",
                      "../../../../tmp/evil.sh": b"#!/bin/sh"})
    with pytest.raises(ValidationError, match="tidak aman"):
        ref(demo_db, people["sekcam"], data, "renstra.xlsx")
    nothing_stored(demo_db)


def test_scan_upload_checks_type_and_size(demo_db, people):
    jf = people["jf"]
    with pytest.raises(ValidationError, match="PDF, PNG atau JPG"):
        archive.upload_scan(demo_db, jf, YEAR, xlsx_like({"[Content_Types].xml": b"",
                                                          "xl/a.xml": b""}))
    with pytest.raises(ValidationError, match="terlalu besar"):
        archive.upload_scan(demo_db, jf, YEAR, PDF + b"0" * archive.MAX_SCAN_BYTES)
    with pytest.raises(ValidationError, match="kosong"):
        archive.upload_scan(demo_db, jf, YEAR, b"")


# ------------------------------------------------------------------ backups that climb
def _backup_with(tmp_path, extra: dict[str, bytes]) -> bytes:
    good = tmp_path / "baik.zip"
    backup.make_backup(paths.db_path(), paths.uploads_dir(), good)
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    for name, data in extra.items():
        import hashlib

        members[name] = data
        manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    members["manifest.json"] = json.dumps(manifest).encode()
    return xlsx_like(members)


@pytest.mark.parametrize("evil", ["uploads/../../../evil.txt", "/tmp/evil.txt",
                                  "uploads\\..\\..\\evil.txt", "../perkin.db",
                                  "C:/evil.txt"])
def test_restore_refuses_climbing_names_and_changes_nothing(demo_db, tmp_path, evil):
    src = tmp_path / "jahat.zip"
    src.write_bytes(_backup_with(tmp_path, {evil: b"owned"}))
    before = paths.db_path().read_bytes()
    with pytest.raises(PerkinError, match="tidak aman|tidak utuh|bukan cadangan"):
        backup.restore_backup(src, paths.data_dir())
    assert paths.db_path().read_bytes() == before
    assert not (tmp_path.parent / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()
    assert not list(paths.data_dir().rglob("evil.txt"))


def test_the_bombs_are_real(bomb):
    """Small on the wire, 120 MB unpacked; the lying copy claims 1.000 bytes."""
    assert len(bomb) < 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 120 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(_lying(bomb))) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
