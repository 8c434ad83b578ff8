"""A test hook for crash tests: ``checkpoint(name)`` marks a named point inside a
service (mid-transaction, before a rename...). With ``PERKIN_FAULT=name`` set in
the environment it writes a marker file (``PERKIN_FAULT_MARKER``, default
``<data folder>/fault-<name>``) and sleeps, so a test can SIGKILL the process
exactly there. Otherwise it does nothing (one dict lookup)."""
from __future__ import annotations

import os
import time

POINTS = ("format.save", "archive.freeze", "backup.rename", "restore.replace", "files.rename")


def checkpoint(name: str) -> None:
    if os.environ.get("PERKIN_FAULT") != name:
        return
    marker = os.environ.get("PERKIN_FAULT_MARKER")
    if not marker:
        from lib import paths

        marker = str(paths.data_dir() / f"fault-{name}")
    with open(marker, "w", encoding="ascii") as fh:
        fh.write(str(os.getpid()))
    time.sleep(float(os.environ.get("PERKIN_FAULT_SLEEP", "60")))
