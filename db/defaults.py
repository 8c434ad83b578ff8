"""Default data seeded from shared/DOMAIN.md. Everything here is editable by
the administrator afterwards; nothing in pages or lib repeats these values.
"""
from __future__ import annotations

ROLES = {
    "camat": "Camat",
    "sekcam": "Sekretaris Camat",
    "kasi_kasubbag": "Kasi/Kasubbag",
    "jf": "Jabatan Fungsional",
    "admin": "Administrator",
}

# (code, name, head title, supplies data)
UNITS = [
    ("pem", "Seksi Pemerintahan", "Kasi Pemerintahan", True),
    ("pmd", "Seksi Pembangunan dan Pemberdayaan Masyarakat",
     "Kasi Pembangunan dan Pemberdayaan Masyarakat", True),
    ("kesos", "Seksi Kesejahteraan Sosial", "Kasi Kesejahteraan Sosial", True),
    ("trantib", "Seksi Ketentraman dan Ketertiban Umum",
     "Kasi Ketentraman dan Ketertiban Umum", True),
    ("pelayanan", "Seksi Pelayanan Publik", "Kasi Pelayanan Publik", True),
    ("umum", "Subbag Umum, Kepegawaian, Keuangan dan Aset",
     "Kasubbag Umum, Kepegawaian, Keuangan dan Aset", True),
    ("pep", "Subbag Perencanaan, Evaluasi dan Pelaporan",
     "Kasubbag Perencanaan, Evaluasi dan Pelaporan", False),
]

PROFILE = {
    "pemerintah": "Pemerintah Kabupaten Lima Puluh Kota",
    "kecamatan": "Kecamatan Guguak",
    "alamat": "Jl. Raya Payakumbuh - Suliki, Guguak",
    "telepon": "",
    "email": "",
    "kode_pos": "26253",
    "kode_surat": "CGG",
    "ibukota": "Guguak",
}

# weekday 0 = Monday: (start, end, break_start, break_end); None = closed
OFFICE_HOURS = {
    0: ("07:30", "16:00", "12:00", "13:00"),
    1: ("07:30", "16:00", "12:00", "13:00"),
    2: ("07:30", "16:00", "12:00", "13:00"),
    3: ("07:30", "16:00", "12:00", "13:00"),
    4: ("07:30", "16:30", "11:30", "13:00"),
    5: None,
    6: None,
}

SETTINGS = {
    "report_title": "LKjIP",          # or "LAKIP" (the pre-2014 name; offices from before keep it)
    "lkjip_label_set": "standar",     # or "permendagri86" (lib.lkjip.labels)
    "reviu_required": False,          # the Camat approves only after the APIP reviu is recorded
    "paper": "F4",                    # or "A4"; offices from before F4 was the default keep A4
    "margins": {"left": 3.0, "right": 2.0, "top": 2.0, "bottom": 2.5},   # cm, each 1-5
    "tembusan_nota_dinas": [],        # printed in the nota dinas header; none when empty
    "capaian_cap": False,             # cap at 100 % for averages
    "session_expiry_days": 1,         # absolute session length, 1-30 days
    "session_idle_hours": 8,          # a session unused this long ends
    "letter_pattern": "{klasifikasi}/{nomor}/{kode}/{bulan_romawi}/{tahun}",
    "klasifikasi": {
        "nota-dinas": "000.1.5",
        "surat-pengantar": "000.1.5",
        "sop": "900",
    },
    "timezone": "Asia/Jakarta",
}

SOP_HEADER = {
    "nomor_sop": "900/ /CGG/I/2023",
    "tgl_pembuatan": "Januari 2023",
    "tgl_revisi": "",
    "tgl_efektif": "Januari 2023",
    "disahkan_oleh": "Drs. MUFTIL WAHYUDI, NIP. 19731107 199303 1 002",
    "nama_sop": "PERENCANAAN KINERJA",
    "dasar_hukum": [
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah (SAKIP)",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik "
        "Indonesia Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, "
        "Pelaporan Kinerja dan Tata Cara Reviu Atas Laporan Kinerja Instansi Pemerintah",
        "Peraturan Bupati Lima Puluh Kota Nomor 72 Tahun 2016 tentang Kedudukan, Susunan "
        "Organisasi, Tugas dan Fungsi, Serta Tata Kerja Kecamatan",
    ],
    "kualifikasi": [
        "Memahami tentang teknis pengumpulan data kinerja",
        "Memiliki kemampuan dalam penyusunan data kinerja",
        "Memiliki kemampuan mengoperasikan komputer",
    ],
    "keterkaitan": [
        "SOP Penyusunan Laporan Kinerja Individu",
        "SOP Laporan Rencana Aksi",
        "SOP Penyusunan LKj",
        "SOP Perencanaan",
    ],
    "peralatan": [
        "Dokumen Renstra",
        "Dokumen Perjanjian Kinerja, RKT, DPA",
        "Dokumen Rencana Aksi, IKI",
        "Perangkat Pengolah Data/Komputer",
        "ATK",
    ],
    "peringatan": "Apabila kegiatan belum berjalan maka pelaksanaan pengumpulan data "
                  "belum dapat dilakukan.",
    "pencatatan": "Dokumen data kinerja Kecamatan Guguak.",
}

