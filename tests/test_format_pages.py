"""AppTest of the format pages: edits injected into the editor's session state,
Simpan clicked, the database checked."""
from __future__ import annotations

import pytest

from lib.format import review, store, unit_form
from tests.conftest import login_as
from tests.test_formats import S1, T0, YEAR, add_master, himpun, start_cycle, submit_all

REAL = "Realisasi/ Progres Capaian"


def html_of(at, grid: str) -> str:
    """The HTML of the paper table ``grid`` (pages/_ui.paper_table) on the page."""
    bodies = [e.proto.body for e in at.get("html") if f'data-grid="{grid}"' in e.proto.body]
    assert bodies, f"no table {grid}"
    return bodies[0]


def _open(username, page):
    at = login_as(username)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + \
        [w.value for w in at.warning] + [i.value for i in at.info] + \
        [s.value for s in at.success] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def form(demo_db, people):
    a = add_master(demo_db, people["sekcam"], indikator="Persentase profil nagari", target="100%")
    b = add_master(demo_db, people["sekcam"], indikator="Jumlah dokumen", target="12 dokumen")
    return demo_db, a, b


def test_editor_edits_saved_on_simpan(form):
    db, a, b = form
    at = _open("pem", "pages/formulir.py")
    key = f"formulir.editor.{YEAR}.pem"
    at.session_state[key] = {"edited_rows": {0: {REAL: "85,5 %", "Ket": "triwulan IV"},
                                             1: {REAL: "1.25"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="formulir.simpan").click().run()
    assert not at.exception, at.exception
    rows = {r["id"]: r for r in store.list_rows(db, YEAR, "pem")}
    assert rows[a]["realisasi"] == "85,5 %" and rows[a]["ket"] == "triwulan IV"
    assert rows[b]["realisasi"] == "1.25"      # saved as typed, flagged
    assert "meragukan" in _texts(at)   # the flag is listed under the grid
    assert store.form_rev(db, YEAR, "pem") == 3  # two master rows + one save


def test_stale_editor_gets_conflict_and_saves_nothing(form, people):
    db, a, b = form
    at = _open("pem", "pages/formulir.py")
    key = f"formulir.editor.{YEAR}.pem"
    edits = {"edited_rows": {0: {REAL: "70%"}}, "added_rows": [], "deleted_rows": []}
    at.session_state[key] = edits
    at.run()   # the page now holds the version it loaded
    # meanwhile, the same unit saves from another browser
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem", {b: {"realisasi": "12 dokumen"}},
                             store.form_rev(db, YEAR, "pem"), now=T0)
    at.session_state[key] = edits   # the browser still holds the edit
    at.button(key="formulir.simpan").click().run()
    assert "Data sudah diubah oleh" in "\n".join(e.value for e in at.error)
    rows = {r["id"]: r for r in store.list_rows(db, YEAR, "pem")}
    assert rows[a]["realisasi"] == "" and rows[b]["realisasi"] == "12 dokumen"


def test_kirim_blocked_by_unreadable_cell(form, people):
    db, a, b = form
    start_cycle(db, people)
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem",
                             {a: {"realisasi": "90%"}, b: {"realisasi": "lebih dari 10"}},
                             store.form_rev(db, YEAR, "pem"), now=T0)
    at = _open("pem", "pages/formulir.py")
    at.button(key="formulir.kirim").click().run()
    errors = "\n".join(e.value for e in at.error)
    assert "Format belum dapat dikirim" in errors and "Baris 2" in errors
    assert unit_form.unit_status(db, YEAR, "pem")["state"] == "draft"


