"""The demo office: Kecamatan Guguak's profile, the default units and one user
per role, all with the password ``perkin-demo`` (demo mode only).

History (earlier complete years and the current year in progress) is seeded
through the real services by ``seed_history``.
"""
from __future__ import annotations

from db import immediate
from lib import office, users
from lib.errors import PerkinError
from lib.users import OPERATOR

DEMO_PASSWORD = "perkin-demo"

# username, name, role, units, nip, pangkat, jabatan
DEMO_USERS = [
    ("admin", "Rina Marlina, S.Kom", "admin", (), "199003152015032001", "Penata Muda (III/a)",
     "Pranata Komputer"),
    ("camat", "Drs. MUFTIL WAHYUDI", "camat", (), "197311071993031002", "Pembina Tk. I (IV/b)",
     "Camat Guguak"),
    ("sekcam", "Hendra Saputra, S.STP, M.Si", "sekcam", (), "198205122001121003",
     "Pembina (IV/a)", "Sekretaris Camat"),
    ("jf", "Yulia Fitri, S.E", "jf", (), "199107242019032004", "Penata Muda Tk. I (III/b)",
     "Perencana Ahli Pertama"),
    ("pem", "Afrizal, S.Sos", "kasi_kasubbag", ("pem",), "197804162005011002",
     "Penata Tk. I (III/d)", "Kasi Pemerintahan"),
    ("pmd", "Nofriadi, S.T", "kasi_kasubbag", ("pmd",), "198011032006041005",
     "Penata Tk. I (III/d)", "Kasi Pembangunan dan Pemberdayaan Masyarakat"),
    ("kesos", "Desi Ratnasari, S.Sos", "kasi_kasubbag", ("kesos",), "198312202009022003",
     "Penata (III/c)", "Kasi Kesejahteraan Sosial"),
    ("trantib", "Zulkifli, S.H", "kasi_kasubbag", ("trantib",), "197909092006041008",
     "Penata Tk. I (III/d)", "Kasi Ketentraman dan Ketertiban Umum"),
    ("pelayanan", "Mira Susanti, S.AP", "kasi_kasubbag", ("pelayanan",), "198605052010012011",
     "Penata (III/c)", "Kasi Pelayanan Publik"),
    ("umum", "Roni Firdaus, S.E", "kasi_kasubbag", ("umum",), "198402142008011004",
     "Penata (III/c)", "Kasubbag Umum, Kepegawaian, Keuangan dan Aset"),
    ("pep", "Fitria Handayani, S.E, M.M", "kasi_kasubbag", ("pep",), "198709172011012007",
     "Penata (III/c)", "Kasubbag Perencanaan, Evaluasi dan Pelaporan"),
]


def init_office(db, *, demo: bool) -> str:
    """``init`` / ``init --demo``: idempotent. Returns a short Indonesian report."""
    mode = office.office_mode(db)
    has_users = users.count_users(db) > 0
    if demo and (mode == "real" or (mode is None and has_users)):
        raise PerkinError("Folder data ini berisi kantor sungguhan; data demo tidak dibuat. "
                          "Pakai PERKIN_DATA_DIR lain untuk mencoba mode demo.")
    office.seed_defaults(db)
    if not demo:
        if mode is None and has_users:
            with immediate(db):
                office.set_office_mode(db, "real")
        return "Basis data siap (migrasi diterapkan)."
    with immediate(db):
        office.set_office_mode(db, "demo")
    created = 0
    for username, name, role, units, nip, pangkat, jabatan in DEMO_USERS:
        try:
            users.get_user(db, username)
            continue
        except PerkinError:
            pass
        users.create_user(db, OPERATOR, username=username, name=name, role=role,
                          is_admin=(role == "admin"), unit_codes=units, nip=nip,
                          pangkat=pangkat, jabatan=jabatan, password=DEMO_PASSWORD,
                          password2=DEMO_PASSWORD, demo=True)
        created += 1
    return f"Kantor demo siap ({created} pengguna baru; kata sandi demo: {DEMO_PASSWORD})."
