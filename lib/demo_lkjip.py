"""The demo office's LKjIP writing (issue #14), through the real services: a logo,
the narrative sections adapted to each year, one real analysis per sasaran and year
(2026: two sasaran still without one, for the journey to fill), the signed PK's scan
and the Inspektorat's reviu of the two finished years.

Called by ``lib.demo`` while it seeds each year.
"""
from __future__ import annotations

import io

from lib import narrative_defaults, narratives, office
from lib.lkjip import analyses, reviu
from lib.planning import pk, pk_paper

# the year's offset from the current one -> unit code -> (pendukung, penghambat, upaya)
ANALYSES: dict[int, dict[str, tuple[str, str, str]]] = {
    -2: {
        "pem": ("Pendampingan rutin oleh Seksi Pemerintahan ke lima nagari setiap bulan dan "
                "tersedianya format register administrasi yang seragam.",
                "Dua wali nagari baru dilantik pada triwulan III sehingga tertib administrasi "
                "belum merata; penilaian evaluasi pemerintahan kecamatan masih B.",
                "Bimbingan teknis administrasi pemerintahan bagi sekretaris nagari pada awal "
                "tahun berikutnya dan pemeriksaan register setiap triwulan."),
        "pmd": ("Musrenbang kecamatan dihadiri seluruh unsur nagari dan usulan disusun "
                "berdasarkan data profil nagari.",
                "Pagu indikatif kecamatan terbatas sehingga hanya 31% usulan terakomodir "
                "dalam RKPD; dua kelompok binaan belum aktif.",
                "Menyusun prioritas usulan bersama Bappeda sebelum forum perangkat daerah dan "
                "mengaktifkan kembali kelompok binaan melalui pendamping nagari."),
        "kesos": ("Pemutakhiran DTKS bersama operator nagari dan koordinasi dengan Dinas Sosial "
                  "berjalan baik.",
                  "Jumlah balita stunting 61 orang masih jauh di atas target 45 orang karena "
                  "rendahnya kunjungan posyandu di dua nagari.",
                  "Gerakan posyandu aktif bersama puskesmas dan pemberian makanan tambahan "
                  "berbasis pangan lokal di nagari dengan kasus tertinggi."),
        "trantib": ("Patroli gabungan Satpol PP kecamatan dan linmas nagari setiap akhir pekan.",
                    "Kejadian gangguan trantibum 15 kejadian melebihi target karena keramaian "
                    "pesta nagari; 10% pelanggaran perda belum ditindaklanjuti.",
                    "Menambah jadwal patroli pada musim pesta nagari dan menyusun prosedur "
                    "tindak lanjut pelanggaran perda bersama Satpol PP kabupaten."),
        "pelayanan": ("Layanan PATEN dengan standar pelayanan yang dipublikasikan di papan "
                      "informasi dan loket.",
                      "IKM 79,8 belum mencapai 82 karena waktu tunggu layanan kependudukan; "
                      "pengaduan 26 kasus terutama soal jaringan SIAK.",
                      "Menambah petugas loket pada jam sibuk dan mengajukan perbaikan jaringan "
                      "SIAK kepada Dinas Dukcapil."),
        "umum": ("Laporan keuangan dan kinerja disusun tepat waktu dengan pendampingan "
                 "Inspektorat.",
                 "Nilai SAKIP masih B dan realisasi anggaran 88,6% karena keterlambatan "
                 "pengadaan; digitalisasi arsip baru 350 berkas.",
                 "Menyusun rencana pengadaan sejak Januari dan menindaklanjuti rekomendasi "
                 "evaluasi SAKIP; menambah jam kerja pemindaian arsip."),
    },
    -1: {
        "pem": ("Tindak lanjut bimbingan teknis tahun lalu: sekretaris nagari memakai register "
                "elektronik dan pembinaan dua belas kali terlaksana penuh.",
                "Nilai evaluasi penyelenggaraan pemerintahan kecamatan tetap B karena dokumen "
                "pendukung LPPD terlambat dari dua nagari.",
                "Menetapkan jadwal pengumpulan dokumen LPPD nagari paling lambat Januari dan "
                "menunjuk petugas pemeriksa kelengkapan di kecamatan."),
        "pmd": ("Usulan musrenbang disusun bersama Bappeda sebelum forum perangkat daerah, "
                "sehingga yang terakomodir naik dari 31% menjadi 36,5%.",
                "Kelompok masyarakat binaan bertambah dua tetapi belum mencapai 24 kelompok; "
                "realisasi fisik dana nagari 98% karena cuaca pada triwulan IV.",
                "Menambah pendamping kelompok dari tenaga ahli nagari dan memajukan jadwal "
                "kegiatan fisik dana nagari ke triwulan II dan III."),
        "kesos": ("Gerakan posyandu aktif menurunkan balita stunting dari 61 menjadi 55 orang; "
                  "fasilitasi bantuan sosial naik menjadi 1.125 orang.",
                  "Data PMKS dari Dinas Sosial berbeda dengan data nagari sehingga penanganan "
                  "baru 74%; stunting masih di atas target 45 orang.",
                  "Verifikasi bersama data PMKS setiap semester dan kelas ibu balita di nagari "
                  "dengan prevalensi tertinggi."),
        "trantib": ("Kejadian gangguan trantibum turun menjadi 11 kejadian dan seluruh "
                    "pelanggaran perda ditindaklanjuti.",
                    "Pelatihan linmas hanya sekali dari dua yang direncanakan karena "
                    "pemotongan anggaran pada APBD Perubahan.",
                    "Mengusulkan pelatihan linmas dalam DPA murni dan memanfaatkan pelatihan "
                    "bersama BPBD kabupaten tanpa biaya tambahan."),
        "pelayanan": ("Penambahan petugas loket pada jam sibuk menaikkan layanan PATEN tepat "
                      "waktu menjadi 93% dan menurunkan pengaduan menjadi 18.",
                      "IKM 81,2 masih sedikit di bawah target 82 karena ruang tunggu yang "
                      "sempit.",
                      "Menata ulang ruang pelayanan dan menambah kursi tunggu dari anggaran "
                      "pemeliharaan gedung."),
        "umum": ("Rencana pengadaan disusun sejak Januari sehingga realisasi anggaran naik "
                 "menjadi 93,2% dan nilai SAKIP naik menjadi BB.",
                 "Peningkatan kompetensi ASN baru 55% karena kuota diklat kabupaten terbatas; "
                 "digitalisasi arsip 420 dari 500 berkas.",
                 "Memanfaatkan pelatihan daring LAN dan e-learning BKPSDM serta melanjutkan "
                 "pemindaian arsip oleh tenaga pendukung."),
    },
    0: {
        "pem": ("Register elektronik nagari berjalan di kelima nagari; pembinaan administrasi "
                "terlaksana dua belas kali.",
                "Nilai evaluasi penyelenggaraan pemerintahan masih B, belum BB, karena "
                "kelengkapan data LPPD satu nagari.",
                "Pemeriksaan kelengkapan LPPD nagari setiap triwulan oleh Seksi Pemerintahan."),
        "pmd": ("Kelompok binaan mencapai 26 kelompok, melampaui target, dengan pendamping "
                "dari tenaga ahli nagari.",
                "Usulan musrenbang yang terakomodir turun menjadi 35,5% karena pergeseran "
                "prioritas RKPD ke infrastruktur jalan kabupaten.",
                "Menyelaraskan usulan kecamatan dengan prioritas RKPD sejak pra-musrenbang."),
        "trantib": ("Kejadian gangguan trantibum turun lagi menjadi 9 kejadian berkat patroli "
                    "terjadwal.",
                    "Pelatihan linmas belum terlaksana sama sekali karena anggaran pelatihan "
                    "dialihkan ke penanganan bencana.",
                    "Pelatihan linmas bersama BPBD dijadwalkan pada triwulan I tahun depan."),
        "umum": ("Peningkatan kompetensi ASN 62,5% melampaui target berkat pelatihan daring.",
                 "Realisasi anggaran 91,4% karena sisa tender pengadaan; digitalisasi arsip "
                 "belum berjalan menunggu pengadaan pemindai.",
                 "Mempercepat pengadaan pemindai dan mengalihkan sisa tender ke kegiatan "
                 "prioritas pada APBD Perubahan."),
    },
}
# what each narrative section adds to the default text, per year ({tahun} filled)
NARRATIVE_NOTES = {
    "kata_pengantar": "Laporan Tahun {tahun} ini juga memuat tindak lanjut atas rekomendasi "
                      "hasil evaluasi SAKIP tahun sebelumnya.",
    "ikhtisar": "Pada Tahun {tahun} Kecamatan Guguak mengukur 20 indikator kinerja dari enam "
                "sasaran strategis Perjanjian Kinerja.",
    "bab1_gambaran_umum": "Wilayah Kecamatan Guguak seluas 106,2 km\u00b2 terdiri atas lima "
                          "nagari dengan 25.763 penduduk.",
    "bab1_struktur_organisasi": "Pada Tahun {tahun} seluruh jabatan struktural kecamatan "
                                "terisi definitif.",
    "bab1_tugas_fungsi": "Pelimpahan sebagian kewenangan Bupati kepada Camat Guguak "
                         "dilaksanakan melalui layanan PATEN.",
    "bab1_isu_strategis": "Pada Tahun {tahun} perhatian khusus diberikan pada penurunan "
                          "stunting dan tertib administrasi nagari.",
    "bab2_renstra": "Tahun {tahun} merupakan tahun ke-{ke} pelaksanaan Renstra Kecamatan "
                    "Guguak 2021\u20132026.",
    "bab4_kesimpulan": "Indikator yang belum mencapai target Tahun {tahun} beserta upaya "
                       "perbaikannya diuraikan per sasaran pada Bab III.",
    "bab4_saran": "5. Menindaklanjuti hasil reviu Inspektorat atas LKjIP Tahun {tahun}.",
}
WITHOUT_ANALYSIS_NOW = ("kesos", "pelayanan")   # 2026: the journey writes these two
REVIU = {
    -2: {"reviewer": "Yenni Marlina, S.E., Ak.", "nip": "197905122005012008",
         "result": "LKjIP telah disajikan sesuai PermenPANRB Nomor 53 Tahun 2014; data "
                   "capaian kinerja akurat, andal dan valid.",
         "notes": "Agar analisis penyebab stunting dilengkapi data per nagari."},
    -1: {"reviewer": "Yenni Marlina, S.E., Ak.", "nip": "197905122005012008",
         "result": "LKjIP telah disajikan sesuai PermenPANRB Nomor 53 Tahun 2014; data "
                   "capaian kinerja akurat, andal dan valid.",
         "notes": "Perbandingan dengan target akhir Renstra telah disajikan untuk setiap "
                  "indikator."},
}


