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
def m006_scan_uploader_and_withdrawals(db):
    """Issue #18: a scan records who uploaded it (it used to carry the Camat's approval,
    so Verifikasi showed a forged scan as "cocok" with the Camat's name), and an admin can
    withdraw a wrong scan with a reason: the bytes stay (archive rows are frozen), the
    withdrawal is its own append-only row."""
    _run(db, [
        "ALTER TABLE archive ADD COLUMN uploaded_by_name TEXT",
        """UPDATE archive SET uploaded_by_name = (
               SELECT e.actor_name FROM events e
               WHERE e.action = 'arsip.unggah' AND json_extract(e.details, '$.id') = archive.id
               ORDER BY e.id LIMIT 1)
           WHERE doc_type <> 'lakip'""",
        """CREATE TABLE archive_withdrawals (
            archive_id INTEGER PRIMARY KEY REFERENCES archive(id),
            reason TEXT NOT NULL,
            withdrawn_at TEXT NOT NULL,
            withdrawn_by_name TEXT NOT NULL
        )""",
        """CREATE TRIGGER archive_withdrawals_frozen BEFORE UPDATE ON archive_withdrawals
           BEGIN SELECT RAISE(ABORT, 'withdrawals are append-only'); END""",
        """CREATE TRIGGER archive_withdrawals_no_delete BEFORE DELETE ON archive_withdrawals
           BEGIN SELECT RAISE(ABORT, 'withdrawals are append-only'); END""",
    ])


def _program_key(text: str) -> str:
    """The matching key of a programme name: trimmed, spaces collapsed, lower case."""
    return " ".join((text or "").split()).lower()


