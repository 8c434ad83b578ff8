"""Pemeriksaan Format (step 5): the Sekcam reviews each submitted and compiled
unit: comments per row, corrections with a reason, Terima or Kembalikan."""
import json

import streamlit as st

from lib import clock, cycles, decisions, files, office, spelling
from lib.format import review, store, unit_form
from lib.errors import PerkinError
from lib.services import workflow
from lib.planning import pk
from pages import _ui

user = _ui.require_page("pages/pemeriksaan.py")
db = _ui.get_db()
REPORT = _ui.report_title(db)   # LKjIP or LAKIP, as the office calls it

st.title("Pemeriksaan Format Unit")
years = [c.year for c in cycles.list_cycles(db)]
focus = _ui.take_focus("pages/pemeriksaan.py", "pemeriksaan.tahun", years)
year = _ui.year_picker("pemeriksaan.tahun")
if year is None:
    st.info(f"Belum ada siklus {REPORT}.")
    st.stop()
cycle = cycles.get_cycle(db, year)
defn = cycles.definition(db, cycle)
states = cycles.unit_states(db, cycle)
names = {u.code: u.name for u in office.list_units(db)}
DIALOG = "pemeriksaan.dialog"


def _dismiss() -> None:
    st.session_state.pop(DIALOG, None)


@st.dialog("Konfirmasi keputusan", on_dismiss=_dismiss)
def confirm(kind: str, code: str, reason: str) -> None:
    name = names.get(code, code)
    st.markdown({
        "terima": f"Terima format **{_ui.escape_md(name)}** tahun {year}?",
        "kembalikan": f"Kembalikan format **{_ui.escape_md(name)}** tahun {year} untuk "
                      "direvisi?",
        "tarik": f"Tarik keputusan atas format **{_ui.escape_md(name)}** tahun {year}? "
                 "Format kembali menunggu pemeriksaan.",
    }[kind])
    if reason:
        st.caption(f"Alasan: {_ui.escape_md(reason)}")
    c1, c2 = st.columns(2)
    if c1.button({"terima": f"Ya, terima {name}", "kembalikan": f"Ya, kembalikan {name}",
                  "tarik": "Ya, tarik keputusan"}[kind], type="primary",
                 key="pemeriksaan.ya"):
        try:
            if kind == "terima":
                workflow.review_unit(db, user, year, code, "terima")
                _ui.flash(f"Format {name} diterima.")
            elif kind == "kembalikan":
                workflow.review_unit(db, user, year, code, "kembalikan", reason)
                _ui.flash(f"Format {name} dikembalikan untuk direvisi.")
            else:
                workflow.withdraw_decision(db, user, year, code, reason)
                _ui.flash(f"Keputusan atas format {name} ditarik; format menunggu "
                          "pemeriksaan lagi.")
        except PerkinError as err:
            st.session_state["pemeriksaan.error"] = str(err)
        _dismiss()
        st.rerun()
    if c2.button("Batal", key="pemeriksaan.batal"):
        _dismiss()
        st.rerun()


if err := st.session_state.pop("pemeriksaan.error", None):
    st.error(err)
if pending := st.session_state.get(DIALOG):
    confirm(*pending)

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
    state_rows = _ui.unit_state_rows(states)
    for code, row in zip(states, state_rows):
        if code in reviews:
            row["status"] = "Perlu ditinjau"
    _ui.paper_table(_ui.UNIT_STATE_GRID, state_rows, key="pemeriksaan.status")

waiting = review.reviewable_units(db, year)
step5 = defn.step_of_kind("periksa_unit")
draft = defn.step_of_kind("draft")
if focus and focus.get("unit") and focus["unit"] not in waiting:
    st.info(f"Format {names.get(focus['unit'], focus['unit'])} tidak lagi menunggu "
            "pemeriksaan (sudah diputuskan).")
