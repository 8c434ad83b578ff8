"""Perkin — the frame: page config, the one login gate, the sidebar, and
st.navigation built from the pages the user's role may open.

streamlit-authenticator traps (STACK-NOTES): one Authenticate per run, here;
the cookie re-login runs before st.navigation; the cookie write after a form
login is deferred to the next run; no st.rerun() after logout; st.navigation
is called on every run, logged out too.

Sessions (issue #17, lib/sessions.py): a form login creates a session record and the
cookie's token carries its random id ("sid"); the library's cookie re-login is accepted
only while that record is live, and every run of a logged-in browser session checks it,
so a session ended elsewhere (Keluar on a copied cookie, a password reset, the
administrator) logs this browser out at its next run.
"""
from __future__ import annotations

import copy
import os
import time
import types

import jwt
import streamlit as st
import streamlit_authenticator as stauth
import streamlit_authenticator.models.cookie_model as _cookie_model_module
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import office, paths, sessions, users
from lib.errors import PerkinError
from pages import _ui

# The icon ships in assets/ (drawn for Perkin): a ":material/...:" page icon made every browser
# fetch it from a font CDN on every load; an office tool fetches nothing from outside.
st.set_page_config(page_title="Perkin — Perencanaan Kinerja",
                   page_icon=str(paths.ROOT / "assets" / "icon.png"), layout="wide")

try:
    db = _ui.get_db()
except PerkinError as err:  # e.g. a full disk when this session's connection opens
    _ui.unavailable(err)
_ui.warm_workers()
# less empty space above the title: on a 768 px high laptop it took a fifth of the screen
st.html("<style>[data-testid='stMainBlockContainer']{padding-top:2.5rem}</style>")
st.session_state["perkin.frame"] = True   # pages check that they run inside this frame
LOGIN_DELAY = float(os.environ.get("PERKIN_LOGIN_SLEEP", "0.7"))  # s, after a failed login
TOKEN = "perkin.sesi"   # session_state key: this browser session's token (the cookie's "sid")
if not st.session_state.get("authentication_status"):
    # The page a bookmark or reload asked for, taken before anything can interrupt the run
    # (the first run of a browser session is often replaced by a rerun that has lost it).
    asked = _ui.requested_page()
    if asked:
        st.session_state["perkin.asked"] = asked
if not st.session_state.get("perkin.marked"):
    paths.mark_running()
    st.session_state["perkin.marked"] = True


# The library's cookie component reported the browser's cookies back on every mount: one
# more run on every first load, for nothing (it reads the cookie from the request). Perkin's
# stand-in writes and deletes the same cookie without reporting (pages/_ui.CookieWriter).
_cookie_model_module.stx = types.SimpleNamespace(CookieManager=_ui.CookieWriter)


def _authenticator() -> stauth.Authenticate:
    expiry = float(office.get_setting(db, "session_expiry_days") or 1)
    auth = stauth.Authenticate(
        copy.deepcopy(users.credentials(db)), cookie_name="perkin_sesi",
        cookie_key=paths.cookie_secret(), cookie_expiry_days=expiry, auto_hash=False,
        login_sleep_time=0)  # the library slept on every logged-out run; see below
    model = auth.authentication_controller.authentication_model

    def check_credentials(username: str, password: str) -> bool:
        # Lockout and failure counting live in lib, in the database.
        try:
            person = users.authenticate(db, username, password)
        except PerkinError as err:
            # The login delay is paid where it protects against guessing: on a failed
            # attempt (with the lockout in lib.users). The library paid it on every
            # logged-out run, twice a run here (cookie re-login and form): 1.4 s on every
            # run of the login page and of the submit (issue #21).
            time.sleep(LOGIN_DELAY)
            st.session_state["perkin.login_error"] = str(err)
            return False
        st.session_state.pop("perkin.login_error", None)
        st.session_state[TOKEN] = sessions.start(db, person, client_hint=_client_hint())
        return True

    model.check_credentials = check_credentials

    cookie = auth.cookie_controller.cookie_model
    library_get_cookie = cookie.get_cookie
    refused: list[bool] = []   # this run (a new Authenticate every run)

    def get_cookie():
        # The library accepts any signed, unexpired token; Perkin also wants its session
        # record live. A token of an ended, expired or unknown session is refused and cleared.
        token = library_get_cookie()
        if not token:
            return token
        sid = token.get("sid")
        if sessions.resume(db, sid, token.get("username")) is not None:
            st.session_state[TOKEN] = sid
            return token
        if not refused:  # once per run (the library asks twice on the login page), but on
            refused.append(True)  # every run that refuses, so the component surely runs
            try:
                cookie.cookie_manager.delete(cookie.cookie_name, key="perkin.cookie_refused")
            except KeyError:  # the browser's cookie list was not reported yet
                pass
        return None

    def token_encode() -> str:
        return jwt.encode({"username": st.session_state["username"], "exp_date": cookie.exp_date,
                           "sid": st.session_state.get(TOKEN)},
                          cookie.cookie_key, algorithm="HS256")

    cookie.get_cookie = get_cookie
    cookie._token_encode = token_encode
    return auth


