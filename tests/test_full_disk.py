"""Issue #18, point 5: a really full disk (a 4 MB tmpfs filled to the last byte).

Before the fix a *new* connection on a full disk raised SQLite's bare "disk I/O
error" (the app showed a traceback), and login went on while failed attempts
could not be written. Needs root to mount a tmpfs; skipped elsewhere."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from db import connect, migrate
from lib import office, users
from lib.errors import PerkinError, StorageError

PW = "rahasia-kantor-2026"


@pytest.fixture
def disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                       capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount tmpfs: {r.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def office_on(folder: Path) -> None:
    db = connect(folder / "perkin.db")
    try:
        migrate(db)
        office.seed_defaults(db)
        users.create_user(db, None, username="admin", name="Rina Marlina", role="admin",
                          password=PW, password2=PW, first_admin=True)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()


def fill(folder: Path) -> Path:
    filler = folder / "pengisi"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    assert shutil.disk_usage(folder).free == 0
    return filler


def failed_attempts(folder: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{folder / 'perkin.db'}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT failed_attempts FROM users WHERE username = 'admin'"
                            ).fetchone()[0]
    finally:
        conn.close()


def test_a_new_connection_on_a_full_disk_gives_the_storage_message(disk):
    office_on(disk)
    fill(disk)
    with pytest.raises(StorageError) as err:
        connect(disk / "perkin.db")
    assert str(err.value).startswith("Penyimpanan penuh")


def test_login_is_refused_while_failures_cannot_be_counted(disk):
    office_on(disk)
    db = connect(disk / "perkin.db")    # the session's connection, opened before the disk filled
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        filler = fill(disk)
        for _ in range(7):  # more than the 5 attempts before a lockout
            with pytest.raises(StorageError, match="Masuk ditolak untuk sementara") as err:
                users.authenticate(db, "admin", "tebakan-salah")
            assert "Penyimpanan penuh" in str(err.value)
        filler.unlink()
        with pytest.raises(PerkinError, match="Sisa percobaan: 4"):
            users.authenticate(db, "admin", "tebakan-salah")   # counted again
        assert users.authenticate(db, "admin", PW).username == "admin"
    finally:
        db.conn.close()
    assert failed_attempts(disk) == 0


def test_the_app_on_a_full_disk_shows_the_storage_message(disk, monkeypatch):
    from tests.conftest import app_test

    office_on(disk)
    monkeypatch.setenv("PERKIN_DATA_DIR", str(disk))
    fill(disk)
    at = app_test()
    at.run()
    assert not at.exception
    assert at.error and at.error[0].value.startswith("Penyimpanan penuh")
    assert not at.text_input  # no login form while nothing can be written
