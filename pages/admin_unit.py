"""Unit Kerja: the office's units, who supplies data, and each head's title."""
import pandas as pd
import streamlit as st

from lib import office, users
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/admin_unit.py")
db = _ui.get_db()
st.title("Unit Kerja")
st.caption("Unit penyuplai data mengisi Formulir Pengumpulan Perencanaan Kinerja setiap tahun. "
           "Unit tidak pernah dihapus; unit yang tidak dipakai lagi dinonaktifkan.")

units = office.list_units(db)
heads: dict[str, list[str]] = {}
for u in users.list_users(db, active_only=True):
    for code in u.unit_codes:
        heads.setdefault(code, []).append(u.name)

st.dataframe(pd.DataFrame([{
    "Kode": u.code, "Nama unit": u.name, "Jabatan kepala": u.head_title,
    "Kepala (pengguna)": ", ".join(heads.get(u.code, [])) or "-",
    "Penyuplai data": "Ya" if u.supplies_data else "Tidak",
    "Status": "Aktif" if u.active else "Nonaktif"} for u in units]),
    hide_index=True, placeholder="–", width="stretch")

tab_add, tab_edit = st.tabs(["Tambah unit", "Ubah unit"])
with tab_add:
    with st.form("admin.unit.add", clear_on_submit=False):
        code = st.text_input("Kode unit", key="admin.unit.add.code",
                             help="2-20 huruf kecil/angka, diawali huruf, mis. 'pem'. "
                                  "Kode tidak dapat diubah setelah disimpan.")
        name = st.text_input("Nama unit", key="admin.unit.add.name")
        head = st.text_input("Jabatan kepala unit", key="admin.unit.add.head",
                             help="mis. Kasi Pemerintahan")
        supplies = st.checkbox("Unit penyuplai data", value=True, key="admin.unit.add.supplies")
        add = st.form_submit_button("Tambah unit", type="primary")
    if add:
        try:
            office.save_unit(db, user, code=code, name=name, head_title=head,
                             supplies_data=supplies, active=True, new=True)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            for k in ("code", "name", "head"):
                st.session_state.pop(f"admin.unit.add.{k}", None)
            _ui.flash(f"Unit '{name.strip()}' ditambahkan.")
            st.rerun()

with tab_edit:
    if not units:
        st.info("Belum ada unit.")
    else:
        by_code = {u.code: u for u in units}
        chosen = st.selectbox("Unit", list(by_code), key="admin.unit.edit.pick",
                              format_func=lambda c: f"{c} — {by_code[c].name}"
                              + ("" if by_code[c].active else " (nonaktif)"))
        unit = by_code[chosen]
        with st.form(f"admin.unit.edit.{unit.code}"):
            new_name = st.text_input("Nama unit", value=unit.name,
                                     key=f"admin.unit.edit.{unit.code}.name")
            new_head = st.text_input("Jabatan kepala unit", value=unit.head_title,
                                     key=f"admin.unit.edit.{unit.code}.head")
            new_supplies = st.checkbox("Unit penyuplai data", value=unit.supplies_data,
                                       key=f"admin.unit.edit.{unit.code}.supplies")
            new_active = st.checkbox("Aktif", value=unit.active,
                                     key=f"admin.unit.edit.{unit.code}.active",
                                     help="Unit nonaktif tidak lagi diminta mengisi format.")
            save = st.form_submit_button("Simpan perubahan", type="primary")
        if save:
            try:
                office.save_unit(db, user, code=unit.code, name=new_name, head_title=new_head,
                                 supplies_data=new_supplies, active=new_active)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash(f"Unit '{unit.code}' disimpan.")
                st.rerun()
        if not unit.active and heads.get(unit.code):
            st.caption("Pengguna yang terikat pada unit ini tetap aktif; ubah unit mereka di "
                       "halaman Pengguna bila perlu.")
