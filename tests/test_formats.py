"""lib.format (master, unit_form, workbook, review, rekap) on a real SQLite file: master,
the unit's form, submission checks, review, rekap (capaian for every kind of indicator) and
the Excel import/export."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from lib import clock, cycles, events
from lib.format import master, rekap, review, store, unit_form, workbook
from lib.errors import Conflict, PermissionDenied, StateError, ValidationError
from tests import workbooks
from lib.services import workflow

YEAR = 2026
T0 = dt.datetime(2027, 1, 11, 8, 0, tzinfo=clock.TZ)
S1 = "Meningkatnya kualitas penyelenggaraan pemerintahan"
S2 = "Meningkatnya kesejahteraan sosial"


def add_master(db, sekcam, unit="pem", **kw):
    values = {"sasaran": S1, "indikator": "Indikator", "target": "100%", "unit": unit} | kw
    return master.save_master_row(db, sekcam, YEAR, values, now=T0)


def start_cycle(db, people, year=YEAR):
    """Steps 1 and 2: the units' forms are open."""
    workflow.start_cycle(db, people["camat"], year, use_register=True, now=T0)
    workflow.complete_step(db, people["sekcam"], year, 2,
                           {"tanggal": "2027-01-11", "peserta": "Kasi dan Kasubbag",
                            "format_diserahkan": True}, now=T0)


def submit_all(db, people, year=YEAR, now=T0):
    for code in ("pem", "pmd", "kesos", "trantib", "pelayanan", "umum"):
        state = unit_form.unit_status(db, year, code)["state"]
        if state in ("belum_mulai", "draft", "dikembalikan"):
            workflow.submit_unit(db, people[code], year, code, now=now)


def himpun(db, people, year=YEAR, now=T0):
    cycle = cycles.get_cycle(db, year)
    no = cycles.definition(db, cycle).step_of_kind("himpun").no
    workflow.complete_step(db, people["jf"], year, no, {"catatan": ""}, now=now)


# ------------------------------------------------------------------ master
def test_master_row_saved_with_capaian_and_numbering(demo_db, people):
    db, sek = demo_db, people["sekcam"]
    a = add_master(db, sek, indikator="Persentase profil nagari", target="90 %", satuan="%")
    b = add_master(db, sek, indikator="Jumlah KTP-el", target="1.250 orang")
    c = add_master(db, sek, sasaran=S2, indikator="Nilai SAKIP", target="BB", unit="pem")
    rows = store.list_rows(db, YEAR, "pem")
    assert [r["id"] for r in rows] == [a, b, c]
    assert [r["no"] for r in rows] == ["1", "1", "2"]
    assert [r["baris"] for r in rows] == [1, 2, 3]
    assert rows[1]["satuan"] == "orang"  # taken from the target when not given
    assert rows[0]["capaian_status"] == "belum_diisi" and rows[0]["capaian"] is None
    assert rows[0]["yang_membidangi"] == "Kasi Pemerintahan"
    ev = events.list_events(db, year=YEAR, action_prefix="master.tambah")
    assert len(ev) == 3 and ev[0]["unit_code"] == "pem"


def test_master_validation_and_permissions(demo_db, people):
    db = demo_db
    with pytest.raises(ValidationError) as err:
        add_master(db, people["sekcam"], indikator="", target="1.25")
    text = str(err.value)
    assert "Indikator Kinerja wajib diisi" in text and "meragukan" in text
    with pytest.raises(ValidationError, match="Unit"):
        add_master(db, people["sekcam"], unit="tidak-ada")
    with pytest.raises(ValidationError, match="Polaritas"):
        add_master(db, people["sekcam"], polarity="naik")
    with pytest.raises(PermissionDenied):
        add_master(db, people["pem"])
    assert store.list_rows(db, YEAR) == []


def test_delete_only_rows_without_realisasi(demo_db, people):
    db, sek = demo_db, people["sekcam"]
    a, b = add_master(db, sek), add_master(db, sek, indikator="Dua")
    rev = store.form_rev(db, YEAR, "pem")
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem", {a: {"realisasi": "80%"}}, rev,
                             now=T0)
    with pytest.raises(StateError, match="realisasi"):
        master.delete_master_row(db, sek, a)
    master.delete_master_row(db, sek, b)
    assert [r["id"] for r in store.list_rows(db, YEAR)] == [a]


