"""Office-time arithmetic (DOMAIN.md §8).

Elapsed time of a step is counted in office minutes: only the office's
opening hours, minus the break, minus closed weekdays and holidays, in the
office's zone (Asia/Jakarta, which has no daylight saving time).

Everything here is pure: times are passed in, nothing reads the clock or the
database. Callers build an :class:`OfficeCalendar` from the administrator's
settings (hours per weekday, holiday list) and ask it questions.

Intervals are half-open: an office day 07:30-16:00 contains 07:30:00 but not
16:00:00, so ``m(a, c) == m(a, b) + m(b, c)`` for minute-aligned times.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from zoneinfo import ZoneInfo

from db.defaults import OFFICE_HOURS

DEFAULT_TZ = ZoneInfo("Asia/Jakarta")

# weekday 0 = Monday: (start, end, break_start, break_end); None = closed.
# Mon-Thu 07:30-16:00 break 12:00-13:00 (7,5 h), Fri 07:30-16:30 break
# 11:30-13:00 (7,5 h): 37,5 h = 2250 minutes a week.
DEFAULT_HOURS: dict[int, tuple[str, str, str | None, str | None] | None] = dict(OFFICE_HOURS)

_UTC = dt.timezone.utc


def _parse_hhmm(value: str, what: str) -> dt.time:
    try:
        hh, mm = str(value).strip().split(":")
        return dt.time(int(hh), int(mm))
    except (ValueError, TypeError):
        raise ValueError(f"{what}: jam tidak valid {value!r} (format JJ:MM)") from None


def _parse_day(weekday: int, spec) -> tuple[tuple[dt.time, dt.time], ...]:
    """Turn one weekday's (start, end, break_start, break_end) into the
    working intervals of that day, as local wall-clock times."""
    if spec is None:
        return ()
    spec = tuple(spec)
    if len(spec) == 2:
        spec = spec + (None, None)
    if len(spec) != 4:
        raise ValueError(f"hari {weekday}: harus (mulai, selesai, mulai istirahat, selesai istirahat)")
    start = _parse_hhmm(spec[0], f"hari {weekday}")
    end = _parse_hhmm(spec[1], f"hari {weekday}")
    if not start < end:
        raise ValueError(f"hari {weekday}: jam mulai harus sebelum jam selesai")
    if (spec[2] is None) != (spec[3] is None):
        raise ValueError(f"hari {weekday}: istirahat harus punya jam mulai dan jam selesai")
    if spec[2] is None:
        return ((start, end),)
    b_start = _parse_hhmm(spec[2], f"hari {weekday}")
    b_end = _parse_hhmm(spec[3], f"hari {weekday}")
    if not (start <= b_start < b_end <= end):
        raise ValueError(f"hari {weekday}: istirahat harus di dalam jam kerja")
    return tuple((a, b) for a, b in ((start, b_start), (b_end, end)) if a < b)


class OfficeCalendar:
    """Opening hours per weekday plus holidays, in one time zone.

    ``hours`` maps weekday (0 = Monday .. 6 = Sunday; int or numeric string,
    as read back from JSON) to ``(start, end, break_start, break_end)`` as
    ``"HH:MM"`` strings, break fields ``None`` when there is no break, or to
    ``None`` when the office is closed. Missing weekdays are closed.
    """

    def __init__(
        self,
        hours: Mapping[int, tuple | list | None] | None = None,
        holidays: Iterable[dt.date] = (),
        tz: dt.tzinfo = DEFAULT_TZ,
    ):
        hours = DEFAULT_HOURS if hours is None else hours
        self.tz = tz
        self.holidays: frozenset[dt.date] = frozenset(holidays)
        for h in self.holidays:
            if not isinstance(h, dt.date) or isinstance(h, dt.datetime):
                raise ValueError(f"hari libur harus tanggal, bukan {h!r}")
        self._days: dict[int, tuple[tuple[dt.time, dt.time], ...]] = {wd: () for wd in range(7)}
        for key, spec in hours.items():
            wd = int(key)
            if not 0 <= wd <= 6:
                raise ValueError(f"hari {key!r} tidak dikenal (0 = Senin .. 6 = Minggu)")
            self._days[wd] = _parse_day(wd, spec)

    # -- helpers ----------------------------------------------------------
    def _local(self, t: dt.datetime) -> dt.datetime:
        if not isinstance(t, dt.datetime):
            raise TypeError(f"datetime expected, got {type(t).__name__}")
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError("waktu tanpa zona waktu (naive datetime) tidak diterima")
        return t.astimezone(self.tz)

    def _intervals(self, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Working intervals of one local calendar day, as UTC datetimes
        (so arithmetic stays right even for a zone with DST)."""
        if day in self.holidays:
            return
        for a, b in self._days[day.weekday()]:
            yield (
                dt.datetime.combine(day, a, tzinfo=self.tz).astimezone(_UTC),
                dt.datetime.combine(day, b, tzinfo=self.tz).astimezone(_UTC),
            )

    def day_minutes(self, day: dt.date) -> int:
        """Office minutes of one whole local day (0 for holidays, closed days)."""
        return sum(int((b - a).total_seconds()) // 60 for a, b in self._intervals(day))

    @property
    def weekly_minutes(self) -> int:
        """Office minutes in a week without holidays (default 2250 = 37,5 h)."""
        return sum(
            (dt.datetime.combine(dt.date.min, b) - dt.datetime.combine(dt.date.min, a)).seconds // 60
            for wd in range(7)
            for a, b in self._days[wd]
        )

    # -- public API --------------------------------------------------------
    def office_minutes(self, start: dt.datetime, end: dt.datetime) -> int:
        """Whole office minutes (floor) between two aware datetimes in any
        zone; ``start >= end`` gives 0. Naive datetimes raise ValueError.

        Walks the local days from ``start`` to ``end`` once each, so a span of
        months costs a few hundred small steps."""
        s = self._local(start)
        e = self._local(end)
        if s >= e:
            return 0
        s_utc, e_utc = s.astimezone(_UTC), e.astimezone(_UTC)
        total = dt.timedelta(0)
        day = s.date()
        last = e.date()
        while day <= last:
            for a, b in self._intervals(day):
                lo = max(a, s_utc)
                hi = min(b, e_utc)
                if lo < hi:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return int(total // dt.timedelta(minutes=1))

    def is_office_time(self, t: dt.datetime) -> bool:
        """True when ``t`` falls inside opening hours (start inclusive, end
        exclusive) on a working, non-holiday day."""
        local = self._local(t)
        t_utc = local.astimezone(_UTC)
        return any(a <= t_utc < b for a, b in self._intervals(local.date()))

    def next_office_moment(self, t: dt.datetime) -> dt.datetime:
        """``t`` itself (in the calendar's zone) when it is office time,
        otherwise the start of the next working interval."""
        local = self._local(t)
        t_utc = local.astimezone(_UTC)
        if not any(self._days.values()):
            raise ValueError("kalender kantor tidak punya hari kerja")
        day = local.date()
        # Each run of holidays can hide at most one week's working days, so
        # this bound is never reached for a calendar with a working day.
        for _ in range(7 * (len(self.holidays) + 2)):
            for a, b in self._intervals(day):
                if t_utc < b:
                    return max(a, t_utc).astimezone(self.tz)
            day += dt.timedelta(days=1)
        raise ValueError("tidak ada jam kerja berikutnya")  # pragma: no cover


DEFAULT_CALENDAR = OfficeCalendar(DEFAULT_HOURS, ())
