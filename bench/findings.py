"""Profiling notes (cProfile) for docs/BENCHMARKS.md: causes of missed targets,
what was changed, and before/after figures. Written by hand after a bench run;
the figures above them in BENCHMARKS.md are the run's own."""

TEXT = """## Findings

(to be filled after profiling)
"""
