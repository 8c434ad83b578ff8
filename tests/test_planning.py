"""The facts an LKjIP is written from (issue #13): programmes by identity and the
migration of existing offices, the Renstra's sasaran identities, indicator cards
with earlier years, Perjanjian Kinerja versions and their effect on the forms,
office facts and SDM. Real SQLite files, the real services."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from db import connect, migrate
from db.schema import core
from lib import clock, events, office, users
from lib.format import master as master_form, store, unit_form
from lib.lkjip import analyses as lkjip_analyses
from lib.services import workflow
from lib.errors import NotFound, PermissionDenied, StateError, ValidationError
from lib.planning import cards, facts, limits, pk, pk_paper, programs, renstra
from lib.users import OPERATOR

YEAR = 2026
T0 = dt.datetime(2026, 1, 12, 9, 0, tzinfo=clock.TZ)
PW = "Kantor2026guguak"


def _master(db, people, rows):
    ids = []
    for unit, sasaran, indikator, target, program in rows:
        ids.append(master_form.save_master_row(db, people["sekcam"], YEAR, {
            "unit": unit, "sasaran": sasaran, "indikator": indikator, "target": target,
            "program": program, "sumber_data": "Laporan"}, now=T0))
    return ids


ROWS = [
    ("pem", "Meningkatnya kualitas pemerintahan", "Persentase nagari tertib", "100%",
     "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"),
    ("pem", "Meningkatnya kualitas pemerintahan", "Jumlah pembinaan", "12 kali",
     "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"),
    ("trantib", "Meningkatnya ketentraman", "Jumlah kejadian gangguan", "12 kejadian",
     "Program Ketentraman dan Ketertiban Umum"),
]


@pytest.fixture
def master(demo_db, people):
    return _master(demo_db, people, ROWS)


# ------------------------------------------------------------------ migration
def test_migration_makes_programmes_of_existing_texts_and_links_exact_budget_rows(tmp_path):
    path = tmp_path / "perkin.db"
    db = connect(path)
    core.apply(db, stop_before="m007_planning_facts")   # an office from before #13
    office.seed_defaults(db)
    unit_ids = {u.code: u.id for u in office.list_units(db)}
    for i, (unit, program, indikator, hist) in enumerate([
            ("pem", "Program Penyelenggaraan Pemerintahan", "Nagari tertib", '{"2023": "80%"}'),
            ("pem", "  program penyelenggaraan   PEMERINTAHAN ", "Pembinaan", "{}"),
            ("trantib", "Program Ketentraman dan Ketertiban Umum", "Kejadian", "{}"),
            ("umum", "", "Arsip", "{}")]):
        db["indicators"].insert({"year": 2025, "unit_id": unit_ids[unit], "sort": i,
                                 "sasaran": "S", "indikator": indikator, "target": "1",
                                 "program": program, "history": hist})
    db["indicators"].insert({"year": 2024, "unit_id": unit_ids["pem"], "sort": 1,
                             "sasaran": "S", "indikator": "Nagari tertib", "target": "1",
                             "realisasi": "70%", "program": "Program Penyelenggaraan Pemerintahan"})
    db["budget"].insert_all([
        {"year": 2025, "sort": 1, "program": "PROGRAM PENYELENGGARAAN PEMERINTAHAN ",
         "pagu": 385_000_000, "realisasi": 1},
        {"year": 2025, "sort": 2, "program": "Program Koordinasi Ketentraman dan Ketertiban Umum",
         "pagu": 96_750_000, "realisasi": 1}])
    db.conn.close()

    db = connect(path)
    assert "perkin_core:m007_planning_facts" in migrate(db)
    progs = programs.list_programs(db, 2025)
    assert [(p.name, p.rows, p.budget_rows, p.pagu) for p in progs] == [
        ("Program Penyelenggaraan Pemerintahan", 2, 1, 385_000_000),
        ("Program Ketentraman dan Ketertiban Umum", 1, 0, 0)]
    assert [p.name for p in programs.list_programs(db, 2024)] == [
        "Program Penyelenggaraan Pemerintahan"]
    # the budget row spelt differently is not linked by guessing: it is listed for the admin
    assert [r["program"] for r in programs.unlinked_budget(db)] == [
        "Program Koordinasi Ketentraman dan Ketertiban Umum"]
    assert programs.unlinked_rows(db, 2025) == []
    # the admin resolves it by choosing the programme meant
    admin = users.create_user(db, None, username="admin", name="Admin", role="admin",
                              is_admin=True, password=PW, password2=PW, first_admin=True)
    budget_id = programs.unlinked_budget(db)[0]["id"]
    programs.link_budget_row(db, admin, budget_id, progs[1].id)
    assert programs.unlinked_budget(db) == []
    assert programs.list_programs(db, 2025)[1].budget_rows == 1
    assert db.execute("SELECT program FROM budget WHERE id = ?", [budget_id]).fetchone()[0] == \
        "Program Ketentraman dan Ketertiban Umum"
    # one card per indicator across years; the old earlier-realisasi map became card years
    card_ids = {r[0]: r[1] for r in db.execute("SELECT year, card_id FROM indicators WHERE "
                                               "indikator = 'Nagari tertib'")}
    assert card_ids[2024] == card_ids[2025]
    assert [(h["year"], h["realisasi"], h["sumber"]) for h in cards.history(db, card_ids[2025])] \
        == [(2023, "80%", "ketik"), (2024, "70%", "perkin"), (2025, "", "perkin")]
    assert migrate(db) == []


# ------------------------------------------------------------------ programmes
def test_programmes_by_identity(demo_db, people, master):
    db, sekcam = demo_db, people["sekcam"]
    a = programs.save_program(db, sekcam, YEAR, {"code": "7.01.02", "name": "Program "
                              "Penyelenggaraan Pemerintahan dan Pelayanan Publik",
                              "pagu": "Rp385.000.000"}, now=T0)
    b = programs.save_program(db, people["umum"], YEAR, {"name": "Program Koordinasi "
                              "Ketentraman dan Ketertiban Umum", "pagu": 96_750_000}, now=T0)
    assert programs.get_program(db, a).pagu == 385_000_000
    found, missing = programs.match(db, YEAR, [r[4] for r in ROWS] + ["", "  program "
                                    "PENYELENGGARAAN pemerintahan dan pelayanan publik "])
    assert set(found.values()) == {a}
    assert missing == ["Program Ketentraman dan Ketertiban Umum"]   # never guessed
    for rid in master:
        row = store.get_row(db, rid)
        pid = found.get(row["program"], b)
        programs.link_indicator_row(db, sekcam, rid, pid, now=T0)
    assert store.get_row(db, master[2])["program"] == \
        "Program Koordinasi Ketentraman dan Ketertiban Umum"
    # a rename reaches every row linked to the programme
    programs.save_program(db, sekcam, YEAR, {"code": "7.01.04", "name": "Program Trantibum",
                                             "pagu": 96_750_000}, program_id=b, now=T0)
    assert store.get_row(db, master[2])["program"] == "Program Trantibum"
    # bad input: negative pagu, duplicate name, deleting a programme rows point to
    with pytest.raises(ValidationError, match="tidak boleh negatif"):
        programs.save_program(db, sekcam, YEAR, {"name": "Program X", "pagu": -5})
    with pytest.raises(ValidationError, match="sudah ada"):
        programs.save_program(db, sekcam, YEAR, {"name": "program trantibum ", "pagu": 0})
    with pytest.raises(ValidationError, match="terlalu panjang"):
        programs.save_program(db, sekcam, YEAR, {"name": "P" * 501, "pagu": 0})
    with pytest.raises(StateError, match="masih dipakai oleh 1 baris formulir"):
        programs.delete_program(db, sekcam, b)
    assert programs.get_program(db, b).name == "Program Trantibum"
    # only the Sekcam and the Kasubbag Umum own the list
    with pytest.raises(PermissionDenied):
        programs.save_program(db, people["pem"], YEAR, {"name": "Program Y", "pagu": 0})
    c = programs.save_program(db, sekcam, YEAR, {"name": "Program Kosong", "pagu": 0})
    programs.delete_program(db, people["umum"], c)
    with pytest.raises(NotFound):
        programs.get_program(db, c)


# ------------------------------------------------------------------ Renstra
def test_sasaran_identity_survives_a_rename(demo_db, people, master):
    db, sekcam = demo_db, people["sekcam"]
    pid = renstra.save_period(db, sekcam, {"start_year": 2021, "end_year": 2026,
                                           "visi": "Visi", "misi": "Misi satu\nMisi dua",
                                           "tujuan": ["Tujuan"]}, now=T0)
    s1 = renstra.save_sasaran(db, sekcam, pid, {"text": "Meningkatnya kualitas pemerintahan"})
    assert renstra.get_sasaran(db, s1).kode == "SS1"
    result = renstra.link_year(db, sekcam, YEAR)
    assert result == {"tertaut": 2, "belum": ["Meningkatnya ketentraman"]}
    lkjip_analyses.save(db, people["pep"], YEAR, s1, {"penghambat": "Anggaran terbatas."},
                        expected_rev=0)
    renstra.save_sasaran(db, sekcam, pid, {"kode": "SS1", "text": "Meningkatnya kualitas "
                                           "penyelenggaraan pemerintahan kecamatan"},
                         sasaran_id=s1, now=T0)
    rows = [store.get_row(db, i) for i in master[:2]]
    assert {r["sasaran_id"] for r in rows} == {s1}
    assert {r["sasaran"] for r in rows} == {"Meningkatnya kualitas penyelenggaraan "
                                            "pemerintahan kecamatan"}
    # the analysis is keyed by the identity: the rename leaves it where it was
    assert lkjip_analyses.for_year(db, YEAR)[s1].penghambat == "Anggaran terbatas."
    # bad input
    with pytest.raises(ValidationError, match="bertumpang tindih"):
        renstra.save_period(db, sekcam, {"start_year": 2025, "end_year": 2030, "visi": "V"})
    p2 = renstra.save_period(db, sekcam, {"start_year": 2027, "end_year": 2031, "visi": "V"})
    s2 = renstra.save_sasaran(db, sekcam, p2, {"text": "Sasaran baru"})
    with pytest.raises(ValidationError, match="Tahun 2026 tidak termasuk Renstra 2027"):
        renstra.link_row(db, sekcam, master[2], s2)
    with pytest.raises(StateError, match="masih dirujuk 2 baris"):
        renstra.delete_sasaran(db, sekcam, s1)
    with pytest.raises(StateError, match="tidak dapat dipersempit"):
        renstra.save_period(db, sekcam, {"start_year": 2021, "end_year": 2025, "visi": "V"},
                            period_id=pid)
    with pytest.raises(PermissionDenied):
        renstra.save_sasaran(db, people["pem"], pid, {"text": "X"})


# ------------------------------------------------------------------ cards
def test_indicator_cards_and_earlier_years(demo_db, people, master):
    db, sekcam = demo_db, people["sekcam"]
    # every master row got its card when it was saved; "Salin" finds nothing left to link
    assert all(store.get_row(db, i)["card_id"] for i in master)
    assert cards.carry_from_last_year(db, sekcam, YEAR) == 0
    card = cards.card_of_row(db, master[0])
    assert card.indikator == "Persentase nagari tertib" and card.unit_code == "pem"
    values = {"definisi": "Nagari yang tertib", "formula": "a / b x 100%", "satuan": "%",
              "polarity": "positif", "sumber_data": "Laporan", "is_iku": True,
              "target_akhir": "100%", "target_akhir_tahun": 2026, "standar_jenis": "nasional",
              "standar_nilai": "90%", "standar_sumber": ""}
    with pytest.raises(ValidationError, match="wajib disertai sumbernya"):
        cards.save_card(db, sekcam, card.id, values)
    assert cards.get_card(db, card.id).standar_nilai == ""     # nothing saved
    cards.save_card(db, sekcam, card.id, {**values, "standar_sumber": "Permendagri X"}, now=T0)
    assert cards.get_card(db, card.id).formula == "a / b x 100%"
    assert store.get_row(db, master[0])["is_iku"] is True    # the open year's row follows
    # earlier years: typed, never over a year Perkin keeps
    cards.set_year(db, sekcam, card.id, 2024, "100%", "80%", now=T0)
    with pytest.raises(ValidationError, match="sudah tercatat di Perkin"):
        cards.set_year(db, sekcam, card.id, YEAR, "100%", "90%")
    with pytest.raises(ValidationError, match="Realisasi"):
        cards.set_year(db, sekcam, card.id, 2023, "100%", "delapan puluh")
    warnings = cards.missing_years(db, YEAR)
    assert "Persentase nagari tertib: data tahun 2023, 2025 belum ada." in warnings
    # imported from Excel: one row per indicator and year, unmatched rows listed
    wb = Workbook()
    ws = wb.active
    ws.append(["Indikator Kinerja", "Tahun", "Target", "Realisasi"])
    ws.append(["persentase nagari  TERTIB", 2025, "100%", "85%"])
    ws.append(["Jumlah pembinaan", 2025, "12 kali", "11 kali"])
    ws.append(["Indikator tak dikenal", 2025, "1", "1"])
    buf = io.BytesIO()
    wb.save(buf)
    preview = cards.preview_years_import(db, sekcam, buf.getvalue())
    assert not preview.ok
    assert preview.blocking == ["Baris Excel 4: indikator 'Indikator tak dikenal' tidak ada di "
                                "kartu indikator (tulis persis seperti di kartu)"]
    with pytest.raises(ValidationError):
        cards.apply_years_import(db, sekcam, preview)
    preview.rows = preview.rows[:2]
    assert cards.apply_years_import(db, sekcam, preview) == 2
    hist = {h["year"]: (h["realisasi"], h["sumber"]) for h in cards.history(db, card.id)}
    assert hist[2025] == ("85%", "impor") and hist[2024] == ("80%", "ketik")


# ------------------------------------------------------------------ PK
def _submit(db, people, code, now):
    rows = store.list_rows(db, YEAR, code)
    unit_form.save_unit_form(db, people[code], YEAR, code,
                           {r["id"]: {"realisasi": "9 kejadian", "ket": "Diketik unit"}
                            for r in rows}, store.form_rev(db, YEAR, code), now=now)
    workflow.submit_unit(db, people[code], YEAR, code, now=now)


def test_pk_versions_and_their_effect_on_the_forms(demo_db, people, master):
    db, sekcam = demo_db, people["sekcam"]
    facts.save_facts(db, people["admin"], {"kepala_daerah_nama": "H. Bupati Contoh",
                                           "kepala_daerah_jabatan": "Bupati Lima Puluh Kota"})
    prog = programs.save_program(db, sekcam, YEAR, {"name": "Program Trantibum",
                                                    "pagu": 100_000_000})
    with pytest.raises(PermissionDenied):
        pk.create_first(db, people["camat"], YEAR, dt.date(2026, 1, 31))
    v1 = pk.create_first(db, sekcam, YEAR, dt.date(2026, 1, 31), now=T0)
    assert v1.versi == 1 and v1.alasan_label == "Penetapan awal"
    assert [t.target for t in v1.targets] == ["100%", "12 kali", "12 kejadian"]
    assert v1.pihak_pertama.nama == "Drs. MUFTIL WAHYUDI"
    assert v1.pihak_pertama.nip == "19731107 199303 1 002"
    assert (v1.pihak_kedua.nama, v1.pihak_kedua.jabatan) == ("H. Bupati Contoh",
                                                             "Bupati Lima Puluh Kota")
    # a target edited on a form while a PK is in force is refused (the PK is revised)
    with pytest.raises(ValidationError, match="revisi Perjanjian Kinerja"):
        pk.check_target_edit(db, YEAR, "12 kejadian", "10 kejadian")
    pk.check_target_edit(db, YEAR, "12 kejadian", " 12 kejadian ")   # unchanged: fine
    # the trantib unit submits; the form is accepted-or-waiting
    workflow.start_cycle(db, people["camat"], YEAR, now=T0)
    workflow.complete_step(db, sekcam, YEAR, 2, {"tanggal": T0.date(), "peserta": ["A"],
                                               "format_diserahkan": True}, now=T0)
    _submit(db, people, "trantib", T0 + dt.timedelta(hours=1))
    # bad revisions: no allowed reason, dated before version 1, negative anggaran
    trantib_row = master[2]
    for kwargs, message in (
            ({"alasan": "lain", "tanggal": "2026-10-01"}, "Alasan revisi"),
            ({"alasan": "prioritas", "tanggal": "2026-01-30"}, "tidak boleh sebelum tanggal "
                                                               "versi 1 \\(31 Januari 2026\\)"),
            ({"alasan": "program_anggaran", "tanggal": "2026-10-01",
              "anggaran": {prog: "-Rp5"}}, "tidak boleh negatif"),
            ({"alasan": "prioritas", "tanggal": "2026-10-01",
              "targets": {trantib_row: "sepuluh"}}, "Target 'sepuluh'")):
        with pytest.raises(ValidationError, match=message):
            pk.revise(db, sekcam, YEAR, targets=kwargs.pop("targets", {trantib_row: "10 kejadian"}),
                      **kwargs)
    assert len(pk.list_versions(db, YEAR)) == 1
    assert store.get_row(db, trantib_row)["target"] == "12 kejadian"
    v2 = pk.revise(db, sekcam, YEAR, alasan="program_anggaran", tanggal=dt.date(2026, 10, 14),
                   targets={trantib_row: "10 kejadian"}, anggaran={prog: "Rp90.000.000"},
                   keterangan="APBD Perubahan", now=T0 + dt.timedelta(days=270))
    assert v2.versi == 2 and v2.alasan_label == "Perubahan program atau anggaran"
    # every version kept as signed
    v1_again = pk.get_version(db, YEAR, 1)
    assert [t.target for t in v1_again.targets][2] == "12 kejadian"
    assert v1_again.programs[0].anggaran == 100_000_000
    assert pk.in_force(db, YEAR).programs[0].anggaran == 90_000_000
    with pytest.raises(Exception, match="kept as signed"):
        db.execute("UPDATE pk_targets SET target = 'x'")
    # the form takes the target of the version in force; nothing typed by the unit is lost
    row = store.get_row(db, trantib_row)
    assert (row["target"], row["realisasi"], row["ket"]) == ("10 kejadian", "9 kejadian",
                                                            "Diketik unit")
    assert programs.get_program(db, prog).pagu == 90_000_000
    # the submitted unit is "perlu ditinjau" for the Sekcam, the change named
    open_ = pk.reviews(db, YEAR)
    assert [(r["unit_code"], r["unit_state"]) for r in open_] == [("trantib", "dikirim")]
    assert pk.needs_review(db, YEAR, "trantib") == (
        "Perlu ditinjau: Perjanjian Kinerja versi 2 - target 'Jumlah kejadian gangguan' diubah "
        "dari '12 kejadian' menjadi '10 kejadian'.")
    assert pk.needs_review(db, YEAR, "pem") is None          # pem had not submitted
    with pytest.raises(PermissionDenied):
        pk.resolve_review(db, people["trantib"], open_[0]["id"])
    pk.resolve_review(db, sekcam, open_[0]["id"], "Capaian dihitung ulang.")
    assert pk.reviews(db, YEAR) == []
    assert [e["action"] for e in events.list_events(db, year=YEAR, action_prefix="pk.")] == [
        "pk.buat", "pk.revisi", "pk.ditinjau"]
    # a revision without any change is refused
    with pytest.raises(ValidationError, match="Tidak ada perubahan"):
        pk.revise(db, sekcam, YEAR, alasan="prioritas", tanggal=dt.date(2026, 10, 15))


def test_pk_scan_is_kept_as_a_scan(demo_db, people, master):
    db = demo_db
    pk.create_first(db, people["sekcam"], YEAR, dt.date(2026, 1, 31), now=T0)
    from tests.samples import png_bytes

    png = png_bytes()   # a real image: the scan passes the one upload validator
    with pytest.raises(ValidationError, match="Pindaian PK harus PDF, PNG atau JPG"):
        pk.upload_scan(db, people["jf"], YEAR, 1, b"hello")
    with pytest.raises(PermissionDenied):
        pk.upload_scan(db, people["pem"], YEAR, 1, png)
    sid = pk.upload_scan(db, people["jf"], YEAR, 1, png, "pk.png", now=T0)
    meta, data = pk.get_scan(db, sid)
    assert data == png and meta["filename"] == "pindaian-pk-2026-v1-1.png"
    assert [s["id"] for s in pk.list_scans(db, YEAR, 1)] == [sid]
    with pytest.raises(ValidationError, match="sudah diunggah"):
        pk.upload_scan(db, people["jf"], YEAR, 1, png)
    with pytest.raises(NotFound):
        pk.upload_scan(db, people["jf"], YEAR, 2, png + b"1")


def test_render_pk_reads_back(demo_db, people, master):
    db = demo_db
    facts.save_facts(db, people["admin"], {"kepala_daerah_nama": "H. Bupati Contoh",
                                           "kepala_daerah_jabatan": "Bupati Lima Puluh Kota"})
    programs.save_program(db, people["sekcam"], YEAR, {"code": "7.01.04", "name":
                          "Program Koordinasi Ketentraman dan Ketertiban Umum",
                          "pagu": 96_750_000})
    pk.create_first(db, people["sekcam"], YEAR, dt.date(2026, 1, 31), now=T0)
    data, name, warnings = pk_paper.render(db, YEAR, creation_date=T0)
    assert name == "perjanjian-kinerja-2026-v1.pdf"
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for expected in ("PERJANJIAN KINERJA TAHUN 2026", "selanjutnya disebut pihak pertama",
                     "PIHAK PERTAMA", "PIHAK KEDUA", "Drs. MUFTIL WAHYUDI",
                     "NIP. 19731107 199303 1 002", "H. Bupati Contoh", "Guguak, 31 Januari 2026",
                     "LAMPIRAN PERJANJIAN KINERJA TAHUN 2026", "Sasaran Strategis",
                     "Indikator Kinerja", "Satuan", "Target", "Jumlah kejadian gangguan",
                     "12 kejadian", "Anggaran", "Rp96.750.000"):
        assert expected in text, expected
    with pytest.raises(NotFound, match="versi 3 tidak ada"):
        pk_paper.render(db, YEAR, 3)


# ------------------------------------------------------------------ facts, SDM, limits
def test_office_facts_and_sdm(demo_db, people):
    db = demo_db
    with pytest.raises(PermissionDenied):
        facts.save_facts(db, people["sekcam"], {})
    with pytest.raises(ValidationError) as err:
        facts.save_facts(db, people["admin"], {"luas_wilayah": "-3", "jumlah_penduduk": "25.763",
                                               "kepala_daerah_jabatan": "Gubernur",
                                               "dasar_hukum": ["x" * 1001]})
    assert "Luas wilayah tidak boleh negatif." in err.value.problems
    assert "Tahun data penduduk wajib diisi bersama jumlah penduduk." in err.value.problems
    assert any("terlalu panjang" in p for p in err.value.problems)
    assert facts.get_facts(db).rev == 0                     # nothing saved
    f = facts.save_facts(db, people["admin"], {"luas_wilayah": "106,2", "jumlah_nagari": 5,
                                               "jumlah_penduduk": "25.763",
                                               "penduduk_tahun": 2025,
                                               "dasar_hukum": "Perda A\n\nPerbup B"})
    assert (f.luas_wilayah, f.jumlah_penduduk, f.dasar_hukum) == (106.2, 25763,
                                                                  ("Perda A", "Perbup B"))
    assert facts.kepala_daerah(db) == ("", "Bupati Lima Puluh Kota")   # from the profile
    with pytest.raises(PermissionDenied):
        facts.save_sdm(db, people["pem"], YEAR, {})
    with pytest.raises(ValidationError, match="tidak boleh negatif"):
        facts.save_sdm(db, people["umum"], YEAR, {"golongan": {"III": -1}})
    assert facts.sdm_warnings(db, YEAR) == [f"Data SDM tahun {YEAR} belum diisi."]
    totals = facts.save_sdm(db, people["umum"], YEAR, {"golongan": {"II": 5, "III": "14"},
                                                       "pendidikan": {"D-IV/S1": 12,
                                                                      "SMA/SMK": 6}})
    assert totals == {"golongan": 19, "pendidikan": 18}
    assert facts.sdm_warnings(db, YEAR) == ["Jumlah pegawai menurut golongan (19) berbeda "
                                            "dengan menurut pendidikan (18)."]


def test_every_limited_field_has_a_limit_and_the_validator_uses_it():
    assert all(isinstance(v, int) and v > 0 for v in limits.LIMITS.values())
    p: list[str] = []
    limits.text("x" * 51, "cards.satuan", "Satuan", p)
    assert p == ["Satuan terlalu panjang (51 karakter, maksimal 50)."]


def test_demo_office_carries_the_planning_facts(demo_db):
    from lib import demo

    demo.seed_history(demo_db, dt.date(2026, 11, 24))
    db = demo_db
    assert [p.label for p in renstra.list_periods(db)] == ["Renstra 2021\u20132026"]
    for year in (2024, 2025, 2026):
        assert programs.unlinked_rows(db, year) == [] and programs.unlinked_budget(db, year) == []
        assert db.execute("SELECT COUNT(*) FROM indicators WHERE year = ? AND (sasaran_id IS NULL"
                          " OR card_id IS NULL OR program_id IS NULL)", [year]).fetchone()[0] == 0
        assert facts.sdm_warnings(db, year) == []
    # the two spellings of the trantib programme are one programme, with its budget row
    trantib = [p for p in programs.list_programs(db, 2025) if p.code == "7.01.04"][0]
    assert (trantib.rows, trantib.budget_rows) == (3, 1)
    assert [v.versi for v in pk.list_versions(db, 2025)] == [1, 2]
    assert pk.get_version(db, 2025, 2).alasan == "program_anggaran"
    assert pk.get_version(db, 2025, 1).total_anggaran > pk.get_version(db, 2025, 2).total_anggaran
    assert [v.versi for v in pk.list_versions(db, 2024)] == [1]
    assert cards.missing_years(db, 2024, back=2) == []       # 2022-2023 typed on the cards
    iku = [c for c in cards.list_cards(db, 2026) if c.indikator.startswith("Indeks kepuasan")][0]
    assert iku.formula and iku.standar_sumber.startswith("PermenPANRB")
    assert facts.get_facts(db).kepala_daerah_jabatan == "Bupati Lima Puluh Kota"


def test_cli_render_pk_per_version(demo_db, tmp_path, capsys):
    """``run.py render pk --year YEAR [--versi N] --out pk.pdf`` on the demo office,
    whose 2025 PK was revised after the APBD-Perubahan: both versions print."""
    from lib import cli, demo

    demo.seed_history(demo_db, dt.date(2026, 11, 24))
    texts = {}
    for versi in ("1", "2"):
        out = tmp_path / f"pk-{versi}.pdf"
        assert cli.main(["render", "pk", "--year", "2025", "--versi", versi,
                         "--out", str(out)]) == 0
        reader = PdfReader(io.BytesIO(out.read_bytes()))
        texts[versi] = " ".join(" ".join((p.extract_text() or "").split())
                                for p in reader.pages)
    assert "tersimpan di" in capsys.readouterr().out
    assert "Guguak, 31 Januari 2025" in texts["1"] and "Rp2.575.000.000" in texts["1"]
    assert "Perubahan ke-1 (versi 2): Perubahan program atau anggaran" in texts["2"]
    assert "Guguak, 14 Oktober 2025" in texts["2"] and "Rp2.450.000.000" in texts["2"]
    for text in texts.values():
        assert "Program Koordinasi Ketentraman dan Ketertiban Umum" in text
        assert "H. SYAFRIZAL DT. RAJO MUDO" in text and "PIHAK KEDUA" in text
    # the default is the version in force; a version that does not exist is refused
    assert cli.main(["render", "pk", "--year", "2025", "--out", str(tmp_path / "a.pdf")]) == 0
    assert "perjanjian-kinerja-2025-v2.pdf" in capsys.readouterr().out
    assert cli.main(["render", "pk", "--year", "2025", "--versi", "3",
                     "--out", str(tmp_path / "b.pdf")]) == 1
    assert "versi 3 tidak ada" in capsys.readouterr().err
    assert cli.main(["render", "rekap", "--year", "2025", "--versi", "1",
                     "--out", str(tmp_path / "c.pdf")]) == 1


def test_change_of_official_is_a_revision_with_the_new_signatory(demo_db, people, master):
    db = demo_db
    pk.create_first(db, people["sekcam"], YEAR, dt.date(2026, 1, 31), now=T0)
    old = people["camat"]
    # a new Camat takes office: the old account is deactivated, the new one signs
    users.set_active(db, people["admin"], "camat", False)
    users.create_user(db, people["admin"], username="camat2", name="Dra. YULIA SARI",
                      role="camat", password=PW, password2=PW, nip="197501012000032001",
                      pangkat="Pembina (IV/a)", jabatan="Camat Guguak")
    v2 = pk.revise(db, people["sekcam"], YEAR, alasan="pejabat", tanggal=dt.date(2026, 7, 1),
                   keterangan="Pergantian Camat")
    assert v2.alasan_label == "Pergantian pejabat"
    assert (v2.pihak_pertama.nama, v2.pihak_pertama.nip) == ("Dra. YULIA SARI",
                                                             "19750101 200003 2 001")
    assert pk.get_version(db, YEAR, 1).pihak_pertama.nama == old.name   # kept as signed
    assert [t.target for t in v2.targets] == [t.target for t in pk.get_version(db, YEAR, 1).targets]


def _missing_years_card_by_card(db, year: int, back: int = 3) -> list[str]:
    """``missing_years`` as it was written first: each card's ``history``."""
    out = []
    for c in cards.list_cards(db, year):
        known = {h["year"] for h in cards.history(db, c.id) if h["realisasi"] or h["target"]}
        gaps = [y for y in range(year - back, year) if y not in known]
        if gaps:
            out.append(f"{c.indikator}: data tahun " + ", ".join(str(g) for g in gaps)
                       + " belum ada.")
    return out


