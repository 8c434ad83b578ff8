"""Every public lib service, called as every role: allowed (it works) or
PermissionDenied (and nothing is written). The services are found automatically
(functions of lib modules whose first parameters are ``(db, user|actor, ...)``);
one without an expectation here fails the test. Then every page as every role
through the app frame (AppTest).

Each allowed call runs on a fresh copy of a database brought to the state the
service needs (templates built once through the real services); the denied
calls share one copy, which must stay unchanged.
"""
from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

import lib
from lib.errors import PermissionDenied
from lib.users import OPERATOR
from tests.conftest import app_test, login_as
from tests.cyclehelp import SUPPLIERS, YEAR, Clock, do_step, make_ready, run_to
from tests.samples import pdf_bytes, png_bytes

PW = "Rahasia-Kantor-2026"
PDF = pdf_bytes("Bukti uji")
PNG = png_bytes()
T = dt.datetime(2027, 1, 25, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

KASI = {"pem", "pmd", "kesos", "trantib", "pelayanan", "umum", "pep"}
EVERYONE = {"admin", "camat", "sekcam", "jf", "operator"} | KASI


# ------------------------------------------------------------------ templates
def _people(db):
    from lib import users

    out = {u.username: u for u in users.list_users(db)}
    out["operator"] = OPERATOR
    return out


def _seed_rows(db, p):
    from lib import budget
    from lib.format import master, store, unit_form

    for i, code in enumerate(SUPPLIERS):
        master.save_master_row(db, p["sekcam"], YEAR, {
            "sasaran": "Meningkatnya kualitas pelayanan", "indikator": f"Indikator {code}",
            "target": "100%", "unit": code, "program": "Program Pelayanan",
            "sumber_data": "Laporan"}, now=T)
        master.save_master_row(db, p["sekcam"], YEAR, {
            "sasaran": "Meningkatnya kualitas pelayanan", "indikator": f"Cadangan {code}",
            "target": "10 dokumen", "unit": code}, now=T)
    for code in SUPPLIERS:
        rows = store.list_rows(db, YEAR, code)
        unit_form.save_unit_form(db, p[code], YEAR, code,
                                 {r["id"]: {"realisasi": "90%" if r["target"] == "100%"
                                            else "8 dokumen"} for r in rows},
                                 store.form_rev(db, YEAR, code), now=T)
    budget.save_budget_row(db, p["umum"], YEAR, "Program Pelayanan", "Rp10.000.000",
                           "Rp9.000.000", now=T)


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """State name -> folder holding perkin.db and uploads/ of that state."""
    from db import connect, migrate
    from lib import demo, files, office
    from lib.format import review, store

    root = tmp_path_factory.mktemp("templates")
    work = root / "work"
    work.mkdir()
    mp = pytest.MonkeyPatch()
    mp.setenv("PERKIN_DATA_DIR", str(work))
    out = {}
    db = connect(work / "perkin.db")
    try:
        migrate(db)
        office.seed_defaults(db)
        demo.init_office(db, demo=True)
        p = _people(db)
        _seed_rows(db, p)
        clk = Clock()

        def snap(name):
            dest = root / name
            dest.mkdir()
            src = sqlite3.connect(str(work / "perkin.db"))
            dst = sqlite3.connect(str(dest / "perkin.db"))
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            dst.close()
            src.close()
            if (work / "uploads").exists():
                shutil.copytree(work / "uploads", dest / "uploads")
            out[name] = dest

        snap("nocycle")
        run_to(db, p, 2, clk)
        snap("step2")
        do_step(db, p, 2, clk)
        pem_row = store.list_rows(db, YEAR, "pem")[0]["id"]
        files.save_file(db, p["pem"], kind="evidence", data=PDF, original_name="bukti.pdf",
                        year=YEAR, unit_code="pem", indicator_id=pem_row, now=T)
        snap("step3")
        for step in range(3, 14):
            if step == 5:
                review.add_comment(db, p["sekcam"], pem_row, "Mohon lengkapi bukti.", now=T)
            if step == 10:   # the approval needs a report fit to approve (issue #14)
                make_ready(db, p, YEAR, clk.t)
            if step in (4, 5, 6, 7, 10, 11):
                snap(f"step{step}")
            do_step(db, p, step, clk)
        snap("done")
    finally:
        db.conn.close()
        mp.undo()
    return out


def fresh(templates, state, tmp_path, monkeypatch, n=[0]):  # noqa: B006 - a counter
    from db import connect

    n[0] += 1
    d = tmp_path / f"d{n[0]}"
    shutil.copytree(templates[state], d)
    monkeypatch.setenv("PERKIN_DATA_DIR", str(d))
    return connect(d / "perkin.db")


def _fingerprint(db):
    return (db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM events").fetchone(),
            db.execute("PRAGMA data_version").fetchone(), db.conn.total_changes)


# ------------------------------------------------------------------ the expectations
@dataclass
class Case:
    state: str
    call: Callable          # call(db, people, user)
    allowed: set[str]
    skip: dict[str, str] = field(default_factory=dict)  # persona -> why not tried
    label: str = ""
    prepare: Callable | None = None  # prepare(db, people) -> people["ctx"], before the calls


def _row(db, code, n=0):
    from lib.format import store

    return store.list_rows(db, YEAR, code)[n]["id"]


def _c(state, allowed, label=""):
    def wrap(fn):
        return Case(state, fn, set(allowed), label=label)
    return wrap


def _svc(mod):
    return importlib.import_module(f"lib.{mod}")


ADMIN = {"admin", "operator"}
CASES: dict[str, list[Case]] = {
    "archive.upload_scan": [Case("done", lambda db, p, u: _svc("archive").upload_scan(
        db, u, YEAR, PDF + u.username.encode(), now=T), {"jf", "sekcam"})],
    "archive.withdraw_scan": [Case(
        "done", lambda db, p, u: _svc("archive").withdraw_scan(db, u, p["ctx"], "Salah berkas",
                                                               now=T), ADMIN,
        prepare=lambda db, p: _svc("archive").upload_scan(db, p["jf"], YEAR, PDF + b"tarik",
                                                          now=T)["id"])],
    "budget.save_budget_row": [Case("step3", lambda db, p, u: _svc("budget").save_budget_row(
        db, u, YEAR, "Program Baru", "Rp1.000", "Rp500", now=T), {"umum"})],
    "budget.delete_budget_row": [Case("step3", lambda db, p, u: _svc("budget").delete_budget_row(
        db, u, YEAR, _svc("budget").list_budget(db, YEAR)[0].id, now=T), {"umum"})],
    "services.workflow.start_cycle": [Case("nocycle", lambda db, p, u: _svc("services.workflow").start_cycle(
        db, u, YEAR, nota_number="800/009/CGG/I/2027", now=T), {"camat"})],
    "cycles.note_unit_draft": [Case("step3", lambda db, p, u: _svc("cycles").note_unit_draft(
        db, u, YEAR, "pem", now=T), {"pem", "operator"})],
    "services.workflow.submit_unit": [Case("step3", lambda db, p, u: _svc("services.workflow").submit_unit(
        db, u, YEAR, "pem", now=T), {"pem"})],
    "services.workflow.review_unit": [Case("step5", lambda db, p, u: _svc("services.workflow").review_unit(
        db, u, YEAR, "pem", "kembalikan", "Bukti kurang", now=T), {"sekcam"})],
    "services.workflow.withdraw_decision": [Case("step5", lambda db, p, u: _svc(
        "services.workflow").withdraw_decision(db, u, YEAR, "pem", "Keputusan keliru", now=T),
        {"sekcam"}, prepare=lambda db, p: _svc("services.workflow").review_unit(
            db, p["sekcam"], YEAR, "pem", "terima", now=T))],
    "services.workflow.review_draft": [Case("step7", lambda db, p, u: _svc("services.workflow").review_draft(
        db, u, YEAR, "kembalikan", "Bab III kurang", now=T), {"sekcam"})],
    "services.workflow.approve": [Case("step10", lambda db, p, u: _svc("services.workflow").approve(
        db, u, YEAR, now=T), {"camat"})],
    "services.workflow.return_from_approval": [Case("step10", lambda db, p, u: _svc("services.workflow").return_from_approval(db, u, YEAR, "Perbaiki kata pengantar", now=T),
        {"camat"})],
    "services.workflow.reopen": [Case("done", lambda db, p, u: _svc("services.workflow").reopen(
        db, u, YEAR, "Salah angka", now=T), {"camat"})],
    "files.save_file": [
        Case("step3", lambda db, p, u: _svc("files").save_file(
            db, u, kind="evidence", data=PNG, original_name="foto.png", year=YEAR,
            unit_code="pem", now=T), {"pem", "operator"}, label="evidence"),
        Case("step3", lambda db, p, u: _svc("files").save_file(
            db, u, kind="reference", label="Renstra", data=PDF, original_name="r.pdf",
            year=YEAR, now=T), {"sekcam"}, label="reference"),
        Case("done", lambda db, p, u: _svc("files").save_file(
            db, u, kind="scan", data=PDF, original_name="s.pdf", year=YEAR, now=T),
            {"jf", "sekcam"}, label="scan"),
    ],
    "files.delete_file": [Case("step3", lambda db, p, u: _svc("files").delete_file(
        db, u, _svc("files").list_files(db, kind="evidence")[0].id, now=T), {"pem", "operator"})],
    "format.master.save_master_row": [Case("nocycle", lambda db, p, u: _svc("format.master").save_master_row(
        db, u, YEAR, {"sasaran": "S", "indikator": "Baru", "target": "5 dokumen", "unit": "pem"},
        now=T), {"sekcam", "operator"})],
    "format.master.delete_master_row": [Case(
        "nocycle", lambda db, p, u: _svc("format.master").delete_master_row(db, u, p["ctx"], now=T),
        {"sekcam", "operator"}, prepare=lambda db, p: _svc("format.master").save_master_row(
            db, p["sekcam"], YEAR, {"sasaran": "S", "indikator": "Hapus", "target": "1 dokumen",
                                    "unit": "pem"}, now=T))],
    "format.master.copy_from_last_year": [Case("nocycle", lambda db, p, u: _svc(
        "format.master").copy_from_last_year(db, u, YEAR + 1, now=T), {"sekcam", "operator"})],
    "format.unit_form.save_unit_form": [
        Case("step3", lambda db, p, u: _svc("format.unit_form").save_unit_form(
            db, u, YEAR, "pem", {_row(db, "pem"): {"realisasi": "95%"}},
            _svc("format.store").form_rev(db, YEAR, "pem"), now=T), {"pem", "operator"},
            label="own unit pem"),
        Case("step3", lambda db, p, u: _svc("format.unit_form").save_unit_form(
            db, u, YEAR, "kesos", {_row(db, "kesos"): {"ket": "catatan"}},
            _svc("format.store").form_rev(db, YEAR, "kesos"), now=T), {"kesos", "operator"},
            label="own unit kesos"),
    ],
    "format.unit_form.add_unit_row": [Case("step3", lambda db, p, u: _svc("format.unit_form").add_unit_row(
        db, u, YEAR, "pem", {"sasaran": "S", "indikator": "Tambahan", "target": "2 kegiatan"},
        now=T), {"pem", "operator"})],
    "format.workbook.preview_import": [Case("step3", lambda db, p, u: _svc("format.workbook").preview_import(
        db, u, YEAR, _svc("format.workbook").export_unit_xlsx(db, YEAR, "pem"), "pem"),
        {"pem", "sekcam", "operator"})],
    "format.workbook.apply_import": [
        Case("step3", lambda db, p, u: _svc("format.workbook").apply_import(
            db, u, _svc("format.workbook").preview_import(
                db, p["pem"], YEAR, _svc("format.workbook").export_unit_xlsx(db, YEAR, "pem"), "pem"),
            now=T), {"pem", "operator"}, label="unit"),
        Case("nocycle", lambda db, p, u: _svc("format.workbook").apply_import(
            db, u, _svc("format.workbook").preview_import(
                db, p["sekcam"], YEAR, _svc("format.workbook").export_unit_xlsx(db, YEAR, "pem")),
            now=T), {"sekcam", "operator"}, label="master"),
    ],
    "format.review.add_comment": [Case("step5", lambda db, p, u: _svc("format.review").add_comment(
        db, u, _row(db, "pem"), "Periksa lagi", now=T), {"sekcam"})],
    "format.review.resolve_comment": [Case("step5", lambda db, p, u: _svc("format.review").resolve_comment(
        db, u, _svc("format.review").list_comments(db, YEAR, "pem")[0]["id"], now=T), {"sekcam"})],
    "format.review.correct_cell": [Case("step5", lambda db, p, u: _svc("format.review").correct_cell(
        db, u, _row(db, "pem"), "realisasi", "91%", "Salah ketik", now=T), {"sekcam"})],
    "lkjip.analyses.save": [Case("step6", lambda db, p, u: _svc("lkjip.analyses").save(
        db, u, YEAR, p["ctx"], {"pendukung": "Koordinasi baik."}, now=T), {"pep"},
        prepare=lambda db, p: _prep_period(db, p)["sasaran"])],
    "lkjip.reviu.record": [Case("step10", lambda db, p, u: _svc("lkjip.reviu").record(
        db, u, YEAR, {"reviewer": "Pereviu " + u.username, "nip": "197905122005012008",
                      "reviewed_on": T.date(), "result": "Akurat, andal dan valid"}, now=T),
        {"sekcam", "operator"})],
    "narratives.save": [Case("step6", lambda db, p, u: _svc("narratives").save(
        db, u, YEAR, {"kata_pengantar": "Kata pengantar baru."}, {}, now=T), {"pep"})],
    "monitoring.progress": [Case("step5", lambda db, p, u: _svc("monitoring").progress(
        db, u, YEAR, now=T), {"sekcam", "camat"})],
    "monitoring.unit_matrix": [Case("step5", lambda db, p, u: _svc("monitoring").unit_matrix(
        db, u, YEAR), {"sekcam", "camat"})],
    "monitoring.minutes_per_step": [Case("step5", lambda db, p, u: _svc(
        "monitoring").minutes_per_step(db, u, YEAR, now=T), {"sekcam", "camat"})],
    "monitoring.capaian_overview": [Case("step5", lambda db, p, u: _svc(
        "monitoring").capaian_overview(db, u, [YEAR]), {"sekcam", "camat"})],
    "office.set_setting": [Case("nocycle", lambda db, p, u: _svc("office").set_setting(
        db, u, "paper", "F4", now=T), ADMIN)],
    "office.set_settings": [Case("nocycle", lambda db, p, u: _svc("office").set_settings(
        db, u, {"paper": "F4", "report_title": "LKjIP"}, now=T), ADMIN)],
    "letterhead.save": [Case("nocycle", lambda db, p, u: _svc("letterhead").save(
        db, u, paper_size="A4", margins={"left": 3, "right": 2, "top": 2, "bottom": 2.5},
        website="guguak.example.go.id", tembusan="Arsip", now=T), ADMIN)],
    "office.update_profile": [Case("nocycle", lambda db, p, u: _svc("office").update_profile(
        db, u, {**_svc("office").get_profile(db), "alamat": "Jl. Raya Guguak No. 1"}, now=T),
        ADMIN)],
    "office.save_unit": [Case("nocycle", lambda db, p, u: _svc("office").save_unit(
        db, u, code="baru", name="Seksi Baru", new=True, now=T), ADMIN)],
    "office_calendar.set_office_hours": [Case("nocycle", lambda db, p, u: _svc(
        "office_calendar").set_office_hours(db, u, _svc("office_calendar").get_office_hours(db),
                                            now=T), ADMIN)],
    "office_calendar.add_holiday": [Case("nocycle", lambda db, p, u: _svc(
        "office_calendar").add_holiday(db, u, dt.date(2027, 8, 17), "Hari Kemerdekaan", now=T),
        ADMIN)],
    "office_calendar.remove_holiday": [Case(
        "nocycle", lambda db, p, u: _svc("office_calendar").remove_holiday(
            db, u, dt.date(2027, 8, 18), now=T), ADMIN,
        prepare=lambda db, p: _svc("office_calendar").add_holiday(
            db, OPERATOR, dt.date(2027, 8, 18), "Cuti bersama", now=T))],
    "sop.save_revision": [Case("nocycle", lambda db, p, u: _svc("sop").save_revision(
        db, u, header=_svc("sop").load_current(db).header,
        steps=list(_svc("sop").load_current(db).steps), note="uji", now=T), ADMIN)],
    "register.take": [
        Case("nocycle", lambda db, p, u: _svc("register").take(
            db, u, doc_type="surat-pengantar", date=dt.date(2027, 1, 22), now=T),
            {"jf", "sekcam", "operator"}, label="surat pengantar"),
        Case("nocycle", lambda db, p, u: _svc("register").take(
            db, u, doc_type="nota-dinas", date=dt.date(2027, 1, 22), now=T),
            {"jf", "sekcam", "operator", "camat"}, label="nota dinas"),
    ],
    "register.cancel": [Case(
        "nocycle", lambda db, p, u: _svc("register").cancel(db, u, p["ctx"], "Salah tujuan",
                                                            now=T), {"jf", "sekcam", "operator"},
        prepare=lambda db, p: _svc("register").take(
            db, p["jf"], doc_type="lainnya", date=dt.date(2027, 1, 22), now=T)["number"])],
    "users.create_user": [Case("nocycle", lambda db, p, u: _svc("users").create_user(
        db, u, username="staf", name="Staf Baru", role="jf", password=PW, password2=PW, now=T),
        ADMIN)],
    "users.update_user": [Case("nocycle", lambda db, p, u: _svc("users").update_user(
        db, u, "jf", name="Yulia Fitri", role="jf", now=T), ADMIN)],
    "users.set_active": [Case("nocycle", lambda db, p, u: _svc("users").set_active(
        db, u, "pmd", False, now=T), ADMIN)],
    "users.change_password": [Case("nocycle", lambda db, p, u: _svc("users").change_password(
        db, u, "perkin-demo", PW, PW, now=T), EVERYONE - {"operator"},
        skip={"operator": "no account of its own; acts on one's own password only"})],
    "users.reset_password": [Case("nocycle", lambda db, p, u: _svc("users").reset_password(
        db, u, "pmd", PW, PW, now=T), ADMIN)],
    "sessions.end_all": [Case("nocycle", lambda db, p, u: _svc("sessions").end_all(
        db, u, "pmd", now=T), ADMIN | {"pmd"}, label="pmd's sessions: pmd or the admin",
        prepare=lambda db, p: _svc("sessions").start(db, p["pmd"], now=T))],
    "sessions.start": [Case("nocycle", lambda db, p, u: _svc("sessions").start(db, u, now=T),
                            EVERYONE - {"operator"},
                            label="one's own, after the password (operator has no account)")],
    "sessions.live_sessions": [Case("nocycle", lambda db, p, u: _svc("sessions").live_sessions(
        db, u, now=T), ADMIN)],
}

# complete_step: single-run steps, by their actor only
def _complete(step_no):
    from tests.cyclehelp import data_for

    kinds = {2: "rapat_koordinasi", 4: "himpun", 6: "draft", 8: "rapat_finalisasi", 9: "serah",
             11: "surat_pengantar", 12: "penggandaan", 13: "pengiriman"}
    return lambda db, p, u: _svc("services.workflow").complete_step(db, u, YEAR, step_no,
                                                         data_for(kinds[step_no]), now=T)


CASES["services.workflow.complete_step"] = [
    Case("step2", _complete(2), {"sekcam"}, label="langkah 2"),
    Case("step4", _complete(4), {"jf"}, label="langkah 4"),
    Case("step6", _complete(6), {"pep"}, label="langkah 6"),
    Case("step11", _complete(11), {"jf"}, label="langkah 11"),
]

# ------------------------------------------------------------------ planning facts (#13)
SEKCAM = {"sekcam", "operator"}
PROGRAM_OWNERS = {"sekcam", "umum", "operator"}


def _pl(mod):
    return _svc(f"planning.{mod}")


def _prep_program(db, p, year=YEAR):
    return _pl("programs").save_program(db, OPERATOR, year, {"name": "Program Siap", "pagu": 1},
                                        now=T)


def _prep_period(db, p):
    pid = _pl("renstra").save_period(db, OPERATOR, {"start_year": YEAR - 2,
                                                    "end_year": YEAR + 2, "visi": "Visi"}, now=T)
    sid = _pl("renstra").save_sasaran(db, OPERATOR, pid, {"text": "Sasaran siap"}, now=T)
    return {"period": pid, "sasaran": sid}


def _card(db):
    return _pl("cards").card_of_row(db, _row(db, "pem")).id


def _years_xlsx(db):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Indikator Kinerja", "Tahun", "Target", "Realisasi", "Unit"])
    ws.append(["Indikator pem", YEAR - 5, "100%", "80%", "pem"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _prep_pk(db, p):
    return _pl("pk").create_first(db, OPERATOR, YEAR, dt.date(YEAR, 1, 31), now=T)


def _prep_review(db, p):
    _prep_pk(db, p)
    _pl("pk").revise(db, OPERATOR, YEAR, alasan="prioritas", tanggal=dt.date(YEAR, 6, 1),
                     targets={_row(db, "pem"): "95%"}, now=T)
    return _pl("pk").reviews(db, YEAR)[0]["id"]


def _case(state, call, allowed, prepare=None, label=""):
    return [Case(state, call, set(allowed), label=label, prepare=prepare)]


CASES.update({
    "planning.programs.save_program": _case("nocycle", lambda db, p, u: _pl("programs")
        .save_program(db, u, YEAR, {"name": f"Program {u.username}", "pagu": "Rp1.000"},
                      now=T), PROGRAM_OWNERS),
    "planning.programs.delete_program": _case("nocycle", lambda db, p, u: _pl("programs")
        .delete_program(db, u, p["ctx"], now=T), PROGRAM_OWNERS, _prep_program),
    "planning.programs.copy_year": _case("nocycle", lambda db, p, u: _pl("programs")
        .copy_year(db, u, YEAR, now=T), PROGRAM_OWNERS,
        lambda db, p: _prep_program(db, p, YEAR - 1)),
    "planning.programs.link_budget_row": _case("nocycle", lambda db, p, u: _pl("programs")
        .link_budget_row(db, u, _svc("budget").list_budget(db, YEAR)[0].id, p["ctx"], now=T),
        PROGRAM_OWNERS | {"admin"}, _prep_program),
    "planning.programs.link_indicator_row": _case("nocycle", lambda db, p, u: _pl("programs")
        .link_indicator_row(db, u, _row(db, "pem"), p["ctx"], now=T), SEKCAM, _prep_program),
    "planning.renstra.save_period": _case("nocycle", lambda db, p, u: _pl("renstra")
        .save_period(db, u, {"start_year": 2021, "end_year": 2026, "visi": "Visi"}, now=T),
        SEKCAM),
    "planning.renstra.save_sasaran": _case("nocycle", lambda db, p, u: _pl("renstra")
        .save_sasaran(db, u, p["ctx"]["period"], {"text": "Sasaran baru"}, now=T), SEKCAM,
        _prep_period),
    "planning.renstra.delete_sasaran": _case("nocycle", lambda db, p, u: _pl("renstra")
        .delete_sasaran(db, u, p["ctx"]["sasaran"], now=T), SEKCAM, _prep_period),
    "planning.renstra.link_row": _case("nocycle", lambda db, p, u: _pl("renstra")
        .link_row(db, u, _row(db, "pem"), p["ctx"]["sasaran"], now=T), SEKCAM, _prep_period),
    "planning.renstra.link_year": _case("nocycle", lambda db, p, u: _pl("renstra")
        .link_year(db, u, YEAR, now=T), SEKCAM, _prep_period),
    "planning.cards.save_card": _case("nocycle", lambda db, p, u: _pl("cards")
        .save_card(db, u, _card(db), {"definisi": "Definisi", "unit": "pem"}, now=T), SEKCAM),
    "planning.cards.carry_from_last_year": _case("nocycle", lambda db, p, u: _pl("cards")
        .carry_from_last_year(db, u, YEAR, now=T), SEKCAM),
    "planning.cards.set_year": _case("nocycle", lambda db, p, u: _pl("cards")
        .set_year(db, u, _card(db), YEAR - 5, "100%", "80%", now=T), SEKCAM),
    "planning.cards.delete_year": _case("nocycle", lambda db, p, u: _pl("cards")
        .delete_year(db, u, _card(db), YEAR - 5, now=T), SEKCAM,
        lambda db, p: _pl("cards").set_year(db, OPERATOR, _card(db), YEAR - 5, "1", "1", now=T)),
    "planning.cards.preview_years_import": _case("nocycle", lambda db, p, u: _pl("cards")
        .preview_years_import(db, u, _years_xlsx(db)), SEKCAM),
    "planning.cards.apply_years_import": _case("nocycle", lambda db, p, u: _pl("cards")
        .apply_years_import(db, u, p["ctx"], now=T), SEKCAM,
        lambda db, p: _pl("cards").preview_years_import(db, OPERATOR, _years_xlsx(db))),
    "planning.facts.save_facts": _case("nocycle", lambda db, p, u: _pl("facts")
        .save_facts(db, u, {"luas_wilayah": "106,2"}, now=T), ADMIN),
    "planning.facts.save_sdm": _case("nocycle", lambda db, p, u: _pl("facts")
        .save_sdm(db, u, YEAR, {"golongan": {"III": 3}}, now=T), {"umum", "operator"}),
    "planning.pk.create_first": _case("nocycle", lambda db, p, u: _pl("pk")
        .create_first(db, u, YEAR, dt.date(YEAR, 1, 31), now=T), SEKCAM),
    "planning.pk.revise": _case("nocycle", lambda db, p, u: _pl("pk")
        .revise(db, u, YEAR, alasan="prioritas", tanggal=dt.date(YEAR, 6, 1),
                targets={_row(db, "pem"): "95%"}, now=T), SEKCAM, _prep_pk),
    "planning.pk.resolve_review": _case("step5", lambda db, p, u: _pl("pk")
        .resolve_review(db, u, p["ctx"], now=T), SEKCAM, _prep_review),
    "planning.pk.upload_scan": _case("nocycle", lambda db, p, u: _pl("pk")
        .upload_scan(db, u, YEAR, 1, PNG, "pk.png", now=T),
        {"sekcam", "camat", "jf", "operator"}, _prep_pk),
})

# Functions with (db, user) that need no expectation of their own, and why.
NOT_SERVICES = {
    "planning.links.import_programs": "resolves column 6 inside workbook.apply_import's "
                                      "checked transaction; creating a programme there checks "
                                      "program.edit (tests/test_planning_forms.py)",
    "events.record": "records what a service did, inside that service's own checked transaction",
    "cycles.available_actions": "lists the buttons a user may press; reads only",
    "cycles.check_start": "step 1's checks, run by services.workflow.start_cycle; reads only",
    "cycles.check_submit": "step 3's checks, run by services.workflow.submit_unit; reads only",
    "cycles.check_completion": "a step's checks, run by services.workflow.complete_step; reads "
                               "only",
    "archive.store_final": "stores what services.workflow.approve rendered, inside that "
                           "service's own checked transaction",
    "cycles.start_cycle": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.start_cycle, whose expectation covers it",
    "cycles.submit_unit": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.submit_unit, whose expectation covers it",
    "cycles.review_unit": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.review_unit, whose expectation covers it",
    "cycles.review_draft": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.review_draft, whose expectation covers it",
    "cycles.approve": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.approve, whose expectation covers it",
    "cycles.return_from_approval": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.return_from_approval, whose expectation covers it",
    "cycles.reopen": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.reopen, whose expectation covers it",
    "cycles.complete_step": "the state machine's transition, run (with the same checks) by "
                 "services.workflow.complete_step, whose expectation covers it",
    "decisions.withdraw": "the state machine's withdrawal, run (with the same checks) by "
                          "services.workflow.withdraw_decision, whose expectation covers it",
    "tasks.my_tasks": "the Beranda cards of cycles.available_actions; reads only",
}


def discover() -> set[str]:
    """``module.function`` (module relative to lib, packages included) of every service."""
    found = set()
    for m in pkgutil.walk_packages(lib.__path__, "lib."):
        mod = importlib.import_module(m.name)
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            if fn.__module__ != mod.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(fn).parameters)
            if len(params) >= 2 and params[0] == "db" and params[1] in ("user", "actor"):
                found.add(f"{m.name[len('lib.'):]}.{name}")
    return found


def test_every_service_has_an_expectation():
    found = discover()
    missing = sorted(found - set(CASES) - set(NOT_SERVICES))
    assert not missing, f"services without an access expectation: {missing}"
    stale = sorted((set(CASES) | set(NOT_SERVICES)) - found)
    assert not stale, f"expectations for services that no longer exist: {stale}"


def _params():
    for name, cases in sorted(CASES.items()):
        for i, case in enumerate(cases):
            yield pytest.param(name, i, id=f"{name}[{case.label or i}]")


@pytest.mark.parametrize("name,index", list(_params()))
def test_service_as_every_role(name, index, templates, tmp_path, monkeypatch):
    case = CASES[name][index]
    assert case.allowed <= EVERYONE
    denied = sorted(EVERYONE - case.allowed - set(case.skip))
    db = fresh(templates, case.state, tmp_path, monkeypatch)
    try:
        people = _people(db)
        if case.prepare:
            people["ctx"] = case.prepare(db, people)
        before = None
        for persona in denied:
            before = before or _fingerprint(db)
            with pytest.raises(PermissionDenied) as err:
                case.call(db, people, people[persona])
            assert str(err.value).strip(), "a refusal says why, in Indonesian"
        if before is not None:
            assert _fingerprint(db)[0] == before[0], "a refused call wrote an event"
    finally:
        db.conn.close()
    for persona in sorted(case.allowed):
        db = fresh(templates, case.state, tmp_path, monkeypatch)
        try:
            people = _people(db)
            if case.prepare:
                people["ctx"] = case.prepare(db, people)
            case.call(db, people, people[persona])  # works, no exception at all
        finally:
            db.conn.close()


def test_read_only_helpers_write_nothing(templates, tmp_path, monkeypatch):
    from lib import cycles

    db = fresh(templates, "step5", tmp_path, monkeypatch)
    try:
        people = _people(db)
        before = _fingerprint(db)
        for persona in sorted(EVERYONE):
            cycles.available_actions(db, people[persona], YEAR, now=T)
        assert _fingerprint(db) == before
        assert cycles.available_actions(db, people["sekcam"], YEAR, now=T)  # step 5 is hers
        assert not cycles.available_actions(db, people["pem"], YEAR, now=T)
    finally:
        db.conn.close()


def test_unit_head_sees_only_own_unit_form_in_the_app(templates, tmp_path, monkeypatch):
    """The Formulir page offers a unit head only the units they head."""
    db = fresh(templates, "step3", tmp_path, monkeypatch)
    db.conn.close()
    at = login_as("pem")
    at.switch_page("pages/formulir.py").run()
    assert not at.exception
    shown = " ".join(str(s.value) for s in at.markdown) + " ".join(
        str(getattr(s, "value", "")) for s in at.selectbox)
    rendered = " ".join(str(x) for x in at.main)
    assert "Indikator pem" in rendered
    assert "Indikator kesos" not in rendered and "Indikator pmd" not in rendered, shown


# ------------------------------------------------------------------ pages as every role
PAGE_EXPECT = {
    # page -> personas that may open it (DOMAIN.md §3); everyone else is refused
    "pages/beranda.py": EVERYONE - {"operator"},
    "pages/siklus.py": EVERYONE - {"operator"},
    "pages/formulir.py": KASI,
    "pages/master.py": {"sekcam"},
    "pages/perencanaan.py": EVERYONE - {"operator"},
    "pages/pemeriksaan.py": {"sekcam"},
    "pages/rekap.py": EVERYONE - {"operator"},
    "pages/referensi.py": EVERYONE - {"operator"},
    "pages/anggaran.py": {"umum"},
    "pages/penyusunan.py": {"pep"},
    "pages/pemantauan.py": {"sekcam", "camat"},
    "pages/persetujuan.py": {"camat"},
    "pages/reviu.py": {"sekcam"},
    "pages/dokumen.py": EVERYONE - {"operator"},
    "pages/register.py": {"jf", "sekcam"},
    "pages/riwayat.py": {"camat", "sekcam", "jf", "admin"},
    "pages/admin_profil.py": {"admin"},
    "pages/admin_unit.py": {"admin"},
    "pages/admin_pengguna.py": {"admin"},
    "pages/admin_kalender.py": {"admin"},
    "pages/admin_sop.py": {"admin"},
    "pages/panduan.py": EVERYONE - {"operator"},
    "pages/akun.py": EVERYONE - {"operator"},
    "pages/verifikasi.py": EVERYONE - {"operator"},
}
APP_PERSONAS = sorted(EVERYONE - {"operator"})


def test_page_table_covers_the_registry():
    from pages import _ui

    assert {p.path for p in _ui.PAGES} == set(PAGE_EXPECT)


@pytest.mark.parametrize("persona", APP_PERSONAS)
def test_registered_pages_per_role(persona, demo_db):
    from pages import _ui

    user = _people(demo_db)[persona]
    registered = {p.path for p in _ui.pages_for(user)}
    expected = {path for path, who in PAGE_EXPECT.items()
                if persona in who and (lib.paths.ROOT / path).exists()
                and (lib.paths.ROOT / path).stat().st_size > 0}
    assert registered == expected


def app_test_file(path):
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(lib.paths.ROOT / path), default_timeout=30)


@pytest.mark.parametrize("persona", APP_PERSONAS)
def test_every_allowed_page_opens(persona, demo_db):
    """Through the app frame, as after a real login: each page of the role's menu runs
    without an exception and without the refusal."""
    at = login_as(persona)
    assert not at.exception
    for path in _existing(p for p, who in PAGE_EXPECT.items() if persona in who):
        at.switch_page(path).run()
        assert not at.exception, (path, at.exception)
        assert not [e for e in at.error if "tidak berhak membuka" in str(e.value)], path
        assert any("MODE DEMO" in str(w.value) for w in at.warning), path  # on every page
    others = _existing(p for p, who in PAGE_EXPECT.items() if persona not in who)
    for path in others:  # not in this role's navigation
        with pytest.raises(ValueError):
            at.switch_page(path).run()


def _existing(paths_):
    from lib import paths

    return [p for p in paths_ if (paths.ROOT / p).exists() and (paths.ROOT / p).stat().st_size]


def _own_guard(path: str) -> bool:
    """The page's first statement after its imports is _ui.require_page(<its own path>)."""
    import ast

    from lib import paths

    tree = ast.parse((paths.ROOT / path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) or (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            continue
        call = node.value if isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
        return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "require_page" and call.args
                and isinstance(call.args[0], ast.Constant) and call.args[0].value == path)
    return False


@pytest.mark.parametrize("path", sorted(p for p in PAGE_EXPECT if p != "pages/verifikasi.py"))
def test_forced_page_refuses_a_role_that_may_not_open_it(path, demo_db):
    """A crafted request for a page outside the role's menu: the page itself refuses
    (every role that may not open it is checked through the guard; one runs the real file)."""
    if not _existing([path]):
        pytest.skip(f"{path} is not there yet")
    assert _own_guard(path), f"{path} must start with _ui.require_page({path!r})"
    denied = sorted(set(APP_PERSONAS) - PAGE_EXPECT[path])
    if denied:
        persona = denied[sorted(PAGE_EXPECT).index(path) % len(denied)]  # vary who tries
        page = app_test_file(path)
        page.session_state["perkin.frame"] = True   # a crafted request inside a live session
        page.session_state["authentication_status"] = True
        page.session_state["username"] = persona
        page.run()
        assert not page.exception
        assert [str(e.value) for e in page.error] == ["Anda tidak berhak membuka halaman ini."]
    else:  # pages for every role are still closed to a visitor not logged in
        anonymous = app_test_file(path)
        anonymous.session_state["perkin.frame"] = True
        anonymous.run()
        assert [str(e.value) for e in anonymous.error] == [
            "Anda tidak berhak membuka halaman ini."]
