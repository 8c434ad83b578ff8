"""The demo office's planning facts, written through the real services: a Renstra
2021-2026 with visi/misi/tujuan and its sasaran, indicator cards with formula and
source, the two years before Perkin typed on the cards, the year's programmes by
identity (the trantib programme, spelt "Program Ketentraman dan Ketertiban Umum"
on the forms and "Program Koordinasi Ketentraman dan Ketertiban Umum" in the
budget, resolved to one programme), the SDM tables, the profile facts, and the
PK of each year - the one of the year before the current revised once after the
APBD-Perubahan, both versions kept.

Called by ``lib.demo`` while it seeds each year (after the master, before the
cycle starts).
"""
from __future__ import annotations

import datetime as dt

from lib import clock
from lib.spelling import format_number
from lib.numbers import parse_value
from lib.planning import cards, facts, limits, pk, programs, renstra

RENSTRA = {
    "start_year": 2021, "end_year": 2026,
    "nomor": "Keputusan Camat Guguak Nomor 050/12/CGG/2021 tentang Rencana Strategis "
             "Kecamatan Guguak Tahun 2021-2026",
    "visi": "Terwujudnya pelayanan pemerintahan kecamatan yang prima menuju masyarakat Guguak "
            "yang sejahtera, beradat dan berdaya saing",
    "misi": ["Meningkatkan kualitas penyelenggaraan pemerintahan dan pelayanan publik",
             "Mendorong partisipasi dan pemberdayaan masyarakat dalam pembangunan nagari",
             "Mewujudkan ketentraman, ketertiban umum dan kesejahteraan sosial masyarakat",
             "Meningkatkan akuntabilitas kinerja dan tata kelola keuangan kecamatan"],
    "tujuan": ["Meningkatnya kinerja penyelenggaraan pemerintahan kecamatan",
               "Meningkatnya keberdayaan masyarakat dan kualitas hidup warga",
               "Meningkatnya akuntabilitas aparatur kecamatan"],
}

