"""One place that opens the SQLite file the way Perkin needs it.

Every connection: foreign keys on, WAL, a busy timeout. Every read-then-write
runs inside ``immediate(db)``, i.e. ``BEGIN IMMEDIATE``: measured in
STACK-NOTES, deferred transactions lose ~half of concurrent writers to
"database is locked" while IMMEDIATE loses none.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 10_000

_local = threading.local()

# lib registers a function that turns an SQLite storage failure (disk full, read-only
# folder, busy too long) into its user-facing error; db itself never imports lib.
translate_error = None


def connect(path: str | os.PathLike) -> sqlite_utils.Database:
    """Open (creating if needed) the database file at ``path``.

    A storage failure while opening (a full disk cannot hold the -wal/-shm files, a
    read-only folder) raises lib's storage error, as inside a transaction."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = None
    try:
        conn = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,  # autocommit; transactions are explicit
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. read-only media
            raise RuntimeError(f"journal_mode WAL tidak dapat diaktifkan ({mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.OperationalError as exc:
        if conn is not None:
            conn.close()
        if translate_error is not None:
            raise translate_error(exc, path.parent) from exc
        raise
    db = sqlite_utils.Database(conn)
    return db


def folder_of(conn: sqlite3.Connection) -> Path | None:
    """The folder of the main database file of ``conn`` (None when unknown)."""
    try:
        for _seq, name, file in conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file).parent
    except sqlite3.Error:  # pragma: no cover - the connection itself is broken
        pass
    return None


@contextlib.contextmanager
def immediate(db: sqlite_utils.Database):
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (rollback on any exception).

    Nested use joins the outer transaction (the outer block commits).
    """
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:  # pragma: no cover - the rollback itself failed
                pass
        if translate_error is not None:
            raise translate_error(exc, folder_of(conn)) from exc
        raise


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every pending migration of every migration set, in order.

    Returns the names applied now (empty when the database is current).
    """
    from db.schema import MIGRATION_SETS

    applied: list[str] = []
    for migrations in MIGRATION_SETS:
        pending = [m.name for m in migrations.pending(db)]
        if pending:
            migrations.apply(db)
            applied.extend(f"{migrations.name}:{n}" for n in pending)
    return applied
