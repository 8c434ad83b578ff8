"""The operator commands (python -m lib.cli), in-process through main(argv) and as a
real subprocess, on real data folders in tmp_path."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import connect, defaults
from lib import backup, cli, clock, cycles, users
from lib.paths import ROOT

from test_backup import EVIDENCE, PW, YEAR, build_office, upload_path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def count(data_dir: Path, sql: str):
    conn = sqlite3.connect(data_dir / "perkin.db")
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """``init --demo`` once per module (bcrypt makes it the slow part); tests copy it."""
    d = tmp_path_factory.mktemp("demo") / "data"
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERKIN_DATA_DIR", str(d))
        mp.setattr(sys, "stdout", out)
        code = cli.main(["init", "--demo"])
    return d, code, out.getvalue()


@pytest.fixture
def demo_dir(demo_template, data_dir):
    shutil.rmtree(data_dir)
    shutil.copytree(demo_template[0], data_dir)
    return data_dir


@pytest.fixture
def real_dir(data_dir):
    build_office(data_dir)
    return data_dir


# ---------------------------------------------------------------- usage
def test_usage_errors_exit_2_in_indonesian(data_dir, capsys):
    code, _, err = run(capsys)
    assert code == 2 and "perintah" in err
    code, _, err = run(capsys, "hapus-semua")
    assert code == 2 and "pilihan tidak dikenal" in err
    code, _, err = run(capsys, "export-timeline", "--year", "2026", "--out", "linimasa.pdf")
    assert code == 2 and "harus .xlsx atau .csv" in err
    code, _, err = run(capsys, "init", "--demo", "--today", "15/03/2026")
    assert code == 2 and "TTTT-BB-HH" in err
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "cara pakai:" in out and "restore" in out
    assert not (data_dir / "perkin.db").exists()


# ---------------------------------------------------------------- init
def test_init_twice_is_idempotent(data_dir, capsys):
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert "Migrasi diterapkan" in out and "Basis data siap" in out
    units = count(data_dir, "SELECT COUNT(*) FROM units")
    steps = count(data_dir, "SELECT COUNT(*) FROM sop_steps")
    assert units == len(defaults.UNITS) and steps == len(defaults.SOP_STEPS) == 13

    code, out, _ = run(capsys, "init")
    assert code == 0 and "Skema basis data sudah terbaru." in out
    assert count(data_dir, "SELECT COUNT(*) FROM units") == units
    assert count(data_dir, "SELECT COUNT(*) FROM sop_steps") == steps
    assert count(data_dir, "SELECT COUNT(*) FROM users") == 0


def test_init_demo_twice(demo_template, demo_dir, capsys):
    _, code, out = demo_template
    assert code == 0 and "11 pengguna baru" in out
    code, out, _ = run(capsys, "init", "--demo")
    assert code == 0 and "0 pengguna baru" in out
    assert count(demo_dir, "SELECT COUNT(*) FROM users") == 11
    assert count(demo_dir, "SELECT value FROM meta WHERE key = 'office_mode'") == "demo"


def test_init_demo_is_refused_on_a_real_office(real_dir, capsys):
    before = count(real_dir, "SELECT COUNT(*) FROM users")
    code, out, err = run(capsys, "init", "--demo")
    assert code == 1
    assert err.startswith("Gagal: Folder data ini berisi kantor sungguhan")
    assert count(real_dir, "SELECT COUNT(*) FROM users") == before == 3
    assert count(real_dir, "SELECT value FROM meta WHERE key = 'office_mode'") == "real"


def test_today_needs_demo(data_dir, capsys):
    code, _, err = run(capsys, "init", "--today", "2026-03-15")
    assert code == 1 and "--today hanya dipakai bersama --demo" in err


# ---------------------------------------------------------------- prestart
def test_prestart_on_a_fresh_folder_prepares_everything(data_dir, capsys):
    code, _, _ = run(capsys, "prestart")
    assert code == 0
    assert count(data_dir, "SELECT COUNT(*) FROM sop_steps") == 13
    secret = (data_dir / "cookie_secret").read_text()
    assert len(secret) >= 32
    assert (data_dir / "cookie_secret").stat().st_mode & 0o777 == 0o600
    # Second start: a backup of what is there now, the same secret.
    code, out, _ = run(capsys, "prestart")
    assert code == 0 and "Cadangan otomatis" in out
    assert len(list((data_dir / "backups").glob("perkin-auto-*.zip"))) == 1
    assert (data_dir / "cookie_secret").read_text() == secret


def test_prestart_lan_refused_for_demo_unless_forced(demo_dir, capsys):
    code, _, err = run(capsys, "prestart", "--lan")
    assert code == 1
    assert "Mode demo tidak boleh dibuka di jaringan kantor: kata sandinya umum." in err
    code, out, _ = run(capsys, "prestart", "--lan", "--force-demo-lan")
    assert code == 0 and "PERINGATAN" in out
    code, _, _ = run(capsys, "prestart")
    assert code == 0


def test_prestart_lan_allowed_for_a_real_office(real_dir, capsys):
    code, _, err = run(capsys, "prestart", "--lan")
    assert code == 0, err


def test_prestart_keeps_seven_automatic_backups(real_dir, capsys):
    for i in range(8):  # automatic backups left by earlier starts
        backup.auto_backup(real_dir, now=dt.datetime(2020, 1, 1 + i, 8, 0, tzinfo=clock.TZ))
    assert run(capsys, "prestart")[0] == 0
    autos = sorted(p.name for p in (real_dir / "backups").glob("perkin-auto-*.zip"))
    assert len(autos) == 7
    assert autos[0] == "perkin-auto-20200103-080000.zip"
    assert not autos[-1].startswith("perkin-auto-2020")


# ---------------------------------------------------------------- backup / restore
def test_backup_and_restore_round_trip(real_dir, tmp_path, capsys):
    out = tmp_path / "kantor.zip"
    code, text, _ = run(capsys, "backup", "--out", str(out))
    assert code == 0 and "3 pengguna, 1 siklus, 1 berkas unggahan" in text
    code, _, err = run(capsys, "backup", "--out", str(out))
    assert code == 1 and "sudah ada" in err

    db = connect(real_dir / "perkin.db")
    try:
        users.create_user(db, users.OPERATOR, username="jf", name="Yulia Fitri", role="jf",
                          password=PW, password2=PW)
    finally:
        db.conn.close()
    upload = upload_path(real_dir)
    upload.unlink()

    code, text, err = run(capsys, "restore", str(out))
    assert code == 0, err
    assert "Data dipulihkan" in text and "sebelum-restore" in text
    assert count(real_dir, "SELECT COUNT(*) FROM users") == 3
    assert count(real_dir, "SELECT status FROM cycles WHERE year = 2026") == "berjalan"
    assert upload.read_bytes() == EVIDENCE
    assert run(capsys, "check")[:2] == (0, "OK\n")


def test_backup_without_out_goes_to_the_backups_folder(real_dir, capsys):
    code, text, _ = run(capsys, "backup")
    assert code == 0
    made = list((real_dir / "backups").glob("perkin-*.zip"))
    assert len(made) == 1 and str(made[0]) in text
    assert "cookie_secret" not in zipfile.ZipFile(made[0]).namelist()


def test_restore_of_a_file_that_is_not_a_backup(real_dir, tmp_path, capsys):
    letter = tmp_path / "surat.zip"
    letter.write_text("Nota Dinas")
    db_before = (real_dir / "perkin.db").read_bytes()
    code, _, err = run(capsys, "restore", str(letter))
    assert code == 1
    assert err == "Gagal: Berkas surat.zip bukan cadangan Perkin (bukan berkas zip).\n"
    assert (real_dir / "perkin.db").read_bytes() == db_before
    code, _, err = run(capsys, "restore", str(tmp_path / "tidak-ada.zip"))
    assert code == 1 and "tidak ditemukan" in err


def test_commands_on_a_folder_without_database_say_run_init(data_dir, capsys):
    for argv in (["check"], ["user", "list"], ["backup"]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "init" in err, argv
    assert not (data_dir / "perkin.db").exists()


# ---------------------------------------------------------------- users
def test_reset_password_from_stdin(real_dir, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("rahasia\nrahasia\n"))
    code, _, err = run(capsys, "user", "reset-password", "camat")
    assert code == 1 and "minimal 10 karakter" in err

    monkeypatch.setattr(sys, "stdin", io.StringIO("Padang2027baru\nPadang2027lain\n"))
    code, _, err = run(capsys, "user", "reset-password", "camat")
    assert code == 1 and "Kedua kata sandi tidak sama" in err

    monkeypatch.setattr(sys, "stdin", io.StringIO("Padang2027baru\n"))
    code, _, err = run(capsys, "user", "reset-password", "camat")
    assert code == 1 and "tidak terbaca" in err

    monkeypatch.setattr(sys, "stdin", io.StringIO("Padang2027baru\nPadang2027baru\n"))
    code, out, _ = run(capsys, "user", "reset-password", "camat")
    assert code == 0 and "sudah diganti" in out

    code, _, err = run(capsys, "user", "reset-password", "tidakada")
    assert code == 1 and "Pengguna 'tidakada' tidak ditemukan" in err

    db = connect(real_dir / "perkin.db")
    try:
        assert users.authenticate(db, "camat", "Padang2027baru").username == "camat"
        with pytest.raises(Exception):
            users.authenticate(db, "camat", PW)
        last = list(db.query("SELECT username, action, details FROM events "
                             "WHERE action = 'pengguna.reset_sandi'"))
    finally:
        db.conn.close()
    assert len(last) == 1 and last[0]["username"] == "operator"
    assert '"camat"' in last[0]["details"]


@pytest.mark.subprocess
def test_reset_password_as_a_subprocess_unlocks_the_account(real_dir):
    db = connect(real_dir / "perkin.db")
    try:
        for _ in range(users.MAX_FAILED):
            with pytest.raises(Exception):
                users.authenticate(db, "admin", "salah-sandi-1")
    finally:
        db.conn.close()
    env = dict(os.environ, PERKIN_DATA_DIR=str(real_dir), PYTHONUTF8="1")
    proc = subprocess.run([sys.executable, "-m", "lib.cli", "user", "reset-password", "admin"],
                          input="Sumbar2027kuat\nSumbar2027kuat\n", capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Kata sandi admin sudah diganti" in proc.stdout
    db = connect(real_dir / "perkin.db")
    try:
        assert users.authenticate(db, "admin", "Sumbar2027kuat").is_admin
    finally:
        db.conn.close()


def test_user_list_shows_people_without_hashes(real_dir, capsys):
    code, out, _ = run(capsys, "user", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Nama", "pengguna", "Nama", "Peran", "Unit", "Status"]
    assert lines[2].startswith("admin ") and "Rina Marlina" in lines[2]
    assert lines[3].startswith("camat ") and "Drs. MUFTIL WAHYUDI" in lines[3]
    assert "$2b$" not in out


# ---------------------------------------------------------------- check
def test_check_ok_and_problems(real_dir, capsys):
    assert run(capsys, "check")[:2] == (0, "OK\n")
    conn = sqlite3.connect(real_dir / "perkin.db")
    conn.execute("INSERT INTO user_units (user_id, unit_id) VALUES (999, 1)")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "check")
    assert code == 1 and out == ""
    assert "Ditemukan 1 masalah" in err and "user_units" in err


# ---------------------------------------------------------------- export-timeline
DATETIME_TEXT = re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$")


def test_export_timeline_csv(real_dir, tmp_path, capsys):
    out = tmp_path / "linimasa.csv"
    code, text, err = run(capsys, "export-timeline", "--year", str(YEAR), "--out", str(out))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["No", "Kegiatan", "Pelaksana", "Unit", "Versi", "Putaran", "Dibuka",
                       "Selesai", "Oleh", "Hasil", "Menit kerja", "Mutu Baku (menit)",
                       "Selisih (menit)", "Alasan"]
    assert rows[0] == cycles.TIMELINE_HEADERS
    step1 = rows[1]
    assert step1[0] == "1" and step1[1] == "Memerintahkan penyusunan LAKIP"
    assert step1[6] == "11-01-2027 08:30" and step1[7] == "11-01-2027 08:30"
    assert step1[9] == "Selesai"
    assert all(DATETIME_TEXT.match(r[6]) for r in rows[1:] if r[6])
    assert f"({len(rows) - 1} baris)" in text


def test_export_timeline_xlsx(real_dir, tmp_path, capsys):
    out = tmp_path / "linimasa.xlsx"
    code, _, err = run(capsys, "export-timeline", "--tahun", str(YEAR), "--out", str(out))
    assert code == 0, err
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == cycles.TIMELINE_HEADERS
    opened = ws.cell(row=2, column=7)
    assert opened.value == dt.datetime(2027, 1, 11, 8, 30)
    assert opened.number_format == "dd-mm-yyyy hh:mm"
    assert ws.cell(row=2, column=2).value == "Memerintahkan penyusunan LAKIP"


def test_export_timeline_of_an_unknown_year(real_dir, tmp_path, capsys):
    out = tmp_path / "linimasa.csv"
    code, _, err = run(capsys, "export-timeline", "--year", "2019", "--out", str(out))
    assert code == 1 and "Siklus LAKIP tahun 2019 belum dimulai." in err
    assert not out.exists()
