"""Editable narrative sections of the LAKIP / LKjIP and their default texts.

The report writer (Kasubbag PEP) edits these texts for each cycle; the
defaults below are what a new cycle starts with. Templates may use the
placeholders ``{kecamatan}`` ("Guguak", without the word "Kecamatan"),
``{kabupaten}`` ("Lima Puluh Kota"), ``{tahun}`` (the report year) and
``{judul}`` ("LAKIP" or "LKjIP"). Paragraphs are separated by a blank line.
"""
from __future__ import annotations

import re

PLACEHOLDERS = ("kecamatan", "kabupaten", "tahun", "judul")

_KATA_PENGANTAR = """\
Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat dan karunia-Nya Laporan Kinerja Instansi Pemerintah ({judul}) Kecamatan {kecamatan} Tahun {tahun} dapat diselesaikan.

Laporan ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas pokok dan fungsi Kecamatan {kecamatan} dalam mencapai sasaran strategis yang telah ditetapkan dalam Rencana Strategis dan Perjanjian Kinerja Tahun {tahun}, sesuai dengan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah dan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014.

{judul} ini menyajikan capaian kinerja, analisis atas keberhasilan dan kendala yang dihadapi, serta upaya perbaikan yang akan dilakukan. Kami menyadari bahwa laporan ini masih memiliki kekurangan; oleh karena itu saran dan masukan yang membangun sangat kami harapkan untuk perbaikan di masa mendatang.

Semoga laporan ini bermanfaat sebagai bahan evaluasi dan peningkatan kinerja Kecamatan {kecamatan} Kabupaten {kabupaten}."""

_IKHTISAR = """\
Laporan Kinerja Instansi Pemerintah Kecamatan {kecamatan} Tahun {tahun} merupakan media pertanggungjawaban kinerja kepada Bupati {kabupaten} dan masyarakat atas pelaksanaan tugas dan fungsi kecamatan. Pengukuran kinerja dilakukan dengan membandingkan realisasi dengan target setiap indikator kinerja yang tercantum dalam Perjanjian Kinerja Tahun {tahun}.

Secara umum kinerja Kecamatan {kecamatan} pada Tahun {tahun} telah berjalan dengan baik. Indikator yang belum mencapai target akan menjadi perhatian dalam perencanaan tahun berikutnya melalui upaya perbaikan yang diuraikan pada Bab III."""

_GAMBARAN_UMUM = """\
Kecamatan {kecamatan} merupakan salah satu kecamatan di Kabupaten {kabupaten} yang dipimpin oleh seorang Camat. Kecamatan sebagai perangkat daerah menyelenggarakan urusan pemerintahan umum serta melaksanakan sebagian kewenangan yang dilimpahkan oleh Bupati untuk menangani sebagian urusan otonomi daerah.

Penyusunan {judul} Tahun {tahun} ini dimaksudkan sebagai bentuk pertanggungjawaban kinerja, sarana evaluasi atas pencapaian sasaran strategis, serta bahan perbaikan perencanaan dan pelaksanaan program dan kegiatan pada tahun berikutnya."""

_STRUKTUR = """\
Struktur organisasi Kecamatan {kecamatan} ditetapkan berdasarkan Peraturan Bupati {kabupaten} tentang Kedudukan, Susunan Organisasi, Tugas dan Fungsi, serta Tata Kerja Kecamatan, yang terdiri atas:

a. Camat;
b. Sekretaris Camat, yang membawahi Sub Bagian Umum, Kepegawaian, Keuangan dan Aset serta Sub Bagian Perencanaan, Evaluasi dan Pelaporan;
c. Seksi Pemerintahan;
d. Seksi Pembangunan dan Pemberdayaan Masyarakat;
e. Seksi Kesejahteraan Sosial;
f. Seksi Ketentraman dan Ketertiban Umum;
g. Seksi Pelayanan Publik; dan
h. Kelompok Jabatan Fungsional."""

_TUGAS_FUNGSI = """\
Camat mempunyai tugas membantu Bupati dalam penyelenggaraan urusan pemerintahan umum, mengoordinasikan kegiatan pemberdayaan masyarakat, upaya penyelenggaraan ketenteraman dan ketertiban umum, penerapan dan penegakan peraturan daerah dan peraturan kepala daerah, pemeliharaan prasarana dan sarana pelayanan umum, penyelenggaraan kegiatan pemerintahan di tingkat kecamatan, serta pembinaan dan pengawasan penyelenggaraan pemerintahan desa/nagari dan/atau kelurahan.

Dalam melaksanakan tugas tersebut, Camat menyelenggarakan fungsi perumusan kebijakan teknis, pelaksanaan pelayanan administrasi terpadu kecamatan, pengoordinasian kegiatan lintas sektor di wilayahnya, serta pelaksanaan tugas lain yang diberikan oleh Bupati sesuai dengan ketentuan peraturan perundang-undangan."""

_ISU_STRATEGIS = """\
Isu strategis yang dihadapi Kecamatan {kecamatan} pada Tahun {tahun} antara lain:

1. Peningkatan kualitas pelayanan administrasi kepada masyarakat;
2. Optimalisasi koordinasi penyelenggaraan pemerintahan dan pembangunan di wilayah kecamatan;
3. Peningkatan partisipasi dan pemberdayaan masyarakat dalam pembangunan;
4. Pemeliharaan ketenteraman dan ketertiban umum; dan
5. Peningkatan kapasitas aparatur serta ketersediaan sarana dan prasarana kantor."""

