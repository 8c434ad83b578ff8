"""Profiling notes (cProfile) for docs/BENCHMARKS.md: causes of missed targets,
what to change and where, before/after figures. Written by hand after a bench
run; the figures in the tables above them are the run's own."""

TEXT = """## Findings (cProfile on the large office, year 2026 = 480 rows)

The bench only measures; every fix below is in a file owned by another part of the
project (pages/, lib/monitoring.py, lib/formats.py, lib/cli.py, fpdf2), so it is
described here precisely and was not applied. Component times are medians of 3 calls
measured in-process on the same copy of the large office.

1. **Rekapitulasi page, ~1 s a rerun (target 150 ms).** `pages/rekap.py` builds both
   download files on every rerun: `formats.export_rekap(db, year, "xlsx")` (661 ms:
   openpyxl styling 480 rows, plus a second `formats.rekap`) and `"csv"` (105 ms, a third
   `formats.rekap`), besides its own `formats.rekap` (78 ms). Fix: Streamlit 1.67's
   deferred download, `a.download_button(..., data=lambda: formats.export_rekap(db, year,
   "xlsx"), ...)` and the same for csv; the files are then built only on click.
   Expected after: about 200 ms (the rerun minus ~770 ms of export).
2. **Pemantauan page, ~0.8 s a rerun.** `monitoring.capaian_overview(db, user)` runs
   `formats.rekap` for every year of every cycle (10 years x 480 rows: 1,050 ms alone).
   Closed years never change. Fix in `lib/monitoring.py`: keep the per-year result of a
   closed cycle (status not "berjalan") in a module dict keyed by (database path, year,
   cycle.rev, cycle.version), and compute only the open year on each rerun; or in
   `pages/pemantauan.py`, wrap the call in `st.cache_data(ttl=60)` keyed by the cycles'
   (year, rev) tuple. Expected after: about 100 ms + the open year's rekap (~80 ms).
3. **`formats.rekap` computes every capaian twice** (`list_rows` computes it per row, then
   `rekap` calls `capaian.compute` again for `summarize`: 960 calls for 480 rows, 75 % of
   its time in `numbers.parse_value` regexes). Fix in `lib/formats.py` `rekap()`: build
   the summarize items from the row's already computed values (keep the `Capaian` object
   in `_row_dict`, e.g. `d["_cap"] = cap`), halving rekap (and every page and export that
   uses it).
4. **Formulir, Penyusunan, Siklus, Master reruns 140-240 ms.** Their lib calls are small
   (`list_rows` of one unit 7 ms, `timeline` 1 ms, `export_timeline` xlsx 28 ms on every
   Siklus rerun: deferred download again); the rest is Streamlit element building (the
   data_editor with column_config, one container per row of comments/evidence). Not
   profiled further inside the script thread (cProfile sees only the calling thread
   under AppTest); next step: `pyinstrument` is not installed, so time the page sections
   with `time.perf_counter()` marks.
5. **The 3x-the-bare-page target** is measured against a bare page of 14 ms (AppTest's
   own overhead is most of it), so any page with a sidebar, a year picker and a second
   element exceeds it: the 150 ms target is the one that matters to a user.
6. **LAKIP (within target, 1.37x the bare document)**: 99 % of the time is fpdf2's
   `multi_cell` line breaking (`line_break.get_line` -> `get_width`, re-summing glyph
   widths of the growing line: quadratic in cell length), the same cost the bare
   document pays for the same ~21,000 cells. 300 indicators give 143 pages in 9-13 s on
   this shared machine (0.8 s per 300-row table in STACK-NOTES on an idle one). The
   report repeats the rows in 4 tables by design (PK, Bab III, Lampiran 1 and 2); the
   page that previews the draft must not render it on every rerun (it does not today:
   it renders on a button).
7. **Cold start (within target, 2.0 s to health)**: `python3 run.py` adds ~1 s to
   Streamlit's own start: `lib.cli prestart` imports `sqlite_utils` (which imports
   pandas, ~0.45 s) and `lib.cli` imports every command module (`lib.cli_docs` ->
   `lib.docservice` -> fpdf2, openpyxl: ~0.15 s) before it migrates and backs up. Fix if
   needed: in `lib/cli.py` import command modules lazily (only the one invoked).
   The browser shows the login form ~4 s after health, 2.2x the hello app: Streamlit's
   frontend plus app.py's first run (Authenticate, cookie component, navigation).
"""
