"""Crashes and a full or unwritable disk, on real files in subprocesses.

A child process runs a real service with ``PERKIN_FAULT=<point>`` (lib.faults):
it stops at that point (mid-transaction, before a rename...) and is killed with
SIGKILL, as when the laptop loses power. Then: ``integrity_check`` passes, no
half-written document, upload or backup is visible, every action completed
before is still there, and the same action works again.

Also here: the automatic backups (prestart keeps the last 7; one before every
restore), ``check``, and the load run of ``bench.load`` in small.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib import backup, paths
from tests.cyclehelp import YEAR, Clock, run_to
from lib.services import workflow
from tests.samples import pdf_bytes

ROOT = paths.ROOT
PDF = pdf_bytes("Renstra") + b"0" * 5000
pytestmark = [pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
              pytest.mark.subprocess]


def child_env(data_dir: Path, **extra) -> dict:
    env = {**os.environ, "PERKIN_DATA_DIR": str(data_dir), "PYTHONUTF8": "1",
           "PERKIN_BCRYPT_ROUNDS": "4"}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def crash_at(point: str, code: str, data_dir: Path, tmp_path: Path, argv=None) -> str:
    """Run ``code`` (or ``argv``) until it reaches ``point``, then SIGKILL it."""
    marker = tmp_path / f"reached-{point}"
    marker.unlink(missing_ok=True)
    env = child_env(data_dir, PERKIN_FAULT=point, PERKIN_FAULT_MARKER=marker,
                    PERKIN_FAULT_SLEEP=120)
    proc = subprocess.Popen(argv or [sys.executable, "-c", code], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"child ended before {point}: rc={proc.returncode}\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"child never reached {point}")
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return marker.read_text()


def reopen():
    from db import connect

    return connect(paths.db_path())


def sound(db):
    assert backup.integrity_check(db) == []


def master_rows(db, people, unit="pem", n=3):
    from lib.format import master, store

    for i in range(n):
        master.save_master_row(db, people["sekcam"], YEAR, {
            "sasaran": "Meningkatnya pelayanan", "indikator": f"Indikator {i + 1}",
            "target": "100%", "unit": unit})
    return [r["id"] for r in store.list_rows(db, YEAR, unit)]


# ------------------------------------------------------------------ SIGKILL at named points
def test_kill_in_the_middle_of_a_form_save(demo_db, people, tmp_path):
    from lib.format import store, unit_form

    ids = master_rows(demo_db, people)
    rev = unit_form.save_unit_form(demo_db, people["pem"], YEAR, "pem",
                                   {ids[0]: {"realisasi": "80%"}}, store.form_rev(demo_db, YEAR,
                                                                                    "pem"))
    code = f"""
from db import connect
from lib import paths, users
from lib.format import master, store, unit_form
db = connect(paths.db_path())
pem = users.get_user(db, "pem")
unit_form.save_unit_form(db, pem, {YEAR}, "pem", {{{ids[0]}: {{"realisasi": "99%"}},
                       {ids[1]}: {{"realisasi": "98%"}}}}, {rev})
"""
    crash_at("format.save", code, paths.data_dir(), tmp_path)
    db = reopen()
    try:
        sound(db)
        rows = {r["id"]: r["realisasi"] for r in store.list_rows(db, YEAR, "pem")}
        assert rows[ids[0]] == "80%" and rows[ids[1]] == ""  # the completed save, nothing else
        assert store.form_rev(db, YEAR, "pem") == rev
        # the lock died with the process: the same save goes through now
        unit_form.save_unit_form(db, people["pem"], YEAR, "pem", {ids[1]: {"realisasi": "98%"}}, rev)
        assert store.get_row(db, ids[1])["realisasi"] == "98%"
    finally:
        db.conn.close()


def test_kill_while_the_final_lakip_is_frozen(demo_db, people, tmp_path):
    from lib import archive, cycles

    run_to(demo_db, people, 10, Clock())
    before = demo_db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    code = f"""
from db import connect
from lib import archive, cycles, paths, users
from lib.services import workflow
db = connect(paths.db_path())
workflow.approve(db, users.get_user(db, "camat"), {YEAR})
"""
    crash_at("archive.freeze", code, paths.data_dir(), tmp_path)
    db = reopen()
    try:
        sound(db)
        assert archive.list_archive(db, YEAR) == []  # no half-made final
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
        cycle = cycles.get_cycle(db, YEAR)
        assert cycles.active_step(db, cycle) == 10  # the approval did not happen
        workflow.approve(db, people["camat"], YEAR)
        final = archive.get_final(db, YEAR)
        assert final["content"].startswith(b"%PDF-") and final["version"] == 1
    finally:
        db.conn.close()


def test_kill_while_an_upload_is_moved_into_place(demo_db, people, tmp_path):
    from lib import files

    kept = files.save_file(demo_db, people["sekcam"], kind="reference", label="Renstra",
                           data=PDF, original_name="renstra.pdf", year=YEAR)
    code = f"""
from db import connect
from lib import files, paths, users
from tests.samples import pdf_bytes
db = connect(paths.db_path())
files.save_file(db, users.get_user(db, "sekcam"), kind="reference", label="PK",
                data=pdf_bytes("perjanjian kinerja") + b"1" * 4000, original_name="pk.pdf",
                year={YEAR})
