"""Sessions through the real app (AppTest): the form login creates a record, Keluar ends
it, a session ended elsewhere logs the browser out at its next run, Akun Saya's and the
administrator's "Keluar dari semua perangkat", the list of who is logged in, and the
idle-limit setting on Profil Kecamatan."""
from __future__ import annotations

import pytest

from conftest import login_as
from lib import demo, office, sessions, users

NEW_PW = "Kantor2026guguak"


def _button(at, label):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}: {[b.label for b in at.button]}"
    return matches[0]


def _live_rows(db, username):
    return db.execute("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id "
                      "WHERE u.username = ? AND s.ended_at IS NULL", [username]).fetchone()[0]


def _logged_out(at) -> bool:
    return (not at.session_state["authentication_status"]
            and [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"])


def test_form_login_creates_a_session_and_keluar_ends_it(demo_db):
    at = login_as("jf")
    assert at.session_state["authentication_status"]
    token = at.session_state["perkin.sesi"]
    row = next(demo_db.query("SELECT * FROM sessions"))
    assert row["token_hash"] == sessions._hash(token) and row["ended_at"] is None
    assert row["client_hint"]      # "komputer ini" under AppTest (no browser headers)
    _button(at, "Keluar").click().run()
    assert _logged_out(at)
    assert sessions.resume(demo_db, token) is None
    assert next(demo_db.query("SELECT end_reason FROM sessions"))["end_reason"] == "keluar"


@pytest.mark.parametrize("how", ["reset", "nonaktif", "peran", "semua", "kedaluwarsa"])
def test_a_session_ended_elsewhere_logs_this_browser_out_at_its_next_run(demo_db, how):
    admin = users.get_user(demo_db, "admin")
    at = login_as("jf")
    assert at.session_state["authentication_status"]
    if how == "reset":
        users.reset_password(demo_db, admin, "jf", NEW_PW, NEW_PW)
    elif how == "nonaktif":
        users.set_active(demo_db, admin, "jf", False)
    elif how == "peran":
        jf = users.get_user(demo_db, "jf")
        users.update_user(demo_db, admin, "jf", name=jf.name, role="jf", is_admin=True)
    elif how == "semua":
        sessions.end_all(demo_db, admin, "jf")
    else:
        demo_db.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+07:00'")
    at.run()
    assert not at.exception
    assert _logged_out(at)
    assert "Sesi Anda telah berakhir. Silakan masuk lagi." in [i.value for i in at.info]


def test_akun_saya_keluar_dari_semua_perangkat(demo_db):
    other = sessions.start(demo_db, users.get_user(demo_db, "jf"))   # e.g. the office PC
    at = login_as("jf")
    at.switch_page("pages/akun.py").run()
    _button(at, "Keluar dari semua perangkat").click().run()
    assert not at.exception
    at.run()
    assert _logged_out(at)
    assert sessions.resume(demo_db, other) is None
    assert _live_rows(demo_db, "jf") == 0


def test_akun_saya_password_change_keeps_this_session_ends_the_others(demo_db):
    other = sessions.start(demo_db, users.get_user(demo_db, "jf"))
    at = login_as("jf")
    at.switch_page("pages/akun.py").run()
    at.text_input(key="akun.old").input(demo.DEMO_PASSWORD)
    at.text_input(key="akun.new1").input(NEW_PW)
    at.text_input(key="akun.new2").input(NEW_PW)
    _button(at, "Simpan kata sandi").click().run()
    assert not at.exception
    assert at.session_state["authentication_status"]
    assert any("Kata sandi berhasil diganti" in s.value for s in at.success)
    assert sessions.resume(demo_db, other) is None
    assert sessions.resume(demo_db, at.session_state["perkin.sesi"]) is not None


def test_admin_sees_who_is_logged_in_and_ends_someones_sessions(demo_db):
    jf = users.get_user(demo_db, "jf")
    sessions.start(demo_db, jf, client_hint="Firefox · Linux · 192.168.1.20")
    at = login_as("admin")
    at.switch_page("pages/admin_pengguna.py").run()
    assert not at.exception
    live = next(d.value for d in at.dataframe if "Perangkat" in d.value.columns)
    assert set(live["Nama pengguna"]) == {"admin", "jf"}
    assert list(live.columns) == ["Nama pengguna", "Nama", "Masuk sejak", "Terakhir aktif",
                                  "Perangkat"]
    row = live[live["Nama pengguna"] == "jf"].iloc[0]
    assert row["Perangkat"] == "Firefox · Linux · 192.168.1.20"
    assert row["Masuk sejak"].endswith(" WIB")
    # the edit tab picks a person; end all of jf's sessions
    at.selectbox(key="admin.pengguna.edit.pick").set_value("jf").run()
    _button(at, "Keluar dari semua perangkat").click().run()
    assert not at.exception
    assert _live_rows(demo_db, "jf") == 0
    assert at.session_state["authentication_status"]   # the administrator stays
    assert any("Semua sesi 'jf' sudah diakhiri." == s.value for s in at.success)


def test_idle_limit_is_set_on_profil_kecamatan(demo_db):
    at = login_as("admin")
    at.switch_page("pages/admin_profil.py").run()
    at.number_input(key="admin.profil.session_idle_hours").set_value(2)
    _button(at, "Simpan pengaturan").click().run()
    assert not at.exception
    assert office.get_setting(demo_db, "session_idle_hours") == 2

