"""The test offices the benchmarks run on, built through the services (the same
calls the pages make) and cached in ``bench/out/`` between runs.

``LARGE``: 10 years of cycles, 8 supplying units, 60 indicators per unit (480 a
year). Nine years run through all 13 steps (approval freezes the final LAKIP);
the last year (2026, the bench's current year) stops at step 5 with half the
units accepted, so the unit, review and rekap pages all have work to show.

``REPORT``: one year, 6 units x 50 = 300 indicators, all units submitted (step 4
open): the LAKIP, import/export and SOP-clock benchmarks start from copies of it.

bcrypt runs with 4 rounds while building (``PERKIN_BCRYPT_ROUNDS``), for setup
speed only; nothing measured hashes a password except the login form.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bench import OUT
from lib.services import workflow

BUILD_VERSION = 4  # bump when the generated data changes

EXTRA_UNITS = [("ekonomi", "Seksi Perekonomian", "Kasi Perekonomian"),
               ("lingkungan", "Seksi Lingkungan Hidup", "Kasi Lingkungan Hidup"),
               ("sosbud", "Seksi Sosial Budaya", "Kasi Sosial Budaya"),
               ("kominfo", "Seksi Informasi dan Komunikasi", "Kasi Informasi dan Komunikasi")]
DEFAULT_SUPPLIERS = ["pem", "pmd", "kesos", "trantib", "pelayanan", "umum"]
PROGRAMS = [
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
    "Program Pemberdayaan Masyarakat Desa dan Kelurahan",
    "Program Koordinasi Ketentraman dan Ketertiban Umum",
]
TOPICS = ["administrasi nagari", "pelayanan terpadu", "pemberdayaan kelompok", "bantuan sosial",
          "ketertiban umum", "pengelolaan arsip", "realisasi anggaran", "kepuasan masyarakat",
          "pembinaan lembaga", "penanganan pengaduan", "pendataan penduduk", "kegiatan linmas"]


@dataclass(frozen=True)
class OfficeSpec:
    name: str
    years: int          # cycles, ending with LAST_YEAR
    units: int          # supplying units (the 6 defaults, then EXTRA_UNITS)
    per_unit: int       # indicators per unit per year
    last: str           # state of the last year: "review" (step 5) | "compile" (step 4 open)

    @property
    def key(self) -> str:
        return (f"{self.name}-{self.years}y-{self.units}u-{self.per_unit}i-{self.last}"
                f"-v{BUILD_VERSION}")

    @property
    def rows_per_year(self) -> int:
        return self.units * self.per_unit


LAST_YEAR = 2026
LARGE = OfficeSpec("large", 10, 8, 60, "review")
REPORT = OfficeSpec("report", 1, 6, 50, "compile")
QUICK_LARGE = OfficeSpec("quick", 2, 8, 8, "review")
QUICK_REPORT = OfficeSpec("quickreport", 1, 6, 10, "compile")


class Clock:
    """Monotonic fake time: ``tick(minutes)``."""

    def __init__(self, start: dt.datetime):
        self.t = start

    def tick(self, minutes: int = 20) -> dt.datetime:
        self.t = self.t + dt.timedelta(minutes=minutes)
        return self.t


def _tz():
    from lib import clock
    return clock.TZ


def suppliers(spec: OfficeSpec) -> list[str]:
    codes = DEFAULT_SUPPLIERS + [c for c, _, _ in EXTRA_UNITS]
    if spec.units > len(codes):
        raise ValueError(f"at most {len(codes)} supplying units")
    return codes[: spec.units]


# ------------------------------------------------------------------ indicator text
def _indicator(unit_code: str, unit_name: str, i: int, per_unit: int, rng: random.Random):
    """One master row and a realisasi generator, deterministic per (unit, i)."""
    n_sasaran = max(1, per_unit // 10)
    k = i * n_sasaran // per_unit
    topic = TOPICS[(i + len(unit_code)) % len(TOPICS)]
    sasaran = (f"Meningkatnya kualitas {TOPICS[(k * 5 + len(unit_code)) % len(TOPICS)]} "
               f"pada {unit_name} (sasaran {k + 1})")
    kind = i % 6
    if kind == 0:
        target, satuan, pol = f"{rng.choice([80, 90, 95, 100])}%", "%", "positif"
        name = f"Persentase {topic} yang diselesaikan tepat waktu ({i + 1})"
    elif kind == 1:
        t = rng.choice([12, 24, 150, 1250])
        target, satuan, pol = f"{t:,} orang".replace(",", "."), "orang", "positif"
        name = f"Jumlah warga yang dilayani dalam {topic} ({i + 1})"
    elif kind == 2:
        target, satuan, pol = rng.choice(["BB", "B", "A"]), "predikat", "positif"
        name = f"Nilai evaluasi {topic} oleh inspektorat ({i + 1})"
    elif kind == 3:
        target, satuan, pol = "Ada", "ada/tidak", "positif"
        name = f"Tersedianya standar operasional {topic} ({i + 1})"
    elif kind == 4:
        t = rng.choice([10, 20, 45])
        target, satuan, pol = f"{t} kejadian", "kejadian", "negatif"
        name = f"Jumlah pengaduan masyarakat terkait {topic} ({i + 1})"
    else:
        target, satuan, pol = f"{rng.choice([80, 82, 85])},5", "indeks", "positif"
        name = f"Indeks kepuasan masyarakat atas {topic} ({i + 1})"
    program = f"{PROGRAMS[i % len(PROGRAMS)]} - Kegiatan {topic} {i % 5 + 1}"
    row = {"unit": unit_code, "sasaran": sasaran, "indikator": name, "satuan": satuan,
           "polarity": pol, "target": target, "is_iku": i % 7 == 0,
           "renstra_target": target if i % 7 == 0 else "", "program": program,
           "sumber_data": f"Laporan {unit_name}"}
    return row


def realisasi(target: str, rng: random.Random) -> str:
    """A plausible realisasi text for ``target`` (same satuan)."""
    from lib.numbers import parse_value

    t = target.strip()
    if t in ("A", "AA", "BB", "B", "CC", "C"):
        return rng.choice(["B", "BB", "A", "CC"])
    if t == "Ada":
        return rng.choice(["Ada", "Ada", "Ada", "Tidak ada"])
    p = parse_value(t)
    value = float(p.value) * rng.uniform(0.6, 1.15)
    if t.endswith("%"):
        return f"{value:.1f}%".replace(".", ",")
    if "," in t:
        return f"{value:.2f}".replace(".", ",")
    n = int(round(value))
    words = t.split(" ", 1)
    return (f"{n:,}".replace(",", ".") + (" " + words[1] if len(words) > 1 else ""))


# ------------------------------------------------------------------ building
def _people(db):
    from lib import users
    return {u.username: u for u in users.list_users(db)}


def _add_units_and_users(db, spec: OfficeSpec) -> None:
    from lib import office, users
    from lib.demo import DEMO_PASSWORD

    for code, name, head in EXTRA_UNITS[: max(0, spec.units - len(DEFAULT_SUPPLIERS))]:
        office.save_unit(db, users.OPERATOR, code=code, name=name, head_title=head,
                         supplies_data=True)
        users.create_user(db, users.OPERATOR, username=code, name=f"Kepala {name}",
                          role="kasi_kasubbag", unit_codes=(code,), jabatan=head,
                          password=DEMO_PASSWORD, password2=DEMO_PASSWORD, demo=True)
    # units beyond spec.units stop supplying data (the report office has 6)
    for code in DEFAULT_SUPPLIERS[spec.units:]:
        u = office.get_unit(db, code)
        office.save_unit(db, users.OPERATOR, code=code, name=u.name, head_title=u.head_title,
                         supplies_data=False)


def _master_year(db, p, spec: OfficeSpec, year: int, first: bool, clk: Clock) -> None:
    from lib import office
    from lib.format import master

    if not first:
        master.copy_from_last_year(db, p["sekcam"], year, now=clk.tick(5))
        return
    for code in suppliers(spec):
        unit = office.get_unit(db, code)
        rng = random.Random(f"master-{code}")
        for i in range(spec.per_unit):
            values = _indicator(code, unit.name, i, spec.per_unit, rng)
            values["history"] = {str(year - 2): realisasi(values["target"], rng),
                                 str(year - 1): realisasi(values["target"], rng)}
            master.save_master_row(db, p["sekcam"], year, values, now=clk.t)


def _fill_unit(db, p, year: int, code: str, clk: Clock) -> None:
    from lib.format import store, unit_form

    rng = random.Random(f"real-{year}-{code}")
    edits = {}
    for d in store.list_rows(db, year, code):
        if rng.random() < 0.03:
            edits[d["id"]] = {"realisasi": "", "belum_berjalan": True,
                              "sumber_data": d["sumber_data"], "ket": "Kegiatan belum dimulai"}
        else:
            edits[d["id"]] = {"realisasi": realisasi(d["target"], rng), "belum_berjalan": False,
                              "sumber_data": d["sumber_data"], "ket": ""}
    unit_form.save_unit_form(db, p[code], year, code, edits, store.form_rev(db, year, code),
                             now=clk.tick(30))


def run_year(db, spec: OfficeSpec, year: int, first: bool, stop: str, clk: Clock,
             progress=None) -> None:
    """One year's cycle through the services, up to ``stop``: "compile" (every unit
    submitted, step 4 open), "review" (step 5, half the units accepted) or "complete"."""
    from lib import budget

    p = _people(db)
    codes = suppliers(spec)
    _master_year(db, p, spec, year, first, clk)
    workflow.start_cycle(db, p["camat"], year, now=clk.tick(10))
    workflow.complete_step(db, p["sekcam"], year, 2, {
        "tanggal": clk.t.date(), "peserta": ["Camat", "Sekcam"] + codes,
        "format_diserahkan": True, "catatan": "Format dibagikan."}, now=clk.tick(60))
    for code in codes:
        _fill_unit(db, p, year, code, clk)
        workflow.submit_unit(db, p[code], year, code, now=clk.tick(10))
    for i, program in enumerate(PROGRAMS):
        pagu = 100_000_000 * (i + 1)
        budget.save_budget_row(db, p["umum"], year, program, pagu, int(pagu * 0.9),
                               now=clk.t)
    if stop == "compile":
        return
    workflow.complete_step(db, p["jf"], year, 4, {"catatan": "Format lengkap."}, now=clk.tick(90))
    if stop == "review":
        for code in codes[: len(codes) // 2]:
            workflow.review_unit(db, p["sekcam"], year, code, "terima", now=clk.tick(15))
        return
    for code in codes:
        workflow.review_unit(db, p["sekcam"], year, code, "terima", now=clk.tick(15))
    finish_cycle(db, year, clk, from_step=6)
    if progress:
        progress(f"  {year}: siklus lengkap")


def finish_cycle(db, year: int, clk: Clock, from_step: int = 6, to_step: int = 13) -> None:
    """Steps ``from_step``..``to_step`` (6 draft .. 13 send) with their Kelengkapan."""

    p = _people(db)
    steps = {
        6: lambda: workflow.complete_step(db, p["pep"], year, 6, {"catatan": "Draft."},
                                          now=clk.tick(120)),
        7: lambda: workflow.review_draft(db, p["sekcam"], year, "terima", now=clk.tick(60)),
        8: lambda: workflow.complete_step(db, p["sekcam"], year, 8, {
            "tanggal": clk.t.date(), "waktu": "09.00 WIB", "tempat": "Aula Kantor Camat",
            "pimpinan": "Camat", "peserta": ["Camat", "Sekcam", "jf"],
            "agenda": "Finalisasi LAKIP", "keputusan": "LAKIP disepakati"}, now=clk.tick(90)),
        9: lambda: workflow.complete_step(db, p["sekcam"], year, 9, {"tanggal": clk.t.date()},
                                          now=clk.tick(10)),
        10: lambda: workflow.approve(db, p["camat"], year, now=clk.tick(20)),
        11: lambda: workflow.complete_step(db, p["jf"], year, 11, {
            "kepada": "Bupati Lima Puluh Kota", "tanggal": clk.t.date(),
            "lampiran": "1 (satu) eksemplar"}, now=clk.tick(10)),
        12: lambda: workflow.complete_step(db, p["jf"], year, 12, {"eksemplar": 4},
                                           now=clk.tick(60)),
        13: lambda: workflow.complete_step(db, p["jf"], year, 13, {
            "kepada": "Bagian Organisasi", "tanggal": clk.t.date(), "cara": "Diantar langsung",
            "diterima_oleh": "Sri Wahyuni", "eksemplar": 2}, now=clk.tick(90)),
    }
    for no in range(from_step, to_step + 1):
        if no == 6:
            make_ready(db, year, clk)   # "Draft selesai" and the approval check readiness
        steps[no]()


def make_ready(db, year: int, clk: Clock) -> None:
    """What the LKjIP readiness check needs (issue #14), through the services: logo,
    Bupati, SDM, a Renstra of the year with the rows' sasaran, the rows linked, the PK
    and its scan, one analysis per sasaran."""
    from fpdf import FPDF

    from lib import office
    from lib.demo_lkjip import logo_png
    from lib.lkjip import analyses
    from lib.planning import facts, limits, pk, renstra

    p = _people(db)
    if not office.get_profile(db).get("logo"):
        profile = office.get_profile(db)
        office.update_profile(db, p["admin"], {k: profile.get(k) or "" for k in
                                               office.PROFILE_FIELDS}, logo=logo_png(),
                              now=clk.t)
    if not facts.get_facts(db).kepala_daerah_nama:
        facts.save_facts(db, p["admin"], {"kepala_daerah_nama": "Bupati Bench",
                                          "kepala_daerah_jabatan": "Bupati Lima Puluh Kota"},
                         now=clk.t)
    if not facts.sdm_saved(db, year):
        facts.save_sdm(db, p["umum"], year, {"golongan": {"III": 12}}, now=clk.t)
    period = renstra.period_for_year(db, year)
    if period is None:
        pid = renstra.save_period(db, p["sekcam"], {"start_year": year, "end_year": year,
                                                    "visi": "Visi", "misi": ["Misi"]}, now=clk.t)
        period = renstra.get_period(db, pid)
    known = {limits.key(x.text) for x in period.sasaran}
    for (text,) in db.execute("SELECT DISTINCT sasaran FROM indicators WHERE year = ?",
                              [year]).fetchall():
        if limits.key(text) not in known:
            renstra.save_sasaran(db, p["sekcam"], period.id, {"text": text}, now=clk.t)
            known.add(limits.key(text))
    renstra.link_year(db, p["sekcam"], year, now=clk.t)
    if pk.in_force(db, year) is None:
        pk.create_first(db, p["sekcam"], year, clk.t.date(), now=clk.t)
    v = pk.in_force(db, year)
    if not pk.list_scans(db, year, v.versi):
        doc = FPDF()
        doc.add_page()
        doc.set_font("helvetica", size=12)
        doc.cell(text=f"PK {year} bertanda tangan")
        pk.upload_scan(db, p["sekcam"], year, v.versi, bytes(doc.output()), "pk.pdf",
                       now=clk.t)
    saved = analyses.for_year(db, year)
    for (sid,) in db.execute("SELECT DISTINCT sasaran_id FROM indicators WHERE year = ? AND "
                             "sasaran_id IS NOT NULL", [year]).fetchall():
        if sid not in saved:
            analyses.save(db, p["pep"], year, sid, {"pendukung": "Koordinasi baik.",
                                                    "penghambat": "Data terlambat.",
                                                    "upaya": "Jadwal data dimajukan."},
                          now=clk.t)


def year_start(year: int, last: bool) -> dt.datetime:
    if last:  # the bench's current year runs in the week before BENCH_NOW
        return dt.datetime(year, 11, 16, 8, 0, tzinfo=_tz())
    return dt.datetime(year + 1, 1, 11, 8, 0, tzinfo=_tz())


def build(spec: OfficeSpec, data_dir: Path, progress=None) -> Path:
    """Build ``spec`` into the empty folder ``data_dir`` (PERKIN_DATA_DIR is set for
    the duration); returns ``data_dir``."""
    old = {k: os.environ.get(k) for k in ("PERKIN_DATA_DIR", "PERKIN_BCRYPT_ROUNDS")}
    os.environ["PERKIN_DATA_DIR"] = str(data_dir)
    os.environ["PERKIN_BCRYPT_ROUNDS"] = "4"  # setup speed only
    try:
        from db import connect, migrate
        from lib import demo, office

        db = connect(data_dir / "perkin.db")
        migrate(db)
        office.seed_defaults(db)
        demo.init_office(db, demo=True)
        _add_units_and_users(db, spec)
        first_year = LAST_YEAR - spec.years + 1
        for year in range(first_year, LAST_YEAR + 1):
            last = year == LAST_YEAR
            run_year(db, spec, year, year == first_year, spec.last if last else "complete",
                     Clock(year_start(year, last)), progress)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.close()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return data_dir


def cached(spec: OfficeSpec, out: Path = OUT, progress=None) -> Path:
    """The cached data folder of ``spec`` (built once; never modified afterwards:
    measurements work on copies, see ``bench.fresh_copy``)."""
    final = out / "offices" / spec.key
    if (final / "perkin.db").exists() and (final / ".complete").exists():
        return final
    tmp = out / "offices" / (spec.key + ".building")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    t0 = time.perf_counter()
    if progress:
        progress(f"Membangun kantor uji '{spec.name}' ({spec.years} tahun, {spec.units} unit, "
                 f"{spec.per_unit} indikator/unit) ...")
    build(spec, tmp, progress)
    (tmp / ".complete").write_text(f"{time.perf_counter() - t0:.1f} s\n")
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    if progress:
        progress(f"  selesai dalam {time.perf_counter() - t0:.0f} s")
    return final


def build_seconds(path: Path) -> float | None:
    try:
        return float((path / ".complete").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