def test_copy_from_last_year(demo_db, people):
    db, sek = demo_db, people["sekcam"]
    master.save_master_row(db, sek, YEAR - 1, {
        "sasaran": S1, "indikator": "Indeks kepuasan", "target": "80", "satuan": "indeks",
        "unit": "pelayanan", "is_iku": True, "renstra_target": "85", "program": "Program X",
        "sumber_data": "Survei", "history": {"2024": "75"}}, now=T0)
    rid = store.list_rows(db, YEAR - 1)[0]["id"]
    rev = store.form_rev(db, YEAR - 1, "pelayanan")
    unit_form.save_unit_form(db, people["pelayanan"], YEAR - 1, "pelayanan",
                             {rid: {"realisasi": "82", "ket": "catatan lama"}}, rev, now=T0)
    assert master.copy_from_last_year(db, sek, YEAR, now=T0) == 1
    new = store.list_rows(db, YEAR)[0]
    assert (new["indikator"], new["target"], new["satuan"], new["is_iku"]) == \
        ("Indeks kepuasan", "80", "indeks", True)
    assert new["realisasi"] == "" and new["ket"] == "" and new["origin"] == "master"
    assert new["history"] == {"2024": "75", "2025": "82"}
    with pytest.raises(StateError, match="sudah memiliki"):
        master.copy_from_last_year(db, sek, YEAR)
    with pytest.raises(Exception, match="belum memiliki"):
        master.copy_from_last_year(db, sek, 2030)


# ------------------------------------------------------------------ unit form
def test_unit_saves_and_unreadable_is_flagged_not_blocking(demo_db, people):
    db = demo_db
    a = add_master(db, people["sekcam"], target="100%")
    b = add_master(db, people["sekcam"], indikator="Jumlah", target="12 dokumen")
    rev = store.form_rev(db, YEAR, "pem")
    new = unit_form.save_unit_form(db, people["pem"], YEAR, "pem",
                                   {a: {"realisasi": "85,5 %", "sumber_data": "Laporan"},
                                    b: {"realisasi": "1.25", "ket": "cek"}}, rev, now=T0)
    assert new == rev + 1
    rows = {r["id"]: r for r in store.list_rows(db, YEAR, "pem")}
    assert rows[a]["realisasi"] == "85,5 %" and rows[a]["capaian"] == pytest.approx(85.5)
    assert rows[b]["realisasi"] == "1.25"  # kept as typed
    assert "meragukan" in rows[b]["realisasi_error"]
    problems = unit_form.form_problems(db, YEAR, "pem")
    assert len(problems) == 1 and problems[0].text.startswith("Baris 2 (Jumlah)")
    assert problems[0].kind == "tak_terbaca"


def test_unit_form_rejects_bad_edits(demo_db, people):
    db = demo_db
    a = add_master(db, people["sekcam"])
    other = add_master(db, people["sekcam"], unit="kesos")
    rev = store.form_rev(db, YEAR, "pem")
    with pytest.raises(ValidationError) as err:
        unit_form.save_unit_form(db, people["pem"], YEAR, "pem",
                                 {a: {"target": "50%"}, other: {"realisasi": "1"}}, rev)
    assert "tidak dapat diubah oleh unit" in str(err.value.problems)
    assert "bukan milik format unit pem" in " ".join(err.value.problems)
    with pytest.raises(PermissionDenied):
        unit_form.save_unit_form(db, people["kesos"], YEAR, "pem", {a: {"realisasi": "1"}}, rev)
    assert store.form_rev(db, YEAR, "pem") == rev
    assert store.list_rows(db, YEAR, "pem")[0]["realisasi"] == ""


def test_add_unit_row(demo_db, people):
    db = demo_db
    rid = unit_form.add_unit_row(db, people["kesos"], YEAR, "kesos",
                                 {"sasaran": S2, "indikator": "Bantuan tepat sasaran",
                                  "target": "100%", "realisasi": "90%"}, now=T0)
    row = store.get_row(db, rid)
    assert row["origin"] == "unit" and row["capaian"] == pytest.approx(90.0)
    assert row["unit_code"] == "kesos"
    with pytest.raises(PermissionDenied):
        unit_form.add_unit_row(db, people["pem"], YEAR, "kesos",
                               {"sasaran": S2, "indikator": "X", "target": "1"})


