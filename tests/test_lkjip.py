"""Issue #14, the data half: one analysis per sasaran (by identity), the APIP reviu,
the label-set and reviu settings, the readiness check (a table of data state -> item,
who, blocking), the step-6 and step-10 refusals, ``check-lkjip``, migration m009 and
the pages. All on the real demo office (seeded once per module, copied per test)."""
from __future__ import annotations

import datetime as dt

import pytest

from db import connect
from db.schema import core
from lib import clock, cycles, events, office, paths
from lib.errors import Conflict, PermissionDenied, StateError, ValidationError
from lib.lkjip import analyses, labels, readiness, reviu
from lib.planning import programs
from lib.services import workflow
from tests.conftest import copy_template, login_as

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=clock.TZ)


@pytest.fixture
def office_db(data_dir, history_template):
    copy_template(history_template, paths.db_path())
    database = connect(paths.db_path())
    yield database
    database.conn.close()


@pytest.fixture
def p(office_db):
    from lib import users

    return {u.username: u for u in users.list_users(office_db)}


def _sid(db, year: int, kode: str) -> int:
    return db.execute("SELECT s.id FROM renstra_sasaran s WHERE s.kode = ?", [kode]).fetchone()[0]


def _codes(ready) -> list[tuple]:
    return sorted((i.code, i.sasaran.split(" ")[0] if i.sasaran else "", i.who, i.blocking)
                  for i in ready.items)


# ------------------------------------------------------------------ the demo office
def test_finished_years_are_ready_with_every_lke_criterion(office_db):
    for year in (2024, 2025):
        ready = readiness.check(office_db, year)
        assert ready.items == [], [i.line() for i in ready.items]
        assert ready.lke and all(c.met == c.total for c in ready.lke)
        assert {c.name for c in ready.lke} == set(readiness.LKE_NAMES)
        assert ready.lke_share() == 100


def test_the_2026_draft_lacks_two_analyses_and_the_reviu(office_db):
    ready = readiness.check(office_db, 2026)
    assert _codes(ready) == [("analisis_kosong", "SS3", "pep", True),
                             ("analisis_kosong", "SS5", "pep", True),
                             ("reviu_belum", "", "sekcam", False)]
    ss3 = next(i for i in ready.items if i.sasaran.startswith("SS3"))
    assert "Jumlah balita stunting" in ss3.message and "84,44%" in ss3.message
    assert ss3.chapter == "Bab III Akuntabilitas Kinerja" and ss3.who_label == "Kasubbag PEP"
    crit = {c.name: (c.met, c.total) for c in ready.lke}
    assert crit["Upaya perbaikan"] == (4, 6) and crit["Target akhir Renstra"] == (6, 6)


def test_demo_analyses_are_distinct_per_sasaran_and_year(office_db):
    texts = [(r["pendukung"], r["penghambat"], r["upaya"]) for r in office_db.query(
        "SELECT * FROM lkjip_analyses WHERE year IN (2024, 2025)")]
    assert len(texts) == 12 and len(set(texts)) == 12
    assert all(all(t) for t in texts)
    assert reviu.current(office_db, 2025).reviewer.startswith("Yenni")


# ------------------------------------------------------------------ the readiness table
def _no_logo(db, p):
    office.update_profile(db, p["admin"], {k: office.get_profile(db)[k] for k in
                                           office.PROFILE_FIELDS}, remove_logo=True)


def _no_bupati(db, p):
    from lib.planning import facts

    facts.save_facts(db, p["admin"], {"kepala_daerah_nama": "",
                                      "kepala_daerah_jabatan": "Bupati Lima Puluh Kota"})


def _no_misi(db, p):
    from lib.planning import renstra

    period = renstra.period_for_year(db, 2026)
    renstra.save_period(db, p["sekcam"], {"start_year": 2021, "end_year": 2026,
                                          "visi": period.visi, "misi": [],
                                          "tujuan": period.tujuan}, period_id=period.id)


def _no_sdm(db, p):
    db.execute("DELETE FROM sdm WHERE year = 2026")


def _no_pk_scan(db, p):
    db.execute("DELETE FROM pk_scans WHERE version_id IN (SELECT id FROM pk_versions "
               "WHERE year = 2026)")