def _client_hint() -> str:
    try:
        return sessions.client_hint(st.context.headers.get("User-Agent"), st.context.ip_address)
    except Exception:  # no request context (AppTest)
        return sessions.client_hint(None)


def login_page() -> None:
    st.title("Perkin")
    st.caption("Perencanaan Kinerja — SOP SAKIP Kecamatan")
    auth = st.session_state["perkin.authenticator"]
    if st.session_state.get("perkin.session_ended"):
        st.info(st.session_state["perkin.session_ended"])
    try:
        auth.login(location="main", key="login", fields={
            "Form name": "Masuk", "Username": "Nama pengguna", "Password": "Kata sandi",
            "Login": "Masuk", "Captcha": "Captcha"})
    except Exception as err:  # the library raises its own LoginError (English)
        st.error("Gagal masuk. Coba lagi.")
        st.session_state["perkin.login_error_detail"] = repr(err)
    if (paths.ROOT / "pages/verifikasi.py").exists():
        st.page_link("pages/verifikasi.py", label=f"Verifikasi keaslian dokumen {_ui.report_title(db)}",
                     icon=":material/verified:")
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(st.session_state.get("perkin.login_error", "Nama pengguna atau kata sandi salah."))
    elif status:
        st.session_state.pop("perkin.session_ended", None)
        st.session_state["perkin.cookie_pending"] = True
        st.rerun()


# The cookie component's identity must not depend on the run's page. With a pages/ folder
# Streamlit starts every process in its old pages-folder mode, where app.py runs *as a page*
# and its elements get ids salted with that page's hash, until the first st.navigation.
# The next run (navigation mode) salts them with the main script's hash: the browser then
# sees a new cookie component, mounts it, and its first report requests a rerun that
# replaced the first click on Masuk of every fresh server (issue #17; the 0.7 s pre-form
# sleep was the window). One identity for both modes: the main script's.
_ctx = get_script_run_ctx()
with _ctx.run_with_active_hash(_ctx.pages_manager.main_script_hash):
    auth = _authenticator()
st.session_state["perkin.authenticator"] = auth
if users.count_users(db) > 0 and not st.session_state.get("authentication_status"):
    auth.login(location="unrendered")  # cookie re-login, before st.navigation

user = _ui.current_user()
if st.session_state.get("authentication_status") and (
        user is None or sessions.resume(db, st.session_state.get(TOKEN), user.username) is None):
    # deactivated or removed while logged in, or the session ended elsewhere or expired
    auth.logout(location="unrendered")
    st.session_state.pop(TOKEN, None)
    st.session_state.pop("perkin.asked", None)
    user = None
    # kept until the next login (a flash would vanish in the rerun the cookie deletion causes)
    st.session_state["perkin.session_ended"] = "Sesi Anda telah berakhir. Silakan masuk lagi."
cookie_run = user is not None and st.session_state.pop("perkin.cookie_pending", False)
if cookie_run:
    auth.cookie_controller.set_cookie()


def _end_own_session(_info) -> None:
    sessions.end(db, st.session_state.pop(TOKEN, None))
    st.session_state.pop("perkin.asked", None)   # the next login starts at Beranda


