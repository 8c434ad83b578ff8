"""Pemeriksaan Format (step 5): the Sekcam reviews each submitted and compiled
unit: comments per row, corrections with a reason, Terima or Kembalikan."""
import json

import pandas as pd
import streamlit as st

from lib import clock, cycles, files, office, spelling
from lib.format import review, store, unit_form
from lib.errors import PerkinError
from lib.services import workflow
from lib.planning import pk
from pages import _ui

user = _ui.require_page("pages/pemeriksaan.py")
db = _ui.get_db()

st.title("Pemeriksaan Format Unit")
year = _ui.year_picker("pemeriksaan.tahun")
if year is None:
    st.info("Belum ada siklus LAKIP.")
    st.stop()
cycle = cycles.get_cycle(db, year)
states = cycles.unit_states(db, cycle)
reviews = {}   # a PK revision changed a target of a submitted/accepted form
for r in pk.reviews(db, year):
    reviews.setdefault(r["unit_code"], []).append(r)
for code, items in reviews.items():
    for r in items:
        c1, c2 = st.columns([5, 1])
        c1.warning(f"{_ui.escape_md(r['unit_name'])}: {_ui.escape_md(r['message'])}")
        if c2.button("Sudah ditinjau", key=f"pemeriksaan.tinjau.{r['id']}"):
            _ui.act("Perubahan PK ditandai sudah ditinjau.", pk.resolve_review, db, user,
                    r["id"])
if states:
    st.dataframe(pd.DataFrame([{"Unit": s["name"],
                                "Status": "Perlu ditinjau" if code in reviews else
                                cycles.UNIT_STATES.get(s["state"], s["state"]),
                                "Dihimpun": "Ya" if s["compiled_round"] else "",
                                "Putaran": s["round"], "Alasan": s["reason"] or ""}
                               for code, s in states.items()]), hide_index=True,
                 width="stretch")

waiting = review.reviewable_units(db, year)
if not waiting:
    st.info("Tidak ada format yang menunggu pemeriksaan: format unit harus dikirim dan dihimpun "
            "(langkah 4) lebih dulu.")
    st.stop()
names = {u.code: u.name for u in office.list_units(db)}
unit_code = st.selectbox("Unit yang diperiksa", waiting, format_func=lambda c: names.get(c, c),
                         key="pemeriksaan.unit")
rows = store.list_rows(db, year, unit_code)
st.dataframe(pd.DataFrame([{
    "No": r["no"], "Sasaran Strategis": r["sasaran"], "Indikator Kinerja": r["indikator"],
    "Target": r["target"], "Realisasi/ Progres Capaian": r["realisasi"],
    "Program/Kegiatan/ Sub Kegiatan": r["program"], "Sumber Data": r["sumber_data"],
    "Ket": ("Kegiatan belum berjalan. " if r["belum_berjalan"] else "") + r["ket"],
    "Capaian (%)": r["capaian"], "Predikat": r["predikat"] or r["capaian_reason"],
    "Catatan": r["target_flag"]} for r in rows]),
    hide_index=True, width="stretch",
    column_config={"Capaian (%)": st.column_config.NumberColumn(format="%.2f")})
labels = {r["id"]: f"Baris {r['baris']}: {r['indikator'][:70]}" for r in rows}

# ---------------------------------------------------------------- comments
st.subheader("Komentar per baris")
for c in review.list_comments(db, year, unit_code):
    done = " (selesai)" if c["resolved"] else ""
    col1, col2 = st.columns([5, 1])
    col1.markdown(f"- Baris {c['baris']}: {_ui.escape_md(c['text'])} · "
                  f"{_ui.escape_md(c['author_name'])}, "
                  f"{spelling.format_datetime(clock.parse(c['at']))}{done}")
    if not c["resolved"] and col2.button("Selesai", key=f"pemeriksaan.komentar.selesai.{c['id']}"):
        try:
            review.resolve_comment(db, user, c["id"])
        except PerkinError as err:
            _ui.show_error(err)
        else:
            st.rerun()
if rows:
    row_id = st.selectbox("Baris", list(labels), format_func=lambda k: labels[k],
                          key="pemeriksaan.komentar.baris")
    text = st.text_area("Komentar", key="pemeriksaan.komentar.teks")
    if st.button("Tambah komentar", key="pemeriksaan.komentar.kirim"):
        try:
            review.add_comment(db, user, row_id, text)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            _ui.flash("Komentar tersimpan; unit melihatnya bila format dikembalikan.")
            st.rerun()

# ---------------------------------------------------------------- corrections
    with st.expander("Koreksi isian (dengan alasan)"):
        with st.form("pemeriksaan.koreksi"):
            c_row = st.selectbox("Baris", list(labels), format_func=lambda k: labels[k])
            c_field = st.selectbox("Kolom", list(store.CORRECTABLE),
                                   format_func=lambda f: store.FIELD_LABELS[f])
            c_value = st.text_input("Nilai baru (untuk 'Belum berjalan': ya/tidak)")
            c_reason = st.text_input("Alasan koreksi")
            go = st.form_submit_button("Simpan koreksi")
        if go:
            try:
                review.correct_cell(db, user, c_row, c_field, c_value, c_reason)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash("Koreksi tersimpan dan tercatat di riwayat.")
                st.rerun()
        done = review.corrections(db, year, unit_code)
        for e in done:
            d = json.loads(e["details"] or "{}")
            st.markdown(f"- {_ui.escape_md(d.get('indikator', ''))} · "
                        f"{_ui.escape_md(store.FIELD_LABELS.get(d.get('kolom'), ''))}: "
                        f"'{_ui.escape_md(d.get('lama'))}' → '{_ui.escape_md(d.get('baru'))}' "
                        f"({_ui.escape_md(e['reason'] or '')}; {_ui.escape_md(e['actor_name'])})")

# ---------------------------------------------------------------- evidence
st.subheader("Bukti pendukung")
evidence = files.list_files(db, kind="evidence", year=year, unit_code=unit_code)
if not evidence:
    st.caption("Unit ini tidak melampirkan bukti pendukung.")
for f in evidence:
    _ui.file_row(f, key="pemeriksaan.bukti",
                 caption=f"{_ui.escape_md(f.original_name)} · "
                         f"{_ui.escape_md(labels.get(f.indicator_id, 'Seluruh formulir'))}")

# ---------------------------------------------------------------- decision
st.subheader("Keputusan")
problems = unit_form.form_problems(db, year, unit_code)
if problems:
    st.warning("Isian yang belum terbaca: " + "; ".join(p.text for p in problems[:5]))
a, b = st.columns(2)
if a.button("Terima", key="pemeriksaan.terima", type="primary"):
    try:
        workflow.review_unit(db, user, year, unit_code, "terima")
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash(f"Format {names.get(unit_code, unit_code)} diterima.")
        st.rerun()
reason = b.text_area("Alasan pengembalian", key="pemeriksaan.alasan")
if b.button("Kembalikan", key="pemeriksaan.kembalikan"):
    try:
        workflow.review_unit(db, user, year, unit_code, "kembalikan", reason)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash(f"Format {names.get(unit_code, unit_code)} dikembalikan untuk direvisi.")
        st.rerun()
