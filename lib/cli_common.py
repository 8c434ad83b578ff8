"""What every operator command shares: the Indonesian argparse, the database of
the data folder, argument types, output helpers. ``lib.cli`` and its command
modules (``lib.cli_docs``, ``lib.cli_format``) import these from here."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from lib.errors import PerkinError
from lib.users import OPERATOR  # noqa: F401 - the acting user of every command

PROG = "python3 run.py"


# ---------------------------------------------------------------- argparse in Indonesian
class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix "" when it builds a subcommand's prog.
        return super().add_usage(usage, actions, groups,
                                 "cara pakai: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Indonesian help and its common complaints translated."""

    _WORDS = [("the following arguments are required", "argumen berikut wajib diisi"),
              ("unrecognized arguments", "argumen tidak dikenal"),
              ("expected one argument", "butuh satu nilai"),
              ("invalid choice", "pilihan tidak dikenal"),
              ("choose from", "pilih dari"),
              ("not allowed with argument", "tidak boleh bersama argumen"),
              ("invalid int value", "bukan bilangan bulat"),
              ("argument ", "argumen ")]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help",
                          help="menampilkan bantuan ini lalu keluar")

    def error(self, message: str):
        for english, indonesian in self._WORDS:
            message = message.replace(english, indonesian)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: kesalahan: {message}\n")


# ---------------------------------------------------------------- helpers for commands
def say(message: str = "") -> None:
    print(message, flush=True)


def open_db(*, create: bool = False):
    """The office database in the data folder (PERKIN_DATA_DIR). Without
    ``create``, a missing database is an error telling to run ``init``."""
    from db import connect
    from lib import paths

    path = paths.db_path()
    if not create and not path.exists():
        raise PerkinError(f"Belum ada basis data di {paths.data_dir()}. "
                          f"Jalankan dulu: {PROG} init")
    return connect(path)


def date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal harus berformat TTTT-BB-HH (mis. 2026-03-15), bukan {value!r}") from None


def year_arg(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tahun harus angka, bukan {value!r}") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"tahun {year} tidak masuk akal")
    return year


def export_path_arg(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise argparse.ArgumentTypeError(f"berkas keluaran harus .xlsx atau .csv, bukan {value!r}")
    return path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)      # nothing half-written left behind
        raise


def text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]