def test_submission_blocked_by_unreadable_and_empty_then_allowed(demo_db, people):
    db = demo_db
    a = add_master(db, people["sekcam"])
    b = add_master(db, people["sekcam"], indikator="Dua", target="5 kegiatan")
    start_cycle(db, people)
    pem = people["pem"]
    rev = store.form_rev(db, YEAR, "pem")
    rev = unit_form.save_unit_form(db, pem, YEAR, "pem", {a: {"realisasi": "sekitar 90"}}, rev,
                                   now=T0)
    assert unit_form.unit_status(db, YEAR, "pem")["state"] == "draft"
    with pytest.raises(ValidationError) as err:
        workflow.submit_unit(db, pem, YEAR, "pem", now=T0)
    assert any("Baris 1" in p and "tidak dapat dihitung" in p for p in err.value.problems)
    assert any("Baris 2" in p and "belum diisi" in p for p in err.value.problems)
    assert unit_form.unit_status(db, YEAR, "pem")["state"] == "draft"
    unit_form.save_unit_form(db, pem, YEAR, "pem",
                             {a: {"realisasi": "90%"}, b: {"belum_berjalan": True}}, rev, now=T0)
    workflow.submit_unit(db, pem, YEAR, "pem", now=T0)
    st = unit_form.unit_status(db, YEAR, "pem")
    assert st["state"] == "dikirim" and not st["editable"]
    with pytest.raises(StateError, match="sudah dikirim"):
        unit_form.save_unit_form(db, pem, YEAR, "pem", {a: {"realisasi": "95%"}},
                                 store.form_rev(db, YEAR, "pem"))


def test_review_return_comments_visible_and_correction_recorded(demo_db, people):
    db, sek = demo_db, people["sekcam"]
    a = add_master(db, sek, target="100%")
    start_cycle(db, people)
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem", {a: {"realisasi": "80%"}},
                             store.form_rev(db, YEAR, "pem"), now=T0)
    submit_all(db, people)
    himpun(db, people)
    assert "pem" in review.reviewable_units(db, YEAR)
    review.add_comment(db, sek, a, "Lampirkan laporan triwulan IV.", now=T0)
    review.correct_cell(db, sek, a, "realisasi", "82%", "Salah ketik, sesuai laporan", now=T0)
    ev = events.list_events(db, year=YEAR, action_prefix="format.koreksi")
    details = json.loads(ev[-1]["details"])
    assert (details["lama"], details["baru"], ev[-1]["reason"]) == \
        ("80%", "82%", "Salah ketik, sesuai laporan")
    with pytest.raises(ValidationError, match="Alasan"):
        review.correct_cell(db, sek, a, "realisasi", "83%", "")
    with pytest.raises(PermissionDenied):
        review.add_comment(db, people["pem"], a, "x")
    with pytest.raises(ValidationError, match="Alasan pengembalian"):
        workflow.review_unit(db, sek, YEAR, "pem", "kembalikan", "")
    workflow.review_unit(db, sek, YEAR, "pem", "kembalikan", "Bukti belum lengkap", now=T0)
    # what the unit sees
    st = unit_form.unit_status(db, YEAR, "pem")
    assert st["state"] == "dikembalikan" and st["reason"] == "Bukti belum lengkap"
    assert st["editable"]
    comments = review.list_comments(db, YEAR, "pem", open_only=True)
    assert [(c["baris"], c["text"]) for c in comments] == [(1, "Lampirkan laporan triwulan IV.")]
    assert store.get_row(db, a)["realisasi"] == "82%"
    # the others can be accepted
    workflow.review_unit(db, sek, YEAR, "kesos", "terima", now=T0)
    assert unit_form.unit_status(db, YEAR, "kesos")["state"] == "diterima"


