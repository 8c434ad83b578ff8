"""The LAKIP of a year with 300 indicators, rendered through lib.services.documents
(database -> LakipReport -> lib.documents.lakip), against a bare fpdf2 document
holding the same tables with the same rows (plain ``pdf.table``, the same TTF
font, no cover, kop, table of contents, charts, narratives or page furniture).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench import Result, Stats, fresh_copy, measure

TARGET_RATIO = 1.5
FIXED = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _cell(v) -> str:
    return (v if isinstance(v, str) else str(v)) or "-"


def bare_tables(report) -> list[tuple[str, list[str], list[list[str]]]]:
    """The tables of the LAKIP as (orientation, headings, rows) with the same rows."""
    from lib.documents.lakip import capaian_text, predikat_text, _sasaran_groups
    from lib.documents.base import format_percent

    rows = report.rows
    groups = _sasaran_groups(rows)
    year = report.year
    out = []
    iku = [r for r in rows if r.is_iku]
    out.append(("P", ["No", "Indikator Kinerja Utama", "Satuan", f"Target {year}",
                      "Target Akhir Renstra"],
                [[str(r.no), r.indikator, r.satuan, r.target, r.renstra_target] for r in iku]))
    out.append(("P", ["No", "Indikator Kinerja", "Target"],
                [[str(r.no), r.indikator, r.target] for r in rows]))
    summ = {s.sasaran.strip(): s for s in report.summaries}
    out.append(("P", ["No", "Sasaran Strategis", "Jumlah Indikator", "Indikator Diukur",
                      "Rata-rata Capaian", "Predikat"],
                [[str(k), name, str(len(rs)), str(summ[name].counted if name in summ else 0),
                  format_percent(summ[name].average) if name in summ and
                  summ[name].average is not None else "-",
                  (summ[name].predikat if name in summ else "") or "-"]
                 for k, (name, rs) in enumerate(groups, 1)]))
    for _, rs in groups:
        out.append(("P", ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian",
                          "Predikat / Keterangan"],
                    [[str(r.no), r.indikator, r.target, r.realisasi, capaian_text(r),
                      predikat_text(r)] for r in rs]))
        hist = [r for r in rs if any((v or "").strip() for v in r.history.values())]
        if hist:
            years = sorted({y for r in hist for y, v in r.history.items() if (v or "").strip()
                            and str(y) != str(year)})[-4:]
            out.append(("P", ["Indikator Kinerja"] + [f"Realisasi {y}" for y in years] +
                        [f"Realisasi {year}", f"Capaian {year}"],
                        [[f"{r.no}. {r.indikator}"] + [r.history.get(y, "") for y in years] +
                         [r.realisasi, capaian_text(r)] for r in hist]))
        ren = [r for r in rs if (r.renstra_target or "").strip()]
        if ren:
            out.append(("P", ["Indikator Kinerja", f"Target {year}", f"Realisasi {year}",
                              "Target Akhir Renstra"],
                        [[f"{r.no}. {r.indikator}", r.target, r.realisasi, r.renstra_target]
                         for r in ren]))
    out.append(("P", ["No", "Program", "Pagu", "Realisasi", "Serapan"],
                [[str(i), b.program, f"{b.pagu:,.0f}", f"{b.realisasi:,.0f}",
                  format_percent(b.serapan) if b.serapan is not None else "-"]
                 for i, b in enumerate(report.budget, 1)]))
    out.append(("L", ["No", "Indikator Kinerja", "Target", "Program/Kegiatan/Sub Kegiatan",
                      "Yang Membidangi"],
                [[str(r.no), r.indikator, r.target, r.program, r.yang_membidangi or r.unit_name]
                 for r in rows]))
    out.append(("L", ["No", "Indikator Kinerja", "Target", "Realisasi/ Progres Capaian",
                      "Capaian", "Predikat / Keterangan", "Program/Kegiatan/ Sub Kegiatan",
                      "Sumber Data", "Yang membidangi", "Ket"],
                [[str(r.no), r.indikator, r.target, r.realisasi, capaian_text(r),
                  predikat_text(r), r.program, r.sumber_data, r.yang_membidangi or r.unit_name,
                  r.ket] for r in rows]))
    return out


def render_bare(tables) -> bytes:
    """A plain fpdf2 document with ``tables``: one table after another."""
    from fpdf import FPDF

    from lib.documents.base import FONT_DIR

    pdf = FPDF(format="A4")
    for style, suffix in (("", "Regular"), ("B", "Bold")):
        pdf.add_font("Liberation", style, str(FONT_DIR / f"LiberationSans-{suffix}.ttf"))
    pdf.set_font("Liberation", size=9)
    pdf.set_creation_date(FIXED)
    orientation = None
    for orient, headings, rows in tables:
        if orient != orientation:
            pdf.add_page(orientation=orient)
            orientation = orient
        if not rows:
            continue
        with pdf.table() as table:
            table.row(headings)
            for r in rows:
                table.row([_cell(v) for v in r])
        pdf.ln(4)
    return bytes(pdf.output())


def pages_of(data: bytes) -> int:
    from lib.services import documents
    return documents.page_count(data)


def run(office_dir: Path, work: Path, n: int, year: int = 2026, progress=print) -> list[Result]:
    from bench.pages import data_env
    from db import connect
    from lib.services import documents
    from lib.documents.lakip import render_lakip

    data = fresh_copy(office_dir, work / "report-data")
    with data_env(data):
        db = connect(data / "perkin.db")
        report, _ = documents.lakip_report(db, year, draft=True)
        rows = len(report.rows)
        tables = bare_tables(report)
        table_rows = sum(len(t[2]) for t in tables)

        app = measure(f"LAKIP with {rows} indikator: documents.render", lambda: documents.render(
            db, "lakip", year, creation_date=FIXED), n, warmup=1)
        bare = measure(f"plain fpdf2, {len(tables)} tables, {table_rows} rows",
                       lambda: render_bare(bare_tables(documents.lakip_report(
                           db, year, draft=True)[0])), n, warmup=1)
        part_db = measure("  part: lakip_report (database)",
                          lambda: documents.lakip_report(db, year, draft=True), n)
        part_pdf = measure("  part: render_lakip (PDF)",
                           lambda: render_lakip(report, FIXED), n)
        app_pdf = documents.render(db, "lakip", year, creation_date=FIXED)[0]
        bare_pdf = render_bare(tables)
        app.note = f"{pages_of(app_pdf)} pages, {len(app_pdf) // 1024} KB"
        bare.note = f"{pages_of(bare_pdf)} pages, {len(bare_pdf) // 1024} KB"
        db.conn.close()
    ok = app.median <= TARGET_RATIO * bare.median
    return [Result("LKjIP report", app, bare, f"<= {TARGET_RATIO:g}x plain document", ok),
            Result("LKjIP report", part_db), Result("LKjIP report", part_pdf)]
