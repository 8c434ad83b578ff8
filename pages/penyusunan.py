"""Penyusunan LKjIP (Kasubbag PEP, step 6): the readiness check (what a reviu would
still reject), the narrative sections, the analysis of each sasaran (faktor
pendukung, penghambat, upaya perbaikan; empty by default), the draft preview and
download, and "Draft selesai"."""
import streamlit as st

from lib import clock, cycles, narratives
from lib.errors import PerkinError
from lib.lkjip import analyses, readiness, sentences
from lib.planning import renstra
from lib.services import documents, workflow
from pages import _ui

user = _ui.require_page("pages/penyusunan.py")
db = _ui.get_db()
now = clock.now()
title = _ui.report_title(db)

st.title(f"Penyusunan {title}")
year = _ui.cycle_year_or_stop("pages/penyusunan.py", "penyusunan.tahun",
                               f"Belum ada siklus {title}. Penyusunan dimulai setelah Camat memerintahkannya.")
ready = readiness.check(db, year)

# ---------------------------------------------------------------- step 6 action
actions = [a for a in cycles.available_actions(db, user, year, now=now) if a.kind == "draft"]
if actions:
    action = actions[0]
    with st.container(border=True):
        st.markdown(f"**Langkah {action.step_no}: draft {title} sedang Anda susun.**")
        if action.reason:
            st.warning(f"Draft dikembalikan: {_ui.escape_md(action.reason)}")
        mine = readiness.blocking_for(ready, user)
        if mine:
            st.caption(f"{len(mine)} butir wajib di bawah masih harus Anda lengkapi sebelum "
                       "draft dapat dikirim.")
        note = st.text_area("Catatan untuk Sekcam", key="penyusunan.catatan", height=80)
        if st.button("Draft selesai, kirim ke Sekcam", type="primary", key="penyusunan.kirim"):
            try:
                workflow.complete_step(db, user, year, action.step_no, {"catatan": note})
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash(f"Draft {title} dikirim ke Sekcam untuk dikoreksi (langkah "
                          "berikutnya).")
                st.rerun()

else:
    # the draft is elsewhere in the flow: say where, so nobody waits on this page
    cycle = cycles.get_cycle(db, year)
    defn = cycles.definition(db, cycle)
    open_now = [defn.step(r.step_no) for r in cycles.open_runs(db, cycle)]
    review = [s for s in open_now if s.kind in ("koreksi_draft", "persetujuan")]
    if review:
        st.info(f"Draft {title} {year} sedang di langkah {review[0].no}: "
                f"{review[0].kegiatan} ({review[0].actor_label}). Bila dikembalikan, "
                "alasannya tampil di sini dan di Beranda.")
    elif cycle.closed:
        st.info(f"Siklus {title} {year} sudah selesai; {title} final tersimpan di arsip "
                "(halaman Dokumen).")

_ui.readiness_panel(ready, key=f"penyusunan.kesiapan.{year}", expanded=bool(ready.blocking))

# ---------------------------------------------------------------- the texts
SNAP = f"penyusunan.snapshot.{year}"
if SNAP not in st.session_state:
    st.session_state[SNAP] = {t.section: (t.text, t.rev) for t in narratives.sections(db, year)}
snapshot = st.session_state[SNAP]
widgets: dict[str, str] = {}   # section -> widget key


def editor(section: str, title_: str, key: str, height: int = 200) -> None:
    text, _ = snapshot.get(section, ("", 0))
    widgets[section] = key
    st.text_area(title_, value=text, key=key, height=height)


st.subheader("Naskah")
st.caption("Teks awal sudah berisi nama kecamatan dan tahun; ubah sesuai keadaan. Tabel capaian, "
           "kalimat data dan anggaran dihitung otomatis dari data.")
for i, t in enumerate(narratives.sections(db, year)):
    with st.expander(t.title, expanded=i == 0):
        editor(t.section, t.title, f"penyusunan.{year}.bagian.{t.section}")
        if t.stored:
            st.caption(f"Terakhir diubah oleh {_ui.escape_md(t.updated_by_name)}.")

