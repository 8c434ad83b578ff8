"""Login sessions in the database (issue #17): every way a session ends, both expiries
(the clock passed in), who may end whose sessions, and the administrator's list."""
from __future__ import annotations

import datetime as dt

import pytest

from lib import clock, events, office, sessions, users
from lib.errors import PerkinError, PermissionDenied

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=clock.TZ)
PW = "Kantor2026guguak"
PW2 = "Baru2026kantorx"


@pytest.fixture
def admin(db):
    return users.create_user(db, None, username="admin", name="Admin Kantor", role="admin",
                             password=PW, password2=PW, first_admin=True, now=T0)


@pytest.fixture
def budi(db, admin):
    return users.create_user(db, admin, username="budi", name="Budi", role="jf",
                             password=PW, password2=PW, now=T0)


def _live(db, token, username="budi", at=T0):
    return sessions.resume(db, token, username, now=at) is not None


def _reason(db, token):
    return db.execute("SELECT end_reason FROM sessions WHERE token_hash = ?",
                      [sessions._hash(token)]).fetchone()[0]


# ------------------------------------------------------------------ the record itself
def test_login_creates_a_record_and_only_the_token_hash_is_stored(db, budi):
    token = sessions.start(db, budi, client_hint="Chrome · Windows · 10.0.0.5", now=T0)
    assert len(token) >= 40
    row = next(db.query("SELECT * FROM sessions"))
    assert row["user_id"] == budi.id and row["ended_at"] is None
    assert row["created_at"] == row["last_seen_at"] == clock.iso(T0)
    assert row["expires_at"] == clock.iso(T0 + dt.timedelta(days=1))  # default 1 day
    assert row["client_hint"] == "Chrome · Windows · 10.0.0.5"
    assert token not in str(row.values()) and row["token_hash"] == sessions._hash(token)
    s = sessions.resume(db, token, "budi", now=T0)
    assert s.username == "budi" and s.client_hint.startswith("Chrome")


def test_unknown_token_wrong_user_or_nothing_logs_nobody_in(db, budi, admin):
    token = sessions.start(db, budi, now=T0)
    assert not _live(db, "x" * 43)
    assert not _live(db, None)
    assert not _live(db, {"sid": token})            # a crafted cookie payload
    assert not _live(db, token, username="admin")   # another user's name in the token
    assert _live(db, token)


def test_each_login_is_its_own_session(db, budi):
    a = sessions.start(db, budi, now=T0)
    b = sessions.start(db, budi, now=T0)
    assert a != b
    sessions.end(db, a, now=T0)
    assert not _live(db, a) and _live(db, b)


# ------------------------------------------------------------------ ways a session ends
def test_keluar_ends_only_that_session(db, budi):
    a = sessions.start(db, budi, now=T0)
    b = sessions.start(db, budi, now=T0)
    assert sessions.end(db, a, now=T0 + dt.timedelta(minutes=5)) is True
    assert sessions.end(db, a, now=T0) is False   # already ended
    assert not _live(db, a) and _live(db, b)
    assert _reason(db, a) == sessions.KELUAR


def test_password_change_ends_the_other_sessions_and_keeps_the_one_that_changed_it(db, budi):
    here = sessions.start(db, budi, now=T0)
    copied = sessions.start(db, budi, now=T0)
    users.change_password(db, budi, PW, PW2, PW2, now=T0, keep_token=here)
    assert _live(db, here) and not _live(db, copied)
    assert _reason(db, copied) == sessions.SANDI


def test_failed_password_change_ends_nothing(db, budi):
    token = sessions.start(db, budi, now=T0)
    with pytest.raises(PerkinError):
        users.change_password(db, budi, "salah-lama-123", PW2, PW2, now=T0)
    assert _live(db, token)


def test_password_reset_ends_every_session(db, admin, budi):
    a = sessions.start(db, budi, now=T0)
    b = sessions.start(db, budi, now=T0)
    mine = sessions.start(db, admin, now=T0)
    users.reset_password(db, admin, "budi", PW2, PW2, now=T0)
    assert not _live(db, a) and not _live(db, b)
    assert _reason(db, a) == sessions.RESET
    assert _live(db, mine, "admin")   # the administrator's own session is untouched