# the year's programmes: code, name, pagu (the budget's pagu, as lib.demo.BUDGET)
PROGRAMS = [
    ("7.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 2_450_000_000),
    ("7.01.02", "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik", 385_000_000),
    ("7.01.03", "Program Pemberdayaan Masyarakat Desa dan Kelurahan", 212_500_000),
    ("7.01.04", "Program Koordinasi Ketentraman dan Ketertiban Umum", 96_750_000),
]
# the year before the current: the DPA murni was higher; the APBD-Perubahan cut these
# two programmes to the pagu above (PK version 2)
BEFORE_CUT = {"7.01.01": 2_575_000_000, "7.01.03": 230_000_000}
# the column-6 texts of the demo forms -> the programme they belong to
ROW_PROGRAM = {
    "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik": "7.01.02",
    "Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan": "7.01.02",
    "Penyelenggaraan Pelayanan Administrasi Terpadu Kecamatan": "7.01.02",
    "Fasilitasi Pengelolaan Keuangan Nagari": "7.01.03",
    "Program Pemberdayaan Masyarakat Desa dan Kelurahan": "7.01.03",
    "Pemberdayaan Lembaga Kemasyarakatan": "7.01.03",
    "Koordinasi Kegiatan Kesejahteraan Sosial": "7.01.03",
    "Program Ketentraman dan Ketertiban Umum": "7.01.04",     # the other spelling
    "Koordinasi Penerapan dan Penegakan Perda": "7.01.04",
    "Program Penunjang Urusan Pemerintahan Daerah": "7.01.01",
    "Administrasi Kepegawaian Perangkat Daerah": "7.01.01",
    "Administrasi Umum Perangkat Daerah": "7.01.01",
}
# indicator -> (definisi, formula, standar jenis, standar nilai, standar sumber)
CARD_DETAILS = {
    "Persentase nagari yang tertib administrasi pemerintahan": (
        "Nagari yang menyelenggarakan administrasi pemerintahan (buku register, peraturan "
        "nagari, laporan) sesuai ketentuan, dibanding seluruh nagari di kecamatan.",
        "Jumlah nagari tertib administrasi / jumlah nagari x 100%", "", "", ""),
    "Indeks kepuasan masyarakat (IKM)": (
        "Nilai survei kepuasan masyarakat atas layanan kecamatan (sembilan unsur pelayanan).",
        "Rata-rata tertimbang nilai sembilan unsur x 25", "nasional", "76,61",
        "PermenPANRB Nomor 14 Tahun 2017 (mutu pelayanan B: 76,61-88,30)"),
    "Jumlah balita stunting": (
        "Balita dengan tinggi badan menurut umur di bawah -2 SD standar WHO di wilayah "
        "kecamatan, hasil pengukuran e-PPGBM.",
        "Jumlah balita stunting hasil pengukuran bulan timbang Agustus", "provinsi", "14%",
        "RPJMD Provinsi Sumatera Barat 2021-2026 (target prevalensi stunting)"),
    "Nilai SAKIP kecamatan": (
        "Predikat hasil evaluasi SAKIP kecamatan oleh Inspektorat Daerah.",
        "Nilai LKE evaluasi SAKIP (PermenPANRB 88/2021)", "", "", ""),
    "Persentase realisasi anggaran": (
        "Realisasi belanja kecamatan dibanding pagu anggaran setelah perubahan.",
        "Realisasi belanja / pagu anggaran x 100%", "", "", ""),
    "Jumlah kejadian gangguan ketentraman dan ketertiban umum": (
        "Kejadian gangguan trantibum yang dilaporkan dan ditangani di wilayah kecamatan.",
        "Jumlah kejadian tercatat dalam register Satpol PP kecamatan", "", "", ""),
    "Persentase usulan musrenbang nagari yang terakomodir": (
        "Usulan musrenbang kecamatan yang masuk dalam RKPD kabupaten.",
        "Usulan terakomodir di RKPD / usulan musrenbang kecamatan x 100%", "", "", ""),
    "Jumlah penduduk miskin yang difasilitasi bantuan sosial": (
        "Penduduk miskin dalam DTKS yang difasilitasi kecamatan menerima bantuan sosial.",
        "Jumlah penerima bantuan hasil fasilitasi kecamatan", "", "", ""),
}
FACTS = {
    "kepala_daerah_nama": "H. SYAFRIZAL DT. RAJO MUDO, S.H., M.M.",   # demo name
    "kepala_daerah_jabatan": "Bupati Lima Puluh Kota",
    "luas_wilayah": 106.2, "jumlah_nagari": 5, "jumlah_desa": 0, "jumlah_kelurahan": 0,
    "jumlah_penduduk": 25_763, "penduduk_tahun": 2025,
    "dasar_hukum": [
        "Peraturan Daerah Kabupaten Lima Puluh Kota tentang Pembentukan dan Susunan Perangkat "
        "Daerah",
        "Peraturan Bupati Lima Puluh Kota tentang Kedudukan, Susunan Organisasi, Tugas dan "
        "Fungsi, serta Tata Kerja Kecamatan",
        "Keputusan Camat Guguak tentang Rencana Strategis Kecamatan Guguak Tahun 2021-2026",
    ],
}
SDM = {"golongan": {"I": 0, "II": 5, "III": 14, "IV": 3},
       "pendidikan": {"SD": 0, "SMP": 1, "SMA/SMK": 4, "D-I/D-II/D-III": 2, "D-IV/S1": 12,
                      "S2": 3, "S3": 0}}


def _at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 0, tzinfo=clock.TZ)


def _earlier(value: str, factor: float) -> str:
    """A plausible earlier-year value of a typed realisasi (demo only)."""
    v = parse_value(value)
    if v.kind in ("number", "percent") and v.value is not None:
        n = v.value * factor
        text = format_number(round(n, 1) if v.kind == "percent" or n < 100 else round(n))
        return text + ("%" if v.kind == "percent" else (f" {v.satuan}" if v.satuan else ""))
    if v.kind == "grade":
        return "CC" if factor < 0.93 else "B"
    return value


