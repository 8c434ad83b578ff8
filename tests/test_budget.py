"""Realisasi anggaran: Indonesian amounts, serapan, only the umum unit head."""
from __future__ import annotations

import pytest

from lib import budget, events
from lib.errors import PermissionDenied, ValidationError

YEAR = 2026


def test_amounts_serapan_and_totals(demo_db, people):
    umum = people["umum"]
    a = budget.save_budget_row(demo_db, umum, YEAR, "Program Penunjang Urusan Pemerintahan",
                               "Rp 27.350.000", "Rp24.615.000")
    budget.save_budget_row(demo_db, umum, YEAR, "Program Penyelenggaraan Pemerintahan",
                           1_000_000, "250.000,50")
    budget.save_budget_row(demo_db, umum, YEAR, "Program tanpa pagu", "", "")
    rows = budget.list_budget(demo_db, YEAR)
    assert [r.id for r in rows][0] == a
    assert (rows[0].pagu, rows[0].realisasi) == (27_350_000.0, 24_615_000.0)
    assert rows[0].serapan == pytest.approx(90.0)
    assert rows[1].realisasi == 250_000.5 and rows[1].serapan == pytest.approx(25.00005)
    assert rows[2].serapan is None          # no division by a zero pagu
    t = budget.totals(demo_db, YEAR)
    assert t["pagu"] == 28_350_000.0 and t["serapan"] == pytest.approx(
        (24_615_000 + 250_000.5) / 28_350_000 * 100)
    budget.save_budget_row(demo_db, umum, YEAR, "Program Penunjang Urusan Pemerintahan",
                           "27.350.000", "27.000.000", row_id=a)
    assert budget.list_budget(demo_db, YEAR)[0].realisasi == 27_000_000.0
    assert len(events.list_events(demo_db, year=YEAR, action_prefix="anggaran")) == 4


def test_bad_amounts_and_duplicates_refused(demo_db, people):
    umum = people["umum"]
    with pytest.raises(ValidationError) as err:
        budget.save_budget_row(demo_db, umum, YEAR, "", "1.25", "-5")
    text = " ".join(err.value.problems)
    assert "Nama program wajib" in text and "meragukan" in text and "negatif" in text
    with pytest.raises(ValidationError, match="rupiah"):
        budget.save_budget_row(demo_db, umum, YEAR, "P", "85%", "0")
    budget.save_budget_row(demo_db, umum, YEAR, "P", "1.000", "0")
    with pytest.raises(ValidationError, match="sudah ada"):
        budget.save_budget_row(demo_db, umum, YEAR, "p", "1.000", "0")


def test_only_umum_head_edits(demo_db, people):
    for who in ("pem", "sekcam", "jf"):
        with pytest.raises(PermissionDenied):
            budget.save_budget_row(demo_db, people[who], YEAR, "P", "1", "1")
    rid = budget.save_budget_row(demo_db, people["umum"], YEAR, "P", "1", "1")
    with pytest.raises(PermissionDenied):
        budget.delete_budget_row(demo_db, people["pem"], YEAR, rid)
    budget.delete_budget_row(demo_db, people["umum"], YEAR, rid)
    assert budget.list_budget(demo_db, YEAR) == []
