"""Excel in and out of the SOP's nine-column format (DOMAIN.md §5).

Plain functions, no database, no streamlit:

* ``write_format_xlsx``  - the paper form "Formulir Pengumpulan Perencanaan
  Kinerja" as a workbook (blank when realisasi is empty).
* ``read_format_xlsx``   - reads a filled form back, tolerant of the ways
  people actually lay such sheets out; returns the cell texts *as typed*
  (numbers rendered in Indonesian spelling) plus a list of problems.  Parsing
  values/satuan out of those texts is another module's job.
* ``match_unit``         - maps a unit name or its head's title to a unit code.
* ``write_rekap_xlsx`` / ``write_rekap_csv`` - the rekapitulasi with capaian.
* ``write_table_xlsx`` / ``write_table_csv`` - generic exports.

Reading uses openpyxl's read-only mode (streaming, several times faster on
large sheets) for the values and number formats, plus one streaming pass of
our own over the chosen sheet's XML for the two things read-only mode does not
expose: merged ranges and formulas that carry no cached value.
"""
from __future__ import annotations

import csv
from copy import copy
import datetime as dt
import copy as _copy
import hashlib
import io
import math
import re
import threading
import unicodedata
import warnings
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange

from lib import sandbox, uploads
from lib.errors import ValidationError
from lib.spelling import format_date, format_month, format_number

# --------------------------------------------------------------------------
# The format
# --------------------------------------------------------------------------

FORMAT_COLUMNS = [
    "No",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Target",
    "Realisasi/ Progres Capaian",
    "Program/Kegiatan/ Sub Kegiatan",
    "Sumber Data",
    "Yang membidangi",
    "Ket",
]
FORMAT_KEYS = [
    "no", "sasaran", "indikator", "target", "realisasi",
    "program", "sumber_data", "yang_membidangi", "ket",
]
EXTRA_COLUMNS = ["Satuan", "Polaritas"]
EXTRA_KEYS = ["satuan", "polaritas"]
ALL_KEYS = FORMAT_KEYS + EXTRA_KEYS
COLUMN_NAME = dict(zip(ALL_KEYS, FORMAT_COLUMNS + EXTRA_COLUMNS))
REQUIRED_KEYS = ("sasaran", "indikator", "target", "realisasi")
POLARITAS_VALUES = ("positif", "negatif")

REKAP_COLUMNS = FORMAT_COLUMNS + ["Satuan", "Polaritas", "Capaian (%)", "Predikat"]
AVERAGE_COLUMNS = [
    "Sasaran", "Jumlah indikator dihitung", "Rata-rata capaian (%)",
    "Predikat", "Tidak dihitung",
]

HEADER_SCAN_ROWS = 30
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_DATA_ROWS = 50_000

MSG_FORMULA_NO_VALUE = "rumus tanpa nilai tersimpan, buka dan simpan ulang di Excel"

# --------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    excel_row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.excel_row is not None:
            where.append(f"baris {self.excel_row}")
        if self.column:
            where.append(f"kolom {self.column}")
        prefix = ", ".join(where)
        return (prefix[:1].upper() + prefix[1:] + ": " if where else "") + self.message


@dataclass
class ImportedRow:
    """One data row, every value the cell's text as typed ("" when empty)."""
    excel_row: int
    no: str = ""
    sasaran: str = ""
    indikator: str = ""
    target: str = ""
    realisasi: str = ""
    program: str = ""
    sumber_data: str = ""
    yang_membidangi: str = ""
    ket: str = ""
    satuan: str = ""
    polaritas: str = ""   # "positif" / "negatif" (normalised), "" when absent/empty, else as typed

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportResult:
    rows: list[ImportedRow]
    problems: list[Problem]
    header_row: int
    sheet: str
    columns: list[str] = field(default_factory=list)  # keys found in the header, sheet order


# --------------------------------------------------------------------------
# Cell text rendering (Indonesian spelling)
# --------------------------------------------------------------------------


def _number(value: float | int | Decimal, *, grouping: bool = True) -> str:
    """A cell's number in Indonesian spelling (``lib.spelling``): 1250 -> "1.250",
    85.5 -> "85,5"; float noise past 10 decimals dropped (0.1 + 0.2 -> "0,3")."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        value = round(value, 10)
    return format_number(value, grouping=grouping)


def _is_percent_format(number_format: str | None) -> bool:
    if not number_format or "%" not in number_format:
        return False
    stripped = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in stripped


def _format_date(value: dt.date | dt.datetime, number_format: str | None) -> str:
    fmt = (number_format or "").lower()
    fmt = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)
    has_day = "d" in fmt
    if isinstance(value, dt.datetime):
        d = value.date()
        has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
    else:
        d, has_time = value, False
    text = format_date(d) if has_day or not fmt else format_month(d)
    if has_time:
        text += f" {value.hour:02d}.{value.minute:02d}"
    return text


def cell_text(value: Any, number_format: str | None = None) -> str:
    """The text a cell shows, in Indonesian spelling; "" for empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (dt.datetime, dt.date)):
        return _format_date(value, number_format)
    if isinstance(value, dt.time):
        return f"{value.hour:02d}.{value.minute:02d}"
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        if _is_percent_format(number_format):
            return _number(round(float(value) * 100, 10)) + "%"
        return _number(value)
    return str(value).strip()


