"""Register Surat (JF/Sekcam): the numbers given, taking a new one (typed from
the agenda book, checked against duplicates, or the next of Perkin's own
sequence) and cancelling one with a reason (it stays, never reused)."""
import datetime as dt

import pandas as pd
import streamlit as st

from lib import clock, cycles, register, spelling
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/register.py")
db = _ui.get_db()
REPORT = _ui.report_title(db)   # LKjIP or LAKIP, as the office calls it
now = clock.now()

st.title("Register Surat")
st.caption("Nomor surat tidak pernah diberikan dua kali dan tidak ada yang terlewat. Nomor "
           "yang dibatalkan tetap tercatat beserta alasannya.")

SOURCES = {"perkin": "Urutan Perkin", "agenda": "Buku agenda"}
STATUS = {"aktif": "Aktif", "dibatalkan": "Dibatalkan"}

# ---------------------------------------------------------------- take a number
with st.expander("Ambil nomor surat", expanded=False):
    c1, c2 = st.columns(2)
    doc_type = c1.selectbox("Jenis surat", list(register.DOC_TYPES), key="register.jenis",
                            format_func=lambda k: register.DOC_TYPES[k])
    date = c2.date_input("Tanggal surat", value=now.date(), format="DD/MM/YYYY",
                         key="register.tanggal")
    subject = st.text_input("Perihal", key="register.perihal", max_chars=300)
    source = st.radio("Sumber nomor", list(SOURCES), horizontal=True, key="register.sumber",
                      format_func=lambda k: {"perkin": "Nomor berikutnya dari Perkin",
                                             "agenda": "Diketik dari buku agenda"}[k])
    typed = ""
    if source == "agenda":
        typed = st.text_input("Nomor dari buku agenda", key="register.nomor", max_chars=80,
                              placeholder="mis. 000.1.5/117/CGG/I/2027")
    else:
        try:
            st.caption(f"Nomor berikutnya (perkiraan): **{register.preview_next(db, doc_type, date)}**"
                       " — nomor pasti diberikan saat tombol ditekan.")
        except Exception:  # noqa: BLE001 - a broken pattern shows on take
            pass
    year_options = [None] + [c.year for c in cycles.list_cycles(db)]
    cycle_year = st.selectbox(f"Terkait siklus {REPORT} tahun", year_options, key="register.siklus",
                              format_func=lambda y: "-" if y is None else str(y))
    if st.button("Ambil nomor", type="primary", key="register.ambil"):
        if source == "agenda" and not typed.strip():
            st.error("Ketik nomor dari buku agenda, atau pilih nomor berikutnya dari Perkin.")
        else:
            try:
                letter = register.take(db, user, doc_type=doc_type, date=date, subject=subject,
                                       cycle_year=cycle_year,
                                       typed_number=typed.strip() or None)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash(f"Nomor {letter['number']} tercatat di register.")
                st.rerun()

# ---------------------------------------------------------------- the register
letters = register.list_letters(db)
years = sorted({r["year"] for r in letters}, reverse=True)
if not letters:
    st.info("Register masih kosong.")
    st.stop()
pick = st.selectbox("Tahun nomor", years, key="register.tahun")
rows = [r for r in letters if r["year"] == pick]
table = pd.DataFrame([{
    "Nomor": r["number"],
    "Jenis": register.DOC_TYPES.get(r["doc_type"], r["doc_type"]),
    "Tanggal": spelling.format_date(dt.date.fromisoformat(r["letter_date"])),
    "Perihal": r["subject"],
    "Sumber": SOURCES.get(r["source"], r["source"]),
    "Status": STATUS.get(r["status"], r["status"]),
    "Alasan batal": r["cancel_reason"] or "",
    "Dicatat oleh": r["created_by_name"],
} for r in rows])
st.dataframe(table, hide_index=True, placeholder="–", width="stretch")
st.caption(f"{len(rows)} nomor pada tahun {pick}.")

active = [r["number"] for r in rows if r["status"] == "aktif"]
if active:
    with st.expander("Batalkan nomor"):
        with st.form("register.batal"):
            number = st.selectbox("Nomor", active)
            reason = st.text_input("Alasan pembatalan", max_chars=500)
            go = st.form_submit_button("Batalkan nomor")
        if go:
            try:
                register.cancel(db, user, number, reason)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash(f"Nomor {number} dibatalkan; nomor itu tidak akan dipakai lagi.")
                st.rerun()
