"""Pengguna: the office's people, their role, units and password (never deleted)."""
import pandas as pd
import streamlit as st

from lib import office, sessions, spelling, users
from lib.access import ALL_ROLES, ROLE_LABELS
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/admin_pengguna.py")
db = _ui.get_db()
st.title("Pengguna")
st.caption("Pengguna yang sudah punya riwayat tidak dihapus: nonaktifkan bila pindah tugas. "
           "Satu orang boleh memimpin dua unit (mis. Plt.).")

people = users.list_users(db)
locked = users.locked_users(db)
unit_names = {u.code: u.name for u in office.list_units(db)}
active_units = [u.code for u in office.list_units(db, active_only=True)]
ACTING_LABELS = {"": "Definitif", "Plt.": "Plt. (Pelaksana Tugas)",
                 "Plh.": "Plh. (Pelaksana Harian)"}


def _status(p: users.User) -> str:
    if not p.active:
        return "Nonaktif"
    if p.username in locked:
        return f"Terkunci s.d. {locked[p.username].strftime('%H.%M')}"
    return "Aktif"


st.dataframe(pd.DataFrame([{
    "Nama pengguna": p.username, "Nama": p.name, "NIP": p.nip, "Pangkat/Golongan": p.pangkat,
    "Jabatan": p.jabatan, "Peran": p.role_label, "Unit": ", ".join(p.unit_codes) or "-",
    "Status": _status(p)} for p in people]), hide_index=True, placeholder="–", width="stretch")


st.subheader("Sedang masuk")
live = sessions.live_sessions(db, user)
if live:
    st.dataframe(pd.DataFrame([{
        "Nama pengguna": s.username, "Nama": s.name,
        "Masuk sejak": spelling.format_datetime(s.created_at, wib=True),
        "Terakhir aktif": spelling.format_datetime(s.last_seen_at, wib=True),
        "Perangkat": s.client_hint} for s in live]), hide_index=True, width="stretch")
else:
    st.caption("Tidak ada yang sedang masuk.")


def _role_label(r: str) -> str:
    return ROLE_LABELS.get(r, r)


def _unit_label(c: str) -> str:
    return f"{c} — {unit_names.get(c, c)}"


tab_add, tab_edit = st.tabs(["Tambah pengguna", "Ubah pengguna"])
with tab_add:
    with st.form("admin.pengguna.add"):
        col1, col2 = st.columns(2)
        with col1:
            a_username = st.text_input("Nama pengguna", key="admin.pengguna.add.username",
                                       help="Huruf kecil, angka, titik, garis bawah atau "
                                            "tanda hubung.")
            a_name = st.text_input("Nama lengkap (dengan gelar)", key="admin.pengguna.add.name")
            a_nip = st.text_input("NIP", key="admin.pengguna.add.nip")
            a_pangkat = st.text_input("Pangkat/Golongan", key="admin.pengguna.add.pangkat",
                                      help="mis. Penata (III/c)")
            a_jabatan = st.text_input("Jabatan", key="admin.pengguna.add.jabatan")
        with col2:
            a_role = st.selectbox("Peran", ALL_ROLES, format_func=_role_label,
                                  key="admin.pengguna.add.role")
            a_admin = st.checkbox("Juga administrator", key="admin.pengguna.add.is_admin")
            a_acting = st.selectbox("Status jabatan", list(users.ACTING),
                                    format_func=ACTING_LABELS.get, key="admin.pengguna.add.acting")
            a_units = st.multiselect("Unit yang dipimpin", active_units, format_func=_unit_label,
                                     key="admin.pengguna.add.units", placeholder="Pilih unit",
                                     help="Wajib untuk Kasi/Kasubbag; boleh lebih dari satu.")
            a_pw1 = st.text_input("Kata sandi awal", type="password", key="admin.pengguna.add.pw1",
                                  help="Minimal 10 karakter, memuat huruf dan angka.")
            a_pw2 = st.text_input("Ulangi kata sandi", type="password",
                                  key="admin.pengguna.add.pw2")
        add = st.form_submit_button("Tambah pengguna", type="primary")
    if add:
        try:
            created = users.create_user(
                db, user, username=a_username, name=a_name, role=a_role, password=a_pw1,
                password2=a_pw2, nip=a_nip, pangkat=a_pangkat, jabatan=a_jabatan,
                is_admin=a_admin, acting=a_acting, unit_codes=a_units)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            for k in ("username", "name", "nip", "pangkat", "jabatan", "pw1", "pw2", "units"):
                st.session_state.pop(f"admin.pengguna.add.{k}", None)
            _ui.flash(f"Pengguna '{created.username}' ditambahkan.")
            st.rerun()

