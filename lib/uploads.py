"""The one validator every uploader calls: size, type by content, and structure.

``check(data, accept=..., max_bytes=...)`` returns the detected MIME type or
raises ValidationError in Bahasa Indonesia. The first bytes only name a
candidate type; the file must then *be* that type: a PDF must open with pypdf
and have a page, an image must decode with Pillow (within a pixel limit), an
.xlsx/.docx must be a sound Office package (zip CRCs, content types, its main
part, no zip bomb, no climbing member names). The structural check runs in a
worker process under a time limit (``lib.sandbox``), so a crafted file cannot
hold a server thread.

Used by evidence and reference files (``lib.files``), archive scans
(``lib.archive``), the profile logo (``lib.office``) and the Excel import
(``lib.excel`` checks the package the same way before its own limits).

``UPLOADERS`` is the one table of the app's uploaders: what each takes, its size
limit and the label the page shows (generated from the same number, so the label
and the refusal never disagree). The pages accept any file in the widget and let
the service's check speak, so a wrong type gets Perkin's Indonesian message and
never Streamlit's English one; ``.streamlit/config.toml``'s ``maxUploadSize`` is
the largest limit here (a test holds them equal).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lib import sandbox
from lib.errors import ValidationError
from lib.spelling import format_number

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPG", XLSX: "Excel (.xlsx)", DOCX: "Word (.docx)"}
_ORDER = (PDF, PNG, JPEG, XLSX, DOCX)
# how labels and refusals name a type (no nested brackets inside a label's brackets)
TYPE_WORDS = {PDF: "PDF", PNG: "PNG", JPEG: "JPG", XLSX: "Excel .xlsx", DOCX: "Word .docx"}
IMAGES = frozenset({PNG, JPEG})
DOCUMENTS = frozenset({PDF, PNG, JPEG, XLSX, DOCX})
SCANS = frozenset({PDF, PNG, JPEG})

MAX_UNZIPPED = 100 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_PIXELS = 40_000_000          # a 600 dpi A4 scan is ~35 million pixels
MAX_PDF_PAGES = 2_000


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " atau " + words[-1]


def types_text(accept: frozenset[str]) -> str:
    """``SCANS`` -> ``"PDF, PNG atau JPG"``."""
    return _or([TYPE_WORDS[m] for m in _ORDER if m in accept])


@dataclass(frozen=True)
class Uploader:
    """One uploader of the app: the file it asks for (``what``, as messages name it),
    the types it takes by content, and its size limit in MB."""
    what: str
    accept: frozenset[str]
    max_mb: int

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 1024 * 1024

    @property
    def types(self) -> str:
        return types_text(self.accept)

    def label(self, lead: str | None = None) -> str:
        """The widget's label: ``"Berkas bukti (PDF, JPG, PNG, Excel .xlsx atau Word .docx;
        maks. 10 MB)"``."""
        return f"{lead or self.what} ({self.types}; maks. {format_number(self.max_mb)} MB)"

    def check_size(self, data: bytes) -> None:
        """Refuse an empty file or one over the limit (before any parsing)."""
        if not data:
            raise ValidationError(f"{self.what} kosong (0 byte).")
        if len(data) > self.max_bytes:
            raise ValidationError(
                f"{self.what} terlalu besar ({format_number(len(data) / 1024 / 1024, 1)} MB);"
                f" batas {format_number(self.max_mb)} MB.")

    def check(self, data: bytes) -> str:
        """``check`` with this uploader's types and limit: the MIME type, or the refusal."""
        return check(data, accept=self.accept, max_bytes=self.max_bytes, what=self.what)


# key -> the uploader; the service that stores the file checks with it
UPLOADERS: dict[str, Uploader] = {
    "bukti": Uploader("Berkas bukti", DOCUMENTS, 10),          # Formulir Unit (lib.files)
    "referensi": Uploader("Dokumen referensi", DOCUMENTS, 10),  # Dokumen Referensi
    "logo": Uploader("Logo", IMAGES, 2),                        # Profil Kecamatan (lib.office)
    "arsip": Uploader("Pindaian", SCANS, 10),                   # Dokumen (lib.archive)
    "pk_pindaian": Uploader("Pindaian PK", SCANS, 10),          # Perencanaan (lib.planning.pk)
    "verifikasi": Uploader("Berkas dokumen", SCANS, 10),        # Verifikasi (lib.archive.verify)
    "format": Uploader("Berkas format", frozenset({XLSX}), 10),  # format import (lib.excel)
    "tahun": Uploader("Berkas tahun sebelumnya", frozenset({XLSX}), 5),  # lib.planning.cards
}


def largest_mb() -> int:
    """The server's ``maxUploadSize``: the largest uploader's limit."""
    return max(u.max_mb for u in UPLOADERS.values())


