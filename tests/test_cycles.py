"""The SOP cycle through the real services on a real SQLite file."""
from __future__ import annotations

import datetime as dt
import pytest

from lib import clock, cycles, events
from lib.errors import PermissionDenied, StateError, ValidationError
from tests.cyclehelp import SUPPLIERS, YEAR, Clock, data_for, do_step, make_ready, run_to
from lib.services import workflow

ROLES = ["camat", "sekcam", "jf", "pem", "pep", "admin"]

# step -> the demo users that may act on it (DOMAIN.md §4 default actors)
ACTOR = {2: {"sekcam"}, 3: {"pem"}, 4: {"jf"}, 5: {"sekcam"}, 6: {"pep"}, 7: {"sekcam"},
         8: {"sekcam"}, 9: {"sekcam"}, 10: {"camat"}, 11: {"jf"}, 12: {"jf"}, 13: {"jf"}}


def attempt(db, people, username, step_no, clk):
    """The step's own action as ``username``."""
    user = people[username]
    cycle = cycles.get_cycle(db, YEAR)
    step = cycles.definition(db, cycle).step(step_no)
    now = clk.tick()
    if step.kind == "isi_format":
        return workflow.submit_unit(db, user, YEAR, "pem", now=now)
    if step.kind == "periksa_unit":
        return workflow.review_unit(db, user, YEAR, "pem", "terima", now=now)
    if step.kind == "koreksi_draft":
        return workflow.review_draft(db, user, YEAR, "terima", now=now)
    if step.kind == "persetujuan":
        return workflow.approve(db, user, YEAR, now=now)
    return workflow.complete_step(db, user, YEAR, step_no, data_for(step.kind), now=now)


@pytest.mark.parametrize("step_no", range(2, 14))
@pytest.mark.parametrize("username", ROLES)
def test_step_role_table(demo_db, people, step_no, username):
    """Every step x every role: the actor advances the cycle, anyone else is refused."""
    clk = run_to(demo_db, people, step_no)
    before = cycles.get_cycle(demo_db, YEAR).rev
    n_events = len(events.list_events(demo_db, year=YEAR))
    if username in ACTOR[step_no]:
        attempt(demo_db, people, username, step_no, clk)
        cycle = cycles.get_cycle(demo_db, YEAR)
        if step_no == 3:
            assert cycles.unit_states(demo_db, cycle)["pem"]["state"] == "dikirim"
        elif step_no == 5:
            assert cycles.unit_states(demo_db, cycle)["pem"]["state"] == "diterima"
        else:
            assert [r for r in cycles.runs(demo_db, cycle) if r.step_no == step_no
                    and not r.open], "the step has a completed run"
        assert cycles.get_cycle(demo_db, YEAR).rev > before
    else:
        with pytest.raises(PermissionDenied) as err:
            attempt(demo_db, people, username, step_no, clk)
        assert "hanya dapat dilakukan oleh" in str(err.value)
        assert cycles.get_cycle(demo_db, YEAR).rev == before
        assert len(events.list_events(demo_db, year=YEAR)) == n_events


@pytest.mark.parametrize("step_no", [4, 6, 8, 11, 13])
def test_steps_cannot_be_skipped(demo_db, people, step_no):
    clk = run_to(demo_db, people, 2)
    actor = next(iter(ACTOR[step_no]))
    with pytest.raises(StateError) as err:
        attempt(demo_db, people, actor, step_no, clk)
    assert "belum dapat dikerjakan" in str(err.value)


def test_step_cannot_be_completed_twice(demo_db, people):
    clk = run_to(demo_db, people, 2)
    do_step(demo_db, people, 2, clk)
    with pytest.raises(StateError) as err:
        do_step(demo_db, people, 2, clk)
    assert "sudah diselesaikan oleh Hendra Saputra" in str(err.value)


@pytest.mark.parametrize("kind,step_no,data,message", [
    ("rapat_koordinasi", 2, {"tanggal": dt.date(2027, 1, 11), "peserta": ["a"]},
     "Format kosong harus diserahkan"),
    ("rapat_koordinasi", 2, {"format_diserahkan": True, "peserta": ["a"]},
     "Tanggal rapat koordinasi"),
    ("rapat_finalisasi", 8, {"tanggal": dt.date(2027, 1, 11), "tempat": "Aula"},
     "Daftar hadir"),
    ("penggandaan", 12, {"eksemplar": 0}, "Jumlah eksemplar"),
    ("pengiriman", 13, {"kepada": "Bupati"}, "Nama penerima"),
])
def test_missing_kelengkapan_is_refused(demo_db, people, kind, step_no, data, message):
    clk = run_to(demo_db, people, step_no)
    actor = people[next(iter(ACTOR[step_no]))]
    n = len(events.list_events(demo_db))
    with pytest.raises(ValidationError) as err:
        workflow.complete_step(demo_db, actor, YEAR, step_no, data, now=clk.tick())
    assert message in str(err.value)
    assert len(events.list_events(demo_db)) == n
    assert any(r.open and r.step_no == step_no
               for r in cycles.runs(demo_db, cycles.get_cycle(demo_db, YEAR)))


