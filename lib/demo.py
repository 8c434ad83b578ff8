"""The demo office: Kecamatan Guguak's profile, the default units and one user
per role, all with the password ``perkin-demo`` (demo mode only).

History (earlier complete years and the current year in progress) is seeded
through the real services by ``seed_history``.
"""
from __future__ import annotations

from db import immediate
from lib import demo_lkjip, office, office_calendar, users
from lib.errors import PerkinError
from lib.users import OPERATOR
from lib.services import workflow

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


# ---------------------------------------------------------------------------- history
# (unit, sasaran, indikator, satuan, polarity, target, realisasi per year {2024, 2025, 2026},
#  program, sumber data, IKU, renstra target). "" realisasi = kosong; None = belum berjalan.
SASARAN = {
    "pem": "Meningkatnya kualitas penyelenggaraan pemerintahan kecamatan",
    "pmd": "Meningkatnya partisipasi masyarakat dalam pembangunan",
    "kesos": "Meningkatnya kesejahteraan sosial masyarakat",
    "trantib": "Meningkatnya ketentraman dan ketertiban umum",
    "pelayanan": "Meningkatnya kualitas pelayanan publik kecamatan",
    "umum": "Meningkatnya akuntabilitas kinerja dan keuangan kecamatan",
}
INDICATORS = [
    ("pem", "Persentase nagari yang tertib administrasi pemerintahan", "%", "positif", "100%",
     {2024: "85%", 2025: "90%", 2026: "92,5%"},
     "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", "Laporan Seksi Pemerintahan",
     True, "100%"),
    ("pem", "Jumlah pembinaan administrasi pemerintahan nagari", "kali", "positif", "12 kali",
     {2024: "10 kali", 2025: "12 kali", 2026: "12 kali"},
     "Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan",
     "Notulen pembinaan", False, "12 kali"),
    ("pem", "Nilai evaluasi penyelenggaraan pemerintahan kecamatan", "predikat", "positif", "BB",
     {2024: "B", 2025: "B", 2026: "B"},
     "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", "LHE Bagian Pemerintahan",
     True, "A"),
    ("pmd", "Persentase usulan musrenbang nagari yang terakomodir", "%", "positif", "40%",
     {2024: "31%", 2025: "36,5%", 2026: "35,5%"},
     "Program Pemberdayaan Masyarakat Desa dan Kelurahan", "Dokumen RKPD", True, "45%"),
    ("pmd", "Jumlah kelompok masyarakat yang dibina", "kelompok", "positif", "24 kelompok",
     {2024: "20 kelompok", 2025: "22 kelompok", 2026: "26 kelompok"},
     "Pemberdayaan Lembaga Kemasyarakatan", "Laporan Seksi PMD", False, "30 kelompok"),
    ("pmd", "Persentase realisasi fisik dana nagari", "%", "positif", "100%",
     {2024: "96%", 2025: "98%", 2026: "97,5%"},
     "Fasilitasi Pengelolaan Keuangan Nagari", "Aplikasi Siskeudes", False, "100%"),
    ("kesos", "Jumlah penduduk miskin yang difasilitasi bantuan sosial", "orang", "positif",
     "1.250 orang", {2024: "1.040 orang", 2025: "1.125 orang", 2026: "1.180 orang"},
     "Program Pemberdayaan Masyarakat Desa dan Kelurahan", "DTKS Dinas Sosial", True, "1.400 orang"),
    ("kesos", "Persentase PMKS yang tertangani", "%", "positif", "80%",
     {2024: "70%", 2025: "74%", 2026: "76%"},
     "Koordinasi Kegiatan Kesejahteraan Sosial", "Laporan Seksi Kesos", False, "85%"),
    ("kesos", "Jumlah balita stunting", "orang", "negatif", "45 orang",
     {2024: "61 orang", 2025: "55 orang", 2026: "52 orang"},
     "Koordinasi Kegiatan Kesejahteraan Sosial", "Data e-PPGBM Puskesmas", True, "30 orang"),
    ("trantib", "Jumlah kejadian gangguan ketentraman dan ketertiban umum", "kejadian",
     "negatif", "12 kejadian", {2024: "15 kejadian", 2025: "11 kejadian", 2026: "9 kejadian"},
     "Program Ketentraman dan Ketertiban Umum", "Laporan Satpol PP kecamatan", True, "8 kejadian"),
    ("trantib", "Persentase pelanggaran perda yang ditindaklanjuti", "%", "positif", "100%",
     {2024: "90%", 2025: "100%", 2026: "100%"},
     "Program Ketentraman dan Ketertiban Umum", "Register pelanggaran", False, "100%"),
    ("trantib", "Jumlah pelatihan anggota linmas", "kali", "positif", "2 kali",
     {2024: "2 kali", 2025: "1 kali", 2026: "0 kali"},
     "Koordinasi Penerapan dan Penegakan Perda", "Laporan Seksi Trantib", False, "2 kali"),
    ("pelayanan", "Indeks kepuasan masyarakat (IKM)", "indeks", "positif", "82",
     {2024: "79,8", 2025: "81,2", 2026: "84,35"},
     "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", "Survei IKM", True, "85"),
    ("pelayanan", "Persentase layanan PATEN selesai tepat waktu", "%", "positif", "95%",
     {2024: "90%", 2025: "93%", 2026: "97,5%"},
     "Penyelenggaraan Pelayanan Administrasi Terpadu Kecamatan", "Buku register PATEN",
     False, "98%"),
    ("pelayanan", "Jumlah pengaduan masyarakat atas layanan", "pengaduan", "negatif",
     "20 pengaduan", {2024: "26 pengaduan", 2025: "18 pengaduan", 2026: "14 pengaduan"},
     "Penyelenggaraan Pelayanan Administrasi Terpadu Kecamatan", "Kotak dan SP4N-LAPOR",
     False, "12 pengaduan"),
    ("pelayanan", "Tersedianya standar pelayanan yang dipublikasikan", "ada/tidak", "positif",
     "Ada", {2024: "Ada", 2025: "Ada", 2026: "Ada"},
     "Penyelenggaraan Pelayanan Administrasi Terpadu Kecamatan", "Papan informasi", False, "Ada"),
    ("umum", "Nilai SAKIP kecamatan", "predikat", "positif", "BB",
     {2024: "B", 2025: "BB", 2026: "BB"},
     "Program Penunjang Urusan Pemerintahan Daerah", "LHE SAKIP Inspektorat", True, "A"),
    ("umum", "Persentase realisasi anggaran", "%", "positif", "95%",
     {2024: "88,6%", 2025: "93,2%", 2026: "91,4%"},
     "Program Penunjang Urusan Pemerintahan Daerah", "Laporan realisasi SIPD", False, "97%"),
    ("umum", "Persentase ASN yang mengikuti peningkatan kompetensi", "%", "positif", "60%",
     {2024: "45%", 2025: "55%", 2026: "62,5%"},
     "Administrasi Kepegawaian Perangkat Daerah", "Data kepegawaian", False, "75%"),
    ("umum", "Jumlah arsip yang didigitalisasi", "berkas", "positif", "500 berkas",
     {2024: "350 berkas", 2025: "420 berkas", 2026: None},
     "Administrasi Umum Perangkat Daerah", "Daftar arsip", False, "2.000 berkas"),
]
BUDGET = [
    ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 2_450_000_000, 0.914),
    ("Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", 385_000_000, 0.962),
    ("Program Pemberdayaan Masyarakat Desa dan Kelurahan", 212_500_000, 0.938),
    ("Program Koordinasi Ketentraman dan Ketertiban Umum", 96_750_000, 0.881),
]
RETURNS = {2024: ("trantib", "Sumber data kejadian belum dilampirkan; mohon lengkapi."),
           2025: ("kesos", "Realisasi PMKS tidak sesuai laporan Dinas Sosial; mohon periksa.")}
