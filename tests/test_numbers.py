"""Reading Target/Realisasi cells as people type them (lib.numbers).

Indonesian spelling: "." groups thousands, "," starts the decimals. Each row
says what a reader of the paper form would read, worked out by hand.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.numbers import GRADE_RANK, Parsed, format_value, normalize_satuan, parse_value

VALID = [
    # cell as typed,            kind,      value,        satuan
    ("85,5",                    "number",  85.5,         ""),         # comma decimal
    ("85,5 %",                  "percent", 85.5,         "%"),        # percent as shown, space allowed
    ("97,5%",                   "percent", 97.5,         "%"),
    ("100%",                    "percent", 100.0,        "%"),
    ("100 %",                   "percent", 100.0,        "%"),
    ("0%",                      "percent", 0.0,          "%"),        # zero is a value
    ("85 persen",               "percent", 85.0,         "%"),        # the word counts as %
    ("1.250 orang",             "number",  1250.0,       "orang"),    # 1.250 = one thousand two hundred fifty
    ("1.250",                   "number",  1250.0,       ""),         # one dot + exactly 3 digits = thousands
    ("1.250.000",               "number",  1250000.0,    ""),
    ("1.250,75",                "number",  1250.75,      ""),         # both marks: 1 250 and 75/100
    ("Rp 27.350.000",           "number",  27350000.0,   "Rp"),
    ("Rp27.350.000",            "number",  27350000.0,   "Rp"),
    ("Rp27.350.000,50",         "number",  27350000.5,   "Rp"),       # 50 sen = 0,5
    ("Rp. 1.500.000",           "number",  1500000.0,    "Rp"),
    ("Rp 27.350.000,-",         "number",  27350000.0,   "Rp"),       # ",-" closes a rupiah amount
    ("27.350.000 rupiah",       "number",  27350000.0,   "Rp"),
    ("12 dokumen",              "number",  12.0,         "dokumen"),
    ("12 Dokumen",              "number",  12.0,         "dokumen"),  # satuan compared in lower case
    ("4 kali/tahun",            "number",  4.0,          "kali/tahun"),
    ("3  unit",                 "number",  3.0,          "unit"),     # spaces collapsed
    ("0",                       "number",  0.0,          ""),         # zero, not empty
    ("0,5",                     "number",  0.5,          ""),
    ("1,250",                   "number",  1.25,         ""),         # Indonesian: comma is decimal, 1 + 250/1000
    ("007",                     "number",  7.0,          ""),
    ("-5",                      "number",  -5.0,         ""),         # read; lib.capaian refuses negatives
    ("\u22125 orang",           "number",  -5.0,         "orang"),    # unicode minus
    ("+5",                      "number",  5.0,          ""),
    ("  42  ",                  "number",  42.0,         ""),
    ("42\u00a0orang",           "number",  42.0,         "orang"),    # non-breaking space from Word/Excel
    ("Ada",                     "yesno",   1.0,          "ada/tidak"),
    ("ada",                     "yesno",   1.0,          "ada/tidak"),
    ("Tidak ada",               "yesno",   0.0,          "ada/tidak"),
    ("TIDAK  ADA",              "yesno",   0.0,          "ada/tidak"),
    ("Belum ada",               "yesno",   0.0,          "ada/tidak"),
    ("Ya",                      "yesno",   1.0,          "ada/tidak"),
    ("Tidak",                   "yesno",   0.0,          "ada/tidak"),
    ("AA",                      "grade",   7.0,          "predikat"),
    ("A",                       "grade",   6.0,          "predikat"),
    ("BB",                      "grade",   5.0,          "predikat"),
    ("B",                       "grade",   4.0,          "predikat"),
    ("CC",                      "grade",   3.0,          "predikat"),
    ("C",                       "grade",   2.0,          "predikat"),
    ("D",                       "grade",   1.0,          "predikat"),
    (" bb ",                    "grade",   5.0,          "predikat"),  # case-insensitive, trimmed
    ("aa",                      "grade",   7.0,          "predikat"),
]


@pytest.mark.parametrize("cell, kind, value, satuan", VALID)
def test_reads_typed_cells(cell, kind, value, satuan):
    p = parse_value(cell)
    assert (p.kind, p.value, p.satuan, p.error) == (kind, value, satuan, None)
    assert p.text == cell.strip()  # kept as typed


INVALID = [
    # cell,              a word the reason must contain
    ("1.25",             "meragukan"),   # neither 1,25 nor 1.250: never guess
    ("12.50",            "meragukan"),
    ("85.5%",            "meragukan"),   # English decimal point
    ("0.500",            "meragukan"),   # a thousands group cannot start with 0
    ("1.2500",           "meragukan"),
    ("1,250.5",          "meragukan"),   # English grouping
    ("1.2.3",            "meragukan"),
    ("12,5,3",           "tidak dapat dibaca sebagai angka: '12,5,3'"),
    ("5,",               "tidak dapat dibaca"),
    (",5",               "tidak dapat dibaca"),
    ("<5",               "'<'"),         # a bound is not a value
    (">90%",             "'>'"),
    ("\u00b15",          "'\u00b1'"),
    ("\u2265 80 %",      "'\u2265'"),
    ("kurang dari 5",    "batas"),
    ("minimal 10 orang", "batas"),
    ("tidak tersedia",   "tidak dapat dibaca"),
    ("sudah",            "tidak dapat dibaca"),
    ("Rp",               "tidak dapat dibaca"),
    ("12 dari 15 desa",  "lebih dari satu angka"),
    ("10 - 12",          "lebih dari satu angka"),
    ("5 %%",             "persen"),
    ("Rp 5.000 per bulan", "rupiah"),
    ("-Rp-5",            "ganda"),
    ("E",                "tidak dapat dibaca"),   # not a SAKIP grade
]


@pytest.mark.parametrize("cell, fragment", INVALID)
def test_flags_unreadable_cells_with_a_reason(cell, fragment):
    p = parse_value(cell)
    assert p.kind == "invalid"
    assert p.value is None
    assert fragment in p.error
    assert p.text == cell


def test_reason_quotes_the_cell():
    assert parse_value("12,5,3").error == "tidak dapat dibaca sebagai angka: '12,5,3'"
    # the ambiguous dot explains both readings, with the decimal reading of the digits typed
    err = parse_value("1.25").error
    assert "1,25" in err and "1.250" in err


@pytest.mark.parametrize("cell", [None, "", "   ", "\t\n", "-", "\u2013", "\u2014", float("nan"), Decimal("NaN")])
def test_empty_is_empty_never_zero(cell):
    p = parse_value(cell)
    assert p.kind == "empty"
    assert p.value is None
    assert format_value(p) == ""


EXCEL = [
    # cell,             percent_format, text,        kind,      value
    (1250,              False,  "1.250",             "number",  1250.0),
    (85.5,              False,  "85,5",              "number",  85.5),
    (0,                 False,  "0",                 "number",  0.0),
    (0.0,               False,  "0",                 "number",  0.0),
    (-0.0,              False,  "0",                 "number",  0.0),
    (27350000,          False,  "27.350.000",        "number",  27350000.0),
    (Decimal("97.50"),  False,  "97,5",              "number",  97.5),
    (0.9,               True,   "90%",               "percent", 90.0),    # Excel stores 90% as 0.9
    (0.855,             True,   "85,5%",             "percent", 85.5),    # 0,855 x 100 exactly, not 85.49999
    (1,                 True,   "100%",              "percent", 100.0),
    (0.0,               True,   "0%",                "percent", 0.0),
    (1.25,              True,   "125%",              "percent", 125.0),
]


@pytest.mark.parametrize("cell, percent_format, text, kind, value", EXCEL)
def test_reads_numeric_excel_cells(cell, percent_format, text, kind, value):
    p = parse_value(cell, percent_format=percent_format)
    assert (p.text, p.kind, p.value, p.error) == (text, kind, value, None)
    assert p.satuan == ("%" if percent_format else "")


def test_percent_format_only_applies_to_numbers():
    # text typed into a percent-formatted cell is read as typed
    assert parse_value("85,5%", percent_format=True).value == 85.5


@pytest.mark.parametrize("cell", [True, False])
def test_bool_is_not_a_number(cell):
    p = parse_value(cell)
    assert p.kind == "invalid"
    assert "bukan angka" in p.error


@pytest.mark.parametrize("cell", [float("inf"), float("-inf"), object()])
def test_other_cells_are_invalid(cell):
    assert parse_value(cell).kind == "invalid"


def test_parsed_is_frozen():
    p = parse_value("85,5")
    with pytest.raises(AttributeError):
        p.value = 1.0  # type: ignore[misc]


FORMAT_BACK = [
    # cell,               written back
    ("85,5 %",            "85,5%"),          # no space before %
    ("100 %",             "100%"),
    ("1.250 orang",       "1.250 orang"),
    ("1250 orang",        "1.250 orang"),    # thousands separator added
    ("Rp 27.350.000",     "Rp27.350.000"),   # no space after Rp
    ("Rp27.350.000,5",    "Rp27.350.000,50"),
    ("-Rp5.000",          "-Rp5.000"),
    ("85 persen",         "85%"),
    ("bb",                "BB"),
    ("ada",               "Ada"),
    ("tidak ADA",         "Tidak ada"),
    ("ya",                "Ya"),
    ("TIDAK",             "Tidak"),
    ("1.25",              "1.25"),           # invalid stays as typed
]


@pytest.mark.parametrize("cell, written", FORMAT_BACK)
def test_format_value(cell, written):
    assert format_value(parse_value(cell)) == written


@pytest.mark.parametrize(
    "raw, norm",
    [("Persen (%)", "%"), ("persen", "%"), ("%", "%"), ("Rupiah", "Rp"), ("Rp.", "Rp"),
     ("  Dokumen ", "dokumen"), ("Orang", "orang"), ("", ""), ("Predikat", "predikat")],
)
def test_normalize_satuan(raw, norm):
    assert normalize_satuan(raw) == norm


# ----------------------------------------------------------------- properties

# values with up to 4 decimals, as people type them
_decimals = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4,
                        allow_nan=False, allow_infinity=False)
_units = st.sampled_from(["", "orang", "dokumen", "kali/tahun", "unit kerja"])


def _same(a: Parsed, b: Parsed) -> bool:
    return (a.kind, a.value, a.satuan) == (b.kind, b.value, b.satuan)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(_decimals, _units)
def test_format_then_parse_is_identity_for_numbers(d, unit):
    p = Parsed(text="", kind="number", value=float(d) or 0.0, satuan=unit)
    back = parse_value(format_value(p))
    assert _same(back, p), (format_value(p), back)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(_decimals)
def test_format_then_parse_is_identity_for_percents(d):
    p = Parsed(text="", kind="percent", value=float(d) or 0.0, satuan="%")
    back = parse_value(format_value(p))
    assert _same(back, p), (format_value(p), back)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(st.decimals(min_value=0, max_value=Decimal("1e13"), places=2))
def test_format_then_parse_is_identity_for_rupiah(d):
    p = Parsed(text="", kind="number", value=float(d) or 0.0, satuan="Rp")
    assert _same(parse_value(format_value(p)), p)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(st.sampled_from(sorted(GRADE_RANK)) | st.sampled_from(["Ada", "Tidak ada", "Ya", "Tidak"]))
def test_format_then_parse_is_identity_for_words(word):
    p = parse_value(word)
    assert _same(parse_value(format_value(p)), p)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_excel_number_text_reads_back_to_the_same_value(x):
    # a numeric cell's Indonesian rendering, typed back in, is the same number
    p = parse_value(x)
    assert parse_value(p.text).value == p.value == (x or 0.0)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(st.text(max_size=30))
def test_never_crashes_and_invalid_always_has_a_reason(s):
    p = parse_value(s)
    assert p.kind in ("empty", "number", "percent", "grade", "yesno", "invalid")
    assert (p.error is not None) == (p.kind == "invalid")
    assert (p.value is None) == (p.kind in ("empty", "invalid"))
