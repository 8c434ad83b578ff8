"""Security settings that are easy to lose silently: bcrypt passwords, the database
lockout, the per-install cookie key (0600, never in a backup), the session expiry,
Streamlit's configuration, demo mode shown everywhere and kept off the office
network, no start on the network before an administrator exists, and no secret in
the repository."""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
import sys
import tomllib
import zipfile

import pytest

from lib import clock, paths, users
from lib.errors import PerkinError
from tests.conftest import app_test, login_as

PW = "Rahasia-Kantor-2026"
NOW = dt.datetime(2027, 1, 11, 8, 0, tzinfo=clock.TZ)


# ------------------------------------------------------------------ passwords and lockout
def test_passwords_are_stored_as_bcrypt_with_12_rounds_by_default(db, monkeypatch):
    monkeypatch.delenv("PERKIN_BCRYPT_ROUNDS", raising=False)
    users.create_user(db, None, username="admin", name="Admin", role="admin", password=PW,
                      password2=PW, first_admin=True, now=NOW)
    stored = db.execute("SELECT password_hash FROM users WHERE username='admin'").fetchone()[0]
    assert re.fullmatch(r"\$2b\$12\$[./A-Za-z0-9]{53}", stored)
    assert PW not in stored
    assert users.verify_password(PW, stored) and not users.verify_password(PW + "x", stored)
    monkeypatch.setenv("PERKIN_BCRYPT_ROUNDS", "1")  # never below 4, whatever is asked
    assert users.hash_password(PW).startswith("$2b$04$")


def test_five_failures_lock_the_account_then_it_opens_again(demo_db):
    for i in range(1, 5):
        with pytest.raises(PerkinError, match=f"Sisa percobaan: {5 - i}"):
            users.authenticate(demo_db, "pem", "salah-sandi", now=NOW)
    with pytest.raises(PerkinError, match="dikunci sementara karena 5 kali"):
        users.authenticate(demo_db, "pem", "salah-sandi", now=NOW)
    # locked: even the right password is refused, in another process' connection too
    from db import connect

    other = connect(paths.db_path())
    try:
        with pytest.raises(PerkinError, match="dikunci"):
            users.authenticate(other, "pem", "perkin-demo", now=NOW + dt.timedelta(minutes=14))
    finally:
        other.conn.close()
    assert "pem" in users.locked_users(demo_db, now=NOW)
    assert users.authenticate(demo_db, "pem", "perkin-demo",
                              now=NOW + dt.timedelta(minutes=16)).username == "pem"


def test_lockout_through_the_login_form(demo_db):
    at = login_as("jf", "bukan-sandinya")
    for _ in range(4):
        at.text_input[0].input("jf")
        at.text_input[1].input("bukan-sandinya")
        at.button[0].click().run()
    assert any("dikunci sementara" in str(e.value) for e in at.error)
    at.text_input[0].input("jf")
    at.text_input[1].input("perkin-demo")
    at.button[0].click().run()
    assert not at.session_state["authentication_status"]
    assert any("dikunci sementara" in str(e.value) for e in at.error)


# ------------------------------------------------------------------ cookie key and session
def test_cookie_secret_generated_per_install_with_mode_0600(tmp_path, monkeypatch):
    keys = []
    for name in ("kantor-a", "kantor-b"):
        monkeypatch.setenv("PERKIN_DATA_DIR", str(tmp_path / name))
        key = paths.cookie_secret()
        path = tmp_path / name / "cookie_secret"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert len(key) >= 32 and paths.cookie_secret() == key  # stable once made
        keys.append(key)
    assert keys[0] != keys[1]
    # a key file left readable by others is tightened again on the next start
    os.chmod(tmp_path / "kantor-b" / "cookie_secret", 0o644)
    assert paths.cookie_secret() == keys[1]
    assert stat.S_IMODE((tmp_path / "kantor-b" / "cookie_secret").stat().st_mode) == 0o600


def test_cookie_secret_never_goes_into_a_backup(demo_db, tmp_path):
    from lib import backup

    paths.cookie_secret()
    manifest = backup.make_backup(paths.db_path(), paths.uploads_dir(), tmp_path / "c.zip")
    with zipfile.ZipFile(tmp_path / "c.zip") as zf:
        names = zf.namelist()
        blob = b"".join(zf.read(n) for n in names if n != "perkin.db")
    assert not any("cookie" in n for n in names) and "cookie_secret" not in manifest["files"]
    assert paths.cookie_secret().encode() not in blob


