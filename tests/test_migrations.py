"""Schema migrations and the database's own guarantees (append-only events, frozen archive)."""
from __future__ import annotations

import sqlite3

import pytest

from db import connect, immediate, migrate
from db.schema import MIGRATION_SETS, core
from lib import clock, events, office, office_calendar, users
from lib.users import OPERATOR

PW = "Kantor2026guguak"


def tables(db) -> set[str]:
    return set(db.table_names())


def all_migration_names() -> list[str]:
    return [f"{s.name}:{m.name}" for s in MIGRATION_SETS for m in s._migrations]


def test_migrate_empty_then_again_is_a_no_op(tmp_path):
    db = connect(tmp_path / "perkin.db")
    assert tables(db) == set()
    applied = migrate(db)
    assert applied == all_migration_names()
    assert applied[0] == "perkin_core:m001_foundation"
    assert {"users", "units", "profile", "events", "sop_revisions", "sop_steps", "cycles",
            "step_runs", "indicators", "letters", "archive"} <= tables(db)
    schema_before = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert migrate(db) == []
    assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema_before


def test_migrate_an_older_database_keeps_its_data(tmp_path):
    path = tmp_path / "perkin.db"
    db = connect(path)
    core.apply(db, stop_before="m002_cycle")  # a database from the first release
    assert "cycles" not in tables(db)
    office.seed_defaults(db)
    admin = users.create_user(db, None, username="admin", name="Admin", role="admin",
                              password=PW, password2=PW, first_admin=True)
    office.update_profile(db, admin, {**office.get_profile(db), "kecamatan": "Kecamatan Lama"})
    n_events = len(events.list_events(db))
    db.conn.close()

    db = connect(path)  # the next release opens it
    applied = migrate(db)
    assert "perkin_core:m001_foundation" not in applied
    assert "perkin_core:m002_cycle" in applied
    assert "cycles" in tables(db)
    assert office.get_profile(db)["kecamatan"] == "Kecamatan Lama"
    assert users.authenticate(db, "admin", PW).username == "admin"
    assert len(events.list_events(db)) == n_events
    assert len(office.list_units(db)) == 7
    assert migrate(db) == []


def test_connection_settings(db):
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    with pytest.raises(sqlite3.IntegrityError):
        db["user_units"].insert({"user_id": 999, "unit_id": 999})


def test_immediate_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with immediate(db):
            db["holidays"].insert({"date": "2026-12-25", "name": "Natal"})
            raise RuntimeError("boom")
    assert office_calendar.list_holidays(db) == []


def test_events_are_append_only(db):
    event_id = events.record(db, OPERATOR, "uji.catat", details={"a": 1})
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE events SET action = 'palsu' WHERE id = ?", [event_id])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events WHERE id = ?", [event_id])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM events")
    row = events.list_events(db, action_prefix="uji.")[0]
    assert row["id"] == event_id and row["action"] == "uji.catat"


def test_archive_rows_are_frozen(db):
    now = clock.iso(clock.now())
    archive_id = db["archive"].insert({
        "year": 2026, "doc_type": "lakip", "version": 1, "title": "LAKIP 2026",
        "filename": "lakip-2026.pdf", "content": b"%PDF-1.4 final", "sha256": "abc",
        "verify_code": "K7Q2-9XPA", "created_at": now}).last_pk
    with pytest.raises(sqlite3.DatabaseError, match="frozen"):
        db.execute("UPDATE archive SET content = ? WHERE id = ?", [b"%PDF-1.4 forged", archive_id])
    with pytest.raises(sqlite3.DatabaseError, match="frozen"):
        db.execute("UPDATE archive SET sha256 = 'def' WHERE id = ?", [archive_id])
    with pytest.raises(sqlite3.DatabaseError, match="frozen"):
        db.execute("DELETE FROM archive WHERE id = ?", [archive_id])
    row = db["archive"].get(archive_id)
    assert row["content"] == b"%PDF-1.4 final" and row["sha256"] == "abc"


def test_seed_defaults_is_idempotent(db):
    counts = {t: db[t].count for t in ("units", "office_hours", "sop_revisions", "sop_steps",
                                         "profile")}
    office.seed_defaults(db)
    assert {t: db[t].count for t in counts} == counts
    assert counts["sop_steps"] == 13 and counts["office_hours"] == 7
