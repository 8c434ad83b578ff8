"""The common base of every official document: paper, font, letterhead (kop),
footer with page numbers and verification code, DRAFT watermark, signature
blocks and table helpers.

Renderers subclass nothing: they build an ``OfficialPDF`` and call
``render_bytes(pdf)``. Text on paper is Bahasa Indonesia.
"""
from __future__ import annotations

import datetime as dt
import io
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Sequence

from fpdf import FPDF
from fpdf.enums import TableHeadingsDisplay, XPos, YPos
from fpdf.fonts import FontFace

from lib.documents.model import Margins, Profile, Signer
from lib.spelling import format_date as _fmt_date
from lib.spelling import format_number as _fmt_number

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FAMILY = "Liberation"

# Paper sizes in mm (portrait width, height).
PAPER_SIZES = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}

HEADER_FILL = (225, 225, 225)
GROUP_FILL = (242, 242, 242)

PLACEHOLDER_NAME = "(nama belum diisi)"
PLACEHOLDER_NIP = "(NIP belum diisi)"
PLACEHOLDER_NUMBER = "(nomor belum diisi)"

# Characters the font may lack, mapped to a readable substitute before the
# generic fallback ("?") applies.
_SUBSTITUTES = {
    "\u2713": "v", "\u2714": "v", "\u2705": "v",      # check marks
    "\u2717": "x", "\u2718": "x", "\u274c": "x",
    "\u2022": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
    "\ufeff": "", "\u200d": "", "\ufe0f": "",
    "\t": "    ",
}

def paper_size(paper: str | None) -> tuple[float, float]:
    """Portrait (width, height) in mm of ``"F4"`` or ``"A4"``; anything else F4."""
    return PAPER_SIZES.get((paper or "").strip().upper(), PAPER_SIZES["F4"])


def page_margins(profile: Profile) -> Margins:
    """The profile's margins in cm, each kept within 1-5 cm (the settings
    refuse other values; this guards hand-made data)."""
    m = profile.margins or Margins()
    return Margins(*(min(5.0, max(1.0, float(v))) for v in (m.left, m.right, m.top, m.bottom)))


def kop_lines(profile: Profile) -> list[str]:
    """The small lines of the kop under the names: the address (with the
    telephone), then email and website, then the postcode, as the profile has them."""
    first = [x for x in ((profile.alamat or "").strip(),
                         f"Telp. {profile.telepon.strip()}" if (profile.telepon or "").strip()
                         else "") if x]
    second = [x for x in (f"Email: {profile.email.strip()}" if (profile.email or "").strip()
                          else "",
                          f"Website: {profile.website.strip()}"
                          if (profile.website or "").strip() else "",
                          f"Kode Pos {profile.kode_pos.strip()}"
                          if (profile.kode_pos or "").strip() else "") if x]
    return [line for line in (", ".join(first), "  ".join(second)) if line]


def format_date(value: dt.date | None) -> str:
    """``23 November 2026``."""
    if value is None:
        return "-"
    return _fmt_date(value)


def format_percent(value: float | None) -> str:
    """``85,71%``, ``90,00%``: documents print percentages with two decimals, as
    published LKjIPs do (DOMAIN.md §6); None -> ``-``."""
    if value is None:
        return "-"
    return _fmt_number(value, 2) + "%"


def format_number(value: float | int | None) -> str:
    """``1.250``; None -> ``-``."""
    if value is None:
        return "-"
    return _fmt_number(value)


def jabatan_line(signer: Signer) -> str:
    """``Plt. Camat Guguak`` (acting prefix before the jabatan)."""
    acting = (signer.acting or "").strip()
    jabatan = (signer.jabatan or "").strip() or "(jabatan belum diisi)"
    return f"{acting} {jabatan}" if acting else jabatan


