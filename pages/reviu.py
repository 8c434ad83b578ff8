"""Reviu LKjIP (Sekcam): the readiness check, and the record of the APIP
(Inspektorat) reviu of the year's report, entered once the draft is corrected
(step 7) and before the Camat approves (step 10). When recorded, the report
carries the "Pernyataan Telah Direviu" page."""
import datetime as dt

import streamlit as st

from lib import clock, spelling
from lib.errors import PerkinError
from lib.lkjip import readiness, reviu, settings
from pages import _ui

user = _ui.require_page("pages/reviu.py")
db = _ui.get_db()
now = clock.now()
title = _ui.report_title(db)

st.title(f"Reviu {title}")
year = _ui.cycle_year_or_stop("pages/reviu.py", "reviu.tahun",
                               f"Belum ada siklus {title}.")
ready = readiness.check(db, year)
_ui.readiness_panel(ready, key=f"reviu.kesiapan.{year}", expanded=bool(ready.blocking))

st.subheader("Reviu APIP (Inspektorat)")
st.caption("Reviu dicatat setelah draft diterima Sekcam (langkah 7) dan sebelum persetujuan "
           "Camat (langkah 10). "
           + ("Camat baru dapat menyetujui setelah reviu dicatat (pengaturan kantor)."
              if settings.reviu_required(db) else
              "Camat dapat menyetujui tanpa reviu; bila dicatat, halaman Pernyataan Telah "
              "Direviu dicetak dalam laporan."))
done = reviu.current(db, year)
if done is not None:
    with st.container(border=True):
        st.markdown(f"**Sudah direviu** oleh {_ui.escape_md(done.reviewer)} (NIP "
                    f"{_ui.escape_md(done.nip)}) pada {spelling.format_date(done.reviewed_on)}.")
        st.markdown(f"Hasil: {_ui.escape_md(done.result)}")
        if done.notes:
            st.markdown(f"Catatan: {_ui.escape_md(done.notes)}")
        st.caption(f"Dicatat oleh {_ui.escape_md(done.recorded_by)}, "
                   f"{spelling.format_datetime(clock.parse(done.recorded_at))} WIB.")

why_not = reviu.may_record(db, year)
if why_not:
    st.info(why_not)
else:
    with st.form(f"reviu.form.{year}"):
        reviewer = st.text_input("Nama pereviu (APIP/Inspektorat)", key=f"reviu.{year}.nama",
                                 value=done.reviewer if done else "")
        nip = st.text_input("NIP pereviu", key=f"reviu.{year}.nip",
                            value=done.nip if done else "")
        reviewed_on = st.date_input("Tanggal reviu", key=f"reviu.{year}.tanggal",
                                    value=now.date(), min_value=dt.date(year, 1, 1),
                                    max_value=now.date(), format="DD/MM/YYYY")
        result = st.text_area("Hasil reviu", key=f"reviu.{year}.hasil", height=90,
                              value=done.result if done else "",
                              placeholder="mis. LKjIP telah disajikan sesuai PermenPANRB 53/2014; "
                                          "data akurat, andal dan valid.")
        notes = st.text_area("Catatan (bila ada)", key=f"reviu.{year}.catatan", height=90)
        go = st.form_submit_button("Catat reviu" if done is None else "Catat reviu baru",
                                   type="primary")
    if go:
        try:
            reviu.record(db, user, year, {"reviewer": reviewer, "nip": nip,
                                          "reviewed_on": reviewed_on, "result": result,
                                          "notes": notes})
        except PerkinError as err:
            _ui.show_error(err)
        else:
            _ui.flash(f"Reviu {title} {year} tercatat.")
            st.rerun()
