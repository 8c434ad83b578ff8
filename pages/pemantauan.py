"""Pemantauan (Sekcam, also the Camat): cycle progress, the unit matrix, office
minutes per step against Mutu Baku, capaian across years. Refreshes itself."""
import altair as alt
import pandas as pd
import streamlit as st

from lib import clock, cycles, monitoring, spelling
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/pemantauan.py")
db = _ui.get_db()

st.title("Pemantauan")
all_cycles = cycles.list_cycles(db)
if not all_cycles:
    st.info("Belum ada siklus LAKIP. Pemantauan tampil setelah Camat memulai siklus.")
    st.stop()
year = st.selectbox("Tahun laporan", [c.year for c in all_cycles], key="pantau.tahun")
auto = st.toggle("Segarkan otomatis tiap 30 detik", value=True, key="pantau.auto")

STATUS_ICON = {"selesai": "Selesai", "aktif": "Aktif", "menunggu": "Menunggu"}


def pct(v):
    return "-" if v is None else spelling.format_percent(v)


@st.fragment(run_every=30 if auto else None)
def live():
    now = clock.now()
    try:
        prog = monitoring.progress(db, user, year, now=now)
        matrix = monitoring.unit_matrix(db, user, year)
        minutes = monitoring.minutes_per_step(db, user, year, now=now)
    except PerkinError as err:
        _ui.show_error(err)
        return
    st.caption(f"Diperbarui {spelling.format_datetime(now)} WIB")
    # ---------------------------------------------------- progress
    c1, c2, c3 = st.columns(3)
    c1.metric("Langkah selesai", f"{prog['done']} dari {prog['total']}")
    act = prog["active"]
    if act is not None:
        c2.metric("Langkah aktif", f"{act.no}. {act.actor}")
        waited = prog["active_waited"] or 0
        c3.metric("Menunggu (menit kerja)", waited,
                  delta=f"{waited - act.mutu_baku:+d} terhadap Mutu Baku {act.mutu_baku}",
                  delta_color="inverse")
    else:
        c2.metric("Status", "Selesai" if prog["cycle"].closed else "-")
    st.progress(prog["done"] / prog["total"], text=f"Kemajuan siklus LAKIP {year}")
    steps = pd.DataFrame([{
        "No": s.no, "Kegiatan": s.kegiatan, "Pelaksana": s.actor,
        "Status": STATUS_ICON[s.status], "Putaran": str(s.rounds) if s.rounds else "–",
        "Menit kerja": str(s.minutes) if s.minutes is not None else "–",
        "Mutu Baku (menit)": s.mutu_baku,
    } for s in prog["steps"]])

    def step_color(row):
        color = {"Selesai": "#e3f2e5", "Aktif": "#fff4d6"}.get(row["Status"], "")
        return [f"background-color: {color}" if color else ""] * len(row)

    st.dataframe(steps.style.apply(step_color, axis=1), hide_index=True, placeholder="–",
                 width="stretch", height=36 * (len(steps) + 1) + 3)

    # ---------------------------------------------------- unit matrix
    st.subheader("Status format per unit")
    waiting = [m["unit"] for m in matrix if m["belum_kirim"]]
    if waiting:
        st.warning("Belum mengirim: " + ", ".join(waiting))
    else:
        st.success("Semua unit sudah mengirim format.")
    df = pd.DataFrame([{
        "Unit": m["unit"], "Status": m["status_label"], "Putaran": m["putaran"],
        "Oleh": m["oleh"], "Pada": spelling.format_datetime(clock.parse(m["pada"])) if m["pada"]
        else "", "Alasan pengembalian": m["alasan"]} for m in matrix])

    def mark(row):
        color = "background-color: #fde2e1" if row["Status"] in (
            "Belum mulai", "Draft", "Dikembalikan", "Belum dibuka") else ""
        return [color] * len(row)

    st.dataframe(df.style.apply(mark, axis=1), hide_index=True, placeholder="–", width="stretch")

    # ---------------------------------------------------- minutes vs Mutu Baku
    st.subheader("Menit kerja per langkah terhadap Mutu Baku")
    if minutes:
        long = []
        for r in minutes:
            long.append({"Langkah": r["langkah"], "Jenis": "Waktu nyata", "Menit": r["menit"],
                         "Melebihi": "Melebihi Mutu Baku" if r["melebihi"] else "Sesuai"})
            long.append({"Langkah": r["langkah"], "Jenis": "Mutu Baku",
                         "Menit": r["mutu_baku"], "Melebihi": "Mutu Baku"})
        order = [r["langkah"] for r in minutes]
        chart = alt.Chart(pd.DataFrame(long)).mark_bar().encode(
            x=alt.X("Langkah:N", sort=order, title="Langkah"),
            xOffset="Jenis:N",
            y=alt.Y("Menit:Q", title="Menit kerja"),
            color=alt.Color("Melebihi:N", title="", scale=alt.Scale(
                domain=["Sesuai", "Melebihi Mutu Baku", "Mutu Baku"],
                range=["#2e7d32", "#c62828", "#9e9e9e"])),
            tooltip=["Langkah", "Jenis", "Menit"],
        ).properties(height=320)
        st.altair_chart(chart, width="stretch")
        st.dataframe(pd.DataFrame([{
            "Langkah": r["langkah"], "Putaran": r["putaran"], "Menit kerja": r["menit"],
            "Mutu Baku (menit)": r["mutu_baku"], "Selisih (menit)": r["selisih"],
            "Melebihi": "Ya" if r["melebihi"] else ""} for r in minutes]),
            hide_index=True, placeholder="–", width="stretch")