# --------------------------------------------------------------------------
# Header recognition
# --------------------------------------------------------------------------


def _norm(text: Any) -> str:
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"[\s_]+", " ", text)
    return text.strip(" .:*\t")


def header_key(text: Any) -> str | None:
    """Which format column a header cell names, or None."""
    t = _norm(text)
    if not t:
        return None
    if t in ("no", "no.", "nomor", "no urut", "nomor urut", "#"):
        return "no"
    if t.startswith("sasaran"):
        return "sasaran"
    if t.startswith("indikator") or t in ("iku", "indikator kinerja utama"):
        return "indikator"
    if t.startswith("target"):
        return "target"
    if t.startswith("realisasi") or t.startswith("progres"):
        return "realisasi"
    if t.startswith("program"):
        return "program"
    if t.startswith("sumber data") or t == "sumber":
        return "sumber_data"
    if t.startswith("yang membidangi") or t in ("penanggung jawab", "bidang", "unit kerja", "pj"):
        return "yang_membidangi"
    if t in ("ket", "keterangan") or t.startswith("keterangan"):
        return "ket"
    if t.startswith("satuan"):
        return "satuan"
    if t.startswith("polaritas"):
        return "polaritas"
    return None


def _header_map(values: Iterable[Any]) -> dict[str, int]:
    """key -> 0-based column index for a candidate header row (first match wins)."""
    found: dict[str, int] = {}
    for idx, value in enumerate(values):
        if not isinstance(value, str):
            continue
        key = header_key(value)
        if key and key not in found:
            found[key] = idx
    return found


_NUMBERING_RE = re.compile(r"^\(?(\d{1,2})\)?\.?$")


def _is_numbering_row(values: list[Any], cols: dict[str, int]) -> bool:
    nums = []
    for idx in sorted(cols.values()):
        v = values[idx] if idx < len(values) else None
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)):
            if float(v) != int(v):
                return False
            nums.append(int(v))
        elif isinstance(v, str) and _NUMBERING_RE.match(v.strip()):
            nums.append(int(_NUMBERING_RE.match(v.strip()).group(1)))
        else:
            return False
    return len(nums) >= 3 and all(b == a + 1 for a, b in zip(nums, nums[1:]))


