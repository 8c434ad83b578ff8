"""Office-minute arithmetic (DOMAIN.md §8). Every expected number is worked
out by hand in the comment beside it, from the default hours:
Mon-Thu 07:30-12:00 (270) + 13:00-16:00 (180) = 450 min,
Fri     07:30-11:30 (240) + 13:00-16:30 (210) = 450 min, Sat/Sun closed,
a week = 5 * 450 = 2250 min = 37,5 h.

Calendar used: 2025-01-02 is a Thursday, 2025-01-03 Friday, 2025-01-06 Monday.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.defaults import OFFICE_HOURS
from lib.worktime import DEFAULT_HOURS, OfficeCalendar

JKT = ZoneInfo("Asia/Jakarta")
THU = dt.date(2025, 1, 2)
FRI = dt.date(2025, 1, 3)
SAT = dt.date(2025, 1, 4)
SUN = dt.date(2025, 1, 5)
MON = dt.date(2025, 1, 6)
TUE = dt.date(2025, 1, 7)
WED = dt.date(2025, 1, 8)


def at(day: dt.date, hhmm: str, tz=JKT) -> dt.datetime:
    h, m = hhmm.split(":")
    return dt.datetime.combine(day, dt.time(int(h), int(m)), tzinfo=tz)


@pytest.fixture
def cal() -> OfficeCalendar:
    return OfficeCalendar(DEFAULT_HOURS, set())


def test_default_hours_mirror_db_defaults_and_make_37_5_hours(cal):
    assert DEFAULT_HOURS == OFFICE_HOURS
    # 5 days * 450 = 2250 min = 37,5 h
    assert cal.weekly_minutes == 2250
    assert cal.day_minutes(MON) == 450 and cal.day_minutes(FRI) == 450
    assert cal.day_minutes(SAT) == 0 and cal.day_minutes(SUN) == 0


def test_domain_example_thursday_to_monday_over_a_friday_holiday():
    cal = OfficeCalendar(DEFAULT_HOURS, {FRI})
    # Thu 15:30-16:00 = 30, Fri holiday 0, Sat/Sun 0, Mon 07:30-08:00 = 30 -> 60
    assert cal.office_minutes(at(THU, "15:30"), at(MON, "08:00")) == 60


def test_same_span_without_the_holiday_counts_friday(cal):
    # Thu 30 + Fri full 450 + Mon 30 = 510
    assert cal.office_minutes(at(THU, "15:30"), at(MON, "08:00")) == 510


def test_weekend_counts_nothing(cal):
    # Sat 09:00 -> Sun 17:00: both days closed -> 0
    assert cal.office_minutes(at(SAT, "09:00"), at(SUN, "17:00")) == 0
    # Fri 16:00-16:30 = 30, weekend 0, Mon 07:30-08:00 = 30 -> 60
    assert cal.office_minutes(at(FRI, "16:00"), at(MON, "08:00")) == 60


def test_midweek_holiday():
    cal = OfficeCalendar(DEFAULT_HOURS, {TUE})
    # Mon 15:00-16:00 = 60, Tue holiday 0, Wed 07:30-08:00 = 30 -> 90
    assert cal.office_minutes(at(MON, "15:00"), at(WED, "08:00")) == 90
    # a span entirely inside the holiday -> 0
    assert cal.office_minutes(at(TUE, "08:00"), at(TUE, "15:00")) == 0
    assert cal.day_minutes(TUE) == 0


def test_friday_hours_and_longer_break(cal):
    # Fri 11:00-11:30 = 30, break 11:30-13:00, 13:00-14:00 = 60 -> 90
    assert cal.office_minutes(at(FRI, "11:00"), at(FRI, "14:00")) == 90
    # Fri closes at 16:30: 16:00-16:30 = 30
    assert cal.office_minutes(at(FRI, "16:00"), at(FRI, "17:00")) == 30
    # the same clock times on a Thursday: 16:00-17:00 is after hours -> 0
    assert cal.office_minutes(at(THU, "16:00"), at(THU, "17:00")) == 0
    # Thu 11:00-12:00 = 60, break 12:00-13:00, 13:00-14:00 = 60 -> 120
    assert cal.office_minutes(at(THU, "11:00"), at(THU, "14:00")) == 120


def test_breaks(cal):
    # starts inside the break: Mon 12:15 -> 13:10 counts 13:00-13:10 = 10
    assert cal.office_minutes(at(MON, "12:15"), at(MON, "13:10")) == 10
    # ends inside the break: Mon 11:50 -> 12:40 counts 11:50-12:00 = 10
    assert cal.office_minutes(at(MON, "11:50"), at(MON, "12:40")) == 10
    # wholly inside the break -> 0
    assert cal.office_minutes(at(MON, "12:05"), at(MON, "12:55")) == 0
    # Friday 12:00 is still break (11:30-13:00) -> 0
    assert cal.office_minutes(at(FRI, "11:30"), at(FRI, "13:00")) == 0


def test_before_and_after_hours(cal):
    # Mon 06:00 -> 07:45 counts 07:30-07:45 = 15
    assert cal.office_minutes(at(MON, "06:00"), at(MON, "07:45")) == 15
    # Mon 15:50 -> 18:00 counts 15:50-16:00 = 10
    assert cal.office_minutes(at(MON, "15:50"), at(MON, "18:00")) == 10
    # Mon 17:00 -> 20:00 -> 0
    assert cal.office_minutes(at(MON, "17:00"), at(MON, "20:00")) == 0
    # whole Monday 00:00 -> 23:59 = 270 + 180 = 450
    assert cal.office_minutes(at(MON, "00:00"), at(MON, "23:59")) == 450


def test_across_midnight(cal):
    # Mon 15:00-16:00 = 60, Tue 07:30-09:00 = 90 -> 150
    assert cal.office_minutes(at(MON, "15:00"), at(TUE, "09:00")) == 150
    # Mon 22:00 -> Tue 02:00 is night only -> 0
    assert cal.office_minutes(at(MON, "22:00"), at(TUE, "02:00")) == 0


def test_multi_week_span_is_weeks_times_2250(cal):
    # any 7-day window holds each weekday's hours exactly once: 2250 a week;
    # 26 weeks from Wed 10:17 -> 26 * 2250 = 58500
    start = at(WED, "10:17")
    assert cal.office_minutes(start, start + dt.timedelta(weeks=26)) == 58500
    # two years of Mondays 00:00: 104 * 2250 = 234000
    start = at(MON, "00:00")
    assert cal.office_minutes(start, start + dt.timedelta(weeks=104)) == 234000
    # 4 weeks Thu 2025-01-02 00:00 -> Thu 2025-01-30 00:00 with holidays
    # Fri 01-03 and Thu 01-09: 4*2250 - 450 - 450 = 8100
    with_holidays = OfficeCalendar(DEFAULT_HOURS, {FRI, THU + dt.timedelta(days=7)})
    assert with_holidays.office_minutes(at(THU, "00:00"),
                                        at(dt.date(2025, 1, 30), "00:00")) == 8100


def test_start_not_before_end_is_zero(cal):
    assert cal.office_minutes(at(MON, "09:00"), at(MON, "09:00")) == 0
    assert cal.office_minutes(at(MON, "10:00"), at(MON, "09:00")) == 0


def test_seconds_are_floored(cal):
    # Mon 08:00:00 -> 08:01:59 is 119 s -> 1 whole minute
    start = at(MON, "08:00")
    assert cal.office_minutes(start, start + dt.timedelta(seconds=119)) == 1
    assert cal.office_minutes(start, start + dt.timedelta(seconds=59)) == 0


def test_other_zones_are_converted_and_jakarta_has_no_dst(cal):
    berlin = ZoneInfo("Europe/Berlin")
    # Berlin switches to summer time on Sun 2025-03-30; Jakarta stays UTC+7.
    # Fri 2025-03-28 10:00 CET (UTC+1)  = 09:00 UTC = Fri 16:00 Jakarta
    # Mon 2025-03-31 04:00 CEST (UTC+2) = 02:00 UTC = Mon 09:00 Jakarta
    # Fri 16:00-16:30 = 30, Mon 07:30-09:00 = 90 -> 120
    start = at(dt.date(2025, 3, 28), "10:00", berlin)
    end = at(dt.date(2025, 3, 31), "04:00", berlin)
    assert cal.office_minutes(start, end) == 120
    # Mon 2025-01-06 00:30 UTC = 07:30 Jakarta, 09:00 UTC = 16:00 Jakarta -> 450
    utc = dt.timezone.utc
    assert cal.office_minutes(at(MON, "00:30", utc), at(MON, "09:00", utc)) == 450
    # a fixed +07:00 offset is the same clock as Asia/Jakarta: Mon 07:30-08:00 = 30
    plus7 = dt.timezone(dt.timedelta(hours=7))
    assert cal.office_minutes(at(MON, "07:00", plus7), at(MON, "08:00", plus7)) == 30
    # a whole Jakarta weekday is 450 on both sides of Berlin's switch
    assert cal.day_minutes(dt.date(2025, 3, 28)) == cal.day_minutes(dt.date(2025, 3, 31)) == 450


def test_naive_datetimes_are_rejected(cal):
    naive = dt.datetime(2025, 1, 6, 9, 0)
    aware = at(MON, "10:00")
    with pytest.raises(ValueError):
        cal.office_minutes(naive, aware)
    with pytest.raises(ValueError):
        cal.office_minutes(aware, naive)
    with pytest.raises(ValueError):
        cal.is_office_time(naive)
    with pytest.raises(ValueError):
        cal.next_office_moment(naive)


def test_is_office_time(cal):
    assert cal.is_office_time(at(MON, "07:30"))        # opening minute counts
    assert not cal.is_office_time(at(MON, "07:29"))
    assert cal.is_office_time(at(MON, "11:59"))
    assert not cal.is_office_time(at(MON, "12:00"))    # break
    assert cal.is_office_time(at(MON, "13:00"))
    assert not cal.is_office_time(at(MON, "16:00"))    # closing is exclusive
    assert not cal.is_office_time(at(FRI, "11:30"))    # Friday's break starts earlier
    assert cal.is_office_time(at(FRI, "16:15"))        # Friday closes later
    assert not cal.is_office_time(at(SAT, "10:00"))
    assert not OfficeCalendar(DEFAULT_HOURS, {MON}).is_office_time(at(MON, "10:00"))


def test_next_office_moment(cal):
    t = at(MON, "09:13")
    assert cal.next_office_moment(t) == t               # already office time
    assert cal.next_office_moment(at(MON, "06:00")) == at(MON, "07:30")
    assert cal.next_office_moment(at(MON, "12:10")) == at(MON, "13:00")
    assert cal.next_office_moment(at(FRI, "11:45")) == at(FRI, "13:00")
    assert cal.next_office_moment(at(FRI, "16:30")) == at(MON, "07:30")
    # DOMAIN's example: after Thursday closes, with Friday a holiday -> Monday
    holiday_cal = OfficeCalendar(DEFAULT_HOURS, {FRI})
    assert holiday_cal.next_office_moment(at(THU, "16:05")) == at(MON, "07:30")
    # a UTC input comes back in Jakarta time: Sat 03:00 UTC = Sat 10:00 WIB
    nxt = cal.next_office_moment(at(SAT, "03:00", dt.timezone.utc))
    assert nxt == at(MON, "07:30") and nxt.tzinfo == JKT


def test_calendar_without_working_days_has_no_next_moment():
    closed = OfficeCalendar({wd: None for wd in range(7)}, set())
    assert closed.office_minutes(at(MON, "00:00"), at(MON, "00:00") + dt.timedelta(weeks=3)) == 0
    with pytest.raises(ValueError):
        closed.next_office_moment(at(MON, "08:00"))


def test_custom_hours_without_break_and_string_keys():
    # a Saturday-only office 08:00-12:00 without break, keys as read from JSON
    cal = OfficeCalendar({"5": ["08:00", "12:00", None, None]}, set())
    # Sat 08:00-12:00 = 240
    assert cal.office_minutes(at(SAT, "00:00"), at(SUN, "00:00")) == 240
    assert cal.weekly_minutes == 240


@pytest.mark.parametrize("bad", [
    {0: ("16:00", "07:30", None, None)},          # ends before it starts
    {0: ("07:30", "16:00", "12:00", None)},       # half a break
    {0: ("07:30", "16:00", "06:00", "07:00")},    # break outside the day
    {0: ("7.30", "16:00", None, None)},           # not HH:MM
    {7: ("07:30", "16:00", None, None)},          # no such weekday
])
def test_bad_hours_are_rejected(bad):
    with pytest.raises(ValueError):
        OfficeCalendar(bad, set())


# --- properties ------------------------------------------------------------

_BASE = dt.datetime(2025, 1, 1, tzinfo=JKT)
_minutes = st.integers(min_value=0, max_value=90 * 24 * 60)  # about three months
_holidays = st.sets(st.integers(min_value=0, max_value=90), max_size=10).map(
    lambda ds: {_BASE.date() + dt.timedelta(days=d) for d in ds})


@settings(max_examples=200, deadline=None)
@given(_minutes, _minutes, _minutes, _holidays)
def test_additivity_on_whole_minutes(x, y, z, holidays):
    a, b, c = (_BASE + dt.timedelta(minutes=v) for v in sorted((x, y, z)))
    cal = OfficeCalendar(DEFAULT_HOURS, holidays)
    assert cal.office_minutes(a, c) == cal.office_minutes(a, b) + cal.office_minutes(b, c)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30 * 86400), min_size=3, max_size=3))
def test_flooring_loses_at_most_one_minute_when_split_on_seconds(secs):
    # with second-level times each part is floored separately, so the sum of
    # the parts is the whole, or one minute less
    a, b, c = (_BASE + dt.timedelta(seconds=v) for v in sorted(secs))
    cal = OfficeCalendar(DEFAULT_HOURS, set())
    whole = cal.office_minutes(a, c)
    parts = cal.office_minutes(a, b) + cal.office_minutes(b, c)
    assert parts <= whole <= parts + 1
