"""Formulir Unit (step 3): the Kasi/Kasubbag fills the unit's nine-column format.

The editor's input is always built from the database; edits are read from
``st.session_state[editor key]["edited_rows"]`` and saved on Simpan, then the
page reloads (STACK-NOTES: never feed the editor's output back into its input).
The form version loaded is kept in session_state so a stale save is refused.
"""
import pandas as pd
import streamlit as st

from lib import cycles, files, office, spelling
from lib.format import review, store, unit_form, workbook
from lib.errors import PerkinError
from lib.excel import FORMAT_COLUMNS
from pages import _ui
from lib.services import workflow

user = _ui.require_page("pages/formulir.py")
db = _ui.get_db()
REPORT = _ui.report_title(db)   # LKjIP or LAKIP, as the office calls it

st.title("Formulir Pengumpulan Perencanaan Kinerja")

units = [office.get_unit(db, c) for c in user.unit_codes]
if not units:
    st.info("Akun Anda belum terikat pada unit mana pun. Hubungi administrator.")
    st.stop()
years = sorted({c.year for c in cycles.list_cycles(db)} | set(store.years_with_rows(db)),
               reverse=True)
focus = _ui.take_focus("pages/formulir.py", "formulir.tahun", years)
by_code = {u.code: u for u in units}
if focus and focus.get("unit") in by_code:
    st.session_state["formulir.unit"] = focus["unit"]
if len(units) > 1:
    code = st.selectbox("Unit", list(by_code), format_func=lambda c: by_code[c].name,
                        key="formulir.unit")
    unit = by_code[code]
else:
    unit = units[0]
    st.caption(unit.name)

supplying = {u.code for u in cycles.supplying_units(db)}
if unit.code not in supplying and not any(store.list_rows(db, y, unit.code) for y in years):
    # e.g. the Subbag PEP: it writes the report from the units' formats, it fills none
    st.info(f"{unit.name} bukan unit penyuplai data: tidak ada formulir yang perlu diisi. "
            "Formulir diisi oleh seksi dan subbag penyuplai data (langkah 3 SOP).")
    if "pages/penyusunan.py" in {p.path for p in _ui.pages_for(user)}:
        st.page_link("pages/penyusunan.py", label=f"Buka Penyusunan {REPORT} (langkah 6)",
                     icon=":material/description:")
    st.stop()

if not years:
    st.info("Belum ada format untuk diisi: Sekcam belum menyiapkan master indikator dan "
            f"siklus {REPORT} belum dimulai.")
    st.stop()
year = st.selectbox("Tahun laporan", years, key="formulir.tahun")

EDITOR = f"formulir.editor.{year}.{unit.code}"
REV = f"formulir.rev.{year}.{unit.code}"
COL = dict(zip(FORMAT_COLUMNS, ["no", "sasaran", "indikator", "target", "realisasi", "program",
                                "sumber_data", "yang_membidangi", "ket"]))
COL["Belum berjalan"] = "belum_berjalan"
EDITABLE = ["Realisasi/ Progres Capaian", "Sumber Data", "Ket", "Belum berjalan"]


def _reset_editor() -> None:
    st.session_state.pop(EDITOR, None)
    st.session_state.pop(REV, None)


status = unit_form.unit_status(db, year, unit.code)
rows = store.list_rows(db, year, unit.code)
current_rev = store.form_rev(db, year, unit.code)
pending = (st.session_state.get(EDITOR) or {}).get("edited_rows") or {}
loaded_rev = st.session_state.get(REV)
if loaded_rev is None or (loaded_rev != current_rev and not pending):
    st.session_state[REV] = loaded_rev = current_rev

# ---------------------------------------------------------------- state, return reason first
if status["state"] == "dikembalikan":
    st.error(f"Format dikembalikan oleh Sekcam: {_ui.escape_md(status['reason'])}",
             icon=":material/undo:")