# --------------------------------------------------------------------------
# Whole-file checks
# --------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _open_zip(data: bytes, max_uncompressed: int) -> zipfile.ZipFile:
    if not data:
        raise ValidationError("File kosong (0 byte). Unggah file Excel .xlsx yang berisi format SOP.")
    if data[:4] == _OLE_MAGIC:
        raise ValidationError(
            "File terproteksi kata sandi atau format .xls lama; "
            "simpan sebagai .xlsx tanpa kata sandi, lalu unggah ulang."
        )
    if data[:2] != b"PK":
        head = data[:4096]
        try:
            sample = head.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                sample = head.decode("cp1252")
            except UnicodeDecodeError:  # pragma: no cover - cp1252 decodes nearly all
                sample = ""
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
        if sample and printable / len(sample) > 0.95:
            if head.lstrip().lower().startswith((b"<html", b"<!doctype", b"<?xml", b"<table")):
                raise ValidationError(
                    "File ini berisi halaman web/XML, bukan Excel .xlsx; buka di Excel lalu "
                    "simpan sebagai Excel Workbook (.xlsx)."
                )
            raise ValidationError(
                "File ini berisi teks (CSV) yang diberi nama .xlsx, bukan file Excel; buka di "
                "Excel lalu simpan sebagai Excel Workbook (.xlsx)."
            )
        raise ValidationError("File ini bukan file Excel .xlsx (isi file tidak dikenali).")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(
            "File Excel rusak atau tidak lengkap (arsip tidak dapat dibuka); "
            "simpan ulang dari Excel lalu unggah lagi."
        ) from exc
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed:
        raise ValidationError(
            f"File terlalu besar setelah dibuka ({_number(total // (1024 * 1024))} MB, "
            f"batas {_number(max_uncompressed // (1024 * 1024))} MB); "
            "kurangi isi file atau pecah menjadi beberapa file."
        )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        if "word/document.xml" in names:
            raise ValidationError("File ini dokumen Word (.docx), bukan Excel .xlsx.")
        raise ValidationError("File ini bukan file Excel .xlsx (arsip ZIP tanpa isi workbook).")
    return zf


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_COORD_RE = re.compile(r"^([A-Z]+)(\d+)$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"')
_FORMULA_TAG_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _scan_sheet_xml(zf: zipfile.ZipFile, path: str) -> tuple[list[tuple[int, int, int, int]], set[tuple[int, int]]]:
    """Merged ranges (min_col, min_row, max_col, max_row) and (row, col) of
    formula cells that have no cached value. Merges come from a regex over the
    raw XML; the element-by-element pass runs only when formulas exist."""
    raw = zf.read(path)
    merges: list[tuple[int, int, int, int]] = []
    for m in _MERGE_RE.finditer(raw):
        try:
            b = range_boundaries(m.group(1).decode("ascii", "replace"))
        except (ValueError, TypeError):
            continue
        if None not in b:
            merges.append(tuple(b))  # type: ignore[arg-type]
    uncached: set[tuple[int, int]] = set()
    if not _FORMULA_TAG_RE.search(raw):
        return merges, uncached
    row_no = 0
    col_no = 0
    with io.BytesIO(raw) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = _local(el.tag)
            if event == "start":
                if tag == "row":
                    r = el.get("r")
                    row_no = int(r) if r else row_no + 1
                    col_no = 0
                elif tag == "c":
                    ref = el.get("r")
                    m = _COORD_RE.match(ref) if ref else None
                    col_no = _col_index(m.group(1)) if m else col_no + 1
                continue
            if tag == "c":
                has_f = has_v = False
                for child in el:
                    ctag = _local(child.tag)
                    if ctag == "f":
                        has_f = True
                    elif ctag == "v":
                        # openpyxl writes an empty <v/> for a formula it never
                        # computed; an empty text result is typed t="str".
                        has_v = bool(child.text) or el.get("t") in ("str", "s", "inlineStr")
                    elif ctag == "is":
                        has_v = True
                if has_f and not has_v:
                    uncached.add((row_no, col_no))
            elif tag == "row":
                el.clear()
    return merges, uncached


def _find_header(ws) -> tuple[int, dict[str, int], Any] | tuple[None, dict[str, int], Any]:
    """Scan the first rows of a read-only sheet. Returns (header_row, map, rows_iter)
    with rows_iter positioned after the header, or (None, best_partial_map, None)."""
    ws.reset_dimensions()  # some writers store a wrong <dimension>
    rows = ws.iter_rows()
    best: dict[str, int] = {}
    for r_idx, row in enumerate(rows, start=1):
        values = [c.value for c in row]
        cols = _header_map(values)
        if all(k in cols for k in REQUIRED_KEYS):
            return r_idx, cols, rows
        if len(cols) > len(best):
            best = cols
        if r_idx >= HEADER_SCAN_ROWS:
            break
    return None, best, None


# Limits fit for a kecamatan's nine-column format (a few hundred rows), checked on the
# raw package before openpyxl parses anything (issue #18: a 7 KB file with merges down to
# row 1,048,576, or one cell on the last row, parsed for minutes).
MAX_SHEET_ROWS = 12_000   # format.workbook.MAX_IMPORT_ROWS (10.000) + title, header, signature
MAX_SHEET_COLS = 60
MAX_MERGES = 20_000
MAX_XML_MEMBER_BYTES = 10 * 1024 * 1024
PARSE_TIMEOUT_S = sandbox.TIMEOUT_S
_CACHE_SIZE = 16
_cache: OrderedDict[str, tuple[bool, Any]] = OrderedDict()
_cache_lock = threading.Lock()

_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]+)"')
_ROW_R_RE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_ROW_TAG_RE = re.compile(rb'<(?:\w+:)?row[\s>/]')
_CELL_R_RE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"')


def _limit_error(sheet: str, what: str) -> ValidationError:
    return ValidationError(
        f"File ditolak sebelum dibaca: lembar {sheet} {what}. Batas untuk format kecamatan: "
        f"{format_number(MAX_SHEET_ROWS)} baris, {MAX_SHEET_COLS} kolom, "
        f"{format_number(MAX_MERGES)} sel gabungan per lembar. Hapus baris/kolom kosong "
        "yang terformat di bawah atau di kanan tabel, lalu simpan ulang.")