def test_missing_years_reads_all_cards_at_once_with_the_same_answer(history_db):
    """Two queries for all cards (not two a card: 1.1 s a Perencanaan run on a ten-year
    office, issue #21) give what each card's history gives, including a typed year that
    a later Perkin row of the same year overrides and an emptied realisasi."""
    db = history_db
    card = cards.list_cards(db, 2026)[0]
    # a typed 2023 value beside an empty Perkin row for 2023 of the same card: Perkin's wins
    db.execute("INSERT OR REPLACE INTO card_years (card_id, year, target, realisasi, source) "
               "VALUES (?, 2023, '90%', '91%', 'ketik')", [card.id])
    row = db.execute("SELECT * FROM indicators WHERE card_id = ? AND year = 2025",
                     [card.id]).fetchone()
    db.execute("INSERT INTO indicators (year, unit_id, sort, sasaran, indikator, target, "
               "realisasi, card_id) SELECT 2023, unit_id, sort, sasaran, indikator, '', '', "
               "card_id FROM indicators WHERE id = ?", [row[0]])
    other = cards.list_cards(db, 2026)[1]
    db.execute("UPDATE indicators SET target = '', realisasi = '' WHERE card_id = ? AND "
               "year = 2024", [other.id])
    db.conn.commit()
    assert any(card.indikator in w for w in cards.missing_years(db, 2026))
    for year in (2024, 2025, 2026, 2027):
        for back in (1, 3):
            assert cards.missing_years(db, year, back) == _missing_years_card_by_card(
                db, year, back), (year, back)
    plan = db.execute("EXPLAIN QUERY PLAN SELECT year FROM indicators WHERE card_id = 1"
                      ).fetchall()
    assert "indicators_card" in str(plan)        # m011: no scan of every year's rows
