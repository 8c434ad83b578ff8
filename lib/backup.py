"""Backups of one office's data folder, and restoring them.

A backup is a zip holding:

* ``perkin.db``      - a consistent copy made with SQLite's online backup API,
                       so it can be taken while the app is running (WAL);
* ``uploads/...``    - every uploaded file (evidence, scans, references);
* ``manifest.json``  - ``app`` "perkin", ``format``, ``created_at``, the
                       sha256 and size of every other member, and counts.

The cookie secret is deliberately left out: it only signs login cookies, a new
laptop generates its own, and a backup copied around the office should not
carry it. Nothing else in the data folder is needed to restore an office.

Restoring checks the file completely (zip, manifest, hashes, SQLite integrity,
Perkin tables) before touching anything, refuses while the app runs, keeps the
current state as a "sebelum-restore" backup, then swaps the database and the
uploads folder in with ``os.replace`` and applies pending migrations.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from lib import clock, faults, paths
from lib.spelling import format_datetime
from lib.errors import PerkinError

APP = "perkin"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = "perkin.db"
UPLOADS = "uploads"
DB_NAME = "perkin.db"
BACKUPS = "backups"
AUTO_PREFIX = "perkin-auto-"
BEFORE_RESTORE_PREFIX = "perkin-sebelum-restore-"
# Tables a database must have to be taken for a Perkin database.
REQUIRED_TABLES = frozenset({"meta", "settings", "profile", "units", "users", "events",
                             "sop_revisions", "sop_steps", "cycles", "step_runs"})
_CHUNK = 1024 * 1024


# ---------------------------------------------------------------- helpers
def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _stamp(now: dt.datetime) -> str:
    return now.astimezone(clock.TZ).strftime("%Y%m%d-%H%M%S")


def free_name(folder: Path, stem: str, suffix: str = ".zip") -> Path:
    """``folder/stem.zip``, or ``stem-2.zip``... when that exists already."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def _conn(db):
    """A sqlite3 connection from a sqlite_utils Database or a connection."""
    return getattr(db, "conn", db)


