"""Capaian, predikat and averages (lib.capaian, DOMAIN.md §6).

Every expected capaian is worked out by hand in the comment beside it.
Positive: R/T x 100. Negative: (2 - R/T) x 100, floored at 0.
Grades: D=1 C=2 CC=3 B=4 BB=5 A=6 AA=7, rank(R)/rank(T) x 100.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.capaian import DEFAULT_SCALE, Capaian, compute, predikat, summarize
from lib.spelling import format_number
from lib.numbers import parse_value

OK = [
    # target,          realisasi,       polarity,  capaian,            tercapai
    ("100%",           "90%",           "positif", 90.0,               False),  # 90/100 = 90 exactly (not 90.000..01)
    ("100%",           "100%",          "positif", 100.0,              True),
    ("100%",           "85,5 %",        "positif", 85.5,               False),  # 85,5/100
    ("80%",            "97,5%",         "positif", 121.875,            True),   # 97,5/80 = 1,21875; kept above 100
    ("12 dokumen",     "10",            "positif", 1000 / 12,          False),  # 10/12 = 83,33..; bare vs satuan is fine
    ("12 dokumen",     "12 Dokumen",    "positif", 100.0,              True),   # satuan case ignored
    ("1.250 orang",    "1.000 orang",   "positif", 80.0,               False),  # 1000/1250 = 0,8
    ("1.250 orang",    "1.375 orang",   "positif", 110.0,              True),   # 1375/1250 = 1,1
    ("Rp 27.350.000",  "Rp25.000.000",  "positif", 2500000000 / 27350000, False),  # 91,407...
    ("3",              "2,7",           "positif", 90.0,               False),  # 2,7/3 = 0,9 exactly -> Baik, not Sangat Baik
    ("100",            "0",             "positif", 0.0,                False),  # zero is a value: 0 %
    ("100%",           "90",            "positif", 90.0,               False),  # percent vs bare number
    ("85,5",           "85,5 %",        "positif", 100.0,              True),
    # negative polarity: (2 - R/T) x 100
    ("5 kasus",        "4 kasus",       "negatif", 120.0,              True),   # (2 - 0,8) x 100 = 120
    ("5",              "5",             "negatif", 100.0,              True),   # (2 - 1) x 100
    ("10",             "12",            "negatif", 80.0,               False),  # (2 - 1,2) x 100 = 80
    ("10",             "20",            "negatif", 0.0,                False),  # (2 - 2) x 100 = 0
    ("5",              "12",            "negatif", 0.0,                False),  # (2 - 2,4) = -40 -> floored at 0
    ("10%",            "0%",            "negatif", 200.0,              True),   # (2 - 0) x 100
    ("0",              "0",             "negatif", 100.0,              True),   # T = 0 and R = 0: 100 %
    ("4,5 %",          "4,05 %",        "negatif", 110.0,              True),   # 4,05/4,5 = 0,9 -> (2 - 0,9) = 110
    # grades with their numeric scores (the LKE's nilai): capaian from the scores
    ("B (65)",         "BB (70,12)",    "positif", 7012 / 65,          True),
    ("BB (70)",        "B (63)",        "positif", 90.0,               False),
    ("bb (70)",        " BB ( 70 ) ",   "positif", 100.0,              True),   # case and spaces ignored
    # yes / no: 100 when realisasi matches target
    ("Ada",            "Ada",           "positif", 100.0,              True),
    ("Ada",            "Tidak ada",     "positif", 0.0,                False),
    ("Ya",             "Ada",           "positif", 100.0,              True),   # both "yes"
    ("Ya",             "Tidak",         "positif", 0.0,                False),
    ("Tidak ada",      "Tidak ada",     "negatif", 100.0,              True),   # target "no incident", none happened
    ("Tidak ada",      "Ada",           "negatif", 0.0,                False),
]


GRADES_ONLY = [("BB", "B", False), ("BB", "BB", True), ("BB", "A", True), ("A", "CC", False),
               ("b", " bb ", True), ("B (65)", "BB", True)]   # one score missing: grades only


@pytest.mark.parametrize("target, realisasi, tercapai", GRADES_ONLY)
def test_grades_without_scores_have_no_percentage(target, realisasi, tercapai):
    """No rank ratio (B against BB is not 80 %): reached or not, and left out of averages."""
    c = compute(target, realisasi)
    assert (c.status, c.value, c.predikat, c.tercapai) == ("ok", None, None, tercapai)
    assert c.reason.startswith("Tercapai" if tercapai else "Tidak tercapai")
    s = summarize([("S", "grade", c), ("S", "angka", compute("10", "9"))])
    assert (s.average, s.counted, [e.indikator for e in s.excluded]) == (90.0, 1, ["grade"])
    assert sum(s.predikat_counts.values()) == 1


@pytest.mark.parametrize("target, realisasi, polarity, value, tercapai", OK)
def test_computable(target, realisasi, polarity, value, tercapai):
    c = compute(target, realisasi, polarity)
    assert c.status == "ok"
    assert c.reason == ""
    assert c.value == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert c.tercapai is tercapai
    assert c.predikat == predikat(c.value)


def test_exact_boundaries_use_decimal_arithmetic():
    # 90/100*100 in floats is 90.00000000000001, which would read "Sangat Baik"
    assert compute("100", "90").value == 90.0
    assert compute("100", "90").predikat == "Baik"
    # 0,7 of 1 = 70 exactly (float 0.7*100 = 70.00000000000001 would still be Cukup, but must be 70)
    assert compute("1", "0,7").value == 70.0
    # negative: T = 10, R = 11 -> (2 - 1,1) x 100 = 90 exactly -> Baik
    c = compute("10", "11", "negatif")
    assert (c.value, c.predikat) == (90.0, "Baik")


NOT_COMPUTABLE = [
    # target,          realisasi,      polarity,  fragment of the reason
    ("0",              "5",            "positif", "Target 0"),          # never divide by zero
    ("0%",             "0%",           "positif", "pembagian dengan nol"),
    ("0",              "3",            "negatif", "realisasi juga 0"),  # T = 0 negative, R != 0
    ("100%",           "80 orang",     "positif", "Satuan target ('%') dan realisasi ('orang') berbeda"),
    ("12 dokumen",     "10 orang",     "positif", "berbeda"),
    ("Rp 1.000.000",   "10 dokumen",   "positif", "berbeda"),
    ("BB",             "80%",          "positif", "Jenis nilai"),       # grade vs number
    ("Ada",            "1",            "positif", "Jenis nilai"),       # yes/no vs number
    ("BB",             "Ada",          "positif", "Jenis nilai"),
    ("BB",             "B",            "negatif", "Polaritas negatif"), # grades are never lower-is-better
    ("1.25",           "1",            "positif", "Target angka '1.25' meragukan"),  # parser's reason
    ("100",            "12,5,3",       "positif", "Realisasi tidak dapat dibaca sebagai angka: '12,5,3'"),
    ("100",            "<5",           "positif", "Realisasi tanda '<'"),
    ("tidak tersedia", "5",            "positif", "Target tidak dapat dibaca"),
    ("",               "5",            "positif", "Target belum diisi"),
    ("-5",             "5",            "positif", "Target bernilai negatif"),
    ("5",              "-1",           "negatif", "Realisasi bernilai negatif"),
]


@pytest.mark.parametrize("target, realisasi, polarity, fragment", NOT_COMPUTABLE)
def test_not_computable_says_why(target, realisasi, polarity, fragment):
    c = compute(target, realisasi, polarity)
    assert c.status == "tidak_dapat_dihitung"
    assert c.value is None and c.predikat is None and c.tercapai is None
    assert fragment in c.reason


@pytest.mark.parametrize(
    "target, realisasi, reason",
    [
        ("100%", "", "Realisasi belum diisi"),
        ("100%", None, "Realisasi belum diisi"),
        ("100%", "   ", "Realisasi belum diisi"),
        ("100%", "-", "Realisasi belum diisi"),
        ("", "", "Target dan realisasi belum diisi"),
        ("1.25", "", "Target angka"),  # a broken target is reported even before realisasi is filled
    ],
)
def test_empty_realisasi_is_belum_diisi_not_zero(target, realisasi, reason):
    c = compute(target, realisasi)
    assert c.value is None
    assert reason in c.reason
    if reason.startswith("Target angka"):
        assert c.status == "tidak_dapat_dihitung"
    else:
        assert c.status == "belum_diisi"


def test_zero_realisasi_is_a_value():
    c = compute("100%", "0%")
    assert (c.status, c.value, c.predikat) == ("ok", 0.0, "Sangat Kurang")


@pytest.mark.parametrize("target, realisasi", [("100%", ""), ("0", "5"), ("1.25", "x"), ("100", "90"), ("", "")])
def test_belum_berjalan_wins_over_everything(target, realisasi):
    c = compute(target, realisasi, belum_berjalan=True)
    assert c == Capaian(value=None, status="belum_berjalan", reason="Kegiatan belum berjalan")


def test_accepts_parsed_cells_and_excel_values():
    assert compute(parse_value(0.9, percent_format=True), parse_value("85,5%")).value == pytest.approx(95.0)
    # Excel numbers: 1250 target, 1000 realisasi = 80
    assert compute(1250, 1000).value == 80.0


def test_satuan_hint():
    # bare numbers are taken in the indikator's satuan
    assert compute("12", "10", satuan_hint="Dokumen").status == "ok"
    # a typed satuan that contradicts the indikator's satuan is flagged
    c = compute("12 dokumen", "10 orang", satuan_hint="dokumen")
    assert c.status == "tidak_dapat_dihitung" and "orang" in c.reason
    c = compute("12", "10 orang", satuan_hint="dokumen")
    assert "Satuan realisasi ('orang') berbeda dengan satuan indikator ('dokumen')" == c.reason
    # "Persen (%)" is the same satuan as "%"
    assert compute("100%", "90%", satuan_hint="Persen (%)").value == 90.0
    # a hint does not change grades
    assert compute("BB (80)", "B (64)", satuan_hint="Predikat").value == 80.0


def test_unknown_polarity_is_a_programming_error():
    with pytest.raises(ValueError):
        compute("1", "1", "netral")


PREDIKAT = [
    # unrounded capaian -> label; bounds are exclusive below
    (121.875, "Sangat Baik"),
    (100.0, "Sangat Baik"),
    (90.0001, "Sangat Baik"),
    (90.0, "Baik"),            # exactly 90 is not > 90
    (89.996, "Baik"),          # would print 90,00% but is Baik: predikat uses the unrounded value
    (75.0001, "Baik"),
    (75.0, "Cukup"),
    (65.0001, "Cukup"),
    (65.0, "Kurang"),
    (50.0001, "Kurang"),
    (50.0, "Sangat Kurang"),
    (0.0, "Sangat Kurang"),
]


@pytest.mark.parametrize("value, label", PREDIKAT)
def test_predikat_scale(value, label):
    assert predikat(value) == label


def test_predikat_of_none_is_none():
    assert predikat(None) is None


def test_predikat_scale_is_data():
    scale = [(None, "Kurang"), (80, "Baik")]  # any order; None = the rest
    assert predikat(80.5, scale) == "Baik"
    assert predikat(80, scale) == "Kurang"
    assert predikat(10, [(50, "Lulus")]) is None  # below every band
    # a custom scale reaches compute too
    assert compute("100", "85", scale=scale).predikat == "Baik"


# ----------------------------------------------------------------- summary

def _items():
    return [
        # sasaran  indikator  capaian
        ("S1", "I1", compute("100%", "90%")),        # 90       Baik
        ("S1", "I2", compute("10", "12")),           # 120      Sangat Baik
        ("S1", "I3", compute("10", "", )),           # belum diisi
        ("S2", "I4", compute("BB (80)", "B (64)")),  # 80 from the scores: Baik
        ("S2", "I5", compute("0", "5")),             # T = 0: not computable
        ("S2", "I6", compute("5", "5", belum_berjalan=True)),
        ("S3", "I7", compute("100", "0")),           # 0        Sangat Kurang (a value!)
        ("S4", "I8", compute("", "")),               # belum diisi only
    ]


def test_summary_without_cap():
    s = summarize(_items())
    by = {x.sasaran: x for x in s.sasaran}
    assert [x.sasaran for x in s.sasaran] == ["S1", "S2", "S3", "S4"]  # first-appearance order
    assert by["S1"].average == pytest.approx(105.0)   # (90 + 120) / 2
    assert by["S1"].predikat == "Sangat Baik"
    assert (by["S1"].counted, by["S1"].total) == (2, 3)
    assert by["S2"].average == pytest.approx(80.0)    # only I4
    assert by["S3"].average == 0.0                     # zero counts
    assert by["S3"].predikat == "Sangat Kurang"
    assert by["S4"].average is None and by["S4"].predikat is None
    # overall: (90 + 120 + 80 + 0) / 4 = 72,5 -> Cukup
    assert s.average == pytest.approx(72.5)
    assert s.predikat == "Cukup"
    assert (s.counted, s.total) == (4, 8)
    assert s.predikat_counts == {"Sangat Baik": 1, "Baik": 2, "Cukup": 0, "Kurang": 0, "Sangat Kurang": 1}
    assert list(s.predikat_counts) == [label for _, label in DEFAULT_SCALE]
    excluded = [(e.indikator, e.status) for e in s.excluded]
    assert excluded == [
        ("I3", "belum_diisi"),
        ("I5", "tidak_dapat_dihitung"),
        ("I6", "belum_berjalan"),
        ("I8", "belum_diisi"),
    ]
    assert "Target 0" in s.excluded[1].reason
    assert s.excluded[2].reason == "Kegiatan belum berjalan"
    assert [e.indikator for e in by["S2"].excluded] == ["I5", "I6"]


def test_summary_with_cap_caps_only_the_average():
    s = summarize(_items(), cap=True)
    by = {x.sasaran: x for x in s.sasaran}
    assert by["S1"].average == pytest.approx(95.0)   # (90 + min(120, 100)) / 2
    # overall: (90 + 100 + 80 + 0) / 4 = 67,5 -> Cukup
    assert s.average == pytest.approx(67.5)
    # the indikator's own predikat is unchanged by the cap
    assert s.predikat_counts["Sangat Baik"] == 1
    assert s.cap is True


def test_summary_of_nothing():
    s = summarize([])
    assert (s.sasaran, s.average, s.predikat, s.counted, s.total) == ((), None, None, 0, 0)
    assert set(s.predikat_counts.values()) == {0}


# ----------------------------------------------------------------- properties

_amount = st.decimals(min_value=0, max_value=Decimal("1e9"), places=3)
_positive = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1e9"), places=3)


def _id(d: Decimal) -> str:
    return format_number(d)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(_positive, _amount, _amount)
def test_positive_capaian_is_monotone_in_realisasi(t, r1, r2):
    lo, hi = sorted((r1, r2))
    a, b = compute(_id(t), _id(lo)), compute(_id(t), _id(hi))
    assert a.status == b.status == "ok"
    assert a.value <= b.value


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(_positive, _amount, _amount)
def test_negative_capaian_is_monotone_non_increasing_in_realisasi(t, r1, r2):
    lo, hi = sorted((r1, r2))
    assert compute(_id(t), _id(lo), "negatif").value >= compute(_id(t), _id(hi), "negatif").value


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(_amount, _amount)
def test_negative_polarity_never_below_zero(t, r):
    c = compute(_id(t), _id(r), "negatif")
    if c.status == "ok":
        assert c.value >= 0
    else:  # only T = 0 with R != 0 is not computable
        assert t == 0 and r != 0


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(_positive, _amount)
def test_predikat_always_matches_the_unrounded_value(t, r):
    c = compute(_id(t), _id(r))
    assert c.predikat == predikat(c.value)
    assert c.tercapai == (c.value >= 100)


@settings(derandomize=True, deadline=None)  # deterministic, no timing assertion
@given(st.sampled_from(["D", "C", "CC", "B", "BB", "A", "AA"]), st.sampled_from(["D", "C", "CC", "B", "BB", "A", "AA"]))
def test_grade_tercapai_iff_rank_reached(t, r):
    order = ["D", "C", "CC", "B", "BB", "A", "AA"]
    c = compute(t, r)
    assert c.tercapai == (order.index(r) >= order.index(t))