comments = review.list_comments(db, year, unit.code, open_only=True)
if comments:
    with st.container(border=True):
        st.markdown("**Catatan Sekcam per baris**")
        for c in comments:
            st.markdown(f"- Baris {c['baris']} ({_ui.escape_md(c['indikator'])}): "
                        f"{_ui.escape_md(c['text'])}")
st.markdown(f"Status: **{status['label']}**")
if not status["editable"]:
    st.info(status["why"] or "Format tidak dapat diubah saat ini.")
if loaded_rev != current_rev:
    st.warning("Format ini sudah diubah orang lain sejak Anda membukanya. Perubahan Anda belum "
               "tersimpan; catat dulu lalu muat ulang.")
    if st.button("Muat ulang", key="formulir.muat_ulang"):
        _reset_editor()
        st.rerun()

# ---------------------------------------------------------------- the grid
if not rows:
    st.info("Format unit ini belum berisi indikator. Sekcam mengisi master indikator; "
            "Anda dapat menambah baris sendiri di bawah atau mengimpor dari Excel.")
ids = [r["id"] for r in rows]
data = pd.DataFrame([{
    "No": str(r["baris"]), "Sasaran Strategis": r["sasaran"], "Indikator Kinerja": r["indikator"],
    "Target": r["target"], "Realisasi/ Progres Capaian": r["realisasi"],
    "Program/Kegiatan/ Sub Kegiatan": r["program"], "Sumber Data": r["sumber_data"],
    "Yang membidangi": r["yang_membidangi"], "Ket": r["ket"],
    "Belum berjalan": bool(r["belum_berjalan"]),
    "Capaian": _ui.FORMAT_GRID[9].spell(r["capaian"]),
    "Predikat": r["predikat"] or r["capaian_reason"] or "–",
} for r in rows], columns=FORMAT_COLUMNS + ["Belum berjalan", "Capaian", "Predikat"])
disabled = True if not status["editable"] else [c for c in data.columns if c not in EDITABLE]
if rows:
    st.data_editor(
        data, key=EDITOR, hide_index=True, placeholder="–", width="stretch", num_rows="fixed",
        disabled=disabled,
        column_order=_ui.FORM_EDITOR_ORDER, column_config=_ui.form_editor_config(),
        row_height=_ui.FORM_EDITOR_ROW_HEIGHT)
    with st.expander("Lihat seluruh tabel (sembilan kolom, seperti di kertas)"):
        _ui.paper_table(_ui.FORMAT_GRID, [_ui.format_row_view(r) for r in rows],
                        key="formulir.seluruh", number_row=9)

problems = unit_form.form_problems(db, year, unit.code)
if rows and problems:
    with st.expander(f"Belum dapat dikirim ({len(problems)} baris)", expanded=False):
        for p in problems:
            st.markdown(f"- {_ui.escape_md(p.text)}")

c1, c2, _ = st.columns([1, 1, 4])
save = c1.button("Simpan", key="formulir.simpan", type="primary",
                 disabled=not status["editable"])
send = c2.button("Kirim", key="formulir.kirim",
                 disabled=not status["editable"] or cycles.find_cycle(db, year) is None)
if save:
    edits: dict = {}
    for idx, changes in pending.items():
        i = int(idx)
        if 0 <= i < len(ids):
            edits[ids[i]] = {COL.get(c, c): v for c, v in changes.items()}
    try:
        new_rev = unit_form.save_unit_form(db, user, year, unit.code, edits, loaded_rev)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _reset_editor()
        st.session_state[REV] = new_rev
        flagged = unit_form.form_problems(db, year, unit.code)
        unreadable = [p for p in flagged if p.kind == "tak_terbaca"]
        _ui.flash("Format tersimpan." + (f" {len(unreadable)} isian belum terbaca dan ditandai; "
                                         "perbaiki sebelum Kirim." if unreadable else ""),
                  "warning" if unreadable else "success")
        st.rerun()
if send:
    if pending:
        st.warning("Ada perubahan yang belum disimpan. Klik Simpan dulu, lalu Kirim.")
    else:
        try:
            workflow.submit_unit(db, user, year, unit.code)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            _reset_editor()
            _ui.flash("Format terkirim ke Sekcam untuk dihimpun dan diperiksa.")
            st.rerun()