live()

# -------------------------------------------------------- capaian
st.subheader("Capaian kinerja")
try:
    overview = monitoring.capaian_overview(db, user)
except PerkinError as err:
    _ui.show_error(err)
    st.stop()
per_year = [y for y in overview["per_year"] if y["jumlah"]]
if not per_year:
    st.info("Belum ada data indikator.")
    st.stop()
cur = next((y for y in per_year if y["tahun"] == year), per_year[-1])
c1, c2, c3 = st.columns(3)
c1.metric(f"Rata-rata capaian {cur['tahun']}", pct(cur["rata_rata"]))
c2.metric("Indikator dihitung", f"{cur['dihitung']} dari {cur['jumlah']}")
c3.metric("Predikat", cur["predikat"] or "-")
st.dataframe(pd.DataFrame([{"Predikat": k, "Jumlah indikator": v}
                           for k, v in cur["per_predikat"].items()]),
             hide_index=True, placeholder="–")
sas = pd.DataFrame([s for s in overview["by_sasaran"] if s["rata_rata"] is not None])
if not sas.empty:
    if sas["tahun"].nunique() > 1:
        st.caption("Rata-rata capaian per sasaran antartahun")
        chart = alt.Chart(sas).mark_bar().encode(
            x=alt.X("sasaran:N", title="Sasaran", axis=alt.Axis(labelLimit=220)),
            xOffset="tahun:N", y=alt.Y("rata_rata:Q", title="Capaian (%)"),
            color=alt.Color("tahun:N", title="Tahun"),
            tooltip=["tahun", "sasaran", alt.Tooltip("rata_rata:Q", format=".2f")],
        ).properties(height=320)
        st.altair_chart(chart, width="stretch")
    cur_sas = sas[sas["tahun"] == cur["tahun"]]
    st.dataframe(pd.DataFrame([{"Sasaran": r.sasaran, "Rata-rata capaian": pct(r.rata_rata),
                                "Predikat": r.predikat or "-"}
                               for r in cur_sas.itertuples()]), hide_index=True, placeholder="–",
                 width="stretch")
low = [r for r in overview["low"] if r["tahun"] == cur["tahun"]]
st.caption(f"Indikator dengan capaian ≤ 75% ({len(low)})")
if low:
    st.dataframe(pd.DataFrame([{"Indikator": r["indikator"], "Unit": r["unit"],
                                "Target": r["target"], "Realisasi": r["realisasi"],
                                "Capaian": pct(r["capaian"]), "Predikat": r["predikat"]}
                               for r in low]), hide_index=True, placeholder="–", width="stretch")
