"""Sessions in a real browser against the app as ``python3 run.py`` ships it (issue #17):
the first Masuk on a fresh server works on one click; a copied cookie stops logging in
once its session ended (Keluar, ``run.py user reset-password``, "Keluar dari semua
perangkat") and is cleared; a bookmarked page opens after login.

Users are ones the journey does not log in with (pmd, trantib, pelayanan, umum), except
camat for the bookmark, whose sessions are left alone."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import jwt
from playwright.sync_api import expect

from lib.paths import ROOT
from tests.e2e.conftest import app_env
from tests.e2e.ui import PASSWORD, Person

COOKIE = "perkin_sesi"
NEW_PW = "Sandi2026baruKantor"


def _display_name(app, username: str) -> str:
    db = app.db()
    try:
        return db.execute("SELECT name FROM users WHERE username = ?", [username]).fetchone()[0]
    finally:
        db.conn.close()


def _session_cookie(person: Person) -> dict:
    """The perkin_sesi cookie, once the app has written it (a component does, a moment
    after the login run)."""
    def find():
        return next((c for c in person.context.cookies() if c["name"] == COOKIE), None)

    person.page.wait_for_function(
        "name => document.cookie.split('; ').some(c => c.startsWith(name + '='))", arg=COOKIE,
        timeout=30_000)
    cookie = find()
    assert cookie is not None
    return cookie


def _logged_in(browser, app, screenshots, username: str) -> Person:
    p = Person(browser, app.base_url, app, screenshots)
    p.login(username, _display_name(app, username))
    return p


def _with_cookie(browser, app, screenshots, cookie: dict) -> Person:
    """Another browser (a thief's, the next person at the shared PC) holding the cookie."""
    other = Person(browser, app.base_url, app, screenshots)
    other.context.add_cookies([cookie])
    other.page.goto(app.base_url + "/")
    return other


def _expect_refused(other: Person, username: str, app) -> None:
    expect(other.page.get_by_label("Nama pengguna")).to_be_visible()
    other.settle()
    expect(other.sidebar.get_by_text(_display_name(app, username), exact=True)).to_have_count(0)
    expect(other.sidebar.get_by_role("button", name="Keluar")).to_have_count(0)
    # the refused cookie is cleared from that browser too
    other.page.wait_for_function(
        "name => !document.cookie.split('; ').some(c => c.startsWith(name + '='))",
        arg=COOKIE, timeout=30_000)


def test_first_login_on_a_fresh_server_succeeds_on_one_click(fresh_app, browser, screenshots):
    p = Person(browser, fresh_app.base_url, fresh_app, screenshots)
    try:
        p.page.goto(fresh_app.base_url + "/")
        # right after the first page load: no waiting for the app to settle
        p.page.get_by_label("Nama pengguna").fill("pmd")
        p.page.get_by_label("Kata sandi").fill(PASSWORD)
        p.page.get_by_role("button", name="Masuk", exact=True).click()
        expect(p.sidebar.get_by_text(_display_name(fresh_app, "pmd"), exact=True)).to_be_visible()
        p.username = "pmd"
        p.settle()
        p.shot("sesi-login-pertama-server-baru")
    finally:
        p.close()


def test_copied_cookie_after_keluar_logs_nobody_in(app, browser, screenshots):
    owner = _logged_in(browser, app, screenshots, "pelayanan")
    try:
        cookie = _session_cookie(owner)
        # the cookie is the library's signed token plus "sid", the id of a live session record
        claims = jwt.decode(cookie["value"], (app.data_dir / "cookie_secret").read_text().strip(),
                            algorithms=["HS256"])
        assert claims["username"] == "pelayanan"
        db = app.db()
        try:
            row = db.execute("SELECT u.username, s.ended_at FROM sessions s JOIN users u "
                             "ON u.id = s.user_id WHERE s.token_hash = ?",
                             [hashlib.sha256(claims["sid"].encode()).hexdigest()]).fetchone()
        finally:
            db.conn.close()
        assert row == ("pelayanan", None)
        # the cookie works in another browser while the session lives
        twin = _with_cookie(browser, app, screenshots, cookie)
        expect(twin.sidebar.get_by_text(_display_name(app, "pelayanan"), exact=True)
               ).to_be_visible()
        twin.settle()
        twin.close()
        owner.logout()
        other = _with_cookie(browser, app, screenshots, cookie)
        _expect_refused(other, "pelayanan", app)
        other.shot("sesi-cookie-setelah-keluar")
        other.close()
        owner.reload()   # the shared PC: Keluar, then a reload stays logged out
        expect(owner.page.get_by_label("Nama pengguna")).to_be_visible()
    finally:
        owner.close()


def test_copied_cookie_after_run_py_reset_password_logs_nobody_in(app, browser, screenshots):
    owner = _logged_in(browser, app, screenshots, "pmd")
    try:
        cookie = _session_cookie(owner)
        python3 = shutil.which("python3") or sys.executable
        r = subprocess.run([python3, "run.py", "user", "reset-password", "pmd"], cwd=ROOT,
                           env=app_env(app.data_dir), input=f"{NEW_PW}\n{NEW_PW}\n",
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        other = _with_cookie(browser, app, screenshots, cookie)
        _expect_refused(other, "pmd", app)
        other.close()
        # the browser that was logged in is logged out at its next run
        owner.reload()
        expect(owner.page.get_by_label("Nama pengguna")).to_be_visible()
        owner.settle()
    finally:
        owner.close()


def test_copied_cookie_after_keluar_dari_semua_perangkat_logs_nobody_in(app, browser,
                                                                         screenshots):
    owner = _logged_in(browser, app, screenshots, "trantib")
    office_pc = _logged_in(browser, app, screenshots, "trantib")  # a second device
    try:
        cookie = _session_cookie(owner)
        owner.go("Akun Saya", "Akun Saya")
        owner.click("Keluar dari semua perangkat")
        expect(owner.page.get_by_label("Nama pengguna")).to_be_visible()
        owner.expect_alert("Sesi Anda telah berakhir")
        owner.settle()
        owner.shot("sesi-keluar-semua-perangkat")
        other = _with_cookie(browser, app, screenshots, cookie)
        _expect_refused(other, "trantib", app)
        other.close()
        office_pc.reload()
        expect(office_pc.page.get_by_label("Nama pengguna")).to_be_visible()
    finally:
        owner.close()
        office_pc.close()


def test_bookmark_opens_its_page_after_login_and_after_a_cookie_re_login(app, browser,
                                                                          screenshots):
    p = Person(browser, app.base_url, app, screenshots)
    try:
        # not logged in: the bookmark shows the login form, then the page asked for
        p.page.goto(app.base_url + "/pemantauan")
        expect(p.page.get_by_label("Nama pengguna")).to_be_visible()
        p.page.get_by_label("Nama pengguna").fill("camat")
        p.page.get_by_label("Kata sandi").fill(PASSWORD)
        p.page.get_by_role("button", name="Masuk", exact=True).click()
        expect(p.sidebar.get_by_text(_display_name(app, "camat"), exact=True)).to_be_visible()
        expect(p.page).to_have_url(app.base_url + "/pemantauan")
        expect(p.page.get_by_role("heading", name="Pemantauan", exact=True)
               ).to_be_visible()
        p.username = "camat"
        p.settle()
        _session_cookie(p)
        # logged in (cookie): a bookmark in a new tab opens that page, not Beranda
        tab = p.context.new_page()
        tab.goto(app.base_url + "/riwayat")
        expect(tab.locator('[data-testid="stSidebar"]').get_by_text(
            _display_name(app, "camat"), exact=True)).to_be_visible(timeout=30_000)
        expect(tab).to_have_url(app.base_url + "/riwayat")
        expect(tab.get_by_role("heading", name="Riwayat", exact=True)).to_be_visible()
        # a reload keeps the page
        tab.reload()
        expect(tab).to_have_url(app.base_url + "/riwayat")
        expect(tab.get_by_role("heading", name="Riwayat", exact=True)).to_be_visible()
        tab.close()
    finally:
        p.close()
