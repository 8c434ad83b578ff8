"""Riwayat: the append-only audit trail as people read it (lib.history), newest first,
filtered by year, person, step and unit, exportable to .xlsx. Read-only."""
import pandas as pd
import streamlit as st

from lib import clock, history
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/riwayat.py")
db = _ui.get_db()
st.title("Riwayat")
st.caption("Catatan setiap tindakan, yang terbaru di atas: siapa, kapan, apa, pada langkah "
           "dan unit mana, dari keadaan apa ke keadaan apa, dan alasannya. Catatan ini tidak "
           "dapat diubah atau dihapus.")

opts = history.filter_options(db, user)
ALL, SETTINGS = "semua", "pengaturan"
year_opts = opts["years"] + [ALL, SETTINGS]
year_words = {ALL: "Semua tahun", SETTINGS: "Pengaturan (tanpa tahun)"}
c1, c2, c3, c4 = st.columns(4)
pick = c1.selectbox("Tahun", year_opts, key="riwayat.tahun",
                    format_func=lambda y: year_words.get(y, str(y)))
# "" is "all" (a None option would show Streamlit's own English placeholder)
who = c2.selectbox("Orang", ["", *opts["people"]], key="riwayat.orang",
                   format_func=lambda u: opts["people"].get(u, "Semua orang"))
step = c3.selectbox("Langkah", ["", *opts["steps"]], key="riwayat.langkah",
                    format_func=lambda s: opts["steps"].get(s, "Semua langkah"))
unit = c4.selectbox("Unit", ["", *opts["units"]], key="riwayat.unit",
                    format_func=lambda u: opts["units"].get(u, "Semua unit"))
filters = {"year": pick if isinstance(pick, int) else None, "settings_only": pick == SETTINGS,
           "username": who or None, "step_no": step if step != "" else None,
           "unit_code": unit or None}
try:
    rows = history.history(db, user, **filters)
except PerkinError as err:
    _ui.show_error(err)
    st.stop()
if not rows:
    st.info("Belum ada catatan untuk saringan ini.")
    st.stop()
SHOWN = 1000
columns = [c for c in history.COLUMNS if c != "Tahun" or not isinstance(pick, int)]
st.dataframe(pd.DataFrame(rows[:SHOWN], columns=columns), hide_index=True,
             placeholder="–", width="stretch",
             column_config={"Rincian": st.column_config.TextColumn(width="large"),
                            "Tindakan": st.column_config.TextColumn(width="medium"),
                            "Alasan": st.column_config.TextColumn(width="medium")})
shown = (f"{len(rows)} catatan." if len(rows) <= SHOWN else
         f"{SHOWN} catatan terbaru dari {len(rows)}; unduh untuk melihat semuanya.")
st.caption(shown)
stamp = clock.now().strftime("%Y%m%d-%H%M")
st.download_button("Unduh riwayat (.xlsx)", _ui.deferred(history.export_xlsx, user, **filters),
                   file_name=f"riwayat-{pick}-{stamp}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="riwayat.unduh")