# no, kegiatan, actor_role, actor_unit, kelengkapan, minutes, output, return_to, per_unit
SOP_STEPS = [
    (1, "Memerintahkan penyusunan LAKIP", "camat", None, "Nota dinas", 5, "Dokumen", None, False),
    (2, "Mengumpulkan Kasi dan Kasubag serta menyampaikan format pengumpulan data dan "
        "informasi kinerja", "sekcam", None, "Dokumen", 60, "Dokumen", None, False),
    (3, "Mengisi formulir pengumpulan perencanaan kinerja dan menyediakan pendukungnya",
     "kasi_kasubbag", None, "Dokumen", 120, "Dokumen", None, True),
    (4, "Menghimpun format data dan informasi kinerja dari Kasi dan Kasubbag", "jf", None,
     "Dokumen", 120, "Dokumen", None, False),
    (5, "Menganalisis dan mengevaluasi data dan informasi kinerja yang terkumpul; jika kurang "
        "benar/sesuai maka data dikembalikan untuk direvisi", "sekcam", None, "Dokumen", 60,
     "Dokumen", 3, False),
    (6, "Membuat draft LAKIP", "kasi_kasubbag", "pep", "Dokumen", 120, "Dokumen", None, False),
    (7, "Mengoreksi draft LAKIP; jika kurang benar maka draft LAKIP dikembalikan untuk "
        "direvisi", "sekcam", None, "Dokumen", 60, "Dokumen", 6, False),
    (8, "Rapat finalisasi LAKIP", "sekcam", None, "Dokumen", 90, "Dokumen", None, False),
    (9, "Menyampaikan dokumen LAKIP kepada Kepala Kantor untuk persetujuan", "sekcam", None,
     "Dokumen", 10, "Dokumen", None, False),
    (10, "Penandatanganan dokumen LAKIP oleh Kepala Kantor", "camat", None, "Dokumen", 20,
     "Dokumen", 6, False),
    (11, "Pembuatan surat pengantar pengiriman sekaligus penomoran", "jf", None, "Dokumen", 10,
     "Dokumen", None, False),
    (12, "Penggandaan dokumen LAKIP", "jf", None, "Dokumen", 60, "Dokumen", None, False),
    (13, "Pengiriman dokumen LAKIP", "jf", None, "Dokumen", 90, "Dokumen", None, False),
]

# The kind of each default step: what the app asks for to complete it (lib.sop.KINDS).
STEP_KINDS = {1: "perintah", 2: "rapat_koordinasi", 3: "isi_format", 4: "himpun", 5: "periksa_unit",
              6: "draft", 7: "koreksi_draft", 8: "rapat_finalisasi", 9: "serah", 10: "persetujuan",
              11: "surat_pengantar", 12: "penggandaan", 13: "pengiriman"}

# What completes each step (DOMAIN.md §4), shown to the actor.
KELENGKAPAN_HELP = {
    1: "Nota dinas (nomor dan tanggal)",
    2: "Rapat koordinasi (tanggal, peserta) dan format kosong diserahkan ke unit",
    3: "Format unit yang dikirim (beserta bukti pendukung)",
    4: "Rekapitulasi format seluruh unit",
    5: "Keputusan per unit (diterima atau dikembalikan)",
    6: "Draft LAKIP",
    7: "Keputusan koreksi draft",
    8: "Notulen dan daftar hadir rapat finalisasi",
    9: "LAKIP diserahkan kepada Camat",
    10: "Persetujuan Camat",
    11: "Surat pengantar bernomor",
    12: "Jumlah eksemplar penggandaan",
    13: "Catatan pengiriman",
}