"""
    crash_at("files.rename", code, paths.data_dir(), tmp_path)
    db = reopen()
    try:
        sound(db)
        listed = files.list_files(db, kind="reference")
        assert [f.id for f in listed] == [kept.id]
        visible = [p.name for p in paths.uploads_dir().iterdir() if not p.name.startswith(".")]
        assert visible == [kept.stored_name]  # only a hidden .tmp- file may remain
        assert files.read_bytes(db, kept.id)[1] == PDF
        # a backup never carries the leftover, and the upload works again
        manifest = backup.make_backup(paths.db_path(), paths.uploads_dir(), tmp_path / "b.zip")
        assert [n for n in manifest["files"] if n.startswith("uploads/")] == [
            f"uploads/{kept.stored_name}"]
        files.save_file(db, people["sekcam"], kind="reference", label="PK", data=PDF + b"x",
                        original_name="pk.pdf", year=YEAR)
    finally:
        db.conn.close()


def test_kill_before_a_backup_is_renamed(demo_db, people, tmp_path):
    out = tmp_path / "cadangan.zip"
    crash_at("backup.rename", "", paths.data_dir(), tmp_path,
             argv=[sys.executable, "-m", "lib.cli", "backup", "--out", str(out)])
    assert not out.exists()  # no half backup under the name
    assert not list(tmp_path.glob("*.zip"))
    db = reopen()
    try:
        sound(db)
    finally:
        db.conn.close()
    r = subprocess.run([sys.executable, "-m", "lib.cli", "backup", "--out", str(out)], cwd=ROOT,
                       env=child_env(paths.data_dir()), capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert backup.verify_backup(out)["counts"]["users"] == 11


def test_kill_in_the_middle_of_a_restore(demo_db, people, tmp_path):
    from lib import users
    from lib.format import store, unit_form

    ids = master_rows(demo_db, people, n=1)
    old_zip = tmp_path / "lama.zip"
    backup.make_backup(paths.db_path(), paths.uploads_dir(), old_zip)  # one row, no realisasi
    unit_form.save_unit_form(demo_db, people["pem"], YEAR, "pem", {ids[0]: {"realisasi": "77%"}},
                             store.form_rev(demo_db, YEAR, "pem"))
    demo_db.conn.close()
    crash_at("restore.replace", "", paths.data_dir(), tmp_path,
             argv=[sys.executable, "-m", "lib.cli", "restore", str(old_zip)])
    db = reopen()
    try:
        sound(db)
        # killed before the swap: the office is exactly as before the restore began
        assert store.get_row(db, ids[0])["realisasi"] == "77%"
        assert len(users.list_users(db)) == 11
    finally:
        db.conn.close()
    before = sorted(paths.backups_dir().glob(backup.BEFORE_RESTORE_PREFIX + "*.zip"))
    assert len(before) == 1 and backup.verify_backup(before[0])
    r = subprocess.run([sys.executable, "-m", "lib.cli", "restore", str(old_zip)], cwd=ROOT,
                       env=child_env(paths.data_dir()), capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    db = reopen()
    try:
        sound(db)
        assert store.get_row(db, ids[0])["realisasi"] == ""  # the backup's state
    finally:
        db.conn.close()
    # and the state replaced is kept: a second "sebelum-restore" backup holds the 77 %
    assert len(list(paths.backups_dir().glob(backup.BEFORE_RESTORE_PREFIX + "*.zip"))) == 2


# ------------------------------------------------------------------ a full or unwritable disk
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
"""


def test_full_disk_upload_says_so_and_leaves_nothing(demo_db, people, tmp_path):
    code = LIMITED.format(limit=2000) + f"""
from db import connect
from lib import files, paths, users
from lib.errors import PerkinError
from tests.samples import pdf_bytes
db = connect(paths.db_path())
try:
    files.save_file(db, users.get_user(db, "sekcam"), kind="reference", label="RKT",
                    data=pdf_bytes() + b"2" * 50000, original_name="rkt.pdf", year={YEAR})
except PerkinError as err:
    print("PESAN:", err)
"""
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=child_env(paths.data_dir()),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "PESAN: Berkas tidak dapat disimpan: ruang disk penuh" in r.stdout
    assert list(paths.uploads_dir().iterdir()) == []  # not even a hidden half file
    from lib import files

    assert files.list_files(demo_db, kind="reference") == []
    sound(demo_db)


