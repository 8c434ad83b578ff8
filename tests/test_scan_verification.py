"""Issue #18, point 3: Verifikasi tells the frozen system final from an uploaded scan.

Before the fix JF could upload any bytes starting with ``%PDF-`` as "the signed
scan"; Verifikasi then answered "Cocok" with the Camat's name, and the archive
could never drop it."""
from __future__ import annotations

import sqlite3

import pytest

from lib import archive, clock, events
from lib.errors import PermissionDenied, StateError, ValidationError
from tests.conftest import app_test, login_as
from tests.cyclehelp import YEAR, run_to
from tests.samples import pdf_bytes

T = clock.parse("2027-03-01T09:00:00")


@pytest.fixture
def approved(demo_db, people):
    run_to(demo_db, people, 11)  # step 10 (approval) done: the final is frozen
    return demo_db


def test_a_forged_scan_is_refused_and_a_real_one_never_verifies(approved, people):
    db, jf = approved, people["jf"]
    forged = b"%PDF-1.7\n" + b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 20
    with pytest.raises(ValidationError, match="bukan PDF yang utuh"):
        archive.upload_scan(db, jf, YEAR, forged, "scan", "pindaian.pdf")
    assert [e["doc_type"] for e in archive.list_archive(db, YEAR)] == ["lakip"]

    # even a well-formed PDF someone uploaded is a scan, never "cocok"
    other = pdf_bytes("Bukan LAKIP yang disetujui")
    entry = archive.upload_scan(db, jf, YEAR, other, "scan", "pindaian.pdf", now=T)
    assert entry["uploaded_by_name"] == jf.name and entry["approved_by_name"] is None
    seen = archive.verify(db, data=other)
    assert seen["match"] is False and seen["kind"] == "scan"
    assert seen["uploaded_by"] == jf.name and seen["uploaded_at"] == clock.iso(T)
    assert seen["approved_by"] is None
    final = archive.get_final(db, YEAR)
    ok = archive.verify(db, data=final["content"])
    assert ok["match"] and ok["kind"] == "final" and ok["approved_by"] == "Drs. MUFTIL WAHYUDI"


def test_scan_upload_is_an_audit_event(approved, people):
    entry = archive.upload_scan(approved, people["jf"], YEAR, pdf_bytes("pindaian"), "scan",
                                "scan-camat.pdf", now=T)
    ev = events.list_events(approved, year=YEAR, action_prefix="arsip.unggah")
    assert len(ev) == 1 and ev[0]["username"] == "jf"
    assert entry["sha256"] in ev[0]["details"] and "scan-camat.pdf" in ev[0]["details"]


def test_an_admin_withdraws_a_wrong_scan_with_a_reason_and_its_bytes_stay(approved, people):
    db = approved
    data = pdf_bytes("pindaian salah")
    entry = archive.upload_scan(db, people["jf"], YEAR, data, "scan", now=T)
    with pytest.raises(PermissionDenied):
        archive.withdraw_scan(db, people["jf"], entry["id"], "salah", now=T)
    with pytest.raises(ValidationError, match="wajib diisi"):
        archive.withdraw_scan(db, people["admin"], entry["id"], "  ", now=T)
    gone = archive.withdraw_scan(db, people["admin"], entry["id"],
                                 "Salah berkas: pindaian tahun lalu", now=T)
    assert gone["reason"] == "Salah berkas: pindaian tahun lalu"
    assert [e["doc_type"] for e in archive.list_archive(db, YEAR)] == ["lakip"]
    assert archive.get_entry(db, entry["id"])["content"] == data       # bytes stay stored
    ev = events.list_events(db, year=YEAR, action_prefix="arsip.tarik")
    assert len(ev) == 1 and ev[0]["reason"] == "Salah berkas: pindaian tahun lalu"
    seen = archive.verify(db, data=data)
    assert not seen["match"] and seen["withdrawal"]["reason"].startswith("Salah berkas")
    with pytest.raises(StateError, match="sudah ditarik"):
        archive.withdraw_scan(db, people["admin"], entry["id"], "lagi", now=T)
    final = archive.get_final(db, YEAR)
    with pytest.raises(StateError, match="tidak dapat ditarik"):
        archive.withdraw_scan(db, people["admin"], final["id"], "coba", now=T)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM archive_withdrawals")
    # the right scan can be uploaded after the wrong one was withdrawn
    again = archive.upload_scan(db, people["jf"], YEAR, data, "scan", now=T)
    assert again["id"] != entry["id"]
    assert archive.verify(db, data=data)["withdrawal"] is None   # the one in the list


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + \
        [s.value for s in at.success] + [w.value for w in at.warning] + \
        [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # as rendered: no escapes


def test_verifikasi_page_names_a_scan_as_uploaded_not_verified(approved, people):
    data = pdf_bytes("pindaian")
    archive.upload_scan(approved, people["jf"], YEAR, data, "scan", now=T)
    at = app_test()
    at.run()
    at.switch_page("pages/verifikasi.py").run()
    at.file_uploader(key="verifikasi.berkas").set_value(("pindaian.pdf", data, "application/pdf"))
    at.button[0].click().run()
    assert not at.exception
    assert not at.success
    text = _texts(at)
    assert "pindaian diunggah oleh" in text and people["jf"].name in text
    assert "1 Maret 2027" in text and "Cocok" not in text


def test_dokumen_page_admin_withdraws_a_scan(approved, people):
    entry = archive.upload_scan(approved, people["jf"], YEAR, pdf_bytes("pindaian"), "scan",
                                now=T)
    at = login_as("admin")
    at.switch_page("pages/dokumen.py").run()
    assert not at.exception
    assert "pindaian diunggah oleh" in _texts(at)
    at.text_input(key=f"dokumen.tarik.alasan.{entry['id']}").input("Salah unggah")
    next(b for b in at.button if b.key == f"dokumen.tarik.{entry['id']}").click().run()
    assert not at.exception
    assert archive.withdrawal(approved, entry["id"])["reason"] == "Salah unggah"
    assert [e["doc_type"] for e in archive.list_archive(approved, YEAR)] == ["lakip"]
