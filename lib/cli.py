"""Operator commands: ``python3 run.py <perintah>`` runs ``python -m lib.cli <perintah>``.

The operator is whoever sits at the laptop with access to the data folder; the
commands act as ``lib.users.OPERATOR`` and events record them so.

Exit codes: 0 done, 1 failed (a clear Indonesian message on stderr), 2 wrong
usage (argparse).

The commands are listed here: ``COMMANDS`` (name -> (help, setup, run)) for
those defined in this module, and ``COMMAND_MODULES`` for the modules that add
their own with ``register(subparsers)`` (``lib.cli_docs``: render;
``lib.cli_format``: import-format, export-rekap; ``lib.cli_lkjip``: check-lkjip). What they share (the parser,
``open_db``, ``say``, argument types) lives in ``lib.cli_common``. Raise
``PerkinError`` for failures; ``main`` prints it and exits 1.
"""
from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
import sys
from pathlib import Path
from typing import Callable

from lib import cli_docs, cli_format, cli_lkjip
from lib.cli_common import (PROG, OPERATOR, Parser, date_arg, export_path_arg, open_db,
                            say, text_table, write_atomic, year_arg)
from lib.errors import PerkinError

def _read_password(prompt: str) -> str:
    """getpass on a terminal; one line of stdin otherwise (scripts, tests)."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise PerkinError("Kata sandi tidak terbaca dari masukan (stdin kosong).")
    return line.rstrip("\r\n")


# ---------------------------------------------------------------- commands
def cmd_init(args) -> int:
    from db import migrate
    from lib import demo, office, paths

    if args.today is not None and not args.demo:
        raise PerkinError("--today hanya dipakai bersama --demo (riwayat contoh kantor demo).")
    db = open_db(create=True)
    try:
        applied = migrate(db)
        office.seed_defaults(db)
        report = demo.init_office(db, demo=args.demo)
        say(f"Folder data: {paths.data_dir()}")
        say(f"Migrasi diterapkan: {len(applied)}." if applied
            else "Skema basis data sudah terbaru.")
        say(report)
        if args.demo:
            seed_history = getattr(demo, "seed_history", None)
            if seed_history is not None:
                from lib import clock

                result = seed_history(db, args.today or clock.now().date())
                if isinstance(result, str) and result:
                    say(result)
            elif args.today is not None:
                say("Riwayat contoh belum tersedia di versi ini; --today diabaikan.")
    finally:
        db.conn.close()
    return 0


def cmd_prestart(args) -> int:
    from db import migrate
    from lib import backup, office, paths

    data = paths.data_dir()
    backup.check_before_start(data)   # PRAGMA quick_check, before anything writes
    auto = backup.auto_backup(data, keep=7)
    db = open_db(create=True)
    try:
        applied = migrate(db)
        office.seed_defaults(db)
        demo_mode = office.is_demo(db)
        admins = db.execute("SELECT COUNT(*) FROM users WHERE is_admin = 1 AND active = 1"
                            ).fetchone()[0]
    finally:
        db.conn.close()
    if applied:
        say(f"Basis data diperbarui ({len(applied)} migrasi).")
    if auto is not None:
        say(f"Cadangan otomatis: {auto}")
    paths.cookie_secret()
    if args.lan and demo_mode:
        if not args.force_demo_lan:
            raise PerkinError(
                "Mode demo tidak boleh dibuka di jaringan kantor: kata sandinya umum. "
                "Jalankan tanpa --lan, atau siapkan kantor sungguhan dengan PERKIN_DATA_DIR "
                "lain. Untuk pelatihan di jaringan tertutup: --lan --force-demo-lan.")
        say("PERINGATAN: mode demo dibuka di jaringan kantor; semua akun memakai kata sandi "
            "demo yang umum.")
    if args.lan and not admins:
        # Until the first administrator exists the setup page is open to anyone who reaches it.
        raise PerkinError(
            "Belum ada administrator: halaman Penyiapan Awal masih terbuka untuk siapa saja. "
            "Jalankan dulu tanpa --lan, buat administrator pertama di komputer ini, lalu "
            "jalankan lagi dengan --lan.")
    return 0


def cmd_backup(args) -> int:
    from lib import backup, clock, paths

    if not paths.db_path().exists():
        raise PerkinError(f"Belum ada basis data di {paths.data_dir()}; tidak ada yang "
                          f"dicadangkan. Siapkan dulu dengan: {PROG} init")
    out = args.out
    if out is None:
        out = backup.free_name(paths.backups_dir(),
                                f"perkin-{clock.now().strftime('%Y%m%d-%H%M%S')}")
    out = Path(out)
    if out.exists():
        raise PerkinError(f"Berkas {out} sudah ada; pilih nama lain.")
    manifest = backup.make_backup(paths.db_path(), paths.data_dir() / "uploads", out)
    counts = manifest["counts"]
    uploads = len(manifest["files"]) - 1
    say(f"Cadangan tersimpan: {out}")
    say(f"Isi: {counts['users']} pengguna, {counts['cycles']} siklus, {uploads} berkas unggahan.")
    return 0


def cmd_restore(args) -> int:
    from lib import backup, paths

    result = backup.restore_backup(args.file, paths.data_dir())
    counts = result["counts"]
    say(f"Data dipulihkan dari {args.file} (cadangan {result['created_at']}: "
        f"{counts.get('users', 0)} pengguna, {counts.get('cycles', 0)} siklus).")
    if result["before_restore"] is not None:
        say(f"Keadaan sebelumnya disimpan di {result['before_restore']}")
    if result["migrations"]:
        say(f"Basis data diperbarui ({len(result['migrations'])} migrasi).")
    return 0


def cmd_user_reset_password(args) -> int:
    from lib import users

    db = open_db()
    try:
        user = users.get_user(db, args.username)
        say(f"Mengganti kata sandi {user.username} ({user.name}).")
        new = _read_password("Kata sandi baru: ")
        new2 = _read_password("Ulangi kata sandi baru: ")
        users.reset_password(db, OPERATOR, user.username, new, new2)
    finally:
        db.conn.close()
    say(f"Kata sandi {user.username} sudah diganti; kunci akun (bila ada) dibuka.")
    return 0


def cmd_user_list(args) -> int:
    from lib import users

    db = open_db()
    try:
        people = users.list_users(db)
    finally:
        db.conn.close()
    if not people:
        say("Belum ada pengguna. Buat administrator pertama lewat aplikasi, atau "
            f"'{PROG} init --demo' untuk kantor demo.")
        return 0
    rows = [[u.username, u.name, u.role_label, ", ".join(u.unit_codes),
             "aktif" if u.active else "nonaktif"] for u in people]
    for line in text_table(["Nama pengguna", "Nama", "Peran", "Unit", "Status"], rows):
        say(line)
    return 0


def cmd_check(args) -> int:
    from lib import backup, paths, spelling

    data = paths.data_dir()
    if args.hapus_sementara:
        removed, young = backup.remove_temp_files(data)
        for p in removed:
            say(f"Dihapus: {p}")
        for p in young:
            say(f"Belum dihapus (baru {backup.TEMP_MIN_AGE_S // 60} menit terakhir, mungkin "
                f"masih ditulis): {p}")
        if not removed and not young:
            say("Tidak ada berkas sementara yang tertinggal.")
    else:
        left = backup.leftover_temp_files(data)
        if left:
            total = sum(backup.temp_size(p) for p in left)
            say(f"Berkas sementara tertinggal dari penulisan yang terputus: {len(left)} "
                f"({spelling.format_number(total / 1024, 0)} KB):")
            for p in left:
                say(f"- {p}")
            say(f"Hapus dengan: {PROG} check --hapus-sementara")
    db = open_db()
    try:
        problems = backup.integrity_check(db)
    finally:
        db.conn.close()
    if problems:
        print(f"Ditemukan {len(problems)} masalah:", file=sys.stderr)
        for p in problems:
            print(f"- {p}", file=sys.stderr)
        return 1
    say("OK")
    return 0


def timeline_table(db, year: int, *, for_csv: bool) -> tuple[list[str], list[list]]:
    """TIMELINE_HEADERS and rows; times as "DD-MM-YYYY HH:MM" text for CSV,
    naive local datetimes for Excel."""
    from lib import clock, cycles

    def cell(value):
        if isinstance(value, dt.datetime):
            local = value.astimezone(clock.TZ) if value.tzinfo else value
            return local.strftime("%d-%m-%Y %H:%M") if for_csv else local.replace(tzinfo=None)
        return value

    rows = [[cell(r.get(h)) for h in cycles.TIMELINE_HEADERS]
            for r in cycles.timeline(db, year)]
    return list(cycles.TIMELINE_HEADERS), rows


def _xlsx_datetimes(data: bytes, number_format: str = "dd-mm-yyyy hh:mm") -> bytes:
    """Give datetime cells a day-first format (openpyxl's default is ISO)."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, dt.datetime):
                    c.number_format = number_format
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def cmd_export_timeline(args) -> int:
    from lib import excel

    db = open_db()
    try:
        csv_out = args.out.suffix.lower() == ".csv"
        headers, rows = timeline_table(db, args.year, for_csv=csv_out)
    finally:
        db.conn.close()
    if csv_out:
        data = excel.write_table_csv(headers, rows)
    else:
        data = _xlsx_datetimes(excel.write_table_xlsx(headers, rows,
                                                      sheet_name=f"Linimasa {args.year}"))
    write_atomic(args.out, data)
    say(f"Linimasa {args.year} ({len(rows)} baris) tersimpan di {args.out}")
    return 0


# ---------------------------------------------------------------- the registry
def _setup_init(p):
    p.add_argument("--demo", action="store_true",
                   help="kantor demo: pengguna contoh dengan kata sandi umum (jangan untuk "
                        "data sungguhan)")
    p.add_argument("--today", type=date_arg, metavar="TTTT-BB-HH",
                   help="tanggal 'hari ini' untuk riwayat contoh kantor demo")


def _setup_prestart(p):
    p.add_argument("--lan", action="store_true", help="aplikasi akan dibuka di jaringan kantor")
    p.add_argument("--force-demo-lan", action="store_true",
                   help="izinkan --lan walaupun data masih data demo")


def _setup_backup(p):
    p.add_argument("--out", metavar="BERKAS.zip",
                   help="berkas cadangan yang dibuat (bawaan: backups/perkin-<waktu>.zip "
                        "di folder data)")


def _setup_restore(p):
    p.add_argument("file", metavar="BERKAS.zip", type=Path, help="berkas cadangan Perkin")


def _setup_user(p):
    sub = p.add_subparsers(dest="user_command", metavar="perintah", title="perintah",
                           parser_class=Parser, required=True)
    rp = sub.add_parser("reset-password", help="mengganti kata sandi pengguna (akun terkunci "
                        "dibuka)", description="Meminta kata sandi baru dua kali.")
    rp.add_argument("username", metavar="NAMA_PENGGUNA")
    rp.set_defaults(func=cmd_user_reset_password)
    lp = sub.add_parser("list", help="daftar pengguna")
    lp.set_defaults(func=cmd_user_list)


def _setup_check(p):
    p.add_argument("--hapus-sementara", action="store_true",
                   help="menghapus berkas sementara yang tertinggal dari penulisan yang "
                        "terputus (yang lebih dari 10 menit)")


def _setup_export_timeline(p):
    p.add_argument("--year", "--tahun", dest="year", type=year_arg, required=True, metavar="TAHUN",
                   help="tahun siklus LAKIP")
    p.add_argument("--out", type=export_path_arg, required=True, metavar="BERKAS",
                   help="berkas keluaran .xlsx atau .csv")


COMMANDS: dict[str, tuple[str, Callable, Callable | None]] = {
    "init": ("menyiapkan basis data (sekali; aman diulang)", _setup_init, cmd_init),
    "prestart": ("persiapan sebelum aplikasi dibuka (dipanggil oleh run.py)", _setup_prestart,
                 cmd_prestart),
    "backup": ("membuat cadangan (boleh saat aplikasi berjalan)", _setup_backup, cmd_backup),
    "restore": ("memulihkan data dari cadangan (aplikasi harus berhenti)", _setup_restore,
                cmd_restore),
    "user": ("pengelolaan pengguna: reset-password, list", _setup_user, None),
    "check": ("memeriksa keutuhan basis data", _setup_check, cmd_check),
    "export-timeline": ("mengekspor linimasa langkah SOP satu tahun (.xlsx/.csv)",
                        _setup_export_timeline, cmd_export_timeline),
}


# Modules adding their own commands through ``register(subparsers)``, in help order.
COMMAND_MODULES = (cli_docs, cli_format, cli_lkjip)


def build_parser() -> Parser:
    parser = Parser(prog=PROG, description="Perintah pengelolaan Perkin. Folder data: "
                    "PERKIN_DATA_DIR (bawaan: data/ di folder Perkin).")
    sub = parser.add_subparsers(dest="command", metavar="perintah", title="perintah",
                                parser_class=Parser)
    for name, (help_text, setup, func) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:])
        setup(p)
        if func is not None:
            p.set_defaults(func=func)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:  # --help (0) or wrong usage (2)
        return exit_.code if isinstance(exit_.code, int) else 2
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(func(args) or 0)
    except PerkinError as err:
        print(f"Gagal: {err}", file=sys.stderr)
        for problem in err.problems:
            if problem not in str(err):
                print(f"- {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130
    except OSError as err:  # a full disk, a read-only or foreign-owned data folder
        where = f" ({err.filename})" if err.filename else ""
        print(f"Gagal: berkas tidak dapat ditulis atau dibaca{where}: "
              f"{err.strerror or err}. Periksa ruang disk yang tersisa dan izin tulis folder "
              "data; data yang sudah tersimpan tidak diubah.", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as err:
        print(f"Gagal: basis data tidak dapat ditulis atau dibaca ({err}). Periksa ruang disk "
              "yang tersisa dan izin tulis folder data, lalu jalankan "
              f"'{PROG} check'.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
