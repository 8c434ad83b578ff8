"""An ``Outline`` (lib.documents.outline) as a Word document, with python-docx.

Real Word structure, so the kecamatan can go on editing: the styles Title
(Word shows it as "Judul"), Heading 1-3 and Normal; tables as Word tables whose
header rows repeat on every page; the kop in the first page's header; page
numbers as PAGE/NUMPAGES fields; the Daftar Isi as a TOC field already filled
(nothing prompts on open); signature blocks as borderless tables with room for
the signature and stamp; paper and margins from the office's settings.

Plain data in, bytes out: no database.
"""
from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from lib.documents.base import kop_lines, page_margins, paper_size
from lib.documents.outline import (Cell, Fields, Heading, Image, Numbered, Outline, PageBreak,
                                   Paragraph, Rule, SigBlock, Signatures, Spacer, Table, Toc,
                                   cell_text)

FONT = "Arial"          # Liberation Sans (the PDFs' font) has Arial's metrics
HEADER_FILL = "E1E1E1"
GROUP_FILL = "F2F2F2"
PLACEHOLDER_RED = RGBColor(150, 0, 0)
SIGNATURE_ROOM_MM = 25.0
_ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER,
          "R": WD_ALIGN_PARAGRAPH.RIGHT, "J": WD_ALIGN_PARAGRAPH.JUSTIFY}


# ---------------------------------------------------------------- xml helpers
def _el(tag: str, **attrs) -> OxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), str(v))
    return e


def _field(paragraph, instr: str, cached: str, *, begin=True, end=True, run_style=None):
    """A complex field ``{ instr }`` showing ``cached`` until Word updates it."""
    def run_with(el):
        r = paragraph.add_run()
        if run_style:
            run_style(r)
        r._r.append(el)
        return r
    if begin:
        run_with(_el("w:fldChar", fldCharType="begin"))
        instr_el = OxmlElement("w:instrText")
        instr_el.set(qn("xml:space"), "preserve")
        instr_el.text = f" {instr} "
        run_with(instr_el)
        run_with(_el("w:fldChar", fldCharType="separate"))
    if cached:
        r = paragraph.add_run(cached)
        if run_style:
            run_style(r)
    if end:
        run_with(_el("w:fldChar", fldCharType="end"))


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(_el("w:shd", val="clear", color="auto", fill=fill))


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="nil"))
    tbl_pr.append(borders)