# ------------------------------------------------------------------ rekap
REKAP_CASES = [
    # indikator, target, realisasi, polarity, satuan, belum, expected capaian, status
    ("positif", "80%", "60%", "positif", "%", False, 75.0, "ok"),
    ("di atas 100", "50 dokumen", "60 dokumen", "positif", "dokumen", False, 120.0, "ok"),
    ("negatif", "10 kasus", "8 kasus", "negatif", "kasus", False, 120.0, "ok"),
    ("negatif lantai", "10 kasus", "25 kasus", "negatif", "kasus", False, 0.0, "ok"),
    ("predikat", "BB (80)", "B (64)", "positif", "", False, 80.0, "ok"),   # from the scores
    ("ada/tidak", "Ada", "Tidak ada", "positif", "", False, 0.0, "ok"),
    ("target nol", "0", "5", "positif", "", False, None, "tidak_dapat_dihitung"),
    ("satuan beda", "12 dokumen", "12 orang", "positif", "", False, None,
     "tidak_dapat_dihitung"),
    ("belum berjalan", "100%", "", "positif", "%", True, None, "belum_berjalan"),
    ("kosong", "100%", "", "positif", "%", False, None, "belum_diisi"),
]


def _rekap_fixture(db, people):
    sek = people["sekcam"]
    for i, (ind, t, r, pol, sat, belum, _, _) in enumerate(REKAP_CASES):
        sas = S1 if i < 5 else S2
        unit = "pem" if i % 2 == 0 else "kesos"
        rid = master.save_master_row(db, sek, YEAR, {"sasaran": sas, "indikator": ind,
                                                       "target": t, "polarity": pol,
                                                       "satuan": sat, "unit": unit}, now=T0)
        edits = {rid: {"realisasi": r, "belum_berjalan": belum}}
        unit_form.save_unit_form(db, people[unit], YEAR, unit, edits,
                                 store.form_rev(db, YEAR, unit), now=T0)


def test_rekap_capaian_for_every_kind(demo_db, people):
    db = demo_db
    _rekap_fixture(db, people)
    r = rekap.rekap(db, YEAR)
    by_ind = {row["indikator"]: row for row in r.rows}
    for ind, *_, expected, status in REKAP_CASES:
        row = by_ind[ind]
        assert row["capaian_status"] == status, ind
        if expected is None:
            assert row["capaian"] is None, ind
        else:
            assert row["capaian"] == pytest.approx(expected), ind
    assert by_ind["predikat"]["predikat"] == "Baik"           # 80 %
    assert by_ind["negatif lantai"]["predikat"] == "Sangat Kurang"
    assert "pembagian dengan nol" in by_ind["target nol"]["alasan"]
    assert "berbeda" in by_ind["satuan beda"]["alasan"]
    # grouped by sasaran even though units alternate
    assert [row["sasaran_grup"] for row in r.rows] == [S1] * 5 + [S2] * 5
    s1, s2 = r.summary.sasaran
    assert s1.average == pytest.approx((75 + 120 + 120 + 0 + 80) / 5)   # 79
    assert s1.predikat == "Baik" and s1.counted == 5
    assert s2.average == pytest.approx(0.0) and s2.counted == 1 and s2.total == 5
    assert {e.indikator for e in s2.excluded} == {"target nol", "satuan beda", "belum berjalan",
                                                  "kosong"}
    assert r.summary.average == pytest.approx((75 + 120 + 120 + 0 + 80 + 0) / 6)


