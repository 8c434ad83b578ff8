"""Master Indikator (Sekcam): the year's rows per unit (sasaran, indikator, target
from the PK...), added or changed one by one, copied from last year, or loaded
from an Excel format before the cycle starts."""
import streamlit as st

from lib import clock, cycles, office
from lib.format import master, store, workbook
from lib.errors import PerkinError
from lib.planning import pk
from pages import _ui

user = _ui.require_page("pages/master.py")
db = _ui.get_db()

st.title("Master Indikator")
this_year = cycles.default_year(clock.now())
years = sorted({c.year for c in cycles.list_cycles(db)} | set(store.years_with_rows(db))
               | {this_year, this_year + 1}, reverse=True)
year = st.selectbox("Tahun laporan", years, index=years.index(this_year), key="master.tahun")
units = office.list_units(db, active_only=True, supplying_only=True)
unit_names = {u.code: u.name for u in office.list_units(db)}
filter_ = st.selectbox("Unit", [None] + [u.code for u in units], key="master.unit",
                       format_func=lambda c: "Semua unit" if c is None else unit_names[c])

all_rows = store.list_rows(db, year)
rows = [r for r in all_rows if filter_ is None or r["unit_code"] == filter_]
if not all_rows:
    st.info(f"Tahun {year} belum memiliki indikator.")
    if st.button(f"Salin dari tahun lalu ({year - 1})", key="master.salin"):
        try:
            n = master.copy_from_last_year(db, user, year)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            _ui.flash(f"{n} indikator disalin dari tahun {year - 1}; realisasi dikosongkan.")
            st.rerun()
if rows:
    _ui.number_table([{
        "Unit": r["unit_name"], "No": str(r["no"]), "Sasaran Strategis": r["sasaran"],
        "Indikator Kinerja": r["indikator"], "IKU": "Ya" if r["is_iku"] else "",
        "Satuan": r["satuan"], "Polaritas": r["polarity"], "Target": r["target"],
        "Target Renstra": r["renstra_target"], "Realisasi": r["realisasi"],
        "Capaian": r["capaian"], "Program/Kegiatan/ Sub Kegiatan": r["program"],
        "Asal": "Unit" if r["origin"] == "unit" else "Master", "Catatan": r["target_flag"],
    } for r in rows], {"Capaian": "persen"})

# ---------------------------------------------------------------- add / edit
st.subheader("Tambah atau ubah indikator")
in_force = pk.in_force(db, year)
if in_force is not None:
    st.info(f"Perjanjian Kinerja tahun {year} versi {in_force.versi} berlaku: target indikator "
            "yang ada diubah melalui revisi PK (menu Perencanaan Kinerja), bukan di sini.")
labels = {None: "(indikator baru)"} | {
    r["id"]: f"{r['unit_code']} · baris {r['baris']}: {r['indikator'][:60]}" for r in rows}
pick = st.selectbox("Indikator", list(labels), format_func=lambda k: labels[k],
                    key="master.pilih")
cur = next((r for r in rows if r["id"] == pick), None) or {}
suffix = f".{pick}" if pick is not None else ""
with st.form(f"master.form{suffix}"):
    unit_codes = [u.code for u in units]
    default_unit = cur.get("unit_code") or filter_ or (unit_codes[0] if unit_codes else None)
    unit = st.selectbox("Yang membidangi (unit)", unit_codes,
                        index=unit_codes.index(default_unit) if default_unit in unit_codes else 0,
                        format_func=lambda c: unit_names[c])
    sasaran = st.text_input("Sasaran Strategis", value=cur.get("sasaran", ""))
    indikator = st.text_input("Indikator Kinerja", value=cur.get("indikator", ""))
    a, b, c, d = st.columns(4)
    target = a.text_input("Target (PK)", value=cur.get("target", ""),
                          help="mis. 100%, 12 dokumen, 1.250 orang, BB, Ada")
    satuan = b.text_input("Satuan", value=cur.get("satuan", ""))
    polarity = c.selectbox("Polaritas", store.POLARITIES,
                           index=store.POLARITIES.index(cur.get("polarity", "positif")),
                           help="negatif: makin kecil makin baik (mis. jumlah pengaduan)")
    is_iku = d.checkbox("IKU", value=cur.get("is_iku", False))
    renstra = st.text_input("Target Renstra", value=cur.get("renstra_target", ""))
    history_text = st.text_input(
        "Realisasi tahun sebelumnya (mis. 2023=80%; 2024=85%)",
        value="; ".join(f"{k}={v}" for k, v in (cur.get("history") or {}).items()))
    program = st.text_area("Program/Kegiatan/ Sub Kegiatan", value=cur.get("program", ""))
    sumber = st.text_input("Sumber Data", value=cur.get("sumber_data", ""))
    save = st.form_submit_button("Simpan", type="primary")
if save:
    history, bad = {}, []
    for part in [p for p in history_text.split(";") if p.strip()]:
        k, _, v = part.partition("=")
        if not k.strip().isdigit() or not v.strip():
            bad.append(part.strip())
        history[k.strip()] = v.strip()
    if bad:
        st.error("Realisasi tahun sebelumnya tidak dapat dibaca: " + ", ".join(bad)
                 + ". Tulis seperti 2023=80%; 2024=85%.")
    else:
        try:
            master.save_master_row(db, user, year, {
                "unit": unit, "sasaran": sasaran, "indikator": indikator, "target": target,
                "satuan": satuan, "polarity": polarity, "is_iku": is_iku,
                "renstra_target": renstra, "history": history, "program": program,
                "sumber_data": sumber}, row_id=pick)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            _ui.flash("Indikator tersimpan.")
            st.rerun()
if pick is not None and st.button("Hapus indikator ini", key="master.hapus"):
    try:
        master.delete_master_row(db, user, pick)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Indikator dihapus.")
        st.rerun()

# ---------------------------------------------------------------- Excel
st.subheader("Impor dari Excel")
st.caption("Format sembilan kolom; unit dibaca dari kolom 'Yang membidangi' (atau pilih unit di "
           "atas). Dapat dilakukan sebelum siklus dimulai.")
up_key = f"master.impor.{st.session_state.get('master.impor_n', 0)}"
upload = _ui.uploader("format", key=up_key)
if upload is not None:
    try:
        pv = workbook.preview_import(db, user, year, upload.getvalue(), filter_)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        if _ui.import_preview(user, pv, key="master.impor_simpan") is not None:
            st.session_state["master.impor_n"] = st.session_state.get("master.impor_n", 0) + 1
            st.rerun()