def check_limits(zf: zipfile.ZipFile) -> None:
    """Refuse, before any XML parser runs, a package whose XML members exceed
    ``MAX_XML_MEMBER_BYTES`` or whose sheets reach past ``MAX_SHEET_ROWS`` rows or
    ``MAX_SHEET_COLS`` columns (by dimension, rows or cells) or hold more than
    ``MAX_MERGES`` merged ranges or merges reaching past those bounds."""
    for info in zf.infolist():
        if info.file_size > MAX_XML_MEMBER_BYTES and not info.filename.startswith("xl/media/"):
            raise ValidationError(
                f"File ditolak sebelum dibaca: bagian {info.filename[:60]} berukuran "
                f"{format_number(info.file_size // (1024 * 1024))} MB setelah dibuka, batas "
                f"{format_number(MAX_XML_MEMBER_BYTES // (1024 * 1024))} MB per bagian. "
                "Simpan ulang tanpa komentar, gambar atau isi tambahan yang besar.")
    for info in zf.infolist():
        name = info.filename
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        sheet = name.rsplit("/", 1)[-1]
        try:  # never more than the limit, whatever the header claims
            with zf.open(name) as fh:
                raw = fh.read(MAX_XML_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise ValidationError("File Excel rusak atau tidak lengkap (isi lembar tidak dapat "
                                  "dibuka); simpan ulang dari Excel lalu unggah lagi.") from exc
        if len(raw) > MAX_XML_MEMBER_BYTES:
            raise ValidationError(
                f"File ditolak sebelum dibaca: bagian {name[:60]} lebih dari "
                f"{format_number(MAX_XML_MEMBER_BYTES // (1024 * 1024))} MB setelah dibuka.")
        m = _DIMENSION_RE.search(raw[:4096])
        if m:
            try:
                b = range_boundaries(m.group(1).decode("ascii", "replace"))
            except (ValueError, TypeError):
                b = (None, None, None, None)
            if b[2] is not None and b[2] > MAX_SHEET_COLS or b[3] is not None and b[3] > MAX_SHEET_ROWS:
                raise _limit_error(sheet, f"berdimensi {m.group(1).decode('ascii', 'replace')[:30]}")
        rows = [int(r) for r in _ROW_R_RE.findall(raw)]
        if max(rows, default=0) > MAX_SHEET_ROWS or len(_ROW_TAG_RE.findall(raw)) > MAX_SHEET_ROWS:
            raise _limit_error(sheet, f"memuat baris sampai nomor {format_number(max(rows, default=0))}")
        for letters, row in _CELL_R_RE.findall(raw):
            if int(row) > MAX_SHEET_ROWS or _col_index(letters.decode()) > MAX_SHEET_COLS:
                raise _limit_error(sheet, f"memuat sel {letters.decode()}{row.decode()}")
        merges = _MERGE_RE.findall(raw)
        if len(merges) > MAX_MERGES:
            raise _limit_error(sheet, f"memuat {format_number(len(merges))} sel gabungan")
        for ref in merges:
            try:
                b = range_boundaries(ref.decode("ascii", "replace"))
            except (ValueError, TypeError):
                continue
            if b[2] is not None and b[2] > MAX_SHEET_COLS or b[3] is not None and b[3] > MAX_SHEET_ROWS:
                raise _limit_error(sheet, f"memuat sel gabungan {ref.decode('ascii', 'replace')[:30]}")


def read_format_xlsx(data: bytes, *, max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES) -> ImportResult:
    """Read a filled nine-column format. Raises ValidationError for whole-file
    errors; row-level issues are returned as ``problems``.

    The package is checked against the limits above and parsed in a worker process
    ended after ``PARSE_TIMEOUT_S`` (``lib.sandbox``). The answer for the same bytes
    (a result or a refusal) is kept for the next call: a page rerun while the file
    stays in the uploader does not parse it again."""
    limit = uploads.UPLOADERS["format"]
    if len(data) > limit.max_bytes:   # the upload's own limit (lib.uploads), before parsing
        limit.check_size(data)
    key = hashlib.sha256(data).hexdigest() + f":{max_uncompressed_bytes}"
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
    if hit is None:
        try:
            hit = (True, sandbox.run(_read_format_xlsx_bounded, data, what="File Excel",
                                     timeout=PARSE_TIMEOUT_S,
                                     max_uncompressed_bytes=max_uncompressed_bytes))
        except ValidationError as err:
            hit = (False, (err.message, list(err.problems)))
        with _cache_lock:
            _cache[key] = hit
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    ok, value = hit
    if not ok:
        raise ValidationError(value[0], problems=value[1])
    return _copy.deepcopy(value)


def _read_format_xlsx_bounded(data: bytes, *,
                              max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES) -> ImportResult:
    """The parse itself (run in the worker): limits first, then openpyxl."""
    zf = _open_zip(data, max_uncompressed_bytes)
    try:
        check_limits(zf)
    except BaseException:
        zf.close()
        raise
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken packages
        zf.close()
        raise ValidationError(
            "File Excel rusak atau tidak dapat dibaca; buka di Excel, simpan ulang sebagai .xlsx, "
            "lalu unggah lagi."
        ) from exc
    try:
        partial: list[str] = []
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows") or not hasattr(ws, "_worksheet_path"):
                continue  # chartsheets
            header_row, cols, rows_iter = _find_header(ws)
            if header_row is None:
                if len(cols) >= 3:
                    missing = [COLUMN_NAME[k] for k in REQUIRED_KEYS if k not in cols]
                    partial.append(f"lembar '{ws.title}': kolom {', '.join(missing)} tidak ada")
                continue
            merges, uncached = _scan_sheet_xml(zf, ws._worksheet_path)
            result = _read_rows(ws.title, header_row, cols, rows_iter, merges, uncached)
            return result
        detail = ("; " + "; ".join(partial)) if partial else ""
        raise ValidationError(
            "Judul kolom format SOP tidak ditemukan di "
            f"{HEADER_SCAN_ROWS} baris pertama lembar mana pun; pastikan ada baris judul kolom "
            "No, Sasaran Strategis, Indikator Kinerja, Target, Realisasi/ Progres Capaian, "
            "Program/Kegiatan/ Sub Kegiatan, Sumber Data, Yang membidangi, Ket" + detail + "."
        )
    finally:
        wb.close()
        zf.close()


def _read_rows(sheet: str, header_row: int, cols: dict[str, int], rows_iter,
               merges: list[tuple[int, int, int, int]], uncached: set[tuple[int, int]]) -> ImportResult:
    # Only columns we read matter; 1-based sheet column -> key.
    key_of_col = {idx + 1: key for key, idx in cols.items()}
    # Continuation cells of vertical merges below the header, in the range's
    # first column only (a horizontal merge must not duplicate text sideways).
    continuation: dict[tuple[int, int], int] = {}
    for min_col, min_row, max_col, max_row in merges:
        if min_row <= header_row or min_col not in key_of_col or max_row == min_row:
            continue
        for r in range(min_row + 1, max_row + 1):
            continuation[(r, min_col)] = min_row
    tops = {(top, col) for (_, col), top in continuation.items()}
    top_values: dict[tuple[int, int], str] = {}

    problems: list[Problem] = []
    candidates: list[tuple[ImportedRow, set[str], list[Problem]]] = []
    first_after_header = True
    count = 0
    ordered = sorted(cols.items(), key=lambda kv: kv[1])

    for r_idx, row in enumerate(rows_iter, start=header_row + 1):
        own: set[str] = set()
        texts: dict[str, str] = {}
        row_problems: list[Problem] = []
        raw_values = None
        for key, idx in ordered:
            col = idx + 1
            cell = row[idx] if idx < len(row) else None
            value = getattr(cell, "value", None)
            if (r_idx, col) in uncached and value is None:
                row_problems.append(Problem(r_idx, COLUMN_NAME[key], MSG_FORMULA_NO_VALUE))
                own.add(key)
                texts[key] = ""
                continue
            text = cell_text(value, getattr(cell, "number_format", None)) if value is not None else ""
            if getattr(cell, "data_type", None) == "e" and text:
                row_problems.append(Problem(r_idx, COLUMN_NAME[key], f"sel berisi galat Excel {text}"))
            if text:
                own.add(key)
                texts[key] = text
                if (r_idx, col) in tops:
                    top_values[(r_idx, col)] = text
            else:
                top = continuation.get((r_idx, col))
                texts[key] = top_values.get((top, col), "") if top is not None else ""
        if not own:
            continue  # empty row (merged continuations alone do not make a row)
        if first_after_header:
            first_after_header = False
            raw_values = [getattr(c, "value", None) for c in row]
            if _is_numbering_row(raw_values, cols):
                continue
        if own <= {"no"}:
            continue  # a pre-numbered blank line
        count += 1
        if count > MAX_DATA_ROWS:
            raise ValidationError(
                f"Terlalu banyak baris data (lebih dari {_number(MAX_DATA_ROWS)}); "
                "pecah menjadi beberapa file."
            )
        item = ImportedRow(excel_row=r_idx, **{k: texts.get(k, "") for k in cols})
        candidates.append((item, own, row_problems))

    # Text below the table (signature block, notes) has no indikator, target
    # or realisasi and no sasaran of its own: drop such trailing rows.
    def is_data(own: set[str]) -> bool:
        return bool(own & {"indikator", "target", "realisasi", "sasaran"})

    last = max((i for i, (_, own, _) in enumerate(candidates) if is_data(own)), default=-1)
    rows: list[ImportedRow] = []
    for item, own, row_problems in candidates[: last + 1]:
        problems.extend(row_problems)
        if not item.indikator:
            problems.append(Problem(item.excel_row, COLUMN_NAME["indikator"], "Indikator Kinerja kosong"))
        if not item.sasaran:
            problems.append(Problem(
                item.excel_row, COLUMN_NAME["sasaran"],
                "Sasaran Strategis kosong; isi sasaran, atau gabungkan (merge) selnya dengan "
                "sasaran di atasnya",
            ))
        if "polaritas" in cols and item.polaritas:
            low = _norm(item.polaritas)
            if low in POLARITAS_VALUES:
                item.polaritas = low
            else:
                problems.append(Problem(
                    item.excel_row, COLUMN_NAME["polaritas"],
                    f"Polaritas '{item.polaritas}' tidak dikenal; isi 'positif' atau 'negatif'",
                ))
        rows.append(item)
    if not rows:
        problems.append(Problem(None, None, "Tidak ada baris data di bawah judul kolom."))
    problems.sort(key=lambda p: (p.excel_row or 0))
    return ImportResult(rows=rows, problems=problems, header_row=header_row, sheet=sheet,
                        columns=[k for k, _ in ordered])


# --------------------------------------------------------------------------
# Writing helpers
# --------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_WRAP_TOP_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_TITLE_FONT = Font(bold=True, size=12)

_FORMAT_WIDTHS = {
    "no": 5, "sasaran": 30, "indikator": 34, "target": 13, "realisasi": 15,
    "program": 34, "sumber_data": 18, "yang_membidangi": 18, "ket": 15,
    "satuan": 11, "polaritas": 11,
}


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _set(cell, value: Any) -> None:
    """Assign without letting a text beginning with '=' become a formula."""
    value = _clean(value)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _number(value)
    return str(value)


def _safe_sheet_name(name: str) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", name or "").strip().strip("'") or "Sheet1"
    return name[:31]


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_format_xlsx(*, title: str, subtitle: str, unit_name: str, year: int,
                      rows: list[dict], include_satuan_polaritas: bool = True) -> bytes:
    """The form as on paper. ``rows`` are dicts with the FORMAT_KEYS (+ satuan,
    polaritas); values are written as text, as typed. Consecutive rows with
    the same non-empty sasaran get their Sasaran cells merged, and their No
    cells too when the rows agree on it. No rows -> 10 empty lines to fill."""
    keys = FORMAT_KEYS + (EXTRA_KEYS if include_satuan_polaritas else [])
    names = [COLUMN_NAME[k] for k in keys]
    ncols = len(keys)
    last_col = get_column_letter(ncols)

    wb = Workbook()
    ws = wb.active
    ws.title = _safe_sheet_name(f"Format {year}")

    title_lines = [title, subtitle, unit_name, f"Tahun {year}"]
    for i, line in enumerate(title_lines, start=1):
        ws.merge_cells(f"A{i}:{last_col}{i}")
        cell = ws.cell(row=i, column=1)
        _set(cell, line or "")
        cell.font = _TITLE_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_row = len(title_lines) + 2
    num_row = header_row + 1
    first_data = num_row + 1

    for c, name in enumerate(names, start=1):
        cell = ws.cell(row=header_row, column=c, value=name)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP_CENTER
        cell.border = _BORDER
        cell = ws.cell(row=num_row, column=c, value=c)
        cell.alignment = _WRAP_CENTER
        cell.border = _BORDER
        cell.font = Font(italic=True, size=9)
        ws.column_dimensions[get_column_letter(c)].width = _FORMAT_WIDTHS[keys[c - 1]]
    ws.row_dimensions[header_row].height = 32

    data = [dict(r) for r in rows] if rows else [{} for _ in range(10)]
    # Auto-number per sasaran group when the caller gave no numbers at all.
    if rows and not any(_text(r.get("no")).strip() for r in data):
        n, prev = 0, object()
        for r in data:
            s = _text(r.get("sasaran")).strip()
            if s != prev or not s:
                n += 1
            prev = s
            r["no"] = str(n)

    # Vertical merges of Sasaran (and No) over consecutive rows of one sasaran:
    # (first index, last index, merge No too).
    groups: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(data):
        s = _text(data[i].get("sasaran")).strip()
        j = i
        while s and j + 1 < len(data) and _text(data[j + 1].get("sasaran")).strip() == s:
            j += 1
        if j > i:
            nos = {_text(data[k].get("no")).strip() for k in range(i, j + 1)}
            groups.append((i, j, len(nos) == 1))
        i = j + 1
    continuation_no: set[int] = set()
    continuation_sas: set[int] = set()
    for i, j, with_no in groups:
        continuation_sas.update(range(i + 1, j + 1))
        if with_no:
            continuation_no.update(range(i + 1, j + 1))

    # One styled template cell per kind of column; data cells copy its style
    # array (assigning Border/Alignment objects cell by cell is ~10x slower).
    center_keys = ("no", "target", "realisasi", "satuan", "polaritas")
    templates = {}
    scratch = wb.create_sheet("_tmp")
    for n, key in enumerate(keys, start=1):
        t = scratch.cell(row=1, column=n)
        t.border = _BORDER
        t.alignment = _WRAP_TOP_CENTER if key in center_keys else _WRAP_TOP
        if key in ("target", "realisasi", "satuan"):
            # Text format: a typed "1.250" stays 1.250, not 1,25 in an English Excel.
            t.number_format = "@"
        templates[key] = t._style
    wb.remove(scratch)

    for i, r in enumerate(data):
        rr = first_data + i
        for c, key in enumerate(keys, start=1):
            cell = ws.cell(row=rr, column=c)
            skip = (key == "sasaran" and i in continuation_sas) or (key == "no" and i in continuation_no)
            if not skip:
                _set(cell, _text(r.get(key)) or None)
            cell._style = copy(templates[key])

    # Row heights: openpyxl cannot autofit and LibreOffice does not either for
    # these files; estimate wrapped lines, with room for handwriting.
    group_len = {i: j - i + 1 for i, j, _ in groups}
    for i, r in enumerate(data):
        lines = 1.0
        for key in keys:
            if key == "sasaran" and i in continuation_sas:
                continue
            text = _text(r.get(key))
            if not text:
                continue
            per_line = max(_FORMAT_WIDTHS[key] * 1.15 - 1, 1)
            n = sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n"))
            if key == "sasaran" and i in group_len:
                n = n / group_len[i]
            lines = max(lines, n)
        ws.row_dimensions[first_data + i].height = max(30.0, 15.0 * lines + 3)

    c_sas = get_column_letter(keys.index("sasaran") + 1)
    c_no = get_column_letter(keys.index("no") + 1)
    for i, j, with_no in groups:
        top, bottom = first_data + i, first_data + j
        # Cells inside the ranges are already bordered and empty and the ranges
        # are disjoint, so they go straight into the set (ws.merge_cells
        # re-styles every cell and checks overlaps in O(n^2): minutes at 10,000 rows).
        ws.merged_cells.ranges.add(MergedCellRange(ws, f"{c_sas}{top}:{c_sas}{bottom}"))
        if with_no:
            ws.merged_cells.ranges.add(MergedCellRange(ws, f"{c_no}{top}:{c_no}{bottom}"))

    if include_satuan_polaritas:
        c_pol = get_column_letter(keys.index("polaritas") + 1)
        dv = DataValidation(type="list", formula1='"positif,negatif"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Polaritas",
                            error="Isi 'positif' atau 'negatif'.")
        dv.add(f"{c_pol}{first_data}:{c_pol}{first_data + len(data) - 1 + 200}")
        ws.add_data_validation(dv)

    ws.freeze_panes = ws.cell(row=first_data, column=1)
    ws.print_title_rows = f"{header_row}:{num_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "Halaman &P dari &N"
    wb.properties.title = title
    return _save(wb)


def write_table_xlsx(headers: list[str], rows: list[list], sheet_name: str = "Data") -> bytes:
    """Generic one-sheet export: bold header, borders, wrap, filter, frozen header.
    Numbers stay numbers; text starting with '=' stays text."""
    wb = Workbook()
    ws = wb.active
    _fill_table(ws, headers, rows, sheet_name)
    return _save(wb)


def _fill_table(ws, headers: list[str], rows: list[list], sheet_name: str,
                number_formats: dict[int, str] | None = None) -> None:
    ws.title = _safe_sheet_name(sheet_name)
    widths = [min(max(len(str(h)), 6), 40) for h in headers]
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c)
        _set(cell, h)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP_CENTER
        cell.border = _BORDER
    for r_i, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r_i, column=c)
            if isinstance(value, Decimal):
                value = float(value)
            _set(cell, value)
            cell.border = _BORDER
            cell.alignment = _WRAP_TOP
            if number_formats and c - 1 in number_formats and isinstance(value, (int, float)):
                cell.number_format = number_formats[c - 1]
            if c <= len(widths) and value is not None:
                longest = max((len(s) for s in str(value).split("\n")), default=0)
                widths[c - 1] = min(max(widths[c - 1], longest + 2), 50)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# --------------------------------------------------------------------------