def _empty_ss1(db, p):
    analyses.save(db, p["pep"], 2026, _sid(db, 2026, "SS1"),
                  {"pendukung": "", "penghambat": "", "upaya": ""})


def _no_upaya_ss1(db, p):   # SS1 has indicators below target in 2026
    analyses.save(db, p["pep"], 2026, _sid(db, 2026, "SS1"), {"upaya": ""})


def _no_penghambat_ss2(db, p):
    analyses.save(db, p["pep"], 2026, _sid(db, 2026, "SS2"), {"penghambat": ""})


def _no_renstra_target(db, p):
    db.execute("UPDATE indicator_cards SET target_akhir = '' WHERE indikator = "
               "'Jumlah pelatihan anggota linmas'")


def _no_earlier_years(db, p):
    card = db.execute("SELECT id FROM indicator_cards WHERE indikator = "
                      "'Jumlah pelatihan anggota linmas'").fetchone()[0]
    db.execute("UPDATE indicators SET card_id = NULL WHERE year < 2026 AND card_id = ?", [card])


def _budget_unlinked(db, p):
    bid = db.execute("SELECT b.id FROM budget b JOIN programs g ON g.id = b.program_id WHERE "
                     "b.year = 2026 AND g.code = '7.01.04'").fetchone()[0]
    programs.link_budget_row(db, p["umum"], bid, None)


def _untouched_section(db, p):
    db.execute("DELETE FROM narratives WHERE year = 2026 AND section = 'bab4_saran'")


def _row_unlinked(db, p):
    db.execute("UPDATE indicators SET sasaran_id = NULL WHERE year = 2026 AND indikator = "
               "'Jumlah pelatihan anggota linmas'")


def _reviu_required(db, p):
    office.set_setting(db, p["admin"], "reviu_required", True)


# (what changes in the data) -> the items it adds: (code, sasaran kode, who, blocking)
TABLE = [
    (_no_logo, [("logo_kosong", "", "admin", True)]),
    (_no_bupati, [("kepala_daerah_kosong", "", "admin", True)]),
    (_no_misi, [("renstra_kosong", "", "sekcam", True)]),
    (_no_sdm, [("sdm_kosong", "", "umum", True)]),
    (_no_pk_scan, [("pk_pindaian", "", "sekcam", True)]),
    (_empty_ss1, [("analisis_kosong", "SS1", "pep", True)]),
    (_no_upaya_ss1, [("upaya_kosong", "SS1", "pep", True)] * 2),   # two indicators missed
    (_no_penghambat_ss2, [("analisis_sebagian", "SS2", "pep", False)]),
    (_no_renstra_target, [("renstra_target_kosong", "SS4", "sekcam", False)]),
    (_no_earlier_years, [("tahun_lalu_kosong", "SS4", "sekcam", False)]),
    (_budget_unlinked, [("program_tanpa_anggaran", "", "umum", True)]),
    (_untouched_section, [("naskah_bawaan", "", "pep", False)]),
    (_row_unlinked, [("baris_tanpa_sasaran", "", "sekcam", True)]),
    (_reviu_required, [("reviu_wajib", "", "sekcam", True)]),
]


@pytest.mark.parametrize("change, added", TABLE, ids=[f.__name__ for f, _ in TABLE])
def test_readiness_table(office_db, p, change, added):
    before = _codes(readiness.check(office_db, 2026))
    change(office_db, p)
    after = _codes(readiness.check(office_db, 2026))
    if change is _reviu_required:   # the warning becomes blocking
        before = [c for c in before if c[0] != "reviu_belum"]
    if change is _row_unlinked:     # SS4 loses a row: its comparisons are counted without it
        pass
    for item in before:
        assert item in after
    extra = list(after)
    for item in before:
        extra.remove(item)
    assert sorted(extra) == sorted(added)


def test_every_code_is_classified_and_every_who_named():
    assert set(readiness.CODES) >= {"analisis_kosong", "upaya_kosong", "pk_belum",
                                    "pk_pindaian", "logo_kosong", "reviu_wajib"}
    for chapter, who, blocking in readiness.CODES.values():
        assert chapter in readiness.CHAPTER_ORDER and who in readiness.WHO
        assert isinstance(blocking, bool)
    # Renstra targets and earlier years warn, never block
    assert not readiness.CODES["renstra_target_kosong"][2]
    assert not readiness.CODES["tahun_lalu_kosong"][2]


