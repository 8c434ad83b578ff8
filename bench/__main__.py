"""``python3 run.py bench [--quick] [--only a,b] [--n N] [--no-write]``;
``python3 run.py bench load [--procs 8] [--seconds 30]`` runs the load test (bench/load.py);
``python3 run.py bench uploads`` times the hostile workbooks of issue #18 (bench/upload_bounds.py).
The browser part alone, fewer rounds: ``python3 run.py bench --only browser --browser-n 2
--browser-offices demo --no-write``."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import warnings
from pathlib import Path

SECTIONS = ("pages", "report", "io", "sop", "startup", "browser")


def parse(argv):
    p = argparse.ArgumentParser(prog="run.py bench", description="Pengukuran kinerja Perkin.")
    p.add_argument("--quick", action="store_true",
                   help="kantor uji kecil dan sedikit putaran; hanya dicetak")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"bagian yang diukur, dipisah koma ({', '.join(SECTIONS)})")
    p.add_argument("--n", type=int, default=None, help="jumlah putaran per ukuran")
    p.add_argument("--no-write", action="store_true", help="jangan tulis docs/BENCHMARKS.md")
    p.add_argument("--no-browser", action="store_true", help="mulai dingin tanpa chromium")
    p.add_argument("--doc-only", action="store_true",
                   help="tulis ulang docs/BENCHMARKS.md dari hasil putaran penuh terakhir "
                        "atau dari bagian-bagian (--part)")
    p.add_argument("--part", default=None,
                   help="simpan hasil bagian ini (bench/out/part-NAMA.pickle) untuk --doc-only")
    p.add_argument("--out", type=Path, default=None, help="folder kerja (bawaan bench/out)")
    p.add_argument("--browser-n", type=int, default=None,
                   help="putaran peramban (bawaan 5; --quick 1)")
    p.add_argument("--browser-offices", default="demo,large",
                   help="kantor untuk pengukuran peramban (demo, large), dipisah koma")
    ns = p.parse_args(argv)
    ns.only = [s.strip() for s in ns.only.split(",") if s.strip()]
    bad = [s for s in ns.only if s not in SECTIONS]
    if bad:
        p.error(f"bagian tidak dikenal: {', '.join(bad)}")
    return ns


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["load"]:
        from bench import load
        return load.main(argv[1:])
    if argv[:1] == ["uploads"]:
        from bench import upload_bounds
        return upload_bounds.main(argv[1:])
    import bench
    from bench import OUT, doc, findings, office, ms

    ns = parse(argv)
    bench.setup_env()
    warnings.filterwarnings("ignore")
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    out = ns.out or OUT
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    n = ns.n or (2 if ns.quick else 5)
    large = office.QUICK_LARGE if ns.quick else office.LARGE
    rep = office.QUICK_REPORT if ns.quick else office.REPORT
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    load0 = tuple(round(x, 1) for x in os.getloadavg())
    say = lambda m: print(m, flush=True)  # noqa: E731

    if ns.doc_only:
        import pickle
        parts = sorted(out.glob("part-*.pickle"))
        if parts:   # sections measured by separate commands, each with its own baselines
            loaded = [pickle.loads(p.read_bytes()) for p in parts]
            saved = dict(loaded[0])
            saved["results"] = [r for part in loaded for r in part["results"]]
            saved["command"] = "; ".join(part["command"] for part in loaded) + \
                "; python3 run.py bench --doc-only"
            saved["started"] = min(part["started"] for part in loaded)
            saved["seconds"] = max(part["seconds"] for part in loaded)
            saved["load"] = (loaded[0]["load"][0], loaded[-1]["load"][1])
            for part in loaded:
                saved["offices"].update(part["offices"])
        else:
            saved = pickle.loads((out / "last-full-run.pickle").read_bytes())
        path = doc.write(saved.pop("results"), findings=findings.TEXT, **saved)
        say(f"Ditulis: {path}")
        return 0
    browser_offices = [s.strip() for s in ns.browser_offices.split(",") if s.strip()]
    # the large office is built (once, ~10-20 min) only where it is measured
    needs_large = bool(set(ns.only) & {"pages", "startup"}) or (
        "browser" in ns.only and any(name != "demo" for name in browser_offices))
    large_dir = office.cached(large, out, progress=say) if needs_large else None
    rep_dir = office.cached(rep, out, progress=say) if set(ns.only) - {"pages", "startup", "browser"} \
        else None
    results = []
    if "pages" in ns.only:
        say(f"Halaman (AppTest, {large.rows_per_year} baris/tahun, n={n}) ...")
        from bench import pages
        results += pages.run(large_dir, work, n, progress=say)
    if "report" in ns.only:
        say(f"Laporan LAKIP ({rep.rows_per_year} indikator) ...")
        from bench import report
        results += report.run(rep_dir, work, max(1, min(n, 3)), progress=say)
    if "io" in ns.only:
        say(f"Impor/ekspor ({rep.rows_per_year} baris) ...")
        from bench import excel_io
        results += excel_io.run(rep_dir, work, n, progress=say)
    if "sop" in ns.only:
        say("Jam SOP (langkah 4, 6, 11) ...")
        from bench import sop_clock
        results += sop_clock.run(rep_dir, work, max(1, min(n, 3)), progress=say)
    if "startup" in ns.only:
        say("Mulai dingin ...")
        from bench import startup
        if not startup.venv_ready():
            say("  catatan: lingkungan Python belum tercap; run.py akan memasang paket dulu.")
        results += startup.run(large_dir, work, 1 if ns.quick else n,
                               browser_too=not ns.no_browser, progress=say)

    if "browser" in ns.only:
        from bench import browser
        bn = ns.browser_n or (1 if ns.quick else 5)
        for name in browser_offices:
            say(f"Peramban ({name}, chromium, n={bn}) ...")
            path = browser.demo_office(out, progress=say) if name == "demo" else large_dir
            try:
                results += browser.run(path, work, bn, "demo" if name == "demo" else "large",
                                       progress=say)
            except Exception as err:  # noqa: BLE001 - the other sections' figures stay
                say(f"  gagal: {err!r}")
                results.append(bench.Result(f"Browser ({name})", bench.Stats(
                    "browser measurement failed", note=repr(err)[:300]), ok=False))

    print()
    print(doc.table_text(results))
    missed = [r for r in results if r.ok is False]
    print()
    print(f"Target tidak tercapai: {len(missed)}" + (
        "" if not missed else " - " + "; ".join(f"{r.what.name} ({ms(r.what.median)})"
                                                 for r in missed)))
    if not ns.quick and (ns.part or not ns.no_write and set(ns.only) == set(SECTIONS)):
        offices = {}
        if "browser" in ns.only and "demo" in ns.browser_offices:
            offices["demo"] = ("the demo office of `lib.cli init --demo` (bcrypt cost 12), "
                               "for the browser measurements")
        for spec, path in ((large, large_dir), (rep, rep_dir)):
            if path is None:
                continue
            built = office.build_seconds(path)
            offices[spec.name] = (
                f"{spec.years} year(s) of cycles, {spec.units} supplying units x {spec.per_unit} "
                f"indicators = {spec.rows_per_year} rows a year; last year at "
                f"{'step 5' if spec.last == 'review' else 'step 4'}"
                + (f"; built in {built:.0f} s" if built else ""))
        command = "python3 run.py bench" + (" " + " ".join(argv) if ns.part else "")
        meta = dict(command=command, started=started,
                    seconds=time.perf_counter() - t0,
                    load=(load0, tuple(round(x, 1) for x in os.getloadavg())), offices=offices)
        import pickle
        if ns.part:
            (out / f"part-{ns.part}.pickle").write_bytes(pickle.dumps(dict(meta, results=results)))
            say(f"Disimpan: part-{ns.part}.pickle (python3 run.py bench --doc-only menulis)")
            return 0
        (out / "last-full-run.pickle").write_bytes(pickle.dumps(dict(meta, results=results)))
        path = doc.write(results, findings=findings.TEXT, **meta)
        say(f"Ditulis: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