# Rekap
# --------------------------------------------------------------------------


def _rekap_row(r: dict) -> list:
    cap = r.get("capaian")
    cap = float(cap) if isinstance(cap, (int, float, Decimal)) and not isinstance(cap, bool) else None
    predikat = r.get("predikat") or (r.get("alasan") if cap is None else "") or ""
    return [_text(r.get(k)) for k in FORMAT_KEYS] + [
        _text(r.get("satuan")), _text(r.get("polaritas")), cap, _text(predikat),
    ]


def _average_row(a: dict) -> list:
    avg = a.get("rata_rata")
    avg = float(avg) if isinstance(avg, (int, float, Decimal)) and not isinstance(avg, bool) else None
    tidak = a.get("tidak_dihitung")
    if isinstance(tidak, (list, tuple)):
        tidak = "; ".join(str(t) for t in tidak)
    jumlah = a.get("jumlah_dihitung", a.get("jumlah"))
    return [_text(a.get("sasaran")), jumlah if jumlah is not None else 0, avg,
            _text(a.get("predikat")), "" if tidak is None else tidak]


def write_rekap_xlsx(rows: list[dict], averages: list[dict]) -> bytes:
    """Sheet "Rekap": nine SOP columns + Satuan, Polaritas, Capaian (%), Predikat.
    ``rows``: dicts with the format keys, satuan, polaritas, capaian (float
    percent or None) and predikat (when capaian is None: the reason; an
    ``alasan`` key is used if predikat is empty).
    Sheet "Rata-rata Sasaran": ``averages`` dicts with sasaran,
    jumlah_dihitung, rata_rata (float or None), predikat, tidak_dihitung
    (count, text or list of texts)."""
    wb = Workbook()
    ws = wb.active
    cap_idx = REKAP_COLUMNS.index("Capaian (%)")
    _fill_table(ws, REKAP_COLUMNS, [_rekap_row(r) for r in rows], "Rekap", {cap_idx: "0.00"})
    for c, key in enumerate(FORMAT_KEYS + EXTRA_KEYS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _FORMAT_WIDTHS[key]
    ws2 = wb.create_sheet()
    _fill_table(ws2, AVERAGE_COLUMNS, [_average_row(a) for a in averages], "Rata-rata Sasaran", {2: "0.00"})
    return _save(wb)


def _csv_value(value: Any, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, (int, float, Decimal)):
        if decimals is not None:
            return f"{float(value):.{decimals}f}".replace(".", ",")
        return _number(value, grouping=False)
    if isinstance(value, (dt.datetime, dt.date)):
        return _format_date(value, "d")
    text = str(value)
    # Spreadsheet formula injection: a text that Excel would evaluate.
    if text[:1] in ("=", "+", "@", "\t", "\r") or (
            text[:1] == "-" and len(text) > 1 and not re.fullmatch(r"-\s*[\d.,]+\s*%?", text)):
        text = "'" + text
    return text


def _csv_bytes(headers: list[str], rows: Iterable[list], decimals: dict[int, int] | None = None) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([_csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v, (decimals or {}).get(i)) for i, v in enumerate(row)])
    return buf.getvalue().encode("utf-8-sig")


