"""Two OS processes completing the same step at the same moment, 50 times:
exactly one succeeds, the other reads who did it, no duplicate events."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.cyclehelp import YEAR, run_to

REPS = 50
pytestmark = pytest.mark.subprocess


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
    # Plain subprocesses (not multiprocessing): an AppTest earlier in the session leaves
    # app.py as __main__, which spawn would re-run in the children.
    env = dict(os.environ, PYTHONPATH=str(paths.ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "tests.race_worker", n, str(YEAR),
                               *copies], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=paths.ROOT, env=env) for n in ("A", "B")]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    got = []
    for _ in range(REPS):
        for p in procs:           # release both together
            p.stdin.write("go\n")
        for p in procs:
            p.stdin.flush()
        for p in procs:
            got.append(json.loads(p.stdout.readline()))
    for p in procs:
        p.stdin.close()
        assert p.wait(timeout=60) == 0
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
