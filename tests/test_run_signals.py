"""Issue #18, point 5: run.py's port probe binds as the server does, and a stop signal
to run.py stops the server child.

Before the fix the probe bound without SO_REUSEADDR, so a restart within a minute of
a stop was refused ("Port ... sudah dipakai") while the port sat in TIME_WAIT; and
SIGTERM ended run.py but left the child holding the port."""
from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_PY = ROOT / "run.py"
pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals and TIME_WAIT")


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("perkin_run_signals", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _time_wait_port() -> int:
    """A port left in TIME_WAIT by a server that closed its side of a connection first,
    as a stopped Streamlit server does."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    conn, _ = server.accept()
    conn.close()          # the server closes first: its side goes to TIME_WAIT
    time.sleep(0.2)
    client.close()
    server.close()
    return port


def test_a_quick_restart_is_not_refused(run):
    port = _time_wait_port()
    plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(OSError):          # what the old probe did: refused
            plain.bind(("127.0.0.1", port))
    finally:
        plain.close()
    assert run.port_is_free(port, "127.0.0.1") is True
    assert run.port_is_free(port, "localhost") is True


def test_a_port_really_in_use_is_still_detected(run):
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert run.port_is_free(port, "localhost") is False
        assert run.port_is_free(port, "127.0.0.1") is False
    finally:
        holder.close()


RUNNER = """
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("perkin_run", {run_py!r})
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)
child = [sys.executable, "-c", '''
import socket, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen()
print("ready", s.getsockname()[1], flush=True)
time.sleep(120)
''']
code = run.run_child(child, dict(os.environ))
print("done", code, flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_to_run_py_stops_the_server_child(run, signum):
    proc = subprocess.Popen([sys.executable, "-c", RUNNER.format(run_py=str(RUN_PY))],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().split()
        assert line[0] == "ready"
        port = int(line[1])
        assert not run.port_is_free(port, "127.0.0.1")   # the child holds it
        t0 = time.monotonic()
        proc.send_signal(signum)                          # to run.py only, not its child
        proc.wait(timeout=30)
        elapsed = time.monotonic() - t0
        assert elapsed < 10, f"{elapsed:.1f} s"
        assert "done" in proc.stdout.read()
        assert run.port_is_free(port, "127.0.0.1")        # nothing left holding the port
    finally:
        if proc.poll() is None:
            proc.kill()
