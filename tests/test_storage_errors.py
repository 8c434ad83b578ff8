"""SQLite storage failures reach the user as an Indonesian message, with nothing of
the failed action saved."""
from __future__ import annotations

import sqlite3

import pytest

from db import immediate
from lib.errors import PerkinError, StorageError


@pytest.mark.parametrize("sqlite_message,expected", [
    ("database or disk is full", "Penyimpanan penuh"),
    ("attempt to write a readonly database", "Folder data tidak dapat ditulis"),
    ("database is locked", "Basis data sedang sibuk"),
    ("disk I/O error", "Gagal menulis ke disk"),
])
def test_storage_failures_become_user_messages(db, sqlite_message, expected):
    before = db.execute("SELECT COUNT(*) FROM holidays").fetchone()[0]
    with pytest.raises(StorageError) as err:
        with immediate(db):
            db.execute("INSERT INTO holidays (date, name) VALUES ('2026-12-25', 'Natal')")
            raise sqlite3.OperationalError(sqlite_message)
    assert str(err.value).startswith(expected)
    assert isinstance(err.value, PerkinError)
    assert db.execute("SELECT COUNT(*) FROM holidays").fetchone()[0] == before


def test_other_sqlite_errors_are_not_disguised(db):
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        with immediate(db):
            db.execute("SELECT * FROM no_such_table")
