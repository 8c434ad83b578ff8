"""Penyusunan LAKIP (Kasubbag PEP, step 6): the narrative sections and the
per-sasaran analysis, the draft preview and download, and "Draft selesai"."""
import streamlit as st

from lib import clock, cycles, narratives
from lib.services import documents
from lib.errors import PerkinError
from pages import _ui
from lib.services import workflow

user = _ui.require_page("pages/penyusunan.py")
db = _ui.get_db()
now = clock.now()

st.title("Penyusunan LAKIP")
all_cycles = cycles.list_cycles(db)
if not all_cycles:
    st.info("Belum ada siklus LAKIP. Penyusunan dimulai setelah Camat memerintahkannya.")
    st.stop()
_ui.take_focus("pages/penyusunan.py", "penyusunan.tahun", [c.year for c in all_cycles])
year = st.selectbox("Tahun laporan", [c.year for c in all_cycles], key="penyusunan.tahun")

# ---------------------------------------------------------------- step 6 action
actions = [a for a in cycles.available_actions(db, user, year, now=now) if a.kind == "draft"]
if actions:
    action = actions[0]
    with st.container(border=True):
        st.markdown(f"**Langkah {action.step_no}: draft LAKIP sedang Anda susun.**")
        if action.reason:
            st.warning(f"Draft dikembalikan: {_ui.escape_md(action.reason)}")
        note = st.text_area("Catatan untuk Sekcam", key="penyusunan.catatan", height=80)
        if st.button("Draft selesai, kirim ke Sekcam", type="primary", key="penyusunan.kirim"):
            try:
                workflow.complete_step(db, user, year, action.step_no, {"catatan": note})
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash("Draft LAKIP dikirim ke Sekcam untuk dikoreksi (langkah berikutnya).")
                st.rerun()

else:
    # the draft is elsewhere in the flow: say where, so nobody waits on this page
    cycle = cycles.get_cycle(db, year)
    defn = cycles.definition(db, cycle)
    open_now = [defn.step(r.step_no) for r in cycles.open_runs(db, cycle)]
    review = [s for s in open_now if s.kind in ("koreksi_draft", "persetujuan")]
    if review:
        st.info(f"Draft LAKIP {year} sedang di langkah {review[0].no}: "
                f"{review[0].kegiatan} ({review[0].actor_label}). Bila dikembalikan, "
                "alasannya tampil di sini dan di Beranda.")
    elif cycle.closed:
        st.info(f"Siklus LAKIP {year} sudah selesai; LAKIP final tersimpan di arsip "
                "(halaman Dokumen).")

# ---------------------------------------------------------------- the texts
SNAP = f"penyusunan.snapshot.{year}"
rows, summary = documents.rekap_rows(db, year)
sasaran_list = [s.sasaran for s in summary.sasaran]
if SNAP not in st.session_state:
    snap = {t.section: (t.text, t.rev) for t in narratives.sections(db, year)}
    for items in narratives.analyses(db, year, sasaran_list).values():
        snap.update({t.section: (t.text, t.rev) for t in items})
    st.session_state[SNAP] = snap
snapshot = st.session_state[SNAP]
widgets: dict[str, str] = {}   # section -> widget key


def editor(section: str, title: str, key: str, height: int = 200) -> None:
    text, _ = snapshot.get(section, ("", 0))
    widgets[section] = key
    st.text_area(title, value=text, key=key, height=height)


st.subheader("Naskah")
st.caption("Teks awal sudah berisi nama kecamatan dan tahun; ubah sesuai keadaan. Tabel capaian "
           "dan anggaran dihitung otomatis dari data.")
for i, t in enumerate(narratives.sections(db, year)):
    with st.expander(t.title, expanded=i == 0):
        editor(t.section, t.title, f"penyusunan.{year}.bagian.{t.section}")
        if t.stored:
            st.caption(f"Terakhir diubah oleh {_ui.escape_md(t.updated_by_name)}.")

st.subheader("Analisis per sasaran (Bab III)")
if not sasaran_list:
    st.info("Belum ada sasaran: indikator tahun ini belum diisi.")
analyses = narratives.analyses(db, year, sasaran_list)
for k, sasaran in enumerate(sasaran_list, 1):
    with st.expander(f"Sasaran {k}: {_ui.escape_md(sasaran)}"):
        for j, t in enumerate(analyses[sasaran]):
            editor(t.section, t.title, f"penyusunan.{year}.analisis.{k}.{j}", height=110)

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

# ---------------------------------------------------------------- preview
st.divider()
st.subheader("Pratinjau draft")
if st.button("Susun draft LAKIP", key="penyusunan.pratinjau"):
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
