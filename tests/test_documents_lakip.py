"""The LKjIP renderer (issue #14), read back with pypdf: every element of DOMAIN.md §10
from hand-made model data, with figures computed by hand in the comments."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from lib import narrative_defaults
from lib.documents.lakip import (band_text, capaian_text, efficiency, render_lakip,
                                 render_lakip_lists, render_lakip_with_toc, status_text)
from lib.documents.model import (DEFAULT_BANDS, Band, BudgetRow, LakipReport, OfficeFacts,
                                 OrgUnit, PkDocument, PkParty, PkProgramRow, PkTargetRow, Profile,
                                 RenstraSummary, Reviu, Row, SasaranAnalysis, SasaranSummary,
                                 Signer, YearValue)
from lib.lkjip import sentences

FIXED = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)

PROFILE = Profile(
    pemerintah="Pemerintah Kabupaten Lima Puluh Kota",
    kecamatan="Kecamatan Guguak",
    alamat="Jl. Raya Payakumbuh - Suliki KM 12, Guguak",
    telepon="(0752) 123456",
    email="kec.guguak@limapuluhkotakab.go.id",
    kode_pos="26253",
    ibukota="Guguak",
)
CAMAT = Signer(jabatan="Camat Guguak", name="Drs. MUFTIL WAHYUDI", pangkat="Pembina Tk. I (IV/b)",
               nip="19731107 199303 1 002")

S1 = "Meningkatnya kualitas pelayanan publik di Kecamatan Guguak"
S2 = "Meningkatnya partisipasi masyarakat dalam pembangunan"
IKM = "Indeks Kepuasan Masyarakat"
ADUAN = "Jumlah pengaduan masyarakat"


def _rows() -> list[Row]:
    return [
        # 72 / 84 = 85,714 %; 2025: 71,5 / 80 = 89,375 %; 2024: 70 / 80 = 87,5 %
        Row(1, S1, IKM, "84", "72", program="Program Penunjang Urusan Pemerintahan",
            sumber_data="Survei IKM", yang_membidangi="Seksi Pelayanan Publik", satuan="indeks",
            is_iku=True, capaian=72 / 84 * 100, predikat="Baik", renstra_target="88",
            renstra_target_tahun=2026, sasaran_id=11, program_id=1,
            formula="Nilai rata-rata unsur pelayanan x 25", standar_jenis="nasional",
            standar_nilai="76,61", standar_sumber="PermenPANRB 14/2017",
            earlier=(YearValue(2024, "80", "70", 87.5), YearValue(2025, "80", "71,5", 89.375))),
        Row(2, S1, "Persentase dokumen selesai tepat waktu \u2014 \u201ccepat\u201d \u00e9",
            "100%", "0%", satuan="%", capaian=0.0, predikat="Sangat Kurang", sasaran_id=11,
            program_id=1),
        # negative: (2 - 12/20) x 100 = 140 %; 2025: (2 - 15/20) x 100 = 125 %
        Row(3, S1, ADUAN, "20 kasus", "12 kasus", satuan="kasus", polarity="negatif",
            capaian=140.0, predikat="Sangat Baik", sasaran_id=11, is_iku=True,
            formula="Jumlah pengaduan tertulis dan daring", sumber_data="Buku register pengaduan",
            earlier=(YearValue(2025, "20 kasus", "15 kasus", 125.0),)),
        Row(4, S2, "Persentase nagari yang melaksanakan musrenbang", "100%", "110%",
            capaian=110.0, predikat="Sangat Baik", sasaran_id=12, program_id=2),
        Row(5, S2, "Jumlah kegiatan gotong royong", "12 kegiatan", "", status="belum_berjalan",
            sasaran_id=12),
        Row(6, S2, "Nilai evaluasi SAKIP", "BB", "12 dokumen", status="tidak_dapat_dihitung",
            predikat="Jenis nilai target dan realisasi berbeda", sasaran_id=12),
        Row(7, S2, "Predikat SAKIP kecamatan", "B", "BB", satuan="predikat", tercapai=True,
            sasaran_id=12),
    ]


PK = PkDocument(
    year=2026, versi=1, tanggal=dt.date(2026, 1, 20), alasan="Penetapan awal",
    pihak_pertama=PkParty("Camat Guguak", "Drs. MUFTIL WAHYUDI", "Pembina Tk. I (IV/b)",
                          "19731107 199303 1 002"),
    pihak_kedua=PkParty("Bupati Lima Puluh Kota", "H. SAFARUDDIN DT. BANDARO RAJO",
                        with_nip=False),
    unit_name="Kecamatan Guguak",
    targets=[PkTargetRow(S1, IKM, "indeks", "84"), PkTargetRow(S1, ADUAN, "kasus", "20 kasus"),
             PkTargetRow(S2, "Persentase nagari yang melaksanakan musrenbang", "%", "100%")],
    programs=[PkProgramRow("Program Penunjang Urusan Pemerintahan", 27_350_000, code="7.01.01"),
              PkProgramRow("Program Pemberdayaan Masyarakat", 10_000_000, code="7.01.03")])

REVIU = Reviu(reviewer="Yenni Marlina, S.E., Ak.", nip="19790512 200501 2 008",
              reviewed_on=dt.date(2027, 1, 28),
              result="LKjIP telah disajikan sesuai PermenPANRB Nomor 53 Tahun 2014")

_FILL = dict(kecamatan="Kecamatan Guguak", kabupaten="Pemerintah Kabupaten Lima Puluh Kota",
             year=2026, title="LKjIP")


def _texts(written: dict[str, str]) -> dict[str, str]:
    """Every section as the documents service hands it over: written or default, filled."""
    return {k: narrative_defaults.render_text(written[k], **_FILL) if k in written
            else narrative_defaults.default_text(k, **_FILL) for k in narrative_defaults.SECTION_KEYS}


S1_AVG = (72 / 84 * 100 + 0 + 140) / 3          # 75,238 -> Baik
ALL_AVG = (72 / 84 * 100 + 0 + 140 + 110) / 4   # 83,929


def make_report(*, draft: bool = True, rows: list[Row] | None = None, **kw) -> LakipReport:
    rows = _rows() if rows is None else rows
    base = dict(
        year=2026, profile=PROFILE, signer=CAMAT, rows=rows,
        summaries=[SasaranSummary(S1, S1_AVG, "Baik", 3, []),
                   SasaranSummary(S2, 110.0, "Sangat Baik", 1, [])],
        predicate_counts={"Sangat Baik": 2, "Baik": 1, "Cukup": 0, "Kurang": 0,
                          "Sangat Kurang": 1},
        average=ALL_AVG,
        narratives=_texts({"kata_pengantar": "Puji syukur atas selesainya {judul} Kecamatan "
                                             "{kecamatan} Tahun {tahun}."}),
        analyses={11: SasaranAnalysis(pendukung="Petugas loket sudah terlatih.",
                                      penghambat="Jaringan internet sering terputus.",
                                      upaya="Mengusulkan jaringan cadangan."),
                  12: SasaranAnalysis()},
        section_titles={k: narrative_defaults.section_title(k)
                        for k in narrative_defaults.SECTION_KEYS},
        budget=[BudgetRow("Program Penunjang Urusan Pemerintahan", 27_350_000, 25_000_000,
                          25_000_000 / 27_350_000 * 100, 95.0, program_id=1),
                BudgetRow("Program Pemberdayaan Masyarakat", 10_000_000, 9_000_000, 90.0, 80.0,
                          program_id=2)],
        draft=draft, verify_code=None if draft else "PK-7Q4M-2026",
        approved_at=None if draft else dt.datetime(2027, 2, 10, 10, 0),
        place_date=dt.date(2027, 2, 10),
        renstra=RenstraSummary(2021, 2026, "Keputusan Camat Guguak Nomor 050/12/CGG/2021",
                               "Guguak yang maju dan melayani", ("Meningkatkan pelayanan",),
                               ("Pelayanan prima",), (("SS1", S1), ("SS2", S2))),
        pk=PK, reviu=REVIU,
        legal_basis=("Peraturan Presiden Nomor 29 Tahun 2014 tentang SAKIP",
                     "Peraturan Bupati Lima Puluh Kota Nomor 12 Tahun 2022"),
        units=(OrgUnit("Sekretariat Kecamatan", "Sekretaris Camat", "Hendra Saputra, S.STP"),
               OrgUnit("Seksi Pelayanan Publik", "Kasi Pelayanan Publik", "Mira Susanti, S.AP")),
        sdm={"golongan": {"I": 0, "II": 5, "III": 14, "IV": 3}},
        facts=OfficeFacts(luas_wilayah=106.2, jumlah_nagari=5, jumlah_penduduk=25763,
                          penduduk_tahun=2025),
    )
    base.update(kw)
    return LakipReport(**base)


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


@pytest.fixture(scope="module")
def draft():
    data, lists = render_lakip_lists(make_report(), creation_date=FIXED)
    return data, dict(lists["isi"]), pages_text(data), lists


@pytest.fixture(scope="module")
def final():
    data, lists = render_lakip_lists(make_report(draft=False), creation_date=FIXED)
    return data, dict(lists["isi"]), pages_text(data), lists


def _between(pages, toc, start: str, end: str) -> str:
    return " ".join(pages[toc[start] - 1:toc[end] - 1])


def _section(pages, toc, start: str, end: str) -> str:
    """The text from heading ``start`` to heading ``end`` (both may share pages)."""
    text = " ".join(pages[toc[start] - 1:toc[end]])
    return text[text.index(start):text.index(end)]


# ------------------------------------------------------------------ cover and front matter
def test_cover_pemerintah_above_kecamatan_no_logo_box_no_code_on_draft(draft, final):
    _, _, pages, _ = draft
    cover = pages[0]
    for text in ("LAPORAN KINERJA INSTANSI PEMERINTAH", "(LKjIP)", "TAHUN 2026"):
        assert text in cover
    assert cover.index("PEMERINTAH KABUPATEN LIMA PULUH KOTA") < cover.index("KECAMATAN GUGUAK")
    assert not any("LOGO" in p for p in pages)          # a missing logo prints nothing
    assert not any("Kode verifikasi" in p for p in pages)
    assert all("Kode verifikasi: PK-7Q4M-2026" in p for p in final[2])


def test_reviu_statement_page_when_recorded(draft):
    _, toc, pages, _ = draft
    page = pages[toc["PERNYATAAN TELAH DIREVIU"] - 1]
    assert "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) KECAMATAN GUGUAK TAHUN 2026" in page
    assert "Berdasarkan reviu kami, LKjIP telah disajikan sesuai PermenPANRB Nomor 53 Tahun " \
           "2014." in page
    assert "Guguak, 28 Januari 2027" in page
    assert "Yenni Marlina, S.E., Ak." in page and "NIP. 19790512 200501 2 008" in page
    bare = pages_text(render_lakip(make_report(reviu=None), creation_date=FIXED))
    assert not any("PERNYATAAN TELAH DIREVIU" in p for p in bare)


def test_kata_pengantar_and_signature(draft):
    _, toc, pages, _ = draft
    kp = pages[toc["KATA PENGANTAR"] - 1]
    assert "Puji syukur atas selesainya LKjIP Kecamatan Guguak Tahun 2026." in kp
    assert "Guguak, 10 Februari 2027" in kp
    assert "Camat Guguak," in kp and "Drs. MUFTIL WAHYUDI" in kp
    assert "NIP. 19731107 199303 1 002" in kp


def test_ikhtisar_is_computed(draft):
    _, toc, pages, _ = draft
    text = pages[toc["IKHTISAR EKSEKUTIF"] - 1]
    assert "menetapkan 2 sasaran strategis dengan 7 indikator kinerja" in text
    # 83,929 now against (89,375 + 125) / 2 = 107,1875 last year: down 23,26 points
    assert "rata-rata capaian 83,93%, turun 23,26 poin persen dibanding rata-rata capaian " \
           "indikator yang sama tahun 2025 (107,19%)" in text
    assert "2 indikator Sangat Baik, 1 indikator Baik, 1 indikator Sangat Kurang" in text
    assert f"Capaian tertinggi diraih oleh indikator {ADUAN} (140,00%); Persentase nagari yang " \
           f"melaksanakan musrenbang (110,00%); dan {IKM} (85,71%)." in text
    assert f"Indikator yang belum mencapai target: {IKM} (85,71%); dan Persentase dokumen " \
           "selesai tepat waktu" in text
    assert "Jumlah kegiatan gotong royong (kegiatan belum berjalan)" in text
    # 34.000.000 / 37.350.000 = 91,03 %
    assert "Pagu anggaran Kecamatan Guguak tahun 2026 sebesar Rp37.350.000 dengan realisasi " \
           "Rp34.000.000, atau serapan 91,03%." in text


# ------------------------------------------------------------------ lists
def test_page_numbers_in_every_footer(draft):
    _, _, pages, _ = draft
    n = len(pages)
    for i, text in enumerate(pages, 1):
        assert f"Halaman {i} dari {n}" in text


def test_daftar_isi_numbers_are_the_real_pages(draft):
    _, toc, pages, lists = draft
    titles = [t for t, _ in lists["isi"]]
    assert titles[:7] == ["PERNYATAAN TELAH DIREVIU", "KATA PENGANTAR", "IKHTISAR EKSEKUTIF",
                          "DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GRAFIK", "BAB I PENDAHULUAN"]
    toc_text = pages[toc["DAFTAR ISI"] - 1]
    for title, page in lists["isi"]:
        assert re.search(re.escape(title) + r" ?\.*\s*" + str(page) + r"\b", toc_text), title
        # the Lampiran opens with the PK's own statement page (the same page as `render pk`)
        expected = "PERJANJIAN KINERJA TAHUN 2026" if title.lower().startswith("lampiran 1") \
            or title == "LAMPIRAN" else title
        assert expected in pages[page - 1], (title, page)
    for chapter in ("BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA",
                    "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP"):
        assert pages[toc[chapter] - 1].startswith(chapter)
    assert [p for _, p in lists["isi"]] == sorted(p for _, p in lists["isi"])


@pytest.mark.parametrize("kind, title", [("tabel", "DAFTAR TABEL"), ("grafik", "DAFTAR GRAFIK")])
def test_daftar_tabel_and_grafik_page_numbers_match_real_pages(draft, kind, title):
    _, toc, pages, lists = draft
    entries = lists[kind]
    assert entries
    listing = pages[toc[title] - 1]
    assert f"{title} Halaman" in listing
    prefix = "Tabel" if kind == "tabel" else "Grafik"
    for caption, page in entries:
        assert caption.startswith(prefix + " ")
        assert caption in pages[page - 1], (caption, page)
        assert re.search(re.escape(caption) + r" ?\.*\s*" + str(page) + r"\b", listing), caption
    # numbered by chapter, 1..n inside each chapter
    numbers = [tuple(int(x) for x in c.split()[1].split(".")) for c, _ in entries]
    for chapter in {n[0] for n in numbers}:
        assert [n[1] for n in numbers if n[0] == chapter] == list(
            range(1, 1 + sum(n[0] == chapter for n in numbers)))


# ------------------------------------------------------------------ Bab I, II
def test_bab1_legal_basis_structure_sdm_and_facts(draft):
    _, toc, pages, _ = draft
    bab1 = _between(pages, toc, "BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA")
    assert "1. Peraturan Presiden Nomor 29 Tahun 2014 tentang SAKIP" in bab1
    assert "2. Peraturan Bupati Lima Puluh Kota Nomor 12 Tahun 2022" in bab1
    assert "Luas wilayah 106,2 km²" in bab1 and "Jumlah penduduk (tahun 2025) 25.763 jiwa" in bab1
    assert "Grafik 1.1 Bagan Struktur Organisasi Kecamatan Guguak" in bab1
    assert "2 Seksi Pelayanan Publik Kasi Pelayanan Publik Mira Susanti, S.AP" in bab1
    assert "Jumlah Pegawai menurut Golongan" in bab1 and "Jumlah 22" in bab1
    assert "1.7 Sistematika Penyajian" in bab1


def test_bab2_renstra_iku_and_pk(draft):
    _, toc, pages, _ = draft
    bab2 = _between(pages, toc, "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA")
    assert "“Guguak yang maju dan melayani”" in bab2
    assert "1. Meningkatkan pelayanan" in bab2 and "SS2 " + S2 in bab2
    # IKU numbered 1..n with formula and sumber data
    assert f"1 {S1} {IKM} Nilai rata-rata unsur pelayanan x 25 indeks Survei IKM" in bab2
    assert f"2 {S1} {ADUAN} Jumlah pengaduan tertulis dan daring kasus Buku register" in bab2
    assert "ditandatangani pada 20 Januari 2026" in bab2
    assert "Jumlah Rp37.350.000" in bab2


# ------------------------------------------------------------------ Bab III
def test_interval_table_and_formulas(draft):
    _, toc, pages, _ = draft
    text = pages[toc["BAB III AKUNTABILITAS KINERJA"] - 1]
    assert "Tabel 3.1 Interval Penilaian Kinerja" in text
    assert "1 > 90,00% Sangat Baik 2 > 75,00% s.d. 90,00% Baik" in text
    assert "5 ≤ 50,00% Sangat Kurang" in text
    assert "capaian = realisasi : target × 100%" in text
    assert "capaian = (2 − realisasi : target) × 100%" in text
    assert "Efisiensi sasaran = rata-rata capaian indikator sasaran (%) : serapan" in text


def test_interval_labels_are_the_setting():
    bands = tuple(Band(b.lower, b.upper, label) for b, label in zip(
        DEFAULT_BANDS, ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")))
    pages = pages_text(render_lakip(make_report(bands=bands), creation_date=FIXED))
    text = " ".join(pages)
    assert "> 65,00% s.d. 75,00% Sedang" in text and "≤ 50,00% Sangat Rendah" in text
    assert band_text(Band(None, None, "x")) == "semua nilai"


def test_one_analysis_per_sasaran_and_none_printed_when_empty(draft):
    _, toc, pages, _ = draft
    s1 = _section(pages, toc, f"3.1.1 Sasaran 1: {S1}", f"3.1.2 Sasaran 2: {S2}")
    s2 = _section(pages, toc, f"3.1.2 Sasaran 2: {S2}", "3.2 Realisasi Anggaran")
    assert "Faktor pendukung Petugas loket sudah terlatih." in s1
    assert "Faktor penghambat Jaringan internet sering terputus." in s1
    assert "Upaya perbaikan Mengusulkan jaringan cadangan." in s1
    for text in ("Analisis penyebab", "Faktor pendukung", "Petugas loket"):
        assert text not in s2
    boiler = narrative_defaults.default_text("upaya", **_FILL)[:50]
    assert boiler not in " ".join(pages)
    # keyed by identity: the same text under another id prints under that sasaran only
    other = pages_text(render_lakip(make_report(analyses={12: SasaranAnalysis(
        upaya="Menjadwalkan gotong royong bulanan.")}), creation_date=FIXED))
    toc2 = dict(render_lakip_lists(make_report(analyses={12: SasaranAnalysis(
        upaya="Menjadwalkan gotong royong bulanan.")}), creation_date=FIXED)[1]["isi"])
    assert "Menjadwalkan gotong royong" in _section(other, toc2, f"3.1.2 Sasaran 2: {S2}",
                                                    "3.2 Realisasi Anggaran")
    assert "Faktor pendukung" not in _section(other, toc2, f"3.1.1 Sasaran 1: {S1}",
                                              f"3.1.2 Sasaran 2: {S2}")


def test_computed_sentences_with_hand_computed_figures(draft):
    _, toc, pages, _ = draft
    bab3 = _between(pages, toc, "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP")
    # positive, missed: 72 / 84 = 85,71 %; against 2025 (89,375 %) down 3,66 points; +0,5 indeks
    assert (f"Pada tahun 2026 realisasi indikator {IKM} sebesar 72 indeks dari target 84 indeks "
            "dalam Perjanjian Kinerja, dengan capaian 85,71% (predikat Baik); target belum "
            "tercapai.") in bab3
    assert ("Dibandingkan tahun 2025 (realisasi 71,5 indeks, capaian 89,38%), capaian tahun 2026 "
            "turun 3,66 poin persen dan realisasi naik 0,5 indeks (membaik).") in bab3
    assert "Dibandingkan tahun 2024 (realisasi 70 indeks, capaian 87,50%), capaian tahun 2026 " \
           "turun 1,79 poin persen" in bab3
    # Renstra: 72 / 88 = 81,82 %; national standard 76,61 > 72
    assert "Terhadap target akhir Renstra tahun 2026 sebesar 88 indeks, realisasi tahun 2026 " \
           "telah mencapai 81,82%; masih perlu 18,18% lagi untuk mencapainya." in bab3
    assert "Standar nasional indikator ini 76,61 indeks (sumber: PermenPANRB 14/2017); " \
           "realisasi tahun ini belum mencapai standar tersebut." in bab3
    # negative polarity, exceeded: (2 - 12/20) x 100 = 140 %; 2025: 125 % -> up 15 points
    assert (f"Indikator {ADUAN} berpolaritas negatif (semakin rendah realisasi semakin baik). "
            "Pada tahun 2026 realisasinya 12 kasus terhadap target 20 kasus dalam Perjanjian "
            "Kinerja, dengan capaian 140,00% (predikat Sangat Baik): realisasi lebih rendah "
            "daripada target, sehingga target terlampaui.") in bab3
    assert "capaian tahun 2026 naik 15,00 poin persen dan realisasi turun 3 kasus (membaik)" \
        in bab3
    # not started and not computable: their own sentence, never 0 %
    assert "Kegiatan yang diukur dengan indikator Jumlah kegiatan gotong royong belum berjalan " \
           "pada tahun 2026" in bab3
    assert "Capaian indikator Nilai evaluasi SAKIP tahun 2026 (target BB, realisasi 12 dokumen) " \
           "tidak dapat dihitung: jenis nilai target dan realisasi berbeda" in bab3
    # a grade without scores: tercapai, no percentage
    assert "Realisasi indikator Predikat SAKIP kecamatan tahun 2026 adalah BB terhadap target B, " \
           "sehingga target tercapai." in bab3
    assert "Predikat SAKIP kecamatan B BB - Tercapai" in bab3


def test_per_sasaran_tables_earlier_years_renstra_programmes_efficiency(draft):
    _, toc, pages, _ = draft
    s1 = _section(pages, toc, f"3.1.1 Sasaran 1: {S1}", f"3.1.2 Sasaran 2: {S2}")
    s2 = _section(pages, toc, f"3.1.2 Sasaran 2: {S2}", "3.2 Realisasi Anggaran")
    # two decimals everywhere in the tables; zero is a value, empty is not
    assert f"1 {IKM} 84 72 85,71% Baik" in s1
    assert "100% 0% 0,00% Sangat Kurang" in s1
    assert "5 Jumlah kegiatan gotong royong 12 kegiatan - - Kegiatan belum berjalan" in s2
    assert "Rata-rata capaian sasaran ini 75,24% dengan predikat Baik, dihitung dari 3 dari 3 " \
           "indikator." in s1
    # N-2, N-1, N: target, realisasi, capaian of each
    assert "Perbandingan Target, Realisasi dan Capaian Sasaran 1 Tahun 2024–2026" in s1
    assert "2024 2025 2026" in s1
    assert f"1 {IKM} 80 70 87,50% 80 71,5 89,38% 84 72 85,71%" in s1
    assert f"3 {ADUAN} - - - 20 kasus 15 kasus 125,00% 20 kasus 12 kasus 140,00%" in s1
    assert f"1 {IKM} 84 72 88 (2026) 81,82%" in s1
    # programmes: 25.000.000 / 27.350.000 = 91,41 %; efficiency 75,238 / 91,408 = 0,82
    assert "1 Program Penunjang Urusan Pemerintahan Rp27.350.000 Rp25.000.000 91,41%" in s1
    assert "Dengan rata-rata capaian 75,24% dan serapan anggaran 91,41%, efisiensi sasaran ini " \
           "0,82 (kurang efisien)." in s1
    # 110 / 90 = 1,22
    assert "efisiensi sasaran ini 1,22 (efisien)." in s2
    # chart with wrapped labels, never an ellipsis
    assert "Grafik 3.1 Capaian Indikator Kinerja Sasaran 1 Tahun 2026" in s1
    assert "…" not in " ".join(pages)


def test_realisasi_anggaran_and_efficiency(draft):
    _, toc, pages, _ = draft
    page = pages[toc["3.2 Realisasi Anggaran"] - 1]
    # 25.000.000 / 27.350.000 = 91,407...% ; 95 / 91,407 = 1,04 -> efisien
    assert "Rp27.350.000 Rp25.000.000 91,41% 95,00% 1,04 Efisien" in page
    assert "Rp10.000.000 Rp9.000.000 90,00% 80,00% 0,89 Kurang efisien" in page
    assert "Jumlah Rp37.350.000 Rp34.000.000 91,03%" in page


def test_efficiency_edges():
    assert efficiency(BudgetRow("p", 100, 0, 0.0, 50.0)) == (None, "Anggaran belum terserap")
    assert efficiency(BudgetRow("p", 100, 50, 50.0, None))[0] is None
    assert efficiency(BudgetRow("p", 100, 50, 50.0, 50.0)) == (1.0, "Efisien")
    assert sentences.efficiency(80.0, []).index is None
    assert sentences.efficiency(None, [BudgetRow("p", 100, 50, 50.0, None, program_id=1)]
                                ).index is None


def test_row_texts():
    rows = _rows()
    assert capaian_text(rows[0]) == "85,71%"
    assert capaian_text(rows[1]) == "0,00%"
    assert capaian_text(rows[4]) == "-" and status_text(rows[4]) == "Kegiatan belum berjalan"
    assert status_text(rows[5]) == "Tidak dapat dihitung: Jenis nilai target dan realisasi berbeda"
    assert capaian_text(rows[6]) == "-" and status_text(rows[6]) == "Tercapai"
    assert sentences.pct(90) == "90,00%" and sentences.pct(None) == "-"


def test_sasaran_hint_names_misses_and_changes():
    hint = sentences.sasaran_hint(_rows()[:3], 2026)
    assert hint == [
        f"{IKM}: capaian 85,71%, belum mencapai target.",
        "Persentase dokumen selesai tepat waktu \u2014 \u201ccepat\u201d \u00e9: capaian 0,00%, "
        "belum mencapai target.",
        f"{IKM}: capaian turun 3,66 poin persen dibanding tahun 2025 (89,38% menjadi 85,71%).",
        f"{ADUAN}: capaian naik 15,00 poin persen dibanding tahun 2025 (125,00% menjadi 140,00%).",
    ]
    assert sentences.sasaran_hint(_rows()[4:6], 2026) == [
        "Jumlah kegiatan gotong royong: kegiatan belum berjalan.",
        "Nilai evaluasi SAKIP: capaian tidak dapat dihitung (Jenis nilai target dan realisasi "
        "berbeda)."]
    assert sentences.sasaran_hint([_rows()[3]], 2026) == [
        "Semua indikator sasaran ini mencapai target."]


# ------------------------------------------------------------------ Bab IV, Lampiran
def test_bab4_signature_and_lampiran_pk_pages_then_rekap(draft):
    _, toc, pages, _ = draft
    end_body = _between(pages, toc, "4.2 Saran", "LAMPIRAN")
    assert "Camat Guguak," in end_body and "NIP. 19731107 199303 1 002" in end_body
    statement = pages[toc["Lampiran 1. Perjanjian Kinerja Tahun 2026"] - 1]
    assert toc["LAMPIRAN"] == toc["Lampiran 1. Perjanjian Kinerja Tahun 2026"]
    assert "PERJANJIAN KINERJA TAHUN 2026" in statement
    assert "selanjutnya disebut pihak pertama" in statement
    assert "H. SAFARUDDIN DT. BANDARO RAJO" in statement
    pk = _between(pages, toc, "LAMPIRAN", "Lampiran 2. Rekapitulasi Capaian Indikator Kinerja")
    assert "LAMPIRAN PERJANJIAN KINERJA TAHUN 2026" in pk
    assert "7.01.01 Program Penunjang Urusan Pemerintahan Rp27.350.000" in pk
    rekap = " ".join(pages[toc["Lampiran 2. Rekapitulasi Capaian Indikator Kinerja"] - 1:])
    assert "1 2 3 4 5 6 7 8 9 10" in rekap and "Seksi Pelayanan Publik" in rekap


def test_draft_mark_on_every_draft_page_and_none_on_final(draft, final):
    assert all("DRAFT" in p for p in draft[2])
    assert not any("DRAFT" in p for p in final[2])


def test_acting_signer_in_final():
    report = make_report(draft=False, signer=Signer(jabatan="Camat Guguak", name="BUDI SANTOSO, S.STP",
                                                    nip="19800101 200501 1 001", acting="Plt."))
    pages = pages_text(render_lakip(report, creation_date=FIXED))
    assert sum("Plt. Camat Guguak," in p for p in pages) == 2  # kata pengantar + end of body


def test_f4_paper_landscape_rekap_and_logo():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 90, 160)).save(buf, format="PNG")
    profile = Profile(**{**PROFILE.__dict__, "paper": "F4", "logo": buf.getvalue()})
    data, toc = render_lakip_with_toc(make_report(profile=profile), creation_date=FIXED)
    reader = PdfReader(io.BytesIO(data))
    first = reader.pages[0]
    assert round(float(first.mediabox.width) / 72 * 25.4) == 215
    assert round(float(first.mediabox.height) / 72 * 25.4) == 330
    assert "/XObject" in first["/Resources"]  # the logo image on the cover
    rekap = reader.pages[dict(toc)["Lampiran 2. Rekapitulasi Capaian Indikator Kinerja"] - 1]
    assert float(rekap.mediabox.width) > float(rekap.mediabox.height)


def test_fixed_creation_date_gives_identical_bytes():
    a = render_lakip(make_report(), creation_date=FIXED)
    b = render_lakip(make_report(), creation_date=FIXED)
    assert a == b and a.startswith(b"%PDF")


def test_empty_report_still_renders():
    report = make_report(rows=[], summaries=[], predicate_counts={}, average=None, budget=[],
                         narratives={}, analyses={}, pk=None, reviu=None, renstra=None,
                         legal_basis=(), units=(), sdm={}, facts=OfficeFacts())
    text = " ".join(pages_text(render_lakip(report, creation_date=FIXED)))
    assert "Belum ada indikator yang dapat diukur capaiannya." in text
    assert "Data realisasi anggaran belum diisi." in text
    assert "Perjanjian Kinerja Tahun 2026 belum dibuat" in text


def _big_rows(n: int) -> list[Row]:
    rows = []
    for i in range(1, n + 1):
        sasaran = f"Sasaran strategis nomor {(i - 1) // 20 + 1} tentang peningkatan kinerja " \
                  f"pelayanan dan pembangunan"
        if i % 17 == 0:
            rows.append(Row(i, sasaran, f"Indikator {i} yang belum diisi", "100%", "",
                            status="belum_diisi"))
            continue
        cap = (i * 37) % 160
        name = f"Indikator kinerja nomor {i}" + (
            " dengan nama yang cukup panjang untuk dibungkus dalam sel tabel" if i % 10 == 1 else "")
        rows.append(Row(i, sasaran, name, "100%", f"{cap}%", program=f"Program {i % 7}",
                        sumber_data="Laporan seksi", yang_membidangi="Seksi Pemerintahan",
                        capaian=float(cap), predikat="Baik", is_iku=i % 10 == 0,
                        history={"2025": f"{cap - 3}%"} if i % 5 == 0 else {}))
    return rows


@pytest.mark.slow
def test_300_indicator_report_lays_out():
    rows = _big_rows(300)
    report = make_report(rows=rows, summaries=[], predicate_counts={"Baik": 282},
                         average=80.0, analyses={}, pk=None)
    data, toc = render_lakip_with_toc(report, creation_date=FIXED)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 10
    assert len([t for t, _ in toc if t.startswith("3.1.")]) == 15
    # the last sasaran section is where the Daftar Isi says
    title, page = [e for e in toc if e[0].startswith("3.1.15 ")][0]
    assert " ".join(title.split()[:4]) in " ".join(reader.pages[page - 1].extract_text().split())
    last = " ".join(reader.pages[-1].extract_text().split())
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in last


def test_narrative_defaults_fill_every_placeholder():
    keys = [k for k, _, _ in narrative_defaults.SECTIONS]
    assert keys == ["kata_pengantar", "ikhtisar", "bab1_gambaran_umum", "bab1_struktur_organisasi",
                    "bab1_tugas_fungsi", "bab1_isu_strategis", "bab2_renstra", "bab4_kesimpulan",
                    "bab4_saran"]
    for key in keys + [k for k, _, _ in narrative_defaults.ANALYSIS_KEYS]:
        text = narrative_defaults.default_text(key, kecamatan="Kecamatan Guguak",
                                       kabupaten="Pemerintah Kabupaten Lima Puluh Kota",
                                       year=2026, title="LKjIP")
        assert text and "{" not in text and "}" not in text, key
    kp = narrative_defaults.default_text("kata_pengantar", kecamatan="Guguak", kabupaten="Lima Puluh Kota",
                                 year=2026, title="LKjIP")
    assert "(LKjIP) Kecamatan Guguak Tahun 2026" in kp
    assert "Kecamatan Guguak Kabupaten Lima Puluh Kota" in kp


def test_user_text_with_odd_braces_is_kept():
    out = narrative_defaults.render_text("Tahun {tahun}: {x} { tanda }", kecamatan="Guguak",
                                 kabupaten="Lima Puluh Kota", year=2026)
    assert out == "Tahun 2026: {x} { tanda }"


@pytest.mark.slow
def test_lists_are_reserved_by_a_counting_build_so_the_report_is_laid_out_once():
    from lib.documents import lakip

    report = make_report(rows=_big_rows(300), summaries=[], predicate_counts={"Baik": 282},
                         average=80.0, analyses={}, pk=None)
    built = []

    class Counted(lakip.LakipPDF):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self.list_pages)

    counter = lakip._build(report, FIXED, (1, 1, 1), pdf_class=lakip._ListCounter)
    pdf = lakip.build_with_lists(report, FIXED, pdf_class=Counted)
    # the lists of this report take more than a page each, so one guess would be wrong
    assert sum(lakip._needed_pages(pdf)) > 3
    # the counting build lays out nothing but finds the same entries, hence the same pages
    for kind in ("toc", "tables", "figures"):
        assert [(e.title, e.level) for e in getattr(counter, kind)] == \
               [(e.title, e.level) for e in getattr(pdf, kind)]
    assert built == [lakip._needed_pages(pdf)]      # one real layout, with the right reservation
