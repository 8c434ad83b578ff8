"""Jam Kerja & Libur: the office hours per weekday and the holidays, used to count
the office minutes of each step against its Mutu Baku."""
import datetime as dt

import pandas as pd
import streamlit as st

from lib import clock, office_calendar, spelling
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/admin_kalender.py")
db = _ui.get_db()
st.title("Jam Kerja & Hari Libur")
st.caption("Waktu sebuah langkah dihitung dalam menit kerja: hanya jam kerja di hari kerja, "
           "tanpa jam istirahat dan hari libur.")

# ------------------------------------------------------------------ office hours
st.subheader("Jam kerja")
hours = office_calendar.get_office_hours(db)
with st.form("admin.kalender.hours"):
    head = st.columns([2, 1, 2, 2, 2, 2])
    for col, text in zip(head, ["Hari", "Kerja", "Mulai", "Selesai", "Mulai istirahat",
                                "Selesai istirahat"]):
        col.markdown(f"**{text}**")
    typed = {}
    for day, name in enumerate(office_calendar.DAY_NAMES):
        spec = hours.get(day)
        start, end, bs, be = spec if spec else ("", "", "", "")
        cols = st.columns([2, 1, 2, 2, 2, 2])
        cols[0].write(name)
        k = f"admin.kalender.{day}"
        works = cols[1].checkbox("Hari kerja", value=spec is not None, key=f"{k}.kerja",
                                 label_visibility="collapsed")
        vals = [cols[i + 2].text_input(label, value=v or "", key=f"{k}.{field}",
                                       placeholder="JJ:MM", label_visibility="collapsed")
                for i, (label, field, v) in enumerate([
                    (f"{name} mulai", "start", start), (f"{name} selesai", "end", end),
                    (f"{name} mulai istirahat", "break_start", bs),
                    (f"{name} selesai istirahat", "break_end", be)])]
        typed[day] = tuple(v.strip() for v in vals) if works else None
    st.caption("Kosongkan kedua kolom istirahat bila hari itu tanpa istirahat.")
    save_hours = st.form_submit_button("Simpan jam kerja", type="primary")
if save_hours:
    try:
        office_calendar.set_office_hours(db, user, typed)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Jam kerja disimpan.")
        st.rerun()

week = office_calendar.calendar(db).weekly_minutes
st.caption(f"Jumlah jam kerja seminggu: {spelling.format_number(week / 60)} jam.")

# ------------------------------------------------------------------ holidays
st.subheader("Hari libur")
st.caption("Libur nasional dimuat dari tabel hari libur Indonesia (paket holidays) dan cuti "
           "bersama dari daftar SKB yang disertakan Perkin, saat penyiapan dan saat siklus "
           "dimulai. Hari yang Anda hapus tidak akan muncul lagi pada pemuatan berikutnya.")
this_year = clock.now().year
all_holidays = office_calendar.list_holidays(db)
years = sorted({int(h["date"][:4]) for h in all_holidays} | {this_year, this_year + 1},
               reverse=True)
year = st.selectbox("Tahun", years, index=years.index(this_year), key="admin.kalender.year")
status = office_calendar.year_status(db, year)
if status is None:
    st.info(f"Libur nasional dan cuti bersama tahun {year} belum dimuat.")
elif office_calendar.cuti_bersama(year) is None:
    st.warning(f"Perkin belum memiliki daftar cuti bersama tahun {year}. Tambahkan cuti "
               f"bersama tahun {year} sendiri sesuai SKB Menteri Agama, Menteri "
               "Ketenagakerjaan dan Menteri PANRB tahun itu.")
if st.button(f"{'Muat' if status is None else 'Muat ulang'} libur nasional dan cuti bersama "
             f"{year}", key="admin.kalender.muat",
             help="Hari yang sudah tercatat tetap; hari yang pernah dihapus tidak dimuat lagi."):
    try:
        result = office_calendar.load_year(db, user, year)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash(office_calendar.describe_load(result))
        st.rerun()
listed = office_calendar.list_holidays(db, year)
if listed:
    st.dataframe(pd.DataFrame([{
        "Tanggal": spelling.format_date(dt.date.fromisoformat(h["date"])),
        "Hari": office_calendar.DAY_NAMES[dt.date.fromisoformat(h["date"]).weekday()],
        "Keterangan": h["name"],
        "Sumber": office_calendar.SOURCES.get(h["source"], h["source"])} for h in listed]),
        hide_index=True, placeholder="–", width="stretch")
    st.caption(f"{len(listed)} hari libur tahun {year}.")
else:
    st.info(f"Belum ada hari libur tercatat untuk tahun {year}.")
removed = office_calendar.list_removed(db, year)
if removed:
    with st.expander(f"Hari yang dihapus ({len(removed)}), tidak dimuat lagi"):
        st.dataframe(pd.DataFrame([{
            "Tanggal": spelling.format_date(dt.date.fromisoformat(h["date"])),
            "Keterangan": h["name"],
            "Sumber": office_calendar.SOURCES.get(h["source"], h["source"]),
            "Dihapus oleh": h["removed_by_name"],
            "Pada": spelling.format_datetime(clock.parse(h["removed_at"]))} for h in removed]),
            hide_index=True, placeholder="–", width="stretch")
        st.caption("Untuk memakainya lagi, tambahkan tanggal itu sebagai hari libur.")

col_add, col_remove = st.columns(2)
with col_add:
    with st.form("admin.kalender.add_holiday"):
        h_date = st.date_input("Tanggal", value=None, format="DD/MM/YYYY",
                               key="admin.kalender.holiday_date")
        h_name = st.text_input("Keterangan", key="admin.kalender.holiday_name",
                               placeholder="mis. Hari Kemerdekaan RI / cuti bersama")
        add = st.form_submit_button("Tambah hari libur", type="primary")
    if add:
        if h_date is None:
            st.error("Pilih tanggal hari libur.")
        else:
            try:
                office_calendar.add_holiday(db, user, h_date, h_name)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                for key in ("admin.kalender.holiday_date", "admin.kalender.holiday_name"):
                    st.session_state.pop(key, None)
                _ui.flash(f"Hari libur {spelling.format_date(h_date)} ditambahkan.")
                st.rerun()
with col_remove:
    if listed:
        with st.form("admin.kalender.remove_holiday"):
            gone = st.selectbox(
                "Hapus hari libur", [h["date"] for h in listed],
                format_func=lambda d: f"{spelling.format_date(dt.date.fromisoformat(d))} — "
                + next(h["name"] for h in listed if h["date"] == d),
                key="admin.kalender.remove_pick")
            remove = st.form_submit_button("Hapus")
        if remove:
            try:
                office_calendar.remove_holiday(db, user, dt.date.fromisoformat(gone))
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash("Hari libur dihapus.")
                st.rerun()
