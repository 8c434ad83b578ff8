"""Drive a cycle through the real services to a given step, with fixed times."""
from __future__ import annotations

import datetime as dt

from lib import clock, cycles
from lib.services import workflow

SUPPLIERS = ["pem", "pmd", "kesos", "trantib", "pelayanan", "umum"]
YEAR = 2026


class Clock:
    """Office-time stepping: each tick moves on ``minutes`` (default 30)."""

    def __init__(self, start="2027-01-11T08:00:00"):  # a Monday
        self.t = clock.parse(start)

    def tick(self, minutes=30) -> dt.datetime:
        self.t = self.t + dt.timedelta(minutes=minutes)
        return self.t


MEETING = {"tanggal": dt.date(2027, 1, 20), "tempat": "Aula Kantor Camat", "waktu": "09.00",
           "peserta": ["Camat", "Sekcam"], "agenda": "Finalisasi LAKIP",
           "keputusan": "LAKIP disetujui untuk diajukan"}


def data_for(kind: str) -> dict:
    return {
        "rapat_koordinasi": {"tanggal": dt.date(2027, 1, 11), "peserta": ["Sekcam", "Kasi"],
                             "format_diserahkan": True},
        "himpun": {"catatan": "lengkap"},
        "draft": {"catatan": "draft"},
        "rapat_finalisasi": MEETING,
        "serah": {"tanggal": dt.date(2027, 1, 21)},
        "surat_pengantar": {"kepada": "Bupati", "tanggal": dt.date(2027, 1, 22)},
        "penggandaan": {"eksemplar": 3},
        "pengiriman": {"kepada": "Bagian Organisasi", "tanggal": dt.date(2027, 1, 23),
                       "cara": "Diantar langsung", "diterima_oleh": "Budi", "eksemplar": 2},
        "umum": {"catatan": "selesai"},
    }[kind]


def run_to(db, people, step_no: int, clk: Clock | None = None, year: int = YEAR):
    """Advance a fresh cycle until ``step_no`` is the open step (no returns)."""
    clk = clk or Clock()
    if step_no >= 1 and cycles.find_cycle(db, year) is None:
        if step_no == 1:
            return clk
        workflow.start_cycle(db, people["camat"], year, nota_number=f"800/001/CGG/I/{year + 1}",
                             now=clk.tick())
    defn = cycles.definition(db, cycles.get_cycle(db, year))
    for step in defn.steps:
        if step.no < 2:
            continue
        if step.no >= step_no:
            break
        do_step(db, people, step.no, clk, year)
    approval = defn.step_of_kind("persetujuan")
    if approval is not None and approval.no == step_no:
        make_ready(db, people, year, clk.t)
    return clk


def do_step(db, people, step_no, clk, year=YEAR):
    cycle = cycles.get_cycle(db, year)
    step = cycles.definition(db, cycle).step(step_no)
    if step.kind == "isi_format":
        for code in SUPPLIERS:
            workflow.submit_unit(db, people[code], year, code, now=clk.tick())
    elif step.kind == "periksa_unit":
        for code in SUPPLIERS:
            workflow.review_unit(db, people["sekcam"], year, code, "terima", now=clk.tick())
    elif step.kind == "koreksi_draft":
        workflow.review_draft(db, people["sekcam"], year, "terima", now=clk.tick())
    elif step.kind == "persetujuan":
        make_ready(db, people, year, clk.t)
        workflow.approve(db, people["camat"], year, now=clk.tick())
    else:
        if step.kind == "draft":
            write_analyses(db, people, year, clk.t)   # as the PEP does before Draft selesai
        actor = {"sekcam": "sekcam", "jf": "jf", "camat": "camat"}.get(step.actor_role) or (
            step.actor_unit or "pep")
        workflow.complete_step(db, people[actor], year, step_no, data_for(step.kind),
                               now=clk.tick())


# ------------------------------------------------------------------ a report fit to approve
READY_SASARAN = "Meningkatnya akuntabilitas kinerja kecamatan"


