"""AppTest of the Perencanaan Kinerja page on the seeded demo office: the PK
versions, a revision through the form and the "perlu ditinjau" it causes, the
owners' forms (SDM, data wilayah) and what a unit head sees."""
from __future__ import annotations

import datetime as dt

import pytest

from lib import demo
from lib.format import store, workbook
from lib.planning import facts, pk
from tests.conftest import login_as

PAGE = "pages/perencanaan.py"


@pytest.fixture
def seeded(demo_db):
    demo.seed_history(demo_db, dt.date(2026, 11, 24))
    return demo_db


def _open(username, year=2026):
    at = login_as(username)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    if year != 2026:
        at.selectbox(key="rencana.tahun").set_value(year).run()
        assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + \
        [w.value for w in at.warning] + [i.value for i in at.info] + \
        [s.value for s in at.success] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def test_sekcam_sees_both_versions_of_the_revised_pk(seeded):
    at = _open("sekcam", 2025)
    versions = at.dataframe[0].value
    assert list(versions["Versi"]) == ["1", "2"]
    assert list(versions["Alasan"]) == ["Penetapan awal", "Perubahan program atau anggaran"]
    assert list(versions["Anggaran"]) == ["Rp3.286.750.000", "Rp3.144.250.000"]
    assert list(versions["Berlaku"]) == ["", "Ya"]


def test_revision_through_the_form_flags_the_accepted_unit(seeded):
    db = seeded
    at = _open("sekcam")
    pem_rows = [r for r in store.list_rows(db, 2026, "pem")]
    realisasi = pem_rows[0]["realisasi"]
    # the grid's edits, as the browser sends them
    at.session_state["rencana.pk_target"] = {"edited_rows": {0: {"Target baru": "95%"}},
                                             "added_rows": [], "deleted_rows": []}
    at.run()
    [s for s in at.selectbox if s.label == "Alasan revisi"][0].set_value("prioritas")
    submit = [b for b in at.button if b.label == "Simpan revisi"][0]
    submit.click().run()
    assert not at.exception, at.exception
    v = pk.in_force(db, 2026)
    assert v.versi == 2 and v.alasan == "prioritas"
    row = store.get_row(db, pem_rows[0]["id"])
    assert (row["target"], row["realisasi"]) == ("95%", realisasi)
    # pem was accepted in the demo's current year: "perlu ditinjau", the change named
    at.run()
    warning = "\n".join(w.value for w in at.warning)
    assert "Perlu ditinjau: Perjanjian Kinerja versi 2" in warning
    assert "dari '100%' menjadi '95%'" in warning


def test_revision_without_a_reason_saves_nothing(seeded):
    db = seeded
    at = _open("sekcam")
    at.session_state["rencana.pk_target"] = {"edited_rows": {0: {"Target baru": "95%"}},
                                             "added_rows": [], "deleted_rows": []}
    at.run()
    [b for b in at.button if b.label == "Simpan revisi"][0].click().run()
    assert not at.exception, at.exception
    assert "Alasan revisi Perjanjian Kinerja wajib dipilih" in "\n".join(e.value for e in at.error)
    assert pk.in_force(db, 2026).versi == 1


def test_unit_head_reads_but_has_no_owner_forms(seeded):
    at = _open("pem")
    labels = {b.label for b in at.button}
    assert "Simpan revisi" not in labels and "Simpan program" not in labels
    assert "Simpan data SDM" not in labels and "Simpan data wilayah" not in labels
    assert "Rp3.144.250.000" in list(at.dataframe[0].value["Anggaran"])


def test_owners_save_sdm_and_region_facts(seeded):
    db = seeded
    at = _open("umum")
    gol = [n for n in at.number_input if n.label == "Golongan III"][0]
    gol.set_value(15)
    [b for b in at.button if b.label == "Simpan data SDM"][0].click().run()
    assert not at.exception, at.exception
    assert facts.get_sdm(db, 2026)["golongan"]["III"] == 15
    at = _open("admin")
    luas = [t for t in at.text_input if t.label == "Luas wilayah (km²)"][0]
    assert luas.value == "106,2"
    luas.set_value("-1")
    [b for b in at.button if b.label == "Simpan data wilayah"][0].click().run()
    assert "Luas wilayah tidak boleh negatif." in _texts(at)
    assert facts.get_facts(db).luas_wilayah == 106.2


def _unit_status(at) -> dict[str, str]:
    """Unit name -> Status as the unit-state paper table (pages/_ui.paper_table) shows it."""
    import html
    import re

    from tests.test_format_pages import html_of

    out = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", html_of(at, "pemeriksaan.status"), re.S):
        cells = [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        if len(cells) >= 2:
            out[cells[0]] = cells[1]
    return out


def test_pemeriksaan_lists_the_unit_as_perlu_ditinjau(seeded, people):
    db = seeded
    row = store.list_rows(db, 2026, "pem")[0]
    pk.revise(db, people["sekcam"], 2026, alasan="prioritas", tanggal=dt.date(2026, 11, 24),
              targets={row["id"]: "95%"})
    at = login_as("sekcam")
    at.switch_page("pages/pemeriksaan.py").run()
    assert not at.exception, at.exception
    assert _unit_status(at)["Seksi Pemerintahan"] == "Perlu ditinjau"
    assert "menjadi '95%'" in "\n".join(w.value for w in at.warning)
    [b for b in at.button if b.label == "Sudah ditinjau"][0].click().run()
    assert not at.exception, at.exception
    assert pk.reviews(db, 2026) == []
    assert _unit_status(at)["Seksi Pemerintahan"] == "Diterima"


def test_master_import_preview_asks_for_the_unmatched_programmes(demo_db, people):
    from openpyxl import Workbook
    import io

    from lib.planning import programs

    pid = programs.save_program(demo_db, people["sekcam"], 2026, {
        "name": "Program Koordinasi Ketentraman dan Ketertiban Umum", "pagu": 1})
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
               "Realisasi/ Progres Capaian", "Program/Kegiatan/ Sub Kegiatan", "Sumber Data",
               "Yang membidangi", "Ket"])
    ws.append([1, "Meningkatnya ketentraman", "Jumlah kejadian", "12 kejadian", "",
               "Program Ketentraman dan Ketertiban Umum", "Register", "trantib", ""])
    buf = io.BytesIO()
    wb.save(buf)
    pv = workbook.preview_import(demo_db, people["sekcam"], 2026, buf.getvalue())
    # the page's preview, as _ui.import_preview draws it, through a small script
    from streamlit.testing.v1 import AppTest

    def script():
        import pickle
        import streamlit as st
        from lib import users
        from pages import _ui

        pv = pickle.loads(st.session_state["pv"])
        _ui.import_preview(users.get_user(_ui.get_db(), "sekcam"), pv, key="t.simpan")

    import pickle
    t = AppTest.from_function(script, default_timeout=30)
    t.session_state["pv"] = pickle.dumps(pv)
    t.run()
    assert not t.exception, t.exception
    button = [b for b in t.button if b.label == "Simpan hasil impor"][0]
    assert button.disabled
    pick = [s for s in t.selectbox if s.label.startswith("Kolom 6:")][0]
    assert pick.label == "Kolom 6: Program Ketentraman dan Ketertiban Umum"
    pick.set_value(pid).run()
    assert not t.exception, t.exception
    [b for b in t.button if b.label == "Simpan hasil impor"][0].click().run()
    assert not t.exception, t.exception
    row = store.list_rows(demo_db, 2026, "trantib")[0]
    assert (row["program_id"], row["program"]) == (pid, "Program Koordinasi Ketentraman dan "
                                                        "Ketertiban Umum")
