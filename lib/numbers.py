"""Read the Target / Realisasi cells people type into the format.

People write ``100%``, ``85,5 %``, ``12 dokumen``, ``1.250 orang``,
``Rp 27.350.000``, ``BB``, ``Ada``. ``parse_value`` keeps the text as typed and
reads a kind, a value and a satuan from it, or says in Indonesian why the cell
cannot be read. It never guesses: ``1.25`` is neither Indonesian ``1,25`` nor
``1.250``, so it is flagged, not read.

The number grammar is Indonesian and strict: ``.`` groups thousands (groups of
exactly three digits, first group not starting with 0) and ``,`` starts the
decimals. Babel's ``parse_decimal`` is not used on its own because even with
``strict=True`` it accepts ``,5``, ``5,``, ``1e5`` and non-Latin digits.

Negative numbers (``-5``) are read as numbers; whether a capaian can be
computed from them is lib.capaian's decision. ``<5``, ``>90%``, ``±5`` are
flagged: a bound is not a value.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from lib import spelling

Kind = Literal["empty", "number", "percent", "grade", "yesno", "invalid"]

GRADE_RANK: dict[str, int] = {"D": 1, "C": 2, "CC": 3, "B": 4, "BB": 5, "A": 6, "AA": 7}

# normalised text -> value; the first spelling of each pair is the canonical one
_YESNO: dict[str, float] = {
    "ada": 1.0,
    "tidak ada": 0.0,
    "belum ada": 0.0,
    "ya": 1.0,
    "tidak": 0.0,
}

SATUAN_PERCENT = "%"
SATUAN_RUPIAH = "Rp"
SATUAN_GRADE = "predikat"
SATUAN_YESNO = "ada/tidak"

# things people write for "nothing here"; never read as 0
_EMPTY_MARKS = {"", "-", "\u2013", "\u2014", "--"}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_BOUND_CHARS = {
    "<": "'<' (kurang dari)",
    ">": "'>' (lebih dari)",
    "\u2264": "'\u2264' (kurang dari atau sama dengan)",
    "\u2265": "'\u2265' (lebih dari atau sama dengan)",
    "\u00b1": "'\u00b1' (kurang lebih)",
    "~": "'~' (kira-kira)",
    "\u2248": "'\u2248' (kira-kira)",
}
_BOUND_WORDS = re.compile(r"^(kurang dari|lebih dari|minimal|maksimal|min\.?|maks\.?|sekitar|kurang lebih|\+/-)\s", re.I)

# optional Rp, optional sign, a run of digits/dots/commas, then the rest
_CELL = re.compile(
    r"""^(?:(?P<presign>[-\u2212])\s*(?=rp))?
        (?P<rp>rp\.?\s*)?
        (?P<sign>[-+\u2212])?\s*
        (?P<num>[0-9][0-9.,]*)
        \s*(?P<rest>.*)$""",
    re.I | re.X,
)
_GRADE_SCORE = re.compile(r"^(?P<grade>[A-Da-d]{1,2})\s*\(\s*(?P<score>[0-9][0-9.,]*)\s*\)$")
_NUM_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?$")
_NUM_PLAIN = re.compile(r"^[0-9]+(?:,[0-9]+)?$")
_UNIT = re.compile(r"^[^\W\d_][^\d]*$")
_PERCENT_WORDS = {"%", "persen", "prosen"}
_RUPIAH_WORDS = {"rupiah", "rp", "rp."}


@dataclass(frozen=True)
class Parsed:
    """One cell, read.

    text    -- as typed (stripped); for a numeric Excel cell its Indonesian spelling
    kind    -- empty | number | percent | grade | yesno | invalid
    value   -- percent as shown (85.5 for "85,5 %"); grade rank (D=1 .. AA=7);
               yes/no 1.0 / 0.0; None when empty or invalid
    score   -- a grade's numeric score when typed with it (``BB (70,12)`` -> 70.12),
               the LKE's nilai the grade is the band of; else None
    satuan  -- "%", "Rp", the unit word ("orang", "dokumen"), "" for a bare
               number, "predikat" for grades, "ada/tidak" for yes/no
    error   -- why an invalid cell cannot be read, in Indonesian; else None
    """

    text: str
    kind: Kind
    value: float | None = None
    satuan: str = ""
    error: str | None = None
    score: float | None = None

    @property
    def is_numeric(self) -> bool:
        """A number or percent (the kinds whose satuan can be compared)."""
        return self.kind in ("number", "percent")


def _invalid(text: str, reason: str) -> Parsed:
    return Parsed(text=text, kind="invalid", error=reason)


def _to_float(d: Decimal) -> float:
    f = float(d)
    return 0.0 if f == 0 else f


def parse_value(cell, *, percent_format: bool = False) -> Parsed:
    """Read one Target/Realisasi cell: a ``str``, ``None`` or an Excel number.

    ``percent_format=True`` says the cell is a number formatted as percent in
    Excel (stored 0.9, shown 90%): its value becomes 90 with satuan ``%``.
    A ``bool`` is not a number. Empty, whitespace-only and ``-`` are "empty",
    never 0.
    """
    if cell is None:
        return Parsed(text="", kind="empty")
    if isinstance(cell, bool):
        return _invalid(str(cell), f"nilai benar/salah ({cell}) bukan angka")
    if isinstance(cell, (int, float, Decimal)) or _is_numpy_number(cell):
        return _parse_number_cell(cell, percent_format)
    if not isinstance(cell, str):
        return _invalid(str(cell), f"jenis isian tidak dikenal ({type(cell).__name__}), bukan angka atau teks")
    return _parse_text(cell)


def _is_numpy_number(cell) -> bool:
    return type(cell).__module__ == "numpy" and hasattr(cell, "dtype") and cell.dtype.kind in "iuf"


_TOO_BIG = Decimal(10) ** 15


def _parse_number_cell(cell, percent_format: bool) -> Parsed:
    if isinstance(cell, float) or _is_numpy_number(cell):
        f = float(cell)
        if math.isnan(f):  # pandas' empty cell
            return Parsed(text="", kind="empty")
        if math.isinf(f):
            return _invalid(str(cell), "nilai tak hingga bukan angka")
        d = Decimal(repr(f)) if isinstance(cell, float) else Decimal(str(cell))
    else:
        d = Decimal(cell)
        if not d.is_finite():
            if d.is_nan():
                return Parsed(text="", kind="empty")
            return _invalid(str(cell), "nilai tak hingga bukan angka")
    if abs(d) > _TOO_BIG:  # beyond Excel's 15 digits; 1e28 broke the Indonesian spelling
        return _invalid(str(cell), "angka terlalu besar (lebih dari 15 digit)")
    if percent_format:
        d = d * 100
        return Parsed(text=spelling.format_number(d) + "%", kind="percent", value=_to_float(d), satuan=SATUAN_PERCENT)
    return Parsed(text=spelling.format_number(d), kind="number", value=_to_float(d), satuan="")


def _parse_text(raw: str) -> Parsed:
    text = raw.strip()
    norm = _SPACES.sub(" ", text).strip()
    low = norm.lower()
    if low in _EMPTY_MARKS:
        return Parsed(text=text, kind="empty")
    if low in _YESNO:
        return Parsed(text=text, kind="yesno", value=_YESNO[low], satuan=SATUAN_YESNO)
    up = norm.upper()
    if up in GRADE_RANK:
        return Parsed(text=text, kind="grade", value=float(GRADE_RANK[up]), satuan=SATUAN_GRADE)
    m = _GRADE_SCORE.match(norm)
    if m and m["grade"].upper() in GRADE_RANK:   # "BB (70,12)": the grade and its score
        d = _read_indonesian_number(m["score"])
        if isinstance(d, str):
            return _invalid(text, d.format(text=text))
        return Parsed(text=text, kind="grade", value=float(GRADE_RANK[m["grade"].upper()]),
                      satuan=SATUAN_GRADE, score=_to_float(d))

    for ch, label in _BOUND_CHARS.items():
        if ch in norm:
            return _invalid(text, f"tanda {label} tidak dapat dihitung; tulis angkanya saja: '{text}'")
    if _BOUND_WORDS.match(norm):
        return _invalid(text, f"batas atau perkiraan tidak dapat dihitung; tulis angkanya saja: '{text}'")

    m = _CELL.match(norm)
    if not m:
        return _invalid(text, f"tidak dapat dibaca sebagai angka, persen, predikat atau Ada/Tidak ada: '{text}'")

    num, rest, rp = m["num"], m["rest"].strip(), m["rp"] is not None
    if rp and num.endswith(",") and rest.startswith("-"):  # "Rp 27.350.000,-"
        num, rest = num[:-1], rest[1:].strip()

    d = _read_indonesian_number(num)
    if isinstance(d, str):
        return _invalid(text, d.format(text=text))
    if m["presign"] and m["sign"]:
        return _invalid(text, f"tanda angka ganda: '{text}'")
    if (m["sign"] or m["presign"]) in ("-", "\u2212"):
        d = -d
    value = _to_float(d)

    rest_low = rest.lower()
    if rp:
        if rest:
            return _invalid(text, f"setelah jumlah rupiah ada teks lain ('{rest}'): '{text}'")
        return Parsed(text=text, kind="number", value=value, satuan=SATUAN_RUPIAH)
    if not rest:
        return Parsed(text=text, kind="number", value=value, satuan="")
    if rest_low in _PERCENT_WORDS:
        return Parsed(text=text, kind="percent", value=value, satuan=SATUAN_PERCENT)
    if rest_low in _RUPIAH_WORDS:
        return Parsed(text=text, kind="number", value=value, satuan=SATUAN_RUPIAH)
    if any(c.isdigit() for c in rest):
        return _invalid(text, f"berisi lebih dari satu angka; tulis satu nilai saja: '{text}'")
    if "%" in rest:
        return _invalid(text, f"tidak dapat dibaca sebagai persen: '{text}'")
    if not _UNIT.match(rest):
        return _invalid(text, f"satuan tidak dapat dibaca ('{rest}'): '{text}'")
    return Parsed(text=text, kind="number", value=value, satuan=normalize_satuan(rest))


def _read_indonesian_number(num: str) -> Decimal | str:
    """Decimal of an Indonesian-spelt number, or an error template ({text})."""
    if _NUM_GROUPED.match(num) or _NUM_PLAIN.match(num):
        return Decimal(num.replace(".", "").replace(",", "."))
    if num.count(",") > 1 or "." not in num:
        return "tidak dapat dibaca sebagai angka: '{text}'"
    example = "1,25"
    if num.count(".") == 1 and "," not in num and not num.endswith("."):
        example = num.replace(".", ",")
    return ("angka '{text}' meragukan: titik adalah pemisah ribuan (kelompok tiga angka, mis. 1.250) "
            f"dan koma adalah desimal (mis. {example}); tulis ulang agar tidak salah baca")


def normalize_satuan(satuan: str) -> str:
    """Comparable form of a satuan: lower case, single spaces; ``persen`` and
    ``(%)`` -> ``%``; ``rupiah``/``Rp.`` -> ``Rp``."""
    s = _SPACES.sub(" ", satuan or "").strip()
    low = s.lower()
    if not low:
        return ""
    if low in _PERCENT_WORDS or "%" in low or low.startswith("persen"):
        return SATUAN_PERCENT
    if low in _RUPIAH_WORDS:
        return SATUAN_RUPIAH
    if low in (SATUAN_GRADE, "nilai predikat"):
        return SATUAN_GRADE
    return low


def format_value(parsed: Parsed) -> str:
    """Write a parsed cell back in Indonesian spelling.

    ``parse_value(format_value(p))`` reads the same kind, value and satuan as
    ``p``. Invalid cells come back as typed; empty as ``""``.
    """
    k = parsed.kind
    if k == "empty":
        return ""
    if k == "invalid" or parsed.value is None:
        return parsed.text
    if k == "grade":
        return next(g for g, r in GRADE_RANK.items() if r == parsed.value)
    if k == "yesno":
        yes = parsed.value == 1.0
        if parsed.text.strip().lower() in ("ya", "tidak"):
            return "Ya" if yes else "Tidak"
        return "Ada" if yes else "Tidak ada"
    number = spelling.format_number(parsed.value)
    if k == "percent":
        return number + "%"
    if parsed.satuan == SATUAN_RUPIAH:
        if spelling.to_decimal(parsed.value).as_tuple().exponent >= -2:
            return spelling.format_rupiah(parsed.value)  # "Rp27.350.000,50"
        return ("-Rp" + number[1:]) if number.startswith("-") else "Rp" + number
    if parsed.satuan:
        return f"{number} {parsed.satuan}"
    return number
