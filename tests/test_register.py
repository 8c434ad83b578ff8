"""The letter register under two concurrent processes: no number twice, none skipped;
typed numbers checked against duplicates; cancelled numbers kept."""
from __future__ import annotations

import datetime as dt
import multiprocessing as mp

import pytest

from lib import register
from lib.errors import PermissionDenied, ValidationError

PER_PROCESS = 100
DATE = dt.date(2027, 1, 22)


def _worker(path, barrier, results):
    got = []
    db = None
    try:
        from db import connect
        from lib import register, users

        db = connect(path)
        jf = users.get_user(db, "jf")
        barrier.wait(timeout=60)
        for _ in range(PER_PROCESS):
            got.append(register.take(db, jf, doc_type="surat-pengantar", date=DATE,
                                     subject="uji")["number"])
    except Exception as err:  # noqa: BLE001 - reported to the parent
        got.append(f"GAGAL: {err}")
    finally:
        if db is not None:
            db.conn.close()
        results.put(got)


@pytest.mark.subprocess
def test_two_processes_take_numbers_without_duplicate_or_gap(demo_db, monkeypatch):
    import sys
    import types

    from lib import paths

    # A spawned child re-runs the parent's __main__; after an AppTest in the same
    # pytest process that is Streamlit's app script, which never returns. Give the
    # children an empty main: they only need this module's _worker.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))

    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(paths.db_path()), barrier, results))
             for _ in range(2)]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    numbers = got[0] + got[1]
    assert not [n for n in numbers if n.startswith("GAGAL")], [n for n in numbers
                                                               if n.startswith("GAGAL")]
    assert len(numbers) == len(set(numbers)) == 2 * PER_PROCESS
    seqs = sorted(r["seq"] for r in register.list_letters(demo_db, 2027))
    assert seqs == list(range(1, 2 * PER_PROCESS + 1))
    assert "000.1.5/001/CGG/I/2027" in numbers and "000.1.5/200/CGG/I/2027" in numbers


def test_typed_number_checked_and_cancel_keeps_it(demo_db, people):
    db = demo_db
    jf = people["jf"]
    a = register.take(db, jf, doc_type="surat-pengantar", date=DATE, subject="LAKIP",
                      typed_number="000.1.5/117/CGG/I/2027")
    assert a["source"] == "agenda" and a["seq"] is None
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        register.take(db, jf, doc_type="nota-dinas", date=DATE,
                      typed_number="000.1.5/117/CGG/I/2027")
    b = register.take(db, jf, doc_type="nota-dinas", date=DATE)
    assert b["number"] == "000.1.5/001/CGG/I/2027"
    with pytest.raises(PermissionDenied):
        register.cancel(db, people["pem"], b["number"], "salah ketik")
    with pytest.raises(ValidationError, match="Alasan"):
        register.cancel(db, jf, b["number"], " ")
    register.cancel(db, jf, b["number"], "Salah tujuan")
    c = register.take(db, jf, doc_type="nota-dinas", date=DATE)
    assert c["number"] == "000.1.5/002/CGG/I/2027"  # the cancelled one is never reused
    rows = {r["number"]: r for r in register.list_letters(db, 2027)}
    assert rows[b["number"]]["status"] == "dibatalkan"
    assert rows[b["number"]]["cancel_reason"] == "Salah tujuan"
