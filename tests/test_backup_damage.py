"""Issue #18, point 1: a damaged database never spoils the good backups.

The damaged database here is real: a Perkin database whose index pages were
overwritten on disk, so it still opens (sqlite_master reads) but PRAGMA
quick_check fails. Before the fix every start backed it up and, after seven
starts, rotation had deleted every good backup."""
from __future__ import annotations

import os
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest

from lib import backup, cli

from test_backup import START, office_dir, template  # noqa: F401  (fixtures)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def damage(db_file: Path) -> None:
    """Grow the database with an indexed filler table, then overwrite the last index pages
    with 0xFF: the file opens, quick_check reports out-of-range cells."""
    conn = sqlite3.connect(db_file)
    conn.execute("CREATE TABLE pengisi (id INTEGER PRIMARY KEY, teks TEXT)")
    conn.execute("CREATE INDEX pengisi_teks ON pengisi(teks)")
    conn.executemany("INSERT INTO pengisi (teks) VALUES (?)",
                     [(f"baris-{i:06d}" * 5,) for i in range(3000)])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'pengisi_teks'"
                        ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db_file, "r+b") as fh:  # the index root's cell pointer array
        fh.seek((root - 1) * page_size + 12)
        fh.write(b"\xff" * 200)
    conn = sqlite3.connect(db_file)
    try:
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 3  # still opens
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    finally:
        conn.close()


def test_damaged_database_refuses_every_start_and_the_good_backup_stays(office_dir, capsys):
    good = backup.auto_backup(office_dir, now=START)
    damage(office_dir / "perkin.db")
    before = sorted(p.name for p in (office_dir / "backups").iterdir())

    for _ in range(8):  # a first start and eight restarts
        code, out, err = run(capsys, "prestart")
        assert code == 1
        assert "rusak" in err and "Perkin tidak dijalankan" in err
        assert str(good) in err
        assert f'python3 run.py restore "{good}"' in err
        assert "Cadangan otomatis" not in out

    assert sorted(p.name for p in (office_dir / "backups").iterdir()) == before
    assert backup.verify_backup(good)["counts"]["users"] == 3
    # the full check still names the damage
    code, _, err = run(capsys, "check")
    assert code == 1 and "Kerusakan basis data" in err
    # and the named command brings the office back
    code, out, err = run(capsys, "restore", str(good))
    assert code == 0, err
    assert backup.quick_check(office_dir / "perkin.db") == []
    assert run(capsys, "prestart")[0] == 0


def test_damaged_database_without_any_good_backup_says_so(office_dir, capsys):
    damage(office_dir / "perkin.db")
    folder = office_dir / "backups"
    folder.mkdir(exist_ok=True)
    (folder / "perkin-auto-20270101-080000.zip").write_bytes(b"PK\x03\x04 rusak")
    code, _, err = run(capsys, "prestart")
    assert code == 1
    assert "Tidak ada cadangan" in err and "lolos pemeriksaan" in err
    assert "Salin seluruh folder data" in err
    assert len(list(folder.iterdir())) == 1


def test_a_damaged_database_is_never_written_into_a_backup(office_dir, tmp_path):
    damage(office_dir / "perkin.db")
    with pytest.raises(backup.PerkinError, match="rusak; cadangan tidak dibuat"):
        backup.make_backup(office_dir / "perkin.db", office_dir / "uploads", tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()
    assert list(tmp_path.glob(".perkin-backup-*")) == []


def test_rotation_never_deletes_the_newest_backup_that_verifies(office_dir):
    folder = office_dir / "backups"
    good = backup.auto_backup(office_dir, now=START)
    os.utime(good, (time.time() - 3600, time.time() - 3600))
    # eight newer automatic backups that were damaged after being written (truncated zips)
    for i in range(8):
        bad = folder / f"perkin-auto-20270112-0800{i:02d}.zip"
        bad.write_bytes(good.read_bytes()[:2000])
        os.utime(bad, (time.time() - 600 + i, time.time() - 600 + i))
    gone = backup.prune_autos(folder, keep=7)
    assert good.exists()
    assert [p.name for p in gone] == ["perkin-auto-20270112-080000.zip"]  # oldest bad one
    assert backup.newest_verified(backup.backups_newest_first(office_dir)) == good


def test_check_reports_leftover_temp_files_and_removes_them_on_request(office_dir, capsys):
    up = office_dir / "uploads" / ".tmp-0123abcd"
    up.write_bytes(b"half an upload")
    half_backup = office_dir / "backups" / ".perkin-backup-xyz"
    half_backup.mkdir(parents=True)
    (half_backup / "perkin.db").write_bytes(b"x" * 5000)
    young = office_dir / "uploads" / ".tmp-still-writing"
    young.write_bytes(b"being written now")
    old = time.time() - 3600
    for p in (up, half_backup):
        os.utime(p, (old, old))

    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "Berkas sementara tertinggal" in out and "3" in out
    assert str(up) in out and str(half_backup) in out
    assert "check --hapus-sementara" in out and out.endswith("OK\n")

    code, out, _ = run(capsys, "check", "--hapus-sementara")
    assert code == 0
    assert not up.exists() and not half_backup.exists()
    assert young.exists() and "Belum dihapus" in out
    # the real upload is untouched
    assert backup.verify_backup(backup.auto_backup(office_dir)) is not None


def test_quick_check_of_a_file_that_is_not_a_database(tmp_path):
    p = tmp_path / "perkin.db"
    p.write_bytes(b"bukan basis data" * 100)
    problems = backup.quick_check(p)
    assert problems and "tidak dapat dibaca" in problems[0]
    assert zipfile.is_zipfile(p) is False
