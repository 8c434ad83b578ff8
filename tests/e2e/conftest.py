"""The running app for browser tests: a demo office in a fresh data folder,
started with ``python3 run.py --port N`` exactly as an office starts it (the
shipped login delay, accounts hashed at the shipped bcrypt cost 12), and one
chromium for the whole session. ``fresh_app`` starts a server of its own for a
test that needs a server's very first login.

Without /usr/bin/chromium (or PERKIN_CHROMIUM) the browser tests are skipped
with a reason, unless PERKIN_E2E_REQUIRED=1 (CI), where a missing browser is a
failure.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from lib.paths import ROOT

CHROMIUM = Path(os.environ.get("PERKIN_CHROMIUM") or "/usr/bin/chromium")  # Debian's
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DEMO_TODAY = "2026-11-24"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
START_TIMEOUT = 180  # s; run.py may reinstall requirements when requirements.txt changed


@dataclass
class App:
    base_url: str
    data_dir: Path
    log_path: Path

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def db(self):
        """A fresh read connection to the app's database (the test never writes)."""
        from db import connect

        return connect(self.data_dir / "perkin.db")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _venv() -> Path:
    return Path(os.environ.get("PERKIN_VENV") or ROOT / ".venv")


def _venv_python() -> str:
    python = _venv() / "bin" / "python"
    return str(python) if python.exists() else sys.executable


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} tidak ada: uji peramban dilewati (apt-get install chromium)."
        print(reason)
        if os.environ.get("PERKIN_E2E_REQUIRED") == "1":
            pytest.fail(reason + " PERKIN_E2E_REQUIRED=1: wajib dijalankan.")
        pytest.skip(reason)
    return str(CHROMIUM)


def app_env(data: Path) -> dict:
    """The environment of an office's ``python3 run.py``: none of the unit tests' speed-ups
    (tests/conftest.py sets PERKIN_LOGIN_SLEEP=0 and PERKIN_BCRYPT_ROUNDS=4 for AppTest)."""
    env = dict(os.environ)
    for name in ("PERKIN_LOGIN_SLEEP", "PERKIN_BCRYPT_ROUNDS", "PERKIN_NOW"):
        env.pop(name, None)
    env.update({"PERKIN_DATA_DIR": str(data), "PERKIN_VENV": str(_venv()), "PYTHONUTF8": "1"})
    return env


@pytest.fixture(scope="session")
def app(tmp_path_factory, chromium_path) -> App:
    with start_app(tmp_path_factory.mktemp("e2e-data")) as running:
        yield running


@pytest.fixture
def fresh_app(tmp_path_factory, chromium_path) -> App:
    """A server of this test's own, that nobody has visited yet."""
    with start_app(tmp_path_factory.mktemp("e2e-fresh")) as running:
        yield running


@contextlib.contextmanager
def start_app(data: Path):
    env = app_env(data)
    init = subprocess.run([_venv_python(), "-m", "lib.cli", "init", "--demo", "--today",
                           DEMO_TODAY], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert init.returncode == 0, init.stdout + init.stderr

    port = _free_port()
    log_path = data.parent / f"{data.name}-app.log"
    python3 = shutil.which("python3") or sys.executable
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([python3, "run.py", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    url = f"http://localhost:{port}"
    app = App(url, data, log_path)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"run.py berhenti (kode {proc.returncode}):\n{app.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"Aplikasi tidak menjawab /_stcore/health dalam "
                            f"{START_TIMEOUT} detik:\n{app.log()}")
            time.sleep(0.2)
        yield app
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):  # this run's pictures only
        old.unlink()
    return SCREENSHOTS