def test_session_expiry_is_a_validated_setting_used_by_the_login(demo_db):
    from lib import office
    from lib.users import OPERATOR

    assert office.get_setting(demo_db, "session_expiry_days") == 1
    for bad in (0, 31, "7", True):
        with pytest.raises(PerkinError, match="Lama sesi"):
            office.set_setting(demo_db, OPERATOR, "session_expiry_days", bad)
    office.set_setting(demo_db, OPERATOR, "session_expiry_days", 3)
    at = app_test()
    at.run()
    auth = at.session_state["perkin.authenticator"]
    model = auth.cookie_controller.cookie_model
    assert model.cookie_expiry_days == 3.0
    assert model.cookie_key == paths.cookie_secret()


# ------------------------------------------------------------------ Streamlit configuration
def test_streamlit_config_keeps_the_office_safe():
    config = tomllib.loads((paths.ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["address"] == "localhost"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    from lib import files, uploads

    # uploads: the server refuses beyond maxUploadSize, the largest uploader's own limit
    assert config["server"]["maxUploadSize"] == uploads.largest_mb()
    assert files.MAX_BYTES <= config["server"]["maxUploadSize"] * 1024 * 1024 <= 20 * 1024 ** 2
    assert not (paths.ROOT / ".streamlit" / "secrets.toml").exists()


# ------------------------------------------------------------------ demo mode and --lan
def test_demo_mode_shown_before_login_too(demo_db):
    at = app_test()
    at.run()
    assert any("MODE DEMO" in str(w.value) and "perkin-demo" in str(w.value) for w in at.warning)


def test_no_demo_banner_in_a_real_office(data_dir):
    from db import connect, migrate
    from lib import demo, office

    db = connect(paths.db_path())
    migrate(db)
    office.seed_defaults(db)
    users.create_user(db, None, username="admin", name="Admin", role="admin", password=PW,
                      password2=PW, first_admin=True)
    demo.init_office(db, demo=False)
    db.conn.close()
    at = login_as("admin", PW)
    assert at.session_state["authentication_status"]
    assert not any("MODE DEMO" in str(w.value) for w in at.warning)


def _cli(data_dir, *args):
    env = {**os.environ, "PERKIN_DATA_DIR": str(data_dir), "PYTHONUTF8": "1"}
    return subprocess.run([sys.executable, "-m", "lib.cli", *args], cwd=paths.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.subprocess
def test_lan_refused_for_demo_unless_forced(demo_db, data_dir):
    r = _cli(data_dir, "prestart", "--lan")
    assert r.returncode == 1 and "Mode demo tidak boleh dibuka di jaringan kantor" in r.stderr
    r = _cli(data_dir, "prestart", "--lan", "--force-demo-lan")
    assert r.returncode == 0 and "PERINGATAN: mode demo" in r.stdout


@pytest.mark.subprocess
def test_lan_refused_while_no_administrator_exists(tmp_path):
    """Until the first administrator exists the setup page is public: not on the network."""
    data = tmp_path / "baru"
    r = _cli(data, "prestart", "--lan")
    assert r.returncode == 1
    assert "Belum ada administrator" in r.stderr and "Penyiapan Awal" in r.stderr
    assert _cli(data, "prestart").returncode == 0  # on this computer only: fine
    from db import connect

    db = connect(data / "perkin.db")
    try:
        users.create_user(db, None, username="admin", name="Admin", role="admin", password=PW,
                          password2=PW, first_admin=True)
    finally:
        db.conn.close()
    r = _cli(data, "prestart", "--lan")
    assert r.returncode == 0, r.stderr


# ------------------------------------------------------------------ nothing secret committed
BCRYPT = re.compile(rb"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}")
PRIVATE = re.compile(rb"-----BEGIN ([A-Z ]+ )?PRIVATE " + rb"KEY-----")


def test_no_secret_password_hash_or_database_is_committed():
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=paths.ROOT, capture_output=True,
                             timeout=60)
    except FileNotFoundError:
        pytest.skip("git is not installed: the checkout cannot be listed")
    if out.returncode != 0:
        pytest.skip(f"not a git checkout ({out.stderr.decode(errors='replace').strip()})")
    tracked = [f for f in out.stdout.decode().split("\0") if f]
    assert len(tracked) > 20
    bad = []
    for name in tracked:
        base = name.rsplit("/", 1)[-1]
        if base == "cookie_secret" or base == "secrets.toml" or re.search(
                r"\.(db|sqlite3?|db-wal|db-shm|pem|key)$", base):
            bad.append(f"{name}: must not be committed")
            continue
        path = paths.ROOT / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        if BCRYPT.search(data):
            bad.append(f"{name}: bcrypt hash")
        if PRIVATE.search(data):
            bad.append(f"{name}: private key")
        if data.startswith(b"SQLite format 3\0"):
            bad.append(f"{name}: SQLite database")
    assert not bad, bad
    ignored = (paths.ROOT / ".gitignore").read_text()
    assert "data/" in ignored or "/data" in ignored