# ------------------------------------------------------------------ steps 6 and 10
def _to_step_6(db, p):
    """The 2026 demo at step 5 (kesos returned): kesos sends again, JF compiles, Sekcam
    accepts; step 6 opens for the PEP."""
    t = NOW
    workflow.submit_unit(db, p["kesos"], 2026, "kesos", now=t)
    workflow.complete_step(db, p["jf"], 2026, 4, {"catatan": "Revisi kesos"},
                           now=t + dt.timedelta(minutes=20))
    for code in ("pelayanan", "umum", "trantib", "kesos"):
        workflow.review_unit(db, p["sekcam"], 2026, code, "terima",
                             now=t + dt.timedelta(minutes=30))
    assert [a.step_no for a in cycles.available_actions(db, p["pep"], 2026)] == [6]
    return t + dt.timedelta(minutes=40)


def _write(db, p, kode, t):
    analyses.save(db, p["pep"], 2026, _sid(db, 2026, kode), {
        "pendukung": f"Pendukung {kode}", "penghambat": f"Penghambat {kode}",
        "upaya": f"Upaya {kode}"}, now=t)


def test_draft_selesai_is_refused_for_the_pep_s_own_blocking_items(office_db, p):
    t = _to_step_6(office_db, p)
    n_events = len(events.list_events(office_db, year=2026))
    with pytest.raises(ValidationError) as err:
        workflow.complete_step(office_db, p["pep"], 2026, 6, {"catatan": "x"}, now=t)
    assert "Draft belum dapat dikirim" in str(err.value) and "SS3" in str(err.value)
    assert len(err.value.problems) == 2 and all("Kasubbag PEP" in x for x in err.value.problems)
    assert [a.step_no for a in cycles.available_actions(office_db, p["pep"], 2026)] == [6]
    assert len(events.list_events(office_db, year=2026)) == n_events   # nothing recorded
    # an item the PEP cannot fix (the admin's logo) does not hold the draft back
    _no_logo(office_db, p)
    _write(office_db, p, "SS3", t)
    _write(office_db, p, "SS5", t)
    workflow.complete_step(office_db, p["pep"], 2026, 6, {"catatan": "x"},
                           now=t + dt.timedelta(minutes=5))
    assert [a.step_no for a in cycles.available_actions(office_db, p["sekcam"], 2026)] == [7]


def test_approval_is_refused_while_any_blocking_item_remains(office_db, p):
    t = _to_step_6(office_db, p)
    _write(office_db, p, "SS3", t)
    _write(office_db, p, "SS5", t)
    _no_logo(office_db, p)
    office.set_setting(office_db, p["admin"], "reviu_required", True)
    workflow.complete_step(office_db, p["pep"], 2026, 6, {}, now=t + dt.timedelta(minutes=5))
    workflow.review_draft(office_db, p["sekcam"], 2026, "terima",
                          now=t + dt.timedelta(minutes=10))
    workflow.complete_step(office_db, p["sekcam"], 2026, 8, {
        "tanggal": TODAY, "waktu": "09.00", "tempat": "Aula", "pimpinan": "Camat",
        "peserta": ["Camat", "Sekcam"], "agenda": "Finalisasi", "keputusan": "Disepakati"},
        now=t + dt.timedelta(minutes=20))
    workflow.complete_step(office_db, p["sekcam"], 2026, 9, {"tanggal": TODAY},
                           now=t + dt.timedelta(minutes=25))
    with pytest.raises(PermissionDenied):   # the actor is checked first
        workflow.approve(office_db, p["sekcam"], 2026, now=t + dt.timedelta(minutes=30))
    with pytest.raises(ValidationError) as err:
        workflow.approve(office_db, p["camat"], 2026, now=t + dt.timedelta(minutes=30))
    text = str(err.value)
    assert "belum dapat disetujui" in text and "Logo" in text and "Reviu APIP" in text
    cycle = cycles.get_cycle(office_db, 2026)
    assert cycles.approved_version(office_db, cycle) is None
    from lib import archive
    assert archive.get_final(office_db, 2026, cycle.version) is None
    # the admin uploads the logo, the Sekcam records the reviu: approved
    from lib.demo_lkjip import logo_png
    office.update_profile(office_db, p["admin"], {k: office.get_profile(office_db)[k] for k in
                                                  office.PROFILE_FIELDS}, logo=logo_png())
    reviu.record(office_db, p["sekcam"], 2026, {
        "reviewer": "Yenni Marlina, S.E., Ak.", "nip": "19790512 200501 2 008",
        "reviewed_on": TODAY, "result": "Akurat, andal dan valid."},
        now=t + dt.timedelta(minutes=35))
    final = workflow.approve(office_db, p["camat"], 2026, now=t + dt.timedelta(minutes=40))
    assert final["content"].startswith(b"%PDF-")


