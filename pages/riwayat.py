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
who = c2.selectbox("Orang", [None, *opts["people"]], key="riwayat.orang",
                   format_func=lambda u: "Semua orang" if u is None else opts["people"][u])
step = c3.selectbox("Langkah", [None, *opts["steps"]], key="riwayat.langkah",
                    format_func=lambda s: "Semua langkah" if s is None else opts["steps"][s])
unit = c4.selectbox("Unit", [None, *opts["units"]], key="riwayat.unit",
                    format_func=lambda u: "Semua unit" if u is None else opts["units"][u])
filters = {"year": pick if isinstance(pick, int) else None, "settings_only": pick == SETTINGS,
           "username": who, "step_no": step, "unit_code": unit}
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
