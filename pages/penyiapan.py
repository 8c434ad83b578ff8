"""First start: create the administrator (the only page without login while no user exists)."""
import streamlit as st

from lib import users
from lib.errors import PerkinError
from pages import _ui

db = _ui.get_db()
st.title("Penyiapan Awal Perkin")
if users.count_users(db) > 0:
    st.info("Administrator sudah dibuat. Silakan masuk.")
    st.stop()
st.write("Belum ada pengguna. Buat akun **administrator** pertama. Administrator mengelola "
         "profil kecamatan, unit, pengguna, jam kerja dan definisi SOP.")
with st.form("setup.form"):
    name = st.text_input("Nama lengkap", key="setup.name")
    nip = st.text_input("NIP", key="setup.nip")
    username = st.text_input("Nama pengguna", key="setup.username",
                             help="Huruf kecil, angka, titik, garis bawah atau tanda hubung.")
    pw1 = st.text_input("Kata sandi", type="password", key="setup.pw1",
                        help="Minimal 10 karakter, memuat huruf dan angka.")
    pw2 = st.text_input("Ulangi kata sandi", type="password", key="setup.pw2")
    submitted = st.form_submit_button("Buat administrator", type="primary")
if submitted:
    try:
        users.create_user(db, None, username=username, name=name, nip=nip, role="admin",
                          is_admin=True, password=pw1, password2=pw2, first_admin=True)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Administrator dibuat. Silakan masuk dengan akun tersebut.")
        st.rerun()
