"""Importing a filled 300-row workbook (preview_import + apply_import, as the
Master page does) and exporting the rekap (xlsx and csv); against openpyxl and
csv doing the bare equivalent (read the cells and INSERT them in one transaction;
write the same rows).
"""
from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from bench import Result, Stats, fresh_copy, measure

TARGET_IMPORT_S = 1.0
NEW_YEAR = 2027  # no cycle yet: every row of the workbook is new ("tambah")


def year_workbook(db, year: int) -> tuple[bytes, int]:
    """The year's rows as the nine-column format workbook (master, all units)."""
    from lib import excel
    from lib.format import store

    rows = []
    for d in store.list_rows(db, year):
        r = {k: d.get(k, "") for k in excel.FORMAT_KEYS}
        r["polaritas"], r["satuan"] = d["polarity"], d["satuan"]
        rows.append(r)
    data = excel.write_format_xlsx(title="FORMULIR PENGUMPULAN PERENCANAAN KINERJA",
                                   subtitle="KECAMATAN GUGUAK", unit_name="Semua unit",
                                   year=year, rows=rows)
    return data, len(rows)


def bare_import(data: bytes, conn: sqlite3.Connection) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    values = [tuple("" if v is None else str(v) for v in row[:9])
              for row in wb.worksheets[0].iter_rows(values_only=True) if row and row[0]]
    wb.close()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?)",
                     [v + ("",) * (9 - len(v)) for v in values])
    conn.execute("COMMIT")
    return len(values)


def bare_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Rekap")
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def bare_csv(rows: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def run(office_dir: Path, work: Path, n: int, year: int = 2026, progress=print) -> list[Result]:
    from bench.pages import data_env
    from db import connect
    from lib import users
    from lib.format import rekap, workbook

    base = fresh_copy(office_dir, work / "io-base")
    with data_env(base):
        db = connect(base / "perkin.db")
        data, nrows = year_workbook(db, year)
        rekap_rows = [[d["no"], d["sasaran_grup"], d["indikator"], d["target"], d["realisasi"],
                       d["capaian"], d["predikat"], d["program"], d["sumber_data"],
                       d["yang_membidangi"], d["ket"]] for d in rekap.rekap(db, year).rows]
        db.conn.close()

    state = {}

    def setup():
        state["copy"] = fresh_copy(office_dir, work / "io-run")
        db = connect(state["copy"] / "perkin.db")
        state["db"], state["sekcam"] = db, users.get_user(db, "sekcam")
        return db

    def do_import(db):
        with data_env(state["copy"]):
            p = workbook.preview_import(db, state["sekcam"], NEW_YEAR, data)
            if not p.ok:
                raise RuntimeError("import preview blocked: " + "; ".join(p.blocking[:3]))
            workbook.apply_import(db, state["sekcam"], p)

    def do_reimport(db):
        do_import(db)  # untimed part is in setup; see below

    imp = measure(f"import {nrows} new rows (preview_import + apply_import)", do_import, n,
                  setup=setup)
    state["db"].conn.close()

    def setup_again():
        db = setup()
        do_import(db)  # the rows exist now: the second import changes them
        return db

    reimp = measure(f"re-import {nrows} rows (update)", do_reimport, n, setup=setup_again)
    state["db"].conn.close()

    def bare_setup():
        conn = sqlite3.connect(work / "io-bare.db", isolation_level=None)
        conn.execute("DROP TABLE IF EXISTS t")
        conn.execute("CREATE TABLE t (a,b,c,d,e,f,g,h,i)")
        state["conn"] = conn
        return conn

    bare_imp = measure(f"openpyxl read + INSERT {nrows} rows", lambda c: bare_import(data, c),
                       n, setup=bare_setup)
    state["conn"].close()

    with data_env(base):
        db = connect(base / "perkin.db")
        x = measure(f"export rekap xlsx ({len(rekap_rows)} rows)",
                    lambda: rekap.export_rekap(db, year, "xlsx"), n, warmup=1)
        c = measure(f"export rekap csv ({len(rekap_rows)} rows)",
                    lambda: rekap.export_rekap(db, year, "csv"), n, warmup=1)
        db.conn.close()
    bx = measure("openpyxl write_only, same rows", lambda: bare_xlsx(rekap_rows), n, warmup=1)
    bc = measure("csv.writer, same rows", lambda: bare_csv(rekap_rows), n, warmup=1)
    return [
        Result("Import/export", imp, bare_imp, f"<= {TARGET_IMPORT_S:g} s",
               imp.median <= TARGET_IMPORT_S),
        Result("Import/export", reimp, bare_imp, f"<= {TARGET_IMPORT_S:g} s",
               reimp.median <= TARGET_IMPORT_S),
        Result("Import/export", x, bx), Result("Import/export", c, bc)]
