"""Builders of messy real-world-like workbooks for the importer tests.

Each function returns the .xlsx bytes; the expected rows live in
tests/test_excel.py so each assertion reads on its own.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def titled_merged_percent() -> bytes:
    """Title rows above the header, numbering row, Sasaran and No merged
    vertically, percent-formatted and plain numeric cells, a blank line in
    the table, a signature block below it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Seksi Pemerintahan"
    ws["A1"] = "FORMULIR PENGUMPULAN PERENCANAAN KINERJA"
    ws.merge_cells("A1:I1")
    ws["A2"] = "KECAMATAN GUGUAK KABUPATEN LIMA PULUH KOTA"
    ws.merge_cells("A2:I2")
    ws["A3"] = "Seksi Pemerintahan"
    ws["A4"] = "Tahun 2026"
    ws["A1"].font = Font(bold=True)
    header = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
              "Realisasi/ Progres Capaian", "Program/Kegiatan/ Sub Kegiatan",
              "Sumber Data", "Yang membidangi", "Ket"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=6, column=c, value=h)
        ws.cell(row=7, column=c, value=c)
    # Sasaran 1: three indicators, Sasaran and No merged over rows 8-10.
    ws["A8"] = 1
    ws["B8"] = "Meningkatnya kualitas penyelenggaraan pemerintahan"
    ws.merge_cells("A8:A10")
    ws.merge_cells("B8:B10")
    ws["C8"] = "Persentase nagari dengan profil lengkap"
    ws["D8"] = 0.9
    ws["D8"].number_format = "0%"
    ws["E8"] = 0.855
    ws["E8"].number_format = "0.0%"
    ws["F8"] = "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik\nKoordinasi Penyelenggaraan"
    ws["G8"] = "Profil Nagari"
    ws["H8"] = "Kasi Pemerintahan"
    ws["C9"] = "Jumlah penduduk ber-KTP-el"
    ws["D9"] = 1250
    ws["E9"] = 1180
    ws["E9"].number_format = "#,##0"
    ws["G9"] = "Disdukcapil"
    ws["H9"] = "Kasi Pemerintahan"
    ws["C10"] = "Nilai evaluasi kinerja kecamatan"
    ws["D10"] = "BB"
    ws["E10"] = "  B "
    ws["I10"] = "hasil evaluasi 2025"
    # row 11 left empty on purpose
    ws["A12"] = 2
    ws["B12"] = "Tertibnya administrasi pertanahan"
    ws["C12"] = "Rata-rata waktu pelayanan (hari)"
    ws["D12"] = 3.5
    ws["E12"] = 4.25
    ws["E12"].number_format = "0.00"
    ws["H12"] = "Kasi Pemerintahan"
    # Signature block below the table.
    ws["H15"] = "Guguak, 12 Januari 2027"
    ws["H16"] = "Kasi Pemerintahan"
    ws["H19"] = "NIP. 19800101 200501 1 001"
    for row in ws.iter_rows(min_row=8, max_row=12):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(wb)