with tab_edit:
    by_username = {p.username: p for p in people}
    picked = st.selectbox("Pengguna", list(by_username), key="admin.pengguna.edit.pick",
                          format_func=lambda n: f"{n} — {by_username[n].name}"
                          + ("" if by_username[n].active else " (nonaktif)"))
    p = by_username[picked]
    k = f"admin.pengguna.edit.{p.username}"
    with st.form(k):
        col1, col2 = st.columns(2)
        with col1:
            e_name = st.text_input("Nama lengkap (dengan gelar)", value=p.name, key=f"{k}.name")
            e_nip = st.text_input("NIP", value=p.nip, key=f"{k}.nip")
            e_pangkat = st.text_input("Pangkat/Golongan", value=p.pangkat, key=f"{k}.pangkat")
            e_jabatan = st.text_input("Jabatan", value=p.jabatan, key=f"{k}.jabatan")
        with col2:
            roles = list(ALL_ROLES) + ([p.role] if p.role not in ALL_ROLES else [])
            e_role = st.selectbox("Peran", roles, index=roles.index(p.role),
                                  format_func=_role_label, key=f"{k}.role")
            e_admin = st.checkbox("Juga administrator", value=p.is_admin, key=f"{k}.is_admin")
            acting = list(users.ACTING)
            e_acting = st.selectbox("Status jabatan", acting,
                                    index=acting.index(p.acting) if p.acting in acting else 0,
                                    format_func=ACTING_LABELS.get, key=f"{k}.acting")
            options = active_units + [c for c in p.unit_codes if c not in active_units]
            e_units = st.multiselect("Unit yang dipimpin", options, default=list(p.unit_codes),
                                     format_func=_unit_label, key=f"{k}.units",
                                     placeholder="Pilih unit")
        save = st.form_submit_button("Simpan perubahan", type="primary")
    if save:
        try:
            users.update_user(db, user, p.username, name=e_name, role=e_role, nip=e_nip,
                              pangkat=e_pangkat, jabatan=e_jabatan, is_admin=e_admin,
                              acting=e_acting, unit_codes=e_units)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            _ui.flash(f"Data pengguna '{p.username}' disimpan.")
            st.rerun()

    st.markdown("**Atur ulang kata sandi**")
    if p.username in locked:
        st.warning(f"Akun ini terkunci sampai pukul {locked[p.username].strftime('%H.%M')} WIB. "
                   "Mengatur ulang kata sandi juga membuka kunci.")
    with st.form(f"{k}.reset", clear_on_submit=True):
        r_pw1 = st.text_input("Kata sandi baru", type="password", key=f"{k}.reset.pw1",
                              help="Minimal 10 karakter, memuat huruf dan angka.")
        r_pw2 = st.text_input("Ulangi kata sandi baru", type="password", key=f"{k}.reset.pw2")
        reset = st.form_submit_button("Atur ulang kata sandi")
    if reset:
        try:
            users.reset_password(db, user, p.username, r_pw1, r_pw2)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            _ui.flash(f"Kata sandi '{p.username}' diatur ulang. Sampaikan kepada yang "
                      "bersangkutan secara langsung.")
            st.rerun()

    st.markdown("**Sesi**")
    n_live = sum(1 for s in live if s.username == p.username)
    st.caption(f"{n_live} sesi aktif. Mengakhiri semua sesi membuat pengguna ini keluar dari "
               "semua perangkat (mis. bila kata sandinya diketahui orang lain).")
    if st.button("Keluar dari semua perangkat", key=f"{k}.keluar_semua"):
        _ui.act(f"Semua sesi '{p.username}' sudah diakhiri.",
                sessions.end_all, db, user, p.username)

    st.markdown("**Status akun**")
    if p.active:
        st.caption("Pengguna nonaktif tidak dapat masuk; riwayatnya tetap tersimpan.")
        if st.button("Nonaktifkan pengguna", key=f"{k}.deactivate"):
            _ui.act(f"Pengguna '{p.username}' dinonaktifkan.",
                    users.set_active, db, user, p.username, False)
    else:
        if st.button("Aktifkan kembali", key=f"{k}.activate"):
            _ui.act(f"Pengguna '{p.username}' diaktifkan kembali.",
                    users.set_active, db, user, p.username, True)
