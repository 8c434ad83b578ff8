"""Shared fixtures: a fresh data folder per test, a migrated database, the demo office."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("PERKIN_LOGIN_SLEEP", "0")
os.environ.setdefault("PERKIN_BCRYPT_ROUNDS", "4")  # speed only; the app uses 12


@pytest.fixture(autouse=True)
def navigation_as_in_a_running_server(monkeypatch):
    """AppTest builds a fresh PagesManager on every run and, because a pages/
    folder exists, treats it as an old-style multipage app: after the first
    run it executes the page file alone, skipping app.py (no sidebar, no flash,
    no role-built navigation). A running server switches to st.navigation mode
    for good at its first st.navigation call; do the same here."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test as app_test_module

    class NavigationPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(app_test_module, "PagesManager", NavigationPagesManager)
    yield
    PagesManager.uses_pages_directory = None


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    d.mkdir()
    monkeypatch.setenv("PERKIN_DATA_DIR", str(d))
    monkeypatch.setenv("PERKIN_LOGIN_SLEEP", "0")
    return d


@pytest.fixture
def db(data_dir):
    from db import connect, migrate
    from lib import office, paths

    database = connect(paths.db_path())
    migrate(database)
    office.seed_defaults(database)
    yield database
    database.conn.close()


@pytest.fixture
def demo_db(db):
    from lib import demo

    demo.init_office(db, demo=True)
    return db


@pytest.fixture
def people(demo_db):
    """The demo users by username."""
    from lib import users

    return {u.username: u for u in users.list_users(demo_db)}


def app_test(**kwargs):
    from streamlit.testing.v1 import AppTest

    from lib.paths import ROOT

    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30, **kwargs)


def login_as(username: str, password: str = "perkin-demo"):
    """The real login form, as a person fills it."""
    at = app_test()
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    at.run()
    return at