def header_variations() -> bytes:
    """A notes sheet first; the data sheet's header spelt differently, with
    Satuan and Polaritas columns, a "(1)".."(11)" numbering row, one row
    whose sasaran is missing without a merge, one bad polaritas, and a
    sheet dimension that lies."""
    wb = Workbook()
    notes = wb.active
    notes.title = "Petunjuk"
    notes["A1"] = "Petunjuk pengisian"
    notes["A2"] = "Isi kolom Realisasi dengan capaian sampai akhir tahun."
    notes["A3"] = "Indikator Kinerja"  # a stray header-like word must not fool the scan
    ws = wb.create_sheet("Data")
    ws["A1"] = "REKAP SEKSI KESEJAHTERAAN SOSIAL TAHUN 2026"
    header = ["NO.", "SASARAN\nSTRATEGIS", "Indikator  Kinerja", "Satuan", "TARGET 2026",
              "REALISASI", "Program / Kegiatan /\nSub Kegiatan", "Sumber data",
              "Yang Membidangi", "Keterangan", "POLARITAS"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=3, column=c, value=h)
        ws.cell(row=4, column=c, value=f"({c})")
    rows = [
        ["1", "Meningkatnya kesejahteraan sosial masyarakat", "Jumlah warga miskin", "jiwa",
         "1.250", "1.300", "Program Pemberdayaan Masyarakat", "DTKS", "Kasi Kesos", "", "Negatif"],
        ["2", "Meningkatnya kesejahteraan sosial masyarakat", "Persentase bantuan tepat sasaran", "%",
         "100%", "85,5 %", "", "Laporan PKH", "Kasi Kesos", "", "POSITIF"],
        [None, None, "Jumlah pengaduan masyarakat", "pengaduan", 12, 15, None, None, None,
         "sasaran lupa diisi", "naik"],
        ["3", "Terlaksananya kegiatan keagamaan", "Kegiatan MTQ", "", "Ada", "Ada", None, None,
         "Kasi Kesos", None, None],
    ]
    for r, values in enumerate(rows, start=5):
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
    # Excel and some exporters leave a wrong <dimension>; the reader must not trust it.
    out = io.BytesIO(_save(wb))
    return _rewrite_dimension(out.getvalue(), "xl/worksheets/sheet2.xml", "A1:C2")


def _rewrite_dimension(data: bytes, member: str, ref: str) -> bytes:
    import re
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == member:
                body = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref.encode() + b'"', body)
            dst.writestr(info, body)
    return out.getvalue()


def formulas() -> bytes:
    """Target/Realisasi as formulas (openpyxl stores no cached values), one of
    them percent-formatted, with a merged Sasaran. Recalculate it with
    ``recalculate_with_libreoffice`` to get the cached values Excel would save."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Format"
    ws["A1"] = "FORMULIR PENGUMPULAN PERENCANAAN KINERJA"
    header = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
              "Realisasi / Progres Capaian", "Program/Kegiatan/Sub Kegiatan",
              "Sumber Data", "Yang membidangi", "Ket"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=3, column=c, value=h)
    ws["A4"] = 1
    ws["B4"] = "Meningkatnya kualitas pelayanan publik"
    ws.merge_cells("B4:B6")
    ws["C4"] = "Jumlah layanan administrasi"
    ws["D4"] = "=1000+250"
    ws["E4"] = "=SUM(K4:M4)"
    ws["K4"], ws["L4"], ws["M4"] = 400, 500, 280  # helper columns outside the format
    ws["C5"] = "Indeks kepuasan masyarakat"
    ws["D5"] = 0.9
    ws["D5"].number_format = "0%"
    ws["E5"] = "=ROUND(171/200,3)"
    ws["E5"].number_format = "0.0%"
    ws["C6"] = "Dokumen SOP pelayanan"
    ws["D6"] = '="12 "&"dokumen"'
    ws["E6"] = "12 dokumen"
    ws["H6"] = "=\"Kasi \"&\"Pelayanan Publik\""
    return _save(wb)


def libreoffice_binary() -> str | None:
    for name in ("libreoffice", "soffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def recalculate_with_libreoffice(data: bytes) -> bytes:
    """Open and save through LibreOffice headless, as a user opening and
    saving the file would, so every formula gets a cached value. Uses a
    private profile so it does not collide with other LibreOffice runs."""
    binary = libreoffice_binary()
    if binary is None:
        raise RuntimeError("LibreOffice tidak terpasang")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "in" / "formulir.xlsx"
        src.parent.mkdir()
        src.write_bytes(data)
        out_dir = tmp_path / "out"
        out_dir.mkdir()
        profile = (tmp_path / "profile").as_uri()
        proc = subprocess.run(
            [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir), str(src)],
            capture_output=True, timeout=180,
        )
        result = out_dir / "formulir.xlsx"
        if proc.returncode != 0 or not result.exists():
            raise RuntimeError(
                f"LibreOffice gagal ({proc.returncode}): {proc.stdout!r} {proc.stderr!r}")
        return result.read_bytes()
