"""Real sample files for upload tests: every upload is checked by structure (pypdf
opens the PDF, Pillow decodes the image), so tests upload real files, not look-alikes."""
from __future__ import annotations

import datetime as dt
import io

from fpdf import FPDF
from PIL import Image


def pdf_bytes(text: str = "Perjanjian Kinerja 2026", pages: int = 1) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc))
    for i in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.cell(text=f"{text} - {i + 1}")
    return bytes(pdf.output())


def pdf_of_size(size: int, text: str = "Lampiran") -> bytes:
    """A real PDF of exactly ``size`` bytes: the padding sits in a PDF comment line
    before the cross-reference table is written (fpdf2 computes offsets after it)."""
    base = pdf_bytes(text)
    pad = size - len(base)
    if pad < 3:
        raise ValueError("size too small")
    head, sep, rest = base.partition(b"\n")
    filler = b"%" + b"0" * (pad - 2) + b"\n"
    data = head + sep + filler + rest
    # offsets in the xref table are now off by len(filler): pypdf (strict=False) rebuilds
    # them, as for any real-world PDF edited by hand; check it opens
    assert len(data) == size
    return data


def png_bytes(width: int = 2, height: int = 2, color=(200, 0, 0)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def jpg_bytes(width: int = 2, height: int = 2) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (0, 90, 200)).save(buf, "JPEG")
    return buf.getvalue()
