"""The SOP's own clock: for the steps the app automates, the app's time against
the step's Mutu Baku minutes (DOMAIN.md §4), on the 300-indicator office.

- step 4 (120 min, menghimpun): ``complete_step(4)`` + the rekap PDF + the rekap xlsx;
- step 6 (120 min, draft LAKIP): rendering the draft LAKIP + ``complete_step(6)``;
- step 11 (10 min, surat pengantar + nomor): ``complete_step(11)``, which takes the
  number through ``register.take``, + rendering the numbered surat pengantar.

Each run works on a fresh copy of the office; the steps between (5, 7-10: the
people's decisions, and the approval's freezing of the final LAKIP) run untimed.
"""
from __future__ import annotations

import time
from pathlib import Path

from bench import Result, Stats, fresh_copy
from lib.services import workflow

MUTU_BAKU = {4: 120, 6: 120, 11: 10}
LABELS = {4: "step 4, menghimpun (rekap PDF + xlsx)", 6: "step 6, draft LAKIP",
          11: "step 11, number + surat pengantar"}


def one_run(office_dir: Path, work: Path, year: int = 2026) -> dict[int, float]:
    from bench.office import Clock, finish_cycle, make_ready, year_start
    from bench.pages import data_env
    from db import connect
    from lib import users
    from lib.format import rekap, review
    from lib.services import documents

    data = fresh_copy(office_dir, work / "sop-run")
    out = {}
    with data_env(data):
        db = connect(data / "perkin.db")
        p = {u.username: u for u in users.list_users(db)}
        clk = Clock(year_start(year, True))
        clk.tick(60 * 24 * 2)
        t0 = time.perf_counter()
        workflow.complete_step(db, p["jf"], year, 4, {"catatan": "Format lengkap."},
                               now=clk.tick(30))
        documents.render(db, "rekap", year)
        rekap.export_rekap(db, year, "xlsx")
        out[4] = time.perf_counter() - t0
        for code in review.reviewable_units(db, year):
            workflow.review_unit(db, p["sekcam"], year, code, "terima", now=clk.tick(5))
        make_ready(db, year, clk)   # what the readiness check asks (issue #14), not timed
        t0 = time.perf_counter()
        documents.render(db, "lakip", year)
        workflow.complete_step(db, p["pep"], year, 6, {"catatan": "Draft."}, now=clk.tick(30))
        out[6] = time.perf_counter() - t0
        finish_cycle(db, year, clk, from_step=7, to_step=10)
        t0 = time.perf_counter()
        workflow.complete_step(db, p["jf"], year, 11, {
            "kepada": "Bupati Lima Puluh Kota", "tanggal": clk.t.date(),
            "lampiran": "1 (satu) eksemplar"}, now=clk.tick(10))
        pdf, _, _ = documents.render(db, "surat-pengantar", year)
        out[11] = time.perf_counter() - t0
        db.conn.close()
    return out


def run(office_dir: Path, work: Path, n: int, progress=print) -> list[Result]:
    stats = {no: Stats(LABELS[no]) for no in MUTU_BAKU}
    for i in range(n):
        progress(f"  putaran {i + 1}/{n} ...")
        for no, seconds in one_run(office_dir, work).items():
            stats[no].samples.append(seconds)
    results = []
    for no, minutes in MUTU_BAKU.items():
        base = Stats(f"Mutu Baku step {no}", [minutes * 60.0])
        s = stats[no]
        s.note = f"{100 * s.median / (minutes * 60):.3f}% of Mutu Baku"
        results.append(Result("SOP clock", s, base, "far below Mutu Baku",
                              s.median < minutes * 60 / 10))
    return results
