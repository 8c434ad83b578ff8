"""Time in the office's zone. Services take ``now`` as a parameter where it
matters; this module gives the default and the formatting."""
from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Jakarta")


def now() -> dt.datetime:
    """Current time in Asia/Jakarta. ``PERKIN_NOW`` (ISO) fixes it for demos/tests."""
    fixed = os.environ.get("PERKIN_NOW")
    if fixed:
        return parse(fixed)
    return dt.datetime.now(TZ).replace(microsecond=0)


def iso(t: dt.datetime) -> str:
    if t.tzinfo is None:
        t = t.replace(tzinfo=TZ)
    return t.astimezone(TZ).isoformat(timespec="seconds")


def parse(s: str) -> dt.datetime:
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        t = t.replace(tzinfo=TZ)
    return t.astimezone(TZ)