# ------------------------------------------------------------------ analyses
def test_analysis_save_revs_events_and_refusals(office_db, p):
    sid = _sid(office_db, 2026, "SS3")
    a = analyses.save(office_db, p["pep"], 2026, sid, {"pendukung": "  Posyandu aktif.  "},
                      expected_rev=0, now=NOW)
    assert (a.pendukung, a.penghambat, a.upaya, a.rev) == ("Posyandu aktif.", "", "", 1)
    assert events.list_events(office_db, action_prefix="analisis.simpan")[-1]["year"] == 2026
    with pytest.raises(Conflict, match="sudah diubah"):
        analyses.save(office_db, p["pep"], 2026, sid, {"upaya": "x"}, expected_rev=0)
    with pytest.raises(PermissionDenied, match="menyusun naskah"):
        analyses.save(office_db, p["pem"], 2026, sid, {"upaya": "x"})
    same = analyses.save(office_db, p["pep"], 2026, sid, {"pendukung": "Posyandu aktif."})
    assert same.rev == 1   # nothing changed, nothing written
    with pytest.raises(StateError, match="sudah disetujui"):
        analyses.save(office_db, p["pep"], 2025, sid, {"upaya": "x"})


@pytest.mark.parametrize("values, message", [
    ({"pendukung": "x" * 4001}, "Faktor pendukung terlalu panjang (4.001 karakter, maksimal 4.000)"),
    ({"upaya": "ada\x00nul"}, "Upaya perbaikan memuat karakter kendali"),
    ({"lainnya": "x"}, "bagian analisis 'lainnya' tidak dikenal"),
])
def test_analysis_bad_input_saves_nothing(office_db, p, values, message):
    sid = _sid(office_db, 2026, "SS5")
    with pytest.raises(ValidationError) as err:
        analyses.save(office_db, p["pep"], 2026, sid, values)
    assert message in str(err.value) and "SS5" in str(err.value)
    assert analyses.get(office_db, 2026, sid).rev == 0


# ------------------------------------------------------------------ reviu
def test_reviu_window_dates_and_freeze(office_db, p):
    values = {"reviewer": "Yenni Marlina", "nip": "197905122005012008", "reviewed_on": TODAY,
              "result": "Akurat"}
    with pytest.raises(StateError, match="setelah draft diterima"):
        reviu.record(office_db, p["sekcam"], 2026, values, now=NOW)
    with pytest.raises(StateError, match="pembukaan kembali"):
        reviu.record(office_db, p["sekcam"], 2025, values, now=NOW)
    with pytest.raises(PermissionDenied, match="reviu APIP"):
        reviu.record(office_db, p["pep"], 2026, values, now=NOW)
    t = _to_step_6(office_db, p)
    _write(office_db, p, "SS3", t)
    _write(office_db, p, "SS5", t)
    workflow.complete_step(office_db, p["pep"], 2026, 6, {}, now=t)
    workflow.review_draft(office_db, p["sekcam"], 2026, "terima", now=t + dt.timedelta(minutes=5))
    later = t + dt.timedelta(minutes=10)
    with pytest.raises(ValidationError, match="sebelum draft LKjIP 2026 selesai disusun"):
        reviu.record(office_db, p["sekcam"], 2026, values | {"reviewed_on": TODAY -
                                                             dt.timedelta(days=3)}, now=later)
    with pytest.raises(ValidationError, match="NIP pereviu harus 18 angka"):
        reviu.record(office_db, p["sekcam"], 2026, values | {"nip": "1979"}, now=later)
    with pytest.raises(ValidationError, match="Hasil reviu wajib diisi"):
        reviu.record(office_db, p["sekcam"], 2026, values | {"result": " "}, now=later)
    with pytest.raises(ValidationError, match="belum terjadi"):
        reviu.record(office_db, p["sekcam"], 2026, values | {"reviewed_on": TODAY +
                                                             dt.timedelta(days=1)}, now=later)
    assert reviu.current(office_db, 2026) is None   # nothing saved
    r = reviu.record(office_db, p["sekcam"], 2026, values, now=later)
    assert (r.reviewer, r.reviewed_on, r.version, r.recorded_by) == (
        "Yenni Marlina", TODAY, 1, p["sekcam"].name)
    assert "reviu_belum" not in {i.code for i in readiness.check(office_db, 2026).items}
    assert events.list_events(office_db, action_prefix="reviu.catat")[-1]["year"] == 2026