def write_analyses(db, people, year: int = YEAR, now=None) -> int:
    """As the Kasubbag PEP: an analysis for every linked sasaran of the year still without
    one (what "Draft selesai" needs). Returns how many were written."""
    from lib.lkjip import analyses

    saved = analyses.for_year(db, year)
    n = 0
    for (sid,) in db.execute("SELECT DISTINCT sasaran_id FROM indicators WHERE year = ? AND "
                             "sasaran_id IS NOT NULL", [year]).fetchall():
        a = saved.get(sid)
        if a is None or a.missing():
            analyses.save(db, people["pep"], year, sid, {
                "pendukung": "Koordinasi antarseksi berjalan baik.",
                "penghambat": "Data dari nagari terlambat masuk.",
                "upaya": "Jadwal pengumpulan data ditetapkan sejak Januari."}, now=now)
            n += 1
    return n


def make_ready(db, people, year: int = YEAR, now=None) -> None:
    """Through the real services, what the readiness check needs before the Camat may
    approve: logo, Bupati name, SDM, Renstra with visi/misi and a sasaran, at least one
    indicator linked to it (unit pep, whose form the cycle does not lock), the PK and its
    scan, the analyses. Keeps whatever the office already has."""
    from lib import office
    from lib.format import master
    from lib.lkjip import readiness
    from lib.planning import facts, pk, pk_paper, renstra

    now = now or clock.now()
    if not office.get_profile(db).get("logo"):
        from lib.demo_lkjip import logo_png

        profile = office.get_profile(db)
        values = {k: profile.get(k) or "" for k in office.PROFILE_FIELDS}
        values["pemerintah"] = values["pemerintah"] or "Pemerintah Kabupaten Lima Puluh Kota"
        values["kecamatan"] = values["kecamatan"] or "Kecamatan Guguak"
        office.update_profile(db, people["admin"], values, logo=logo_png(), now=now)
    if not facts.get_facts(db).kepala_daerah_nama:
        facts.save_facts(db, people["admin"], {"kepala_daerah_nama": "H. Bupati Contoh",
                                               "kepala_daerah_jabatan": "Bupati Lima Puluh Kota"},
                         now=now)
    if not facts.sdm_saved(db, year):
        facts.save_sdm(db, people["umum"], year, {"golongan": {"III": 10},
                                                  "pendidikan": {"D-IV/S1": 10}}, now=now)
    period = renstra.period_for_year(db, year)
    if period is None:
        pid = renstra.save_period(db, people["sekcam"], {
            "start_year": year - 1, "end_year": year + 3, "visi": "Kecamatan yang melayani",
            "misi": ["Pelayanan prima"], "tujuan": ["Pelayanan meningkat"]}, now=now)
        period = renstra.get_period(db, pid)
    if not period.sasaran:
        renstra.save_sasaran(db, people["sekcam"], period.id, {"text": READY_SASARAN}, now=now)
        period = renstra.get_period(db, period.id)
    if not db.execute("SELECT 1 FROM indicators WHERE year = ?", [year]).fetchone():
        master.save_master_row(db, people["sekcam"], year, {
            "unit": "pep", "sasaran": period.sasaran[0].text, "indikator": "Nilai SAKIP",
            "satuan": "predikat", "polarity": "positif", "target": "BB", "program": "",
            "sumber_data": "LHE", "is_iku": True, "renstra_target": "A"}, now=now)
    renstra.link_year(db, people["sekcam"], year, now=now)
    for (row_id,) in db.execute("SELECT id FROM indicators WHERE year = ? AND sasaran_id IS "
                                "NULL", [year]).fetchall():
        renstra.link_row(db, people["sekcam"], row_id, period.sasaran[0].id, now=now)
    if pk.in_force(db, year) is None:
        pk.create_first(db, people["sekcam"], year, now.date(), now=now)
    v = pk.in_force(db, year)
    if not pk.list_scans(db, year, v.versi):
        pk.upload_scan(db, people["sekcam"], year, v.versi,
                       pk_paper.render(db, year, v.versi)[0], "pk.pdf", now=now)
    write_analyses(db, people, year, now)
    left = readiness.check(db, year).blocking
    assert not left, [i.line() for i in left]
