"""Akun Saya: who I am, change my password, end my sessions on every device."""
import streamlit as st

from lib import sessions, users
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/akun.py")
db = _ui.get_db()
st.title("Akun Saya")
st.write(f"**{_ui.escape_md(user.name)}** — {user.role_label}")
st.caption(f"Nama pengguna: {user.username} · NIP: {user.nip or '-'} · "
           f"Unit: {', '.join(user.unit_codes) or '-'}")
st.subheader("Ganti kata sandi")
with st.form("akun.password", clear_on_submit=True):
    old = st.text_input("Kata sandi lama", type="password", key="akun.old")
    new1 = st.text_input("Kata sandi baru", type="password", key="akun.new1",
                         help="Minimal 10 karakter, memuat huruf dan angka.")
    new2 = st.text_input("Ulangi kata sandi baru", type="password", key="akun.new2")
    ok = st.form_submit_button("Simpan kata sandi", type="primary")
if ok:
    try:
        users.change_password(db, user, old, new1, new2,
                              keep_token=st.session_state.get("perkin.sesi"))
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Kata sandi berhasil diganti. Sesi Anda di perangkat lain sudah diakhiri.")
        st.rerun()

st.subheader("Keluar dari semua perangkat")
st.caption("Mengakhiri semua sesi akun ini — di komputer ini, di komputer bersama kantor, "
           "dan di perangkat lain yang pernah Anda pakai. Setelah itu Anda perlu masuk lagi.")
if st.button("Keluar dari semua perangkat", key="akun.keluar_semua"):
    # The frame (app.py) finds this session ended at the next run and logs this browser out.
    _ui.act("Semua sesi akun Anda sudah diakhiri.", sessions.end_all, db, user, user.username)