def test_rekap_cap_setting_and_exports(demo_db, people):
    db = demo_db
    _rekap_fixture(db, people)
    db["settings"].upsert({"key": "capaian_cap", "value": "true"}, pk="key")
    r = rekap.rekap(db, YEAR)
    assert r.cap and r.summary.sasaran[0].average == pytest.approx((75 + 100 + 100 + 0 + 80) / 5)
    wb = load_workbook(io.BytesIO(rekap.export_rekap(db, YEAR, "xlsx")))
    ws = wb["Rekap"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["No", "Sasaran Strategis", "Indikator Kinerja"]
    cap_col = header.index("Capaian (%)")
    values = {row[2]: row[cap_col] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert values["di atas 100"] == pytest.approx(120.0)  # per row: uncapped
    assert values["kosong"] is None
    avg = list(wb["Rata-rata Sasaran"].iter_rows(min_row=2, values_only=True))
    assert avg[0][0] == S1 and avg[0][2] == pytest.approx(71.0)  # capped average
    csv = rekap.export_rekap(db, YEAR, "csv").decode("utf-8-sig")
    assert "120,00" in csv and "Kegiatan belum berjalan" in csv


# ------------------------------------------------------------------ Excel
def test_export_blank_and_filled_then_unit_import_roundtrip(demo_db, people):
    db = demo_db
    a = add_master(db, people["sekcam"], target="100%", program="Program A")
    b = add_master(db, people["sekcam"], indikator="Jumlah", target="12 dokumen")
    blank = load_workbook(io.BytesIO(workbook.export_unit_xlsx(db, YEAR, "pem", blank=True)))
    ws = blank.active
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Seksi Pemerintahan" in texts and "Realisasi/ Progres Capaian" in texts
    # fill it as a Kasi would in Excel
    header_row = next(r for r in range(1, 15) if ws.cell(r, 2).value == "Sasaran Strategis")
    ws.cell(header_row + 2, 5).value = "95%"
    ws.cell(header_row + 3, 5).value = "10 dokumen"
    ws.cell(header_row + 3, 4).value = "15 dokumen"   # a changed target
    buf = io.BytesIO()
    blank.save(buf)
    pv = workbook.preview_import(db, people["pem"], YEAR, buf.getvalue(), "pem")
    assert pv.mode == "unit" and pv.ok and pv.counts()["ubah"] == 2
    assert any("berbeda dengan target PK" in w for w in pv.rows[1].warnings)
    result = workbook.apply_import(db, people["pem"], pv, now=T0)
    assert result["ubah"] == 2
    rows = {r["id"]: r for r in store.list_rows(db, YEAR, "pem")}
    assert rows[a]["realisasi"] == "95%" and rows[b]["realisasi"] == "10 dokumen"
    assert rows[b]["target"] == "12 dokumen" and "15 dokumen" in rows[b]["target_flag"]
    filled = load_workbook(io.BytesIO(workbook.export_unit_xlsx(db, YEAR, "pem")))
    vals = [c for row in filled.active.iter_rows(values_only=True) for c in row if c]
    assert "95%" in vals


def test_master_import_of_messy_workbook_before_cycle(demo_db, people):
    db = demo_db
    pv = workbook.preview_import(db, people["sekcam"], YEAR, workbooks.titled_merged_percent())
    assert pv.mode == "master" and pv.unknown_units == []
    assert pv.ok, pv.blocking
    assert pv.counts()["tambah"] == 4
    assert {r.unit_code for r in pv.rows} == {"pem"}
    workbook.apply_import(db, people["sekcam"], pv, now=T0)
    rows = store.list_rows(db, YEAR, "pem")
    assert [r["indikator"] for r in rows][:2] == ["Persentase nagari dengan profil lengkap",
                                                  "Jumlah penduduk ber-KTP-el"]
    assert rows[0]["target"] == "90%" and rows[0]["realisasi"] == "85,5%"
    assert rows[0]["capaian"] == pytest.approx(95.0)
    # B against BB without scores: not reached, no percentage (DOMAIN.md §6)
    assert (rows[2]["capaian"], rows[2]["capaian_status"], rows[2]["tercapai"]) == (None, "ok", False)
    assert rows[1]["sasaran"] == rows[0]["sasaran"]      # merged cell carried down


def test_import_problems_unknown_units_and_locked_forms(demo_db, people):
    db = demo_db
    pv = workbook.preview_import(db, people["sekcam"], YEAR, workbooks.header_variations())
    assert not pv.ok
    assert pv.unknown_units == ["Kasi Kesos"]
    blocking = " ".join(pv.blocking)
    assert "Sasaran Strategis kosong" in blocking and "Polaritas 'naik'" in blocking
    with pytest.raises(ValidationError, match="Impor dibatalkan"):
        workbook.apply_import(db, people["sekcam"], pv)
    assert store.list_rows(db, YEAR) == []
    # a submitted form is never overwritten
    add_master(db, people["sekcam"], indikator="Persentase nagari dengan profil lengkap")
    start_cycle(db, people)
    rid = store.list_rows(db, YEAR, "pem")[0]["id"]
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem", {rid: {"realisasi": "90%"}},
                             store.form_rev(db, YEAR, "pem"), now=T0)
    workflow.submit_unit(db, people["pem"], YEAR, "pem", now=T0)
    pv = workbook.preview_import(db, people["sekcam"], YEAR, workbooks.titled_merged_percent())
    assert any("tidak dapat ditimpa" in p for p in pv.blocking)


def test_unknown_yang_membidangi_listed(demo_db, people):
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
               "Realisasi/ Progres Capaian", "Program/Kegiatan/ Sub Kegiatan", "Sumber Data",
               "Yang membidangi", "Ket"])
    ws.append([1, S1, "A", "100%", "90%", "", "", "Kasi Pemerintahan", ""])
    ws.append([2, S1, "B", "100%", "90%", "", "", "Seksi Perikanan", ""])
    ws.append([3, S1, "C", "100%", "90%", "", "", "Seksi Perikanan", ""])
    buf = io.BytesIO()
    wb.save(buf)
    pv = workbook.preview_import(demo_db, people["sekcam"], YEAR, buf.getvalue())
    assert pv.unknown_units == ["Seksi Perikanan"]
    assert [bool(r.problems) for r in pv.rows] == [False, True, True]


