"""The baseline page: plain Streamlit showing the same rows in a data_editor.

Run by AppTest (``bench.pages``) with the data folder in PERKIN_DATA_DIR; the
session key ``bench.unit`` narrows it to one unit's rows (as the unit's form
page shows), else it shows the whole year (as the master/rekap pages do).
Nothing runs on import.
"""
from __future__ import annotations


def main() -> None:
    import os
    import sqlite3

    import pandas as pd
    import streamlit as st

    year = int(st.session_state.get("bench.year", 2026))
    unit = st.session_state.get("bench.unit")
    path = os.path.join(os.environ["PERKIN_DATA_DIR"], "perkin.db")
    conn = sqlite3.connect(path)
    sql = ("SELECT i.sasaran, i.indikator, i.target, i.realisasi, i.program, i.sumber_data, "
           "u.name, i.ket FROM indicators i JOIN units u ON u.id = i.unit_id WHERE i.year = ?")
    params: list = [year]
    if unit:
        sql += " AND u.code = ?"
        params.append(unit)
    rows = conn.execute(sql + " ORDER BY u.sort, i.sort, i.id", params).fetchall()
    conn.close()
    df = pd.DataFrame(rows, columns=["Sasaran Strategis", "Indikator Kinerja", "Target",
                                     "Realisasi", "Program/Kegiatan", "Sumber Data",
                                     "Yang membidangi", "Ket"])
    df.insert(0, "No", range(1, len(df) + 1))
    st.title("Halaman dasar")
    st.data_editor(df, key="bare.editor", hide_index=True, width="stretch")


if __name__ == "__main__":
    main()