def test_returned_form_shows_reason_and_comments(form, people):
    db, a, b = form
    start_cycle(db, people)
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem",
                             {a: {"realisasi": "90%"}, b: {"belum_berjalan": True}},
                             store.form_rev(db, YEAR, "pem"), now=T0)
    submit_all(db, people)
    himpun(db, people)
    # the Sekcam comments and returns on the review page
    at = _open("sekcam", "pages/pemeriksaan.py")
    at.selectbox(key="pemeriksaan.unit").set_value("pem").run()
    at.selectbox(key="pemeriksaan.komentar.baris").set_value(a).run()
    at.text_area(key="pemeriksaan.komentar.teks").input("Sertakan laporan profil nagari.")
    at.button(key="pemeriksaan.komentar.kirim").click().run()
    assert not at.exception, at.exception
    at.text_area(key="pemeriksaan.alasan").input("Bukti belum lengkap")
    at.button(key="pemeriksaan.kembalikan").click().run()
    assert not at.exception, at.exception
    assert unit_form.unit_status(db, YEAR, "pem")["state"] == "dikirim"   # asks first
    at.button(key="pemeriksaan.ya").click().run()
    assert not at.exception, at.exception
    assert unit_form.unit_status(db, YEAR, "pem")["state"] == "dikembalikan"
    at = _open("pem", "pages/formulir.py")
    text = _texts(at)
    assert "Bukti belum lengkap" in text
    assert "Sertakan laporan profil nagari" in text.replace("\\", "")


def test_master_rekap_anggaran_referensi_pages_render(form, people):
    db, a, b = form
    for user, page in (("sekcam", "pages/master.py"), ("sekcam", "pages/rekap.py"),
                       ("jf", "pages/rekap.py"), ("umum", "pages/anggaran.py"),
                       ("sekcam", "pages/referensi.py"), ("pem", "pages/referensi.py"),
                       ("sekcam", "pages/pemeriksaan.py")):
        at = _open(user, page)
        assert not at.exception, (page, at.exception)
    at = _open("sekcam", "pages/rekap.py")
    table = html_of(at, "rekap.tabel")          # the rekap, every column in view
    averages = at.dataframe[0].value
    assert S1 in table
    assert S1 in set(averages["Sasaran Strategis"])


def test_jf_himpun_from_rekap_page(form, people):
    db, a, b = form
    start_cycle(db, people)
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem",
                             {a: {"realisasi": "90%"}, b: {"realisasi": "12 dokumen"}},
                             store.form_rev(db, YEAR, "pem"), now=T0)
    submit_all(db, people)
    at = _open("jf", "pages/rekap.py")
    at.button(key="rekap.himpun").click().run()
    assert not at.exception, at.exception
    assert review.reviewable_units(db, YEAR)  # step 5 open for the units


def test_budget_page_saves(demo_db, people):
    at = _open("umum", "pages/anggaran.py")
    at.number_input(key="anggaran.tahun").set_value(YEAR).run()
    at.text_input(key="anggaran.program").input("Program Penunjang")
    at.text_input(key="anggaran.pagu").input("Rp 27.350.000")
    at.text_input(key="anggaran.realisasi").input("24.615.000")
    at.button(key="anggaran.simpan").click().run()
    assert not at.exception, at.exception
    from lib import budget
    rows = budget.list_budget(demo_db, YEAR)
    assert [(r.program, r.pagu, r.realisasi) for r in rows] == \
        [("Program Penunjang", 27_350_000.0, 24_615_000.0)]


def test_budget_page_picks_the_programme_from_the_list(demo_db, people):
    from lib import budget
    from lib.planning import programs

    pid = programs.save_program(demo_db, people["sekcam"], YEAR, {
        "code": "7.01.04", "name": "Program Koordinasi Ketentraman dan Ketertiban Umum",
        "pagu": 96_750_000})
    at = _open("umum", "pages/anggaran.py")
    at.number_input(key="anggaran.tahun").set_value(YEAR).run()
    assert "anggaran.program" not in {t.key for t in at.text_input}   # picked, not typed
    at.selectbox(key="anggaran.program_id").set_value(pid)
    at.text_input(key="anggaran.pagu").input("Rp96.750.000")
    at.text_input(key="anggaran.realisasi").input("85.236.750")
    at.button(key="anggaran.simpan").click().run()
    assert not at.exception, at.exception
    rows = budget.list_budget(demo_db, YEAR)
    assert [(r.program, r.program_id, r.realisasi) for r in rows] == \
        [("Program Koordinasi Ketentraman dan Ketertiban Umum", pid, 85_236_750.0)]
    assert programs.unlinked_budget(demo_db, YEAR) == []
