"""Rekapitulasi (step 4): every unit's rows grouped by sasaran with capaian,
predikat and sasaran averages; what is left out and why; downloads; the JF's
"Himpun" completing step 4."""
import pandas as pd
import streamlit as st

from lib import cycles, spelling
from lib.format import rekap, store
from lib.errors import PerkinError
from pages import _ui
from lib.services import workflow

user = _ui.require_page("pages/rekap.py")
db = _ui.get_db()

st.title("Rekapitulasi Format")
years = sorted({c.year for c in cycles.list_cycles(db)} | set(store.years_with_rows(db)),
               reverse=True)
if not years:
    st.info("Belum ada data format.")
    st.stop()
_ui.take_focus("pages/rekap.py", "rekap.tahun", years)
year = st.selectbox("Tahun laporan", years, key="rekap.tahun")
cycle = cycles.find_cycle(db, year)

# ---------------------------------------------------------------- step 4 (JF)
if cycle is not None and not cycle.closed:
    step = cycles.definition(db, cycle).step_of_kind("himpun")
    open_ = step is not None and any(r.step_no == step.no for r in cycles.open_runs(db, cycle))
    if open_ and step.actor_role in user.roles:
        with st.container(border=True):
            st.markdown(f"**Langkah {step.no}: {_ui.escape_md(step.kegiatan)}**")
            catatan = st.text_area("Catatan penghimpunan (boleh kosong)", key="rekap.catatan")
            if st.button(f"Himpun (selesaikan langkah {step.no})", key="rekap.himpun",
                         type="primary"):
                try:
                    workflow.complete_step(db, user, year, step.no, {"catatan": catatan})
                except PerkinError as err:
                    _ui.show_error(err)
                else:
                    _ui.flash("Format dihimpun; Sekcam dapat memeriksa setiap unit.")
                    st.rerun()

r = rekap.rekap_cached(db, year)
if not r.rows:
    st.info("Belum ada indikator untuk tahun ini.")
    st.stop()
s = r.summary
c1, c2, c3 = st.columns(3)
c1.metric("Rata-rata capaian", spelling.format_cell(s.average, "persen"))
c2.metric("Predikat", s.predikat or "–")
c3.metric("Indikator dihitung",
          f"{spelling.format_number(s.counted)} dari {spelling.format_number(s.total)}")
if r.cap:
    st.caption("Capaian di atas 100% dibatasi 100% untuk rata-rata (pengaturan).")

_ui.paper_table(_ui.REKAP_GRID, [_ui.format_row_view(dict(d, no_urut=i))
                                 for i, d in enumerate(r.rows, 1)], key="rekap.tabel")
st.subheader("Rata-rata per sasaran")
_ui.number_table([{
    "Sasaran Strategis": a.sasaran, "Rata-rata capaian": a.average,
    "Predikat": a.predikat or "tidak dapat dihitung",
    "Indikator dihitung": f"{spelling.format_number(a.counted)} dari "
                          f"{spelling.format_number(a.total)}"} for a in s.sasaran],
    {"Rata-rata capaian": "persen"})

if s.excluded:
    st.subheader("Tidak dihitung dalam rata-rata")
    st.dataframe(pd.DataFrame([{"Sasaran": e.sasaran, "Indikator": e.indikator,
                                "Alasan": e.reason} for e in s.excluded]),
                 hide_index=True, placeholder="–", width="stretch")

st.subheader("Unduh")
a, b = st.columns(2)
a.download_button("Rekap (.xlsx)", _ui.deferred(rekap.export_rekap, year, "xlsx"),
                  file_name=f"rekap-format-{year}.xlsx", key="rekap.xlsx",
                  mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
b.download_button("Rekap (.csv)", _ui.deferred(rekap.export_rekap, year, "csv"),
                  file_name=f"rekap-format-{year}.csv", mime="text/csv", key="rekap.csv")
