"""Persetujuan (Camat): what awaits the Camat now — start the year (step 1),
approve the report (step 10) — each with a preview and one primary button
behind a confirmation dialog; beside the approval the readiness check (the
approval is refused while a blocking item remains) and the reviu; afterwards
what was recorded and when."""
import streamlit as st

from lib import clock, cycles, spelling
from lib.lkjip import readiness, reviu
from lib.errors import PerkinError
from lib.services import documents, workflow
from pages import _ui

user = _ui.require_page("pages/persetujuan.py")
db = _ui.get_db()
now = clock.now()
st.title("Persetujuan")
title = _ui.report_title(db)

actions = cycles.available_actions(db, user, now=now)
start = [a for a in actions if a.kind == "mulai"]
approve = [a for a in actions if a.kind == "persetujuan"]
reopen = [a for a in actions if a.kind == "buka_kembali"]
year_start = cycles.default_year(now)


def _dismiss() -> None:
    st.session_state.pop("setuju.dialog", None)


@st.dialog("Konfirmasi", on_dismiss=_dismiss)
def confirm(kind: str, year: int) -> None:
    text = {
        "mulai": f"Penyusunan {title} {year} akan diperintahkan: nota dinas diberi nomor dari "
                 "register dan Sekcam menerima tugas langkah 2.",
        "setuju": f"{title} {year} akan disetujui dan dikunci. Dokumen final disimpan dengan kode "
                  "verifikasi dan tidak dapat diubah lagi.",
    }[kind]
    st.write(text)
    c1, c2 = st.columns(2)
    if c1.button("Ya, lanjutkan", type="primary", key=f"setuju.ya.{kind}"):
        try:
            if kind == "mulai":
                workflow.start_cycle(db, user, year)
                _ui.flash(f"Penyusunan {title} {year} diperintahkan.")
            else:
                workflow.approve(db, user, year)
                _ui.flash(f"{title} {year} disetujui dan dikunci.")
        except PerkinError as err:
            st.session_state["setuju.error"] = (str(err), list(err.problems))
        _dismiss()
        st.rerun()
    if c2.button("Batal", key=f"setuju.batal.{kind}"):
        _dismiss()
        st.rerun()


if err := st.session_state.pop("setuju.error", None):
    message, problems = err if isinstance(err, tuple) else (err, [])
    st.error(_ui.escape_md(message))
    if len(problems) > 1:
        with st.expander(f"Rincian ({len(problems)} butir)", expanded=True):
            for p in problems[:50]:
                st.markdown(f"- {_ui.escape_md(p)}")

if not (start or approve):
    st.info("Tidak ada yang menunggu persetujuan Anda saat ini.")

for a in start:
    with st.container(border=True):
        st.subheader(f"Perintahkan penyusunan {title} {year_start}")
        st.caption("Langkah 1 SOP: nota dinas dari Camat kepada Sekcam.")
        if st.button(f"Perintahkan penyusunan {title} {year_start}", type="primary",
                     key="setuju.mulai"):
            st.session_state["setuju.dialog"] = ("mulai", year_start)

for a in approve:
    year = a.year
    with st.container(border=True):
        st.subheader(f"Setujui {title} {year}")
        waited = None
        if a.opened_at:
            from lib import office_calendar
            waited = office_calendar.calendar(db).office_minutes(clock.parse(a.opened_at), now)
            st.caption(f"Diserahkan Sekcam {spelling.format_datetime(clock.parse(a.opened_at))} · "
                       f"menunggu {waited} menit kerja")
        try:
            data, filename, warnings = documents.render(db, "lakip", year)
        except PerkinError as err:
            _ui.show_error(err)
        else:
            for w in warnings:
                st.warning(w)
            _ui.pdf_preview(data, pages=2)
            _ui.paper_buttons(data, filename, "lakip", year, key=f"setuju.dl.{year}",
                              label="Unduh draft untuk dibaca (PDF)",
                              word_label="Unduh draft untuk dibaca (Word)")
        ready = readiness.check(db, year)
        _ui.readiness_panel(ready, key=f"setuju.kesiapan.{year}")
        done = reviu.current(db, year)
        if done is not None:
            st.caption(f"Direviu APIP: {_ui.escape_md(done.reviewer)}, "
                       f"{spelling.format_date(done.reviewed_on)} – "
                       f"{_ui.escape_md(done.result)}")
        if ready.blocking:
            st.warning(f"{title} {year} belum dapat disetujui: {len(ready.blocking)} butir wajib "
                       "di atas masih kosong. Kembalikan ke penyusun draft atau minta yang "
                       "bersangkutan melengkapinya.")
        if st.button(f"Setujui {title} {year}", type="primary", key=f"setuju.ok.{year}",
                     disabled=bool(ready.blocking)):
            st.session_state["setuju.dialog"] = ("setuju", year)
        with st.expander("Kembalikan untuk revisi"):
            with st.form(f"setuju.kembali.{year}"):
                reason = st.text_area("Alasan pengembalian", key=f"setuju.alasan.{year}")
                back = st.form_submit_button("Kembalikan ke penyusun draft")
            if back:
                _ui.act(f"{title} {year} dikembalikan untuk revisi.",
                        workflow.return_from_approval, db, user, year, reason)

# The dialog stays open across full reruns until confirmed, cancelled or dismissed.
if pending := st.session_state.get("setuju.dialog"):
    confirm(*pending)

# ------------------------------------------------------------ what was recorded
recorded = []
for c in cycles.list_cycles(db):
    defn = cycles.definition(db, c)
    for r in cycles.runs(db, c):
        step = defn.step(r.step_no)
        if step.kind in ("perintah", "persetujuan") and r.completed_at and \
                r.outcome != "dibatalkan":
            recorded.append((r.completed_at, c.year, step, r))
if recorded:
    st.subheader("Tercatat")
    for at, year, step, r in sorted(recorded, key=lambda x: x[0], reverse=True)[:10]:
        what = {"perintah": f"Penyusunan {title} {year} diperintahkan",
                "persetujuan": (f"{title} {year} versi {r.version} disetujui" if
                                r.outcome == "diterima" else
                                f"{title} {year} dikembalikan: {r.reason}")}[step.kind]
        st.markdown(f"- {_ui.escape_md(what)} — {r.completed_by_name}, "
                    f"{spelling.format_datetime(clock.parse(at))} WIB")

for a in reopen:
    year = a.year
    with st.expander(f"Buka kembali {title} {year} (membuat versi baru)"):
        with st.form(f"setuju.reopen.{year}"):
            reason = st.text_area("Alasan membuka kembali", key=f"setuju.reopen.alasan.{year}")
            go = st.form_submit_button("Buka kembali")
        if go:
            _ui.act(f"{title} {year} dibuka kembali sebagai versi baru; versi lama tetap di arsip.",
                    workflow.reopen, db, user, year, reason)
