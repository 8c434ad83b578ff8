"""Load and concurrency: N processes against one data folder for S seconds.

    python -m bench.load [--seconds 30] [--procs 8] [--data DIR] [--json]

Roles, as in an office during step 3-5 of a cycle:

* process 0, the Sekcam: returns and accepts submitted units (never the last one
  still open, so the cycle stays in steps 3-5), and edits master rows of units
  that are filling (which makes their open forms stale: the conflict users see);
* process 1, the JF: compiles (step 4) when every unit has sent, takes letter
  numbers from the register and renders documents (rekap, a unit's format);
* processes 2.., unit heads: each its unit (two processes share a unit when there
  are more than 6): load the form, save realisasi on the loaded version, sometimes
  send it (Kirim), and after a return start again.

Every process records what it believes it saved (form version -> values, master
edits, letter numbers). At the end the parent checks the database against those
beliefs: a save acknowledged but not in the final state is a lost update; a
version handed to two saves is a lost update too; a letter number twice is a
duplicate; and ``PRAGMA integrity_check`` must say ok.

Outcomes: ``ok`` (done), ``conflict`` (Conflict/StateError shown to a user:
someone else was first; intended), ``error`` (anything else: must be 0).
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from lib.services import workflow

YEAR = 2026
SUPPLIERS = ["pem", "pmd", "kesos", "trantib", "pelayanan", "umum"]
ROWS_PER_UNIT = 4


# ------------------------------------------------------------------ the office
def build_office(data: Path) -> None:
    """A demo office at step 3 of YEAR with ROWS_PER_UNIT master rows per unit."""
    os.environ["PERKIN_DATA_DIR"] = str(data)
    os.environ.setdefault("PERKIN_BCRYPT_ROUNDS", "4")  # setup speed only
    from db import connect, migrate
    from lib import demo, office, users
    from lib.format import master

    db = connect(data / "perkin.db")
    try:
        migrate(db)
        office.seed_defaults(db)
        demo.init_office(db, demo=True)
        p = {u.username: u for u in users.list_users(db)}
        for code in SUPPLIERS:
            for i in range(ROWS_PER_UNIT):
                master.save_master_row(db, p["sekcam"], YEAR, {
                    "sasaran": f"Sasaran {code}", "indikator": f"Indikator {code} {i + 1}",
                    "target": "100%", "unit": code, "program": "Program awal",
                    "sumber_data": "Laporan seksi"})
        workflow.start_cycle(db, p["camat"], YEAR, nota_number=f"800/001/CGG/I/{YEAR + 1}")
        workflow.complete_step(db, p["sekcam"], YEAR, 2, {
            "tanggal": dt.date(YEAR + 1, 1, 11), "peserta": ["Sekcam", "Kasi"],
            "format_diserahkan": True})
    finally:
        db.conn.close()


def fill_and_send(db, user, code: str) -> None:
    """A unit nobody works on in this run: filled and sent once, at the start."""
    from lib.format import store, unit_form

    rows = store.list_rows(db, YEAR, code)
    unit_form.save_unit_form(db, user, YEAR, code, {r["id"]: {"realisasi": "90%"} for r in rows},
                             store.form_rev(db, YEAR, code))
    workflow.submit_unit(db, user, YEAR, code)


# ------------------------------------------------------------------ workers
class Tally:
    def __init__(self):
        self.counts = collections.Counter()
        self.errors: list[str] = []

    def run(self, what: str, fn):
        from lib.errors import Conflict, PerkinError, StateError, ValidationError

        try:
            out = fn()
        except (Conflict, StateError):
            self.counts[f"{what}:conflict"] += 1
            return None
        except ValidationError as err:
            if what == "himpun" and "Masih ada unit yang belum mengirim" in str(err):
                # the Sekcam returned a unit between the check and the click
                self.counts[f"{what}:conflict"] += 1
                return None
            self.counts[f"{what}:error"] += 1
            self.errors.append(f"{what}: ValidationError: {err}")
            return None
        except PerkinError as err:
            self.counts[f"{what}:error"] += 1
            self.errors.append(f"{what}: {type(err).__name__}: {err}")
            return None
        except Exception:  # noqa: BLE001 - counted and reported
            self.counts[f"{what}:error"] += 1
            self.errors.append(f"{what}: {traceback.format_exc(limit=3)}")
            return None
        self.counts[f"{what}:ok"] += 1
        return out


def unit_worker(db, me, code: str, rng: random.Random, deadline: float, tally: Tally,
                beliefs: dict) -> None:
    from lib import cycles
    from lib.format import store, unit_form

    n = 0
    while time.monotonic() < deadline:
        ok, _why = cycles.unit_can_edit(db, YEAR, code)
        if not ok:  # sent: wait for the Sekcam
            time.sleep(0.05)
            continue
        rev = store.form_rev(db, YEAR, code)
        rows = store.list_rows(db, YEAR, code)
        time.sleep(rng.uniform(0.0, 0.03))  # a person typing
        n += 1
        edits = {r["id"]: {"realisasi": f"{rng.randint(1, 100)}%",
                           "ket": f"{me.username}#{os.getpid()}-{n}"}
                 for r in rng.sample(rows, k=rng.randint(1, len(rows)))}
        new = tally.run("simpan", lambda: unit_form.save_unit_form(db, me, YEAR, code, edits, rev))
        if new is not None:
            beliefs["saves"].append([code, new, {str(k): v for k, v in edits.items()}])
        # Kirim only when the page would offer it (every realisasi readable)
        if new is not None and rng.random() < 0.25 and not unit_form.form_problems(db, YEAR, code):
            tally.run("kirim", lambda: workflow.submit_unit(db, me, YEAR, code))


def sekcam_worker(db, me, staffed: list[str], rng: random.Random, deadline: float,
                  tally: Tally, beliefs: dict) -> None:
    from lib import cycles
    from lib.format import master, store

    n = 0
    while time.monotonic() < deadline:
        cycle = cycles.get_cycle(db, YEAR)
        states = cycles.unit_states(db, cycle)
        ready = [c for c, s in states.items()
                 if s["state"] == "dikirim" and s["compiled_round"] is not None]
        open_ = [c for c, s in states.items() if s["state"] != "diterima"]
        if ready:
            code = rng.choice(ready)
            if code in staffed and (len(open_) <= 1 or rng.random() < 0.8):
                tally.run("kembalikan", lambda: workflow.review_unit(
                    db, me, YEAR, code, "kembalikan", "Realisasi belum didukung bukti."))
            else:
                tally.run("terima", lambda: workflow.review_unit(db, me, YEAR, code, "terima"))
        filling = [c for c in staffed
                   if states.get(c, {}).get("state") not in ("diterima", "dikirim")]
        if filling and rng.random() < 0.3:
            code = rng.choice(filling)
            row = rng.choice(store.list_rows(db, YEAR, code))
            n += 1
            program = f"Program rev {os.getpid()}-{n}"
            values = {k: row[k] for k in ("sasaran", "indikator", "target", "satuan",
                                          "polarity", "sumber_data")} | {
                "unit": code, "program": program}
            if tally.run("master", lambda: master.save_master_row(
                    db, me, YEAR, values, row_id=row["id"])) is not None:
                beliefs["master"].append([row["id"], program, time.time()])
        time.sleep(rng.uniform(0.01, 0.05))


def jf_worker(db, me, rng: random.Random, deadline: float, tally: Tally, beliefs: dict) -> None:
    from lib import cycles, register
    from lib.services import documents

    i = 0
    while time.monotonic() < deadline:
        i += 1
        cycle = cycles.get_cycle(db, YEAR)
        step4 = [r for r in cycles.open_runs(db, cycle) if r.step_no == 4]
        waiting = [c for c, s in cycles.unit_states(db, cycle).items()
                   if s["state"] in ("belum_mulai", "draft", "dikembalikan")]
        if step4 and not waiting:  # the page refuses Himpun while a unit has not sent
            tally.run("himpun", lambda: workflow.complete_step(db, me, YEAR, 4,
                                                               {"catatan": "dihimpun"}))
        letter = tally.run("nomor", lambda: register.take(
            db, me, doc_type="lainnya", date=dt.date(YEAR + 1, 1, 22), subject="uji beban"))
        if letter is not None:
            beliefs["numbers"].append(letter["number"])
        if i % 4 == 0:
            doc = rng.choice(["rekap", "format"])
            out = tally.run("dokumen", lambda: documents.render(
                db, doc, YEAR, unit_code=rng.choice(SUPPLIERS) if doc == "format" else None))
            if out is not None and not out[0].startswith(b"%PDF-"):
                tally.errors.append(f"dokumen {doc}: not a PDF")
        time.sleep(rng.uniform(0.0, 0.02))


def worker(index: int, role: str, code: str | None, data: str, seconds: float, staffed,
           barrier, results) -> None:
    os.environ["PERKIN_DATA_DIR"] = data
    tally, beliefs = Tally(), {"saves": [], "master": [], "numbers": []}
    db = None
    try:
        from db import connect
        from lib import users

        db = connect(Path(data) / "perkin.db")
        me = users.get_user(db, {"sekcam": "sekcam", "jf": "jf"}.get(role, code))
        rng = random.Random(index)
        barrier.wait(timeout=120)
        deadline = time.monotonic() + seconds
        if role == "sekcam":
            sekcam_worker(db, me, staffed, rng, deadline, tally, beliefs)
        elif role == "jf":
            jf_worker(db, me, rng, deadline, tally, beliefs)
        else:
            unit_worker(db, me, code, rng, deadline, tally, beliefs)
    except Exception:  # noqa: BLE001 - reported to the parent
        tally.errors.append(f"proses {index}: {traceback.format_exc(limit=5)}")
        tally.counts["proses:error"] += 1
    finally:
        if db is not None:
            db.conn.close()
        results.put({"index": index, "role": role, "unit": code, "counts": dict(tally.counts),
                     "errors": tally.errors[:20], "beliefs": beliefs})


# ------------------------------------------------------------------ checking
def check(data: Path, results: list[dict]) -> dict:
    """Final state against what every process believes it saved."""
    os.environ["PERKIN_DATA_DIR"] = str(data)
    from db import connect
    from lib import backup, register
    from lib.format import store

    db = connect(data / "perkin.db")
    try:
        lost = []
        by_version: dict[tuple, int] = collections.Counter()
        latest: dict[str, tuple[int, str, str]] = {}  # row -> (rev, realisasi, ket)
        for r in results:
            for code, rev, edits in r["beliefs"]["saves"]:
                by_version[(code, rev)] += 1
                for row_id, values in edits.items():
                    if row_id not in latest or latest[row_id][0] < rev:
                        latest[row_id] = (rev, values["realisasi"], values["ket"])
        twice = [k for k, n in by_version.items() if n > 1]
        lost += [f"versi {c} rev {rev} diberikan ke {by_version[(c, rev)]} penyimpanan"
                 for c, rev in twice]
        for row_id, (rev, realisasi, ket) in latest.items():
            row = store.get_row(db, int(row_id))
            if (row["realisasi"], row["ket"]) != (realisasi, ket):
                lost.append(f"baris {row_id}: tersimpan {row['realisasi']!r}/{row['ket']!r}, "
                            f"diharapkan {realisasi!r}/{ket!r} (rev {rev})")
        masters: dict[int, tuple[float, str]] = {}
        for r in results:
            for row_id, program, at in r["beliefs"]["master"]:
                if row_id not in masters or masters[row_id][0] < at:
                    masters[row_id] = (at, program)
        for row_id, (_, program) in masters.items():
            if store.get_row(db, row_id)["program"] != program:
                lost.append(f"baris {row_id}: program master hilang ({program})")
        numbers = [n for r in results for n in r["beliefs"]["numbers"]]
        dupes = sorted(n for n, k in collections.Counter(numbers).items() if k > 1)
        letters = register.list_letters(db, YEAR + 1)
        stored = [x["number"] for x in letters]
        seqs = sorted(x["seq"] for x in letters if x["seq"] is not None)
        dupes += sorted(n for n, k in collections.Counter(stored).items() if k > 1)
        missing_numbers = sorted(set(numbers) - set(stored))
        gaps = seqs != list(range(1, len(seqs) + 1))
        integrity = backup.integrity_check(db)
    finally:
        db.conn.close()
    return {"lost_updates": lost + [f"nomor {n} tidak ada di register" for n in
                                    missing_numbers],
            "duplicate_numbers": dupes, "number_gaps": gaps, "integrity": integrity or ["ok"],
            "numbers_taken": len(numbers)}


# ------------------------------------------------------------------ main
def run(seconds: float, procs: int, data: Path) -> dict:
    procs = max(procs, 3)
    build_office(data)
    roles = [("sekcam", None), ("jf", None)] + [
        ("unit", SUPPLIERS[i % len(SUPPLIERS)]) for i in range(procs - 2)]
    staffed = sorted({c for r, c in roles if c})
    from db import connect
    from lib import users

    db = connect(data / "perkin.db")
    try:
        for code in SUPPLIERS:
            if code not in staffed:
                fill_and_send(db, users.get_user(db, code), code)
    finally:
        db.conn.close()
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(roles))
    queue = ctx.Queue()
    workers = [ctx.Process(target=worker, args=(i, role, code, str(data), seconds, staffed,
                                                barrier, queue))
               for i, (role, code) in enumerate(roles)]
    started = time.monotonic()
    for w in workers:
        w.start()
    results = [queue.get(timeout=seconds + 300) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    wall = time.monotonic() - started
    results.sort(key=lambda r: r["index"])
    totals = collections.Counter()
    for r in results:
        totals.update(r["counts"])
    outcome = check(data, results)
    ops = sum(v for k, v in totals.items() if k.endswith(":ok"))
    conflicts = sum(v for k, v in totals.items() if k.endswith(":conflict"))
    errors = sum(v for k, v in totals.items() if k.endswith(":error"))
    exit_codes = [w.exitcode for w in workers]
    return {"seconds": seconds, "procs": len(roles), "wall_seconds": round(wall, 1),
            "operations": ops, "conflicts": conflicts, "errors": errors,
            "by_action": dict(sorted(totals.items())),
            "error_samples": [e for r in results for e in r["errors"]][:10],
            "exit_codes": exit_codes, **outcome}


def format_report(r: dict) -> str:
    lines = [f"Uji beban: {r['procs']} proses x {r['seconds']:g} detik "
             f"(total {r['wall_seconds']} detik) pada satu folder data",
             f"  operasi berhasil      : {r['operations']}",
             f"  konflik ke pengguna   : {r['conflicts']} (disengaja: orang lain lebih dulu)",
             f"  galat                 : {r['errors']}",
             f"  pembaruan hilang      : {len(r['lost_updates'])}",
             f"  nomor surat ganda     : {len(r['duplicate_numbers'])} "
             f"(diambil {r['numbers_taken']}, berurutan tanpa lompat: "
             f"{'ya' if not r['number_gaps'] else 'TIDAK'})",
             f"  PRAGMA integrity_check: {'; '.join(r['integrity'])}",
             "  per aksi:"]
    actions = sorted({k.split(':')[0] for k in r["by_action"]})
    for a in actions:
        parts = [f"{kind} {r['by_action'].get(f'{a}:{kind}', 0)}"
                 for kind in ("ok", "conflict", "error")]
        lines.append(f"    {a:<11} " + ", ".join(parts))
    for e in r["error_samples"]:
        lines.append("  GALAT: " + e.strip().replace("\n", "\n         "))
    for x in r["lost_updates"][:10]:
        lines.append("  HILANG: " + x)
    return "\n".join(lines)


def passed(r: dict) -> bool:
    return (r["errors"] == 0 and not r["lost_updates"] and not r["duplicate_numbers"]
            and not r["number_gaps"] and r["integrity"] == ["ok"]
            and all(c == 0 for c in r["exit_codes"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--procs", type=int, default=8)
    ap.add_argument("--data", type=Path, help="empty folder to use (default: a temporary one)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if args.data is not None:
        args.data.mkdir(parents=True, exist_ok=True)
        if any(args.data.iterdir()):
            print(f"{args.data} tidak kosong; pakai folder kosong.", file=sys.stderr)
            return 2
        result = run(args.seconds, args.procs, args.data.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="perkin-load-") as tmp:
            result = run(args.seconds, args.procs, Path(tmp))
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json
          else format_report(result))
    return 0 if passed(result) else 1


if __name__ == "__main__":
    sys.exit(main())
