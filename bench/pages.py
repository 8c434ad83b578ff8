"""Rerun time of every main page under AppTest, through app.py (the frame, the
login gate, st.navigation), logged in by presetting the session keys the login
sets; against a bare Streamlit page showing the same rows in a data_editor.

A "rerun" is ``at.run()`` on a page already shown: what every widget change
costs the user in Streamlit (the whole script runs again).
"""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from bench import ROOT, Result, Stats, fresh_copy

# who opens each page (the first role allowed to; kasi pages by a unit head)
PAGE_USER = {
    "pages/beranda.py": "sekcam", "pages/siklus.py": "sekcam", "pages/formulir.py": "pem",
    "pages/master.py": "sekcam", "pages/pemeriksaan.py": "sekcam", "pages/rekap.py": "jf",
    "pages/referensi.py": "sekcam", "pages/anggaran.py": "umum", "pages/penyusunan.py": "pep",
    "pages/pemantauan.py": "camat", "pages/persetujuan.py": "camat",
    "pages/dokumen.py": "sekcam", "pages/register.py": "jf", "pages/riwayat.py": "sekcam",
    "pages/admin_profil.py": "admin", "pages/admin_unit.py": "admin",
    "pages/admin_pengguna.py": "admin", "pages/admin_kalender.py": "admin",
    "pages/admin_sop.py": "admin", "pages/akun.py": "sekcam", "pages/verifikasi.py": "sekcam",
}
# pages that show one unit's rows (compared with the bare page of one unit)
UNIT_PAGES = {"pages/formulir.py": "pem"}
TARGET_MS = 150
TARGET_RATIO = 3.0


@contextlib.contextmanager
def navigation_mode():
    """tests/conftest.py's trick: AppTest builds a fresh PagesManager per run and,
    because pages/ exists, would run the page file alone after the first run. A
    running server switches to st.navigation mode for good; do the same."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test as app_test_module

    original = app_test_module.PagesManager

    class NavigationPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    app_test_module.PagesManager = NavigationPagesManager
    try:
        yield
    finally:
        app_test_module.PagesManager = original
        PagesManager.uses_pages_directory = None


@contextlib.contextmanager
def data_env(data_dir: Path):
    old = os.environ.get("PERKIN_DATA_DIR")
    os.environ["PERKIN_DATA_DIR"] = str(data_dir)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PERKIN_DATA_DIR", None)
        else:
            os.environ["PERKIN_DATA_DIR"] = old


def _logged_in(username: str, password: str = "perkin-demo"):
    """An AppTest of app.py after the real login form (presetting the session keys
    instead trips streamlit-authenticator's 'logout' key on the first run)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    at.run()
    if not at.session_state["authentication_status"]:
        raise RuntimeError(f"login as {username} failed")
    return at


def _problem(at) -> str:
    if at.exception:
        return "exception: " + str(at.exception[0].value)[:200]
    return ""


def login_form_stats(n: int) -> Stats:
    """The real login form (demo password, bcrypt 4 rounds in the bench office)."""
    def once():
        _logged_in("sekcam")

    stats = Stats("login through the form (open + fill in + Masuk)")
    for _ in range(n):
        t0 = time.perf_counter()
        once()
        stats.samples.append(time.perf_counter() - t0)
    return stats


def page_stats(path: str, username: str, n: int) -> tuple[Stats, Stats]:
    """(first show after switch_page, reruns) of one page."""
    at = _logged_in(username)
    t0 = time.perf_counter()
    at.switch_page(path).run()
    first = Stats(f"{path} first show", [time.perf_counter() - t0])
    note = _problem(at)
    reruns = Stats(path, note=note)
    for _ in range(n):
        t0 = time.perf_counter()
        at.run()
        reruns.samples.append(time.perf_counter() - t0)
        note = note or _problem(at)
    reruns.note = note
    return first, reruns


def bare_stats(n: int, unit: str | None, year: int = 2026) -> Stats:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "bench" / "bare_page.py"), default_timeout=120)
    at.session_state["bench.year"] = year
    if unit:
        at.session_state["bench.unit"] = unit
    at.run()
    if at.exception:
        raise RuntimeError(f"bare page failed: {at.exception[0].value}")
    stats = Stats(f"bare page ({'one unit' if unit else 'one year'})")
    for _ in range(n):
        t0 = time.perf_counter()
        at.run()
        stats.samples.append(time.perf_counter() - t0)
    return stats


def run(office_dir: Path, work: Path, n: int, pages: list[str] | None = None,
        progress=print) -> list[Result]:
    """Every page's reruns against the bare page; on a copy of ``office_dir``."""
    from bench import setup_env

    setup_env()
    data = fresh_copy(office_dir, work / "pages-data")
    results: list[Result] = []
    with data_env(data), navigation_mode():
        import sqlite3
        conn = sqlite3.connect(data / "perkin.db")
        year_rows = conn.execute("SELECT COUNT(*) FROM indicators WHERE year = 2026").fetchone()[0]
        conn.close()
        bare = {None: bare_stats(n, None), }
        for unit in set(UNIT_PAGES.values()):
            bare[unit] = bare_stats(n, unit)
        bare[None].note = f"{year_rows} rows"
        from pages import _ui
        available = [p.path for p in _ui.PAGES if (ROOT / p.path).exists()]
        for path in pages or available:
            if path not in PAGE_USER:
                continue
            progress(f"  {path} ...")
            first, reruns = page_stats(path, PAGE_USER[path], n)
            reruns.note = (reruns.note + "; " if reruns.note else "") + \
                f"first show {first.samples[0] * 1000:.0f} ms, as {PAGE_USER[path]}"
            base = bare[UNIT_PAGES.get(path)]
            ok = (reruns.median * 1000 <= TARGET_MS and
                  reruns.median <= TARGET_RATIO * base.median and "exception" not in reruns.note)
            results.append(Result("Pages (AppTest rerun)", reruns, base,
                                  f"<= {TARGET_MS} ms and <= {TARGET_RATIO:g}x bare page", ok))
        results.append(Result("Pages (AppTest rerun)", login_form_stats(max(1, n // 3))))
    return results
