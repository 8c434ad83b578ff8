"""The bare Streamlit multipage app the browser benchmark (``bench.browser``) compares
Perkin with: what Streamlit itself costs for the same screens, without Perkin.

It stands for Perkin with everything of Perkin's own taken away -- the login library and
its cookie component, sessions, the database services, the pages' logic -- and Streamlit's
part kept: an ``st.navigation`` menu of the same pages for the same role, a sidebar with
the user's name and a Keluar button, and on every page the same kinds and numbers of
elements Perkin showed there, counted in the browser by the benchmark (grids with the
same number of rows, filled from the same office's indicators; paper tables with the same
rows; buttons, inputs, alerts, metrics, charts, expanders, ...). Its login form has
Perkin's two fields and button and checks nothing (the benchmark adds the bcrypt check's
own time to the login target).

Run by ``streamlit run bench/bare_app.py`` with ``BENCH_SPEC`` (the JSON the benchmark
wrote: roles -> pages -> element counts) and ``PERKIN_DATA_DIR`` (the office, for rows).
"""
from __future__ import annotations

import json
import os
import sqlite3
from functools import lru_cache

import pandas as pd
import streamlit as st

COLUMNS = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi",
           "Program/Kegiatan", "Sumber Data", "Yang membidangi", "Ket"]


@lru_cache(maxsize=1)
def _spec(path: str, mtime: float) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def spec() -> dict:
    path = os.environ["BENCH_SPEC"]
    return _spec(path, os.path.getmtime(path))