demo = _ui.is_demo()
if user is not None:
    with st.sidebar:
        if demo:
            st.warning("MODE DEMO — data contoh, kata sandi umum. Jangan dipakai untuk data "
                       "sungguhan.", icon=":material/science:")
        st.markdown(f"**{_ui.escape_md(user.name)}**")
        units = ", ".join(office.get_unit(db, c).name for c in user.unit_codes)
        st.caption(user.role_label + (f" · {units}" if units else ""))
    # Not key="logout": the library keeps its own st.session_state["logout"] flag, set in
    # the same run as a cookie re-login after a reload, and a button with that key then
    # raises StreamlitValueAssignmentNotAllowedError (found by tests/e2e).
    auth.logout(button_name="Keluar", location="sidebar", key="perkin.keluar",
                callback=_end_own_session)
    # in every logged-in run, the one after the login included: it is now often the only
    # one (no component reruns; the bookmark is resolved in that run, not by a switch)
    _ui.close_sidebar_on_phones()
    user = _ui.current_user()  # None right after a click on Keluar (no rerun: STACK-NOTES)
    if user is not None and not cookie_run:
        # after the Keluar button: never beside the deletion a click on it renders
        _ui.write_cookie()

public = ([st.Page("pages/verifikasi.py", title="Verifikasi Dokumen",
                   icon=":material/verified:")]
          if (paths.ROOT / "pages/verifikasi.py").exists() else [])
if users.count_users(db) == 0:
    nav = [st.Page("pages/penyiapan.py", title="Penyiapan Awal", icon=":material/build:",
                   default=True)] + public
elif user is None:
    nav = [st.Page(login_page, title="Masuk", icon=":material/login:", url_path="masuk",
                   default=True)] + public
else:
    groups: dict[str, list] = {}
    mine = _ui.pages_for(user)
    for spec in mine:
        groups.setdefault(spec.group, []).append(
            st.Page(spec.path, title=_ui.page_title(spec, db), icon=spec.icon,
                    default=spec.default))
    # another role's address: a hidden page saying whom it is for (not "Page not found")
    last = list(groups)[-1]
    for spec in _ui.PAGES:
        if spec not in mine and (paths.ROOT / spec.path).exists():
            groups[last].append(st.Page(_ui.refusal_page(spec), title=spec.title,
                                        icon=spec.icon, visibility="hidden",
                                        url_path=spec.path.rsplit("/", 1)[-1][:-3]))
    nav = groups

if demo and user is None:
    st.warning("MODE DEMO — data contoh untuk mencoba aplikasi. Kata sandi semua akun demo: "
               "perkin-demo.", icon=":material/science:")

# After a login (the form or the cookie), the bookmarked or reloaded page. It is resolved by
# st.navigation in this very run, not by st.switch_page in a later one: a switch_page needs
# one more run, which a rerun sent earlier by the browser (a component's report, carrying
# the login page's address) could replace under load, and the bookmark landed on Beranda
# (CI). The page asked for is kept until the browser itself names a page of this menu (it
# does in every run after it has shown one), so a run that is replaced, or a late report
# still carrying the login page's address, goes to the page asked for again.
if user is not None and st.session_state.get("perkin.asked"):
    asked = st.session_state["perkin.asked"]
    menu = [p for ps in (nav.values() if isinstance(nav, dict) else [nav]) for p in ps]
    asked_target = next((p for p in menu if p._url_path == asked), None)
    manager = _ctx.pages_manager
    here = manager.intended_page_script_hash
    chosen = any(p._script_hash == here for p in menu) if here else any(
        p.url_path == manager.intended_page_name for p in menu if manager.intended_page_name)
    if asked_target is None:
        st.session_state.pop("perkin.asked")
        if any(spec.path == f"pages/{asked}.py" for spec in _ui.PAGES):
            _ui.flash("Halaman yang diminta tidak tersedia untuk peran Anda.", "warning")
    elif chosen:   # the browser is on a page of this menu: the user's choice stands
        st.session_state.pop("perkin.asked")
    else:          # the login page's address or none: go to the page asked for
        manager.set_script_intent(asked_target._script_hash, asked_target.url_path)
elif user is None and st.session_state.get("perkin.asked") and isinstance(nav, list):
    # Logged out on a bookmark of a page behind the login: the login form, without
    # Streamlit's English "Page not found" dialog (which also made the form inert).
    manager = _ctx.pages_manager
    if manager.intended_page_name == st.session_state["perkin.asked"] and not any(
            p.url_path == manager.intended_page_name for p in nav):
        manager.set_script_intent(nav[0]._script_hash, "")
page = st.navigation(nav, expanded=True)   # every page listed (no English "View more")
_ui.show_flash()
page.run()
_ui.freeze_imports()