def detect_type(data: bytes) -> str | None:
    """MIME type named by the content's first bytes: PDF, PNG, JPEG, XLSX, DOCX; None
    for anything else. Only a candidate: ``check`` then checks the structure."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("xl/") for n in names):
            return XLSX
        if any(n.startswith("word/") for n in names):
            return DOCX
    return None


def check_container(data: bytes) -> None:
    """An .xlsx/.docx is a zip: refuse one that would unpack to more than 100 MB (a
    "zip bomb") or holds member names climbing out of a folder."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError("Berkas Office rusak (arsip zip tidak dapat dibuka).") from None
    if sum(i.file_size for i in infos) > MAX_UNZIPPED or len(infos) > MAX_MEMBERS:
        raise ValidationError("Berkas ditolak: isinya terlalu besar setelah dibuka (lebih dari "
                              "100 MB; kemungkinan 'zip bomb').")
    for i in infos:
        name = i.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/") or ":" in name:
            raise ValidationError("Berkas ditolak: memuat nama berkas yang tidak aman "
                                  f"({i.filename[:80]}).")


# ------------------------------------------------------------------ structure (in the worker)
def _pdf(data: bytes) -> None:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        n = len(reader.pages)
        if n:
            reader.pages[0].mediabox  # noqa: B018 - the first page object must resolve
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError):
        n = 0
    if n < 1:
        raise ValidationError("Berkas bukan PDF yang utuh: tidak dapat dibuka sebagai PDF "
                              "(hanya awalnya yang mirip PDF). Simpan ulang atau pindai ulang "
                              "sebagai PDF, lalu unggah lagi.")
    if n > MAX_PDF_PAGES:
        raise ValidationError(f"PDF terlalu banyak halaman ({format_number(n)}; batas "
                              f"{format_number(MAX_PDF_PAGES)}).")


def _image(data: bytes, mime: str) -> None:
    import warnings

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format
                if im.width * im.height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"Gambar terlalu besar (lebih dari "
                              f"{format_number(MAX_PIXELS // 1_000_000)} juta piksel).") from None
    except Exception:  # Pillow raises many kinds on broken images
        raise ValidationError(f"Berkas bukan gambar {LABELS[mime]} yang utuh: gambarnya tidak "
                              "dapat dibaca. Simpan ulang gambarnya, lalu unggah lagi.") from None
    if {"PNG": PNG, "JPEG": JPEG}.get(fmt) != mime:
        raise ValidationError(f"Berkas bukan gambar {LABELS[mime]} yang utuh.")


def _office(data: bytes, mime: str) -> None:
    from defusedxml import ElementTree as DET

    main = "xl/workbook.xml" if mime == XLSX else "word/document.xml"
    what = LABELS[mime]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            bad = zf.testzip()  # reads every member: CRC and length as declared
            names = set(zf.namelist())
            if bad is None and main in names:
                DET.fromstring(zf.read("[Content_Types].xml"))
                DET.fromstring(zf.read(main))
    except Exception:  # zipfile, zlib and the XML parser raise many kinds
        bad = "?"
    if bad is not None or main not in names:
        raise ValidationError(f"Berkas {what} rusak atau tidak lengkap; buka dan simpan ulang "
                              "dari Office, lalu unggah lagi.")


def structure(data: bytes, mime: str) -> None:
    """Raise ValidationError unless ``data`` is a sound file of type ``mime`` (run in the
    worker by ``check``)."""
    if mime == PDF:
        _pdf(data)
    elif mime in IMAGES:
        _image(data, mime)
    elif mime in (XLSX, DOCX):
        _office(data, mime)
    else:  # pragma: no cover - check() never passes another type
        raise ValidationError("Jenis berkas tidak dikenal.")


# ------------------------------------------------------------------ the validator
def wrong_type(mime: str | None, accept: frozenset[str], what: str = "Berkas") -> str:
    """The refusal of a file whose content is not one of ``accept``, naming what it is
    when the content says so: "Berkas format harus Excel .xlsx (dikenali dari
    isinya, bukan dari nama berkas); berkas ini Word .docx."."""
    kind = "berupa gambar " if accept <= IMAGES else ""
    msg = (f"{what} harus {kind}{types_text(accept)} (dikenali dari isinya, bukan dari nama "
           "berkas)")
    if mime is not None:
        return f"{msg}; berkas ini {TYPE_WORDS[mime]}."
    return f"{msg}; isi berkas ini tidak dikenali."


def check(data: bytes, *, accept: frozenset[str] = DOCUMENTS, max_bytes: int,
          what: str = "Berkas") -> str:
    """The MIME type of a sound upload among ``accept``, else ValidationError."""
    if not data:
        raise ValidationError(f"{what} kosong (0 byte).")
    if len(data) > max_bytes:
        raise ValidationError(f"{what} terlalu besar ({format_number(len(data) / 1024 / 1024, 1)}"
                              f" MB); batas {format_number(max_bytes / 1024 / 1024, 0)} MB.")
    mime = detect_type(data)
    if mime not in accept:
        raise ValidationError(wrong_type(mime, accept, what))
    if mime in (XLSX, DOCX):
        check_container(data)
    sandbox.run(structure, data, what=what, mime=mime)
    return mime
