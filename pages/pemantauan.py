"""Pemantauan (Sekcam, also the Camat): cycle progress, the unit matrix, office
minutes per step against Mutu Baku, capaian across years. Refreshes itself."""
import pandas as pd
import streamlit as st

from lib import charts, clock, cycles, monitoring, spelling
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/pemantauan.py")
db = _ui.get_db()
REPORT = _ui.report_title(db)   # LKjIP or LAKIP, as the office calls it

st.title("Pemantauan")
all_cycles = cycles.list_cycles(db)
if not all_cycles:
    st.info(f"Belum ada siklus {REPORT}. Pemantauan tampil setelah Camat memulai siklus.")
    st.stop()
year = st.selectbox("Tahun laporan", [c.year for c in all_cycles], key="pantau.tahun")
auto = st.toggle("Segarkan otomatis tiap 30 detik", value=True, key="pantau.auto")

STATUS_ICON = {"selesai": "Selesai", "aktif": "Aktif", "menunggu": "Menunggu"}


def pct(v):
    return spelling.format_cell(v, "persen")


def num(v):
    return spelling.format_cell(v, "bilangan")


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
    c1.metric("Langkah selesai", f"{num(prog['done'])} dari {num(prog['total'])}")
    act = prog["active"]
    if act is not None:
        c2.metric("Langkah aktif", f"{act.no}. {act.actor}")
        waited = prog["active_waited"] or 0
        c3.metric("Menunggu (menit kerja)", num(waited),
                  delta=f"{spelling.format_cell(waited - act.mutu_baku, 'selisih')} terhadap "
                        f"Mutu Baku {num(act.mutu_baku)}",
                  delta_color="inverse")
    else:
        c2.metric("Status", "Selesai" if prog["cycle"].closed else "-")
    st.progress(prog["done"] / prog["total"], text=f"Kemajuan siklus {REPORT} {year}")
    steps = pd.DataFrame([{
        "No": s.no, "Kegiatan": s.kegiatan, "Pelaksana": s.actor,
        "Status": STATUS_ICON[s.status], "Putaran": num(s.rounds or None),
        "Menit kerja": num(s.minutes), "Mutu Baku (menit)": num(s.mutu_baku),
    } for s in prog["steps"]])
    right = {c: st.column_config.TextColumn(alignment="right")
             for c in ("Putaran", "Menit kerja", "Mutu Baku (menit)")}

    def step_color(row):
        color = {"Selesai": "#e3f2e5", "Aktif": "#fff4d6"}.get(row["Status"], "")
        return [f"background-color: {color}" if color else ""] * len(row)

    st.dataframe(steps.style.apply(step_color, axis=1), hide_index=True, placeholder="–",
                 width="stretch", height=36 * (len(steps) + 1) + 3, column_config=right)

    # ---------------------------------------------------- unit matrix
    st.subheader("Status format per unit")
    waiting = [m["unit"] for m in matrix if m["belum_kirim"]]
    if waiting:
        st.warning("Belum mengirim: " + ", ".join(waiting))
    else:
        st.success("Semua unit sudah mengirim format.")
    df = pd.DataFrame([{
        "Unit": m["unit"], "Status": m["status_label"], "Putaran": num(m["putaran"]),
        "Oleh": m["oleh"], "Pada": spelling.format_datetime(clock.parse(m["pada"])) if m["pada"]
        else "", "Alasan pengembalian": m["alasan"]} for m in matrix])

    def mark(row):
        color = "background-color: #fde2e1" if row["Status"] in (
            "Belum mulai", "Draft", "Dikembalikan", "Belum dibuka") else ""
        return [color] * len(row)

    st.dataframe(df.style.apply(mark, axis=1), hide_index=True, placeholder="–", width="stretch",
                 column_config={"Putaran": st.column_config.TextColumn(alignment="right")})

    # ---------------------------------------------------- minutes vs Mutu Baku
    st.subheader("Menit kerja per langkah terhadap Mutu Baku")
    if minutes:
        _ui.chart(charts.minutes_chart(minutes))
        _ui.number_table([{
            "Langkah": r["langkah"], "Putaran": r["putaran"], "Menit kerja": r["menit"],
            "Mutu Baku (menit)": r["mutu_baku"], "Selisih (menit)": r["selisih"],
            "Melebihi": "Ya" if r["melebihi"] else ""} for r in minutes],
            {"Putaran": "bilangan", "Menit kerja": "bilangan", "Mutu Baku (menit)": "bilangan",
             "Selisih (menit)": "selisih"})


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
c2.metric("Indikator dihitung", f"{num(cur['dihitung'])} dari {num(cur['jumlah'])}")
c3.metric("Predikat", cur["predikat"] or "-")
_ui.number_table([{"Predikat": k, "Jumlah indikator": v} for k, v in cur["per_predikat"].items()],
                 {"Jumlah indikator": "bilangan"})
sas = pd.DataFrame([s for s in overview["by_sasaran"] if s["rata_rata"] is not None])
if not sas.empty:
    if sas["tahun"].nunique() > 1:
        st.caption("Rata-rata capaian per sasaran antartahun")
        _ui.chart(charts.capaian_chart(sas.to_dict("records")))
    cur_sas = sas[sas["tahun"] == cur["tahun"]]
    _ui.number_table([{"Sasaran": r.sasaran, "Rata-rata capaian": r.rata_rata,
                       "Predikat": r.predikat or "-"} for r in cur_sas.itertuples()],
                     {"Rata-rata capaian": "persen"})
low = [r for r in overview["low"] if r["tahun"] == cur["tahun"]]
st.caption(f"Indikator dengan capaian ≤ 75% ({num(len(low))})")
if low:
    _ui.number_table([{"Indikator": r["indikator"], "Unit": r["unit"], "Target": r["target"],
                       "Realisasi": r["realisasi"], "Capaian": r["capaian"],
                       "Predikat": r["predikat"]} for r in low], {"Capaian": "persen"})
