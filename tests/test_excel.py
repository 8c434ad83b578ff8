"""Excel in and out of the nine-column format (lib/excel.py), on real
workbooks built with openpyxl (tests/workbooks.py) and, for cached formula
values, recalculated by LibreOffice."""
from __future__ import annotations

import csv
import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

import workbooks as W
from lib import spelling
from lib.errors import ValidationError
from lib.excel import (
    FORMAT_COLUMNS,
    MSG_FORMULA_NO_VALUE,
    REKAP_COLUMNS,
    Problem,
    cell_text,
    header_key,
    match_unit,
    read_format_xlsx,
    write_format_xlsx,
    write_rekap_csv,
    write_rekap_xlsx,
    write_table_csv,
    write_table_xlsx,
)

KEYS = ["no", "sasaran", "indikator", "target", "realisasi", "program",
        "sumber_data", "yang_membidangi", "ket", "satuan", "polaritas"]


def R(excel_row: int, **values) -> dict:
    """An expected row: every key present, "" unless given."""
    row = {"excel_row": excel_row, **{k: "" for k in KEYS}}
    assert set(values) <= set(KEYS)
    row.update(values)
    return row


def rows_of(result) -> list[dict]:
    return [r.as_dict() for r in result.rows]


def xlsx(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------
# Cell texts
# --------------------------------------------------------------------------

@pytest.mark.parametrize("value, fmt, expected", [
    (1250, "General", "1.250"),
    (85.5, "General", "85,5"),
    (0.9, "0%", "90%"),
    (0.855, "0.0%", "85,5%"),
    (1, "0%", "100%"),
    (0.8571, "0.00%", "85,71%"),
    (-1234567.25, "#,##0.00", "-1.234.567,25"),
    (0.1 + 0.2, "General", "0,3"),
    (27350000, "General", "27.350.000"),
    (0, "General", "0"),
    (12, '0" %"', "12"),          # a quoted % is a literal, not a percent format
    (True, "General", "Ya"),
    ("  12 dokumen \r\n", "General", "12 dokumen"),
    (None, "General", ""),
])
def test_cell_text_in_indonesian_spelling(value, fmt, expected):
    assert cell_text(value, fmt) == expected


def test_dates_render_in_indonesian():
    import datetime as dt
    assert cell_text(dt.datetime(2026, 11, 23), "dd/mm/yyyy") == "23 November 2026"
    assert cell_text(dt.datetime(2026, 12, 1), "mmm-yy") == "Desember 2026"
    assert spelling.format_number(1250.5, grouping=False) == "1250,5"


@pytest.mark.parametrize("text, key", [
    ("No", "no"), ("NO.", "no"), ("Sasaran Strategis", "sasaran"), ("SASARAN\nSTRATEGIS", "sasaran"),
    ("Indikator  Kinerja", "indikator"), ("Target", "target"), ("TARGET 2026", "target"),
    ("Realisasi/ Progres Capaian", "realisasi"), ("Realisasi / Progres Capaian", "realisasi"),
    ("REALISASI", "realisasi"), ("Program/Kegiatan/Sub Kegiatan", "program"),
    ("Program / Kegiatan /\nSub Kegiatan", "program"), ("Sumber data", "sumber_data"),
    ("Yang Membidangi", "yang_membidangi"), ("Ket", "ket"), ("Ket.", "ket"), ("Keterangan", "ket"),
    ("satuan", "satuan"), ("POLARITAS", "polaritas"), ("Capaian (%)", None), ("", None),
])
def test_header_spellings(text, key):
    assert header_key(text) == key


# --------------------------------------------------------------------------
# Messy workbooks
# --------------------------------------------------------------------------

SASARAN_1 = "Meningkatnya kualitas penyelenggaraan pemerintahan"


def test_title_rows_merged_sasaran_and_percent_formats():
    result = read_format_xlsx(W.titled_merged_percent())
    assert (result.sheet, result.header_row) == ("Seksi Pemerintahan", 6)
    assert result.problems == []
    assert rows_of(result) == [
        R(8, no="1", sasaran=SASARAN_1, indikator="Persentase nagari dengan profil lengkap",
          target="90%", realisasi="85,5%",
          program="Program Penyelenggaraan Pemerintahan dan Pelayanan Publik\nKoordinasi Penyelenggaraan",
          sumber_data="Profil Nagari", yang_membidangi="Kasi Pemerintahan"),
        R(9, no="1", sasaran=SASARAN_1, indikator="Jumlah penduduk ber-KTP-el",
          target="1.250", realisasi="1.180", sumber_data="Disdukcapil",
          yang_membidangi="Kasi Pemerintahan"),
        R(10, no="1", sasaran=SASARAN_1, indikator="Nilai evaluasi kinerja kecamatan",
          target="BB", realisasi="B", ket="hasil evaluasi 2025"),
        # row 11 is empty; the signature block below row 12 is not data
        R(12, no="2", sasaran="Tertibnya administrasi pertanahan",
          indikator="Rata-rata waktu pelayanan (hari)", target="3,5", realisasi="4,25",
          yang_membidangi="Kasi Pemerintahan"),
    ]


def test_header_variations_numbering_row_satuan_polaritas():
    result = read_format_xlsx(W.header_variations())
    # The notes sheet comes first but has no header; the lying <dimension> is ignored.
    assert (result.sheet, result.header_row) == ("Data", 3)
    assert result.columns == ["no", "sasaran", "indikator", "satuan", "target", "realisasi",
                              "program", "sumber_data", "yang_membidangi", "ket", "polaritas"]
    kesos = "Meningkatnya kesejahteraan sosial masyarakat"
    assert rows_of(result) == [
        R(5, no="1", sasaran=kesos, indikator="Jumlah warga miskin", satuan="jiwa",
          target="1.250", realisasi="1.300", program="Program Pemberdayaan Masyarakat",
          sumber_data="DTKS", yang_membidangi="Kasi Kesos", polaritas="negatif"),
        R(6, no="2", sasaran=kesos, indikator="Persentase bantuan tepat sasaran", satuan="%",
          target="100%", realisasi="85,5 %", sumber_data="Laporan PKH",
          yang_membidangi="Kasi Kesos", polaritas="positif"),
        R(7, indikator="Jumlah pengaduan masyarakat", satuan="pengaduan", target="12",
          realisasi="15", ket="sasaran lupa diisi", polaritas="naik"),
        R(8, no="3", sasaran="Terlaksananya kegiatan keagamaan", indikator="Kegiatan MTQ",
          target="Ada", realisasi="Ada", yang_membidangi="Kasi Kesos"),
    ]
    assert result.problems == [
        Problem(7, "Sasaran Strategis",
                "Sasaran Strategis kosong; isi sasaran, atau gabungkan (merge) selnya dengan "
                "sasaran di atasnya"),
        Problem(7, "Polaritas", "Polaritas 'naik' tidak dikenal; isi 'positif' atau 'negatif'"),
    ]
    assert str(result.problems[1]).startswith("Baris 7, kolom Polaritas: ")


PELAYANAN = "Meningkatnya kualitas pelayanan publik"


def test_formulas_without_cached_values_are_problems():
    result = read_format_xlsx(W.formulas())
    assert rows_of(result) == [
        R(4, no="1", sasaran=PELAYANAN, indikator="Jumlah layanan administrasi"),
        R(5, sasaran=PELAYANAN, indikator="Indeks kepuasan masyarakat", target="90%"),
        R(6, sasaran=PELAYANAN, indikator="Dokumen SOP pelayanan", realisasi="12 dokumen"),
    ]
    assert result.problems == [
        Problem(4, "Target", MSG_FORMULA_NO_VALUE),
        Problem(4, "Realisasi/ Progres Capaian", MSG_FORMULA_NO_VALUE),
        Problem(5, "Realisasi/ Progres Capaian", MSG_FORMULA_NO_VALUE),
        Problem(6, "Target", MSG_FORMULA_NO_VALUE),
        Problem(6, "Yang membidangi", MSG_FORMULA_NO_VALUE),
    ]


@pytest.mark.subprocess
def test_formulas_recalculated_by_libreoffice_carry_values():
    if W.libreoffice_binary() is None:
        print("SKIP reason: neither libreoffice nor soffice is on PATH")
        pytest.skip("LibreOffice (libreoffice/soffice) tidak terpasang")
    result = read_format_xlsx(W.recalculate_with_libreoffice(W.formulas()))
    assert result.problems == []
    assert rows_of(result) == [
        R(4, no="1", sasaran=PELAYANAN, indikator="Jumlah layanan administrasi",
          target="1.250", realisasi="1.180"),
        R(5, sasaran=PELAYANAN, indikator="Indeks kepuasan masyarakat",
          target="90%", realisasi="85,5%"),
        R(6, sasaran=PELAYANAN, indikator="Dokumen SOP pelayanan",
          target="12 dokumen", realisasi="12 dokumen", yang_membidangi="Kasi Pelayanan Publik"),
    ]


def test_excel_error_values_and_rows_without_indikator():
    wb = Workbook()
    ws = wb.active
    ws.append(FORMAT_COLUMNS)
    ws.append(["1", "Sasaran A", "Indikator A", 10, "#DIV/0!"])
    ws.append(["2", "Sasaran B"])                              # sasaran typed, no indikator
    ws.append(["3"])                                           # a pre-numbered empty line
    ws.append([None, "Sasaran C", "Indikator C", "5", "5", None, None, None, None])
    ws.append([None, None, None, None, None, None, None, None, "Catatan kaki"])  # below table
    result = read_format_xlsx(xlsx(wb))
    assert rows_of(result) == [
        R(2, no="1", sasaran="Sasaran A", indikator="Indikator A", target="10", realisasi="#DIV/0!"),
        R(3, no="2", sasaran="Sasaran B"),
        R(5, sasaran="Sasaran C", indikator="Indikator C", target="5", realisasi="5"),
    ]
    assert result.problems == [
        Problem(2, "Realisasi/ Progres Capaian", "sel berisi galat Excel #DIV/0!"),
        Problem(3, "Indikator Kinerja", "Indikator Kinerja kosong"),
    ]


def test_header_only_sheet_reports_no_rows():
    wb = Workbook()
    wb.active.append(FORMAT_COLUMNS)
    wb.active.append(list(range(1, 10)))
    result = read_format_xlsx(xlsx(wb))
    assert result.rows == []
    assert result.problems == [Problem(None, None, "Tidak ada baris data di bawah judul kolom.")]


# --------------------------------------------------------------------------
# Round trip and the written form's layout
# --------------------------------------------------------------------------

FORM_ROWS = [
    dict(no="1", sasaran=SASARAN_1, indikator="Persentase nagari dengan profil lengkap",
         target="100%", realisasi="85,5 %", program="Program Penyelenggaraan Pemerintahan\nKegiatan A",
         sumber_data="Profil Nagari", yang_membidangi="Kasi Pemerintahan", ket="",
         satuan="%", polaritas="positif"),
    dict(no="1", sasaran=SASARAN_1, indikator="Jumlah pengaduan", target="12", realisasi="1.250",
         program="", sumber_data="", yang_membidangi="Kasi Pemerintahan", ket="=bukan rumus",
         satuan="pengaduan", polaritas="negatif"),
    dict(no="2", sasaran="Sasaran dua", indikator="Nilai SAKIP", target="BB", realisasi="B",
         program="", sumber_data="", yang_membidangi="", ket="", satuan="", polaritas="positif"),
    dict(no="3", sasaran="Sasaran tiga", indikator="Dokumen", target="12 dokumen", realisasi="",
         program="", sumber_data="", yang_membidangi="", ket="kegiatan belum berjalan",
         satuan="dokumen", polaritas=""),
    dict(no="4", sasaran="Sasaran tiga", indikator="Dokumen 2", target="Ada", realisasi="Tidak ada",
         program="", sumber_data="", yang_membidangi="", ket="", satuan="", polaritas=""),
]


def _form(rows=FORM_ROWS, **kw) -> bytes:
    return write_format_xlsx(title="FORMULIR PENGUMPULAN PERENCANAAN KINERJA",
                             subtitle="KECAMATAN GUGUAK KABUPATEN LIMA PULUH KOTA",
                             unit_name="Seksi Pemerintahan", year=2026, rows=rows, **kw)


def test_round_trip_gives_back_the_rows():
    result = read_format_xlsx(_form())
    assert result.problems == []
    assert result.header_row == 6
    assert [{k: v for k, v in r.items() if k != "excel_row"} for r in rows_of(result)] == FORM_ROWS
    assert [r.excel_row for r in result.rows] == [8, 9, 10, 11, 12]


def test_round_trip_without_satuan_polaritas_blank_form():
    blank = [{**r, "realisasi": ""} for r in FORM_ROWS]
    result = read_format_xlsx(_form(blank, include_satuan_polaritas=False))
    assert result.columns == ["no", "sasaran", "indikator", "target", "realisasi", "program",
                              "sumber_data", "yang_membidangi", "ket"]
    expected = [{**r, "satuan": "", "polaritas": ""} for r in blank]
    assert [{k: v for k, v in r.items() if k != "excel_row"} for r in rows_of(result)] == expected


def test_written_form_layout():
    wb = load_workbook(io.BytesIO(_form()))
    ws = wb.active
    assert [ws.cell(row=r, column=1).value for r in range(1, 5)] == [
        "FORMULIR PENGUMPULAN PERENCANAAN KINERJA", "KECAMATAN GUGUAK KABUPATEN LIMA PULUH KOTA",
        "Seksi Pemerintahan", "Tahun 2026"]
    assert [c.value for c in ws[6]] == FORMAT_COLUMNS + ["Satuan", "Polaritas"]
    assert [c.value for c in ws[7]] == list(range(1, 12))
    merged = {str(r) for r in ws.merged_cells.ranges}
    # sasaran 1 over rows 8-9 (No too: both "1"); sasaran tiga over 11-12 but No differs
    assert {"B8:B9", "A8:A9", "B11:B12"} <= merged
    assert "A11:A12" not in merged
    assert ws.print_title_rows == "$6:$7"
    assert ws.page_setup.orientation == "landscape"
    assert ws.freeze_panes == "A8"
    assert ws["C8"].alignment.wrap_text and ws["C8"].border.left.style == "thin"
    assert ws["D8"].number_format == "@"
    assert ws["I9"].value == "=bukan rumus" and ws["I9"].data_type == "s"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width


def test_empty_form_has_lines_to_fill():
    wb = load_workbook(io.BytesIO(_form([])))
    ws = wb.active
    assert ws.max_row == 7 + 10
    assert ws["C17"].border.bottom.style == "thin"


# --------------------------------------------------------------------------
# Whole-file errors
# --------------------------------------------------------------------------

def _raises(data: bytes, pattern: str, **kw) -> ValidationError:
    with pytest.raises(ValidationError, match=pattern) as info:
        read_format_xlsx(data, **kw)
    return info.value


def test_empty_file():
    _raises(b"", "File kosong")


def test_xls_or_password_protected():
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    _raises(ole, "terproteksi kata sandi atau format .xls lama; simpan sebagai .xlsx tanpa kata sandi")


def test_csv_renamed_xlsx():
    text = ";".join(FORMAT_COLUMNS) + "\r\n1;Sasaran;Indikator;100%;90%;;;;\r\n"
    _raises(text.encode("utf-8-sig"), "teks \\(CSV\\)")


def test_corrupt_zip():
    good = _form()
    _raises(good[: len(good) // 2], "rusak")


def test_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    _raises(buf.getvalue(), "Word")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("foto.jpg", b"\xff\xd8")
    _raises(buf.getvalue(), "bukan file Excel")


def test_broken_workbook_inside_a_valid_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<<<not xml")
    _raises(buf.getvalue(), "rusak")


def test_zip_bomb_refused_before_parsing():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (101 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 2 * 1024 * 1024
    _raises(data, "terlalu besar")
    _raises(_form(), "terlalu besar", max_uncompressed_bytes=1000)


def test_no_recognisable_header():
    wb = Workbook()
    wb.active.append(["Nama", "Alamat", "Telepon"])
    wb.active.append(["Budi", "Guguak", "0812"])
    err = _raises(xlsx(wb), "(?i)judul kolom format SOP tidak ditemukan")
    assert "Realisasi/ Progres Capaian" in str(err)


def test_partial_header_names_the_missing_columns():
    wb = Workbook()
    wb.active.title = "Isian"
    wb.active.append(["No", "Sasaran Strategis", "Indikator Kinerja", "Target"])
    err = _raises(xlsx(wb), "(?i)judul kolom format SOP tidak ditemukan")
    assert "lembar 'Isian': kolom Realisasi/ Progres Capaian tidak ada" in str(err)


def test_header_below_row_30_is_not_found():
    wb = Workbook()
    for _ in range(30):
        wb.active.append(["judul"])
    wb.active.append(FORMAT_COLUMNS)
    _raises(xlsx(wb), "(?i)judul kolom format SOP tidak ditemukan")


# --------------------------------------------------------------------------
# Size
# --------------------------------------------------------------------------

@pytest.mark.slow
def test_ten_thousand_rows(monkeypatch):
    # see tests/test_formats.py::test_import_ten_thousand_rows for why the limit is raised
    from lib import excel

    monkeypatch.setattr(excel, "PARSE_TIMEOUT_S", 120)
    rows = [dict(no=str(i // 5 + 1), sasaran=f"Sasaran {i // 5 + 1}", indikator=f"Indikator {i}",
                 target="100%", realisasi=f"{i % 100},5 %", program="Program X", sumber_data="Laporan",
                 yang_membidangi="Kasi Pemerintahan", ket="", satuan="%", polaritas="positif")
            for i in range(10_000)]
    t0 = time.perf_counter()
    data = _form(rows)
    t1 = time.perf_counter()
    result = read_format_xlsx(data)
    t2 = time.perf_counter()
    print(f"10.000 baris: tulis {t1 - t0:.2f} s, baca {t2 - t1:.2f} s, {len(data)} byte")
    assert result.problems == []
    assert len(result.rows) == 10_000
    last = result.rows[-1].as_dict()
    assert last == {"excel_row": 8 + 9_999, **rows[-1]}
    # merged Sasaran/No carried down inside each group of five
    assert result.rows[7].sasaran == "Sasaran 2" and result.rows[7].no == "2"


# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------

UNITS = [
    ("pem", "Seksi Pemerintahan", "Kasi Pemerintahan"),
    ("pelayanan", "Seksi Pelayanan Publik", "Kasi Pelayanan Publik"),
    ("kesos", "Seksi Kesejahteraan Sosial", "Kasi Kesejahteraan Sosial"),
    ("umum", "Subbag Umum, Kepegawaian, Keuangan dan Aset",
     "Kasubbag Umum, Kepegawaian, Keuangan dan Aset"),
    ("pep", "Subbag Perencanaan, Evaluasi dan Pelaporan",
     "Kasubbag Perencanaan, Evaluasi dan Pelaporan"),
]


@pytest.mark.parametrize("text, code", [
    ("Seksi Pelayanan Publik", "pelayanan"),
    ("  KASI   pelayanan publik ", "pelayanan"),
    ("Kepala Seksi Pelayanan Publik", "pelayanan"),
    ("Kasi Pemerintahan", "pem"),
    ("seksi pemerintahan", "pem"),
    ("Kasubag Umum, Kepegawaian, Keuangan dan Aset", "umum"),
    ("Kasubbag Umum Kepegawaian Keuangan & Aset", "umum"),
    ("Sub Bagian Perencanaan, Evaluasi dan Pelaporan", "pep"),
    ("Kasubag Perencanaan Evaluasi dan Pelaporan", "pep"),
    ("pep", "pep"),
    ("Pelayanan Publik", "pelayanan"),
    ("Seksi Trantib", None),
    ("Kasubbag Pelayanan Publik", None),   # a seksi, not a subbag
    ("", None),
])
def test_match_unit(text, code):
    assert match_unit(text, UNITS) == code


# --------------------------------------------------------------------------
# Rekap and generic exports
# --------------------------------------------------------------------------

REKAP_ROWS = [
    dict(no="1", sasaran="Sasaran A", indikator="Indikator A", target="100%", realisasi="85,71%",
         program="Program", sumber_data="Laporan", yang_membidangi="Kasi Pemerintahan", ket="",
         satuan="%", polaritas="positif", capaian=85.71428571, predikat="Baik"),
    dict(no="2", sasaran="Sasaran A", indikator="Indikator B", target="0", realisasi="3",
         satuan="kasus", polaritas="positif", capaian=None,
         predikat="tidak dapat dihitung: target 0"),
    dict(no="3", sasaran="Sasaran B", indikator="Indikator C", target="=1+1", realisasi="-",
         satuan="", polaritas="negatif", capaian=0.0, predikat="Sangat Kurang"),
]
AVERAGES = [
    dict(sasaran="Sasaran A", jumlah_dihitung=1, rata_rata=85.71428571, predikat="Baik",
         tidak_dihitung=["Indikator B: target 0"]),
    dict(sasaran="Sasaran B", jumlah_dihitung=0, rata_rata=None, predikat="", tidak_dihitung=0),
]


def test_rekap_xlsx():
    wb = load_workbook(io.BytesIO(write_rekap_xlsx(REKAP_ROWS, AVERAGES)))
    assert wb.sheetnames == ["Rekap", "Rata-rata Sasaran"]
    ws = wb["Rekap"]
    assert [c.value for c in ws[1]] == REKAP_COLUMNS
    assert REKAP_COLUMNS[:9] == FORMAT_COLUMNS
    assert REKAP_COLUMNS[9:] == ["Satuan", "Polaritas", "Capaian (%)", "Predikat"]
    row2 = [c.value for c in ws[2]]
    assert row2[:5] == ["1", "Sasaran A", "Indikator A", "100%", "85,71%"]
    assert ws["L2"].value == pytest.approx(85.71428571) and ws["L2"].data_type == "n"
    assert ws["L2"].number_format == "0.00"
    assert ws["M2"].value == "Baik"
    assert ws["L3"].value is None and ws["M3"].value == "tidak dapat dihitung: target 0"
    assert ws["L4"].value == 0 and ws["D4"].value == "=1+1" and ws["D4"].data_type == "s"
    avg = wb["Rata-rata Sasaran"]
    assert [c.value for c in avg[1]] == ["Sasaran", "Jumlah indikator dihitung",
                                         "Rata-rata capaian (%)", "Predikat", "Tidak dihitung"]
    assert [c.value for c in avg[2]] == ["Sasaran A", 1, pytest.approx(85.71428571), "Baik",
                                         "Indikator B: target 0"]
    assert avg["C2"].number_format == "0.00"
    assert [c.value for c in avg[3]] == ["Sasaran B", 0, None, None, 0]


def test_rekap_csv():
    data = write_rekap_csv(REKAP_ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == REKAP_COLUMNS
    assert lines[1] == ["1", "Sasaran A", "Indikator A", "100%", "85,71%", "Program", "Laporan",
                        "Kasi Pemerintahan", "", "%", "positif", "85,71", "Baik"]
    assert lines[2][11:] == ["", "tidak dapat dihitung: target 0"]
    # a text Excel would evaluate is defused; "-" and "0" stay as typed
    assert lines[3][3:5] == ["'=1+1", "-"]
    assert lines[3][11] == "0,00"


def test_table_exports():
    headers = ["Nama", "Jumlah", "Nilai"]
    rows = [["Seksi Pemerintahan", 1250, 85.5], ["@SUM(A1)", None, -2.25], ["Baris\nkedua", 3, 0.1 + 0.2]]
    wb = load_workbook(io.BytesIO(write_table_xlsx(headers, rows, "Data/Ekspor")))
    ws = wb.active
    assert ws.title == "Data Ekspor"
    assert [c.value for c in ws[1]] == headers
    assert [c.value for c in ws[2]] == ["Seksi Pemerintahan", 1250, 85.5]
    assert ws.freeze_panes == "A2"
    text = write_table_csv(headers, rows).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines == [headers, ["Seksi Pemerintahan", "1250", "85,5"], ["'@SUM(A1)", "", "-2,25"],
                     ["Baris\nkedua", "3", "0,3"]]
