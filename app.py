"""Perkin — the frame: page config, the one login gate, the sidebar, and
st.navigation built from the pages the user's role may open.

streamlit-authenticator traps (STACK-NOTES): one Authenticate per run, here;
the cookie re-login runs before st.navigation; the cookie write after a form
login is deferred to the next run; no st.rerun() after logout; st.navigation
is called on every run, logged out too.
"""
from __future__ import annotations

import copy
import os

import streamlit as st
import streamlit_authenticator as stauth

from lib import office, paths, users
from lib.errors import PerkinError
from pages import _ui

st.set_page_config(page_title="Perkin — Perencanaan Kinerja", page_icon=":material/assignment:",
                   layout="wide")

db = _ui.get_db()
st.session_state["perkin.frame"] = True   # pages check that they run inside this frame
if not st.session_state.get("perkin.marked"):
    paths.mark_running()
    st.session_state["perkin.marked"] = True


def _authenticator() -> stauth.Authenticate:
    expiry = float(office.get_setting(db, "session_expiry_days") or 1)
    auth = stauth.Authenticate(
        copy.deepcopy(users.credentials(db)), cookie_name="perkin_sesi",
        cookie_key=paths.cookie_secret(), cookie_expiry_days=expiry, auto_hash=False,
        login_sleep_time=float(os.environ.get("PERKIN_LOGIN_SLEEP", "0.7")))
    model = auth.authentication_controller.authentication_model

    def check_credentials(username: str, password: str) -> bool:
        # Lockout and failure counting live in lib, in the database.
        try:
            users.authenticate(db, username, password)
        except PerkinError as err:
            st.session_state["perkin.login_error"] = str(err)
            return False
        st.session_state.pop("perkin.login_error", None)
        return True

    model.check_credentials = check_credentials
    return auth


def login_page() -> None:
    st.title("Perkin")
    st.caption("Perencanaan Kinerja — SOP SAKIP Kecamatan")
    auth = st.session_state["perkin.authenticator"]
    try:
        auth.login(location="main", key="login", fields={
            "Form name": "Masuk", "Username": "Nama pengguna", "Password": "Kata sandi",
            "Login": "Masuk", "Captcha": "Captcha"})
    except Exception as err:  # the library raises its own LoginError (English)
        st.error("Gagal masuk. Coba lagi.")
        st.session_state["perkin.login_error_detail"] = repr(err)
    if (paths.ROOT / "pages/verifikasi.py").exists():
        st.page_link("pages/verifikasi.py", label="Verifikasi keaslian dokumen LAKIP",
                     icon=":material/verified:")
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(st.session_state.get("perkin.login_error", "Nama pengguna atau kata sandi salah."))
    elif status:
        st.session_state["perkin.cookie_pending"] = True
        st.rerun()


auth = _authenticator()
st.session_state["perkin.authenticator"] = auth
if users.count_users(db) > 0 and not st.session_state.get("authentication_status"):
    auth.login(location="unrendered")  # cookie re-login, before st.navigation

user = _ui.current_user()
if st.session_state.get("authentication_status") and user is None:
    # deactivated or removed while logged in
    auth.logout(location="unrendered")
if user is not None and st.session_state.pop("perkin.cookie_pending", False):
    auth.cookie_controller.set_cookie()

demo = _ui.is_demo()
if user is not None:
    with st.sidebar:
        if demo:
            st.warning("MODE DEMO — data contoh, kata sandi umum. Jangan dipakai untuk data "
                       "sungguhan.", icon=":material/science:")
        st.markdown(f"**{_ui.escape_md(user.name)}**")
        units = ", ".join(user.unit_codes)
        st.caption(user.role_label + (f" · unit {units}" if units else ""))
    # Not key="logout": the library keeps its own st.session_state["logout"] flag, set in
    # the same run as a cookie re-login after a reload, and a button with that key then
    # raises StreamlitValueAssignmentNotAllowedError (found by tests/e2e).
    auth.logout(button_name="Keluar", location="sidebar", key="perkin.keluar")
    user = _ui.current_user()  # None right after a click on Keluar (no rerun: STACK-NOTES)

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
    for spec in _ui.pages_for(user):
        groups.setdefault(spec.group, []).append(
            st.Page(spec.path, title=spec.title, icon=spec.icon, default=spec.default))
    nav = groups

if demo and user is None:
    st.warning("MODE DEMO — data contoh untuk mencoba aplikasi. Kata sandi semua akun demo: "
               "perkin-demo.", icon=":material/science:")
page = st.navigation(nav, expanded=True)   # every page listed (no English "View more")
_ui.show_flash()
page.run()
