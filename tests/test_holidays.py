"""Holidays from a kept library (issue #20, point 4): national holidays from the pinned
``holidays`` package, cuti bersama from Perkin's shipped SKB list, loaded on init and
when a cycle first needs a year; a removed day never comes back; each day shows its source."""
from __future__ import annotations

import datetime as dt

import holidays
import pytest

from db import connect
from lib import clock, cycles, events, office_calendar
from lib.cli_common import OPERATOR
from lib.errors import PermissionDenied, ValidationError
from lib.services import workflow
from tests.conftest import login_as


def _days(db, year):
    return {h["date"]: (h["name"], h["source"]) for h in office_calendar.list_holidays(db, year)}


def test_lebaran_2025_from_the_library_and_cuti_bersama_from_the_list(demo_db, people):
    db = demo_db
    admin = people["admin"]
    result = office_calendar.load_year(db, admin, 2025)
    assert result == {"tahun": 2025, "nasional": 17, "cuti_bersama": 11,
                      "ada_daftar_cuti_bersama": True}
    days = _days(db, 2025)
    assert days["2025-03-31"] == ("Hari Raya Idul Fitri", "nasional")
    assert days["2025-04-01"] == ("Hari kedua dari Hari Raya Idul Fitri", "nasional")
    assert days["2025-06-06"] == ("Hari Raya Idul Adha", "nasional")
    assert days["2025-01-29"] == ("Tahun Baru Imlek", "nasional")
    assert days["2025-03-29"][1] == "nasional"     # Nyepi
    assert days["2025-05-12"][1] == "nasional"     # Waisak
    for d in ("2025-03-28", "2025-04-02", "2025-04-03", "2025-04-04", "2025-04-07"):
        assert days[d][1] == "cuti_bersama", d
    # office minutes: opened Thursday 27 March 15:30, back at work Tuesday 8 April 08:00:
    # the Nyepi cuti bersama, Lebaran and its cuti bersama count nothing
    cal = office_calendar.calendar(db)
    opened = dt.datetime(2025, 3, 27, 15, 30, tzinfo=clock.TZ)
    done = dt.datetime(2025, 4, 8, 8, 0, tzinfo=clock.TZ)
    assert cal.office_minutes(opened, done) == 60
    assert [e["action"] for e in events.list_events(db)][-1] == "libur.muat"


def test_a_removed_day_stays_removed_on_every_later_load(demo_db, people):
    db = demo_db
    admin = people["admin"]
    office_calendar.load_year(db, admin, 2026)
    office_calendar.remove_holiday(db, admin, dt.date(2026, 3, 24))   # a cuti bersama
    office_calendar.remove_holiday(db, admin, dt.date(2026, 1, 16))   # Isra Mikraj
    again = office_calendar.load_year(db, admin, 2026)
    assert again["nasional"] == 0 and again["cuti_bersama"] == 0
    days = _days(db, 2026)
    assert "2026-03-24" not in days and "2026-01-16" not in days
    assert days["2026-03-23"][1] == "cuti_bersama"
    removed = office_calendar.list_removed(db, 2026)
    assert [(r["date"], r["source"]) for r in removed] == [("2026-01-16", "nasional"),
                                                          ("2026-03-24", "cuti_bersama")]
    assert removed[0]["removed_by_name"] == admin.name
    # init's "first needed" load does not bring them back either
    office_calendar.ensure_years(db, OPERATOR, [2026, 2027])
    assert "2026-03-24" not in _days(db, 2026)
    # the admin's own day on that date is the admin's again
    office_calendar.add_holiday(db, admin, dt.date(2026, 3, 24), "Cuti bersama kantor")
    assert _days(db, 2026)["2026-03-24"] == ("Cuti bersama kantor", "admin")
    assert [r["date"] for r in office_calendar.list_removed(db, 2026)] == ["2026-01-16"]
    with pytest.raises(ValidationError, match="tidak tercatat sebagai hari libur"):
        office_calendar.remove_holiday(db, admin, dt.date(2026, 7, 7))
    with pytest.raises(PermissionDenied):
        office_calendar.load_year(db, people["camat"], 2026)


def test_a_year_without_a_shipped_list_says_so(demo_db, people):
    result = office_calendar.load_year(demo_db, people["admin"], 2027)
    assert result["cuti_bersama"] == 0 and not result["ada_daftar_cuti_bersama"]
    assert result["nasional"] > 10
    text = office_calendar.describe_load(result)
    assert "belum memiliki daftar cuti bersama tahun 2027" in text
    assert office_calendar.year_status(demo_db, 2027)["has_cuti_bersama"] == 0


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_shipped_cuti_bersama_agree_with_the_library(year):
    """Two sources typed apart from each other: Perkin's list and the package's
    'government' category (the ASN cuti bersama) name the same days."""
    ours = {d for d, _ in office_calendar.cuti_bersama(year)}
    theirs = set(holidays.country_holidays("ID", years=[year], categories=("government",)))
    assert ours == theirs
    assert all(d.weekday() < 5 for d in ours)     # a cuti bersama is a working day


def test_starting_a_cycle_loads_the_years_its_steps_run_in(demo_db, people):
    db = demo_db
    now = dt.datetime(2027, 1, 11, 8, 0, tzinfo=clock.TZ)
    workflow.start_cycle(db, people["camat"], 2026, use_register=True, now=now)
    assert office_calendar.year_status(db, 2026) is not None
    assert office_calendar.year_status(db, 2027) is not None
    assert _days(db, 2027)["2027-01-01"] == ("Tahun Baru Masehi", "nasional")
    loads = [e for e in events.list_events(db) if e["action"] == "libur.muat"]
    assert len(loads) == 2 and loads[0]["username"] == "camat"
    assert cycles.get_cycle(db, 2026) is not None


def test_init_loads_holidays_once(data_dir, capsys):
    from lib import cli

    assert cli.main(["init"]) == 0
    out = capsys.readouterr().out
    year = clock.now().year
    assert f"Hari libur tahun {year}:" in out
    assert cli.main(["init"]) == 0
    assert "Hari libur tahun" not in capsys.readouterr().out    # loaded once
    db = connect(data_dir / "perkin.db")
    try:
        for y in (year - 1, year, year + 1):
            assert office_calendar.year_status(db, y) is not None
        assert any(h["source"] == "nasional" for h in office_calendar.list_holidays(db, year))
    finally:
        db.conn.close()


def test_calendar_page_shows_sources_and_the_missing_list(demo_db, people):
    office_calendar.load_year(demo_db, people["admin"], 2026)
    at = login_as("admin")
    at.switch_page("pages/admin_kalender.py").run()
    assert not at.exception
    at.selectbox(key="admin.kalender.year").set_value(2026).run()
    table = at.dataframe[0].value
    assert list(table.columns) == ["Tanggal", "Hari", "Keterangan", "Sumber"]
    row = table[table["Tanggal"] == "20 Maret 2026"].iloc[0]
    assert row["Sumber"] == "Cuti bersama"
    assert table[table["Tanggal"] == "17 Agustus 2026"].iloc[0]["Sumber"] == "Libur nasional"
    at.selectbox(key="admin.kalender.year").set_value(2027).run()
    assert any("belum dimuat" in i.value for i in at.info)
    next(b for b in at.button if b.key == "admin.kalender.muat").click().run()
    assert not at.exception
    assert any("belum memiliki daftar cuti bersama tahun 2027" in w.value for w in at.warning)
