"""Indonesian spelling of numbers, percents, rupiah, dates and Roman months.

Indonesian writes ``.`` for thousands and ``,`` for decimals: ``1.250``,
``85,71%`` (no space before ``%``), ``Rp27.350.000``, ``23 November 2026``.

Rounding is half-up (``0,125`` -> ``0,13``), as people round by hand; Babel
alone would round half-even. Floats are read through their shortest ``repr``
so ``85.715`` (stored as 85.71499...) rounds the way it was typed.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date

LOCALE = "id"
TIMEZONE = "Asia/Jakarta"

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def to_decimal(x: int | float | Decimal | str) -> Decimal:
    """Exact decimal of ``x``; floats via their shortest repr (0.1 -> 0.1)."""
    if isinstance(x, bool):
        raise TypeError("a bool is not a number")
    if isinstance(x, Decimal):
        d = x
    elif isinstance(x, int):
        d = Decimal(x)
    elif isinstance(x, float):
        d = Decimal(repr(x))
    elif isinstance(x, str):
        d = Decimal(x)
    else:
        d = Decimal(repr(float(x)))  # numpy scalars and the like
    if not d.is_finite():
        raise ValueError(f"not a finite number: {x!r}")
    if d == 0:
        d = abs(d)  # never print "-0"
    return d


def _quantize(d: Decimal, decimals: int) -> Decimal:
    q = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(q) if q == 0 else q


def format_number(x, decimals: int | None = None, *, grouping: bool = True) -> str:
    """``1250`` -> ``"1.250"``; ``85.5`` -> ``"85,5"``.

    ``decimals=None`` writes every significant digit and no trailing zeros;
    ``decimals=n`` writes exactly ``n`` decimals, rounded half-up
    (``format_number(85.5, 2)`` -> ``"85,50"``). ``grouping=False`` leaves out the
    thousands dots (``1250,5``: a CSV cell a spreadsheet reads back as a number).
    """
    d = to_decimal(x)
    if decimals is None:
        d = d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))
        if d == 0:
            d = abs(d)
    elif decimals < 0:
        raise ValueError("decimals must be >= 0")
    else:
        d = _quantize(d, decimals)
    return _indonesian(d, grouping)


# Indonesian number symbols (CLDR "id", as Babel has them: tests/test_spelling.py checks
# this against Babel): "." groups thousands by three, "," before decimals, "-" for minus.
_SWAP = str.maketrans({",": ".", ".": ","})


def _indonesian(d: Decimal, grouping: bool) -> str:
    """``d`` (already rounded, exponent <= 0) written with Indonesian symbols. Python's own
    formatting of the Decimal with its two separators swapped: Babel gives the same text but pays
    ~50 us a number, and a dashboard writes hundreds of them on every rerun."""
    return format(d, ",f" if grouping else "f").translate(_SWAP)


def format_month(value: dt.date) -> str:
    """``date(2026, 11, 23)`` -> ``"November 2026"``."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return _babel_date(value, "MMMM y", locale=LOCALE)


def format_percent(p, decimals: int = 2) -> str:
    """``p`` is already a percent: ``85.714`` -> ``"85,71%"``, ``100`` -> ``"100%"``.

    At most ``decimals`` decimals, rounded half-up, trailing zeros trimmed
    (``85.5`` -> ``"85,5%"``). No space before ``%``.
    """
    d = _quantize(to_decimal(p), decimals)
    return format_number(d) + "%"


def format_rupiah(amount, decimals: int | None = None) -> str:
    """``27350000`` -> ``"Rp27.350.000"``; sen shown only when present
    (``27350000.5`` -> ``"Rp27.350.000,50"``) unless ``decimals`` is given."""
    d = to_decimal(amount)
    if decimals is None:
        decimals = 0 if d == d.to_integral_value() else 2
    text = format_number(d, decimals)
    if text.startswith("-"):
        return "-Rp" + text[1:]
    return "Rp" + text


def format_date(value: dt.date) -> str:
    """``date(2026, 11, 23)`` -> ``"23 November 2026"`` (a datetime uses its date)."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return _babel_date(value, "d MMMM y", locale=LOCALE)


def format_datetime(value: dt.datetime, *, wib: bool = False) -> str:
    """``datetime(2026, 11, 23, 8, 15)`` -> ``"23 November 2026 08.15"``.

    An aware datetime is first converted to Asia/Jakarta; a naive one is taken
    as local time already. ``wib=True`` appends ``" WIB"``.
    """
    value = _local(value)
    text = f"{format_date(value.date())} {value:%H.%M}"
    return text + " WIB" if wib else text


def format_time(value: dt.datetime | dt.time, *, wib: bool = False) -> str:
    """``08:15`` -> ``"08.15"`` (Indonesian writes a dot between hours and minutes)."""
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    text = f"{value:%H.%M}"
    return text + " WIB" if wib else text


# how a grid cell spells a number (lib.spelling is the one place numbers are written)
CELL_KINDS = ("bilangan", "desimal", "persen", "rupiah", "selisih")
EMPTY_CELL = "–"


def format_cell(value, kind: str) -> str:
    """A number as a table cell writes it: ``bilangan`` ``1.528`` (every significant
    digit), ``desimal`` ``85,50`` (two decimals), ``persen`` ``125,00%`` (two decimals,
    as the rekap prints), ``rupiah`` ``Rp27.350.000``, ``selisih`` ``+1.528`` / ``-12``
    (a signed difference). None or "" -> ``"–"``; text that is not a number is kept."""
    if kind not in CELL_KINDS:
        raise ValueError(f"unknown cell kind {kind!r}")
    if value is None or (isinstance(value, str) and not value.strip()):
        return EMPTY_CELL
    if isinstance(value, bool):
        return str(value)
    try:
        d = to_decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        return str(value)
    if kind == "bilangan":
        return format_number(d)
    if kind == "desimal":
        return format_number(d, 2)
    if kind == "persen":
        return format_number(d, 2) + "%"
    if kind == "rupiah":
        return format_rupiah(d)
    return ("+" if d > 0 else "") + format_number(d)


def bulan_romawi(month: int) -> str:
    """Month in Roman numerals for letter numbers: ``11`` -> ``"XI"``."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"bulan harus 1-12, bukan {month!r}")
    return _ROMAN[month - 1]


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(ZoneInfo(TIMEZONE))
    return value