# ------------------------------------------------------------------ settings
def test_label_sets_and_settings_validation(office_db, p):
    assert labels.labels_for("standar")[0] == "Sangat Baik"
    assert labels.labels_for("permendagri86") == ("Sangat Tinggi", "Tinggi", "Sedang",
                                                  "Rendah", "Sangat Rendah")
    assert labels.scale_for("permendagri86")[-1][1] == "Sangat Rendah"
    assert office.get_setting(office_db, "lkjip_label_set") == "standar"
    assert office.get_setting(office_db, "reviu_required") is False
    assert office.get_setting(office_db, "report_title") == "LKjIP"   # a new install
    with pytest.raises(ValidationError, match="Set label predikat harus salah satu"):
        office.set_settings(office_db, p["admin"], {"lkjip_label_set": "tinggi-rendah",
                                                    "capaian_cap": True})
    assert office.get_setting(office_db, "capaian_cap") is False   # nothing saved
    with pytest.raises(ValidationError, match="ya atau tidak"):
        office.set_setting(office_db, p["admin"], "reviu_required", "1")
    office.set_setting(office_db, p["admin"], "lkjip_label_set", "permendagri86")
    from lib.lkjip import settings
    assert settings.predicate_labels(office_db)[0] == "Sangat Tinggi"


