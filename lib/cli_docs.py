"""Operator commands ``render`` (any document of a cycle as a PDF or Word file,
chosen by the extension) and ``export-documents`` (every paper of a year in
one zip).

    python3 run.py render lakip --year 2026 --out lakip-2026.pdf
    python3 run.py render lakip --year 2026 --out lakip-2026.docx
    python3 run.py render format --year 2026 --unit pem --out format-pem.pdf
    python3 run.py render pk --year 2025 --versi 1 --out pk-2025-v1.pdf
    python3 run.py export-documents --year 2025 --out dokumen-2025.zip

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


def _paper_path(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in (".pdf", ".docx"):
        raise argparse.ArgumentTypeError(
            f"berkas keluaran harus .pdf atau .docx, bukan {value!r}")
    return path


def _zip_path(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() != ".zip":
        raise argparse.ArgumentTypeError(f"berkas keluaran harus .zip, bukan {value!r}")
    return path


def run_render(args) -> int:
    from lib.errors import ValidationError

    if args.versi is not None and args.doc != PK:
        raise ValidationError("--versi hanya untuk dokumen pk (Perjanjian Kinerja).")
    fmt = args.out.suffix.lower().lstrip(".")
    db = open_db()
    try:
        if args.doc == PK:
            from lib.planning import pk_paper

            data, name, warnings = pk_paper.render(db, args.year, args.versi, fmt=fmt)
        else:
            data, name, warnings = documents.render(db, args.doc, args.year,
                                                    unit_code=args.unit, fmt=fmt)
    finally:
        db.conn.close()
    for w in warnings:
        print(f"Peringatan: {w}", file=sys.stderr)
    write_atomic(args.out, data)
    title = "Perjanjian Kinerja" if args.doc == PK else LABELS[args.doc]
    pages = f", {documents.page_count(data)} halaman" if fmt == "pdf" else ", Word"
    say(f"{title} tahun {args.year} ({name}{pages}) tersimpan di {args.out}")
    return 0


def run_export(args) -> int:
    from lib.services import export

    db = open_db()
    try:
        def progress(done: int, total: int, label: str) -> None:
            print(f"[{done}/{total}] {label}", file=sys.stderr, flush=True)

        # another build of the same year (the app, a second run.py): wait for it a while
        data, name, warnings = export.export_documents(db, args.year, progress=progress,
                                                       wait=60)
    finally:
        db.conn.close()
    for w in warnings:
        print(f"Peringatan: {w}", file=sys.stderr)
    write_atomic(args.out, data)
    say(f"Semua dokumen tahun {args.year} ({name}) tersimpan di {args.out}")
    return 0


PK = "pk"
LABELS = {**documents.DOC_LABELS, PK: "Perjanjian Kinerja (bawaan: versi yang berlaku; --versi N)"}
ORDER = [*documents.DOC_ORDER, PK]


def _versi(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"versi harus bilangan bulat, bukan {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("versi dimulai dari 1")
    return n


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "render", help="mencetak dokumen siklus ke berkas PDF atau Word (.docx)",
        description="Mencetak dokumen siklus LAKIP ke berkas PDF atau Word (.docx), "
        "menurut akhiran berkas --out. Dokumen: "
        + "; ".join(f"{k} = {LABELS[k]}" for k in ORDER) + ".")
    p.add_argument("doc", metavar="DOKUMEN", choices=ORDER,
                   help="salah satu dari: " + ", ".join(ORDER))
    p.add_argument("--year", "--tahun", dest="year", type=year_arg, required=True,
                   metavar="TAHUN", help="tahun laporan")
    p.add_argument("--out", type=_paper_path, required=True, metavar="BERKAS.pdf|.docx",
                   help="berkas keluaran: .pdf atau .docx")
    p.add_argument("--unit", metavar="KODE", default=None,
                   help="kode unit (wajib untuk 'format', mis. pem)")
    p.add_argument("--versi", type=_versi, default=None, metavar="N",
                   help="versi Perjanjian Kinerja (untuk 'pk'; bawaan: versi yang berlaku)")
    p.set_defaults(func=run_render)

    e = subparsers.add_parser(
        "export-documents", help="semua dokumen satu tahun dalam satu berkas zip",
        description="Semua dokumen satu tahun (PDF dan Word, LAKIP final seperti tersimpan, "
        "rekap .xlsx) dalam satu berkas zip, dengan MANIFEST.txt berisi SHA-256 tiap berkas.")
    e.add_argument("--year", "--tahun", dest="year", type=year_arg, required=True,
                   metavar="TAHUN", help="tahun laporan")
    e.add_argument("--out", type=_zip_path, required=True, metavar="BERKAS.zip",
                   help="berkas zip keluaran")
    e.set_defaults(func=run_export)
