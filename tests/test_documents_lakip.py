"""The LAKIP / LKjIP renderer, read back with pypdf."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from lib import narrative_defaults
from lib.documents.lakip import capaian_text, efficiency, render_lakip, render_lakip_with_toc, \
    status_text
from lib.documents.model import BudgetRow, LakipReport, Profile, Row, SasaranSummary, Signer

FIXED = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone.utc)

PROFILE = Profile(
    pemerintah="Pemerintah Kabupaten Lima Puluh Kota",
    kecamatan="Kecamatan Guguak",
    alamat="Jl. Raya Payakumbuh - Suliki KM 12, Guguak",
    telepon="(0752) 123456",
    email="kec.guguak@limapuluhkotakab.go.id",
    kode_pos="26253",
    ibukota="Guguak",
    report_title="LKjIP",
)
CAMAT = Signer(jabatan="Camat Guguak", name="Drs. MUFTIL WAHYUDI", pangkat="Pembina Tk. I (IV/b)",
               nip="19731107 199303 1 002")

S1 = "Meningkatnya kualitas pelayanan publik di Kecamatan Guguak"
S2 = "Meningkatnya partisipasi masyarakat dalam pembangunan"


def _rows() -> list[Row]:
    return [
        Row(1, S1, "Indeks Kepuasan Masyarakat", "84", "72", program="Program Penyelenggaraan "
            "Pemerintahan dan Pelayanan Publik", sumber_data="Survei IKM", yang_membidangi=
            "Seksi Pelayanan Publik", satuan="indeks", is_iku=True, capaian=72 / 84 * 100,
            predikat="Baik", renstra_target="88", history={"2024": "70", "2025": "71,5"}),
        Row(2, S1, "Persentase dokumen selesai tepat waktu — “cepat” é", "100%", "0%",
            satuan="%", capaian=0.0, predikat="Sangat Kurang"),
        Row(3, S1, "Jumlah pengaduan masyarakat", "20 kasus", "", satuan="kasus",
            polarity="negatif", status="belum_diisi", predikat=""),
        Row(4, S2, "Persentase nagari yang melaksanakan musrenbang", "100%", "110%",
            is_iku=True, capaian=110.0, predikat="Sangat Baik"),
        Row(5, S2, "Jumlah kegiatan gotong royong", "12 kegiatan", "", status="belum_berjalan"),
        Row(6, S2, "Nilai evaluasi SAKIP", "BB", "12 dokumen",
            status="tidak_dapat_dihitung", predikat="satuan target dan realisasi berbeda"),
    ]


_FILL = dict(kecamatan="Kecamatan Guguak", kabupaten="Pemerintah Kabupaten Lima Puluh Kota",
             year=2026, title="LKjIP")


def _texts(written: dict[str, str]) -> dict[str, str]:
    """Every section as the documents service hands it over: written or default, filled."""
    return {k: narrative_defaults.render_text(written[k], **_FILL) if k in written
            else narrative_defaults.default_text(k, **_FILL) for k in narrative_defaults.SECTION_KEYS}


def make_report(*, draft: bool = True, rows: list[Row] | None = None, **kw) -> LakipReport:
    rows = _rows() if rows is None else rows
    base = dict(
        year=2026, profile=PROFILE, signer=CAMAT, rows=rows,
        summaries=[SasaranSummary(S1, (72 / 84 * 100 + 0) / 2, "Kurang", 2,
                                  ["Jumlah pengaduan masyarakat (belum diisi)"]),
                   SasaranSummary(S2, 110.0, "Sangat Baik", 1, [])],
        predicate_counts={"Sangat Baik": 1, "Baik": 1, "Cukup": 0, "Kurang": 0,
                          "Sangat Kurang": 1},
        average=(72 / 84 * 100 + 0 + 110) / 3,
        narratives=_texts({"kata_pengantar": "Puji syukur atas selesainya {judul} Kecamatan "
                                             "{kecamatan} Tahun {tahun}."}),
        analyses={S1: {"pendukung": "Petugas loket sudah terlatih.",
                       "penghambat": "Jaringan internet sering terputus.",
                       "upaya": "Mengusulkan jaringan cadangan."}},
        default_analysis={k: narrative_defaults.default_text(k, **_FILL)
                          for k, _, _ in narrative_defaults.ANALYSIS_KEYS},
        section_titles={k: narrative_defaults.section_title(k)
                        for k in narrative_defaults.SECTION_KEYS},
        analysis_titles=tuple((k, t) for k, t, _ in narrative_defaults.ANALYSIS_KEYS),
        budget=[BudgetRow("Program Penunjang Urusan Pemerintahan", 27_350_000, 25_000_000,
                          25_000_000 / 27_350_000 * 100, 95.0),
                BudgetRow("Program Pemberdayaan Masyarakat", 10_000_000, 9_000_000, 90.0, 80.0)],
        draft=draft, verify_code=None if draft else "PK-7Q4M-2026",
        approved_at=None if draft else dt.datetime(2027, 2, 10, 10, 0),
        place_date=dt.date(2027, 2, 10),
    )
    base.update(kw)
    return LakipReport(**base)


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


@pytest.fixture(scope="module")
def draft():
    data, toc = render_lakip_with_toc(make_report(), creation_date=FIXED)
    return data, toc, pages_text(data)


@pytest.fixture(scope="module")
def final():
    data, toc = render_lakip_with_toc(make_report(draft=False), creation_date=FIXED)
    return data, toc, pages_text(data)


def test_cover_kata_pengantar_and_signature(draft):
    _, _, pages = draft
    cover = pages[0]
    for text in ("LAPORAN KINERJA INSTANSI PEMERINTAH", "(LKjIP)", "TAHUN 2026",
                 "KECAMATAN GUGUAK", "PEMERINTAH KABUPATEN LIMA PULUH KOTA"):
        assert text in cover
    kp = pages[1]
    assert "KATA PENGANTAR" in kp
    # the writer's text, placeholders filled
    assert "Puji syukur atas selesainya LKjIP Kecamatan Guguak Tahun 2026." in kp
    assert "Guguak, 10 Februari 2027" in kp
    assert "Camat Guguak," in kp and "Drs. MUFTIL WAHYUDI" in kp
    assert "NIP. 19731107 199303 1 002" in kp


def test_page_numbers_in_every_footer(draft):
    _, _, pages = draft
    n = len(pages)
    for i, text in enumerate(pages, 1):
        assert f"Halaman {i} dari {n}" in text


def test_daftar_isi_numbers_are_the_real_pages(draft):
    _, toc, pages = draft
    titles = [t for t, _ in toc]
    assert titles[:4] == ["KATA PENGANTAR", "IKHTISAR EKSEKUTIF", "DAFTAR ISI", "BAB I PENDAHULUAN"]
    toc_page = dict(toc)["DAFTAR ISI"]
    toc_text = pages[toc_page - 1]
    for title, page in toc:
        # the Daftar Isi prints the title followed by dots and the number
        assert re.search(re.escape(title) + r" ?\.*\s*" + str(page) + r"\b", toc_text), title
        assert title in pages[page - 1], (title, page)
    for chapter in ("BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA",
                    "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP"):
        page = dict(toc)[chapter]
        assert pages[page - 1].startswith(chapter)
        # no earlier body page carries the chapter title
        assert not any(pages[p].startswith(chapter) for p in range(page - 1))
    assert [p for _, p in toc] == sorted(p for _, p in toc)


def test_ikhtisar_counts_and_average(draft):
    _, toc, pages = draft
    text = pages[dict(toc)["IKHTISAR EKSEKUTIF"] - 1]
    assert "menetapkan 6 indikator kinerja untuk 2 sasaran strategis" in text
    # (85,714... + 0 + 110) / 3 = 65,238...
    assert "rata-rata capaian 65,24%" in text
    assert "Sangat Baik 1" in text
    assert "Tidak diukur: belum diisi 1" in text
    assert "Tidak diukur: kegiatan belum berjalan 1" in text
    assert "Jumlah 6 100%" in text
    # the default editable part (not overridden) is there, placeholders filled
    assert "Tahun 2026 merupakan media pertanggungjawaban kinerja kepada Bupati Lima Puluh Kota" \
        in text


def test_bab3_capaian_table_and_statuses(draft):
    _, toc, pages = draft
    start = dict(toc)["BAB III AKUNTABILITAS KINERJA"]
    end = dict(toc)["BAB IV PENUTUP"]
    bab3 = " ".join(pages[start - 1:end - 1])
    # 72 / 84 = 85,714...% -> 85,71%, predikat Baik
    assert "Indeks Kepuasan Masyarakat 84 72 85,71% Baik" in bab3
    # zero is a value
    assert "100% 0% 0% Sangat Kurang" in bab3
    # empty is not zero
    assert "Jumlah pengaduan masyarakat 20 kasus - - Belum diisi" in bab3
    assert "Jumlah kegiatan gotong royong 12 kegiatan - - Kegiatan belum berjalan" in bab3
    assert "- Tidak dapat dihitung: satuan target dan realisasi berbeda" in bab3
    # summary per sasaran
    assert "42,86%" in bab3 and "110%" in bab3
    # history and renstra comparisons
    assert "Realisasi 2024 Realisasi 2025 Realisasi 2026" in bab3
    assert "1. Indeks Kepuasan Masyarakat 70 71,5 72 85,71%" in bab3
    assert "Target Akhir Renstra" in bab3 and "84 72 88" in bab3
    # chart: value labels, reference line, not-computable indicators listed
    assert "Grafik 3.1 Capaian Indikator Kinerja Sasaran 1" in bab3
    assert "Target 100%" in bab3
    assert "3. Jumlah pengaduan masyarakat — belum diisi" in bab3
    assert "6. Nilai evaluasi SAKIP — tidak dapat dihitung: satuan target dan realisasi berbeda" \
        in bab3
    # analyses: written ones for S1, defaults for S2
    assert "Petugas loket sudah terlatih." in bab3
    assert "Jaringan internet sering terputus." in bab3
    assert narrative_defaults.default_text("upaya", kecamatan="Kecamatan Guguak",
                                   kabupaten="Pemerintah Kabupaten Lima Puluh Kota",
                                   year=2026)[:60] in bab3
    # Unicode survives
    assert "— “cepat” é" in bab3


def test_realisasi_anggaran_and_efficiency(draft):
    _, toc, pages = draft
    page = pages[dict(toc)["3.2 Realisasi Anggaran"] - 1]
    # 25.000.000 / 27.350.000 = 91,407...% ; 95 / 91,407 = 1,04 -> efisien
    assert "Rp27.350.000 Rp25.000.000 91,41% 95% 1,04 Efisien" in page
    assert "Rp10.000.000 Rp9.000.000 90% 80% 0,89 Kurang efisien" in page
    assert "Jumlah Rp37.350.000 Rp34.000.000 91,03%" in page


def test_efficiency_edges():
    assert efficiency(BudgetRow("p", 100, 0, 0.0, 50.0)) == (None, "Anggaran belum terserap")
    assert efficiency(BudgetRow("p", 100, 50, 50.0, None))[0] is None
    assert efficiency(BudgetRow("p", 100, 50, 50.0, 50.0)) == (1.0, "Efisien")


def test_row_texts():
    rows = _rows()
    assert capaian_text(rows[0]) == "85,71%"
    assert capaian_text(rows[1]) == "0%"
    assert capaian_text(rows[2]) == "-" and status_text(rows[2]) == "Belum diisi"
    assert capaian_text(rows[4]) == "-" and status_text(rows[4]) == "Kegiatan belum berjalan"
    assert status_text(rows[5]) == "Tidak dapat dihitung: satuan target dan realisasi berbeda"
    odd = Row(9, "s", "i", "0", "5", status="tidak_dapat_dihitung",
              predikat="Tidak dapat dihitung: target 0")
    assert status_text(odd) == "Tidak dapat dihitung: target 0"


def test_bab2_iku_and_pk_and_bab4_signature(draft):
    _, toc, pages = draft
    t = dict(toc)
    iku = pages[t["2.2 Indikator Kinerja Utama"] - 1]
    assert "Indikator Kinerja Utama" in iku and "Indeks Kepuasan Masyarakat" in iku
    pk = " ".join(pages[t["2.3 Perjanjian Kinerja Tahun 2026"] - 1:t["BAB III AKUNTABILITAS KINERJA"] - 1])
    assert f"Sasaran 1: {S1}" in pk and "Nilai evaluasi SAKIP BB" in pk
    end_body = " ".join(pages[t["4.2 Saran"] - 1:t["LAMPIRAN"] - 1])
    assert "Camat Guguak," in end_body and "NIP. 19731107 199303 1 002" in end_body
    lampiran = " ".join(pages[t["LAMPIRAN"] - 1:])
    assert "Lampiran 2. Rekapitulasi Capaian Indikator Kinerja" in lampiran
    assert "1 2 3 4 5 6 7 8 9 10" in lampiran
    assert "Seksi Pelayanan Publik" in lampiran


def test_draft_mark_on_every_draft_page_and_none_on_final(draft, final):
    _, _, dpages = draft
    _, _, fpages = final
    assert all("DRAFT" in p for p in dpages)
    assert not any("DRAFT" in p for p in fpages)
    assert all("Kode verifikasi: PK-7Q4M-2026" in p for p in fpages)
    assert not any("Kode verifikasi" in p for p in dpages)


def test_acting_signer_in_final():
    report = make_report(draft=False, signer=Signer(jabatan="Camat Guguak", name="BUDI SANTOSO, S.STP",
                                                    nip="19800101 200501 1 001", acting="Plt."))
    pages = pages_text(render_lakip(report, creation_date=FIXED))
    assert sum("Plt. Camat Guguak," in p for p in pages) == 2  # kata pengantar + end of body


def test_f4_paper_landscape_lampiran_and_logo():
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
    lampiran = reader.pages[dict(toc)["LAMPIRAN"] - 1]
    assert float(lampiran.mediabox.width) > float(lampiran.mediabox.height)


def test_fixed_creation_date_gives_identical_bytes():
    a = render_lakip(make_report(), creation_date=FIXED)
    b = render_lakip(make_report(), creation_date=FIXED)
    assert a == b and a.startswith(b"%PDF")


def test_empty_report_still_renders():
    report = make_report(rows=[], summaries=[], predicate_counts={}, average=None, budget=[],
                         narratives={}, analyses={})
    pages = pages_text(render_lakip(report, creation_date=FIXED))
    text = " ".join(pages)
    assert "Belum ada indikator yang dapat diukur capaiannya." in text
    assert "Data realisasi anggaran belum diisi." in text


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
                         average=80.0, analyses={})
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