@core()
def m007_planning_facts(db):
    """The facts an LKjIP is written from (issue #13): the year's programmes by
    identity, the Renstra period with sasaran identities, indicator cards with
    earlier years, Perjanjian Kinerja versions, office facts and SDM.

    Existing offices: each distinct column-6 text of a year's rows becomes a
    programme of that year and the rows link to it; budget rows link where their
    text matches a programme exactly (trim/case), the rest stay unlinked and are
    listed for the admin (lib.planning.programs.unlinked_budget)."""
    _run(db, [
        """CREATE TABLE programs (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            code TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,            -- trimmed, spaces collapsed, lower case
            pagu REAL NOT NULL DEFAULT 0 CHECK (pagu >= 0),
            sort INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT,
            updated_by_name TEXT,
            rev INTEGER NOT NULL DEFAULT 1,
            UNIQUE (year, name_key)
        )""",
        "ALTER TABLE indicators ADD COLUMN program_id INTEGER REFERENCES programs(id)",
        "ALTER TABLE budget ADD COLUMN program_id INTEGER REFERENCES programs(id)",
        """CREATE TABLE renstra_periods (
            id INTEGER PRIMARY KEY,
            start_year INTEGER NOT NULL,
            end_year INTEGER NOT NULL,
            nomor TEXT NOT NULL DEFAULT '',    -- the Renstra's legal document
            visi TEXT NOT NULL DEFAULT '',
            misi TEXT NOT NULL DEFAULT '[]',   -- JSON list
            tujuan TEXT NOT NULL DEFAULT '[]', -- JSON list
            updated_at TEXT,
            updated_by_name TEXT,
            rev INTEGER NOT NULL DEFAULT 1,
            CHECK (end_year >= start_year)
        )""",
        """CREATE TABLE renstra_sasaran (
            id INTEGER PRIMARY KEY,            -- the sasaran's identity
            period_id INTEGER NOT NULL REFERENCES renstra_periods(id),
            kode TEXT NOT NULL,                -- SS1, SS2 ... inside the period
            text TEXT NOT NULL,
            sort INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT,
            updated_by_name TEXT,
            rev INTEGER NOT NULL DEFAULT 1,
            UNIQUE (period_id, kode)
        )""",
        "ALTER TABLE indicators ADD COLUMN sasaran_id INTEGER REFERENCES renstra_sasaran(id)",
        """CREATE TABLE indicator_cards (
            id INTEGER PRIMARY KEY,            -- the indicator's identity across years
            indikator TEXT NOT NULL,
            indikator_key TEXT NOT NULL,
            unit_id INTEGER NOT NULL REFERENCES units(id),   -- penanggung jawab
            sasaran_id INTEGER REFERENCES renstra_sasaran(id),
            definisi TEXT NOT NULL DEFAULT '',
            formula TEXT NOT NULL DEFAULT '',
            satuan TEXT NOT NULL DEFAULT '',
            polarity TEXT NOT NULL DEFAULT 'positif',
            sumber_data TEXT NOT NULL DEFAULT '',
            is_iku INTEGER NOT NULL DEFAULT 0,
            target_akhir TEXT NOT NULL DEFAULT '',
            target_akhir_tahun INTEGER,
            standar_jenis TEXT NOT NULL DEFAULT '',   -- '' | nasional | provinsi
            standar_nilai TEXT NOT NULL DEFAULT '',
            standar_sumber TEXT NOT NULL DEFAULT '',
            updated_at TEXT,
            updated_by_name TEXT,
            rev INTEGER NOT NULL DEFAULT 1,
            UNIQUE (unit_id, indikator_key)
        )""",
        "ALTER TABLE indicators ADD COLUMN card_id INTEGER REFERENCES indicator_cards(id)",
        """CREATE TABLE card_years (
            card_id INTEGER NOT NULL REFERENCES indicator_cards(id),
            year INTEGER NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            realisasi TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'ketik',    -- ketik | impor
            updated_at TEXT,
            updated_by_name TEXT,
            PRIMARY KEY (card_id, year)
        )""",
        """CREATE TABLE pk_versions (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            versi INTEGER NOT NULL,
            tanggal TEXT NOT NULL,                   -- YYYY-MM-DD, the signing date
            alasan TEXT NOT NULL,                    -- awal | pejabat | program_anggaran | prioritas
            keterangan TEXT NOT NULL DEFAULT '',
            pihak_pertama_nama TEXT NOT NULL DEFAULT '',
            pihak_pertama_jabatan TEXT NOT NULL DEFAULT '',
            pihak_pertama_pangkat TEXT NOT NULL DEFAULT '',
            pihak_pertama_nip TEXT NOT NULL DEFAULT '',
            pihak_kedua_nama TEXT NOT NULL DEFAULT '',
            pihak_kedua_jabatan TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by_name TEXT NOT NULL,
            UNIQUE (year, versi)
        )""",
        """CREATE TABLE pk_targets (
            version_id INTEGER NOT NULL REFERENCES pk_versions(id),
            sort INTEGER NOT NULL,
            indicator_id INTEGER REFERENCES indicators(id),
            card_id INTEGER REFERENCES indicator_cards(id),
            sasaran_id INTEGER REFERENCES renstra_sasaran(id),
            unit_id INTEGER REFERENCES units(id),
            sasaran TEXT NOT NULL,
            indikator TEXT NOT NULL,
            satuan TEXT NOT NULL DEFAULT '',
            target TEXT NOT NULL,
            PRIMARY KEY (version_id, sort)
        )""",
        """CREATE TABLE pk_programs (
            version_id INTEGER NOT NULL REFERENCES pk_versions(id),
            sort INTEGER NOT NULL,
            program_id INTEGER REFERENCES programs(id),
            code TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            anggaran REAL NOT NULL DEFAULT 0,
            ket TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (version_id, sort)
        )""",
        """CREATE TRIGGER pk_targets_frozen BEFORE UPDATE ON pk_targets
           BEGIN SELECT RAISE(ABORT, 'PK versions are kept as signed'); END""",
        """CREATE TRIGGER pk_programs_frozen BEFORE UPDATE ON pk_programs
           BEGIN SELECT RAISE(ABORT, 'PK versions are kept as signed'); END""",
        """CREATE TABLE pk_scans (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES pk_versions(id),
            filename TEXT NOT NULL,
            mime TEXT NOT NULL,
            content BLOB NOT NULL,
            sha256 TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            uploaded_by_name TEXT NOT NULL
        )""",
        """CREATE TABLE pk_reviews (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            version_id INTEGER NOT NULL REFERENCES pk_versions(id),
            unit_state TEXT NOT NULL,               -- the form's state when the PK changed
            changes TEXT NOT NULL,                  -- JSON list of {indikator, lama, baru}
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by_name TEXT,
            note TEXT
        )""",
        """CREATE TABLE office_facts (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            kepala_daerah_nama TEXT NOT NULL DEFAULT '',
            kepala_daerah_jabatan TEXT NOT NULL DEFAULT '',
            luas_wilayah REAL,
            jumlah_nagari INTEGER,
            jumlah_desa INTEGER,
            jumlah_kelurahan INTEGER,
            jumlah_penduduk INTEGER,
            penduduk_tahun INTEGER,
            dasar_hukum TEXT NOT NULL DEFAULT '[]', -- JSON list of the office's own legal basis
            updated_at TEXT,
            updated_by_name TEXT,
            rev INTEGER NOT NULL DEFAULT 1
        )""",
        """CREATE TABLE sdm (
            year INTEGER NOT NULL,
            kategori TEXT NOT NULL,                 -- golongan | pendidikan
            item TEXT NOT NULL,                     -- I..IV / SD..S3
            jumlah INTEGER NOT NULL DEFAULT 0 CHECK (jumlah >= 0),
            updated_at TEXT,
            updated_by_name TEXT,
            PRIMARY KEY (year, kategori, item)
        )""",
    ])
    # existing offices: programmes by identity from the column-6 texts
    rows = db.execute("SELECT id, year, program FROM indicators ORDER BY year, unit_id, sort, id"
                      ).fetchall()
    ids: dict[tuple[int, str], int] = {}
    sorts: dict[int, int] = {}
    for row_id, year, text in rows:
        key = _program_key(text)
        if not key:
            continue
        pid = ids.get((year, key))
        if pid is None:
            sorts[year] = sorts.get(year, 0) + 1
            cur = db.execute("INSERT INTO programs (year, name, name_key, sort) VALUES (?, ?, ?, ?)",
                             [year, " ".join(text.split()), key, sorts[year]])
            pid = ids[(year, key)] = cur.lastrowid
        db.execute("UPDATE indicators SET program_id = ? WHERE id = ?", [pid, row_id])
    for bid, year, text, pagu in db.execute(
            "SELECT id, year, program, pagu FROM budget ORDER BY year, sort, id").fetchall():
        pid = ids.get((year, _program_key(text)))
        if pid is not None:
            db.execute("UPDATE budget SET program_id = ? WHERE id = ?", [pid, bid])
            db.execute("UPDATE programs SET pagu = ? WHERE id = ?", [pagu, pid])

    # existing offices: one indicator card per (unit, indicator text), the latest
    # year's row giving its facts; the rows' earlier-realisasi map becomes card years
    import json as _json

    cards: dict[tuple[int, str], int] = {}
    perkin_years: dict[int, set[int]] = {}
    rows = db.execute("SELECT id, year, unit_id, indikator, satuan, polarity, sumber_data, "
                      "is_iku, renstra_target, history FROM indicators "
                      "ORDER BY year DESC, unit_id, sort, id").fetchall()
    for (row_id, year, unit_id, indikator, satuan, polarity, sumber, iku, renstra,
         history) in rows:
        key = _program_key(indikator)
        cid = cards.get((unit_id, key))
        if cid is None:
            cur = db.execute(
                "INSERT INTO indicator_cards (indikator, indikator_key, unit_id, satuan, "
                "polarity, sumber_data, is_iku, target_akhir) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [" ".join(indikator.split()), key, unit_id, satuan, polarity, sumber, iku,
                 renstra])
            cid = cards[(unit_id, key)] = cur.lastrowid
        db.execute("UPDATE indicators SET card_id = ? WHERE id = ?", [cid, row_id])
        perkin_years.setdefault(cid, set()).add(year)
    for row_id, card_id, history in db.execute(
            "SELECT id, card_id, history FROM indicators WHERE card_id IS NOT NULL").fetchall():
        try:
            hist = _json.loads(history or "{}")
        except ValueError:
            continue
        for y, value in (hist.items() if isinstance(hist, dict) else []):
            if not str(y).isdigit() or int(y) in perkin_years.get(card_id, set()):
                continue
            db.execute("INSERT OR IGNORE INTO card_years (card_id, year, realisasi, source) "
                       "VALUES (?, ?, ?, 'ketik')", [card_id, int(y), str(value)])