def logo_png() -> bytes:
    """A plain demo emblem (a shield), drawn here: the demo ships no real coat of arms."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (120, 140), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    shield = [(10, 8), (110, 8), (110, 70), (60, 132), (10, 70)]
    d.polygon(shield, fill=(22, 110, 60), outline=(200, 160, 30))
    d.line(shield + [shield[0]], fill=(200, 160, 30), width=5)
    d.ellipse((38, 30, 82, 74), fill=(200, 160, 30))
    d.rectangle((56, 74, 64, 108), fill=(200, 160, 30))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def seed_logo(db, p, now) -> None:
    profile = office.get_profile(db)
    if profile.get("logo"):
        return
    values = {k: profile.get(k) or "" for k in office.PROFILE_FIELDS}
    office.update_profile(db, p["admin"], values, logo=logo_png(), now=now)


def seed_narratives(db, p, year: int, now) -> None:
    """Each narrative section: the default text with a sentence of the year's own."""
    profile = office.get_profile(db)
    kw = dict(kecamatan=profile.get("kecamatan") or "", kabupaten=profile.get("pemerintah") or "",
              year=year, title=office.get_setting(db, "report_title") or "LKjIP")
    texts, expected = {}, {}
    for t in narratives.sections(db, year):
        if t.stored:
            continue
        note = NARRATIVE_NOTES[t.section].format(tahun=year, ke=year - 2020)
        texts[t.section] = narrative_defaults.default_text(t.section, **kw) + "\n\n" + note
        expected[t.section] = 0
    if texts:
        narratives.save(db, p["pep"], year, texts, expected, now=now)


