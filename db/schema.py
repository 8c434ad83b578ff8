"""Schema of the Perkin database, as sqlite-utils migrations.

Migration sets are applied in the order of ``MIGRATION_SETS``. A feature that
needs new tables adds a migration function at the end of its set (or a new
set appended to the list); an applied migration is never edited.

Conventions:
- times are ISO-8601 strings with offset, Asia/Jakarta (``2026-11-23T08:00:00+07:00``);
- ``rev`` columns are row versions for optimistic concurrency;
- ``events`` is append-only (triggers refuse UPDATE and DELETE);
- archived documents are never rewritten (trigger refuses UPDATE of bytes).
"""
from __future__ import annotations

from sqlite_utils import Migrations

core = Migrations("perkin_core")


def _run(db, statements: list[str]) -> None:
    for sql in statements:
        db.execute(sql)


@core()
def m001_foundation(db):
    _run(db, [
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL            -- JSON
        )""",
        """CREATE TABLE profile (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pemerintah TEXT NOT NULL DEFAULT '',
            kecamatan TEXT NOT NULL DEFAULT '',
            alamat TEXT NOT NULL DEFAULT '',
            telepon TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            kode_pos TEXT NOT NULL DEFAULT '',
            kode_surat TEXT NOT NULL DEFAULT '',
            ibukota TEXT NOT NULL DEFAULT '',
            logo BLOB,
            logo_mime TEXT,
            rev INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT
        )""",
        """CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            head_title TEXT NOT NULL DEFAULT '',
            supplies_data INTEGER NOT NULL DEFAULT 1,
            active INTEGER NOT NULL DEFAULT 1,
            sort INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL,
            nip TEXT NOT NULL DEFAULT '',
            pangkat TEXT NOT NULL DEFAULT '',
            jabatan TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL,
            is_admin INTEGER NOT NULL DEFAULT 0,
            acting TEXT NOT NULL DEFAULT '',       -- '', 'Plt.' or 'Plh.'
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL,
            password_changed_at TEXT,
            rev INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE user_units (
            user_id INTEGER NOT NULL REFERENCES users(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            PRIMARY KEY (user_id, unit_id)
        )""",
        """CREATE TABLE office_hours (
            weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
            start TEXT,            -- 'HH:MM' or NULL when closed
            end TEXT,
            break_start TEXT,
            break_end TEXT
        )""",
        """CREATE TABLE holidays (
            date TEXT PRIMARY KEY,  -- YYYY-MM-DD
            name TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE sop_revisions (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            header TEXT NOT NULL,   -- JSON: the SOP header block
            is_current INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE sop_steps (
            revision_id INTEGER NOT NULL REFERENCES sop_revisions(id),
            no INTEGER NOT NULL,
            kegiatan TEXT NOT NULL,
            actor_role TEXT NOT NULL,
            actor_unit TEXT,        -- unit code narrowing the role, or NULL
            kelengkapan TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            output TEXT NOT NULL,
            return_to INTEGER,      -- step no a decision may return to
            per_unit INTEGER NOT NULL DEFAULT 0,
            kind TEXT NOT NULL DEFAULT 'umum',  -- what completes it (lib.sop.KINDS)
            PRIMARY KEY (revision_id, no)
        )""",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id INTEGER,
            username TEXT NOT NULL,
            actor_name TEXT NOT NULL,
            role TEXT NOT NULL,
            action TEXT NOT NULL,
            year INTEGER,
            step_no INTEGER,
            unit_code TEXT,
            from_state TEXT,
            to_state TEXT,
            reason TEXT,
            details TEXT           -- JSON
        )""",
        "CREATE INDEX events_year ON events(year, id)",
        """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
        """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    ])


@core()
def m002_cycle(db):
    _run(db, [
        """CREATE TABLE cycles (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL UNIQUE,
            sop_revision_id INTEGER NOT NULL REFERENCES sop_revisions(id),
            status TEXT NOT NULL DEFAULT 'berjalan',   -- berjalan | selesai
            version INTEGER NOT NULL DEFAULT 1,         -- LAKIP version
            created_at TEXT NOT NULL,
            created_by INTEGER REFERENCES users(id),
            closed_at TEXT,
            rev INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE step_runs (
            id INTEGER PRIMARY KEY,
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            step_no INTEGER NOT NULL,
            unit_id INTEGER REFERENCES units(id),
            round INTEGER NOT NULL DEFAULT 1,
            version INTEGER NOT NULL DEFAULT 1,
            opened_at TEXT NOT NULL,
            completed_at TEXT,
            completed_by INTEGER REFERENCES users(id),
            completed_by_name TEXT,
            outcome TEXT,          -- selesai | dikembalikan | diterima | dilanjutkan
            reason TEXT,
            data TEXT              -- JSON: the step's Kelengkapan
        )""",
        """CREATE UNIQUE INDEX step_runs_unique
           ON step_runs(cycle_id, step_no, IFNULL(unit_id, 0), round, version)""",
        """CREATE TABLE unit_states (
            cycle_id INTEGER NOT NULL REFERENCES cycles(id),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            state TEXT NOT NULL,      -- belum_mulai | draft | dikirim | dikembalikan | diterima
            round INTEGER NOT NULL DEFAULT 1,
            compiled_round INTEGER,   -- the step-4 round that compiled the last submission
            reason TEXT,
            updated_at TEXT NOT NULL,
            updated_by_name TEXT,
            PRIMARY KEY (cycle_id, unit_id)
        )""",
    ])


@core()
def m003_format(db):
    _run(db, [
        """CREATE TABLE indicators (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            sort INTEGER NOT NULL DEFAULT 0,
            origin TEXT NOT NULL DEFAULT 'master',   -- master | unit
            sasaran TEXT NOT NULL,
            indikator TEXT NOT NULL,
            is_iku INTEGER NOT NULL DEFAULT 0,
            satuan TEXT NOT NULL DEFAULT '',
            polarity TEXT NOT NULL DEFAULT 'positif', -- positif | negatif
            target TEXT NOT NULL DEFAULT '',
            renstra_target TEXT NOT NULL DEFAULT '',
            history TEXT NOT NULL DEFAULT '{}',       -- JSON {"2023": "85 %"}
            program TEXT NOT NULL DEFAULT '',
            sumber_data TEXT NOT NULL DEFAULT '',
            realisasi TEXT NOT NULL DEFAULT '',
            belum_berjalan INTEGER NOT NULL DEFAULT 0,
            ket TEXT NOT NULL DEFAULT '',
            target_flag TEXT NOT NULL DEFAULT '',     -- e.g. imported target differing from PK
            updated_at TEXT,
            updated_by_name TEXT,
            rev INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE INDEX indicators_year_unit ON indicators(year, unit_id, sort)",
        """CREATE TABLE unit_forms (
            year INTEGER NOT NULL,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            rev INTEGER NOT NULL DEFAULT 0,
            saved_at TEXT,
            saved_by_name TEXT,
            PRIMARY KEY (year, unit_id)
        )""",
        """CREATE TABLE row_comments (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators(id),
            at TEXT NOT NULL,
            author_name TEXT NOT NULL,
            text TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE files (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,            -- evidence | reference | scan | receipt
            year INTEGER,
            unit_id INTEGER REFERENCES units(id),
            indicator_id INTEGER REFERENCES indicators(id),
            label TEXT NOT NULL DEFAULT '',  -- e.g. Renstra, PK
            original_name TEXT NOT NULL,     -- shown only, never a path
            stored_name TEXT NOT NULL UNIQUE,
            mime TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            uploaded_by_name TEXT NOT NULL
        )""",
        """CREATE TABLE budget (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            sort INTEGER NOT NULL DEFAULT 0,
            program TEXT NOT NULL,
            pagu REAL NOT NULL DEFAULT 0,
            realisasi REAL NOT NULL DEFAULT 0,
            updated_at TEXT,
            updated_by_name TEXT
        )""",
        """CREATE TABLE narratives (
            year INTEGER NOT NULL,
            section TEXT NOT NULL,
            text TEXT NOT NULL,
            updated_at TEXT,
            updated_by_name TEXT,
            rev INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (year, section)
        )""",
    ])


@core()
def m004_documents(db):
    _run(db, [
        """CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,            -- calendar year of the number
            seq INTEGER,                      -- Perkin's sequence (NULL when typed from agenda)
            number TEXT NOT NULL UNIQUE,
            doc_type TEXT NOT NULL,           -- nota-dinas | surat-pengantar | ...
            klasifikasi TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            letter_date TEXT NOT NULL,
            cycle_year INTEGER,
            source TEXT NOT NULL,             -- perkin | agenda
            status TEXT NOT NULL DEFAULT 'aktif',  -- aktif | dibatalkan
            cancel_reason TEXT,
            created_at TEXT NOT NULL,
            created_by_name TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX letters_seq ON letters(year, seq) WHERE seq IS NOT NULL",
        """CREATE TABLE archive (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            doc_type TEXT NOT NULL,          -- lakip | scan | receipt
            version INTEGER NOT NULL DEFAULT 1,
            title TEXT NOT NULL,
            filename TEXT NOT NULL,
            content BLOB NOT NULL,
            sha256 TEXT NOT NULL,
            verify_code TEXT UNIQUE,
            approved_by_name TEXT,
            approved_at TEXT,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX archive_sha ON archive(sha256)",
        """CREATE TRIGGER archive_frozen BEFORE UPDATE OF content, sha256 ON archive
           BEGIN SELECT RAISE(ABORT, 'archived documents are frozen'); END""",
        """CREATE TRIGGER archive_no_delete BEFORE DELETE ON archive
           BEGIN SELECT RAISE(ABORT, 'archived documents are frozen'); END""",
    ])


@core()
def m005_sessions(db):
    # One row per login (issue #17): the cookie carries a random token whose SHA-256 is
    # token_hash; a cookie logs in only while its row is live (not ended, not expired).
    _run(db, [
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,          -- absolute end (created + session_expiry_days)
            client_hint TEXT NOT NULL DEFAULT '',
            ended_at TEXT,
            end_reason TEXT                    -- keluar | sandi | nonaktif | peran | semua | ...
        )""",
        "CREATE INDEX sessions_user ON sessions(user_id) WHERE ended_at IS NULL",
    ])


@core()
def m006_paper(db):
    """The kop's website, and the paper of offices that predate F4 as the
    default: an office that already has a profile keeps A4 until its admin
    changes it (a new install gets no row and so the default F4)."""
    _run(db, ["ALTER TABLE profile ADD COLUMN website TEXT NOT NULL DEFAULT ''"])
    existing = db.execute("SELECT 1 FROM profile").fetchone() is not None
    stored = db.execute("SELECT 1 FROM settings WHERE key = 'paper'").fetchone() is not None
    if existing and not stored:
        db.execute("""INSERT INTO settings (key, value) VALUES ('paper', '"A4"')""")


MIGRATION_SETS = [core]
