"""Operator command ``render``: any document of a cycle as a PDF file.

    python3 run.py render lakip --year 2026 --out lakip-2026.pdf
    python3 run.py render format --year 2026 --unit pem --out format-pem.pdf

Listed in ``lib.cli.COMMAND_MODULES``; the document comes from
``lib.services.documents`` (after approval: the archived final, never a new
rendering).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lib.cli_common import open_db, say, write_atomic, year_arg
from lib.services import documents


def _pdf_path(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() != ".pdf":
        raise argparse.ArgumentTypeError(f"berkas keluaran harus .pdf, bukan {value!r}")
    return path


def run_render(args) -> int:
    db = open_db()
    try:
        data, name, warnings = documents.render(db, args.doc, args.year, unit_code=args.unit)
    finally:
        db.conn.close()
    for w in warnings:
        print(f"Peringatan: {w}", file=sys.stderr)
    write_atomic(args.out, data)
    say(f"{documents.DOC_LABELS[args.doc]} tahun {args.year} ({name}, "
        f"{documents.page_count(data)} halaman) tersimpan di {args.out}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "render", help="mencetak dokumen siklus ke berkas PDF",
        description="Mencetak dokumen siklus LAKIP ke berkas PDF. Dokumen: "
        + "; ".join(f"{k} = {documents.DOC_LABELS[k]}" for k in documents.DOC_ORDER) + ".")
    p.add_argument("doc", metavar="DOKUMEN", choices=documents.DOC_ORDER,
                   help="salah satu dari: " + ", ".join(documents.DOC_ORDER))
    p.add_argument("--year", "--tahun", dest="year", type=year_arg, required=True,
                   metavar="TAHUN", help="tahun laporan")
    p.add_argument("--out", type=_pdf_path, required=True, metavar="BERKAS.pdf",
                   help="berkas PDF keluaran")
    p.add_argument("--unit", metavar="KODE", default=None,
                   help="kode unit (wajib untuk 'format', mis. pem)")
    p.set_defaults(func=run_render)