# ---------------------------------------------------------------- one row at a time
# The chosen row's every column and its fields: on a phone the grid is too narrow to
# fill, and on a laptop the context columns (Sasaran, Program, Yang membidangi) are here.
if rows:
    with st.container(border=True):
        st.markdown("**Rincian dan isian per baris**")
        by_id = {r["id"]: r for r in rows}
        row_id = st.selectbox("Baris", ids, key=f"formulir.panel.baris.{year}.{unit.code}",
                              format_func=lambda i: f"Baris {by_id[i]['baris']}: "
                                                    f"{by_id[i]['indikator'][:70]}")
        r = by_id[row_id]
        view = _ui.format_row_view(r)
        st.markdown(
            f"Sasaran Strategis: {_ui.escape_md(r['sasaran'] or '–')}  \n"
            f"Indikator Kinerja: **{_ui.escape_md(r['indikator'] or '–')}**  \n"
            f"Target: **{_ui.escape_md(r['target'] or '–')}** · "
            f"Capaian: **{_ui.escape_md(_ui.FORMAT_GRID[9].spell(r['capaian']))}** · "
            f"Predikat: {_ui.escape_md(view['predikat_text'] or '–')}  \n"
            f"Program/Kegiatan/ Sub Kegiatan: {_ui.escape_md(r['program'] or '–')}  \n"
            f"Yang membidangi: {_ui.escape_md(r['yang_membidangi'] or '–')}")
        pk = f"formulir.panel.{row_id}"
        if status["editable"]:
            with st.form(pk):
                p_real = st.text_input("Realisasi/ Progres Capaian", value=r["realisasi"] or "",
                                       help="mis. 85,5%, 12 dokumen, 1.250 orang, BB, Ada")
                p_src = st.text_input("Sumber Data", value=r["sumber_data"] or "")
                p_ket = st.text_input("Ket", value=r["ket"] or "")
                p_not = st.checkbox("Kegiatan belum berjalan (tidak perlu realisasi)",
                                    value=bool(r["belum_berjalan"]))
                p_save = st.form_submit_button(f"Simpan baris {r['baris']}", type="primary")
            if p_save:
                if pending:
                    st.warning("Ada perubahan pada tabel yang belum disimpan. Klik Simpan di "
                               "bawah tabel dulu.")
                else:
                    try:
                        new_rev = unit_form.save_unit_form(db, user, year, unit.code, {row_id: {
                            "realisasi": p_real, "sumber_data": p_src, "ket": p_ket,
                            "belum_berjalan": p_not}}, loaded_rev)
                    except PerkinError as err:
                        _ui.show_error(err)
                    else:
                        _reset_editor()
                        st.session_state[REV] = new_rev
                        _ui.flash(f"Baris {r['baris']} tersimpan.")
                        st.rerun()
        else:
            st.caption(f"Realisasi: {_ui.escape_md(r['realisasi'] or '–')} · Sumber Data: "
                       f"{_ui.escape_md(r['sumber_data'] or '–')} · Ket: "
                       f"{_ui.escape_md(view['ket_text'] or '–')}")