def snapshot_db(db_path: str | os.PathLike, dest: str | os.PathLike) -> None:
    """Copy the live database at ``db_path`` into the new file ``dest`` with the
    SQLite backup API (consistent even while other processes write), as a
    self-contained file (journal mode DELETE, no -wal beside it)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise PerkinError(f"Basis data {db_path} tidak ditemukan. Jalankan dulu "
                          "'python3 run.py init'.")
    src = sqlite3.connect(str(db_path), timeout=10)
    try:
        dst = sqlite3.connect(str(dest))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


def integrity_check(db, *, foreign_keys: bool = True) -> list[str]:
    """Problems found by ``PRAGMA integrity_check`` (and ``foreign_key_check``),
    in Bahasa Indonesia; an empty list means the database is sound."""
    conn = _conn(db)
    problems = []
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as err:  # too damaged for the check itself to finish
        return [f"Kerusakan basis data: {err}"]
    if rows != ["ok"]:
        problems += [f"Kerusakan basis data: {r}" for r in rows]
        return problems  # foreign_key_check may stumble over the same damage
    if foreign_keys:
        for table, rowid, parent, _fkid in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"Tabel {table} baris {rowid} merujuk ke data {parent} "
                            "yang tidak ada.")
    return problems


def quick_check(db_path: str | os.PathLike) -> list[str]:
    """Problems found by ``PRAGMA quick_check`` on the database file (run at every start:
    O(N), no index-content comparison; the full ``integrity_check`` stays in ``check``).
    A file SQLite cannot read at all is one problem too. Empty list: sound."""
    try:
        conn = sqlite3.connect(f"file:{Path(db_path).as_posix()}?mode=ro", uri=True, timeout=10)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        return [f"Berkas basis data tidak dapat dibaca ({err})."]
    if rows == ["ok"]:
        return []
    lines = [line for r in rows for line in str(r).splitlines() if line.strip()
             and not line.startswith("***")]
    return [f"Kerusakan basis data: {line}" for line in lines[:20]] or ["Kerusakan basis data."]


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _counts(conn) -> dict:
    tables = _tables(conn)
    out = {}
    for table, key in (("users", "users"), ("cycles", "cycles"), ("files", "files")):
        out[key] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] \
            if table in tables else 0
    return out


def _office_mode(conn) -> str | None:
    if "meta" not in _tables(conn):
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'office_mode'").fetchone()
    return row[0] if row else None


# ---------------------------------------------------------------- making
def make_backup(db_path: str | os.PathLike, uploads_dir: str | os.PathLike,
                out_zip: str | os.PathLike, *, now: dt.datetime | None = None,
                allow_damaged: bool = False) -> dict:
    """Write a backup zip of the database and uploads; return its manifest.

    A database failing ``quick_check`` is refused unless ``allow_damaged`` (only for the
    "sebelum-restore" copy, which no rotation ever deletes).

    The zip is written under a temporary name beside ``out_zip`` and renamed
    at the end, so a failed backup leaves no half file behind."""
    out_zip = Path(out_zip)
    uploads_dir = Path(uploads_dir)
    now = now or clock.now()
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".perkin-backup-", dir=out_zip.parent) as tmp:
        snap = Path(tmp) / DB_NAME
        snapshot_db(db_path, snap)
        damaged = quick_check(snap)
        if damaged and not allow_damaged:
            # A copy of a damaged database would only push a good backup out of rotation.
            raise PerkinError(f"Basis data {Path(db_path).name} rusak; cadangan tidak dibuat.",
                              problems=damaged)
        conn = sqlite3.connect(str(snap))
        try:
            counts = _counts(conn)
            mode = _office_mode(conn)
        finally:
            conn.close()
        members: list[tuple[str, Path]] = [(DB_MEMBER, snap)]
        if uploads_dir.is_dir():
            for path in sorted(uploads_dir.rglob("*")):
                # ".tmp-*" are uploads still being written (lib.files); never part of the data.
                if path.is_file() and not path.is_symlink() and not path.name.startswith(".tmp-"):
                    rel = path.relative_to(uploads_dir).as_posix()
                    members.append((f"{UPLOADS}/{rel}", path))
        files = {}
        partial = Path(tmp) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED,
                             allowZip64=True) as zf:
            for name, path in members:
                files[name] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
                zf.write(path, name)
            manifest = {
                "app": APP,
                "format": FORMAT_VERSION,
                "created_at": clock.iso(now),
                "office_mode": mode,
                "counts": counts,
                "files": files,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        faults.checkpoint("backup.rename")
        os.replace(partial, out_zip)
    return manifest


def _auto_order(path: Path) -> tuple[int, str, int]:
    """Oldest first: by modification time (a name freed by pruning may be given again
    within the same second), then by name with "-2", "-3"... after the plain name."""
    stem = path.stem[len(AUTO_PREFIX):]
    base, sep, n = stem.rpartition("-")
    if not (sep and n.isdigit() and len(n) < 6):  # not "YYYYmmdd-HHMMSS-2"
        base, n = stem, "1"
    return path.stat().st_mtime_ns, base, int(n)


def backups_newest_first(data_dir: str | os.PathLike) -> list[Path]:
    """Every backup zip in ``<data>/backups`` (automatic, manual, before-restore), newest first."""
    folder = Path(data_dir) / BACKUPS
    if not folder.is_dir():
        return []
    zips = [p for p in folder.glob("*.zip") if p.is_file()]
    return sorted(zips, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def newest_verified(candidates: list[Path]) -> Path | None:
    """The first of ``candidates`` (give them newest first) that passes ``verify_backup``."""
    for path in candidates:
        try:
            verify_backup(path)
        except PerkinError:
            continue
        return path
    return None


def damaged_start_message(data_dir: str | os.PathLike, problems: list[str]) -> str:
    """What the operator reads when the database fails ``quick_check`` at start: the
    newest backup that verifies and the command restoring it, or what to do without one."""
    data_dir = Path(data_dir)
    good = newest_verified(backups_newest_first(data_dir))
    head = (f"Basis data {data_dir / DB_NAME} rusak (pemeriksaan cepat menemukan "
            f"{len(problems)} masalah). Perkin tidak dijalankan dan tidak membuat cadangan "
            "otomatis, agar cadangan yang baik tidak tergeser oleh salinan yang rusak.")
    if good is not None:
        stamp = dt.datetime.fromtimestamp(good.stat().st_mtime, clock.TZ)
        return (f"{head}\nCadangan terbaru yang lolos pemeriksaan: {good} (dibuat "
                f"{format_datetime(stamp, wib=True)}).\nPulihkan dengan:\n"
                f"  python3 run.py restore \"{good}\"\n"
                "Keadaan yang rusak disimpan lebih dulu sebagai cadangan 'sebelum-restore' "
                "bila masih dapat disalin.")
    return (f"{head}\nTidak ada cadangan di {data_dir / BACKUPS} yang lolos pemeriksaan. "
            "Jangan hapus apa pun di folder data. Salin seluruh folder data ke tempat aman, "
            "lalu cari cadangan lain (flashdisk, komputer lain) dan pulihkan dengan "
            "'python3 run.py restore BERKAS.zip', atau hubungi pengelola TI untuk "
            "memperbaiki basis datanya.")


def check_before_start(data_dir: str | os.PathLike) -> None:
    """Run at every start before anything writes: ``PRAGMA quick_check`` on the database;
    PerkinError with ``damaged_start_message`` when it fails. No database yet: nothing."""
    db_file = Path(data_dir) / DB_NAME
    if not db_file.is_file():
        return
    problems = quick_check(db_file)
    if problems:
        raise PerkinError(damaged_start_message(data_dir, problems), problems=problems)


def auto_backup(data_dir: str | os.PathLike, keep: int = 7, *,
                now: dt.datetime | None = None) -> Path | None:
    """The automatic backup made before each start: ``backups/perkin-auto-
    YYYYmmdd-HHMMSS.zip``; only the newest ``keep`` automatic backups stay
    (other backups in the folder are never deleted), and never the newest
    automatic backup that verifies, however old. None when there is no
    database yet. A database failing ``quick_check`` is refused (PerkinError)."""
    data_dir = Path(data_dir)
    db_file = data_dir / DB_NAME
    if not db_file.is_file():
        return None
    check_before_start(data_dir)
    now = now or clock.now()
    folder = data_dir / BACKUPS
    folder.mkdir(parents=True, exist_ok=True)
    out = free_name(folder, AUTO_PREFIX + _stamp(now))
    make_backup(db_file, data_dir / UPLOADS, out, now=now)
    prune_autos(folder, keep)
    return out


def prune_autos(folder: Path, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest ``keep``, but never the newest one that
    verifies (checked from the newest down; usually the first checked). Returns the
    deleted paths."""
    autos = sorted(Path(folder).glob(AUTO_PREFIX + "*.zip"), key=_auto_order)
    doomed = autos[:max(len(autos) - max(keep, 1), 0)]
    if not doomed:
        return []
    protected = newest_verified(list(reversed(autos)))
    gone = []
    for old in doomed:
        if old != protected:
            old.unlink(missing_ok=True)
            gone.append(old)
    return gone


