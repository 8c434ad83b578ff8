"""Operator commands of the nine-column format: ``import-format`` and
``export-rekap`` (listed in ``lib.cli.COMMAND_MODULES``)."""
from __future__ import annotations

from pathlib import Path

from lib.cli_common import OPERATOR, export_path_arg, open_db, say, write_atomic, year_arg
from lib.errors import PerkinError, ValidationError


def cmd_import_format(args) -> int:
    from lib.format import workbook

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise PerkinError(f"Berkas {path} tidak dapat dibaca ({err.strerror}).") from None
    db = open_db()
    try:
        pv = workbook.preview_import(db, OPERATOR, args.year, data, args.unit)
        c = pv.counts()
        say(f"Lembar '{pv.sheet}': {len(pv.rows)} baris ({c['tambah']} baru, {c['ubah']} diubah).")
        for r in pv.rows:
            for w in r.warnings:
                say(f"  Catatan baris Excel {r.excel_row}: {w}")
        if pv.unknown_units:
            say("Yang membidangi tidak dikenal: " + ", ".join(pv.unknown_units)
                + " (pilih unitnya dengan --unit KODE, atau perbaiki nama di file).")
        if not pv.ok:
            raise ValidationError(f"Impor dibatalkan, tidak ada yang disimpan "
                                  f"({len(pv.blocking)} masalah).", problems=pv.blocking)
        result = workbook.apply_import(db, OPERATOR, pv)
    finally:
        db.conn.close()
    say(f"Impor selesai: {result['tambah']} baris baru, {result['ubah']} baris diubah, "
        f"{result['ditandai']} ditandai.")
    return 0


def cmd_export_rekap(args) -> int:
    from lib.format import rekap, store

    fmt = args.out.suffix.lower().lstrip(".")
    db = open_db()
    try:
        data = rekap.export_rekap(db, args.year, fmt)
        n = len(store.list_rows(db, args.year))
    finally:
        db.conn.close()
    write_atomic(args.out, data)
    say(f"Rekapitulasi {args.year} ({n} indikator) tersimpan di {args.out}")
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("import-format", help="mengimpor format sembilan kolom dari Excel",
                              description="Mengimpor format sembilan kolom (.xlsx) ke master "
                              "indikator tahun itu; semua atau tidak sama sekali.")
    p.add_argument("file", metavar="BERKAS.xlsx", help="berkas Excel format SOP")
    p.add_argument("--year", "--tahun", dest="year", type=year_arg, required=True, metavar="TAHUN",
                   help="tahun laporan")
    p.add_argument("--unit", metavar="KODE", default=None,
                   help="kode unit (mis. pem); tanpa ini unit dibaca dari kolom Yang membidangi")
    p.set_defaults(func=cmd_import_format)
    p = subparsers.add_parser("export-rekap", help="mengekspor rekapitulasi format (.xlsx/.csv)",
                              description="Mengekspor rekapitulasi format satu tahun.")
    p.add_argument("--year", "--tahun", dest="year", type=year_arg, required=True, metavar="TAHUN",
                   help="tahun laporan")
    p.add_argument("--out", type=export_path_arg, required=True, metavar="BERKAS",
                   help="berkas keluaran .xlsx atau .csv")
    p.set_defaults(func=cmd_export_rekap)
