"""The office calendar, managed by the administrator: the working hours of each
weekday (with the break) and the holidays, and the ``OfficeCalendar``
(``lib.worktime``) built from them to count office minutes.

Holidays have a source (``SOURCES``): Indonesia's national holidays come from the
``holidays`` package (a maintained table of the moving holidays: Idul Fitri, Idul
Adha, Imlek, Nyepi, Waisak...), the year's cuti bersama from the SKB list shipped in
``lib/cuti_bersama.json``, and the admin adds and removes days. ``ensure_years``
loads a year the first time it is needed (``init``, and the start of a cycle, whose
steps run in the report year and the next); ``load_year`` loads it again. A day the
admin removed is kept in ``holidays_removed`` and never comes back on a later load.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from db import immediate
from lib import clock, events, limits
from lib.access import require
from lib.errors import ValidationError
from lib.spelling import format_date


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


SOURCES = {"nasional": "Libur nasional", "cuti_bersama": "Cuti bersama",
           "admin": "Ditambahkan admin"}
CUTI_BERSAMA_FILE = Path(__file__).with_name("cuti_bersama.json")


def list_holidays(db, year: int | None = None) -> list[dict]:
    sql = "SELECT date, name, source FROM holidays"
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
            raise ValidationError(f"Tanggal {format_date(date)} sudah tercatat sebagai hari "
                                  "libur.")
        db["holidays"].insert({"date": date.isoformat(), "name": name.strip(),
                               "source": "admin"})
        # the admin's own day: a removal of that date no longer stands
        db.execute("DELETE FROM holidays_removed WHERE date = ?", [date.isoformat()])
        events.record(db, actor, "libur.tambah", at=now,
                      details={"date": date.isoformat(), "name": name.strip()})


def remove_holiday(db, actor, date: dt.date, now=None) -> None:
    require(actor, "admin.manage")
    now = now or clock.now()
    with immediate(db):
        row = db.execute("SELECT name, source FROM holidays WHERE date = ?",
                         [date.isoformat()]).fetchone()
        if row is None:
            raise ValidationError(f"Tanggal {format_date(date)} tidak tercatat sebagai hari "
                                  "libur.")
        db.execute("DELETE FROM holidays WHERE date = ?", [date.isoformat()])
        db.execute("INSERT OR REPLACE INTO holidays_removed (date, name, source, removed_at, "
                   "removed_by_name) VALUES (?, ?, ?, ?, ?)",
                   [date.isoformat(), row[0], row[1], clock.iso(now),
                    getattr(actor, "name", "Operator lokal")])
        events.record(db, actor, "libur.hapus", at=now,
                      details={"date": date.isoformat(), "name": row[0], "source": row[1]})


def list_removed(db, year: int | None = None) -> list[dict]:
    sql = "SELECT * FROM holidays_removed"
    params = []
    if year:
        sql += " WHERE date LIKE ?"
        params.append(f"{year}-%")
    return [dict(r) for r in db.query(sql + " ORDER BY date", params)]


# ------------------------------------------------------------------ holiday sources
def national_holidays(year: int) -> list[tuple[dt.date, str]]:
    """Indonesia's national holidays of ``year`` from the ``holidays`` package, in
    Indonesian (a date with two holidays carries both names)."""
    import holidays

    table = holidays.country_holidays("ID", years=[year], language="id")
    return sorted((d, name) for d, name in table.items() if d.year == year)


def shipped_cuti_bersama() -> dict[int, list[tuple[dt.date, str]]]:
    """Perkin's list of cuti bersama per year (SKB of the three ministers)."""
    raw = json.loads(CUTI_BERSAMA_FILE.read_text(encoding="utf-8"))
    return {int(y): [(dt.date.fromisoformat(d), name) for d, name in days]
            for y, days in raw.items() if y.isdigit()}


def cuti_bersama(year: int) -> list[tuple[dt.date, str]] | None:
    """The year's cuti bersama, or None when Perkin ships no list for that year."""
    return shipped_cuti_bersama().get(year)


def year_status(db, year: int) -> dict | None:
    """When ``year`` was loaded and what came of it (None: not loaded yet)."""
    row = db.execute("SELECT * FROM holiday_years WHERE year = ?", [year]).fetchone()
    if row is None:
        return None
    return dict(zip(("year", "loaded_at", "nasional", "cuti_bersama", "has_cuti_bersama"),
                    row))


def _load(db, year: int, now) -> dict:
    """Add the year's national holidays and cuti bersama that are neither stored nor
    removed by the admin (inside the caller's transaction). Returns what was added."""
    taken = {r[0] for r in db.execute(
        "SELECT date FROM holidays WHERE date LIKE ? UNION "
        "SELECT date FROM holidays_removed WHERE date LIKE ?", [f"{year}-%", f"{year}-%"])}
    listed = cuti_bersama(year)
    added = {"nasional": 0, "cuti_bersama": 0}
    for source, days in (("nasional", national_holidays(year)),
                         ("cuti_bersama", listed or [])):
        for day, name in days:
            if day.isoformat() in taken:
                continue
            db["holidays"].insert({"date": day.isoformat(), "name": name, "source": source})
            taken.add(day.isoformat())
            added[source] += 1
    db.execute("INSERT OR REPLACE INTO holiday_years (year, loaded_at, nasional, cuti_bersama, "
               "has_cuti_bersama) VALUES (?, ?, ?, ?, ?)",
               [year, clock.iso(now), added["nasional"], added["cuti_bersama"],
                int(listed is not None)])
    return {"tahun": year, **added, "ada_daftar_cuti_bersama": listed is not None}


def ensure_years(db, user, years, now=None) -> list[dict]:
    """Load every year of ``years`` not loaded yet (called where a year is first needed:
    ``init`` and the start of a cycle, in the caller's transaction); each load is
    recorded as an event. Returns the loads done."""
    now = now or clock.now()
    done = []
    for year in sorted(set(years)):
        if year_status(db, year) is None:
            result = _load(db, year, now)
            events.record(db, user, "libur.muat", at=now, year=None, details=result)
            done.append(result)
    return done


def load_year(db, actor, year: int, now=None) -> dict:
    """The admin loads a year again (days removed stay removed; stored days stay)."""
    require(actor, "admin.manage")
    if not isinstance(year, int) or not 1900 <= year <= 2200:
        raise ValidationError("Tahun hari libur tidak valid.")
    now = now or clock.now()
    with immediate(db):
        result = _load(db, year, now)
        events.record(db, actor, "libur.muat", at=now, details=result)
    return result


def describe_load(result: dict) -> str:
    """"Hari libur tahun 2027: 16 libur nasional dan 0 cuti bersama ditambahkan. ..."."""
    text = (f"Hari libur tahun {result['tahun']}: {result['nasional']} libur nasional dan "
            f"{result['cuti_bersama']} cuti bersama ditambahkan.")
    if not result["ada_daftar_cuti_bersama"]:
        text += (f" Perkin belum memiliki daftar cuti bersama tahun {result['tahun']}; "
                 "tambahkan cuti bersamanya sendiri sesuai SKB tahun itu.")
    return text


def calendar(db):
    """The office calendar used to count office minutes."""
    from lib.worktime import OfficeCalendar

    holidays = {dt.date.fromisoformat(h["date"]) for h in list_holidays(db)}
    return OfficeCalendar(get_office_hours(db), holidays, tz=clock.TZ)