elif focus and focus.get("unit") in waiting:
    st.session_state["pemeriksaan.unit"] = focus["unit"]
if st.session_state.get("pemeriksaan.unit") not in waiting:
    # the unit just decided left the list: select the next one explicitly (a dropped key
    # leaves the browser's box showing the decided unit while the page shows another)
    st.session_state["pemeriksaan.unit"] = waiting[0] if waiting else None


def withdrawals() -> None:
    """Decisions that may still be taken back (nothing built on them yet)."""
    if cycle.closed or "sekcam" not in user.roles and not (
            step5 and step5.actor_role in user.roles):
        return
    open_ = {c: v for c, v in decisions.withdrawable(db, year).items()}
    if not open_:
        return
    with st.expander("Tarik keputusan yang keliru"):
        st.caption(f"Penerimaan dapat ditarik selama draft {REPORT} belum mulai disusun; "
                   "pengembalian selama unit belum mengubah formatnya. Penarikan tercatat "
                   "di riwayat dengan alasannya.")
        for code, (kind, why) in open_.items():
            label = "Diterima" if kind == "terima" else "Dikembalikan"
            st.markdown(f"**{_ui.escape_md(names.get(code, code))}** · {label}")
            if why:
                st.caption(why)
                continue
            reason = st.text_input("Alasan penarikan", key=f"pemeriksaan.tarik.alasan.{code}")
            if st.button("Tarik keputusan", key=f"pemeriksaan.tarik.{code}"):
                if not reason.strip():
                    st.error("Alasan penarikan keputusan wajib diisi.")
                else:
                    st.session_state[DIALOG] = ("tarik", code, reason.strip())
                    st.rerun()


if not waiting:
    if cycles.step_done(db, cycle, step5.no) if step5 else False:
        nxt = draft.no if draft else step5.no + 1
        st.success(f"Semua format unit sudah diterima; langkah {step5.no} selesai. Berikutnya "
                   f"langkah {nxt}: {draft.kegiatan if draft else 'langkah berikutnya'} oleh "
                   f"{draft.actor_label if draft else 'pelaksananya'}. Pantau di Siklus {REPORT}.",
                   icon=":material/check_circle:")
    elif any(s["state"] == "dikembalikan" for s in states.values()):
        back = [names.get(c, c) for c, s in states.items() if s["state"] == "dikembalikan"]
        st.info("Tidak ada format yang menunggu pemeriksaan. Menunggu perbaikan dari: "
                + ", ".join(back) + "; setelah dikirim ulang dan dihimpun (langkah 4), "
                "format muncul lagi di sini.")
    else:
        st.info("Tidak ada format yang menunggu pemeriksaan: format unit harus dikirim dan "
                "dihimpun (langkah 4) lebih dulu.")
    withdrawals()
    st.stop()
unit_code = st.selectbox("Unit yang diperiksa", waiting, format_func=lambda c: names.get(c, c),
                         key="pemeriksaan.unit")
rows = store.list_rows(db, year, unit_code)
_ui.paper_table(_ui.FORMAT_GRID, [_ui.format_row_view(r) for r in rows],
                key="pemeriksaan.format", number_row=9)
flags = [f"Baris {r['baris']}: {r['target_flag']}" for r in rows if r.get("target_flag")]
for f in flags:
    st.caption(f)
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
name = names.get(unit_code, unit_code)
if a.button(f"Terima {name}", key="pemeriksaan.terima", type="primary"):
    st.session_state[DIALOG] = ("terima", unit_code, "")
    st.rerun()
reason = b.text_area("Alasan pengembalian", key="pemeriksaan.alasan")
if b.button(f"Kembalikan {name}", key="pemeriksaan.kembalikan"):
    if not reason.strip():
        b.error("Alasan pengembalian wajib diisi.")
    else:
        st.session_state[DIALOG] = ("kembalikan", unit_code, reason.strip())
        st.rerun()
withdrawals()
