"""Two OS processes completing the same step at the same moment, 50 times:
exactly one succeeds, the other reads who did it, no duplicate events."""
from __future__ import annotations

import multiprocessing as mp
import shutil

from tests.cyclehelp import YEAR, run_to

REPS = 50


def _worker(name, paths, barrier, results):
    from db import connect
    from lib import cycles, users
    from lib.errors import PerkinError

    for i, path in enumerate(paths):
        db = connect(path)
        sekcam = users.get_user(db, "sekcam")
        barrier.wait()
        try:
            cycles.complete_step(db, sekcam, YEAR, 2, {
                "tanggal": "2027-01-11", "peserta": [name], "format_diserahkan": True})
            results.put((i, name, "ok"))
        except PerkinError as err:
            results.put((i, name, str(err)))
        finally:
            db.conn.close()


def test_two_processes_complete_one_step(demo_db, people, tmp_path):
    from db import connect
    from lib import events, paths

    run_to(demo_db, people, 2)
    demo_db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    template = paths.db_path()
    copies = []
    for i in range(REPS):
        dest = tmp_path / f"race{i}.db"
        shutil.copyfile(template, dest)
        copies.append(str(dest))
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(n, copies, barrier, results))
             for n in ("A", "B")]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _ in range(2 * REPS)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    by_rep: dict[int, list] = {}
    for i, name, outcome in got:
        by_rep.setdefault(i, []).append(outcome)
    for i, outcomes in by_rep.items():
        assert sorted(o == "ok" for o in outcomes) == [False, True], (i, outcomes)
        loser = next(o for o in outcomes if o != "ok")
        assert loser.startswith("Langkah ini sudah diselesaikan oleh Hendra Saputra"), loser
        db = connect(copies[i])
        evs = [e for e in events.list_events(db, year=YEAR) if e["step_no"] == 2]
        assert len(evs) == 1
        runs3 = db.execute("SELECT COUNT(*) FROM step_runs WHERE step_no = 3").fetchone()[0]
        assert runs3 == 6      # the next step opened once per unit, not twice
        db.conn.close()