def rows(n: int) -> pd.DataFrame:
    """``n`` indicator rows of the office (read on every run, as a page reads its rows)."""
    conn = sqlite3.connect(os.path.join(os.environ["PERKIN_DATA_DIR"], "perkin.db"))
    try:
        got = conn.execute(
            "SELECT i.sasaran, i.indikator, i.target, i.realisasi, i.program, i.sumber_data, "
            "u.name, i.ket FROM indicators i JOIN units u ON u.id = i.unit_id "
            "ORDER BY i.year DESC, u.sort, i.sort, i.id LIMIT ?", [max(n, 1)]).fetchall()
    finally:
        conn.close()
    got = (got * (n // max(len(got), 1) + 1))[:n] if got else [("",) * 8] * n
    df = pd.DataFrame(got, columns=COLUMNS[1:])
    df.insert(0, "No", range(1, len(df) + 1))
    return df


def paper(n: int) -> None:
    body = "".join(f"<tr>{''.join(f'<td>sel {i}.{j}</td>' for j in range(9))}</tr>"
                   for i in range(n))
    st.html(f"<table><thead><tr>{''.join(f'<th>{c}</th>' for c in COLUMNS)}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def element(kind: str, i: int, info: dict) -> None:
    key = f"bare.{kind}.{i}"
    if kind == "stDataFrame":
        df = rows(int(info.get("rows", 10)))
        if info.get("editable"):
            st.data_editor(df, key=key, hide_index=True, width="stretch")
        else:
            st.dataframe(df, key=key, hide_index=True, width="stretch")
    elif kind == "stHtml":
        if info.get("rows"):
            paper(int(info["rows"]))
        else:
            st.html("<div><b>Catatan</b> teks singkat</div>")
    elif kind in ("stButton", "stFormSubmitButton"):
        st.button(f"Tombol {i}", key=key)
    elif kind == "stDownloadButton":
        st.download_button(f"Unduh {i}", b"isi", file_name="x.txt", key=key)
    elif kind == "stSelectbox":
        st.selectbox(f"Pilihan {i}", ["2026", "2025", "2024"], key=key)
    elif kind == "stMultiSelect":
        st.multiselect(f"Pilihan ganda {i}", ["a", "b", "c"], key=key)
    elif kind == "stTextInput":
        st.text_input(f"Isian {i}", key=key)
    elif kind == "stTextArea":
        st.text_area(f"Teks {i}", key=key)
    elif kind == "stNumberInput":
        st.number_input(f"Angka {i}", key=key)
    elif kind == "stDateInput":
        st.date_input(f"Tanggal {i}", key=key, value=None)
    elif kind == "stTimeInput":
        st.time_input(f"Jam {i}", key=key, value=None)
    elif kind == "stCheckbox":
        st.checkbox(f"Centang {i}", key=key)
    elif kind == "stRadio":
        st.radio(f"Pilih {i}", ["a", "b"], key=key, horizontal=True)
    elif kind == "stFileUploader":
        st.file_uploader(f"Unggah {i}", key=key)
    elif kind == "stMetric":
        st.metric(f"Ukuran {i}", "85,5%", "2,1%")
    elif kind == "stAlert":
        st.info(f"Keterangan {i}")
    elif kind in ("stHeading", "stTitle"):
        st.subheader(f"Judul {i}")
    elif kind == "stCaptionContainer":
        st.caption(info["md"] if info.get("md") else f"Keterangan kecil {i}")
    elif kind in ("stVegaLiteChart", "stArrowVegaLiteChart"):
        # Perkin's charts: horizontal bars in pairs, one band per category, as tall as
        # Perkin's chart on this page (counted by the benchmark)
        bars = int(info.get("bars", 4))
        df = pd.DataFrame({"kategori": [f"Kategori {j + 1}" for j in range(bars)],
                           "tahun lalu": [80 + j % 25 for j in range(bars)],
                           "tahun ini": [90 + j % 20 for j in range(bars)]})
        st.bar_chart(df, x="kategori", y=["tahun lalu", "tahun ini"], horizontal=True,
                     stack=False, height=int(info.get("height", 350)))
    elif kind == "stImage" and info.get("file"):
        # the very image Perkin showed there
        st.image(info["file"], caption=info.get("caption"), width="stretch")
    elif kind == "stImage":
        st.image(b"\x89PNG\r\n\x1a\n" + bytes.fromhex(
            "0000000d49484452000000010000000108060000001f15c489"
            "0000000d4944415478da63f8cfc0f01f0005000201a3bd9a7b0000000049454e44ae426082"))
    elif kind == "stPageLink":
        st.page_link(st.session_state["bare.home"], label=f"Tautan {i}")
    elif kind == "stIFrame":
        import streamlit.components.v1 as components
        components.html("<div></div>", height=0)
    elif kind == "stExpander":
        with st.expander(f"Rincian {i}"):
            st.write("isi")
    elif kind == "stTabs":
        st.tabs(["Satu", "Dua"])
    elif kind == "stForm":
        with st.form(key):
            st.form_submit_button("Kirim")
    elif info.get("md"):  # a long text: the same, rebuilt as markdown by the benchmark
        st.markdown(info["md"])
    else:  # stMarkdown and anything else: a line of text
        st.markdown(f"Teks **{i}** dengan _tekanan_.")


def page_fn(title: str, elements: list):
    def page() -> None:
        st.title(title)
        for i, (kind, info) in enumerate(elements):
            element(kind, i, info)
    page.__name__ = "bare_" + "".join(c if c.isalnum() else "_" for c in title.lower())
    return page


def login_page() -> None:
    st.title("Perkin")
    st.caption("Perencanaan Kinerja — aplikasi dasar pembanding")
    with st.form("bare.login"):
        st.subheader("Masuk")
        user = st.text_input("Nama pengguna")
        st.text_input("Kata sandi", type="password")
        if st.form_submit_button("Masuk"):
            st.session_state["bare.user"] = user.strip().lower()
            st.rerun()


def main() -> None:
    st.set_page_config(page_title="Aplikasi dasar", layout="wide")
    s = spec()
    user = st.session_state.get("bare.user")
    role = s["roles"].get(user) if user else None
    if role is None:
        st.navigation([st.Page(login_page, title="Masuk", url_path="masuk", default=True)]).run()
        return
    with st.sidebar:
        st.markdown(f"**{role['name']}**")
        st.caption(role["label"])
        if st.button("Keluar", key="bare.keluar"):
            st.session_state.pop("bare.user", None)
            st.rerun()
    pages = []
    for i, p in enumerate(role["pages"]):
        pages.append(st.Page(page_fn(p["title"], p["elements"]), title=p["title"],
                             url_path=p["url"] or "beranda", default=i == 0))
    st.session_state["bare.home"] = pages[0]
    st.navigation(pages, expanded=True).run()


if __name__ == "__main__":   # streamlit run; importing it (the smoke test) runs nothing
    main()
