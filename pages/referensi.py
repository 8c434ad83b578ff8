"""Dokumen Referensi: the year's Renstra, PK, RKT, DPA, Rencana Aksi and IKI.
The Sekcam uploads; everyone lists and downloads."""
import streamlit as st

from lib import access, clock, cycles, files, spelling
from lib.format import store
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/referensi.py")
db = _ui.get_db()

st.title("Dokumen Referensi")
years = sorted({c.year for c in cycles.list_cycles(db)} | set(store.years_with_rows(db))
               | {cycles.default_year(clock.now())}, reverse=True)
year = st.selectbox("Tahun", years, key="referensi.tahun")
may_upload = access.can(user, "reference.upload")

docs = files.list_files(db, kind="reference", year=year)
for label in files.REFERENCE_LABELS:
    mine = [f for f in docs if f.label == label]
    st.markdown(f"**{label}**" + ("" if mine else " — belum diunggah"))
    for f in mine:
        _ui.file_row(f, key="referensi", user=user, may_delete=may_upload,
                     caption=f"{_ui.escape_md(f.original_name)} · "
                             f"{spelling.format_number(f.size / 1024, 0)} KB · "
                             f"{_ui.escape_md(f.uploaded_by_name)}, "
                             f"{spelling.format_datetime(clock.parse(f.uploaded_at))}")

if may_upload:
    st.subheader("Unggah dokumen")
    with st.form("referensi.unggah", clear_on_submit=True):
        label = st.selectbox("Jenis dokumen", files.REFERENCE_LABELS)
        up = _ui.uploader("referensi", key="referensi.berkas", lead="Berkas")
        go = st.form_submit_button("Unggah", type="primary")
    if go:
        if up is None:
            st.error("Pilih berkas dulu.")
        else:
            try:
                files.save_file(db, user, kind="reference", data=up.getvalue(),
                                original_name=up.name, year=year, label=label)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash(f"Dokumen {label} {year} tersimpan.")
                st.rerun()