# ---------------------------------------------------------------- leftovers
TEMP_PATTERNS = ((UPLOADS, ".tmp-*"), (BACKUPS, ".perkin-backup-*"), (".", ".restore-*"),
                 (".", ".*.tmp"), (BACKUPS, ".*.tmp"))
TEMP_MIN_AGE_S = 600


def leftover_temp_files(data_dir: str | os.PathLike) -> list[Path]:
    """Temporary files and folders a killed write left in the data folder: uploads being
    written (``uploads/.tmp-*``), backups being made (``backups/.perkin-backup-*``),
    restores (``.restore-*``), exports (``.<name>.tmp``)."""
    data_dir = Path(data_dir)
    found: set[Path] = set()
    for sub, pattern in TEMP_PATTERNS:
        folder = data_dir / sub
        if folder.is_dir():
            found.update(p for p in folder.glob(pattern) if not p.is_symlink())
    return sorted(found)


def temp_size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def remove_temp_files(data_dir: str | os.PathLike, *, now: float | None = None,
                      min_age_s: int = TEMP_MIN_AGE_S) -> tuple[list[Path], list[Path]]:
    """Remove the leftovers older than ``min_age_s`` (a younger one may be a write still
    running). Returns (removed, kept because too young)."""
    import time

    now = time.time() if now is None else now
    removed, young = [], []
    for path in leftover_temp_files(data_dir):
        if now - path.stat().st_mtime < min_age_s:
            young.append(path)
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed, young