def test_return_needs_reason(demo_db, people):
    clk = run_to(demo_db, people, 5)
    with pytest.raises(ValidationError, match="Alasan pengembalian wajib"):
        workflow.review_unit(demo_db, people["sekcam"], YEAR, "pem", "kembalikan", "  ",
                             now=clk.tick())
    do_step(demo_db, people, 5, clk)
    do_step(demo_db, people, 6, clk)
    with pytest.raises(ValidationError, match="Alasan pengembalian wajib"):
        workflow.review_draft(demo_db, people["sekcam"], YEAR, "kembalikan", "", now=clk.tick())


def test_one_cycle_per_year(demo_db, people):
    workflow.start_cycle(demo_db, people["camat"], YEAR, nota_number="800/1/CGG/I/2027")
    with pytest.raises(StateError, match="sudah dimulai"):
        workflow.start_cycle(demo_db, people["camat"], YEAR, nota_number="800/2/CGG/I/2027")


def test_only_camat_starts(demo_db, people):
    for u in ("sekcam", "jf", "pem", "admin"):
        with pytest.raises(PermissionDenied):
            workflow.start_cycle(demo_db, people[u], YEAR)
    assert cycles.find_cycle(demo_db, YEAR) is None


def test_nota_number_from_register(demo_db, people):
    workflow.start_cycle(demo_db, people["camat"], YEAR, now=clock.parse("2027-01-11T08:00"))
    run = cycles.runs(demo_db, cycles.get_cycle(demo_db, YEAR))[0]
    assert run.data["nota_dinas_nomor"] == "000.1.5/001/CGG/I/2027"


@pytest.mark.parametrize("month,expected", [(1, 2025), (6, 2025), (7, 2026), (12, 2026)])
def test_default_year(month, expected):
    assert cycles.default_year(dt.datetime(2026, month, 15)) == expected


def test_closed_cycle_refuses_everything(demo_db, people):
    clk = run_to(demo_db, people, 14)
    assert cycles.get_cycle(demo_db, YEAR).closed
    with pytest.raises(StateError, match="sudah selesai"):
        workflow.complete_step(demo_db, people["jf"], YEAR, 13, data_for("pengiriman"),
                               now=clk.tick())
    with pytest.raises(StateError, match="sudah selesai"):
        workflow.submit_unit(demo_db, people["pem"], YEAR, "pem", now=clk.tick())


