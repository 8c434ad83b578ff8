"""Vega-Lite specs of the app's charts, in Indonesian spelling, built as plain dicts.

Every spec carries Indonesian number and time locales in ``config.locale``
(``1.000``, ``108,33``, ``November``): Vega formats axes and tooltips in the
browser, so the locale must be *in the spec* (nothing is fetched; the app runs
offline). Long category labels are wrapped onto at most three lines on the axis
and given whole in the tooltip; plots are sized to their rows; the value axis
always reaches the largest value (and 100 for a capaian).

No streamlit here: pages pass the spec to ``st.vega_lite_chart``.
"""
from __future__ import annotations

import math
import textwrap

# d3-format / d3-time-format locale definitions (Vega's config.locale)
NUMBER_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""],
                 "percent": "%", "minus": "-", "nan": "–"}
TIME_LOCALE = {
    "dateTime": "%A, %e %B %Y %H.%M.%S", "date": "%d/%m/%Y", "time": "%H.%M.%S",
    "periods": ["", ""],
    "days": ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
    "shortDays": ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
    "months": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"],
    "shortMonths": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
                    "Nov", "Des"],
}
LOCALE = {"number": NUMBER_LOCALE, "time": TIME_LOCALE}
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"   # a name only, never fetched

LABEL_WIDTH = 28      # characters per axis-label line
LABEL_LINES = 3
LINE_PX = 13          # one label line at the axis's 11 px font


def wrap_label(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters, joined by "\\n", the
    last one ending in "…" when text was left out (the tooltip has it all)."""
    text = " ".join(str(text).split())
    parts = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        last = parts[-1]
        parts[-1] = (last if len(last) < width else last[:width - 1].rstrip()) + "…"
    return "\n".join(parts)


def axis_max(values, floor: float = 0) -> float:
    """The value axis' end: a little above the largest value (and ``floor``), rounded up to
    a tenth of its order of magnitude (108,33 -> 120; 1.528 -> 1.600)."""
    top = max([floor, *[v for v in values if v is not None]]) or 1
    target = top * 1.04
    step = 10.0 ** (math.floor(math.log10(target)) - 1)
    return round(math.ceil(target / step) * step, 6)


def _base(data: list[dict], height: int) -> dict:
    # autosize fit-x: the width follows the page, ``height`` is the plot's own (Streamlit's
    # default "fit" squeezes the plot to make room for labels and legend)
    return {"$schema": SCHEMA, "data": {"values": data}, "height": height,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "config": {"locale": LOCALE, "axis": {"labelFontSize": 11, "titleFontSize": 12},
                       "legend": {"orient": "top", "labelFontSize": 11, "labelLimit": 160}}}


def _band(labels: list[str], bars: int) -> int:
    """Pixels per category: room for its bars and for every line of its label."""
    lines = max([label.count("\n") + 1 for label in labels] or [1])
    return max(bars * 14 + 10, lines * LINE_PX + 18)


def _category_axis() -> dict:
    return {"labelExpr": "split(datum.label, '\\n')", "labelLimit": 220,
            "labelLineHeight": LINE_PX, "labelPadding": 6}


def minutes_chart(rows: list[dict]) -> dict:
    """Office minutes per step beside its Mutu Baku (rows of
    ``lib.monitoring.minutes_per_step``): a pair of bars per step, the step's label
    wrapped, minutes spelled ``1.440``."""
    data, order = [], []
    for r in rows:
        label = wrap_label(r["langkah"])
        order.append(label)
        data.append({"Langkah": r["langkah"], "Label": label, "Jenis": "Waktu nyata",
                     "Menit": r["menit"],
                     "Keterangan": "Melebihi Mutu Baku" if r["melebihi"] else "Sesuai"})
        data.append({"Langkah": r["langkah"], "Label": label, "Jenis": "Mutu Baku",
                     "Menit": r["mutu_baku"], "Keterangan": "Mutu Baku"})
    top = axis_max([d["Menit"] for d in data])
    spec = _base(data, max(120, _band(order, 2) * len(order)))
    spec.update({
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "Label", "type": "nominal", "sort": order, "title": "Langkah",
                  "axis": _category_axis()},
            "yOffset": {"field": "Jenis", "type": "nominal", "sort": ["Waktu nyata",
                                                                      "Mutu Baku"]},
            "x": {"field": "Menit", "type": "quantitative", "title": "Menit kerja",
                  "scale": {"domain": [0, top], "nice": False},
                  "axis": {"format": ",d", "tickMinStep": 1, "tickCount": 8}},
            # one entry a line: three in a row overflow a phone's width
            "color": {"field": "Keterangan", "type": "nominal", "title": None,
                      "legend": {"columns": 1},
                      "scale": {"domain": ["Sesuai", "Melebihi Mutu Baku", "Mutu Baku"],
                                "range": ["#2e7d32", "#c62828", "#9e9e9e"]}},
            "tooltip": [{"field": "Langkah", "type": "nominal", "title": "Langkah"},
                        {"field": "Jenis", "type": "nominal", "title": "Jenis"},
                        {"field": "Menit", "type": "quantitative", "title": "Menit kerja",
                         "format": ",d"}],
        },
    })
    return spec


def capaian_chart(rows: list[dict]) -> dict:
    """Average capaian per sasaran across years (rows with ``tahun``, ``sasaran``,
    ``rata_rata``): horizontal bars, one band per sasaran with its name wrapped on the
    axis and whole in the tooltip, the axis to 100% or the largest value beyond it."""
    rows = [r for r in rows if r.get("rata_rata") is not None]
    names: list[str] = []
    for r in rows:
        if r["sasaran"] not in names:
            names.append(r["sasaran"])
    labels = {n: wrap_label(n) for n in names}
    years = sorted({str(r["tahun"]) for r in rows})
    data = [{"Sasaran": r["sasaran"], "Label": labels[r["sasaran"]], "Tahun": str(r["tahun"]),
             "Capaian": float(r["rata_rata"])} for r in rows]
    spec = _base(data, max(120, _band(list(labels.values()), len(years)) * len(names)))
    spec.update({
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "Label", "type": "nominal", "sort": [labels[n] for n in names],
                  "title": None, "axis": _category_axis()},
            "yOffset": {"field": "Tahun", "type": "nominal", "sort": years},
            "x": {"field": "Capaian", "type": "quantitative", "title": "Rata-rata capaian (%)",
                  "scale": {"domain": [0, axis_max([d["Capaian"] for d in data], 100)],
                            "nice": False},
                  "axis": {"format": ",.0f", "tickCount": 8}},
            "color": {"field": "Tahun", "type": "nominal", "title": "Tahun", "sort": years},
            "tooltip": [{"field": "Sasaran", "type": "nominal", "title": "Sasaran"},
                        {"field": "Tahun", "type": "nominal", "title": "Tahun"},
                        {"field": "Capaian", "type": "quantitative", "title": "Capaian (%)",
                         "format": ",.2f"}],
        },
    })
    return spec