class OfficialPDF(FPDF):
    """An A4/F4 page with Liberation Sans, page footer and optional DRAFT mark.

    ``creation_date`` fixes the PDF metadata date so equal input gives
    byte-identical output.
    """

    # Type sizes of the naskah dinas: 12 pt in letters, 11-12 pt in tables.
    LETTER_PT = 12.0
    TABLE_PT = 11.0
    # Line height of letter text: 12 pt at spacing about 1,15.
    LINE_H = 6.0

    def __init__(self, profile: Profile, *, orientation: str = "P", draft: bool = False,
                 verify_code: str | None = None, doc_title: str = "",
                 creation_date: dt.datetime | None = None):
        size = paper_size(profile.paper)
        super().__init__(orientation=orientation, unit="mm", format=size)
        self.profile = profile
        self.draft = draft
        self.verify_code = verify_code
        self.doc_title = doc_title
        self._finishing = False
        self._glyph_cache: dict[tuple[str, str], str] = {}
        for style, suffix in (("", "Regular"), ("B", "Bold"), ("I", "Italic"),
                              ("BI", "BoldItalic")):
            self.add_font(FAMILY, style, str(FONT_DIR / f"LiberationSans-{suffix}.ttf"))
        self.set_font(FAMILY, size=self.LETTER_PT)
        m = page_margins(profile)
        self.set_margins(m.left * 10, m.top * 10, m.right * 10)
        self.set_auto_page_break(True, margin=m.bottom * 10)
        self.set_title(doc_title or "Dokumen")
        self.set_author(profile.kecamatan or "Perkin")
        self.set_creator("Perkin")
        self.set_producer("Perkin (fpdf2)")
        self.set_lang("id")
        if creation_date is not None:
            self.set_creation_date(creation_date)

    def output(self, *args, **kwargs):
        # The footer fpdf2 renders from here is the last page's: a paper whose
        # last page is page 1 has one page and prints no "Halaman x dari y".
        self._finishing = True
        return super().output(*args, **kwargs)

    # ------------------------------------------------------------------ text
    def normalize_text(self, text: str) -> str:
        """Replace characters the current font cannot draw instead of
        printing empty boxes (or failing)."""
        text = super().normalize_text(text)
        if not self.is_ttf_font or not text:
            return text
        font = self.current_font
        cmap = getattr(font, "cmap", None)
        if not cmap:
            return text
        out = []
        for ch in text:
            if ch == "\n" or ord(ch) in cmap:
                out.append(ch)
                continue
            key = (font.fontkey if hasattr(font, "fontkey") else "", ch)
            rep = self._glyph_cache.get(key)
            if rep is None:
                rep = _SUBSTITUTES.get(ch)
                if rep is None:
                    decomposed = unicodedata.normalize("NFKD", ch)
                    base = "".join(c for c in decomposed if ord(c) in cmap
                                   and not unicodedata.combining(c))
                    if base:
                        rep = base
                    elif unicodedata.category(ch).startswith("C") or \
                            unicodedata.category(ch) in ("Mn", "Me"):
                        rep = ""
                    else:
                        rep = "?"
                self._glyph_cache[key] = rep
            out.append(rep)
        return "".join(out)

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    @contextmanager
    def font(self, size: float | None = None, style: str = ""):
        """Temporarily switch font size/style."""
        old_style, old_size = self.font_style, self.font_size_pt
        self.set_font(FAMILY, style, size or old_size)
        try:
            yield
        finally:
            self.set_font(FAMILY, old_style, old_size)

    def place_date(self, date: dt.date | None) -> str:
        """``Guguak, 23 November 2026``."""
        place = (self.profile.ibukota or "").strip()
        when = format_date(date) if date else "........................"
        return f"{place}, {when}" if place else when

    # ------------------------------------------------------- header / footer
    @property
    def shows_page_numbers(self) -> bool:
        """Whether this page carries "Halaman x dari y": only papers of more than
        one page do. fpdf2 renders a page's footer when the next page starts, or
        at output for the last page, so a footer rendered at output on page 1 is
        the footer of a one-page paper."""
        return not (self._finishing and self.page_no() == 1)

    def footer(self) -> None:
        if self.draft:
            self._draw_watermark()
        if not (self.verify_code or self.shows_page_numbers):
            return
        # Centred in the bottom margin, whatever margin the office chose.
        self.set_y(self.h - self.b_margin / 2 - 2.5)
        with self.font(8):
            self.set_text_color(90, 90, 90)
            if self.verify_code:
                self.set_x(self.l_margin)
                self.cell(self.content_width / 2, 5, f"Kode verifikasi: {self.verify_code}",
                          align="L")
            if self.shows_page_numbers:
                self.set_x(self.l_margin + self.content_width / 2)
                self.cell(self.content_width / 2, 5,
                          f"Halaman {self.page_no()} dari {self.str_alias_nb_pages}",
                          align="R")
            self.set_text_color(0, 0, 0)

    def _draw_watermark(self) -> None:
        """DRAFT across the page, semi-transparent, drawn last (in the footer)
        so filled table cells cannot hide it."""
        cx, cy = self.w / 2, self.h / 2
        with self.local_context(fill_opacity=0.18, text_color=(200, 0, 0)):
            with self.font(110 if self.cur_orientation == "P" else 130, "B"):
                width = self.get_string_width("DRAFT")
                with self.rotation(angle=35 if self.cur_orientation == "P" else 25, x=cx, y=cy):
                    self.text(cx - width / 2, cy + 12, "DRAFT")

    # ------------------------------------------------------------------ kop
    def kop(self) -> None:
        """Letterhead: logo left; centred PEMERINTAH KABUPATEN ..., KECAMATAN ...,
        the address, telephone, email, website and postcode; a double rule (thick
        over thin). Starts at the top margin (2 cm from the paper's edge)."""
        p = self.profile
        top = self.t_margin if self.get_y() <= self.t_margin + 1 else self.get_y()
        logo_w = 22.0
        x0 = self.l_margin
        self._draw_logo(x0, top, logo_w)
        text_x = x0 + logo_w + 2
        text_w = self.content_width - 2 * (logo_w + 2)
        self.set_xy(text_x, top)
        pemerintah = (p.pemerintah or "").strip().upper()
        kecamatan = (p.kecamatan or "").strip().upper()
        if not pemerintah and not kecamatan:
            pemerintah = "(PROFIL KECAMATAN BELUM DIISI)"
        with self.font(13, "B"):
            if pemerintah:
                self.multi_cell(text_w, 6.5, pemerintah, align="C",
                                new_x=XPos.LEFT, new_y=YPos.NEXT)
        with self.font(16, "B"):
            if kecamatan:
                self.set_x(text_x)
                self.multi_cell(text_w, 7.5, kecamatan, align="C",
                                new_x=XPos.LEFT, new_y=YPos.NEXT)
        with self.font(10):
            for line in kop_lines(p):
                self.set_x(text_x)
                self.multi_cell(text_w, 4.6, line, align="C",
                                new_x=XPos.LEFT, new_y=YPos.NEXT)
        y = max(self.get_y() + 1.5, top + logo_w + 1.5)
        with self.local_context(line_width=0.9):
            self.line(self.l_margin, y, self.w - self.r_margin, y)
        with self.local_context(line_width=0.3):
            self.line(self.l_margin, y + 1.3, self.w - self.r_margin, y + 1.3)
        self.set_xy(self.l_margin, y + 6)

    # Draw a dashed "LOGO" box where the logo is missing (letters: a reminder);
    # the LKjIP prints nothing instead and lists the missing logo in its readiness check.
    logo_placeholder = True

    def _draw_logo(self, x: float, y: float, size: float) -> None:
        logo = self.profile.logo
        if logo:
            try:
                self.image(io.BytesIO(logo), x=x, y=y, h=size, keep_aspect_ratio=True,
                           w=size)
                return
            except Exception:  # unreadable image -> placeholder, never a crash
                pass
        if not self.logo_placeholder:
            return
        with self.local_context(draw_color=(120, 120, 120), line_width=0.3,
                                dash_pattern=dict(dash=1, gap=1)):
            self.rect(x, y, size, size)
        with self.font(8, "B"):
            self.set_text_color(120, 120, 120)
            self.set_xy(x, y + size / 2 - 2.5)
            self.cell(size, 5, "LOGO", align="C")
            self.set_text_color(0, 0, 0)

    # ------------------------------------------------------------- headings
    def title_block(self, title: str, subtitle: str = "", *, size: float = 12,
                    underline: bool = True) -> None:
        """Centred bold (underlined) title and an optional second line
        (e.g. ``Nomor : ...``)."""
        with self.font(size, "BU" if underline else "B"):
            self.set_x(self.l_margin)
            self.multi_cell(self.content_width, size * 0.5, title, align="C",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            with self.font(size - 1):
                self.multi_cell(self.content_width, size * 0.45, subtitle, align="C",
                                new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)

    def paragraph(self, text: str, *, size: float | None = None, indent: float = 0,
                  first_line: float = 0, align: str = "J", style: str = "",
                  line_height: float | None = None, space_after: float = 2) -> None:
        """A justified paragraph; ``first_line`` indents the first line."""
        line_height = line_height or self.LINE_H
        with self.font(size, style):
            x = self.l_margin + indent
            self.set_x(x)
            text = (text or "").strip()
            if first_line:
                text = " " * max(1, int(first_line / max(self.get_string_width(" "), 0.1))) + text
            self.multi_cell(self.w - self.r_margin - x, line_height, text, align=align,
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if space_after:
            self.ln(space_after)

    def label_rows(self, pairs: Sequence[tuple[str, str]], *, label_w: float = 28,
                   x: float | None = None, width: float | None = None, size: float | None = None,
                   line_height: float | None = None, bold_values: Iterable[str] = ()) -> None:
        """``Nomor   : 000/...`` lines with aligned colons; values wrap."""
        line_height = line_height or self.LINE_H
        x = self.l_margin if x is None else x
        width = (self.w - self.r_margin - x) if width is None else width
        bold_values = set(bold_values)
        with self.font(size):
            for label, value in pairs:
                self.set_x(x)
                y = self.get_y()
                if y + line_height > self.page_break_trigger:
                    self.add_page()
                    y = self.get_y()
                self.cell(label_w, line_height, label)
                self.cell(4, line_height, ":")
                style = "B" if label in bold_values else ""
                with self.font(None, style):
                    self.multi_cell(width - label_w - 4, line_height, value or "-",
                                    align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def numbered(self, items: Sequence[str], *, indent: float = 0, size: float | None = None,
                 line_height: float | None = None, marker: str = "{n}.") -> None:
        """A hanging-indent numbered list (``marker`` may be ``"-"``)."""
        line_height = line_height or self.LINE_H
        x = self.l_margin + indent
        with self.font(size):
            for n, item in enumerate(items, 1):
                mark = marker.format(n=n)
                mark_w = max(7.0, self.get_string_width(mark) + 2)
                if self.get_y() + line_height > self.page_break_trigger:
                    self.add_page()
                self.set_x(x)
                self.cell(mark_w, line_height, mark)
                self.multi_cell(self.w - self.r_margin - x - mark_w, line_height, item,
                                align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def ensure_space(self, height: float) -> None:
        """Start a new page when less than ``height`` mm remain."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # ------------------------------------------------------------ signature
    SIGNATURE_WIDTH = 80.0
    SIGNATURE_ROOM = 25.0
    SIGNATURE_LH = 5.5

    def signature_height(self, signer: Signer, *, place_date: str | None = None,
                         label_above: str = "") -> float:
        lines = 2 + (1 if place_date else 0) + (1 if label_above else 0) + \
            (1 if (signer.pangkat or "").strip() else 0) + 1
        return lines * self.SIGNATURE_LH + self.SIGNATURE_ROOM

    def signature_block(self, signer: Signer, *, place_date: str | None, x: float | None = None,
                        label_above: str = "", y: float | None = None,
                        width: float | None = None, blank_fill: bool = False) -> float:
        """Signature block: place/date, label, jabatan (with Plt./Plh.),
        ~25 mm for the wet signature and stamp, name bold underlined, pangkat,
        NIP. Returns the y below the block; the cursor goes there too.

        ``x`` defaults to the right side of the page. ``y`` defaults to the
        current position; a new page starts when the block would not fit.
        ``blank_fill``: a missing name/NIP is printed as dotted lines to fill
        in by hand (e.g. the receiving party) instead of the red placeholder.
        """
        width = width or self.SIGNATURE_WIDTH
        x = (self.w - self.r_margin - width) if x is None else x
        height = self.signature_height(signer, place_date=place_date, label_above=label_above)
        if y is None:
            y = self.get_y()
        if y + height > self.page_break_trigger:
            self.add_page()
            y = self.get_y()
        lh = self.SIGNATURE_LH
        self.set_xy(x, y)
        with self.font(self.LETTER_PT):
            if place_date:
                self.multi_cell(width, lh, place_date, align="C", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            if label_above:
                self.set_x(x)
                self.multi_cell(width, lh, label_above, align="C", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            self.set_x(x)
            self.multi_cell(width, lh, jabatan_line(signer) + ",", align="C",
                            new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_y(self.get_y() + self.SIGNATURE_ROOM)
            name = (signer.name or "").strip()
            self.set_x(x)
            if not name and blank_fill:
                self.multi_cell(width, lh, "(" + "." * 45 + ")", align="C",
                                new_x=XPos.LEFT, new_y=YPos.NEXT)
            elif name:
                with self.font(None, "BU"):
                    self.multi_cell(width, lh, name, align="C", new_x=XPos.LEFT,
                                    new_y=YPos.NEXT)
            else:
                with self.font(None, "I"):
                    self.set_text_color(150, 0, 0)
                    self.multi_cell(width, lh, PLACEHOLDER_NAME, align="C", new_x=XPos.LEFT,
                                    new_y=YPos.NEXT)
                    self.set_text_color(0, 0, 0)
            if (signer.pangkat or "").strip():
                self.set_x(x)
                self.multi_cell(width, lh, signer.pangkat.strip(), align="C",
                                new_x=XPos.LEFT, new_y=YPos.NEXT)
            nip = (signer.nip or "").strip()
            self.set_x(x)
            if nip:
                self.multi_cell(width, lh, f"NIP. {nip}", align="C", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            elif blank_fill:
                self.multi_cell(width, lh, "NIP. " + "." * 40, align="C", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            else:
                with self.font(None, "I"):
                    self.set_text_color(150, 0, 0)
                    self.multi_cell(width, lh, PLACEHOLDER_NIP, align="C", new_x=XPos.LEFT,
                                    new_y=YPos.NEXT)
                    self.set_text_color(0, 0, 0)
        bottom = self.get_y()
        self.set_x(self.l_margin)
        return bottom

    def receipt_height(self, fields: int, *, heading: bool = False, spacer_lines: int = 0) -> float:
        return ((2 + fields + spacer_lines + (1 if heading else 0)) * self.SIGNATURE_LH
                + self.SIGNATURE_ROOM)

    def receipt_block(self, *, label: str, x: float, y: float, width: float, name: str = "",
                      fields: Sequence[tuple[str, str]] = (), heading: str = "",
                      spacer_lines: int = 0) -> float:
        """A block the other party fills in by hand: an optional ``heading``
        (``Diterima tanggal : ....``), the ``label`` (``Yang Menerima,``), room
        for the signature and stamp, the name (as stored, or a dotted line) and
        ``fields`` such as Jabatan, NIP, Telp., each with its value or dots.
        ``spacer_lines`` under the label keep the name level with a signature
        block beside it (whose jabatan takes a line). Returns the y below."""
        lh = self.SIGNATURE_LH
        dots = "." * 34
        with self.font(self.LETTER_PT):
            self.set_xy(x, y)
            if heading:
                self.multi_cell(width, lh, heading, align="L", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            self.set_x(x)
            self.multi_cell(width, lh, label, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_y(self.get_y() + self.SIGNATURE_ROOM + spacer_lines * lh)
            self.set_x(x)
            name = (name or "").strip()
            if name:
                with self.font(None, "BU"):
                    self.multi_cell(width, lh, name, align="C", new_x=XPos.LEFT,
                                    new_y=YPos.NEXT)
            else:
                self.multi_cell(width, lh, "(" + "." * 40 + ")", align="C", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            colon = [f for f, _ in fields if not f.endswith(".")]
            label_w = max((self.get_string_width(f) for f in colon), default=0) + 2
            for field_label, value in fields:
                value = (value or "").strip() or dots
                self.set_x(x)
                if field_label.endswith("."):        # "NIP. 1973...", "Telp. ...."
                    self.multi_cell(width, lh, f"{field_label} {value}", align="L",
                                    new_x=XPos.LEFT, new_y=YPos.NEXT)
                    continue
                self.cell(label_w, lh, field_label)
                self.cell(3, lh, ":")
                self.multi_cell(width - label_w - 3, lh, value, align="L", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
        bottom = self.get_y()
        self.set_x(self.l_margin)
        return bottom

    # --------------------------------------------------------------- tables
    def heading_style(self, size: float = 11) -> FontFace:
        return FontFace(family=FAMILY, emphasis="BOLD", size_pt=size, fill_color=HEADER_FILL)

    @contextmanager
    def official_table(self, col_widths: Sequence[float], *, num_heading_rows: int = 1,
                       font_size: float = 11, line_height: float | None = None,
                       text_align: str | Sequence[str] = "LEFT", **kwargs):
        """``pdf.table`` with the house style: bold grey headings repeated on
        every page, word wrapping, top-aligned cells, thin borders.

        Yields the fpdf2 ``Table``; add rows with ``table.row()``.
        """
        old_size = self.font_size_pt
        self.set_font(FAMILY, "", font_size)
        try:
            with self.table(
                col_widths=tuple(col_widths),
                width=sum(col_widths),
                align="LEFT",
                headings_style=self.heading_style(font_size),
                num_heading_rows=num_heading_rows,
                repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
                line_height=line_height or font_size * 0.5,
                text_align=text_align,
                v_align="TOP",
                padding=(1.0, 1.2, 1.0, 1.2),
                **kwargs,
            ) as table:
                yield table
        finally:
            self.set_font(FAMILY, "", old_size)

    def simple_table(self, headings: Sequence[str], rows: Iterable[Sequence[str]],
                     col_widths: Sequence[float], *, font_size: float = 11,
                     text_align: str | Sequence[str] = "LEFT",
                     numbering_row: bool = False) -> None:
        """A whole table from lists of strings. ``numbering_row`` adds the
        ``1 2 3 ...`` column-number row under the headings (repeated too)."""
        with self.official_table(col_widths, num_heading_rows=2 if numbering_row else 1,
                                 font_size=font_size, text_align=text_align) as table:
            head = table.row()
            for h in headings:
                head.cell(h, align="C", v_align="MIDDLE")
            if numbering_row:
                num = table.row()
                for i in range(1, len(headings) + 1):
                    num.cell(str(i), align="C")
            for values in rows:
                r = table.row()
                for v in values:
                    r.cell("" if v is None else str(v))


def render_bytes(pdf: FPDF) -> bytes:
    """The finished PDF as bytes."""
    return bytes(pdf.output())


__all__ = [
    "FAMILY", "FONT_DIR", "OfficialPDF", "PAPER_SIZES", "PLACEHOLDER_NAME", "PLACEHOLDER_NIP",
    "PLACEHOLDER_NUMBER", "format_date", "format_number", "format_percent", "jabatan_line",
    "render_bytes",
]