# ---------------------------------------------------------------- own row
if status["editable"]:
    with st.expander("Tambah baris (indikator unit sendiri)"):
        if pending:
            st.info("Simpan perubahan pada tabel dulu sebelum menambah baris.")
        else:
            with st.form("formulir.tambah", clear_on_submit=True):
                sas_options = list(dict.fromkeys(r["sasaran"] for r in rows))
                sasaran = st.text_input("Sasaran Strategis", value=sas_options[-1]
                                        if sas_options else "")
                indikator = st.text_input("Indikator Kinerja")
                a, b, c = st.columns(3)
                target = a.text_input("Target", help="mis. 100%, 12 dokumen, BB, Ada")
                satuan = b.text_input("Satuan (boleh kosong)")
                polarity = c.selectbox("Polaritas", ["positif", "negatif"])
                realisasi = st.text_input("Realisasi/ Progres Capaian")
                program = st.text_input("Program/Kegiatan/ Sub Kegiatan")
                sumber = st.text_input("Sumber Data")
                ket = st.text_input("Ket")
                add = st.form_submit_button("Tambah baris")
            if add:
                try:
                    unit_form.add_unit_row(db, user, year, unit.code, {
                        "sasaran": sasaran, "indikator": indikator, "target": target,
                        "satuan": satuan, "polarity": polarity, "realisasi": realisasi,
                        "program": program, "sumber_data": sumber, "ket": ket},
                        expected_rev=loaded_rev)
                except PerkinError as err:
                    _ui.show_error(err)
                else:
                    _reset_editor()
                    _ui.flash("Baris ditambahkan.")
                    st.rerun()

# ---------------------------------------------------------------- Excel
st.subheader("Unduh")


def _format_pdf(db, year: int, code: str) -> bytes:
    from lib.services import documents

    return documents.render(db, "format", year, code)[0]


d0, d1, d2 = st.columns(3)
d0.download_button("Format unit ini (PDF)", _ui.deferred(_format_pdf, year, unit.code),
                   file_name=f"format-{unit.code}-{year}.pdf", mime="application/pdf",
                   key="formulir.unduh_pdf")
_ui.word_button(d0, "format", year, f"format-{unit.code}-{year}.pdf",
                key="formulir.unduh_pdf", label="Format unit ini (Word)", unit_code=unit.code)
d1.download_button("Unduh format kosong (.xlsx)",
                   _ui.deferred(workbook.export_unit_xlsx, year, unit.code, blank=True),
                   file_name=f"format-{unit.code}-{year}-kosong.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="formulir.unduh_kosong")
d2.download_button("Unduh format terisi (.xlsx)",
                   _ui.deferred(workbook.export_unit_xlsx, year, unit.code),
                   file_name=f"format-{unit.code}-{year}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="formulir.unduh_isi")
if status["editable"]:
    up_key = f"formulir.impor.{st.session_state.get('formulir.impor_n', 0)}"
    upload = _ui.uploader("format", key=up_key, lead="Unggah format terisi")
    if upload is not None:
        try:
            pv = workbook.preview_import(db, user, year, upload.getvalue(), unit.code)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            if _ui.import_preview(user, pv, key="formulir.impor_simpan") is not None:
                _reset_editor()
                st.session_state["formulir.impor_n"] = \
                    st.session_state.get("formulir.impor_n", 0) + 1
                st.rerun()

# ---------------------------------------------------------------- evidence
st.subheader("Bukti pendukung")
labels = {None: "Seluruh formulir"} | {r["id"]: f"Baris {r['baris']}: {r['indikator'][:60]}"
                                        for r in rows}
evidence = files.list_files(db, kind="evidence", year=year, unit_code=unit.code)
if not evidence:
    st.caption("Belum ada bukti pendukung.")
for f in evidence:
    _ui.file_row(f, key="formulir.bukti", user=user, may_delete=status["editable"],
                 caption=f"{_ui.escape_md(f.original_name)} · "
                         f"{_ui.escape_md(labels.get(f.indicator_id, '-'))} · "
                         f"{spelling.format_number(f.size / 1024, 0)} KB")
if status["editable"]:
    with st.form("formulir.bukti", clear_on_submit=True):
        target_row = st.selectbox("Untuk", list(labels), format_func=lambda k: labels[k])
        proof = _ui.uploader("bukti", key="formulir.bukti_berkas")
        go = st.form_submit_button("Unggah bukti")
    if go:
        if proof is None:
            st.error("Pilih berkas dulu.")
        else:
            try:
                files.save_file(db, user, kind="evidence", data=proof.getvalue(),
                                original_name=proof.name, year=year, unit_code=unit.code,
                                indicator_id=target_row)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash("Bukti pendukung tersimpan.")
                st.rerun()