if st.button("Simpan naskah", type="primary", key="penyusunan.simpan"):
    texts, expected = {}, {}
    for section, key in widgets.items():
        value = st.session_state.get(key, "")
        old_text, old_rev = snapshot.get(section, ("", 0))
        if value.strip() != old_text.strip():
            texts[section] = value
            expected[section] = old_rev
    try:
        n = narratives.save(db, user, year, texts, expected)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        for key in list(widgets.values()) + [SNAP]:
            st.session_state.pop(key, None)
        _ui.flash(f"Naskah tersimpan ({n} bagian diubah)." if n else
                  "Tidak ada perubahan untuk disimpan.", "success" if n else "info")
        st.rerun()

# ---------------------------------------------------------------- analyses
st.subheader("Analisis per sasaran (Bab III)")
st.caption("Tulis hanya sebabnya: faktor pendukung, faktor penghambat dan upaya perbaikan. "
           "Angka, perbandingan dan kalimat capaian ditulis Perkin dari data. Analisis yang "
           "kosong tidak dicetak dan tercantum di Kesiapan LKjIP.")
sasaran_ids = []
for r in db.query("SELECT DISTINCT i.sasaran_id FROM indicators i JOIN renstra_sasaran s ON "
                  "s.id = i.sasaran_id WHERE i.year = ? ORDER BY s.sort, s.id", [year]):
    sasaran_ids.append(r["sasaran_id"])
if not sasaran_ids:
    st.info("Belum ada sasaran: indikator tahun ini belum diisi atau belum dihubungkan ke "
            "sasaran Renstra (halaman Perencanaan Kinerja).")
saved = analyses.for_year(db, year)
lkjip_rows, _ = documents.lkjip_rows(db, year) if sasaran_ids else ([], None)
open_items = {i.sasaran_id for i in ready.items if i.code in ("analisis_kosong", "upaya_kosong",
                                                               "analisis_sebagian")}
for sid in sasaran_ids:
    s = renstra.get_sasaran(db, sid)
    a = saved.get(sid) or analyses.Analysis(sid)
    state = "belum ditulis" if a.empty else ("belum lengkap" if a.missing() else "lengkap")
    with st.expander(f"{s.kode} {_ui.escape_md(s.text)} · {state}",
                     expanded=sid in open_items and bool(actions)):
        hint = sentences.sasaran_hint([r for r in lkjip_rows if r.sasaran_id == sid], year)
        st.caption("Dari data (bahan analisis, tidak dicetak): " +
                   " ".join(_ui.escape_md(h) for h in hint))
        with st.form(f"penyusunan.{year}.analisis.{sid}"):
            values = {}
            for k, label in analyses.FIELDS:
                values[k] = st.text_area(label, value=getattr(a, k), height=110,
                                         key=f"penyusunan.{year}.analisis.{sid}.{k}")
            go = st.form_submit_button("Simpan analisis", type="primary")
        if a.rev:
            st.caption(f"Terakhir diubah oleh {_ui.escape_md(a.updated_by_name)}.")
        if go:
            try:
                analyses.save(db, user, year, sid, values, expected_rev=a.rev)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                for k, _ in analyses.FIELDS:
                    st.session_state.pop(f"penyusunan.{year}.analisis.{sid}.{k}", None)
                _ui.flash(f"Analisis sasaran {s.kode} tersimpan.")
                st.rerun()

# ---------------------------------------------------------------- preview
st.divider()
st.subheader("Pratinjau draft")
if st.button(f"Susun draft {title}", key="penyusunan.pratinjau"):
    try:
        with st.spinner("Menyusun PDF ..."):
            st.session_state["penyusunan.pdf"] = (year, *documents.render(db, "lakip", year))
    except PerkinError as err:
        _ui.show_error(err)
result = st.session_state.get("penyusunan.pdf")
if result and result[0] == year:
    _, data, filename, warnings = result
    for w in warnings:
        st.warning(w, icon=":material/info:")
    _ui.paper_buttons(data, filename, "lakip", year, key="penyusunan.unduh",
                      label=f"Unduh PDF ({filename})")
    _ui.pdf_preview(data, pages=2)
    st.caption("Simpan naskah dulu sebelum menyusun pratinjau; pratinjau memakai naskah yang "
               "tersimpan.")