# ---------------------------------------------------------------- checking
NOT_A_BACKUP = "Berkas {name} bukan cadangan Perkin"


def _safe_member(name: str) -> bool:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or "\\" in name or ":" in name:
        return False
    return name == DB_MEMBER or (len(p.parts) >= 2 and p.parts[0] == UPLOADS)


def _read_manifest(zf: zipfile.ZipFile, label: str) -> dict:
    try:
        raw = zf.read(MANIFEST)
    except KeyError:
        raise PerkinError(NOT_A_BACKUP.format(name=label) + " (tidak ada manifest.json).") \
            from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PerkinError(NOT_A_BACKUP.format(name=label) + " (manifest.json rusak).") from None
    if not isinstance(manifest, dict) or manifest.get("app") != APP:
        raise PerkinError(NOT_A_BACKUP.format(name=label) + ".")
    fmt = manifest.get("format")
    if not isinstance(fmt, int):
        raise PerkinError(NOT_A_BACKUP.format(name=label) + " (versi format tidak dikenal).")
    if fmt > FORMAT_VERSION:
        raise PerkinError(f"Cadangan {label} dibuat oleh versi Perkin yang lebih baru "
                          f"(format {fmt}); perbarui Perkin dulu.")
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_MEMBER not in files:
        raise PerkinError(NOT_A_BACKUP.format(name=label) + " (tidak memuat basis data).")
    return manifest


