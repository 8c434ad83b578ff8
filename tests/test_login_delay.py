"""The login delay (issue #21): paid on a failed attempt, where it slows guessing, and not
on the runs of the login page or the successful submit (streamlit-authenticator slept on
every logged-out run, twice a run here). Wall-clock bounds are wide: only the delay's
presence or absence is checked, never a speed."""
from __future__ import annotations

import time

from tests.conftest import app_test

DELAY = 2.0  # s; far above what a run of the login page costs under AppTest


def _timed(at_action) -> float:
    t0 = time.perf_counter()
    at_action()
    return time.perf_counter() - t0


def test_delay_on_a_failed_login_only(demo_db, monkeypatch):
    monkeypatch.setenv("PERKIN_LOGIN_SLEEP", str(DELAY))
    at = app_test()
    at.run()   # the first run imports the app (seconds on a loaded machine): not timed
    assert _timed(at.run) < DELAY        # a run of the login page: no delay
    at.text_input[0].input("camat")
    at.text_input[1].input("salah-sandi")
    assert _timed(at.button[0].click().run) >= DELAY   # a wrong password waits
    assert at.session_state["authentication_status"] is False
    assert any("salah" in e.value for e in at.error)
    at.text_input[0].input("camat")
    at.text_input[1].input("perkin-demo")
    assert _timed(at.button[0].click().run) < DELAY    # the right one does not
    at.run()
    assert at.session_state["authentication_status"] is True
