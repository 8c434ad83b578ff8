"""Shared fixtures: a fresh data folder per test, a migrated database, the demo office.

The database fixtures copy files built once per session (``db_templates``): a
migrated + seeded database, and the same with the demo office (its users'
bcrypt hashes computed once). Each test gets its own copy in its own data
folder, so tests stay as isolated as when each migrated its own database.

Markers (registered in pytest.ini; ``python3 run.py test --quick`` leaves them out):
``browser`` (real chromium), ``subprocess`` (starts other processes: races,
kills, the CLI, run.py), ``slow`` (a second or more on the CI machine).
"""
from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

os.environ.setdefault("PERKIN_LOGIN_SLEEP", "0")
# Unit tests hash at bcrypt cost 4 (speed only; the app uses 12). The browser tests
# start the app through run.py with the shipped cost: tests/e2e/conftest.py drops this.
os.environ.setdefault("PERKIN_BCRYPT_ROUNDS", "4")

# --------------------------------------------------------------------------- PagesManager
# AppTest builds a fresh PagesManager on every run and first resets the class flag
# ``PagesManager.uses_pages_directory`` to None (streamlit/testing/v1/app_test.py,
# ``_run``); because a pages/ folder exists next to app.py, the new manager sets it to
# True, and the script runner then runs the old-style multipage dispatcher
# (``_mpa_v1``): after the first run the page file runs alone, skipping app.py (no
# sidebar, no flash, no role-built navigation). A running server sets the flag to False
# at the process's first ``st.navigation`` call and never resets it. AppTest has no
# public option for this, and moving pages/ (the public way out) would rename every
# page path in every branch, so the patch below is pinned instead. It is safe because:
#   * it changes nothing but the flag's value before the original __init__ runs, to the
#     value a server has after its first run (app.py calls st.navigation on every run,
#     logged out too); every other PagesManager behaviour is Streamlit's own;
#   * it is undone after each test (the class flag back to None, as Streamlit starts);
#   * Streamlit is pinned (requirements.txt), and ``_check_pages_manager_patch`` stops
#     the session with this explanation if the names it relies on move or the version
#     changes; test_app_foundation's navigation tests show the behaviour it buys.
PINNED_STREAMLIT = "1.67.0"


def _check_pages_manager_patch() -> None:
    import streamlit
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test as app_test_module

    problems = []
    if streamlit.__version__ != PINNED_STREAMLIT:
        problems.append(f"streamlit {streamlit.__version__} is not the pinned {PINNED_STREAMLIT}")
    if getattr(app_test_module, "PagesManager", None) is not PagesManager:
        problems.append("streamlit.testing.v1.app_test no longer imports PagesManager by name")
    if "uses_pages_directory" not in vars(PagesManager):
        problems.append("PagesManager.uses_pages_directory is gone")
    if problems:
        raise pytest.UsageError(
            "tests/conftest.py patches Streamlit's private PagesManager for AppTest: "
            + "; ".join(problems) + ". Re-check the patch (see the comment above "
            "PINNED_STREAMLIT) and update PINNED_STREAMLIT.")


def pytest_configure(config):
    _check_pages_manager_patch()


def pytest_collection_modifyitems(config, items):
    # Whatever drives chromium is a browser test, wherever it lives.
    for item in items:
        if "e2e" in item.path.parts or "chromium_path" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def navigation_as_in_a_running_server(monkeypatch):
    """See the comment above PINNED_STREAMLIT."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test as app_test_module

    class NavigationPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(app_test_module, "PagesManager", NavigationPagesManager)
    yield
    PagesManager.uses_pages_directory = None


# --------------------------------------------------------------------------- databases
@pytest.fixture(scope="session")
def db_templates(tmp_path_factory) -> dict:
    """Built once per session: ``base`` (migrated, default SOP and calendar seeded) and
    ``demo`` (base plus the demo office: mode, units, users). Files closed and
    checkpointed (no -wal left), so a plain file copy is a complete database."""
    from db import connect, migrate
    from lib import demo, office

    root = tmp_path_factory.mktemp("db-templates")
    out = {}
    for name in ("base", "demo"):
        path = root / name / "perkin.db"
        database = connect(path)
        try:
            migrate(database)
            office.seed_defaults(database)
            if name == "demo":
                demo.init_office(database, demo=True)
        finally:
            database.conn.close()
        assert not path.with_name("perkin.db-wal").exists()
        out[name] = path
    return out


def copy_template(template, dest) -> None:
    """A template database into ``dest`` (a file copy; the template is closed)."""
    shutil.copyfile(template, dest)


HISTORY_TODAY = "2026-11-24"
HISTORY_NOW = "2026-11-24T10:00:00"


@pytest.fixture(scope="session")
def history_template(db_templates, tmp_path_factory):
    """The demo office with its history (2024 and 2025 finished, 2026 under way, as on
    24 November 2026), seeded once per session (seconds) and copied per test."""
    import datetime as dt

    from db import connect
    from lib import demo

    path = tmp_path_factory.mktemp("history") / "perkin.db"
    copy_template(db_templates["demo"], path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PERKIN_NOW", HISTORY_NOW)
        mp.setenv("PERKIN_DATA_DIR", str(path.parent))
        database = connect(path)
        try:
            demo.seed_history(database, dt.date.fromisoformat(HISTORY_TODAY))
        finally:
            database.conn.close()
    return path


@pytest.fixture
def history_db(demo_db, history_template, monkeypatch):
    """``demo_db`` holding the demo history, the clock fixed at its day."""
    monkeypatch.setenv("PERKIN_NOW", HISTORY_NOW)
    src = sqlite3.connect(history_template)   # into the open connection of demo_db
    try:
        src.backup(demo_db.conn)
    finally:
        src.close()
    return demo_db


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    d.mkdir()
    monkeypatch.setenv("PERKIN_DATA_DIR", str(d))
    monkeypatch.setenv("PERKIN_LOGIN_SLEEP", "0")
    return d


@pytest.fixture
def db(data_dir, db_templates, request):
    """A migrated, seeded database in this test's data folder. When the test also asks
    for ``demo_db`` (directly or through ``people``), the copy is the demo template."""
    from db import connect
    from lib import paths

    kind = "demo" if "demo_db" in request.fixturenames else "base"
    copy_template(db_templates[kind], paths.db_path())
    database = connect(paths.db_path())
    yield database
    database.conn.close()


@pytest.fixture
def demo_db(db):
    """The demo office (its template was copied by ``db``; built here only when
    ``demo_db`` was requested late, through ``request.getfixturevalue``)."""
    from lib import demo, users

    if users.count_users(db) == 0:
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