@pytest.mark.slow
def test_import_ten_thousand_rows(demo_db, people, monkeypatch):
    # 10.000 rows parse in ~3,3 s on an idle 2-core machine, near the 4,5 s limit of the
    # worker (lib.sandbox); on a shared, busy machine they pass it. The limit is tested in
    # tests/test_upload_bounds.py; here only what 10.000 rows give.
    from lib import excel

    monkeypatch.setattr(excel, "PARSE_TIMEOUT_S", 120)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
               "Realisasi/ Progres Capaian", "Program/Kegiatan/ Sub Kegiatan", "Sumber Data",
               "Yang membidangi", "Ket"])
    for i in range(10_000):
        ws.append([i + 1, f"Sasaran {i // 10}", f"Indikator {i}", "100%", f"{i % 100}%", "", "",
                   "Kasi Pelayanan Publik", ""])
    buf = io.BytesIO()
    wb.save(buf)
    pv = workbook.preview_import(demo_db, people["sekcam"], YEAR, buf.getvalue())
    assert pv.ok and len(pv.rows) == 10_000
    assert workbook.apply_import(demo_db, people["sekcam"], pv, now=T0)["tambah"] == 10_000
    assert demo_db.execute("SELECT COUNT(*) FROM indicators WHERE year=?",
                           [YEAR]).fetchone()[0] == 10_000


def test_stale_preview_refused(demo_db, people):
    db = demo_db
    a = add_master(db, people["sekcam"], indikator="Persentase nagari dengan profil lengkap")
    pv = workbook.preview_import(db, people["sekcam"], YEAR, workbooks.titled_merged_percent())
    unit_form.save_unit_form(db, people["pem"], YEAR, "pem", {a: {"realisasi": "1%"}},
                             store.form_rev(db, YEAR, "pem"), now=T0)
    with pytest.raises(Conflict, match="Afrizal"):
        workbook.apply_import(db, people["sekcam"], pv)
    assert len(store.list_rows(db, YEAR)) == 1


def test_cli_import_and_export_rekap(demo_db, tmp_path, capsys):
    from lib import cli

    src = tmp_path / "format.xlsx"
    src.write_bytes(workbooks.titled_merged_percent())
    assert cli.main(["import-format", str(src), "--year", str(YEAR)]) == 0
    assert len(store.list_rows(demo_db, YEAR, "pem")) == 4
    out = tmp_path / "rekap.xlsx"
    assert cli.main(["export-rekap", "--year", str(YEAR), "--out", str(out)]) == 0
    ws = load_workbook(out)["Rekap"]
    assert ws.max_row == 5
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbooks.header_variations())
    assert cli.main(["import-format", str(bad), "--year", str(YEAR)]) == 1
    assert "Impor dibatalkan" in capsys.readouterr().err
    assert len(store.list_rows(demo_db, YEAR)) == 4
