"""Operator command of the LKjIP's readiness: ``check-lkjip --year YEAR`` prints every
item of ``lib.lkjip.readiness`` (one a line, with its chapter or sasaran and who can
fix it) and the LKE 3.b criteria; exit 1 while blocking items remain, else 0
(listed in ``lib.cli.COMMAND_MODULES``)."""
from __future__ import annotations

from lib.cli_common import open_db, say, year_arg
from lib.spelling import format_percent


def cmd_check_lkjip(args) -> int:
    from lib.lkjip import readiness

    db = open_db()
    try:
        ready = readiness.check(db, args.year)
    finally:
        db.conn.close()
    for item in ready.items:
        say(item.line())
    for c in ready.lke:
        say(f"LKE 3.b {c.name}: {c.met} dari {c.total} sasaran")
    share = ready.lke_share()
    blocking, warnings = len(ready.blocking), len(ready.warnings)
    say(f"Kesiapan LKjIP {args.year}: {blocking} butir wajib, {warnings} saran"
        + (f"; kriteria LKE 3.b terpenuhi {format_percent(share)}." if share is not None
           else "."))
    return 1 if blocking else 0


def register(subparsers) -> None:
    p = subparsers.add_parser("check-lkjip", help="memeriksa kesiapan LKjIP untuk direviu",
                              description="Mencantumkan yang masih akan ditolak reviu "
                              "(butir wajib dan saran) beserta siapa yang dapat "
                              "melengkapinya; keluar dengan kode 1 selama ada butir wajib.")
    p.add_argument("--year", "--tahun", dest="year", type=year_arg, required=True,
                   metavar="TAHUN", help="tahun laporan")
    p.set_defaults(func=cmd_check_lkjip)
