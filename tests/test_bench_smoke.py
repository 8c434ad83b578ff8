"""The bench modules import and a tiny run of each works (no timing assertions):
a tiny office built through the services, one page rerun against the bare page,
the LAKIP against the bare document, import/export, the SOP clock, and one cold
start to /_stcore/health without the browser."""
from __future__ import annotations

import importlib
import pkgutil
import sqlite3

import pytest

import bench
from bench import office

TINY = office.OfficeSpec("tiny", 2, 6, 3, "compile")
TINY_REVIEW = office.OfficeSpec("tinyreview", 1, 8, 2, "review")


def test_every_bench_module_imports():
    names = [m.name for m in pkgutil.iter_modules(bench.__path__)]
    assert {"office", "pages", "report", "excel_io", "sop_clock", "startup", "doc",
            "findings", "bare_page"} <= set(names)
    for name in names:
        importlib.import_module(f"bench.{name}")


def test_stats_median_min_max():
    s = bench.Stats("x", [0.3, 0.1, 0.2])
    assert (s.n, s.median, s.min, s.max) == (3, 0.2, 0.1, 0.3)
    assert bench.ms(0.1234) == "123 ms" and bench.ms(2.5) == "2.50 s"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    bench.setup_env()
    out = tmp_path_factory.mktemp("bench")
    return out, office.cached(TINY, out), office.cached(TINY_REVIEW, out)


@pytest.mark.slow
def test_office_built_through_services_and_cached(tiny):
    out, path, review = tiny
    conn = sqlite3.connect(path / "perkin.db")
    per_year = dict(conn.execute("SELECT year, COUNT(*) FROM indicators GROUP BY year"))
    statuses = dict(conn.execute("SELECT year, status FROM cycles"))
    archived = conn.execute("SELECT COUNT(*) FROM archive").fetchone()[0]
    conn.close()
    assert per_year == {2025: 18, 2026: 18}
    assert statuses[2025] != "berjalan" and statuses[2026] == "berjalan"
    assert archived == 1  # the complete year's approval froze its final LAKIP
    assert office.cached(TINY, out) == path  # second call: the cache, not a rebuild
    conn = sqlite3.connect(review / "perkin.db")
    units = conn.execute("SELECT COUNT(*) FROM units WHERE supplies_data = 1").fetchone()[0]
    conn.close()
    assert units == 8


@pytest.mark.slow
def test_pages_bench_tiny(tiny, tmp_path):
    from bench import pages

    _, _, review = tiny
    results = pages.run(review, tmp_path, 1, pages=["pages/rekap.py"], progress=lambda m: None)
    page = results[0]
    assert page.what.n == 1 and page.baseline.n == 1
    assert "exception" not in page.what.note
    assert results[-1].what.name.startswith("login")


@pytest.mark.slow
def test_report_io_and_sop_bench_tiny(tiny, tmp_path):
    from bench import excel_io, report, sop_clock

    _, path, _ = tiny
    rep = report.run(path, tmp_path, 1, progress=lambda m: None)
    assert "pages" in rep[0].what.note and rep[0].baseline.n == 1
    io_results = excel_io.run(path, tmp_path, 1, progress=lambda m: None)
    assert [r.what.n for r in io_results] == [1, 1, 1, 1]
    assert "18 new rows" in io_results[0].what.name
    sop = sop_clock.run(path, tmp_path, 1, progress=lambda m: None)
    assert [r.baseline.samples[0] for r in sop] == [7200.0, 7200.0, 600.0]


@pytest.mark.subprocess
@pytest.mark.slow
def test_cold_start_to_health_tiny(tiny, tmp_path):
    from bench import startup

    _, path, _ = tiny
    results = startup.run(path, tmp_path, 1, browser_too=False, progress=lambda m: None)
    assert results[0].what.n == 1 and results[0].baseline.n == 1


def test_doc_written(tmp_path):
    import datetime as dt

    from bench import doc

    r = bench.Result("LKjIP report", bench.Stats("a", [1.0, 2.0]), bench.Stats("b", [1.0]),
                     "<= 1.5x", False)
    out = doc.write([r], command="python3 run.py bench", started=dt.datetime(2026, 11, 24),
                    seconds=60, load=((1.0,), (2.0,)), offices={"x": "y"}, findings="## F",
                    path=tmp_path / "B.md")
    text = out.read_text()
    assert "| a | 2 | 1.50 s |" in text and "**NO**" in text and " cores " in text