_RENSTRA = """\
Rencana Strategis (Renstra) Kecamatan {kecamatan} merupakan dokumen perencanaan lima tahunan yang memuat visi, misi, tujuan, sasaran strategis, strategi, dan kebijakan, serta program dan kegiatan yang selaras dengan Rencana Pembangunan Jangka Menengah Daerah Kabupaten {kabupaten}.

Sasaran strategis dan indikator kinerja dalam Renstra dijabarkan setiap tahun ke dalam Rencana Kinerja Tahunan dan Perjanjian Kinerja. Perjanjian Kinerja Tahun {tahun} ditandatangani oleh Camat sebagai komitmen untuk mencapai target kinerja yang telah ditetapkan, sebagaimana disajikan pada tabel berikut."""

_KESIMPULAN = """\
Berdasarkan hasil pengukuran kinerja, Kecamatan {kecamatan} pada Tahun {tahun} secara umum telah melaksanakan tugas dan fungsinya dengan baik sebagaimana tergambar dari capaian indikator kinerja yang disajikan pada Bab III.

Keberhasilan pencapaian kinerja didukung oleh komitmen pimpinan dan seluruh aparatur serta dukungan masyarakat. Indikator yang belum mencapai target disebabkan oleh kendala yang telah diidentifikasi dan akan ditindaklanjuti pada tahun berikutnya."""

_SARAN = """\
1. Meningkatkan kualitas perencanaan kinerja agar target yang ditetapkan realistis dan terukur;
2. Meningkatkan koordinasi antarseksi dan subbagian dalam pengumpulan data kinerja tepat waktu;
3. Melakukan pemantauan dan evaluasi capaian kinerja secara berkala setiap triwulan; dan
4. Meningkatkan kapasitas aparatur dalam penyusunan laporan kinerja."""

# (key, title shown in the report and the editor, default template), in report order.
SECTIONS: list[tuple[str, str, str]] = [
    ("kata_pengantar", "Kata Pengantar", _KATA_PENGANTAR),
    ("ikhtisar", "Ikhtisar Eksekutif", _IKHTISAR),
    ("bab1_gambaran_umum", "Gambaran Umum", _GAMBARAN_UMUM),
    ("bab1_struktur_organisasi", "Struktur Organisasi", _STRUKTUR),
    ("bab1_tugas_fungsi", "Tugas dan Fungsi", _TUGAS_FUNGSI),
    ("bab1_isu_strategis", "Isu Strategis", _ISU_STRATEGIS),
    ("bab2_renstra", "Rencana Strategis", _RENSTRA),
    ("bab4_kesimpulan", "Kesimpulan", _KESIMPULAN),
    ("bab4_saran", "Saran", _SARAN),
]

# Per-sasaran analysis in Bab III: (key, title, default template).
ANALYSIS_KEYS: list[tuple[str, str, str]] = [
    ("pendukung", "Faktor Pendukung",
     "Adanya komitmen pimpinan dan seluruh aparatur Kecamatan {kecamatan}, koordinasi yang baik "
     "dengan pemerintah nagari/desa, serta dukungan dan partisipasi masyarakat."),
    ("penghambat", "Faktor Penghambat",
     "Keterbatasan anggaran, sarana dan prasarana, serta jumlah dan kapasitas sumber daya "
     "aparatur yang belum sepenuhnya memadai."),
    ("upaya", "Upaya Perbaikan",
     "Meningkatkan koordinasi dan pemantauan pelaksanaan kegiatan secara berkala, mengusulkan "
     "dukungan anggaran yang memadai, serta meningkatkan kapasitas aparatur melalui bimbingan teknis."),
]

SECTION_KEYS = tuple(k for k, _, _ in SECTIONS)
_TITLES = {k: t for k, t, _ in SECTIONS} | {k: t for k, t, _ in ANALYSIS_KEYS}
_TEMPLATES = {k: d for k, _, d in SECTIONS} | {k: d for k, _, d in ANALYSIS_KEYS}


def section_title(key: str) -> str:
    return _TITLES[key]


def _strip_prefix(name: str, prefix: str) -> str:
    name = (name or "").strip()
    if name.lower().startswith(prefix.lower() + " "):
        return name[len(prefix) + 1:].strip()
    return name


_PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def fill(template: str, *, kecamatan: str, kabupaten: str, year: int | str, title: str = "LAKIP") -> str:
    """Fill the placeholders of a (possibly user-edited) template.

    ``kecamatan`` and ``kabupaten`` may be given with or without their prefix
    ("Kecamatan Guguak" or "Guguak"). Unknown ``{...}`` fields and stray braces
    are left as typed, so a user's text never raises.
    """
    values = {
        "kecamatan": _strip_prefix(kecamatan, "Kecamatan"),
        "kabupaten": _strip_prefix(_strip_prefix(kabupaten, "Pemerintah"), "Kabupaten"),
        "tahun": str(year),
        "judul": title or "LAKIP",
    }
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(1)], template or "")


def default_text(key: str, *, kecamatan: str, kabupaten: str, year: int | str, title: str = "LAKIP") -> str:
    """The default text of a narrative section or analysis key, placeholders filled."""
    return fill(_TEMPLATES[key], kecamatan=kecamatan, kabupaten=kabupaten, year=year, title=title)


def render_text(text: str, *, kecamatan: str, kabupaten: str, year: int | str, title: str = "LAKIP") -> str:
    """Fill placeholders in a user-edited text; never raises on odd braces."""
    return fill(text, kecamatan=kecamatan, kabupaten=kabupaten, year=year, title=title)