def test_full_disk_backup_and_save_fail_clearly_without_corruption(demo_db, people, tmp_path):
    from lib.format import store, unit_form

    ids = master_rows(demo_db, people, n=2)
    unit_form.save_unit_form(demo_db, people["pem"], YEAR, "pem", {ids[0]: {"realisasi": "50%"}},
                             store.form_rev(demo_db, YEAR, "pem"))
    size = paths.db_path().stat().st_size
    out = tmp_path / "penuh.zip"
    r = subprocess.run([sys.executable, "-c", LIMITED.format(limit=size // 4)
                        + "from lib.cli import main; sys.exit(main())", "backup", "--out",
                        str(out)], cwd=ROOT, env=child_env(paths.data_dir()),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "Gagal:" in r.stderr and "ruang disk" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists() and not list(tmp_path.glob(".perkin-backup-*"))
    # a save whose WAL cannot grow: refused, the database keeps its last good state
    code = LIMITED.format(limit=1) + f"""
import sqlite3
from db import connect
from lib import paths, users
from lib.format import master, store, unit_form
from lib.errors import PerkinError
from tests.samples import pdf_bytes
db = connect(paths.db_path())
try:
    unit_form.save_unit_form(db, users.get_user(db, "pem"), {YEAR}, "pem",
                             {{{ids[1]}: {{"realisasi": "x" * 150}}}},
                             store.form_rev(db, {YEAR}, "pem"))
except (PerkinError, sqlite3.DatabaseError, OSError) as err:
    print("DITOLAK:", type(err).__name__)
else:
    print("TERSIMPAN")
"""
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=child_env(paths.data_dir()),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    db = reopen()
    try:
        sound(db)
        assert store.get_row(db, ids[0])["realisasi"] == "50%"
        if "TERSIMPAN" in r.stdout:  # SQLite found room in pages it had: then it is whole
            assert store.get_row(db, ids[1])["realisasi"] == "x" * 150
        else:
            assert "DITOLAK" in r.stdout and store.get_row(db, ids[1])["realisasi"] == ""
    finally:
        db.conn.close()


def _as_nobody():
    os.setgid(65534)
    os.setuid(65534)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX users needed")
def test_unwritable_data_folder_gives_a_clear_message(demo_db, tmp_path):
    """The data folder belongs to another user (root here; CI runs as root, so the
    command runs as 'nobody'): prestart and backup say so; nothing is damaged."""
    if os.getuid() != 0:
        pytest.skip("needs root to run the command as another user (uid 65534)")
    data = paths.data_dir()
    os.chmod(tmp_path, 0o755)
    os.chmod(data, 0o755)
    try:
        r = subprocess.run([sys.executable, "-m", "lib.cli", "backup"], cwd=ROOT,
                           env=child_env(data, HOME="/tmp"), capture_output=True, text=True,
                           timeout=120, preexec_fn=_as_nobody)
    except PermissionError as err:
        pytest.skip(f"user nobody may not run this Python ({err}); the full-disk tests cover "
                    "write failures")
    if "ModuleNotFoundError" in r.stderr or "Permission denied: '" + str(ROOT) in r.stderr:
        pytest.skip(f"user nobody cannot run this checkout's Python: {r.stderr[-200:]}")
    assert r.returncode == 1, r.stderr
    assert "Gagal:" in r.stderr and "Traceback" not in r.stderr, r.stderr
    sound(demo_db)
    assert len(list(data.iterdir())) >= 1


# ------------------------------------------------------------------ automatic backups
def test_prestart_backs_up_keeping_seven_and_check_reports(demo_db, capsys):
    from lib import cli

    made = []
    for _ in range(9):  # several within one second: the newest seven must stay
        assert cli.main(["prestart"]) == 0
        line = [x for x in capsys.readouterr().out.splitlines() if "Cadangan otomatis:" in x]
        made.append(Path(line[0].split(": ", 1)[1]))
    autos = sorted(paths.backups_dir().glob(backup.AUTO_PREFIX + "*.zip"))
    assert len(autos) == 7
    assert set(autos) == set(made[-7:])
    for z in autos:
        assert backup.verify_backup(z)["counts"]["users"] == 11
    r = subprocess.run([sys.executable, "run.py", "check"], cwd=ROOT,
                       env=child_env(paths.data_dir()), capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0 and r.stdout.strip().endswith("OK"), r.stdout + r.stderr


def test_check_reports_a_damaged_database(tmp_path):
    data = tmp_path / "rusak"
    data.mkdir()
    (data / "perkin.db").write_bytes(b"SQLite format 3\0" + b"\xff" * 4096)
    r = subprocess.run([sys.executable, "-m", "lib.cli", "check"], cwd=ROOT,
                       env=child_env(data), capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Gagal:" in r.stderr and "Traceback" not in r.stderr


# ------------------------------------------------------------------ load, in small
def test_load_run_loses_nothing(tmp_path):
    """bench.load with 4 processes for a few seconds: no error, nothing lost, no number
    twice, integrity ok (the 8 x 30 s figures are in docs/RELIABILITY.md)."""
    r = subprocess.run([sys.executable, "-m", "bench.load", "--procs", "4", "--seconds", "3",
                        "--json", "--data", str(tmp_path / "beban")], cwd=ROOT,
                       env=child_env(tmp_path), capture_output=True, text=True, timeout=300)
    result = json.loads(r.stdout)
    assert result["errors"] == 0, result["error_samples"]
    assert result["lost_updates"] == [] and result["duplicate_numbers"] == []
    assert not result["number_gaps"] and result["integrity"] == ["ok"]
    assert result["operations"] > 0 and result["by_action"].get("simpan:ok", 0) > 0
    assert result["numbers_taken"] > 0
    assert r.returncode == 0