def test_browser_bench_results_and_targets():
    """bench.browser's table from recorded samples (no browser here: CI runs none)."""
    from bench import browser

    rec = {"perkin": {"first": [2.0, 2.2], "first_runs": [1, 1], "login": [0.9, 1.0],
                      "login_runs": [2, 2], "pages": {"Beranda": [0.5, 0.6]},
                      "page_runs": {"Beranda": [1, 1]}},
           "bare": {"first": [1.5, 1.7], "first_runs": [1, 1], "login": [0.5, 0.5],
                    "login_runs": [1, 1], "pages": {"Beranda": [0.5, 0.5]},
                    "page_runs": {"Beranda": [1, 1]}}}
    res = browser.results(rec, bench.Stats("bcrypt", [0.3]), (200.0, 150.0), "Browser (x)")
    first, login, page, every = res
    assert first.ok is True and round(first.ratio, 2) == 1.31   # 2.1 / 1.6 <= 1.5
    assert login.ok is True and "1050 ms" in login.target   # 0.95 <= 1.5 * 0.5 + 0.3
    assert page.ok is True and every.ok is True
    assert "server memory 200 MB" in first.what.note


def test_bare_app_shows_a_spec_page(demo_db, tmp_path, monkeypatch):
    """The bare app renders the element kinds a spec names (AppTest, no browser)."""
    import json

    from streamlit.testing.v1 import AppTest

    from lib.paths import ROOT

    image = ROOT / "docs" / "panduan" / "beranda-tugas-saya.png"   # an image Perkin serves
    spec = {"roles": {"camat": {"name": "Camat", "label": "Camat", "pages": [
        {"title": "Beranda", "url": "", "elements": [
            ["stDataFrame", {"rows": 3}], ["stHtml", {"rows": 2}], ["stButton", {}],
            ["stSelectbox", {}], ["stMetric", {}], ["stAlert", {}], ["stExpander", {}],
            ["stMarkdown", {}], ["stPageLink", {}],
            # what the census reads inside a full-screen frame and from long texts
            ["stVegaLiteChart", {"height": 300, "bars": 11}],
            ["stImage", {"file": str(image), "caption": "Beranda dengan Tugas saya"}],
            ["stMarkdown", {"md": "## Alur satu tahun\n\n| No | Kegiatan |\n| --- | --- |\n"
                                  "| 1 | Memerintahkan |\n\n- satu\n- dua"}]]}]}}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("BENCH_SPEC", str(path))
    at = AppTest.from_file(str(ROOT / "bench" / "bare_app.py"), default_timeout=30)
    at.run()
    assert not at.exception and at.text_input[0].label == "Nama pengguna"
    at.session_state["bare.user"] = "camat"
    at.run()
    assert not at.exception
    assert len(at.dataframe) == 1 and len(at.metric) == 1 and at.title[0].value == "Beranda"
    # the chart, the image with its caption, and the long text rebuilt as markdown
    import json as _json

    (chart,) = at.get("vega_lite_chart")
    spec_sent = _json.loads(chart.proto.spec)
    assert spec_sent["height"] == 300 and chart.proto.datasets or chart.proto.data
    (img,) = at.get("image")
    assert img.proto.imgs[0].caption == "Beranda dengan Tugas saya"
    assert any(m.value.startswith("## Alur satu tahun") for m in at.markdown)


def test_browser_bench_action_results():
    """The actions table: Perkin's runs per action against the one-run target."""
    from bench import browser

    rec = {"kesos: Simpan (Formulir Unit)": {"perkin": [0.6, 0.7], "perkin_runs": [1, 1],
                                             "bare": [0.3, 0.3], "bare_runs": [1, 1]},
           "kesos: Kirim (Formulir Unit)": {"perkin": [0.9], "perkin_runs": [2],
                                            "bare": [0.3], "bare_runs": [1]}}
    simpan, kirim = browser.action_results(rec, "Browser (demo)")
    assert simpan.section == "Browser (demo): actions" and simpan.ok is True
    assert round(simpan.ratio, 2) == 2.17 and simpan.what.note == "1 run (bare 1)"
    assert kirim.ok is False                                    # two runs for one click
