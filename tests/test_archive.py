"""lib.archive: the frozen final, scans beside it, and verification by file or code."""
from __future__ import annotations

import io
import re

import pytest

from tests.samples import pdf_bytes
from PIL import Image

from lib import archive, cycles, events
from lib.services import documents
from lib.errors import PermissionDenied, StateError, ValidationError
from tests.cyclehelp import YEAR, run_to


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def approved(demo_db, people):
    run_to(demo_db, people, 11)  # step 10 (approval) done
    return demo_db


def test_codes_are_random_grouped_and_normalised():
    codes = {archive.new_code() for _ in range(200)}
    assert len(codes) == 200
    for c in codes:
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}", c)
    assert archive.normalize_code(" abcd efgh jk ") == "ABCD-EFGH-JK"


def test_verification_round_trip(approved):
    db = approved
    final = archive.get_final(db, YEAR)
    data = documents.render(db, "lakip", YEAR)[0]
    assert data == final["content"]
    ok = archive.verify(db, data=data)
    assert ok["match"] and ok["year"] == YEAR and ok["version"] == 1
    assert ok["approved_by"] == "Drs. MUFTIL WAHYUDI" and ok["approved_at"]
    assert "LKjIP Kecamatan Guguak Tahun 2026" in ok["title"]
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01  # one byte changed
    assert archive.verify(db, data=bytes(changed))["match"] is False
    by_code = archive.verify(db, code=final["verify_code"].lower().replace("-", " "))
    assert by_code["match"] and by_code["content"] == data
    assert by_code["filename"] == "LKjIP-2026-v1.pdf"
    assert archive.verify(db, code="AAAA-BBBB-CC")["match"] is False
    with pytest.raises(ValidationError):
        archive.verify(db)


def test_approving_freezes_the_final_once_and_records_it(approved, people):
    db = approved
    cycle = cycles.get_cycle(db, YEAR)
    first = archive.get_final(db, YEAR)
    assert first is not None and first["version"] == cycle.version == 1  # frozen by approve
    assert first["content"].startswith(b"%PDF-") and first["verify_code"]
    again = archive.store_final(db, people["camat"], YEAR, cycle.version, b"%PDF-other",
                                code="AAAA-BBBB-CC", filename="x.pdf", now=None)
    assert again["id"] == first["id"] and again["content"] == first["content"]
    assert len([e for e in archive.list_archive(db, YEAR) if e["doc_type"] == "lakip"]) == 1
    ev = events.list_events(db, year=YEAR, action_prefix="arsip.final")
    assert len(ev) == 1 and first["sha256"] in ev[0]["details"]
    with pytest.raises(Exception, match="frozen"):
        db.execute("DELETE FROM archive WHERE id = ?", [first["id"]])


def test_scan_upload_beside_the_final(approved, people):
    db = approved
    pdf_scan = pdf_bytes("pindaian") + b"0" * 100
    entry = archive.upload_scan(db, people["jf"], YEAR, pdf_scan, "scan", "scan.pdf")
    assert entry["doc_type"] == "scan" and entry["version"] == 1
    assert entry["filename"] == "pindaian-lakip-2026-v1-1.pdf" and entry["content"] == pdf_scan
    receipt = archive.upload_scan(db, people["sekcam"], YEAR, png_bytes(), "receipt")
    assert receipt["filename"].endswith(".png")
    # a scan is archived, but never "cocok": anyone allowed to upload can upload any bytes
    # (issue #18); it is named as a scan with who uploaded it
    seen = archive.verify(db, data=pdf_scan)
    assert not seen["match"] and seen["kind"] == "scan"
    assert seen["uploaded_by"] == people["jf"].name
    with pytest.raises(ValidationError, match="sudah ada"):
        archive.upload_scan(db, people["jf"], YEAR, pdf_scan, "scan")
    with pytest.raises(ValidationError, match="PDF, JPG atau PNG"):
        archive.upload_scan(db, people["jf"], YEAR, b"PK\x03\x04 not a scan", "scan")
    with pytest.raises(ValidationError, match="10 MB"):
        archive.upload_scan(db, people["jf"], YEAR, b"%PDF-" + b"0" * (10 * 1024 * 1024), "scan")
    with pytest.raises(PermissionDenied):
        archive.upload_scan(db, people["pem"], YEAR, png_bytes(), "scan")
    with pytest.raises(StateError, match="belum disetujui"):
        archive.upload_scan(db, people["jf"], YEAR + 1, png_bytes(), "scan")
    kinds = [e["doc_type"] for e in archive.list_archive(db, YEAR)]
    assert kinds == ["lakip", "scan", "receipt"]