def test_full_cycle_with_every_loop(demo_db, people):
    """Two step-5 returns (with their step-4/5 rounds), one step-7 return, one step-10
    return, then to the end; events and office minutes asserted."""
    db, p = demo_db, people
    T = clock.parse
    workflow.start_cycle(db, p["camat"], YEAR, nota_number="800/010/CGG/I/2027",
                         now=T("2027-01-11T08:00"))                      # Monday
    workflow.complete_step(db, p["sekcam"], YEAR, 2, data_for("rapat_koordinasi"),
                           now=T("2027-01-11T09:30"))                    # 90 office minutes
    for i, code in enumerate(SUPPLIERS):
        workflow.submit_unit(db, p[code], YEAR, code, now=T(f"2027-01-11T1{3 + i % 3}:00"))
    # pem submits Mon 13:00 -> opened 09:30, minutes = 09:30-12:00 (150) + 13:00 (0) = 150
    workflow.complete_step(db, p["jf"], YEAR, 4, {}, now=T("2027-01-12T08:00"))
    workflow.review_unit(db, p["sekcam"], YEAR, "kesos", "kembalikan", "Realisasi belum diisi",
                         now=T("2027-01-12T09:00"))
    workflow.review_unit(db, p["sekcam"], YEAR, "trantib", "kembalikan", "Sumber data kosong",
                         now=T("2027-01-12T09:10"))
    for code in ("pem", "pmd", "pelayanan", "umum"):
        workflow.review_unit(db, p["sekcam"], YEAR, code, "terima", now=T("2027-01-12T09:30"))
    states = cycles.unit_states(db, cycles.get_cycle(db, YEAR))
    assert states["kesos"]["state"] == "dikembalikan"
    assert states["kesos"]["reason"] == "Realisasi belum diisi"
    assert states["pem"]["state"] == "diterima"
    # the returned unit alone goes back to step 3
    assert [a.unit_code for a in cycles.available_actions(db, p["kesos"], YEAR)] == ["kesos"]
    assert cycles.available_actions(db, p["pem"], YEAR) == []
    assert cycles.available_actions(db, p["jf"], YEAR) == []   # step 4 waits for trantib too
    workflow.submit_unit(db, p["kesos"], YEAR, "kesos", now=T("2027-01-12T10:00"))
    assert cycles.available_actions(db, p["jf"], YEAR) == []
    workflow.submit_unit(db, p["trantib"], YEAR, "trantib", now=T("2027-01-12T10:30"))
    workflow.complete_step(db, p["jf"], YEAR, 4, {}, now=T("2027-01-12T11:00"))
    workflow.review_unit(db, p["sekcam"], YEAR, "kesos", "terima", now=T("2027-01-12T13:30"))
    workflow.review_unit(db, p["sekcam"], YEAR, "trantib", "kembalikan", "Target tidak sesuai PK",
                         now=T("2027-01-12T13:40"))
    workflow.submit_unit(db, p["trantib"], YEAR, "trantib", now=T("2027-01-12T14:00"))
    workflow.complete_step(db, p["jf"], YEAR, 4, {}, now=T("2027-01-12T14:10"))
    workflow.review_unit(db, p["sekcam"], YEAR, "trantib", "terima", now=T("2027-01-12T14:20"))
    cycle = cycles.get_cycle(db, YEAR)
    assert cycles.step_done(db, cycle, 5)
    # step 6/7 with one return at 7
    workflow.complete_step(db, p["pep"], YEAR, 6, {}, now=T("2027-01-13T10:00"))
    workflow.review_draft(db, p["sekcam"], YEAR, "kembalikan", "Bab III belum lengkap",
                          now=T("2027-01-13T11:00"))
    assert [a.reason for a in cycles.available_actions(db, p["pep"], YEAR)] == [
        "Bab III belum lengkap"]
    workflow.complete_step(db, p["pep"], YEAR, 6, {}, now=T("2027-01-14T10:00"))
    workflow.review_draft(db, p["sekcam"], YEAR, "terima", now=T("2027-01-14T11:00"))
    workflow.complete_step(db, p["sekcam"], YEAR, 8, data_for("rapat_finalisasi"),
                           now=T("2027-01-15T10:00"))   # Friday
    workflow.complete_step(db, p["sekcam"], YEAR, 9, data_for("serah"), now=T("2027-01-15T10:10"))
    workflow.return_from_approval(db, p["camat"], YEAR, "Perbaiki ikhtisar",
                                  now=T("2027-01-15T14:00"))
    # back to step 6: round 3 of the draft, then 7..10 again
    workflow.complete_step(db, p["pep"], YEAR, 6, {}, now=T("2027-01-18T09:00"))
    workflow.review_draft(db, p["sekcam"], YEAR, "terima", now=T("2027-01-18T10:00"))
    workflow.complete_step(db, p["sekcam"], YEAR, 8, data_for("rapat_finalisasi"),
                           now=T("2027-01-18T11:00"))
    workflow.complete_step(db, p["sekcam"], YEAR, 9, data_for("serah"), now=T("2027-01-18T11:10"))
    make_ready(db, p, YEAR, T("2027-01-18T11:20"))   # what the readiness check needs
    workflow.approve(db, p["camat"], YEAR, now=T("2027-01-18T11:30"))
    for no, kind, t in ((11, "surat_pengantar", "2027-01-18T13:30"),
                        (12, "penggandaan", "2027-01-18T15:00"),
                        (13, "pengiriman", "2027-01-19T09:00")):
        workflow.complete_step(db, p["jf"], YEAR, no, data_for(kind), now=T(t))
    cycle = cycles.get_cycle(db, YEAR)
    assert cycle.closed

    rows = cycles.timeline(db, YEAR, now=T("2027-01-20T08:00"))
    by = {}
    for r in rows:
        by.setdefault((r["No"], r["Unit"]), []).append(r)
    # office minutes, computed by hand on the default hours (Mon-Thu 07:30-16:00, 12-13 break)
    assert by[(1, "")][0]["Menit kerja"] == 0
    assert by[(2, "")][0]["Menit kerja"] == 90                      # 08:00 -> 09:30
    pem = by[(3, "Seksi Pemerintahan")]
    assert [r["Menit kerja"] for r in pem] == [150]                 # 09:30 -> 13:00
    assert pem[0]["Selisih (menit)"] == 150 - 120
    kesos = by[(3, "Seksi Kesejahteraan Sosial")]
    assert [r["Putaran"] for r in kesos] == [1, 2]
    assert kesos[1]["Menit kerja"] == 60                            # Tue 09:00 -> 10:00
    trantib = by[(3, "Seksi Ketentraman dan Ketertiban Umum")]
    assert [r["Putaran"] for r in trantib] == [1, 2, 3]
    assert trantib[2]["Menit kerja"] == 20                          # 13:40 -> 14:00
    compile_rounds = by[(4, "")]
    assert [r["Putaran"] for r in compile_rounds] == [1, 2, 3]
    # round 1 opened Mon 15:00 when the last unit submitted; compiled Tue 08:00: 60 + 30
    assert compile_rounds[0]["Menit kerja"] == 90
    review = by[(5, "")]
    assert [r["Hasil"] for r in review] == ["Dikembalikan", "Dikembalikan", "Diterima"]
    drafts = by[(6, "")]
    assert [r["Putaran"] for r in drafts] == [1, 2, 3]
    # draft round 3 opened Fri 14:00 (Camat's return), done Mon 09:00: Fri 14:00-16:30 = 150
    # + Mon 07:30-09:00 = 90
    assert drafts[2]["Menit kerja"] == 240
    assert [r["Hasil"] for r in by[(7, "")]] == ["Dikembalikan", "Diterima", "Diterima"]
    assert [r["Hasil"] for r in by[(10, "")]] == ["Dikembalikan", "Diterima"]
    assert by[(10, "")][0]["Alasan"] == "Perbaiki ikhtisar"
    assert by[(11, "")][0]["Menit kerja"] == 60                     # 11:30->13:30 minus break

    evs = events.list_events(db, year=YEAR)
    actions = [e["action"] for e in evs]
    assert actions.count("unit.kembalikan") == 3
    assert actions.count("langkah.koreksi_draft") == 3
    assert actions.count("langkah.persetujuan") == 2
    returned = [e for e in evs if e["action"] == "unit.kembalikan"]
    assert [(e["unit_code"], e["reason"]) for e in returned] == [
        ("kesos", "Realisasi belum diisi"), ("trantib", "Sumber data kosong"),
        ("trantib", "Target tidak sesuai PK")]
    assert all(e["username"] and e["role"] for e in evs)


