"""The office calendar, managed by the administrator: the working hours of each
weekday (with the break) and the holidays, and the ``OfficeCalendar``
(``lib.worktime``) built from them to count office minutes."""
from __future__ import annotations

import datetime as dt
import re

from db import immediate
from lib import clock, events, limits
from lib.access import require
from lib.errors import ValidationError


HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAY_NAMES = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def get_office_hours(db) -> dict[int, tuple | None]:
    out = {}
    for r in db.query("SELECT * FROM office_hours ORDER BY weekday"):
        out[r["weekday"]] = ((r["start"], r["end"], r["break_start"], r["break_end"])
                             if r["start"] else None)
    for d in range(7):
        out.setdefault(d, None)
    return out


def set_office_hours(db, actor, hours: dict[int, tuple | None], now=None) -> None:
    require(actor, "admin.manage")
    problems = []
    for day, spec in sorted(hours.items()):
        name = DAY_NAMES[day]
        if spec is None:
            continue
        start, end, bs, be = (list(spec) + [None, None])[:4]
        bs = bs or None
        be = be or None
        day_problems = []
        for label, v in (("mulai", start), ("selesai", end)):
            if not v or not HHMM.match(v):
                day_problems.append(f"{name}: jam {label} harus berformat JJ:MM.")
        if (bs is None) != (be is None):
            day_problems.append(f"{name}: istirahat harus punya jam mulai dan selesai.")
        for label, v in (("mulai istirahat", bs), ("selesai istirahat", be)):
            if v is not None and not HHMM.match(v):
                day_problems.append(f"{name}: jam {label} harus berformat JJ:MM.")
        if not day_problems and start >= end:
            day_problems.append(f"{name}: jam mulai harus sebelum jam selesai.")
        if not day_problems and bs and not (start <= bs < be <= end):
            day_problems.append(f"{name}: istirahat harus di dalam jam kerja.")
        problems += day_problems
    if all(v is None for v in hours.values()):
        problems.append("Sedikitnya satu hari kerja harus ada.")
    if problems:
        raise ValidationError("Jam kerja belum benar: " + " ".join(problems), problems=problems)
    with immediate(db):
        db.execute("DELETE FROM office_hours")
        for day in range(7):
            spec = hours.get(day)
            if spec is None:
                db["office_hours"].insert({"weekday": day, "start": None, "end": None,
                                           "break_start": None, "break_end": None})
            else:
                start, end, bs, be = (list(spec) + [None, None])[:4]
                db["office_hours"].insert({"weekday": day, "start": start, "end": end,
                                           "break_start": bs or None, "break_end": be or None})
        events.record(db, actor, "jam_kerja.ubah", at=now,
                      details={str(k): v for k, v in hours.items()})


def list_holidays(db, year: int | None = None) -> list[dict]:
    sql = "SELECT date, name FROM holidays"
    params = []
    if year:
        sql += " WHERE date LIKE ?"
        params.append(f"{year}-%")
    return [dict(r) for r in db.query(sql + " ORDER BY date", params)]


def add_holiday(db, actor, date: dt.date, name: str, now=None) -> None:
    require(actor, "admin.manage")
    if not isinstance(date, dt.date):
        raise ValidationError("Tanggal libur tidak valid.")
    if not (name or "").strip():
        raise ValidationError("Keterangan hari libur wajib diisi.")
    name = limits.text("holiday.name", name)
    with immediate(db):
        if db.execute("SELECT 1 FROM holidays WHERE date = ?", [date.isoformat()]).fetchone():
            raise ValidationError(f"Tanggal {date.isoformat()} sudah tercatat sebagai hari libur.")
        db["holidays"].insert({"date": date.isoformat(), "name": name.strip()})
        events.record(db, actor, "libur.tambah", at=now,
                      details={"date": date.isoformat(), "name": name.strip()})


def remove_holiday(db, actor, date: dt.date, now=None) -> None:
    require(actor, "admin.manage")
    with immediate(db):
        db.execute("DELETE FROM holidays WHERE date = ?", [date.isoformat()])
        events.record(db, actor, "libur.hapus", at=now, details={"date": date.isoformat()})


def calendar(db):
    """The office calendar used to count office minutes."""
    from lib.worktime import OfficeCalendar

    holidays = {dt.date.fromisoformat(h["date"]) for h in list_holidays(db)}
    return OfficeCalendar(get_office_hours(db), holidays, tz=clock.TZ)
