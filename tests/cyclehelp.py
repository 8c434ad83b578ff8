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
        workflow.approve(db, people["camat"], year, now=clk.tick())
    else:
        actor = {"sekcam": "sekcam", "jf": "jf", "camat": "camat"}.get(step.actor_role) or (
            step.actor_unit or "pep")
        workflow.complete_step(db, people[actor], year, step_no, data_for(step.kind),
                               now=clk.tick())