def seed_office(db, p, sasaran: dict[str, str], now) -> None:
    """Profile facts and the Renstra (once); ``sasaran`` {unit code: sasaran text}."""
    if facts.get_facts(db).rev == 0:
        facts.save_facts(db, p["admin"], FACTS, now=now)
    if not renstra.list_periods(db):
        pid = renstra.save_period(db, p["sekcam"], RENSTRA, now=now)
        for i, code in enumerate(("pem", "pmd", "kesos", "trantib", "pelayanan", "umum"), 1):
            renstra.save_sasaran(db, p["sekcam"], pid, {"kode": f"SS{i}",
                                                        "text": sasaran[code]}, now=now)


def seed_year(db, p, year: int, current: int, indicators, sasaran: dict[str, str],
              now) -> None:
    """After the master of ``year`` is in: programmes linked by identity, sasaran
    and cards linked, card details and earlier years, SDM, and the PK versions."""
    seed_office(db, p, sasaran, now)
    revised = year == current - 1
    ids = {}
    for code, name, pagu in PROGRAMS:
        if revised:
            pagu = BEFORE_CUT.get(code, pagu)
        ids[code] = programs.save_program(db, p["sekcam"], year,
                                          {"code": code, "name": name, "pagu": pagu}, now=now)
    for row in db.query("SELECT id, program FROM indicators WHERE year = ? ORDER BY id", [year]):
        code = ROW_PROGRAM.get(row["program"])
        if code is not None:
            programs.link_indicator_row(db, p["sekcam"], row["id"], ids[code], now=now)
    if renstra.period_for_year(db, year) is not None:
        renstra.link_year(db, p["sekcam"], year, now=now)
    cards.carry_from_last_year(db, p["sekcam"], year, now=now)
    for c in cards.list_cards(db, year):
        detail = CARD_DETAILS.get(c.indikator)
        if c.rev > 1 or detail is None:
            continue
        definisi, formula, jenis, nilai, sumber = detail
        period = renstra.period_for_year(db, year)
        sid = db.execute("SELECT sasaran_id FROM indicators WHERE card_id = ? AND year = ?",
                         [c.id, year]).fetchone()[0]
        cards.save_card(db, p["sekcam"], c.id, {
            "definisi": definisi, "formula": formula, "satuan": c.satuan,
            "polarity": c.polarity, "sumber_data": c.sumber_data, "is_iku": c.is_iku,
            "target_akhir": c.target_akhir,
            "target_akhir_tahun": period.end_year if (period and c.target_akhir) else None,
            "standar_jenis": jenis, "standar_nilai": nilai, "standar_sumber": sumber,
            "sasaran_id": sid, "unit": c.unit_code}, now=now)
    if year == current - 2:   # the two years before Perkin, typed on the cards
        first = {ind: (target, real) for (_, ind, _, _, target, real, *_rest) in indicators}
        for c in cards.list_cards(db, year):
            target, real = first.get(c.indikator, ("", {}))
            base = next(iter(real.values()), "") or target
            for back, factor in ((2, 0.9), (1, 0.95)):
                y = year - back
                if not any(h["year"] == y for h in cards.history(db, c.id)):
                    cards.set_year(db, p["sekcam"], c.id, y, target, _earlier(base, factor),
                                   now=now)
    facts.save_sdm(db, p["umum"], year, SDM, now=now)
    if pk.in_force(db, year) is None:
        pk.create_first(db, p["sekcam"], year, _at(year, 1, 31).date(),
                        keterangan="", now=now)
        if revised:
            final = {code: pagu for code, _, pagu in PROGRAMS}
            pk.revise(db, p["sekcam"], year, alasan="program_anggaran",
                      tanggal=_at(year, 10, 14).date(),
                      anggaran={ids[c]: final[c] for c in BEFORE_CUT},
                      keterangan=f"Penyesuaian anggaran program setelah penetapan APBD "
                                 f"Perubahan Tahun {year}.", now=now)


def link_budget(db, p, year: int, now) -> None:
    """Budget rows of the year point at their programme (text equal to its name)."""
    by_key = {limits.key(x.name): x.id for x in programs.list_programs(db, year)}
    for r in db.query("SELECT id, program FROM budget WHERE year = ? AND program_id IS NULL",
                      [year]):
        pid = by_key.get(limits.key(r["program"]))
        if pid is not None:
            programs.link_budget_row(db, p["umum"], r["id"], pid, now=now)
