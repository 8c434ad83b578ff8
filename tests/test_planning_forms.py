"""How the planning facts reach the nine-column forms (issue #13): targets locked
by the PK in force, column 6 matched to the year's programmes by exact text in the
Excel import (unmatched texts resolved by the importing user, never guessed),
"Salin dari tahun lalu" carrying the links, and the efficiency of Bab III B
computed by programme identity."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from lib import demo
from lib.format import master, review, store, workbook
from lib.services import documents
from lib.errors import PermissionDenied, ValidationError
from lib.planning import links, pk, programs, renstra

YEAR = 2026
T0 = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
HEADER = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi/ Progres Capaian",
          "Program/Kegiatan/ Sub Kegiatan", "Sumber Data", "Yang membidangi", "Ket"]


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, (indikator, target, program, unit) in enumerate(rows, 1):
        ws.append([i, "Meningkatnya kualitas pemerintahan", indikator, target, "", program,
                   "Laporan", unit, ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def listed(demo_db, people):
    db, sekcam = demo_db, people["sekcam"]
    a = programs.save_program(db, sekcam, YEAR, {"code": "7.01.02", "name": "Program "
                              "Penyelenggaraan Pemerintahan dan Pelayanan Publik", "pagu": 1})
    b = programs.save_program(db, sekcam, YEAR, {"code": "7.01.04", "name": "Program "
                              "Koordinasi Ketentraman dan Ketertiban Umum", "pagu": 1})
    return a, b


def test_import_matches_column_6_exactly_and_the_user_resolves_the_rest(demo_db, people, listed):
    db, sekcam = demo_db, people["sekcam"]
    a, b = listed
    data = _xlsx([("Persentase nagari tertib", "100%",
                   "  program penyelenggaraan pemerintahan dan PELAYANAN publik", "pem"),
                  ("Jumlah kejadian", "12 kejadian", "Program Ketentraman dan Ketertiban Umum",
                   "trantib"),
                  ("Jumlah linmas", "2 kali", "Program Linmas Baru", "trantib")])
    pv = workbook.preview_import(db, sekcam, YEAR, data)
    assert pv.ok, pv.blocking
    assert pv.unmatched_programs == ["Program Ketentraman dan Ketertiban Umum",
                                     "Program Linmas Baru"]
    # nothing is linked by guessing: unresolved texts refuse the import, nothing saved
    with pytest.raises(ValidationError, match="Program di kolom 6 belum dipilih"):
        workbook.apply_import(db, sekcam, pv, now=T0)
    assert store.list_rows(db, YEAR) == []
    with pytest.raises(ValidationError, match="belum dipilih.*Program Linmas Baru"):
        workbook.apply_import(db, sekcam, pv, now=T0,
                             program_choices={"Program Ketentraman dan Ketertiban Umum": b})
    assert store.list_rows(db, YEAR) == []
    # every text resolved: a programme picked, one created from the text
    workbook.apply_import(db, sekcam, pv, now=T0, program_choices={
        "Program Ketentraman dan Ketertiban Umum": b, "Program Linmas Baru": links.NEW})
    rows = {r["indikator"]: r for r in store.list_rows(db, YEAR)}
    assert rows["Persentase nagari tertib"]["program_id"] == a
    assert rows["Persentase nagari tertib"]["program"] == \
        "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"
    assert (rows["Jumlah kejadian"]["program_id"], rows["Jumlah kejadian"]["program"]) == \
        (b, "Program Koordinasi Ketentraman dan Ketertiban Umum")
    new = [p for p in programs.list_programs(db, YEAR) if p.name == "Program Linmas Baru"]
    assert len(new) == 1 and rows["Jumlah linmas"]["program_id"] == new[0].id
    assert all(r["card_id"] for r in rows.values())


def test_a_unit_head_cannot_create_a_programme_through_the_import(demo_db, people, listed):
    db = demo_db
    master.save_master_row(db, people["sekcam"], YEAR, {
        "unit": "pem", "sasaran": "Meningkatnya kualitas pemerintahan",
        "indikator": "Persentase nagari tertib", "target": "100%"}, now=T0)
    pv = workbook.preview_import(db, people["pem"], YEAR, _xlsx([
        ("Jumlah baru", "1 dokumen", "Program Entah", "pem")]), "pem")
    assert pv.unmatched_programs == ["Program Entah"]
    with pytest.raises(PermissionDenied, match="tidak berhak membuat program baru"):
        workbook.apply_import(db, people["pem"], pv, now=T0,
                             program_choices={"Program Entah": links.NEW})
    assert [r["indikator"] for r in store.list_rows(db, YEAR, "pem")] == [
        "Persentase nagari tertib"]


def test_without_a_programme_list_column_6_is_kept_as_typed(demo_db, people):
    pv = workbook.preview_import(demo_db, people["sekcam"], YEAR, _xlsx([
        ("Persentase nagari tertib", "100%", "Program Apa Saja", "pem")]))
    assert pv.unmatched_programs == []
    workbook.apply_import(demo_db, people["sekcam"], pv, now=T0)
    row = store.list_rows(demo_db, YEAR)[0]
    assert (row["program"], row["program_id"]) == ("Program Apa Saja", None)


def test_target_is_locked_while_a_pk_is_in_force(demo_db, people, listed):
    db, sekcam = demo_db, people["sekcam"]
    values = {"unit": "pem", "sasaran": "Meningkatnya kualitas pemerintahan",
              "indikator": "Persentase nagari tertib", "target": "100%",
              "program": "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"}
    rid = master.save_master_row(db, sekcam, YEAR, values, now=T0)
    assert store.get_row(db, rid)["program_id"] == listed[0]    # linked by exact name
    pk.create_first(db, sekcam, YEAR, dt.date(2026, 1, 31), now=T0)
    with pytest.raises(ValidationError, match="revisi Perjanjian Kinerja"):
        master.save_master_row(db, sekcam, YEAR, {**values, "target": "95%"}, row_id=rid)
    with pytest.raises(ValidationError, match="revisi Perjanjian Kinerja"):
        review.correct_cell(db, sekcam, rid, "target", "95%", "salah ketik")
    assert store.get_row(db, rid)["target"] == "100%"
    # other master fields still change
    master.save_master_row(db, sekcam, YEAR, {**values, "sumber_data": "Register"},
                            row_id=rid, now=T0)
    assert store.get_row(db, rid)["sumber_data"] == "Register"
    pk.revise(db, sekcam, YEAR, alasan="prioritas", tanggal=dt.date(2026, 6, 1),
              targets={rid: "95%"})
    assert store.get_row(db, rid)["target"] == "95%"


def test_copy_from_last_year_carries_programmes_sasaran_and_cards(demo_db, people):
    db, sekcam = demo_db, people["sekcam"]
    prev = YEAR - 1
    pid = renstra.save_period(db, sekcam, {"start_year": 2021, "end_year": 2026, "visi": "V"})
    sid = renstra.save_sasaran(db, sekcam, pid, {"text": "Meningkatnya kualitas pemerintahan"})
    programs.save_program(db, sekcam, prev, {"name": "Program A", "pagu": 5})
    rid = master.save_master_row(db, sekcam, prev, {
        "unit": "pem", "sasaran": "Meningkatnya kualitas pemerintahan",
        "indikator": "Persentase nagari tertib", "target": "100%", "program": "program a"},
        now=T0)
    old = store.get_row(db, rid)
    assert old["sasaran_id"] == sid and old["program_id"] and old["card_id"]
    master.copy_from_last_year(db, sekcam, YEAR)
    new = store.list_rows(db, YEAR)[0]
    assert new["sasaran_id"] == sid and new["card_id"] == old["card_id"]
    assert new["program_id"] == programs.list_programs(db, YEAR)[0].id != old["program_id"]


def test_efficiency_is_computed_by_programme_identity(demo_db):
    demo.seed_history(demo_db, dt.date(2026, 11, 24))
    budget_rows = documents._budget_rows(demo_db, 2025, [])
    trantib = [b for b in budget_rows if "Ketentraman" in b.program][0]
    # the forms spelt it "Program Ketentraman dan Ketertiban Umum", the budget "Program
    # Koordinasi ..."; linked by identity, the programme has its capaian (efficiency)
    assert trantib.capaian is not None
    assert all(b.capaian is not None for b in budget_rows)