def test_reopen_makes_a_new_version(demo_db, people):
    clk = run_to(demo_db, people, 14)
    with pytest.raises(ValidationError):
        workflow.reopen(demo_db, people["camat"], YEAR, "")
    with pytest.raises(PermissionDenied):
        workflow.reopen(demo_db, people["sekcam"], YEAR, "salah ketik")
    cycle = workflow.reopen(demo_db, people["camat"], YEAR, "Salah ketik pada Bab III",
                            now=clk.tick())
    assert cycle.version == 2 and not cycle.closed
    acts = cycles.available_actions(demo_db, people["pep"], YEAR)
    assert [a.step_no for a in acts] == [6]
    old = [r for r in cycles.runs(demo_db, cycle) if r.version == 1 and r.step_no == 10]
    assert old and old[0].outcome == "diterima"          # the old version's history is kept
    for no in range(6, 14):
        do_step(demo_db, people, no, clk)
    assert cycles.get_cycle(demo_db, YEAR).closed
    assert cycles.step_done(demo_db, cycles.get_cycle(demo_db, YEAR), 10)


def test_events_cannot_be_edited(demo_db, people):
    import sqlite3

    run_to(demo_db, people, 3)
    with pytest.raises(sqlite3.IntegrityError):
        demo_db.execute("UPDATE events SET reason = 'x'")
    with pytest.raises(sqlite3.IntegrityError):
        demo_db.execute("DELETE FROM events")


def test_available_actions_per_role(demo_db, people):
    run_to(demo_db, people, 3)
    kinds = {u: [(a.kind, a.unit_code) for a in cycles.available_actions(demo_db, people[u],
                                                                           YEAR)]
             for u in ("camat", "sekcam", "jf", "pem", "kesos", "pep", "admin")}
    assert kinds == {"camat": [], "sekcam": [], "jf": [], "pem": [("isi_format", "pem")],
                     "kesos": [("isi_format", "kesos")], "pep": [], "admin": []}


def test_timeline_lists_unopened_steps(demo_db, people):
    run_to(demo_db, people, 3)
    rows = cycles.timeline(demo_db, YEAR, now=clock.parse("2027-01-11T10:00"))
    assert [r["No"] for r in rows if r["Dibuka"] is None] == list(range(4, 14))


def test_export_timeline_headers(demo_db, people):
    import csv
    import io

    import openpyxl

    run_to(demo_db, people, 4)
    data = cycles.export_timeline(demo_db, YEAR, "csv")
    text = data.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    for h in ("No", "Kegiatan", "Pelaksana", "Unit", "Putaran", "Dibuka", "Selesai", "Oleh",
              "Menit kerja", "Mutu Baku (menit)", "Selisih (menit)"):
        assert h in header
    wb = openpyxl.load_workbook(io.BytesIO(cycles.export_timeline(demo_db, YEAR, "xlsx")))
    ws = wb.active
    assert [c.value for c in ws[1]][:3] == ["No", "Kegiatan", "Pelaksana"]
    assert ws.max_row == 1 + 2 + 6 + 10  # steps 1-2, six unit runs, ten unopened steps
