"""Official documents read back with pypdf: letters, notulen, tanda terima,
format and rekap."""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zlib

import pypdf
import pytest

from lib.documents.base import OfficialPDF, render_bytes
from lib.documents.delivery import render_tanda_terima
from lib.documents.letters import render_nota_dinas, render_surat_pengantar, terbilang
from lib.documents.meeting import render_notulen
from lib.documents.model import (Attendee, Delivery, Letter, Meeting, Profile, Row,
                                 SasaranSummary, Signer)
from lib.documents.tables import render_format, render_rekap

FIXED = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)

PROFILE = Profile(pemerintah="Pemerintah Kabupaten Lima Puluh Kota",
                  kecamatan="Kecamatan Guguak", alamat="Jl. Raya Payakumbuh - Suliki",
                  telepon="(0752) 123456", email="kec.guguak@example.go.id",
                  kode_pos="26253", ibukota="Guguak")
CAMAT = Signer(jabatan="Camat Guguak", name="Drs. MUFTIL WAHYUDI",
               pangkat="Pembina Tk. I (IV/b)", nip="19731107 199303 1 002")


def pages(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", p.extract_text() or "") for p in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def nota(**kw) -> Letter:
    base = dict(number="000.1.5/017/CGG/XI/2026", date=dt.date(2026, 11, 23),
                kepada="Sekretaris Camat Guguak", perihal="Penyusunan LAKIP Tahun 2026",
                body=["Bersama ini diperintahkan menyusun LAKIP Tahun 2026."],
                tembusan=["Arsip"], signer=CAMAT)
    base.update(kw)
    return Letter(**base)


def png_1x1() -> bytes:
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = zlib.compress(b"\x00\x00\x80\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


# ------------------------------------------------------------------ nota dinas
def test_nota_dinas_has_kop_title_number_date_and_signer():
    t = text(render_nota_dinas(PROFILE, nota()))
    for expected in ("PEMERINTAH KABUPATEN LIMA PULUH KOTA", "KECAMATAN GUGUAK",
                     "Kode Pos 26253", "NOTA DINAS", "000.1.5/017/CGG/XI/2026",
                     "23 November 2026", "Yth. Sekretaris Camat Guguak",
                     "Penyusunan LAKIP Tahun 2026", "Drs. MUFTIL WAHYUDI",
                     "NIP. 19731107 199303 1 002", "Pembina Tk. I (IV/b)", "Tembusan"):
        assert expected in t, expected
    assert "DRAFT" not in t
    assert "Halaman" not in t                # a one-page paper carries no page number
    assert "LOGO" in t                       # placeholder box when no logo


def test_nota_dinas_placeholders_for_missing_number_name_and_nip():
    letter = nota(number="", signer=Signer(jabatan="Camat Guguak", acting="Plt."))
    t = text(render_nota_dinas(PROFILE, letter))
    assert "(nomor belum diisi)" in t
    assert "(nama belum diisi)" in t
    assert "(NIP belum diisi)" in t
    assert "Plt. Camat Guguak" in t


def test_logo_bytes_replace_placeholder_and_bad_logo_does_not_crash():
    with_logo = text(render_nota_dinas(Profile(**{**PROFILE.__dict__, "logo": png_1x1()}),
                                       nota()))
    assert "LOGO" not in with_logo
    broken = text(render_nota_dinas(Profile(**{**PROFILE.__dict__, "logo": b"not an image"}),
                                    nota()))
    assert "LOGO" in broken


def test_unicode_text_renders_and_missing_glyphs_never_crash():
    letter = nota(perihal="Rapat “finalisasi” — café", body=["Emoji 😀 dan ✓ dan 中文 aman."])
    t = text(render_nota_dinas(PROFILE, letter))
    assert "“finalisasi” — café" in t
    assert "Emoji" in t and "aman." in t


def test_fixed_creation_date_gives_identical_bytes():
    a = render_nota_dinas(PROFILE, nota(), creation_date=FIXED)
    b = render_nota_dinas(PROFILE, nota(), creation_date=FIXED)
    assert a == b
    reader = pypdf.PdfReader(io.BytesIO(a))
    assert "20261123" in str(reader.metadata.get("/CreationDate"))


def test_f4_paper_size():
    pdf = render_nota_dinas(Profile(**{**PROFILE.__dict__, "paper": "F4"}), nota())
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 215
    assert round(float(box.height) / 72 * 25.4) == 330


# ---------------------------------------------------------------- base features
def test_draft_watermark_and_verify_code_on_every_page():
    pdf = OfficialPDF(PROFILE, draft=True, verify_code="K7Q2-9XZA")
    for _ in range(3):
        pdf.add_page()
        pdf.simple_table(["No", "Isi"], [["1", "x"]], [20, 100])
    ps = pages(render_bytes(pdf))
    assert len(ps) == 3
    for i, p in enumerate(ps, 1):
        assert "DRAFT" in p
        assert "Kode verifikasi: K7Q2-9XZA" in p
        assert f"Halaman {i} dari 3" in p


def test_signature_block_with_label_and_place_date():
    pdf = OfficialPDF(PROFILE)
    pdf.add_page()
    bottom = pdf.signature_block(CAMAT, place_date=pdf.place_date(dt.date(2026, 11, 23)),
                                 label_above="Mengetahui,")
    assert bottom > 45                       # ~25 mm of room for the wet signature
    t = text(render_bytes(pdf))
    assert "Guguak, 23 November 2026" in t and "Mengetahui," in t


def test_terbilang():
    assert terbilang(2) == "dua"
    assert terbilang(11) == "sebelas"
    assert terbilang(15) == "lima belas"
    assert terbilang(125) == "seratus dua puluh lima"
    assert terbilang(1250) == "seribu dua ratus lima puluh"


# ------------------------------------------------------------ surat pengantar
def test_surat_pengantar_lists_items_with_copies():
    letter = nota(number="000.1.5/021/CGG/XII/2026", date=dt.date(2026, 12, 2),
                  kepada="Bupati Lima Puluh Kota", body=[])
    t = text(render_surat_pengantar(PROFILE, letter, 3, ["LAKIP Kecamatan Guguak Tahun 2026",
                                                          "Perjanjian Kinerja Tahun 2026"]))
    for expected in ("SURAT PENGANTAR", "Nomor : 000.1.5/021/CGG/XII/2026",
                     "Guguak, 2 Desember 2026", "Yth. Bupati Lima Puluh Kota",
                     "LAKIP Kecamatan Guguak Tahun 2026", "Perjanjian Kinerja Tahun 2026",
                     "3 (tiga) eksemplar", "Diterima tanggal", "Drs. MUFTIL WAHYUDI"):
        assert expected in t, expected


# -------------------------------------------------------------------- notulen
def test_notulen_and_daftar_hadir():
    meeting = Meeting(year=2026, date=dt.date(2026, 11, 23), place="Aula Kantor Camat",
                      chair="Drs. MUFTIL WAHYUDI", agenda=["Pembahasan draft LAKIP"],
                      decisions=["Draft LAKIP disetujui dengan perbaikan Bab III"],
                      attendees=[Attendee("Andi Saputra", "Kasi Pemerintahan"),
                                 Attendee("Budi Santoso", "Kasi Pelayanan Publik"),
                                 Attendee("Citra Lestari", "Sekretaris Camat")],
                      time="09.00 WIB", notulis=Signer(jabatan="Notulis", name="RINA"))
    ps = pages(render_notulen(PROFILE, meeting))
    assert len(ps) == 2
    first, hadir = ps
    for expected in ("NOTULEN", "RAPAT FINALISASI LKjIP TAHUN 2026", "Senin, 23 November 2026",
                     "09.00 WIB", "Aula Kantor Camat", "Pembahasan draft LAKIP",
                     "Draft LAKIP disetujui dengan perbaikan Bab III", "3 orang", "RINA",
                     "(NIP belum diisi)", "Halaman 1 dari 2"):
        assert expected in first, expected
    # the header row names the notulis; the signature block says "Notulis," once
    # (a jabatan "Notulis" is not printed twice)
    assert first.count("Notulis") == 2 and "Notulis, Notulis" not in first
    assert "DAFTAR HADIR" in hadir and "Tanda Tangan" in hadir
    for name in ("Andi Saputra", "Budi Santoso", "Citra Lestari", "Kasi Pelayanan Publik"):
        assert name in hadir
    # one signature line per attendee plus the spare lines
    assert re.search(r"1\. \.{5,}", hadir) and re.search(r"2\. \.{5,}", hadir)


# ---------------------------------------------------------------- tanda terima
def test_tanda_terima_two_signature_blocks():
    delivery = Delivery(year=2026, letter_number="000.1.5/021/CGG/XII/2026",
                        sent_on=dt.date(2026, 12, 3), recipient="Bagian Organisasi Setda",
                        method="Diantar langsung", copies=2, received_by="Sari Dewi",
                        sender=Signer(jabatan="Pengelola Data", name="ANDI", nip="19900101"))
    t = text(render_tanda_terima(PROFILE, delivery))
    for expected in ("TANDA TERIMA", "Bagian Organisasi Setda", "3 Desember 2026",
                     "2 (dua) eksemplar", "Diantar langsung", "000.1.5/021/CGG/XII/2026",
                     "Dokumen LKjIP Tahun 2026", "Yang Menerima,", "Yang Menyerahkan,",
                     "Sari Dewi", "ANDI", "NIP. 19900101"):
        assert expected in t, expected


def test_tanda_terima_without_receiver_leaves_lines_to_fill():
    delivery = Delivery(year=2026, letter_number="", sent_on=dt.date(2026, 12, 3),
                        recipient="Inspektorat", method="Pos", copies=1)
    t = text(render_tanda_terima(PROFILE, delivery))
    assert "(nomor belum diisi)" in t and "1 (satu) eksemplar" in t
    assert "NIP. ....." in t


# -------------------------------------------------------------- format / rekap
SASARAN = ["Meningkatnya kualitas pelayanan publik", "Meningkatnya akuntabilitas kinerja"]


def make_rows(n: int) -> list[Row]:
    rows = []
    for i in range(1, n + 1):
        status = "belum_berjalan" if i % 7 == 0 else "ok"
        rows.append(Row(no=i, sasaran=SASARAN[(i - 1) * len(SASARAN) // n],
                        indikator=f"Indikator nomor {i}", target="1.250 orang",
                        realisasi="" if status != "ok" else "1.071 orang",
                        program="Program Pelayanan", sumber_data="Laporan",
                        yang_membidangi="Kasi Pelayanan", status=status,
                        capaian=85.714285 if status == "ok" else None,
                        predikat="Baik" if status == "ok" else "",
                        unit_name="Seksi Pelayanan Publik"))
    return rows


def test_format_filled_has_nine_columns_numbering_and_values():
    t = text(render_format(PROFILE, unit_name="Seksi Pelayanan Publik", year=2026,
                           rows=make_rows(8), blank=False))
    for expected in ("FORMULIR PENGUMPULAN PERENCANAAN KINERJA", "KECAMATAN GUGUAK TAHUN 2026",
                     "Seksi Pelayanan Publik", "Sasaran Strategis", "Indikator Kinerja",
                     "Sumber Data", "Yang membidangi", "1 2 3 4 5 6 7 8 9",
                     "Indikator nomor 8", "1.250 orang", "1.071 orang",
                     "Kegiatan belum berjalan"):
        assert expected in t, expected


def test_format_blank_leaves_realisasi_empty():
    t = text(render_format(PROFILE, unit_name="Seksi Pemerintahan", year=2027,
                           rows=make_rows(3), blank=True))
    assert "TAHUN 2027" in t and "Indikator nomor 3" in t and "1.250 orang" in t
    assert "1.071 orang" not in t
    empty = text(render_format(PROFILE, unit_name="Seksi Pemerintahan", year=2027, rows=[],
                               blank=True))
    assert "12." in empty and "1 2 3 4 5 6 7 8 9" in empty


def test_format_header_repeats_on_every_page():
    ps = pages(render_format(PROFILE, unit_name="Seksi X", year=2026, rows=make_rows(60),
                             blank=False))
    assert len(ps) > 1
    for p in ps:
        assert "1 2 3 4 5 6 7 8 9" in p and "Indikator Kinerja" in p


def test_rekap_capaian_predikat_reason_and_average():
    rows = make_rows(14)
    summaries = [SasaranSummary(SASARAN[0], 85.714285, "Baik", 6,
                                ["Indikator nomor 7 (kegiatan belum berjalan)"]),
                 SasaranSummary(SASARAN[1], None, "", 0, [])]
    t = text(render_rekap(PROFILE, year=2026, rows=rows, summaries=summaries))
    for expected in ("REKAPITULASI", "TAHUN 2026", "85,71%", "Baik", "(kegiatan belum berjalan)",
                     "Rata-rata capaian sasaran (6 indikator dihitung)",
                     "Tidak dihitung: Indikator nomor 7", SASARAN[0], SASARAN[1]):
        assert expected in t, expected
    assert "0,00%" not in t                  # an empty capaian is never shown as zero


def test_rekap_zero_is_a_value():
    row = Row(no=1, sasaran="S", indikator="I", target="10", realisasi="0", capaian=0.0,
              predikat="Sangat Kurang")
    t = text(render_rekap(PROFILE, year=2026, rows=[row],
                          summaries=[SasaranSummary("S", 0.0, "Sangat Kurang", 1)]))
    assert "0%" in t.replace("0,00%", "0%") and "Sangat Kurang" in t


@pytest.mark.slow
def test_rekap_300_rows_lays_out_over_pages_with_repeated_header():
    rows = make_rows(300)
    summaries = [SasaranSummary(s, 85.7, "Baik", 1) for s in SASARAN]
    ps = pages(render_rekap(PROFILE, year=2026, rows=rows, summaries=summaries))
    assert len(ps) > 5
    for i, p in enumerate(ps, 1):
        assert "Indikator Kinerja" in p and "Capaian" in p and "Predikat" in p
        assert f"Halaman {i} dari {len(ps)}" in p
    assert "Indikator nomor 300" in ps[-1]


@pytest.mark.parametrize("draft", [True, False])
def test_rekap_draft_mark_on_every_page(draft):
    ps = pages(render_rekap(PROFILE, year=2026, rows=make_rows(60), summaries=[], draft=draft))
    assert len(ps) > 1
    assert all(("DRAFT" in p) == draft for p in ps)
