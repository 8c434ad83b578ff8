"""The APIP (Inspektorat) reviu of the LKjIP, an optional record entered by the
Sekcam once the draft is corrected (step 7 accepted) and before the Camat
approves (step 10): reviewer, NIP, date, result, notes.

A reviu belongs to a version of the year's report: after the approval the final
is frozen, so a reviu recorded later needs the Camat to reopen (a new version).
Recording again before the approval replaces what the report prints (every
record is kept; the latest of the version is ``current``). Whether the Camat
may approve without one is the setting ``reviu_required`` (off by default).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from db import immediate
from lib import clock, cycles, events, limits
from lib.access import require
from lib.errors import StateError, ValidationError
from lib.spelling import format_date


@dataclass(frozen=True)
class Reviu:
    year: int
    reviewer: str
    nip: str
    reviewed_on: dt.date
    result: str
    notes: str
    recorded_by: str
    recorded_at: str
    version: int = 1


def _reviu(r) -> Reviu:
    return Reviu(r["year"], r["reviewer"], r["nip"], dt.date.fromisoformat(r["reviewed_on"]),
                 r["result"], r["notes"], r["recorded_by"], r["recorded_at"], r["version"])


def current(db, year: int) -> Reviu | None:
    """The latest reviu recorded for the year's current report version, or None."""
    cycle = cycles.find_cycle(db, year)
    version = cycle.version if cycle is not None else 1
    rows = list(db.query("SELECT * FROM lkjip_reviu WHERE year = ? AND version = ? "
                         "ORDER BY id DESC LIMIT 1", [year, version]))
    return _reviu(rows[0]) if rows else None


def history(db, year: int) -> list[Reviu]:
    return [_reviu(r) for r in db.query("SELECT * FROM lkjip_reviu WHERE year = ? ORDER BY id",
                                        [year])]


def _date(value, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        problems.append("Tanggal reviu wajib diisi dengan tanggal yang benar (TTTT-BB-HH).")
        return None


def _draft_date(db, cycle) -> dt.date | None:
    """The day the current version's draft was last finished (step 6 completed)."""
    defn = cycles.definition(db, cycle)
    draft = defn.step_of_kind("draft")
    done = [r for r in cycles.runs(db, cycle) if draft and r.step_no == draft.no
            and r.version == cycle.version and r.completed_at and r.outcome != "dibatalkan"]
    return clock.parse(done[-1].completed_at).date() if done else None


def _window(db, year: int) -> tuple:
    """(cycle, draft date) when a reviu may be recorded now, else StateError."""
    cycle = cycles.find_cycle(db, year)
    if cycle is None:
        raise StateError(f"Belum ada siklus LKjIP {year}; reviu dicatat setelah draft "
                         "dikoreksi Sekcam.")
    if cycles.approved_version(db, cycle) is not None:
        raise StateError(f"LKjIP {year} versi {cycle.version} sudah disetujui Camat dan "
                         "dibekukan; reviu yang baru memerlukan pembukaan kembali oleh Camat "
                         "(versi baru).")
    defn = cycles.definition(db, cycle)
    koreksi = defn.step_of_kind("koreksi_draft")
    accepted = [r for r in cycles.runs(db, cycle) if koreksi and r.step_no == koreksi.no
                and r.version == cycle.version]
    if not accepted or accepted[-1].open or accepted[-1].outcome != "diterima":
        raise StateError(f"Reviu LKjIP {year} dicatat setelah draft diterima Sekcam "
                         f"(langkah {koreksi.no if koreksi else 7}) dan sebelum persetujuan "
                         "Camat.")
    return cycle, _draft_date(db, cycle)


def may_record(db, year: int) -> str | None:
    """None when a reviu may be recorded now, else why not (Indonesian)."""
    try:
        _window(db, year)
    except StateError as err:
        return str(err)
    return None


def record(db, user, year: int, values: dict, now=None) -> Reviu:
    """Record the APIP reviu of the current version (``values``: reviewer, nip,
    reviewed_on, result, notes). Nothing is saved on any problem."""
    require(user, "reviu.record")
    now = now or clock.now()
    p: list[str] = []

    def field(name: str, required: bool = False) -> str:
        value = "" if values.get(name) is None else str(values.get(name)).strip()
        if required and not value:
            p.append(f"{limits.LABELS['reviu.' + name]} wajib diisi.")
            return ""
        why = limits.problem(f"reviu.{name}", value)
        if why:
            p.append(why)
        return value

    reviewer = field("reviewer", True)
    nip = re.sub(r"\s+", "", field("nip", True))
    if nip and not re.fullmatch(r"\d{18}", nip):
        p.append("NIP pereviu harus 18 angka (spasi boleh).")
    result = field("result", True)
    notes = field("notes")
    reviewed_on = _date(values.get("reviewed_on"), p)
    if reviewed_on and reviewed_on > now.date():
        p.append(f"Tanggal reviu {format_date(reviewed_on)} belum terjadi.")
    if p:
        raise ValidationError("Reviu belum dapat dicatat: " + " ".join(p), problems=p)
    with immediate(db):
        cycle, draft_on = _window(db, year)
        if draft_on and reviewed_on < draft_on:
            raise ValidationError(
                f"Tanggal reviu {format_date(reviewed_on)} sebelum draft LKjIP {year} selesai "
                f"disusun ({format_date(draft_on)}); reviu hanya dapat dilakukan atas draft.")
        db["lkjip_reviu"].insert({
            "year": int(year), "version": cycle.version, "reviewer": reviewer, "nip": nip,
            "reviewed_on": reviewed_on.isoformat(), "result": result, "notes": notes,
            "recorded_by": user.name, "recorded_at": clock.iso(now)})
        events.record(db, user, "reviu.catat", at=now, year=int(year),
                      details={"versi": cycle.version, "pereviu": reviewer,
                               "tanggal": reviewed_on.isoformat(), "hasil": result[:200]})
    return current(db, year)