def _set_widths(table, widths_mm) -> None:
    """Fixed column widths Word and LibreOffice both honour: the grid, every
    cell, the table's width and a fixed layout."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for e in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(e)
    tbl_pr.append(_el("w:tblW", w=int(sum(widths_mm) * 56.7), type="dxa"))
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    for col, width in zip(table.columns, widths_mm):
        col.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _cell_margins(table, left_right_mm: float, top_bottom_mm: float = 0.0) -> None:
    tbl_pr = table._tbl.tblPr
    mar = _el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        mm = top_bottom_mm if side in ("top", "bottom") else left_right_mm
        mar.append(_el(f"w:{side}", w=int(mm * 56.7), type="dxa"))
    tbl_pr.append(mar)


def _row_flags(row, *, header: bool = False, cant_split: bool = True) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.append(_el("w:cantSplit"))
    if header:
        tr_pr.append(_el("w:tblHeader"))


def _para_border_bottom(paragraph, val: str, size: int, space: int = 1) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    bdr = _el("w:pBdr")
    bdr.append(_el("w:bottom", val=val, sz=size, space=space, color="000000"))
    # schema order: pStyle, keepNext..., pBdr before shd/tabs/spacing/ind/jc
    anchor = next((c for c in p_pr if c.tag in {qn(t) for t in (
        "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")}), None)
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        p_pr.append(bdr)


def _compact(paragraph, after: float = 0, before: float = 0) -> None:
    pf = paragraph.paragraph_format
    pf.space_after = Pt(after)
    pf.space_before = Pt(before)


def _text(paragraph, text: str, *, bold=False, italic=False, underline=False, size=None,
          color=None) -> None:
    """Text with line breaks where it has newlines."""
    for i, line in enumerate((text or "").split("\n")):
        run = paragraph.add_run(line)
        if i:
            run._r.insert(0, _el("w:br"))
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color


# ---------------------------------------------------------------- the renderer
class _Writer:
    def __init__(self, outline: Outline, *, page_count: int = 0,
                 creation_date: dt.datetime | None = None):
        self.o = outline
        self.doc = Document()
        self.page_count = page_count
        self.creation_date = creation_date
        self._styles()
        self.orientation = outline.orientation
        self._section(self.doc.sections[0], outline.orientation)
        self._properties()

    # styles ------------------------------------------------------------------
    def _styles(self) -> None:
        st = self.doc.styles
        body = self.o.body_pt
        normal = st["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(body)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = _el("w:rFonts")
            rpr.append(fonts)
        for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attr}"), FONT)
        rpr.append(_el("w:lang", val="id-ID"))
        normal.paragraph_format.space_after = Pt(3)
        normal.paragraph_format.line_spacing = 1.1
        for name, size, align in (("Title", 12, WD_ALIGN_PARAGRAPH.CENTER),
                                  ("Heading 1", 14, WD_ALIGN_PARAGRAPH.CENTER),
                                  ("Heading 2", 12, None), ("Heading 3", 11, None)):
            s = st[name]
            s.font.name = FONT
            s.font.size = Pt(size)
            s.font.bold = True
            s.font.italic = False
            s.font.color.rgb = RGBColor(0, 0, 0)
            s_rpr = s.element.get_or_add_rPr()
            for f in s_rpr.findall(qn("w:rFonts")):
                s_rpr.remove(f)
            s_rpr.insert(0, _el("w:rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
            for tag in ("w:spacing", "w:kern"):
                for e in s_rpr.findall(qn(tag)):
                    s_rpr.remove(e)
            p_pr = s.element.get_or_add_pPr()
            for e in p_pr.findall(qn("w:pBdr")):      # the template's Title has a rule
                p_pr.remove(e)
            s.paragraph_format.space_before = Pt(6 if name != "Title" else 0)
            s.paragraph_format.space_after = Pt(4)
            s.paragraph_format.keep_with_next = True
            if align is not None:
                s.paragraph_format.alignment = align
        from docx.enum.style import WD_STYLE_TYPE
        self.toc_styles = {}
        for level in (1, 2, 3):
            name = f"TOC {level}"
            try:
                s = st[name]
            except KeyError:
                s = st.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                s.base_style = st["Normal"]
            s.paragraph_format.left_indent = Mm(7 * (level - 1))
            s.paragraph_format.space_after = Pt(2)
            s.font.bold = level == 1
            self.toc_styles[level] = s

    # page --------------------------------------------------------------------
    def _section(self, section, orientation: str) -> None:
        w, h = paper_size(self.o.profile.paper)
        if orientation == "L":
            section.orientation = WD_ORIENT.LANDSCAPE
            w, h = h, w
        else:
            section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(w), Mm(h)
        m = page_margins(self.o.profile)
        section.left_margin, section.right_margin = Mm(m.left * 10), Mm(m.right * 10)
        section.top_margin, section.bottom_margin = Mm(m.top * 10), Mm(m.bottom * 10)
        section.header_distance = Mm(m.top * 10)
        section.footer_distance = Mm(max(4.0, m.bottom * 10 / 2 - 3))
        self.content_mm = w - (m.left + m.right) * 10

    def _properties(self) -> None:
        cp = self.doc.core_properties
        o = self.o
        cp.title = o.title + (" (DRAFT)" if o.draft else "")
        cp.author = o.profile.kecamatan or "Perkin"
        cp.last_modified_by = "Perkin"
        cp.language = "id-ID"
        cp.subject = o.subject or o.title
        cp.keywords = "DRAFT" if o.draft else ("salinan kerja" if o.working_copy else "")
        cp.comments = (o.working_copy or
                       ("DRAFT: belum final." if o.draft else "Dibuat oleh Perkin."))
        if o.working_copy:
            cp.category = "Salinan kerja (bukan dokumen terverifikasi)"
        when = self.creation_date or dt.datetime(2000, 1, 1)
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None) if when.tzinfo else when
        cp.created = when
        cp.modified = when
        cp.revision = 1

    # header and footer ------------------------------------------------------
    def header_footer(self) -> None:
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        if self.o.kop:
            self._kop(section.first_page_header)
        for footer in (section.first_page_footer, section.footer):
            self._footer(footer, first=footer is section.first_page_footer)
        for extra in self.doc.sections[1:]:
            extra.different_first_page_header_footer = False

    def _kop(self, header) -> None:
        p = self.o.profile
        table = header.add_table(1, 3, Mm(self.content_mm))
        _no_borders(table)
        _set_widths(table, (24.0, self.content_mm - 48.0, 24.0))
        rule = header.paragraphs[0]          # the header's own paragraph: the rule, under
        rule._p.addprevious(table._tbl)
        logo_cell, text_cell, _ = table.rows[0].cells
        lp = logo_cell.paragraphs[0]
        _compact(lp)
        placed = False
        if p.logo:
            try:
                lp.add_run().add_picture(io.BytesIO(p.logo), height=Mm(22))
                placed = True
            except Exception:  # noqa: BLE001 - an unreadable logo: the box, never a crash
                placed = False
        if not placed:
            borders = _el("w:tcBorders")
            for side in ("top", "left", "bottom", "right"):
                borders.append(_el(f"w:{side}", val="dashed", sz=4, color="787878"))
            logo_cell._tc.get_or_add_tcPr().append(borders)
            _compact(lp, before=24, after=24)
            lp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(lp, "LOGO", bold=True, size=8, color=RGBColor(120, 120, 120))
        pemerintah = (p.pemerintah or "").strip().upper()
        kecamatan = (p.kecamatan or "").strip().upper()
        if not pemerintah and not kecamatan:
            pemerintah = "(PROFIL KECAMATAN BELUM DIISI)"
        first = True
        for text, size in [(pemerintah, 13), (kecamatan, 16)] + [(t, 10) for t in kop_lines(p)]:
            if not text:
                continue
            para = text_cell.paragraphs[0] if first else text_cell.add_paragraph()
            first = False
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _compact(para)
            _text(para, text, bold=size > 10, size=size)
        _compact(rule, after=6)
        _para_border_bottom(rule, "thickThinSmallGap", 18)
        rule.paragraph_format.line_spacing = Pt(4)

    def _footer(self, footer, *, first: bool) -> None:
        o = self.o
        para = footer.paragraphs[0]
        _compact(para)
        small = lambda r: setattr(r.font, "size", Pt(8))  # noqa: E731
        left = []
        if o.verify_code:
            left.append(f"Kode verifikasi: {o.verify_code}")
        if o.draft:
            left.append("DRAFT")
        if left:
            _text(para, "  ".join(left), size=8, bold=o.draft,
                  color=RGBColor(200, 0, 0) if o.draft else RGBColor(90, 90, 90))
        if self.page_count != 1:
            para.paragraph_format.tab_stops.add_tab_stop(Mm(self.content_mm),
                                                         WD_TAB_ALIGNMENT.RIGHT)
            _text(para, "\tHalaman ", size=8)
            _field(para, "PAGE", "1" if first else "2", run_style=small)
            _text(para, " dari ", size=8)
            _field(para, "NUMPAGES", str(self.page_count or 1), run_style=small)
        if o.working_copy:
            note = footer.add_paragraph()
            _compact(note)
            _text(note, o.working_copy, italic=True, size=7, color=RGBColor(150, 0, 0))

    # blocks ------------------------------------------------------------------
    def write(self) -> bytes:
        body = self.doc.paragraphs[0] if self.doc.paragraphs else None
        if body is not None:          # the template's empty first paragraph
            body._p.getparent().remove(body._p)
        for block in self.o.blocks:
            getattr(self, "_" + type(block).__name__.lower())(block)
        self.header_footer()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def _heading(self, b: Heading) -> None:
        style = "Title" if b.level == 0 else f"Heading {min(b.level, 3)}"
        para = self.doc.add_paragraph(style=style)
        _text(para, b.text, underline=b.underline)

    def _paragraph(self, b: Paragraph) -> None:
        para = self.doc.add_paragraph()
        para.alignment = _ALIGN.get(b.align, WD_ALIGN_PARAGRAPH.JUSTIFY)
        pf = para.paragraph_format
        if b.indent_mm < 0:
            pf.left_indent = Mm(self.content_mm + b.indent_mm)
            _compact(para)
        elif b.indent_mm:
            pf.left_indent = Mm(b.indent_mm)
        if b.first_line:
            pf.first_line_indent = Mm(10)
        _text(para, b.text, bold=b.bold, italic=b.italic, size=b.size)

    def _fields(self, b: Fields) -> None:
        table = self.doc.add_table(0, 3)
        _no_borders(table)
        if b.indent_mm:
            tbl_pr = table._tbl.tblPr
            tbl_pr.append(_el("w:tblInd", w=int(b.indent_mm * 56.7), type="dxa"))
        widths = (b.label_mm, 4.0, self.content_mm - b.indent_mm - b.label_mm - 4.0)
        for label, value in b.pairs:
            row = table.add_row()
            for cell, text in zip(row.cells, (label, ":", value or "-")):
                para = cell.paragraphs[0]
                _compact(para)
                _text(para, text, bold=text == value and label in b.bold_labels)
        _set_widths(table, widths)
        _cell_margins(table, 0)
        self._after_table()

    def _numbered(self, b: Numbered) -> None:
        for n, item in enumerate(b.items, 1):
            para = self.doc.add_paragraph()
            pf = para.paragraph_format
            pf.left_indent = Mm(b.indent_mm + 8)
            pf.first_line_indent = Mm(-8)
            pf.tab_stops.add_tab_stop(Mm(b.indent_mm + 8))
            pf.space_after = Pt(1)
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _text(para, f"{b.marker.format(n=n)}\t{item}")

    def _after_table(self, space: float = 3) -> None:
        para = self.doc.add_paragraph()
        _compact(para)
        para.paragraph_format.line_spacing = Pt(space)

    def _table(self, b: Table) -> None:
        ncols = len(b.widths)
        total = sum(b.widths)
        widths = [self.content_mm * w / total for w in b.widths]
        all_rows = [(r, True) for r in b.header] + [(r, False) for r in b.rows]
        table = self.doc.add_table(len(all_rows), ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        taken: set[tuple[int, int]] = set()
        for r, (cells, is_head) in enumerate(all_rows):
            row = table.rows[r]
            _row_flags(row, header=is_head and b.repeat_header)
            body_index = r - len(b.header)
            c = 0
            for item in cells:
                while (r, c) in taken:
                    c += 1
                if c >= ncols:
                    break
                cell = item if isinstance(item, Cell) else Cell(str(item))
                span_c = max(1, min(cell.colspan, ncols - c))
                span_r = max(1, min(cell.rowspan, len(all_rows) - r))
                for rr in range(r, r + span_r):
                    for cc in range(c, c + span_c):
                        taken.add((rr, cc))
                target = table.cell(r, c)
                if span_c > 1 or span_r > 1:
                    target = target.merge(table.cell(r + span_r - 1, c + span_c - 1))
                para = target.paragraphs[0]
                _compact(para)
                para.alignment = _ALIGN.get(cell.align if not is_head else "C",
                                            WD_ALIGN_PARAGRAPH.LEFT)
                bold = is_head or cell.bold or body_index in b.bold_rows \
                    or body_index in b.shaded_rows
                _text(para, cell_text(cell), bold=bold, size=b.font_pt)
                if is_head or body_index in b.shaded_rows:
                    _shade(target, HEADER_FILL)
                elif body_index in b.bold_rows:
                    _shade(target, GROUP_FILL)
                c += span_c
        _set_widths(table, widths)
        _cell_margins(table, 1.2, b.pad_mm)     # the PDF tables' padding
        self._after_table()

    def _sig_cell(self, cell, block: SigBlock | None, *, top_line: str = "") -> None:
        para = cell.paragraphs[0]
        _compact(para)
        if block is None:
            return
        lines = []
        if top_line:
            lines.append((top_line, "C"))
        if block.heading:
            lines.append((block.heading, "L"))
        lines += [(t, "C") for t in block.above]
        first = True
        for text, align in lines:
            p = para if first else cell.add_paragraph()
            first = False
            _compact(p)
            p.alignment = _ALIGN[align]
            _text(p, text)
        name = cell.add_paragraph() if not first else para
        _compact(name, before=SIGNATURE_ROOM_MM * 2.835)   # room to sign and stamp
        name.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if block.name_kind == "name":
            _text(name, block.name, bold=True, underline=True)
        elif block.name_kind == "placeholder":
            _text(name, block.name, italic=True, color=PLACEHOLDER_RED)
        elif block.name_kind == "plain" and not block.below:
            _compact(name)             # a column of lines without a signature
            _text(name, block.name)
        else:
            _text(name, block.name)
        for text in block.below:
            p = cell.add_paragraph()
            _compact(p)
            p.alignment = _ALIGN[block.below_align]
            placeholder = text.startswith("(") and "belum diisi" in text
            _text(p, text, italic=placeholder, color=PLACEHOLDER_RED if placeholder else None)

    def _signatures(self, b: Signatures) -> None:
        table = self.doc.add_table(1, 3)
        _no_borders(table)
        side = min(85.0, (self.content_mm - 5) / 2)
        _set_widths(table, (side, self.content_mm - 2 * side, side))
        row = table.rows[0]
        _row_flags(row)
        left, _, right = row.cells
        top = b.top_right
        if top and b.left is not None:
            # the date line stands over the right block; the left one starts level
            self._sig_cell(left, SigBlock(("",) + b.left.above, b.left.name, b.left.name_kind,
                                          b.left.below, b.left.heading, b.left.below_align))
        else:
            self._sig_cell(left, b.left)
        self._sig_cell(right, b.right, top_line=top)
        self._after_table()

    def _pagebreak(self, b: PageBreak) -> None:
        want = b.orientation or self.orientation
        if want != self.orientation:
            from docx.enum.section import WD_SECTION
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            self._section(section, want)
            self.orientation = want
            return
        para = self.doc.add_paragraph()
        _compact(para)
        para.add_run().add_break(WD_BREAK.PAGE)

    def _spacer(self, b: Spacer) -> None:
        para = self.doc.add_paragraph()
        _compact(para)
        para.paragraph_format.line_spacing = Pt(max(1.0, b.mm * 2.835))

    def _rule(self, b: Rule) -> None:
        para = self.doc.add_paragraph()
        _compact(para, after=8)
        para.paragraph_format.line_spacing = Pt(6)
        _para_border_bottom(para, "single", 8)

    def _image(self, b: Image) -> None:
        para = self.doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        try:
            para.add_run().add_picture(io.BytesIO(b.data), width=Mm(min(b.width_mm,
                                                                        self.content_mm)))
        except Exception:  # noqa: BLE001 - a chart that cannot be placed: its caption only
            pass
        if b.caption:
            cap = self.doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(cap, b.caption, italic=True, size=9)

    def _toc(self, b: Toc) -> None:
        title = self.doc.add_paragraph(style="Heading 1")
        _text(title, b.title)
        if not b.entries:
            if b.empty:
                para = self.doc.add_paragraph()
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _text(para, b.empty)
            return
        if not b.field:
            for text, level, page in b.entries:
                para = self.doc.add_paragraph()
                pf = para.paragraph_format
                pf.left_indent = Mm(7 * level)
                pf.space_after = Pt(2)
                pf.tab_stops.add_tab_stop(Mm(self.content_mm), WD_TAB_ALIGNMENT.RIGHT,
                                          WD_TAB_LEADER.DOTS)
                _text(para, f"{text}\t{page}")
            return
        paras = []
        for text, level, page in b.entries:
            para = self.doc.add_paragraph(style=self.toc_styles[min(level + 1, 3)])
            para.paragraph_format.tab_stops.add_tab_stop(
                Mm(self.content_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            paras.append((para, f"{text}\t{page}"))
        for i, (para, text) in enumerate(paras):
            if i == 0:
                _field(para, 'TOC \\o "1-3" \\z \\u', "", end=False)
            para.add_run(text)
            if i == len(paras) - 1:
                _field(para, "", "", begin=False)


def render_docx(outline: Outline, *, page_count: int = 0,
                creation_date: dt.datetime | None = None) -> bytes:
    """The .docx bytes of ``outline``. ``page_count`` (of the PDF of the same
    paper) is the cached value of the NUMPAGES field; a one-page paper prints
    no "Halaman x dari y", as its PDF."""
    return _Writer(outline, page_count=page_count, creation_date=creation_date).write()


__all__ = ["render_docx"]
