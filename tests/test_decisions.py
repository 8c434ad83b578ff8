"""Withdrawing a step-5 decision: its own audit event, and the conditions that refuse it."""
from __future__ import annotations

import pytest

from lib import cycles, decisions, events, narratives
from lib.format import review, store, unit_form
from lib.errors import PermissionDenied, StateError, ValidationError
from tests.cyclehelp import SUPPLIERS, YEAR, Clock, do_step, run_to


def _state(db, code):
    return cycles.unit_states(db, cycles.get_cycle(db, YEAR))[code]


def _at_review(db, people):
    clk = run_to(db, people, 5)
    return clk


def test_withdraw_acceptance_puts_unit_back_for_a_new_decision(demo_db, people):
    db, p = demo_db, people
    clk = _at_review(db, p)
    cycles.review_unit(db, p["sekcam"], YEAR, "trantib", "terima", now=clk.tick())
    assert decisions.withdrawable(db, YEAR)["trantib"] == ("terima", None)
    kind = decisions.withdraw(db, p["sekcam"], YEAR, "trantib", "Salah pilih unit",
                              now=clk.tick())
    assert kind == "terima"
    st = _state(db, "trantib")
    assert st["state"] == "dikirim" and st["compiled_round"] == 1
    ev = events.list_events(db, year=YEAR, action_prefix="unit.tarik")
    assert [(e["action"], e["unit_code"], e["from_state"], e["to_state"], e["reason"])
            for e in ev] == [("unit.tarik_terima", "trantib", "diterima", "dikirim",
                              "Salah pilih unit")]
    # the first decision stays in the trail
    assert [e["unit_code"] for e in events.list_events(db, year=YEAR,
                                                       action_prefix="unit.terima")] == ["trantib"]
    # and the unit can be decided again
    assert "trantib" in review.reviewable_units(db, YEAR)
    cycles.review_unit(db, p["sekcam"], YEAR, "trantib", "kembalikan", "Sumber data kosong",
                       now=clk.tick())
    assert _state(db, "trantib")["state"] == "dikembalikan"


def test_withdraw_last_acceptance_cancels_the_untouched_draft_step(demo_db, people):
    db, p = demo_db, people
    clk = run_to(db, p, 6)            # every unit accepted, step 6 open
    cycle = cycles.get_cycle(db, YEAR)
    assert cycles.step_done(db, cycle, 5)
    decisions.withdraw(db, p["sekcam"], YEAR, "umum", "Lampiran belum diperiksa",
                       now=clk.tick())
    cycle = cycles.get_cycle(db, YEAR)
    assert not [r for r in cycles.open_runs(db, cycle) if r.step_no == 6]
    cancelled = [r for r in cycles.runs(db, cycle) if r.step_no == 6]
    assert [(r.outcome, r.reason) for r in cancelled] == [("dibatalkan",
                                                           "Lampiran belum diperiksa")]
    assert [a.unit_code for a in cycles.available_actions(db, p["sekcam"], YEAR)
            if a.kind == "periksa_unit"] == ["umum"]
    # accepting again completes step 5 and opens step 6 anew
    cycles.review_unit(db, p["sekcam"], YEAR, "umum", "terima", now=clk.tick())
    cycle = cycles.get_cycle(db, YEAR)
    assert [r for r in cycles.open_runs(db, cycle) if r.step_no == 6]


def test_acceptance_cannot_be_withdrawn_once_the_draft_has_begun(demo_db, people):
    db, p = demo_db, people
    clk = run_to(db, p, 6)
    section = narratives.sections(db, YEAR)[0].section
    narratives.save(db, p["pep"], YEAR, {section: "Latar belakang yang baru."},
                           {section: 0}, now=clk.tick())
    kind, why = decisions.withdrawable(db, YEAR)["pem"]
    assert kind == "terima" and "sudah dimulai" in why
    n = len(events.list_events(db, year=YEAR))
    with pytest.raises(StateError, match="tidak dapat ditarik"):
        decisions.withdraw(db, p["sekcam"], YEAR, "pem", "Salah", now=clk.tick())
    assert len(events.list_events(db, year=YEAR)) == n
    assert _state(db, "pem")["state"] == "diterima"


def test_acceptance_cannot_be_withdrawn_after_the_draft_was_sent(demo_db, people):
    db, p = demo_db, people
    clk = run_to(db, p, 7)
    with pytest.raises(StateError, match="sudah dikirim"):
        decisions.withdraw(db, p["sekcam"], YEAR, "pem", "Salah", now=clk.tick())


