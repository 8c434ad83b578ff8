"""Realisasi Anggaran: the Kasubbag Umum enters pagu and realisasi per program;
serapan is computed."""
import streamlit as st

from lib import budget, clock, cycles, spelling
from lib.errors import PerkinError
from lib.planning import programs
from pages import _ui

user = _ui.require_page("pages/anggaran.py")
db = _ui.get_db()

st.title("Realisasi Anggaran")
years = [c.year for c in cycles.list_cycles(db)]
default = years[0] if years else cycles.default_year(clock.now())
year = int(st.number_input("Tahun anggaran", min_value=2000, max_value=2100, value=default,
                           step=1, key="anggaran.tahun"))

rows = budget.list_budget(db, year)
if rows:
    _ui.number_table([{
        "Program": r.program, "Pagu": r.pagu, "Realisasi": r.realisasi, "Serapan": r.serapan,
        "Catatan": "Realisasi melebihi pagu" if r.over else ""} for r in rows],
        {"Pagu": "rupiah", "Realisasi": "rupiah", "Serapan": "persen"})
    t = budget.totals(db, year)
    a, b, c = st.columns(3)
    a.metric("Total pagu", spelling.format_rupiah(t["pagu"]))
    b.metric("Total realisasi", spelling.format_rupiah(t["realisasi"]))
    c.metric("Serapan", spelling.format_cell(t["serapan"], "persen"))
else:
    st.info(f"Belum ada data anggaran tahun {year}.")

st.subheader("Tambah atau ubah program")
choices = [None] + [r.id for r in rows]
names = {r.id: r for r in rows}
pick = st.selectbox("Baris anggaran", choices, key="anggaran.pilih",
                    format_func=lambda k: "(baris baru)" if k is None else names[k].program)
cur = names.get(pick)
progs = {p.id: p.label for p in programs.list_programs(db, year)}
program_id, program = None, ""
if progs:   # budget rows pick from the year's programme list (menu Perencanaan Kinerja)
    options = [None] + list(progs)
    program_id = st.selectbox(
        "Program (dari daftar program tahun ini)", options,
        index=options.index(cur.program_id) if cur and cur.program_id in progs else 0,
        format_func=lambda k: "(pilih program)" if k is None else progs[k],
        key=f"anggaran.program_id{'' if cur is None else '.' + str(pick)}")
    if program_id is None and cur is not None:
        program = cur.program
else:
    st.caption("Daftar program tahun ini masih kosong (menu Perencanaan Kinerja, tab "
               "Program); nama program diketik.")
    program = st.text_input("Nama program", value=cur.program if cur else "",
                            key=f"anggaran.program{'' if cur is None else '.' + str(pick)}")
pagu = st.text_input("Pagu (Rp)", value=spelling.format_number(cur.pagu) if cur else "",
                     help="mis. Rp 27.350.000",
                     key=f"anggaran.pagu{'' if cur is None else '.' + str(pick)}")
real = st.text_input("Realisasi (Rp)", value=spelling.format_number(cur.realisasi) if cur else "",
                     key=f"anggaran.realisasi{'' if cur is None else '.' + str(pick)}")
s1, s2, _ = st.columns([1, 1, 4])
if s1.button("Simpan", key="anggaran.simpan", type="primary"):
    try:
        budget.save_budget_row(db, user, year, program, pagu, real, row_id=pick,
                               program_id=program_id)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Anggaran tersimpan.")
        st.rerun()
if cur is not None and s2.button("Hapus", key="anggaran.hapus"):
    try:
        budget.delete_budget_row(db, user, year, pick)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Program dihapus.")
        st.rerun()
