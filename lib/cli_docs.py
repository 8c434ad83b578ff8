"""Operator command ``render``: any document of a cycle as a PDF file.

    python3 run.py render lakip --year 2026 --out lakip-2026.pdf
    python3 run.py render format --year 2026 --unit pem --out format-pem.pdf

Loaded by ``lib/cli.py`` (extension modules ``lib/cli_*.py``). Importing this
module also imports ``lib.archive``, so an approval run from a CLI process
freezes the final LAKIP too.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lib import docservice


def _pdf_path(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() != ".pdf":
        raise argparse.ArgumentTypeError(f"berkas keluaran harus .pdf, bukan {value!r}")
    return path


def _year(value: str) -> int:
    from lib.cli import _year as year

    return year(value)


def run_render(args) -> int:
    from lib.cli import _write_atomic, open_db, say

    db = open_db()
    try:
        data, name, warnings = docservice.render(db, args.doc, args.year, unit_code=args.unit)
    finally:
        db.conn.close()
    for w in warnings:
        print(f"Peringatan: {w}", file=sys.stderr)
    _write_atomic(args.out, data)
    say(f"{docservice.DOC_LABELS[args.doc]} tahun {args.year} ({name}, "
        f"{docservice.page_count(data)} halaman) tersimpan di {args.out}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "render", help="mencetak dokumen siklus ke berkas PDF",
        description="Mencetak dokumen siklus LAKIP ke berkas PDF. Dokumen: "
        + "; ".join(f"{k} = {docservice.DOC_LABELS[k]}" for k in docservice.DOC_ORDER) + ".")
    p.add_argument("doc", metavar="DOKUMEN", choices=docservice.DOC_ORDER,
                   help="salah satu dari: " + ", ".join(docservice.DOC_ORDER))
    p.add_argument("--year", "--tahun", dest="year", type=_year, required=True,
                   metavar="TAHUN", help="tahun laporan")
    p.add_argument("--out", type=_pdf_path, required=True, metavar="BERKAS.pdf",
                   help="berkas PDF keluaran")
    p.add_argument("--unit", metavar="KODE", default=None,
                   help="kode unit (wajib untuk 'format', mis. pem)")
    p.set_defaults(func=run_render)
