"""Cold start: ``python3 run.py --port <free>`` (virtual environment ready) to
``/_stcore/health`` answering ``ok``, and to the login form visible in headless
chromium (Playwright); against ``python -m streamlit run`` of a one-line hello
app. Each run is a new process on a fresh copy of the office (run.py's prestart
migrates and makes its automatic backup, as every morning at the office) and a
new browser context; the browser itself is started before the clock starts.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import ROOT, Result, Stats, fresh_copy

TARGET_HEALTH_S = 3.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HELLO = 'import streamlit as st\nst.write("Halo dunia")\n'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    """End the process group this module started (run.py and its children)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def one_start(argv: list[str], env: dict, port: int, browser=None, form_selector: str = "",
              timeout: float = 60, log: Path | None = None) -> tuple[float, float | None]:
    """(seconds to health ok, seconds to ``form_selector`` visible or None)."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        while not _healthy(port):
            if proc.poll() is not None:
                raise RuntimeError(f"process ended early ({proc.returncode}); see {log}")
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"no health answer within {timeout} s; see {log}")
            time.sleep(0.02)
        health = time.perf_counter() - t0
        visible = None
        if browser is not None:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"http://localhost:{port}/", wait_until="commit")
            page.locator(form_selector).first.wait_for(state="visible", timeout=timeout * 1000)
            visible = time.perf_counter() - t0
            context.close()
        return health, visible
    finally:
        _stop(proc)
        if log:
            out.close()


def run(office_dir: Path, work: Path, n: int, browser_too: bool = True,
        progress=print) -> list[Result]:
    venv_python = ROOT / ".venv" / "bin" / "python"
    if os.environ.get("PERKIN_VENV"):
        venv_python = Path(os.environ["PERKIN_VENV"]) / "bin" / "python"
    hello = work / "hello_app.py"
    hello.write_text(HELLO, encoding="utf-8")
    pw = browser = None
    if browser_too and Path(CHROMIUM).exists():
        from playwright.sync_api import sync_playwright
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
    stats = {k: Stats(name) for k, name in (
        ("app_h", "python3 run.py -> /_stcore/health ok"),
        ("base_h", "streamlit run hello -> /_stcore/health ok"),
        ("app_b", "python3 run.py -> login form shown (chromium)"),
        ("base_b", "streamlit run hello -> text shown (chromium)"))}
    try:
        for i in range(n + 1):  # the first round warms the disk cache and is not counted
            progress(f"  putaran {i}/{n}{' (pemanasan)' if i == 0 else ''} ...")
            data = fresh_copy(office_dir, work / "start-data")
            env = dict(os.environ, PERKIN_DATA_DIR=str(data), PYTHONUTF8="1")
            env.pop("PERKIN_NOW", None)
            port = free_port()
            h, b = one_start([shutil.which("python3") or sys.executable, str(ROOT / "run.py"), "--port", str(port)], env, port, browser,
                             'input[type="password"]', log=work / "start-app.log")
            port = free_port()
            bh, bb = one_start([str(venv_python), "-m", "streamlit", "run", str(hello),
                                "--server.port", str(port), "--server.headless", "true"],
                               env, port, browser, "text=Halo dunia",
                               log=work / "start-hello.log")
            if i == 0:
                continue
            stats["app_h"].samples.append(h)
            stats["base_h"].samples.append(bh)
            if b is not None:
                stats["app_b"].samples.append(b)
                stats["base_b"].samples.append(bb)
    finally:
        if browser is not None:
            browser.close()
        if pw is not None:
            pw.stop()
    results = [Result("Cold start", stats["app_h"], stats["base_h"],
                      f"<= {TARGET_HEALTH_S:g} s", stats["app_h"].median <= TARGET_HEALTH_S)]
    if stats["app_b"].samples:
        results.append(Result("Cold start", stats["app_b"], stats["base_b"]))
    return results


def venv_ready() -> bool:
    """run.py would (re)install packages when the environment is not stamped."""
    sys.path.insert(0, str(ROOT))
    import run as run_py
    return not run_py.requirements_changed(run_py.venv_dir())