@core()
def m008_paper(db):
    """The kop's website, and the paper of offices that predate F4 as the
    default: an office that already has a profile keeps A4 until its admin
    changes it (a new install gets no row and so the default F4)."""
    _run(db, ["ALTER TABLE profile ADD COLUMN website TEXT NOT NULL DEFAULT ''"])
    existing = db.execute("SELECT 1 FROM profile").fetchone() is not None
    stored = db.execute("SELECT 1 FROM settings WHERE key = 'paper'").fetchone() is not None
    if existing and not stored:
        db.execute("""INSERT INTO settings (key, value) VALUES ('paper', '"A4"')""")


@core()
def m009_lkjip_analyses_reviu(db):
    """Issue #14: the analysis of Bab III keyed by the sasaran's identity (one per
    sasaran and year, empty by default) and the APIP reviu of a report version.

    Existing offices: each text-keyed analysis (``narratives`` rows
    ``analisis:<key>:<sasaran text>``) moves to the sasaran its year's rows point at
    (or the sasaran of the Renstra containing the year with that wording); the moved
    rows leave ``narratives``. A text whose sasaran cannot be found stays where it was
    (nothing is lost; the report no longer prints it). An office that already has a
    profile keeps the report title it saw (LAKIP) unless its admin chose one; a new
    install gets LKjIP."""
    _run(db, [
        """CREATE TABLE lkjip_analyses (
            year INTEGER NOT NULL,
            sasaran_id INTEGER NOT NULL REFERENCES renstra_sasaran(id),
            pendukung TEXT NOT NULL DEFAULT '',
            penghambat TEXT NOT NULL DEFAULT '',
            upaya TEXT NOT NULL DEFAULT '',
            rev INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT,
            updated_by_name TEXT,
            PRIMARY KEY (year, sasaran_id)
        )""",
        """CREATE TABLE lkjip_reviu (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            version INTEGER NOT NULL,            -- the report version reviewed
            reviewer TEXT NOT NULL,
            nip TEXT NOT NULL,
            reviewed_on TEXT NOT NULL,           -- YYYY-MM-DD
            result TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX lkjip_reviu_year ON lkjip_reviu (year, version)",
    ])
    prefix = "analisis:"
    for year, section, text, updated_at, updated_by in db.execute(
            "SELECT year, section, text, updated_at, updated_by_name FROM narratives "
            "WHERE section LIKE 'analisis:%' ORDER BY year, section").fetchall():
        key, _, wording = section[len(prefix):].partition(":")
        if key not in ("pendukung", "penghambat", "upaya") or not wording:
            continue
        norm = _program_key(wording)
        sid = None
        for (candidate, row_text) in db.execute(
                "SELECT DISTINCT sasaran_id, sasaran FROM indicators WHERE year = ? AND "
                "sasaran_id IS NOT NULL", [year]).fetchall():
            if _program_key(row_text) == norm:
                sid = candidate
                break
        if sid is None:
            for (candidate, s_text) in db.execute(
                    "SELECT s.id, s.text FROM renstra_sasaran s JOIN renstra_periods p ON "
                    "p.id = s.period_id WHERE p.start_year <= ? AND p.end_year >= ?",
                    [year, year]).fetchall():
                if _program_key(s_text) == norm:
                    sid = candidate
                    break
        if sid is None:
            continue
        if db.execute("SELECT 1 FROM lkjip_analyses WHERE year = ? AND sasaran_id = ?",
                      [year, sid]).fetchone() is None:
            db.execute("INSERT INTO lkjip_analyses (year, sasaran_id, rev, updated_at, "
                       "updated_by_name) VALUES (?, ?, 1, ?, ?)",
                       [year, sid, updated_at, updated_by])
        db.execute(f"UPDATE lkjip_analyses SET {key} = ? WHERE year = ? AND sasaran_id = ?",
                   [text, year, sid])
        db.execute("DELETE FROM narratives WHERE year = ? AND section = ?", [year, section])
    existing = db.execute("SELECT 1 FROM profile").fetchone() is not None
    stored = db.execute("SELECT 1 FROM settings WHERE key = 'report_title'").fetchone()
    if existing and stored is None:
        db.execute("""INSERT INTO settings (key, value) VALUES ('report_title', '"LAKIP"')""")


@core()
def m010_holiday_sources(db):
    """Where each holiday comes from ('nasional': the ``holidays`` package,
    'cuti_bersama': Perkin's shipped SKB list, 'admin': typed by the admin), the days
    the admin removed (a later load never brings one back), and the years loaded.
    (m009 is another branch's; the numbers only order, they need not be contiguous.)"""
    _run(db, [
        "ALTER TABLE holidays ADD COLUMN source TEXT NOT NULL DEFAULT 'admin'",
        """CREATE TABLE holidays_removed (
            date TEXT PRIMARY KEY,  -- YYYY-MM-DD
            name TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            removed_at TEXT NOT NULL,
            removed_by_name TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE holiday_years (
            year INTEGER PRIMARY KEY,
            loaded_at TEXT NOT NULL,
            nasional INTEGER NOT NULL DEFAULT 0,     -- days the library gave
            cuti_bersama INTEGER NOT NULL DEFAULT 0, -- days Perkin's list gave
            has_cuti_bersama INTEGER NOT NULL DEFAULT 0   -- Perkin ships a list for it
        )""",
    ])



@core()
def m011_indicators_by_card(db):
    """Rows by card: a card's earlier years (``cards.history``, the readiness check, the
    Perencanaan warnings) were read by a scan of every year's rows, 2 ms a card on a
    ten-year office (1.1 s a Perencanaan run for 481 cards, issue #21)."""
    _run(db, ["CREATE INDEX IF NOT EXISTS indicators_card ON indicators(card_id, year)"])


MIGRATION_SETS = [core]