def test_withdraw_return_while_the_unit_has_not_touched_its_form(demo_db, people):
    db, p = demo_db, people
    clk = _at_review(db, p)
    cycles.review_unit(db, p["sekcam"], YEAR, "kesos", "kembalikan", "Realisasi kurang",
                       now=clk.tick())
    assert _state(db, "kesos")["round"] == 2
    decisions.withdraw(db, p["sekcam"], YEAR, "kesos", "Ternyata sudah benar", now=clk.tick())
    st = _state(db, "kesos")
    assert (st["state"], st["round"], st["compiled_round"], st["reason"]) == (
        "dikirim", 1, 1, None)
    cycle = cycles.get_cycle(db, YEAR)
    fill = [r for r in cycles.runs(db, cycle) if r.step_no == 3 and r.unit_code == "kesos"]
    assert [r.outcome for r in fill] == ["selesai", "dibatalkan"]
    assert not cycles.available_actions(db, p["kesos"], YEAR)
    ev = events.list_events(db, year=YEAR, action_prefix="unit.tarik")
    assert [(e["action"], e["from_state"], e["reason"]) for e in ev] == [
        ("unit.tarik_kembalikan", "dikembalikan", "Ternyata sudah benar")]
    # every unit accepted now completes step 5 as usual
    for code in SUPPLIERS:
        cycles.review_unit(db, p["sekcam"], YEAR, code, "terima", now=clk.tick())
    assert cycles.step_done(db, cycles.get_cycle(db, YEAR), 5)


def test_return_of_the_rounds_last_unit_reopens_the_review_round(demo_db, people):
    db, p = demo_db, people
    clk = _at_review(db, p)
    for code in SUPPLIERS[:-1]:
        cycles.review_unit(db, p["sekcam"], YEAR, code, "terima", now=clk.tick())
    cycles.review_unit(db, p["sekcam"], YEAR, "umum", "kembalikan", "Kurang", now=clk.tick())
    cycle = cycles.get_cycle(db, YEAR)
    assert not [r for r in cycles.open_runs(db, cycle) if r.step_no == 5]
    decisions.withdraw(db, p["sekcam"], YEAR, "umum", "Keliru", now=clk.tick())
    cycles.review_unit(db, p["sekcam"], YEAR, "umum", "terima", now=clk.tick())
    assert cycles.step_done(db, cycles.get_cycle(db, YEAR), 5)


def test_return_cannot_be_withdrawn_once_the_unit_saved(demo_db, people):
    db, p = demo_db, people
    clk = _at_review(db, p)
    cycles.review_unit(db, p["sekcam"], YEAR, "pem", "kembalikan", "Realisasi kurang",
                       now=clk.tick())
    unit_form.add_unit_row(db, p["pem"], YEAR, "pem", {
        "sasaran": "Meningkatnya kualitas pelayanan", "indikator": "Jumlah dokumen",
        "target": "12 dokumen", "satuan": "", "polarity": "positif", "realisasi": "12 dokumen",
        "program": "", "sumber_data": "Arsip", "ket": ""},
        expected_rev=store.form_rev(db, YEAR, "pem"), now=clk.tick())
    kind, why = decisions.withdrawable(db, YEAR)["pem"]
    assert kind == "kembalikan" and "sudah mengubah formatnya" in why
    with pytest.raises(StateError, match="Seksi Pemerintahan sudah mengubah"):
        decisions.withdraw(db, p["sekcam"], YEAR, "pem", "Keliru", now=clk.tick())
    assert _state(db, "pem")["state"] == "dikembalikan"


@pytest.mark.parametrize("who", ["camat", "jf", "kesos", "pep", "admin"])
def test_only_the_step5_actor_may_withdraw(demo_db, people, who):
    db, p = demo_db, people
    clk = _at_review(db, p)
    cycles.review_unit(db, p["sekcam"], YEAR, "kesos", "terima", now=clk.tick())
    with pytest.raises(PermissionDenied, match="hanya dapat dilakukan oleh"):
        decisions.withdraw(db, p[who], YEAR, "kesos", "Keliru", now=clk.tick())
    assert _state(db, "kesos")["state"] == "diterima"


def test_withdrawal_needs_a_reason_and_a_decision(demo_db, people):
    db, p = demo_db, people
    clk = _at_review(db, p)
    with pytest.raises(StateError, match="belum diputuskan"):
        decisions.withdraw(db, p["sekcam"], YEAR, "kesos", "Keliru", now=clk.tick())
    cycles.review_unit(db, p["sekcam"], YEAR, "kesos", "terima", now=clk.tick())
    with pytest.raises(ValidationError, match="Alasan penarikan keputusan wajib diisi"):
        decisions.withdraw(db, p["sekcam"], YEAR, "kesos", "  ", now=clk.tick())
    assert _state(db, "kesos")["state"] == "diterima"
