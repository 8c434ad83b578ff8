"""Figures for the Sekcam's "Pemantauan": cycle progress, the unit matrix,
office minutes per step against Mutu Baku, capaian across years.

Plain data (lists of dicts); the page only draws them.
"""
from __future__ import annotations

from dataclasses import dataclass

from lib import clock, cycles, office, office_calendar
from lib.access import require


@dataclass(frozen=True)
class StepStatus:
    no: int
    kegiatan: str
    actor: str
    status: str            # selesai | aktif | menunggu
    rounds: int
    minutes: int | None    # office minutes: sum of runs (open runs counted to now)
    mutu_baku: int
    waiting_since: str | None


def progress(db, user, year: int, now=None) -> dict:
    require(user, "dashboard.view")
    now = now or clock.now()
    cycle = cycles.get_cycle(db, year)
    defn = cycles.definition(db, cycle)
    cal = office_calendar.calendar(db)
    runs = cycles.runs(db, cycle)
    steps: list[StepStatus] = []
    for step in defn.steps:
        rs = [r for r in runs if r.step_no == step.no and (
            r.version == cycle.version or step.no < (defn.step_of_kind("draft").no))]
        if not rs:
            steps.append(StepStatus(step.no, step.kegiatan, step.actor_label, "menunggu", 0,
                                    None, step.minutes, None))
            continue
        open_ = [r for r in rs if r.open]
        minutes = 0
        for r in rs:
            end = clock.parse(r.completed_at) if r.completed_at else now
            minutes += cal.office_minutes(clock.parse(r.opened_at), end)
        if step.per_unit:
            minutes = max((cal.office_minutes(clock.parse(r.opened_at),
                                              clock.parse(r.completed_at) if r.completed_at
                                              else now) for r in rs), default=0)
        done = cycles.step_done(db, cycle, step.no)
        status = "selesai" if done else ("aktif" if open_ else "menunggu")
        if step.kind == "periksa_unit" and not done and not open_:
            status = "menunggu"
        rounds = max(r.round for r in rs)
        steps.append(StepStatus(step.no, step.kegiatan, step.actor_label, status, rounds,
                                minutes, step.minutes,
                                min(r.opened_at for r in open_) if open_ else None))
    done_count = sum(1 for s in steps if s.status == "selesai")
    active = [s for s in steps if s.status == "aktif"]
    first_active = active[0] if active else None
    waited = None
    if first_active and first_active.waiting_since:
        waited = cal.office_minutes(clock.parse(first_active.waiting_since), now)
    return {"cycle": cycle, "steps": steps, "done": done_count, "total": len(steps),
            "active": first_active, "active_waited": waited}


def unit_matrix(db, user, year: int) -> list[dict]:
    require(user, "dashboard.view")
    cycle = cycles.get_cycle(db, year)
    states = cycles.unit_states(db, cycle)
    out = []
    for unit in office.list_units(db, supplying_only=True):
        s = states.get(unit.code)
        out.append({
            "kode": unit.code, "unit": unit.name,
            "status": s["state"] if s else "belum_mulai",
            "status_label": cycles.UNIT_STATES[s["state"]] if s else "Belum dibuka",
            "putaran": s["round"] if s else 0,
            "oleh": (s or {}).get("updated_by_name") or "",
            "pada": (s or {}).get("updated_at"),
            "alasan": (s or {}).get("reason") or "",
            "belum_kirim": (s is None) or s["state"] in ("belum_mulai", "draft",
                                                         "dikembalikan"),
        })
    return out


def minutes_per_step(db, user, year: int, now=None) -> list[dict]:
    """Rows for the chart/table: one per step (per unit for the unit step), completed
    runs summed per step (all rounds), beside the Mutu Baku."""
    require(user, "dashboard.view")
    rows = cycles.timeline(db, year, now=now)
    out: dict[tuple, dict] = {}
    for r in rows:
        if r["Dibuka"] is None:
            continue
        label = f"{r['No']}" + (f" · {r['Unit']}" if r["Unit"] else "")
        key = (r["No"], r["Unit"])
        row = out.setdefault(key, {"langkah": label, "no": r["No"], "unit": r["Unit"],
                                   "menit": 0, "mutu_baku": r["Mutu Baku (menit)"],
                                   "putaran": 0})
        row["menit"] += r["Menit kerja"] or 0
        row["putaran"] += 1
    result = []
    for row in out.values():
        row["selisih"] = row["menit"] - row["mutu_baku"]
        row["melebihi"] = row["menit"] > row["mutu_baku"]
        result.append(row)
    return result


def capaian_overview(db, user, years: list[int] | None = None) -> dict:
    """Average per sasaran, count per predikat, indicators at or below 75 %, per year."""
    require(user, "dashboard.view")
    from lib.format import rekap

    years = years or sorted({c.year for c in cycles.list_cycles(db)})
    per_year = []
    low = []
    by_sasaran = []
    for y in years:
        year_rekap = rekap.rekap_cached(db, y)
        summary = year_rekap.summary
        per_year.append({"tahun": y, "rata_rata": summary.average, "predikat": summary.predikat,
                         "dihitung": summary.counted, "jumlah": summary.total,
                         "per_predikat": dict(summary.predikat_counts)})
        for s in summary.sasaran:
            by_sasaran.append({"tahun": y, "sasaran": s.sasaran, "rata_rata": s.average,
                               "predikat": s.predikat, "dihitung": s.counted})
        for r in year_rekap.rows:
            v = r.get("capaian")
            if r.get("capaian_status") == "ok" and v is not None and v <= 75:
                low.append({"tahun": y, "indikator": r["indikator"], "unit": r["unit_name"],
                            "target": r["target"], "realisasi": r["realisasi"],
                            "capaian": v, "predikat": r.get("predikat") or ""})
    return {"per_year": per_year, "by_sasaran": by_sasaran, "low": low}
