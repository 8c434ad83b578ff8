"""Indonesian spelling of numbers, percents, rupiah and dates (lib.spelling)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import spelling


@pytest.mark.parametrize(
    "x, decimals, expected",
    [
        (1250, None, "1.250"),                 # dot groups thousands
        (1250.0, None, "1.250"),               # an integral float has no ",0"
        (85.5, None, "85,5"),                  # comma is the decimal mark
        (27350000, None, "27.350.000"),
        (0, None, "0"),
        (-0.0, None, "0"),                     # never "-0"
        (-1250.5, None, "-1.250,5"),
        (0.1 + 0.2, None, "0,30000000000000004"),  # every digit of the float, nothing invented
        (Decimal("85.50"), None, "85,5"),      # trailing zeros dropped
        (1e20, None, "100.000.000.000.000.000.000"),
        (85.5, 2, "85,50"),                    # fixed decimals
        (0.125, 2, "0,13"),                    # half-up: 0,125 -> 0,13 (Babel alone gives 0,12)
        (85.715, 2, "85,72"),                  # typed 85,715 rounds up although the float is 85.71499...
        (1234.5, 0, "1.235"),                  # half-up at zero decimals
        (-0.001, 2, "0,00"),                   # a negative that rounds to zero loses its sign
    ],
)
def test_format_number(x, decimals, expected):
    assert spelling.format_number(x, decimals) == expected


@pytest.mark.parametrize(
    "p, expected",
    [
        (85.714, "85,71%"),       # 85,714 -> two decimals
        (85.71428571428571, "85,71%"),  # 600/7
        (100, "100%"),            # trailing zeros trimmed
        (100.0, "100%"),
        (85.5, "85,5%"),
        (85.50, "85,5%"),
        (0, "0%"),                # zero is a value
        (99.995, "100%"),         # 99,995 half-up -> 100,00 -> "100%"
        (120.0, "120%"),          # above 100 kept as computed
        (1250.25, "1.250,25%"),
        (66.666, "66,67%"),
    ],
)
def test_format_percent(p, expected):
    assert spelling.format_percent(p) == expected


def test_format_percent_with_other_decimals():
    assert spelling.format_percent(85.714, decimals=1) == "85,7%"
    assert spelling.format_percent(85.714, decimals=0) == "86%"


@pytest.mark.parametrize(
    "amount, expected",
    [
        (27350000, "Rp27.350.000"),       # no space after Rp
        (27350000.5, "Rp27.350.000,50"),  # sen written with two digits
        (0, "Rp0"),
        (-5000, "-Rp5.000"),
        (Decimal("1500000.00"), "Rp1.500.000"),
    ],
)
def test_format_rupiah(amount, expected):
    assert spelling.format_rupiah(amount) == expected


def test_format_date_and_datetime():
    assert spelling.format_date(dt.date(2026, 11, 23)) == "23 November 2026"
    assert spelling.format_date(dt.date(2026, 1, 5)) == "5 Januari 2026"
    assert spelling.format_date(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert spelling.format_datetime(dt.datetime(2026, 11, 23, 8, 15)) == "23 November 2026 08.15"
    assert spelling.format_datetime(dt.datetime(2026, 11, 23, 8, 15), wib=True) == "23 November 2026 08.15 WIB"
    assert spelling.format_time(dt.time(13, 5)) == "13.05"


def test_aware_datetime_is_shown_in_jakarta_time():
    # 2026-11-23 01:15 UTC is 08:15 WIB (UTC+7); 20:00 UTC is already the next day in Jakarta
    utc = ZoneInfo("UTC")
    assert spelling.format_datetime(dt.datetime(2026, 11, 23, 1, 15, tzinfo=utc), wib=True) == "23 November 2026 08.15 WIB"
    assert spelling.format_date(dt.datetime(2026, 11, 23, 20, 0, tzinfo=utc)) == "24 November 2026"


@pytest.mark.parametrize(
    "month, roman",
    [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"), (7, "VII"), (8, "VIII"),
     (9, "IX"), (10, "X"), (11, "XI"), (12, "XII")],
)
def test_bulan_romawi(month, roman):
    assert spelling.bulan_romawi(month) == roman


@pytest.mark.parametrize("bad", [0, 13, -1, True, "11", 11.0])
def test_bulan_romawi_rejects_non_months(bad):
    with pytest.raises(ValueError):
        spelling.bulan_romawi(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True])
def test_format_number_rejects_non_numbers(bad):
    with pytest.raises((ValueError, TypeError)):
        spelling.format_number(bad)


def _babel_spelling(x, decimals, grouping):
    """format_number as it was written with Babel (the reference for the symbols)."""
    from babel.numbers import format_decimal

    d = spelling.to_decimal(x)
    whole = "#,##0" if grouping else "0"
    if decimals is None:
        d = d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))
        return format_decimal(abs(d) if d == 0 else d, format=whole + ".###", locale="id",
                              decimal_quantization=False)
    d = spelling._quantize(d, decimals)
    return format_decimal(d, format=whole + ("." + "0" * decimals if decimals else ""),
                          locale="id")


@given(x=st.one_of(st.integers(-10**15, 10**15),
                   st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
                   st.decimals(-10**9, 10**9, allow_nan=False, allow_infinity=False, places=4)),
       decimals=st.sampled_from([None, 0, 1, 2, 3]), grouping=st.booleans())
@settings(max_examples=400, deadline=None)
def test_format_number_writes_what_babel_writes_for_id(x, decimals, grouping):
    # lib.spelling writes the digits itself (Babel costs ~50 us a number on a dashboard
    # rerun); the Indonesian symbols must stay exactly Babel's CLDR "id" ones
    assert spelling.format_number(x, decimals, grouping=grouping) == \
        _babel_spelling(x, decimals, grouping)
