"""The Siklus page through the real app: each role sees exactly the actions it may
take now, and completing a step there moves the cycle."""
from __future__ import annotations

import datetime as dt

import pytest

from lib import cycles
from tests.conftest import login_as
from tests.cyclehelp import YEAR, run_to

NONE = "Tidak ada langkah siklus ini yang menunggu Anda."


def forms(at) -> set[str]:
    return {b.key.split("-")[0].removeprefix("FormSubmitter:") for b in at.button
            if b.key and b.key.startswith("FormSubmitter:siklus.") and
            not b.key.startswith("FormSubmitter:siklus.mulai")}


def open_page(username):
    at = login_as(username)
    at.switch_page("pages/siklus.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("step_no,expected", [
    (2, {"sekcam": {"siklus.2"}}),
    (4, {"jf": {"siklus.4"}}),
    (7, {"sekcam": {"siklus.7"}}),
    (8, {"sekcam": {"siklus.8"}}),
    (11, {"jf": {"siklus.11"}}),
])
def test_each_role_sees_exactly_its_actions(demo_db, people, step_no, expected):
    run_to(demo_db, people, step_no)
    for username in ("camat", "sekcam", "jf", "pem", "pep"):
        at = open_page(username)
        assert forms(at) == expected.get(username, set()), username
        if username not in expected and not (username == "camat" and step_no > 10):
            assert NONE in [i.value for i in at.info], username
    if step_no > 10:   # after approval the Camat may reopen (a link to Persetujuan)
        assert any(b.key == "siklus.10.go" for b in open_page("camat").button)


def test_unit_step_links_to_the_form(demo_db, people):
    run_to(demo_db, people, 3)
    at = open_page("pem")
    assert [b.key for b in at.button if b.key == "siklus.3.go"] == ["siklus.3.go"]
    assert forms(at) == set()


def test_step_2_completed_through_the_page(demo_db, people):
    run_to(demo_db, people, 2)
    at = open_page("sekcam")
    at.date_input(key="siklus.2.tgl").set_value(dt.date(2027, 1, 11))
    at.multiselect(key="siklus.2.peserta").select(at.multiselect(key="siklus.2.peserta")
                                                  .options[0])
    at.checkbox(key="siklus.2.serah").check()
    at.button(key="FormSubmitter:siklus.2-Selesaikan langkah 2").click().run()
    assert not at.exception, at.exception
    cycle = cycles.get_cycle(demo_db, YEAR)
    assert cycles.step_done(demo_db, cycle, 2)


def test_missing_kelengkapan_on_the_page_says_what(demo_db, people):
    run_to(demo_db, people, 2)
    at = open_page("sekcam")
    at.button(key="FormSubmitter:siklus.2-Selesaikan langkah 2").click().run()
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Peserta rapat wajib diisi" in errors
    assert "Format kosong harus diserahkan" in errors
    assert not cycles.step_done(demo_db, cycles.get_cycle(demo_db, YEAR), 2)