CURRENT_RETURN = ("kesos", "Angka penduduk miskin yang difasilitasi belum sesuai DTKS terbaru; "
                           "mohon cek ulang dan lampirkan bukti.")


def _office_days_before(cal, today, n: int):
    """The date ``n`` office days before ``today`` (holidays and weekends skipped)."""
    import datetime as dt

    d = today
    count = 0
    while count < n:
        d -= dt.timedelta(days=1)
        if cal.day_minutes(d) > 0:
            count += 1
    return d


class _Clock:
    """Moves through office time: ``at(day, 'HH:MM')`` and ``later(minutes)`` (office minutes)."""

    def __init__(self, cal, start):
        self.cal = cal
        self.t = start

    def later(self, minutes: int):
        import datetime as dt

        t = self.cal.next_office_moment(self.t)
        left = minutes
        while left > 0:
            t = self.cal.next_office_moment(t)
            t = t + dt.timedelta(minutes=1)
            if self.cal.is_office_time(t - dt.timedelta(minutes=1)):
                left -= 1
        self.t = t
        return t


def seed_history(db, today) -> str:
    """Seed 2024 and 2025 complete and the current year in progress, through the real
    services. Deterministic for a given ``today``; idempotent (an existing year is kept)."""
    import datetime as dt

    from lib import clock, cycles

    if isinstance(today, dt.datetime):
        today = today.date()
    cal = office_calendar.calendar(db)
    p = {u.username: u for u in users.list_users(db)}
    current = cycles.default_year(dt.datetime(today.year, today.month, today.day))
    done = []
    for year in (current - 2, current - 1):
        if cycles.find_cycle(db, year) is None:
            start = dt.datetime(year + 1, 1, 13 if year % 2 else 8, 8, 0, tzinfo=clock.TZ)
            _seed_year(db, p, year, current, cal, _Clock(cal, start), complete=True)
            done.append(str(year))
    if cycles.find_cycle(db, current) is None:
        start_day = _office_days_before(cal, today, 4)
        start = dt.datetime.combine(start_day, dt.time(8, 0), tzinfo=clock.TZ)
        _seed_year(db, p, current, current, cal, _Clock(cal, start), complete=False)
        done.append(str(current))
    return ("Riwayat demo dibuat untuk tahun " + ", ".join(done) + ".") if done else \
        "Riwayat demo sudah ada."