def write_rekap_csv(rows: list[dict]) -> bytes:
    """Same columns as the Rekap sheet; UTF-8 with BOM, ';', decimal comma,
    capaian with two decimals."""
    return _csv_bytes(REKAP_COLUMNS, [_rekap_row(r) for r in rows],
                      {REKAP_COLUMNS.index("Capaian (%)"): 2})


def write_table_csv(headers: list[str], rows: list[list]) -> bytes:
    """Generic CSV for Excel in an Indonesian locale: UTF-8 with BOM, ';',
    decimal comma, no thousands separator."""
    return _csv_bytes(headers, rows)


# --------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------

_PREFIXES = [
    # (regex on the normalised text, kind)
    (r"kepala sub ?bagian", "subbag"), (r"kepala sub ?bag", "subbag"),
    (r"kasub ?b?ag(ian)?", "subbag"), (r"kasubbag", "subbag"),
    (r"sub ?bagian", "subbag"), (r"sub ?b?ag", "subbag"),
    (r"kepala seksi", "seksi"), (r"kasi", "seksi"), (r"seksi", "seksi"),
]


def _unit_norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = t.replace("&", " dan ")
    t = re.sub(r"[^\w\s]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"\bkasubag\b", "kasubbag", t)
    t = re.sub(r"\bsubag\b", "subbag", t)
    return t


def _unit_core(text: str) -> tuple[str | None, str]:
    t = _unit_norm(text)
    for pattern, kind in _PREFIXES:
        m = re.match(rf"^(?:{pattern})\b\s*", t)
        if m:
            return kind, t[m.end():]
    return None, t


def match_unit(text: str, units: list[tuple[str, str, str]]) -> str | None:
    """Code of the unit whose name or head's title ``text`` names, else None.
    "Seksi X" and "Kasi X" are the same unit, so are "Subbag X", "Kasubag X"
    and "Kasubbag X"; case, spacing and punctuation do not matter. The code
    itself is accepted too. Ambiguous text gives None."""
    norm = _unit_norm(text)
    if not norm:
        return None
    for code, name, head in units:
        if norm in (_unit_norm(name), _unit_norm(head), _unit_norm(code)):
            return code
    kind, core = _unit_core(text)
    if not core:
        return None
    hits = set()
    for code, name, head in units:
        for candidate in (name, head):
            c_kind, c_core = _unit_core(candidate)
            if c_core == core and (kind is None or c_kind is None or kind == c_kind):
                hits.add(code)
    return hits.pop() if len(hits) == 1 else None
