"""An ``OfficialPDF`` that also writes down what it prints, as outline blocks.

For a paper whose fpdf2 renderer is long and still growing (the LKjIP), the
outline is not written a second time: the renderer's own chapter functions run
on a recording PDF, and every heading, paragraph, label row, table (with its
spans), signature block and image becomes an outline block as it is drawn.
The Word document built from those blocks therefore says what the PDF says.

``RecorderMixin`` goes before the PDF class: ``class X(RecorderMixin, SomePDF)``.
Higher-level calls (``paragraph``, ``label_rows``, ``signature_block``, tables)
record one block and mute the low-level text calls they make; text drawn with
``cell``/``multi_cell`` outside them becomes a paragraph; page headers and
footers, the DRAFT mark and dry runs are not recorded.
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass

from lib.documents.base import jabatan_line  # noqa: F401 - re-exported for recorders
from lib.documents.outline import (Cell, Fields, Image, PageBreak, Paragraph, SigBlock,
                                   Signatures, Table, signer_block)


def _align(value, default: str = "L") -> str:
    text = str(getattr(value, "value", value) or default).upper()[:1]
    return text if text in "LCRJ" else default


@dataclass
class Placed:
    """A loose text with where it was drawn (mm, on page ``page``)."""
    block: Paragraph
    page: int
    x: float
    y: float
    w: float


ROOM_MM = 12.0       # a vertical gap this tall inside a column is room for a signature


def _side(items: list[Placed]) -> SigBlock | None:
    if not items:
        return None
    items = sorted(items, key=lambda p: (p.page, p.y))
    split = None
    for i in range(1, len(items)):
        if items[i].page == items[i - 1].page and items[i].y - items[i - 1].y > ROOM_MM:
            split = i
            break
    texts = [p.block.text for p in items]
    if split is None:
        return SigBlock(tuple(texts[:-1]), texts[-1], "plain") if len(texts) > 1 else \
            SigBlock((), texts[0], "plain")
    name = items[split].block
    return SigBlock(tuple(texts[:split]), name.text, "name" if name.bold else "plain",
                    tuple(texts[split + 1:]))


def merge_columns(blocks: list, *, l_margin: float, width: float) -> list:
    """``Placed`` texts back to paragraphs; a run of narrow ones drawn in both halves
    of the page becomes one ``Signatures`` block (left and right columns)."""
    out: list = []
    run: list[Placed] = []
    mid = l_margin + width / 2

    def flush():
        if not run:
            return
        left = [p for p in run if p.x < mid - 5]
        right = [p for p in run if p.x >= mid - 5]
        if left and right and any(_side(s) and _side(s).below for s in (left, right)):
            out.append(Signatures(left=_side(left), right=_side(right)))
        else:
            out.extend(p.block for p in run)
        run.clear()

    for b in blocks:
        if isinstance(b, Placed) and b.w < width * 0.6:
            run.append(b)
            continue
        flush()
        out.append(b.block if isinstance(b, Placed) else b)
    flush()
    return out


class RecorderMixin:
    def __init__(self, *args, **kwargs):
        self.rec_blocks: list = []
        self._mute = 0
        super().__init__(*args, **kwargs)

    # -------------------------------------------------------------- plumbing
    @contextmanager
    def muted(self):
        self._mute += 1
        try:
            yield
        finally:
            self._mute -= 1

    def record(self, block) -> None:
        if not self._mute:
            self.rec_blocks.append(block)

    def record_break(self, orientation: str | None = None) -> None:
        if not self._mute and self.rec_blocks and not isinstance(self.rec_blocks[-1], PageBreak):
            self.rec_blocks.append(PageBreak(orientation))

    def header(self):
        with self.muted():
            return super().header()

    def footer(self):
        with self.muted():
            return super().footer()

    def insert_toc_placeholder(self, render_toc_function, *args, **kwargs):
        def muted_render(pdf, outline):
            with self.muted():
                return render_toc_function(pdf, outline)
        return super().insert_toc_placeholder(muted_render, *args, **kwargs)

    # -------------------------------------------------------------- text
    def _low(self, text, align, default_align, width=None):
        if self._mute or not (text or "").strip():
            return
        style = self.font_style or ""
        para = Paragraph(str(text), align=_align(align, default_align), bold="B" in style,
                         italic="I" in style, size=self.font_size_pt)
        self.rec_blocks.append(Placed(para, self.page, self.x, self.y,
                                      float(width or 0) or self.w - self.r_margin - self.x))

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        if not kwargs.get("dry_run"):
            self._low(text, kwargs.get("align"), "L", w)
        with self.muted():
            return super().cell(w, h, text, *args, **kwargs)

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        if not kwargs.get("dry_run"):
            self._low(text, kwargs.get("align"), "J", w)
        with self.muted():
            return super().multi_cell(w, h, text, *args, **kwargs)

    def recorded_blocks(self) -> list:
        """The blocks, with loose text drawn side by side (two signature blocks made of
        plain cells, as the PK's) joined into one two-column signature block."""
        return merge_columns(self.rec_blocks, l_margin=self.l_margin,
                             width=self.w - self.l_margin - self.r_margin)

    def paragraph(self, text, *, size=None, indent=0, first_line=0, align="J", style="",
                  line_height=None, space_after=2):
        self.record(Paragraph((text or "").strip(), align=_align(align, "J"), bold="B" in style,
                              italic="I" in style, first_line=bool(first_line),
                              indent_mm=float(indent or 0), size=size))
        with self.muted():
            return super().paragraph(text, size=size, indent=indent, first_line=first_line,
                                     align=align, style=style, line_height=line_height,
                                     space_after=space_after)

    def label_rows(self, pairs, *, label_w=28, x=None, **kwargs):
        self.record(Fields(tuple((str(a), str(b or "-")) for a, b in pairs), label_mm=label_w,
                           indent_mm=max(0.0, (x if x is not None else self.l_margin)
                                         - self.l_margin)))
        with self.muted():
            return super().label_rows(pairs, label_w=label_w, x=x, **kwargs)

    def signature_block(self, signer, *, place_date, x=None, label_above="", y=None,
                        width=None, blank_fill=False):
        block = signer_block(signer, place_date=place_date, label_above=label_above,
                             blank_fill=blank_fill)
        left = x is not None and x < self.w / 3
        self.record(Signatures(left=block) if left else Signatures(right=block))
        with self.muted():
            return super().signature_block(signer, place_date=place_date, x=x,
                                           label_above=label_above, y=y, width=width,
                                           blank_fill=blank_fill)

    def image(self, name, *args, **kwargs):
        if not self._mute and isinstance(name, (io.BytesIO, bytes)):
            data = name.getvalue() if isinstance(name, io.BytesIO) else name
            width = kwargs.get("w") or kwargs.get("h") or 40
            self.rec_blocks.append(Image(data, float(width)))
        with self.muted():
            return super().image(name, *args, **kwargs)

    # -------------------------------------------------------------- tables
    @contextmanager
    def table(self, *args, **kwargs):
        outer = self._mute
        self._mute += 1              # fpdf2 draws the rows with multi_cell when the block ends
        try:
            with super().table(*args, **kwargs) as table:
                yield table
            rows = [self._row(r) for r in getattr(table, "rows", [])]
        finally:
            self._mute -= 1
        if outer:
            return
        heads = int(kwargs.get("num_heading_rows", 1) or 0) \
            if kwargs.get("first_row_as_headings", True) else 0
        widths = kwargs.get("col_widths")
        ncols = max((sum(c.colspan for c in r[0]) for r in rows), default=1)
        if not widths or isinstance(widths, (int, float)):
            widths = [1] * ncols
        bold = tuple(i - heads for i, (_, b) in enumerate(rows) if b and i >= heads)
        self.rec_blocks.append(Table(tuple(tuple(r) for r, _ in rows[:heads]),
                                     tuple(tuple(r) for r, _ in rows[heads:]),
                                     tuple(float(w) for w in widths),
                                     font_pt=float(self.font_size_pt), bold_rows=bold))

    @staticmethod
    def _row(row) -> tuple[list[Cell], bool]:
        style = getattr(row, "style", None)
        row_bold = bool(style is not None and "B" in str(getattr(style, "emphasis", "") or ""))
        cells = []
        for c in row.cells:
            if not hasattr(c, "text"):
                continue              # a span's placeholder
            cstyle = getattr(c, "style", None)
            bold = row_bold or bool(cstyle is not None
                                    and "B" in str(getattr(cstyle, "emphasis", "") or ""))
            cells.append(Cell(str(c.text or ""), colspan=int(c.colspan or 1),
                              rowspan=int(c.rowspan or 1), align=_align(c.align, "L"),
                              bold=bold))
        return cells, row_bold


__all__ = ["Placed", "RecorderMixin", "merge_columns"]
