"""Issue 20, point 1: numbers in charts and tables are Indonesian.

Vega formats a chart's axes and tooltips in the browser, so the Indonesian locale
must be in the spec the page sends (lib.charts), not only in Python; table cells
are spelled by lib.spelling.format_cell."""
from __future__ import annotations

import json

import pytest

from lib import charts, spelling
from tests.conftest import login_as

LONG = "Meningkatnya akuntabilitas kinerja dan kualitas pelayanan administrasi perkantoran"


def _fmt(spec: dict, channel: str) -> str:
    return spec["encoding"][channel]["axis"]["format"]


def test_every_chart_carries_the_indonesian_locale():
    minutes = charts.minutes_chart([{"langkah": "1", "menit": 1528, "mutu_baku": 1440,
                                     "melebihi": True}])
    capaian = charts.capaian_chart([{"tahun": 2026, "sasaran": LONG, "rata_rata": 108.33}])
    for spec in (minutes, capaian):
        number = spec["config"]["locale"]["number"]
        assert number["decimal"] == "," and number["thousands"] == "." and \
            number["grouping"] == [3] and number["currency"] == ["Rp", ""]
        time = spec["config"]["locale"]["time"]
        assert time["months"][10] == "November" and time["shortMonths"][7] == "Agu"
        json.dumps(spec)   # plain data: what st.vega_lite_chart sends
    # d3 formats with grouping (","), which the locale turns into "." and decimal ","
    assert _fmt(minutes, "x") == ",d"
    assert minutes["encoding"]["tooltip"][-1]["format"] == ",d"
    assert capaian["encoding"]["tooltip"][-1]["format"] == ",.2f"


def test_axes_reach_the_largest_value():
    spec = charts.capaian_chart([{"tahun": 2025, "sasaran": "A", "rata_rata": 96.0},
                                 {"tahun": 2026, "sasaran": "A", "rata_rata": 108.33},
                                 {"tahun": 2026, "sasaran": "B", "rata_rata": None}])
    top = spec["encoding"]["x"]["scale"]["domain"][1]
    assert top > 108.33 and top <= 130
    low = charts.capaian_chart([{"tahun": 2026, "sasaran": "A", "rata_rata": 40.0}])
    assert low["encoding"]["x"]["scale"]["domain"][1] >= 100   # a capaian axis shows 100%
    minutes = charts.minutes_chart([{"langkah": "7", "menit": 110, "mutu_baku": 60,
                                     "melebihi": True}])
    assert minutes["encoding"]["x"]["scale"]["domain"][1] > 110


@pytest.mark.parametrize("values, floor, expected", [
    ([108.33], 100, 120), ([40], 100, 110), ([1528], 0, 1600), ([0], 0, 1.1), ([9.6], 0, 10)])
def test_axis_max(values, floor, expected):
    assert charts.axis_max(values, floor) == pytest.approx(expected)


def test_long_labels_wrap_and_the_tooltip_keeps_them_whole():
    spec = charts.capaian_chart([{"tahun": 2026, "sasaran": LONG, "rata_rata": 90.0}])
    row = spec["data"]["values"][0]
    assert row["Sasaran"] == LONG
    lines = row["Label"].split("\n")
    assert 1 < len(lines) <= charts.LABEL_LINES
    assert all(len(line) <= charts.LABEL_WIDTH for line in lines)
    assert spec["encoding"]["tooltip"][0]["field"] == "Sasaran"
    assert "split(" in spec["encoding"]["y"]["axis"]["labelExpr"]
    # tall enough for the wrapped label of every band
    assert spec["height"] >= len(lines) * charts.LINE_PX


def test_wrap_label_shortens_beyond_three_lines():
    text = charts.wrap_label(" ".join(["administrasi"] * 20))
    assert text.count("\n") == 2 and text.endswith("…")
    assert charts.wrap_label("Pendek") == "Pendek"


def test_pemantauan_sends_the_locale_with_its_charts(history_db):  # noqa: F811
    at = login_as("sekcam")
    at.switch_page("pages/pemantauan.py").run()
    assert not at.exception, at.exception
    specs = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    assert len(specs) == 2   # minutes against Mutu Baku; capaian per sasaran across years
    for spec in specs:
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        assert spec["config"]["locale"]["number"]["thousands"] == "."


@pytest.mark.parametrize("value, kind, text", [
    (1528, "bilangan", "1.528"), (85.5, "bilangan", "85,5"), (125, "persen", "125,00%"),
    (94.8263, "persen", "94,83%"), (27350000, "rupiah", "Rp27.350.000"),
    (1528, "selisih", "+1.528"), (-12, "selisih", "-12"), (0, "selisih", "0"),
    (85.5, "desimal", "85,50"), (None, "persen", "–"), ("", "bilangan", "–"),
    ("BB", "persen", "BB"), (0, "persen", "0,00%")])
def test_format_cell(value, kind, text):
    assert spelling.format_cell(value, kind) == text


def test_format_cell_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        spelling.format_cell(1, "uang")