def test_reset_password_from_run_py_ends_every_session(db, budi, data_dir):
    import os
    import subprocess
    import sys

    from lib.paths import ROOT

    token = sessions.start(db, budi, now=clock.now())
    env = {**os.environ, "PERKIN_DATA_DIR": str(data_dir), "PYTHONUTF8": "1"}
    r = subprocess.run([sys.executable, "-m", "lib.cli", "user", "reset-password", "budi"],
                       cwd=ROOT, env=env, input=f"{PW2}\n{PW2}\n", capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not _live(db, token, at=clock.now())
    assert _reason(db, token) == sessions.RESET


def test_deactivation_ends_every_session(db, admin, budi):
    token = sessions.start(db, budi, now=T0)
    users.set_active(db, admin, "budi", False, now=T0)
    assert not _live(db, token)
    assert _reason(db, token) == sessions.NONAKTIF
    users.set_active(db, admin, "budi", True, now=T0)
    assert not _live(db, token)   # reactivation does not bring an old session back


def test_role_admin_right_or_unit_change_ends_sessions_other_edits_do_not(db, admin, budi):
    token = sessions.start(db, budi, now=T0)
    users.update_user(db, admin, "budi", name="Budi Santoso", role="jf", nip="1987")
    assert _live(db, token)   # a name or NIP change keeps the session
    users.update_user(db, admin, "budi", name="Budi Santoso", role="jf", is_admin=True)
    assert not _live(db, token) and _reason(db, token) == sessions.PERAN

    budi = users.get_user(db, "budi")
    token = sessions.start(db, budi, now=T0)
    users.update_user(db, admin, "budi", name="Budi Santoso", role="sekcam", is_admin=True)
    assert not _live(db, token) and _reason(db, token) == sessions.PERAN


def test_unit_change_ends_sessions(demo_db):
    db = demo_db
    admin = users.get_user(db, "admin")
    kasi = next(u for u in users.list_users(db) if u.role == "kasi_kasubbag")
    all_units = [r[0] for r in db.execute("SELECT code FROM units ORDER BY code")]
    other = next(c for c in all_units if c not in kasi.unit_codes)
    token = sessions.start(db, kasi, now=T0)
    users.update_user(db, admin, kasi.username, name=kasi.name, role=kasi.role,
                      unit_codes=list(kasi.unit_codes), nip=kasi.nip)
    assert _live(db, token, kasi.username)
    users.update_user(db, admin, kasi.username, name=kasi.name, role=kasi.role,
                      unit_codes=list(kasi.unit_codes) + [other], nip=kasi.nip)
    assert not _live(db, token, kasi.username)


def test_keluar_dari_semua_perangkat_for_oneself(db, budi):
    tokens = [sessions.start(db, budi, now=T0) for _ in range(3)]
    assert sessions.end_all(db, budi, "budi", now=T0) == 3
    assert not any(_live(db, t) for t in tokens)
    assert _reason(db, tokens[0]) == sessions.SEMUA
    ev = events.list_events(db, action_prefix="pengguna.keluar_semua")
    assert ev and ev[0]["username"] == "budi"


def test_keluar_dari_semua_perangkat_by_the_admin_for_anyone(db, admin, budi):
    token = sessions.start(db, budi, now=T0)
    assert sessions.end_all(db, admin, "budi", now=T0) == 1
    assert not _live(db, token)


def test_nobody_else_may_end_another_users_sessions(db, admin, budi):
    sari = users.create_user(db, admin, username="sari", name="Sari", role="jf",
                             password=PW, password2=PW, now=T0)
    token = sessions.start(db, budi, now=T0)
    with pytest.raises(PermissionDenied):
        sessions.end_all(db, sari, "budi", now=T0)
    with pytest.raises(PermissionDenied):
        sessions.end_all(db, None, "budi", now=T0)
    with pytest.raises(PerkinError, match="tidak ditemukan"):
        sessions.end_all(db, admin, "tidakada", now=T0)
    assert _live(db, token)


# ------------------------------------------------------------------ expiries (clock passed in)
def test_idle_expiry_default_eight_hours(db, budi):
    token = sessions.start(db, budi, now=T0)
    assert _live(db, token, at=T0 + dt.timedelta(hours=7, minutes=59))  # touches last_seen
    # last seen 07:59 after login: live until 15:59 later
    assert _live(db, token, at=T0 + dt.timedelta(hours=15, minutes=58))
    assert not _live(db, token, at=T0 + dt.timedelta(hours=15, minutes=58) + dt.timedelta(hours=8))
    assert _reason(db, token) == sessions.MENGANGGUR


def test_idle_expiry_without_activity(db, budi):
    token = sessions.start(db, budi, now=T0)
    assert not _live(db, token, at=T0 + dt.timedelta(hours=8))
    assert _reason(db, token) == sessions.MENGANGGUR


def test_idle_expiry_is_a_setting(db, admin, budi):
    office.set_setting(db, admin, "session_idle_hours", 1)
    token = sessions.start(db, budi, now=T0)
    assert _live(db, token, at=T0 + dt.timedelta(minutes=59))
    assert not _live(db, token, at=T0 + dt.timedelta(minutes=59, hours=1))
    for bad in (0, 721, "8", True, None):
        with pytest.raises(PerkinError, match="menganggur"):
            office.set_setting(db, admin, "session_idle_hours", bad)


def test_absolute_expiry_default_one_day_even_when_active(db, budi):
    token = sessions.start(db, budi, now=T0)
    t = T0
    for _ in range(23):  # used every hour
        t += dt.timedelta(hours=1)
        assert _live(db, token, at=t)
    assert not _live(db, token, at=T0 + dt.timedelta(days=1))
    assert _reason(db, token) == sessions.KEDALUWARSA


def test_absolute_expiry_is_a_setting_up_to_thirty_days(db, admin, budi):
    office.set_setting(db, admin, "session_expiry_days", 30)
    office.set_setting(db, admin, "session_idle_hours", 720)
    token = sessions.start(db, budi, now=T0)
    assert _live(db, token, at=T0 + dt.timedelta(days=29, hours=23))
    assert not _live(db, token, at=T0 + dt.timedelta(days=30))
    with pytest.raises(PerkinError, match="Lama sesi"):
        office.set_setting(db, admin, "session_expiry_days", 31)


def test_last_seen_is_written_at_most_once_a_minute(db, budi):
    token = sessions.start(db, budi, now=T0)
    sessions.resume(db, token, "budi", now=T0 + dt.timedelta(seconds=30))
    seen = db.execute("SELECT last_seen_at FROM sessions").fetchone()[0]
    assert seen == clock.iso(T0)
    sessions.resume(db, token, "budi", now=T0 + dt.timedelta(seconds=61))
    seen = db.execute("SELECT last_seen_at FROM sessions").fetchone()[0]
    assert seen == clock.iso(T0 + dt.timedelta(seconds=61))


# ------------------------------------------------------------------ who is logged in
def test_admin_sees_who_is_logged_in(db, admin, budi):
    a = sessions.start(db, budi, client_hint="Firefox · Linux · 10.0.0.9", now=T0)
    sessions.start(db, admin, client_hint="Chrome · Windows · komputer ini",
                   now=T0 + dt.timedelta(minutes=1))
    ended = sessions.start(db, budi, now=T0)
    sessions.end(db, ended, now=T0)
    sessions.start(db, budi, now=T0 - dt.timedelta(hours=9))   # idle since then
    live = sessions.live_sessions(db, admin, now=T0 + dt.timedelta(minutes=2))
    assert [(s.username, s.client_hint) for s in live] == [
        ("admin", "Chrome · Windows · komputer ini"), ("budi", "Firefox · Linux · 10.0.0.9")]
    assert live[1].created_at == T0 and live[1].last_seen_at == T0
    with pytest.raises(PermissionDenied):
        sessions.live_sessions(db, budi, now=T0)
    sessions.end(db, a, now=T0)


@pytest.mark.parametrize("ua, ip, expected", [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0 Safari/537.36", "192.168.1.7", "Chrome · Windows · 192.168.1.7"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", None,
     "Firefox · Linux · komputer ini"),
    ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0",
     "10.0.0.2", "Edge · Windows · 10.0.0.2"),
    ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36",
     "10.0.0.3", "Chrome · Android · 10.0.0.3"),
    (None, None, "komputer ini"),
])
def test_client_hint_is_short(ua, ip, expected):
    assert sessions.client_hint(ua, ip) == expected