# ------------------------------------------------------------------ CLI
def test_check_lkjip_command(office_db, capsys):
    from lib import cli

    assert cli.main(["check-lkjip", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Kesiapan LKjIP 2025: 0 butir wajib, 0 saran" in out and "[WAJIB]" not in out
    assert "kriteria LKE 3.b terpenuhi 100%" in out
    assert cli.main(["check-lkjip", "--year", "2026"]) == 1
    lines = capsys.readouterr().out.splitlines()
    wajib = [x for x in lines if x.startswith("[WAJIB]")]
    assert len(wajib) == 2 and "SS3" in wajib[0] and "SS5" in wajib[1]
    assert all("(oleh Kasubbag PEP)" in x for x in wajib)
    assert any(x.startswith("[saran] Pernyataan Telah Direviu") for x in lines)


# ------------------------------------------------------------------ migration m009
def test_m009_moves_text_keyed_analyses_to_the_sasaran_identity(tmp_path):
    db = connect(tmp_path / "old.db")
    core.apply(db, stop_before="m009_lkjip_analyses_reviu")
    db.execute("INSERT INTO profile (id, pemerintah, kecamatan) VALUES (1, 'Pemkab', 'Kec')")
    db.execute("INSERT INTO units (id, code, name) VALUES (1, 'pem', 'Seksi Pemerintahan')")
    db.execute("INSERT INTO renstra_periods (id, start_year, end_year, visi) "
               "VALUES (1, 2021, 2026, 'V')")
    db.execute("INSERT INTO renstra_sasaran (id, period_id, kode, text) VALUES "
               "(7, 1, 'SS1', 'Meningkatnya  kualitas pemerintahan')")
    db.execute("INSERT INTO indicators (year, unit_id, sasaran, indikator, target, sasaran_id) "
               "VALUES (2025, 1, 'Meningkatnya kualitas pemerintahan', 'Ind', '1', 7)")
    for section, text in (("analisis:penghambat:Meningkatnya kualitas pemerintahan", "Hambat"),
                          ("analisis:upaya:meningkatnya kualitas pemerintahan", "Upaya"),
                          ("analisis:upaya:Sasaran yang sudah tidak ada", "Tetap"),
                          ("kata_pengantar", "Kata")):
        db.execute("INSERT INTO narratives (year, section, text, rev) VALUES (2025, ?, ?, 1)",
                   [section, text])
    core.apply(db)
    a = analyses.for_year(db, 2025)[7]
    assert (a.pendukung, a.penghambat, a.upaya) == ("", "Hambat", "Upaya")
    left = {r[0] for r in db.execute("SELECT section FROM narratives").fetchall()}
    assert left == {"analisis:upaya:Sasaran yang sudah tidak ada", "kata_pengantar"}
    assert office.get_setting(db, "report_title") == "LAKIP"   # an existing office keeps it


# ------------------------------------------------------------------ pages
def test_penyusunan_shows_readiness_and_saves_an_analysis(office_db, p):
    at = login_as("pep")
    at.switch_page("pages/penyusunan.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="penyusunan.tahun").set_value(2026).run()
    assert at.title[0].value == "Penyusunan LKjIP"
    heads = [e.label for e in at.expander]
    assert any(h.startswith("Kesiapan LKjIP 2026: 2 butir wajib, 1 saran") for h in heads)
    sid = _sid(office_db, 2026, "SS5")
    for k, v in (("pendukung", "Loket tambahan"), ("penghambat", "Ruang tunggu sempit"),
                 ("upaya", "Menata ruang pelayanan")):
        at.text_area(key=f"penyusunan.2026.analisis.{sid}.{k}").input(v)
    form_button = next(b for b in at.button if b.label == "Simpan analisis"
                       and f"analisis.{sid}" in str(b.form_id))
    form_button.click().run()
    assert not at.exception, at.exception
    a = analyses.get(office_db, 2026, sid)
    assert (a.pendukung, a.upaya) == ("Loket tambahan", "Menata ruang pelayanan")
    assert any(h.startswith("Kesiapan LKjIP 2026: 1 butir wajib") for h in
               [e.label for e in at.expander])


def test_penyusunan_refuses_a_too_long_analysis_with_a_message(office_db, p):
    at = login_as("pep")
    at.switch_page("pages/penyusunan.py").run()
    at.selectbox(key="penyusunan.tahun").set_value(2026).run()
    sid = _sid(office_db, 2026, "SS3")
    at.text_area(key=f"penyusunan.2026.analisis.{sid}.upaya").input("y" * 4500)
    next(b for b in at.button if b.label == "Simpan analisis"
         and f"analisis.{sid}" in str(b.form_id)).click().run()
    assert not at.exception, at.exception
    assert any("Upaya perbaikan terlalu panjang" in e.value for e in at.error)
    assert analyses.get(office_db, 2026, sid).rev == 0


def test_reviu_page_and_persetujuan_show_the_readiness(office_db, p):
    at = login_as("sekcam")
    at.switch_page("pages/reviu.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="reviu.tahun").set_value(2026).run()
    assert at.title[0].value == "Reviu LKjIP"
    assert any("setelah draft diterima Sekcam" in i.value for i in at.info)
    at.selectbox(key="reviu.tahun").set_value(2025).run()
    assert any("Sudah direviu" in m.value for m in at.markdown)


def test_admin_saves_the_label_set(office_db, p):
    at = login_as("admin")
    at.switch_page("pages/admin_profil.py").run()
    assert not at.exception, at.exception
    at.selectbox(key="admin.profil.lkjip_label_set").set_value("permendagri86")
    at.checkbox(key="admin.profil.reviu_required").check()
    next(b for b in at.button if b.label == "Simpan pengaturan").click().run()
    assert not at.exception, at.exception
    assert office.get_setting(office_db, "lkjip_label_set") == "permendagri86"
    assert office.get_setting(office_db, "reviu_required") is True