def _sasaran_ids(db, year: int, sasaran: dict[str, str]) -> dict[str, int]:
    out = {}
    for code, text in sasaran.items():
        row = db.execute("SELECT sasaran_id FROM indicators WHERE year = ? AND sasaran = ? AND "
                         "sasaran_id IS NOT NULL LIMIT 1", [year, text]).fetchone()
        if row:
            out[code] = row[0]
    return out


def seed_analyses(db, p, year: int, current: int, sasaran: dict[str, str], now, *,
                  without: tuple[str, ...] = ()) -> None:
    """The year's analyses; fields named in ``without`` as (code, field) are left out."""
    texts = ANALYSES.get(year - current, {})
    for code, sid in _sasaran_ids(db, year, sasaran).items():
        if code not in texts:
            continue
        pendukung, penghambat, upaya = texts[code]
        values = {"pendukung": pendukung, "penghambat": penghambat, "upaya": upaya}
        for c, f in without:
            if c == code:
                values.pop(f, None)
        analyses.save(db, p["pep"], year, sid, values, now=now)


def seed_pk_scan(db, p, year: int, now) -> None:
    """The signed PK in force, scanned back in (here: its own paper)."""
    v = pk.in_force(db, year)
    if v is None or pk.list_scans(db, year, v.versi):
        return
    data, _, _ = pk_paper.render(db, year, v.versi, creation_date=now)
    pk.upload_scan(db, p["sekcam"], year, v.versi, data, f"pk-{year}-ttd.pdf", now=now)


def seed_reviu(db, p, year: int, current: int, when) -> None:
    values = REVIU.get(year - current)
    if values is None or reviu.current(db, year) is not None:
        return
    reviu.record(db, p["sekcam"], year, values | {"reviewed_on": when.date()}, now=when)
