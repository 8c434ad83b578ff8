"""Perkin's benchmarks (``python3 run.py bench [--quick]``).

Every figure is measured beside a baseline in the same run, as the median of
several runs (n, median, min, max are reported). The large test office is built
through the services once and cached in ``bench/out/`` (git-ignored).

Modules: ``office`` (the test offices), ``pages`` (AppTest reruns), ``report``
(the LAKIP against a bare fpdf2 document), ``excel_io`` (import/export),
``sop_clock`` (the SOP steps the app automates), ``startup`` (cold start),
``doc`` (docs/BENCHMARKS.md), ``findings`` (profiling notes).
"""
from __future__ import annotations

import os
import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"

# The bench's fixed "today": pages show the cycle year of this date (2026), and the
# cached office's times are all before it, whatever day the bench runs.
BENCH_NOW = "2026-11-20T10:00:00+07:00"


def setup_env() -> None:
    """Environment for in-process measurements (before lib/ is used)."""
    os.environ.setdefault("PERKIN_LOGIN_SLEEP", "0")
    os.environ["PERKIN_NOW"] = BENCH_NOW
    os.environ.setdefault("PYTHONUTF8", "1")


@dataclass
class Stats:
    """Timings in seconds of one measured thing."""
    name: str
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def min(self) -> float:
        return min(self.samples) if self.samples else float("nan")

    @property
    def max(self) -> float:
        return max(self.samples) if self.samples else float("nan")

    def as_dict(self) -> dict:
        return {"name": self.name, "n": self.n, "median": self.median, "min": self.min,
                "max": self.max, "note": self.note}


def measure(name: str, fn, n: int, *, setup=None, warmup: int = 0, note: str = "") -> Stats:
    """Time ``fn()`` ``n`` times (after ``warmup`` untimed calls). ``setup()``, when
    given, runs untimed before every call and its result is passed to ``fn``."""
    for _ in range(warmup):
        fn(setup()) if setup else fn()
    stats = Stats(name, note=note)
    for _ in range(n):
        arg = setup() if setup else None
        t0 = time.perf_counter()
        fn(arg) if setup else fn()
        stats.samples.append(time.perf_counter() - t0)
    return stats


@dataclass
class Result:
    """One line of the results table: a figure beside its baseline and target."""
    section: str
    what: Stats
    baseline: Stats | None = None
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.samples or self.baseline.median <= 0:
            return None
        return self.what.median / self.baseline.median


def ms(seconds: float) -> str:
    if seconds != seconds:  # NaN
        return "-"
    if seconds >= 100:
        return f"{seconds / 60:.1f} min"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def fresh_copy(src: Path, dest: Path) -> Path:
    """A throw-away copy of a cached data folder (measurements never touch the cache)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("backups", "*.lock"))
    return dest
