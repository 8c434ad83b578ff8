"""The LAKIP / LKjIP report as an ``Outline``, recorded from its own renderer.

The chapter functions of ``lib.documents.lakip`` run on a recording LakipPDF
(``RecorderMixin``): chapters and front titles become Heading 1, numbered
headings Heading 2-3, captions, narratives, list items, tables, signature
blocks and the logo are written down as they are drawn, and each chart
(``Grafik``) is cut from the rendered page as a picture. The Daftar Isi is a
TOC field filled with the PDF's own headings and page numbers; the Daftar Tabel
and Daftar Grafik are plain lists with their pages.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from lib.documents import lakip
from lib.documents.base import render_bytes
from lib.documents.model import LakipReport
from lib.documents.outline import Heading, Image, Outline, PageBreak, Paragraph, Toc
from lib.documents.recorder import RecorderMixin


@dataclass
class _Figure:
    page: int
    y0: float
    page_end: int = 0
    y1: float = 0.0
    caption: str = ""


@dataclass
class _Lists:
    """Where the Daftar Isi / Tabel / Grafik go (filled after the build)."""


class _RecordingLakipPDF(RecorderMixin, lakip.LakipPDF):
    def __init__(self, *args, **kwargs):
        self._figure: _Figure | None = None
        super().__init__(*args, **kwargs)

    # a chart runs from its caption to the next block ------------------------
    def _close_figure(self) -> None:
        fig, self._figure = self._figure, None
        if fig is not None:
            fig.page_end, fig.y1 = self.page, self.get_y()
            self.rec_blocks.append(fig)

    def record(self, block) -> None:
        if not self._mute:
            self._close_figure()
        super().record(block)

    def record_break(self, orientation=None) -> None:
        if not self._mute:
            self._close_figure()
        super().record_break(orientation)

    def _low(self, text, align, default_align, width=None):
        if self._figure is None:      # a chart's labels are part of its picture
            super()._low(text, align, default_align, width)

    def table(self, *args, **kwargs):
        if not self._mute:
            self._close_figure()
        return super().table(*args, **kwargs)

    def add_page(self, *args, **kwargs):
        if not self._mute and not kwargs.get("same") and self.page:
            orientation = kwargs.get("orientation") or (args[0] if args else "")
            self.record_break(str(getattr(orientation, "value", orientation) or "")[:1].upper()
                              or None)
        return super().add_page(*args, **kwargs)

    def insert_toc_placeholder(self, render_toc_function, *args, **kwargs):
        self.record(_Lists())
        with self.muted():      # it breaks to a new page itself
            return super().insert_toc_placeholder(render_toc_function, *args, **kwargs)

    # headings ---------------------------------------------------------------
    def chapter(self, label, title, *args, **kwargs):
        self.record_break(kwargs.get("orientation", "P"))
        self.record(Heading(f"{label}\n{title}" if label else title, 1))
        with self.muted():
            return super().chapter(label, title, *args, **kwargs)

    def front_title(self, title, *args, **kwargs):
        self.record_break()
        self.record(Heading(title, 1, toc=kwargs.get("record", True)))
        with self.muted():
            return super().front_title(title, *args, **kwargs)

    def subheading(self, title, level=1, *args, **kwargs):
        self.record(Heading(title, min(level + 1, 3)))
        with self.muted():
            return super().subheading(title, level, *args, **kwargs)

    def minor(self, title, *args, **kwargs):
        self.record(Paragraph(title, align="L", bold=True, italic=True))
        with self.muted():
            return super().minor(title, *args, **kwargs)

    def numbered_caption(self, kind, title, *args, **kwargs):
        if not self._mute:
            self._close_figure()      # before the caption is drawn: not part of the picture
        with self.muted():
            text = super().numbered_caption(kind, title, *args, **kwargs)
        self.record(Paragraph(text, align="C", bold=True, size=10))
        if kind == "Grafik" and not self._mute:
            self._figure = _Figure(self.page, self.get_y(), caption=text)
        return text

    def list_item(self, marker, text, *args, **kwargs):
        self.record(Paragraph(f"{marker} {text}", align="J",
                              indent_mm=float(kwargs.get("indent", args[0] if args else 4))))
        with self.muted():
            return super().list_item(marker, text, *args, **kwargs)


def _crop(pdf_bytes: bytes, fig: _Figure, pdf: _RecordingLakipPDF) -> bytes | None:
    """The chart's band of its page as a PNG (150 dpi)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(pdf_bytes)
    except Exception:  # noqa: BLE001
        return None
    try:
        page = doc[fig.page - 1]
        w_pt, h_pt = page.get_size()
        scale = 150 / 72
        image = page.render(scale=scale).to_pil()
        mm = 72 / 25.4 * scale
        bottom = fig.y1 if fig.page_end == fig.page else h_pt / mm * scale - pdf.b_margin
        box = (int(pdf.l_margin * mm), int(max(0.0, fig.y0 - 1) * mm),
               int(w_pt * scale - pdf.r_margin * mm), int(min(bottom + 1, h_pt / 72 * 25.4) * mm))
        if box[3] - box[1] < 20:
            return None
        buf = io.BytesIO()
        image.crop(box).save(buf, format="PNG")
        page.close()
        return buf.getvalue()
    finally:
        doc.close()


def record_lakip(report: LakipReport, creation_date: dt.datetime | None = None
                 ) -> tuple[bytes, _RecordingLakipPDF]:
    """The report rendered on a recording PDF (the same build as ``render_lakip``)."""
    pdf = lakip.build_with_lists(report, creation_date, pdf_class=_RecordingLakipPDF)
    data = render_bytes(pdf)
    pdf._close_figure()
    return data, pdf


def lakip_outline(report: LakipReport, pdf: bytes | None = None, *, working_copy: str = "",
                  creation_date: dt.datetime | None = None) -> Outline:
    """The outline of ``report``. ``pdf`` (unused) keeps the signature of the other
    papers' outlines; the page numbers come from the recorded rendering."""
    data, rec = record_lakip(report, creation_date)
    blocks = []
    for block in rec.recorded_blocks():
        if isinstance(block, _Lists):
            titles = lakip.LIST_TITLES
            blocks += [Toc(tuple((e.title, e.level, e.page) for e in rec.toc), titles[0]),
                       PageBreak(),
                       Toc(tuple((e.title, 0, e.page) for e in rec.tables), titles[1],
                           field=False, empty="Laporan ini tidak memuat tabel."),
                       PageBreak(),
                       Toc(tuple((e.title, 0, e.page) for e in rec.figures), titles[2],
                           field=False, empty="Laporan ini tidak memuat grafik.")]
        elif isinstance(block, _Figure):
            png = _crop(data, block, rec)
            if png is not None:
                blocks.append(Image(png, rec.content_width))
        elif isinstance(block, Heading) and block.text in lakip.LIST_TITLES:
            continue                   # drawn by the Toc blocks
        else:
            blocks.append(block)
    while blocks and isinstance(blocks[-1], PageBreak):
        blocks.pop()
    title = f"{lakip._short_title(report)} {lakip._place(report)} Tahun {report.year}"
    return Outline(report.profile, title, tuple(blocks), kop=False, draft=report.draft,
                   verify_code=None if report.draft else report.verify_code,
                   working_copy=working_copy, body_pt=11,
                   subject="Laporan Kinerja Instansi Pemerintah")


__all__ = ["lakip_outline", "record_lakip"]