def _extract_verified(zip_path: Path, workdir: Path) -> dict:
    """Check ``zip_path`` completely and extract its members into ``workdir``
    (``perkin.db`` and ``uploads/``). Raises PerkinError on any problem."""
    label = zip_path.name
    if not zip_path.is_file():
        raise PerkinError(f"Berkas {zip_path} tidak ditemukan.")
    if not zipfile.is_zipfile(zip_path):
        raise PerkinError(NOT_A_BACKUP.format(name=label) + " (bukan berkas zip).")
    try:
        with zipfile.ZipFile(zip_path) as zf:
            manifest = _read_manifest(zf, label)
            files = manifest["files"]
            names = [i.filename for i in zf.infolist() if not i.is_dir()]
            extra = sorted(set(names) - set(files) - {MANIFEST})
            missing = sorted(set(files) - set(names))
            unsafe = sorted(n for n in files if not _safe_member(n))
            if unsafe:
                raise PerkinError(f"Cadangan {label} ditolak: memuat nama berkas yang tidak "
                                  f"aman ({unsafe[0]}).")
            if missing or extra:
                what = (f"hilang: {', '.join(missing[:3])}" if missing
                        else f"tidak terdaftar: {', '.join(extra[:3])}")
                raise PerkinError(f"Cadangan {label} tidak utuh ({what}).")
            for name, info in files.items():
                target = workdir.joinpath(*PurePosixPath(name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                h = hashlib.sha256()
                with zf.open(name) as src, open(target, "wb") as dst:
                    for chunk in iter(lambda: src.read(_CHUNK), b""):
                        h.update(chunk)
                        dst.write(chunk)
                if not isinstance(info, dict) or h.hexdigest() != info.get("sha256"):
                    raise PerkinError(f"Cadangan {label} rusak atau telah diubah: isi {name} "
                                      "tidak cocok dengan manifest.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as err:
        raise PerkinError(f"Cadangan {label} rusak ({err}).") from None
    except OSError as err:
        raise PerkinError(f"Cadangan {label} tidak dapat dibaca ({err.strerror or err}).") \
            from None
    db_file = workdir / DB_MEMBER
    try:
        conn = sqlite3.connect(str(db_file))
        try:
            problems = integrity_check(conn, foreign_keys=False)
            missing_tables = REQUIRED_TABLES - _tables(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise PerkinError(f"Cadangan {label} rusak: berkas basis datanya tidak dapat "
                          "dibaca.") from None
    if problems:
        raise PerkinError(f"Cadangan {label} rusak: basis datanya tidak lolos pemeriksaan.",
                          problems=problems)
    if missing_tables:
        raise PerkinError(f"Cadangan {label} bukan basis data Perkin (tabel "
                          f"{', '.join(sorted(missing_tables))} tidak ada).")
    return manifest


def verify_backup(zip_path: str | os.PathLike) -> dict:
    """The manifest of a sound Perkin backup, else PerkinError saying why."""
    zip_path = Path(zip_path)
    with tempfile.TemporaryDirectory(prefix="perkin-verify-") as tmp:
        return _extract_verified(zip_path, Path(tmp))


# ---------------------------------------------------------------- restoring
def _app_pid(data_dir: Path) -> int | None:
    """The live app's pid on ``data_dir`` (any data folder, not only the current one)."""
    return paths.running_pid(Path(data_dir))


def _checkpoint(db_file: Path) -> None:
    """Fold the WAL into the database file so no -wal is left to replay."""
    if not db_file.exists():
        return
    conn = sqlite3.connect(str(db_file), timeout=10)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def restore_backup(zip_path: str | os.PathLike, data_dir: str | os.PathLike, *,
                   now: dt.datetime | None = None) -> dict:
    """Replace the office in ``data_dir`` by the backup ``zip_path``.

    Returns the backup's manifest plus ``before_restore`` (the path of the
    backup of the state replaced, or None when there was none) and
    ``migrations`` (applied now). Nothing changes unless the backup is sound
    and the app is not running."""
    from db import connect, migrate

    zip_path = Path(zip_path)
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    db_file = data_dir / DB_NAME
    uploads = data_dir / UPLOADS
    now = now or clock.now()

    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        manifest = _extract_verified(zip_path, work)
        pid = _app_pid(data_dir)
        if pid is not None:
            raise PerkinError(f"Aplikasi Perkin sedang berjalan (proses {pid}). Hentikan dulu "
                              "aplikasinya (Ctrl+C di jendela run.py), lalu ulangi pemulihan. Bila "
                              "aplikasi sudah pasti berhenti, hapus berkas app.pid di "
                              f"{data_dir}.")
        before = None
        if db_file.exists():
            folder = data_dir / BACKUPS
            folder.mkdir(exist_ok=True)
            before = free_name(folder, BEFORE_RESTORE_PREFIX + _stamp(now))
            try:
                make_backup(db_file, uploads, before, now=now, allow_damaged=True)
                _checkpoint(db_file)
            except sqlite3.DatabaseError:
                # Too damaged to be read page by page: keep the raw file as it is.
                before = before.with_suffix(".rusak.db")
                shutil.copy2(db_file, before)
        # The swap: a stale -wal/-shm must never meet the new database file.
        new_uploads = work / UPLOADS
        new_uploads.mkdir(exist_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        faults.checkpoint("restore.replace")
        os.replace(work / DB_MEMBER, db_file)
        old_uploads = work / "uploads-lama"
        if uploads.exists():
            os.replace(uploads, old_uploads)
        os.replace(new_uploads, uploads)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    db = connect(db_file)
    try:
        applied = migrate(db)
    finally:
        db.conn.close()
    return manifest | {"before_restore": before, "migrations": applied}


__all__ = ["make_backup", "auto_backup", "check_before_start", "quick_check",
           "leftover_temp_files", "remove_temp_files", "verify_backup", "restore_backup",
           "integrity_check", "snapshot_db", "APP", "FORMAT_VERSION"]