def _seed_year(db, p, year, current, cal, clk, *, complete: bool) -> None:
    from lib import budget
    from lib.format import master

    # master rows (Sekcam), before the Camat's order, as offices load them from the PK
    history_years = [y for y in (year - 2, year - 1)]
    for unit, indikator, satuan, pol, target, real, program, sumber, iku, renstra in INDICATORS:
        values_by_year = _shift(real, current)
        hist = {str(y): values_by_year[y] for y in history_years
                if values_by_year.get(y)}
        master.save_master_row(db, p["sekcam"], year, {
            "unit": unit, "sasaran": SASARAN[unit], "indikator": indikator, "satuan": satuan,
            "polarity": pol, "target": target, "is_iku": iku, "renstra_target": renstra,
            "program": program, "sumber_data": sumber, "history": hist},
            now=clk.t)
    from lib.planning import demo_facts

    demo_facts.seed_year(db, p, year, current, INDICATORS, SASARAN, clk.t)
    demo_lkjip.seed_logo(db, p, clk.t)
    demo_lkjip.seed_pk_scan(db, p, year, clk.t)
    demo_lkjip.seed_narratives(db, p, year, clk.t)
    workflow.start_cycle(db, p["camat"], year, now=clk.later(3))
    workflow.complete_step(db, p["sekcam"], year, 2, {
        "tanggal": clk.t.date(), "peserta": [u.name for u in p.values()
                                               if u.role in ("sekcam", "kasi_kasubbag", "jf")],
        "format_diserahkan": True, "catatan": "Format dibagikan dalam rapat koordinasi."},
        now=clk.later(75 if year % 2 else 55))
    order = ["pem", "pelayanan", "pmd", "umum", "trantib", "kesos"]
    for i, code in enumerate(order):
        _fill_unit(db, p, year, current, code, clk.later(40 + 25 * i))
        workflow.submit_unit(db, p[code], year, code, now=clk.later(15))
    for program, pagu, rate in BUDGET:
        budget.save_budget_row(db, p["umum"], year, program, pagu, round(pagu * rate),
                               now=clk.t)
    demo_facts.link_budget(db, p, year, clk.t)
    workflow.complete_step(db, p["jf"], year, 4, {"catatan": "Format enam unit lengkap."},
                           now=clk.later(95 if year % 2 else 140))
    ret_code, ret_reason = RETURNS.get(year, CURRENT_RETURN) if complete else CURRENT_RETURN
    if not complete:
        demo_lkjip.seed_analyses(db, p, year, current, SASARAN, clk.t,
                                 without=tuple((c, f) for c in demo_lkjip.WITHOUT_ANALYSIS_NOW
                                               for f in ("pendukung", "penghambat", "upaya")))
        for code in ("pem", "pmd"):
            workflow.review_unit(db, p["sekcam"], year, code, "terima", now=clk.later(12))
        workflow.review_unit(db, p["sekcam"], year, ret_code, "kembalikan", ret_reason,
                             now=clk.later(20))
        return
    for code in order:
        if code == ret_code:
            workflow.review_unit(db, p["sekcam"], year, code, "kembalikan", ret_reason,
                                 now=clk.later(10))
        else:
            workflow.review_unit(db, p["sekcam"], year, code, "terima", now=clk.later(8))
    _fill_unit(db, p, year, current, ret_code, clk.later(90))
    workflow.submit_unit(db, p[ret_code], year, ret_code, now=clk.later(10))
    workflow.complete_step(db, p["jf"], year, 4, {"catatan": "Revisi unit dihimpun."},
                           now=clk.later(35))
    workflow.review_unit(db, p["sekcam"], year, ret_code, "terima", now=clk.later(25))
    # the first draft lacks one penghambat; the Sekcam returns it for that
    demo_lkjip.seed_analyses(db, p, year, current, SASARAN, clk.t,
                             without=(("trantib", "penghambat"),))
    workflow.complete_step(db, p["pep"], year, 6, {"catatan": "Draft pertama."},
                           now=clk.later(150 if year % 2 else 110))
    workflow.review_draft(db, p["sekcam"], year, "kembalikan",
                          "Analisis faktor penghambat Bab III belum lengkap.", now=clk.later(70))
    demo_lkjip.seed_analyses(db, p, year, current, SASARAN, clk.later(45))
    workflow.complete_step(db, p["pep"], year, 6, {"catatan": "Bab III dilengkapi."},
                           now=clk.later(15))
    workflow.review_draft(db, p["sekcam"], year, "terima", now=clk.later(40))
    demo_lkjip.seed_reviu(db, p, year, current, clk.t)
    workflow.complete_step(db, p["sekcam"], year, 8, {
        "tanggal": clk.t.date(), "waktu": "09.00 WIB", "tempat": "Aula Kantor Camat Guguak",
        "pimpinan": p["camat"].name,
        "peserta": [u.name for u in p.values() if u.role != "admin"],
        "agenda": "Pembahasan draft LAKIP\nPenyempurnaan capaian kinerja",
        "keputusan": "Draft LAKIP disepakati dengan perbaikan redaksional\n"
                     "LAKIP diajukan kepada Camat untuk ditandatangani"},
        now=clk.later(100 if year % 2 else 85))
    workflow.complete_step(db, p["sekcam"], year, 9, {"tanggal": clk.t.date()},
                           now=clk.later(15))
    workflow.approve(db, p["camat"], year, now=clk.later(30 if year % 2 else 18))
    workflow.complete_step(db, p["jf"], year, 11, {
        "kepada": "Bupati Lima Puluh Kota c.q. Kepala Bagian Organisasi Setdakab",
        "tanggal": clk.t.date(), "lampiran": "1 (satu) eksemplar LAKIP"}, now=clk.later(12))
    workflow.complete_step(db, p["jf"], year, 12, {"eksemplar": 4}, now=clk.later(75))
    workflow.complete_step(db, p["jf"], year, 13, {
        "kepada": "Bagian Organisasi Setdakab Lima Puluh Kota", "tanggal": clk.t.date(),
        "cara": "Diantar langsung", "diterima_oleh": "Sri Wahyuni, S.AP", "eksemplar": 2},
        now=clk.later(110 if year % 2 else 80))


def _shift(real: dict, current: int) -> dict:
    """The table's 2024/2025/2026 values mapped onto current-2, current-1, current."""
    return {current - 2 + i: real[2024 + i] for i in range(3)}


def _fill_unit(db, p, year, current, code, now) -> None:
    """The unit head types the year's realisasi (again, unchanged, after a return)."""
    from lib.format import store, unit_form

    rows = store.list_rows(db, year, code)
    by_name = {r["indikator"]: r for r in rows}
    edits = {}
    for unit, indikator, satuan, pol, target, real, program, sumber, iku, renstra in INDICATORS:
        if unit != code:
            continue
        value = _shift(real, current)[year]
        row = by_name[indikator]
        if value is None:
            edits[row["id"]] = {"realisasi": "", "belum_berjalan": True, "sumber_data": sumber,
                                "ket": "Menunggu pengadaan pemindai"}
        else:
            edits[row["id"]] = {"realisasi": value, "belum_berjalan": False,
                                "sumber_data": sumber, "ket": ""}
    unit_form.save_unit_form(db, p[code], year, code, edits, store.form_rev(db, year, code),
                             now=now)
