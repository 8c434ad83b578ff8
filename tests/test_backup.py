"""lib.backup on real data folders: zips, SQLite files and uploads in tmp_path."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from db import connect, migrate
from lib import backup, clock, cycles, demo, files, office, users
from lib.errors import PerkinError
from lib.services import workflow
from tests.samples import pdf_bytes

PW = "Guguak2026aman"
YEAR = 2026
START = clock.parse("2027-01-11T08:30:00")
EVIDENCE = pdf_bytes("bukti kegiatan Seksi Pemerintahan") + bytes(range(256)) * 40


def build_office(data_dir: Path) -> None:
    """A real (non-demo) office: admin, camat and sekcam, the 2026 cycle started, and the
    Renstra uploaded through lib.files (so it lands in uploads/ as the app puts it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERKIN_DATA_DIR", str(data_dir))
        db = connect(data_dir / "perkin.db")
        try:
            migrate(db)
            office.seed_defaults(db)
            admin = users.create_user(db, None, username="admin", name="Rina Marlina",
                                      role="admin", password=PW, password2=PW, first_admin=True)
            camat = users.create_user(db, admin, username="camat", name="Drs. MUFTIL WAHYUDI",
                                      role="camat", password=PW, password2=PW)
            sekcam = users.create_user(db, admin, username="sekcam", name="Hendra Saputra",
                                       role="sekcam", password=PW, password2=PW)
            demo.init_office(db, demo=False)
            workflow.start_cycle(db, camat, YEAR, nota_number=f"800/001/CGG/I/{YEAR + 1}",
                                 now=START)
            files.save_file(db, sekcam, kind="reference", label="Renstra", data=EVIDENCE,
                            original_name="Renstra Kecamatan Guguak.pdf", year=YEAR, now=START)
        finally:
            db.conn.close()


def upload_path(data_dir: Path) -> Path:
    """Where the Renstra of build_office lives."""
    name = query(data_dir, "SELECT stored_name FROM files")[0][0]
    return data_dir / "uploads" / name


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("template") / "data"
    d.mkdir()
    build_office(d)
    return d


@pytest.fixture
def office_dir(template, tmp_path, monkeypatch) -> Path:
    import shutil

    d = tmp_path / "data"
    shutil.copytree(template, d)
    monkeypatch.setenv("PERKIN_DATA_DIR", str(d))
    return d


def snapshot(data_dir: Path) -> dict:
    """Everything a failed restore must leave alone: file names and contents."""
    return {p.relative_to(data_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data_dir.rglob("*")) if p.is_file()}


def query(data_dir: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(data_dir / "perkin.db")
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def usernames(data_dir: Path) -> list[str]:
    return [r[0] for r in query(data_dir, "SELECT username FROM users ORDER BY id")]


def rezip(src: Path, dest: Path, change: dict[str, bytes | None]) -> None:
    """Copy a zip, replacing (bytes) or dropping (None) some members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info.filename, change[info.filename])
            else:
                zout.writestr(info.filename, zin.read(info.filename))
        for name, data in change.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)


# ---------------------------------------------------------------- making
def test_backup_zip_holds_db_uploads_and_a_manifest_without_the_cookie_secret(office_dir,
                                                                                 tmp_path):
    (office_dir / "cookie_secret").write_text("rahasia-cookie")
    (office_dir / "uploads" / ".tmp-3f2a").write_bytes(b"%PDF half written")
    out = tmp_path / "cadangan.zip"
    manifest = backup.make_backup(office_dir / "perkin.db", office_dir / "uploads", out,
                                  now=START)

    assert manifest["app"] == "perkin"
    assert manifest["format"] == backup.FORMAT_VERSION
    assert manifest["created_at"] == "2027-01-11T08:30:00+07:00"
    assert manifest["counts"] == {"users": 3, "cycles": 1, "files": 1}
    member = "uploads/" + upload_path(office_dir).name
    assert manifest["office_mode"] == "real"
    with zipfile.ZipFile(out) as zf:
        names = sorted(zf.namelist())
        assert names == ["manifest.json", "perkin.db", member]
        assert json.loads(zf.read("manifest.json")) == manifest
        for name in ("perkin.db", member):
            assert manifest["files"][name]["sha256"] == hashlib.sha256(zf.read(name)).hexdigest()
        assert zf.read(member) == EVIDENCE
    assert not list(tmp_path.glob(".perkin-backup-*")), "temporary files left behind"
    assert backup.verify_backup(out) == manifest


def test_backup_is_a_consistent_copy_while_another_connection_writes(office_dir, tmp_path):
    # Committed changes still in the WAL are included; an open transaction is not.
    app = connect(office_dir / "perkin.db")
    try:
        app.execute("UPDATE profile SET alamat = 'Jl. Tan Malaka No. 1' WHERE id = 1")
        app.conn.execute("BEGIN IMMEDIATE")
        app.execute("UPDATE profile SET alamat = 'belum disimpan' WHERE id = 1")
        out = tmp_path / "saat-berjalan.zip"
        backup.make_backup(office_dir / "perkin.db", office_dir / "uploads", out)
        app.conn.execute("ROLLBACK")
    finally:
        app.conn.close()
    copy_dir = tmp_path / "salinan"
    copy_dir.mkdir()
    with zipfile.ZipFile(out) as zf:
        zf.extract("perkin.db", copy_dir)
    assert query(copy_dir, "SELECT alamat FROM profile") == [("Jl. Tan Malaka No. 1",)]
    assert query(copy_dir, "PRAGMA journal_mode") == [("delete",)]


def test_backup_without_a_database_says_so(tmp_path):
    with pytest.raises(PerkinError, match="tidak ditemukan"):
        backup.make_backup(tmp_path / "perkin.db", tmp_path / "uploads", tmp_path / "x.zip")
    assert not (tmp_path / "perkin.db").exists()
    assert not (tmp_path / "x.zip").exists()


def test_auto_backup_keeps_the_newest_seven_and_leaves_other_backups(office_dir):
    folder = office_dir / "backups"
    folder.mkdir()
    manual = folder / "perkin-sebelum-restore-20270101-080000.zip"
    manual.write_bytes(b"kept as is")
    made = [backup.auto_backup(office_dir, keep=7, now=START + dt.timedelta(minutes=i))
            for i in range(9)]

    autos = sorted(p.name for p in folder.glob("perkin-auto-*.zip"))
    assert autos == [p.name for p in made[2:]]
    assert autos[0] == "perkin-auto-20270111-083200.zip"
    assert autos[-1] == "perkin-auto-20270111-083800.zip"
    assert manual.read_bytes() == b"kept as is"
    assert backup.verify_backup(made[-1])["counts"]["users"] == 3


def test_auto_backup_twice_in_one_second_keeps_both(office_dir):
    a = backup.auto_backup(office_dir, now=START)
    b = backup.auto_backup(office_dir, now=START)
    assert a != b and a.exists() and b.exists()


def test_auto_backup_without_a_database_makes_nothing(tmp_path):
    assert backup.auto_backup(tmp_path) is None
    assert not (tmp_path / "backups").exists()


# ---------------------------------------------------------------- restoring
def test_round_trip_restores_users_cycle_and_uploads(office_dir, tmp_path):
    out = tmp_path / "cadangan.zip"
    backup.make_backup(office_dir / "perkin.db", office_dir / "uploads", out, now=START)

    # The office moves on after the backup: a new user, a lost upload, a new upload.
    db = connect(office_dir / "perkin.db")
    try:
        users.create_user(db, users.OPERATOR, username="jf", name="Yulia Fitri", role="jf",
                          password=PW, password2=PW)
    finally:
        db.conn.close()
    renstra = upload_path(office_dir)
    renstra.unlink()
    (office_dir / "uploads" / "baru.pdf").write_bytes(b"%PDF later")

    later = START + dt.timedelta(days=1)
    result = backup.restore_backup(out, office_dir, now=later)

    assert usernames(office_dir) == ["admin", "camat", "sekcam"]
    assert query(office_dir, "SELECT year, status FROM cycles") == [(YEAR, "berjalan")]
    assert query(office_dir, "SELECT COUNT(*) FROM step_runs WHERE completed_at IS NOT NULL"
                 ) == [(1,)]
    assert renstra.read_bytes() == EVIDENCE
    assert not (office_dir / "uploads" / "baru.pdf").exists()
    assert not list(office_dir.glob(".restore-*")), "temporary folder left behind"
    # The replaced state is kept, complete, as a "sebelum-restore" backup.
    before = result["before_restore"]
    assert before.name == "perkin-sebelum-restore-20270112-083000.zip"
    kept = backup.verify_backup(before)
    assert kept["counts"]["users"] == 4
    assert "uploads/baru.pdf" in kept["files"]
    # The restored database works through the app's own services.
    db = connect(office_dir / "perkin.db")
    try:
        assert migrate(db) == []
        assert backup.integrity_check(db) == []
        assert users.authenticate(db, "camat", PW).role == "camat"
        assert cycles.get_cycle(db, YEAR).status == "berjalan"
        stored = files.list_files(db, kind="reference", year=YEAR)
        assert [f.original_name for f in stored] == ["Renstra Kecamatan Guguak.pdf"]
        assert files.read_bytes(db, stored[0].id)[1] == EVIDENCE
    finally:
        db.conn.close()


def test_restore_onto_an_empty_folder_gives_the_office_back(office_dir, tmp_path):
    out = tmp_path / "cadangan.zip"
    backup.make_backup(office_dir / "perkin.db", office_dir / "uploads", out)
    laptop = tmp_path / "laptop-baru"
    result = backup.restore_backup(out, laptop)
    assert result["before_restore"] is None
    assert usernames(laptop) == ["admin", "camat", "sekcam"]
    assert (laptop / "uploads" / upload_path(office_dir).name).read_bytes() == EVIDENCE


def _bad_files(tmp_path: Path, good: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, expected message fragment)."""
    cases = {}
    other = tmp_path / "bukan-perkin.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("laporan.docx", b"PK not ours")
    cases["zip lain"] = (other, "bukan cadangan Perkin (tidak ada manifest.json)")

    random_file = tmp_path / "acak.zip"
    random_file.write_bytes(bytes((i * 37) % 256 for i in range(5000)))
    cases["berkas acak"] = (random_file, "bukan cadangan Perkin (bukan berkas zip)")

    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        db_bytes = zf.read("perkin.db")

    tampered = tmp_path / "diubah.zip"
    member = next(n for n in manifest["files"] if n.startswith("uploads/"))
    rezip(good, tampered, {member: b"%PDF diganti orang"})
    cases["unggahan diubah"] = (tampered, "rusak atau telah diubah")

    tampered_db = tmp_path / "db-diubah.zip"
    changed = bytearray(db_bytes)
    changed[-100] ^= 0xFF
    rezip(good, tampered_db, {"perkin.db": bytes(changed)})
    cases["basis data diubah"] = (tampered_db, "rusak atau telah diubah")

    other_app = tmp_path / "aplikasi-lain.zip"
    rezip(good, other_app, {"manifest.json": json.dumps(manifest | {"app": "simpeg"})})
    cases["aplikasi lain"] = (other_app, "bukan cadangan Perkin")

    missing = tmp_path / "tidak-utuh.zip"
    rezip(good, missing, {member: None})
    cases["anggota hilang"] = (missing, "tidak utuh")

    garbage = b"bukan sqlite" * 100
    fake_db = tmp_path / "db-palsu.zip"
    files = manifest["files"] | {"perkin.db": {"sha256": hashlib.sha256(garbage).hexdigest(),
                                               "size": len(garbage)}}
    rezip(good, fake_db, {"perkin.db": garbage,
                          "manifest.json": json.dumps(manifest | {"files": files})})
    cases["basis data palsu"] = (fake_db, "tidak dapat dibaca")

    alien = tmp_path / "alien.db"
    conn = sqlite3.connect(alien)
    conn.execute("CREATE TABLE pegawai (nip TEXT)")
    conn.commit()
    conn.close()
    alien_bytes = alien.read_bytes()
    alien_zip = tmp_path / "db-lain.zip"
    files = manifest["files"] | {"perkin.db": {
        "sha256": hashlib.sha256(alien_bytes).hexdigest(), "size": len(alien_bytes)}}
    rezip(good, alien_zip, {"perkin.db": alien_bytes,
                            "manifest.json": json.dumps(manifest | {"files": files})})
    cases["basis data lain"] = (alien_zip, "bukan basis data Perkin")

    escape = tmp_path / "keluar-folder.zip"
    evil = b"overwrite"
    files = manifest["files"] | {"../perkin.db": {"sha256": hashlib.sha256(evil).hexdigest(),
                                                  "size": len(evil)}}
    rezip(good, escape, {"../perkin.db": evil,
                         "manifest.json": json.dumps(manifest | {"files": files})})
    cases["nama berbahaya"] = (escape, "tidak aman")

    newer = tmp_path / "lebih-baru.zip"
    rezip(good, newer, {"manifest.json": json.dumps(manifest | {"format": 99})})
    cases["format lebih baru"] = (newer, "versi Perkin yang lebih baru")
    return cases


def test_restore_refuses_anything_but_a_sound_perkin_backup_and_changes_nothing(office_dir,
                                                                                  tmp_path):
    good = tmp_path / "baik.zip"
    backup.make_backup(office_dir / "perkin.db", office_dir / "uploads", good)
    cases = _bad_files(tmp_path, good)
    before = snapshot(office_dir)
    for label, (path, fragment) in cases.items():
        with pytest.raises(PerkinError) as err:
            backup.restore_backup(path, office_dir)
        assert fragment in str(err.value), label
        with pytest.raises(PerkinError):
            backup.verify_backup(path)
        assert snapshot(office_dir) == before, label
    assert not (office_dir / "backups").exists()
    assert not (tmp_path.parent / "perkin.db").exists()


@pytest.mark.subprocess
def test_restore_is_refused_while_the_app_runs(office_dir, tmp_path):
    good = tmp_path / "baik.zip"
    backup.make_backup(office_dir / "perkin.db", office_dir / "uploads", good)
    app = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (office_dir / "app.pid").write_text(str(app.pid))
        before = snapshot(office_dir)
        with pytest.raises(PerkinError, match="sedang berjalan"):
            backup.restore_backup(good, office_dir)
        assert snapshot(office_dir) == before
    finally:
        app.kill()
        app.wait()
    # Once the process is gone, the stale marker no longer blocks.
    assert backup.restore_backup(good, office_dir)["counts"]["users"] == 3


# ---------------------------------------------------------------- checking
def test_integrity_check_reports_dangling_references(office_dir):
    db = connect(office_dir / "perkin.db")
    try:
        assert backup.integrity_check(db) == []
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("INSERT INTO user_units (user_id, unit_id) VALUES (999, 1)")
        problems = backup.integrity_check(db)
    finally:
        db.conn.close()
    assert problems == ["Tabel user_units baris 1 merujuk ke data users yang tidak ada."]
