"""The LKjIP (Laporan Kinerja Instansi Pemerintah) report: PermenPANRB 53/2014
structure as kecamatan reports use it, with every element a reviu looks for
(DOMAIN.md §7, §10; issue #14).

Cover · [Pernyataan Telah Direviu] · Kata Pengantar · Ikhtisar Eksekutif ·
Daftar Isi · Daftar Tabel · Daftar Grafik · Bab I Pendahuluan · Bab II Perencanaan
Kinerja · Bab III Akuntabilitas Kinerja · Bab IV Penutup · Lampiran (the PK
statement and lampiran of the version in force, then the rekap).

The renderer takes plain data only (``LakipReport``). Every data sentence and
computed table comes from ``lib.lkjip.sentences``; this module only lays them out.
People's texts come as the service gave them (``report.narratives``) and the
analyses per sasaran id (``report.analyses``): an empty analysis prints nothing.

Tables and charts are numbered by chapter (``Tabel 3.2``, ``Grafik 3.1``). The
Daftar Isi / Tabel / Grafik are drawn last into pages reserved for them
(``insert_toc_placeholder``), so their page numbers are the real ones; a counting
build that lays out no text or table finds how many pages to reserve, so the report
itself is laid out once (``build_with_lists``).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from dataclasses import dataclass

from fpdf.enums import PageOrientation, XPos, YPos
from fpdf.fonts import FontFace

from lib.documents.base import (
    FAMILY,
    GROUP_FILL,
    PLACEHOLDER_NAME,
    OfficialPDF,
    format_date,
    format_number,
    render_bytes,
)
from lib.documents.model import (Band, BudgetRow, LakipReport, Row, SasaranAnalysis,
                                 SasaranSummary)
from lib.documents.pk import pk_pages
from lib.lkjip import sentences as S
from lib.lkjip.sentences import pct
from lib.spelling import format_rupiah

__all__ = ["render_lakip", "render_lakip_with_toc", "render_lakip_lists", "capaian_text",
           "status_text", "efficiency", "TocEntry", "band_text", "ANALYSIS_TITLES"]

BODY_SIZE = 11
LINE_H = 5.6
TOC_LINE_H = 6.0
TOC_NUM_W = 14.0
TOC_INDENT = 7.0

ANALYSIS_TITLES = (("pendukung", "Faktor pendukung"), ("penghambat", "Faktor penghambat"),
                   ("upaya", "Upaya perbaikan"))

STATUS_TEXT = {
    "belum_diisi": "Belum diisi",
    "belum_berjalan": "Kegiatan belum berjalan",
    "tidak_dapat_dihitung": "Tidak dapat dihitung",
}

# Bar colours by band, best first; a sixth band or more is neutral blue.
_BAND_COLOURS = ((46, 125, 50), (66, 133, 244), (240, 180, 0), (239, 108, 0), (198, 40, 40))
_DEFAULT_BAR = (70, 110, 170)

_LIST_ITEM = re.compile(r"^\s*((?:\d{1,2}|[a-zA-Z])[.)]|[-\u2022])\s+(.*)$")


# --------------------------------------------------------------------- text helpers
def status_text(row: Row) -> str:
    """Why a row has no capaian ("Belum diisi", "Kegiatan belum berjalan",
    "Tidak dapat dihitung: <reason>", "Tercapai"/"Tidak tercapai" for a grade
    without scores); ``""`` for a row with a capaian."""
    st = S.state(row)
    if st == "ok":
        return ""
    if st == "grade":
        return "Tercapai" if row.tercapai else "Tidak tercapai"
    if st in ("belum_diisi", "belum_berjalan"):
        return STATUS_TEXT[st]
    reason = (row.predikat or "").strip()
    if reason.lower().startswith("tidak dapat dihitung"):
        reason = reason[len("tidak dapat dihitung"):].lstrip(" :-\u2013\u2014")
    return f"Tidak dapat dihitung: {reason}" if reason else "Tidak dapat dihitung"


def capaian_text(row: Row) -> str:
    """``85,71%``, ``0,00%``; ``-`` when the row has no capaian (never ``0%``)."""
    return pct(row.capaian) if S.state(row) == "ok" else "-"


def predikat_text(row: Row) -> str:
    """The predikat, or the reason the row has none."""
    return status_text(row) or (row.predikat or "-")


def band_text(band: Band) -> str:
    """``> 75,00% s.d. 90,00%``, ``> 90,00%``, ``<= 50,00%`` (the setting's own bounds)."""
    if band.lower is None and band.upper is None:
        return "semua nilai"
    if band.lower is None:
        return f"\u2264 {pct(band.upper)}"
    if band.upper is None:
        return f"> {pct(band.lower)}"
    return f"> {pct(band.lower)} s.d. {pct(band.upper)}"


def _band_colour(report: LakipReport, value: float) -> tuple[int, int, int]:
    for i, band in enumerate(report.bands):
        if band.lower is None or value > band.lower:
            return _BAND_COLOURS[i] if i < len(_BAND_COLOURS) else _DEFAULT_BAR
    return _DEFAULT_BAR


def _place(report: LakipReport) -> str:
    return (report.profile.kecamatan or "").strip() or "Kecamatan"


def _sasaran_groups(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped by sasaran, in the order of first appearance."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault((row.sasaran or "").strip() or "(sasaran belum diisi)", []).append(row)
    return list(groups.items())


def _sasaran_id(rows: list[Row]) -> int | None:
    for r in rows:
        if r.sasaran_id is not None:
            return r.sasaran_id
    return None


def _short_title(report: LakipReport) -> str:
    return (report.profile.report_title or "LKjIP").strip() or "LKjIP"


# ------------------------------------------------------------------ the document
@dataclass
class TocEntry:
    title: str
    level: int
    page: int = 0
    link: int | None = None


class LakipPDF(OfficialPDF):
    """OfficialPDF with numbered headings, tables and charts recorded for the
    Daftar Isi, Daftar Tabel and Daftar Grafik."""

    logo_placeholder = False   # a missing logo prints nothing (the readiness check lists it)

    def __init__(self, report: LakipReport, creation_date: dt.datetime | None = None,
                 list_pages: tuple[int, int, int] = (1, 1, 1)):
        super().__init__(report.profile, orientation="P", draft=report.draft,
                         verify_code=None if report.draft else report.verify_code,
                         doc_title=f"{_short_title(report)} {_place(report)} Tahun {report.year}",
                         creation_date=creation_date)
        self.report = report
        self.toc: list[TocEntry] = []
        self.tables: list[TocEntry] = []
        self.figures: list[TocEntry] = []
        self.list_pages = list_pages
        self.chapter_no = 0
        self._counts = {"Tabel": 0, "Grafik": 0}
        self.fresh_page = 0   # a page started but still empty (after the ToC placeholder)
        self.set_subject("Laporan Kinerja Instansi Pemerintah")

    # headings ---------------------------------------------------------------
    def _record(self, title: str, level: int, page: int | None = None) -> None:
        page = self.page if page is None else page
        y = max(self.get_y() - 2, 0) if page == self.page else 0
        link = self.add_link(page=page, y=y)
        self.toc.append(TocEntry(title, level, page, link))
        if page == self.page:
            self.start_section(title, level=level, strict=False)

    def chapter(self, label: str, title: str, *, number: int = 0, orientation: str = "P") -> None:
        """A chapter starts a page: ``BAB I`` over ``PENDAHULUAN``."""
        self.chapter_no = number
        self._counts = {"Tabel": 0, "Grafik": 0}
        if not (self.page == self.fresh_page and self.cur_orientation == PageOrientation.coerce(orientation)):
            self.add_page(orientation=orientation)
        self._record(f"{label} {title}".strip(), 0)
        with self.font(14, "B"):
            if label:
                self.cell(0, 7, label, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.multi_cell(0, 7, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)

    def front_title(self, title: str, *, record: bool = True) -> None:
        """Front matter (Kata Pengantar, ...): a page with a centred title."""
        self.add_page()
        if record:
            self._record(title, 0)
        with self.font(14, "B"):
            self.multi_cell(0, 7, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)

    def subheading(self, title: str, level: int = 1, *, keep: float = 25) -> None:
        """A numbered heading kept with at least ``keep`` mm of what follows."""
        self.ln(2 if level > 1 else 3)
        self.ensure_space(keep + 8)
        self._record(title, level)
        with self.font(12 if level == 1 else 11, "B"):
            self.multi_cell(0, 6, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def minor(self, title: str, *, keep: float = 15) -> None:
        """An unnumbered bold-italic heading inside a section (not in the Daftar Isi)."""
        self.ln(1)
        self.ensure_space(keep + 6)
        with self.font(BODY_SIZE, "BI"):
            self.multi_cell(0, LINE_H, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.5)

    def numbered_caption(self, kind: str, title: str, *, keep: float = 20) -> str:
        """``Tabel 3.2 <title>`` / ``Grafik 3.1 <title>``, numbered by chapter and
        recorded for the Daftar Tabel / Daftar Grafik. Returns the caption."""
        self._counts[kind] += 1
        text = f"{kind} {self.chapter_no}.{self._counts[kind]} {title}"
        self.ln(1.5)
        self.ensure_space(keep + 6)
        link = self.add_link(page=self.page, y=max(self.get_y() - 2, 0))
        (self.tables if kind == "Tabel" else self.figures).append(
            TocEntry(text, FLAT, self.page, link))
        with self.font(10, "B"):
            self.multi_cell(0, 5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        return text

    def table_caption(self, title: str, *, keep: float = 20) -> str:
        return self.numbered_caption("Tabel", title, keep=keep)

    def figure_caption(self, title: str, *, keep: float = 35) -> str:
        return self.numbered_caption("Grafik", title, keep=keep)

    # text -------------------------------------------------------------------
    def body(self, text: str, *, indent: bool = True) -> None:
        self.paragraph(text, first_line=10 if indent else 0, line_height=LINE_H, size=BODY_SIZE)

    def narrative(self, text: str, *, empty: str = "-") -> None:
        """Write user text: blank lines separate paragraphs; lines starting with
        ``1.``, ``a.``, ``-`` become hanging-indent list items. Empty text prints
        ``empty`` (nothing when ``empty`` is "")."""
        text = (text or "").replace("\r\n", "\n").strip()
        if not text:
            if empty:
                self.paragraph(empty, line_height=LINE_H, size=BODY_SIZE)
            return
        for block in re.split(r"\n\s*\n", text):
            pending: list[str] = []

            def flush() -> None:
                if pending:
                    self.paragraph(" ".join(pending), first_line=10, line_height=LINE_H,
                                   size=BODY_SIZE)
                    pending.clear()

            for line in block.split("\n"):
                line = line.strip()
                if not line:
                    continue
                m = _LIST_ITEM.match(line)
                if m:
                    flush()
                    self.list_item(m.group(1), m.group(2))
                else:
                    pending.append(line)
            flush()
            self.ln(0.5)

    def list_item(self, marker: str, text: str, indent: float = 4, size: float = BODY_SIZE
                  ) -> None:
        with self.font(size):
            mark_w = max(7.0, self.get_string_width(marker) + 2)
            self.ensure_space(LINE_H)
            x = self.l_margin + indent
            self.set_x(x)
            self.cell(mark_w, LINE_H, marker)
            self.multi_cell(self.w - self.r_margin - x - mark_w, LINE_H, text, align="J",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.8)

    def widths(self, *fractions: float) -> list[float]:
        """Column widths filling the content width in the given proportions."""
        total = sum(fractions)
        usable = self.content_width - 0.05  # float sums must stay within fpdf2's epw check
        return [math.floor(usable * f / total * 100) / 100 for f in fractions]

    def grid(self, headings, rows, widths, *, align: str = "", font_size: float = 9,
             bold_last: bool = False) -> None:
        """A table of strings with centred headings; ``align`` per column (L/C/R)."""
        bold = FontFace(family=FAMILY, emphasis="BOLD")
        with self.official_table(widths, font_size=font_size) as table:
            head = table.row()
            for h in headings:
                head.cell(h, align="C", v_align="M")
            for i, values in enumerate(rows):
                r = table.row()
                last = bold_last and i == len(rows) - 1
                for j, v in enumerate(values):
                    r.cell(v if v not in (None, "") else ("" if last else "-"),
                           align=(align[j] if j < len(align) else "L"),
                           style=bold if last else None)
        self.ln(2)


# ------------------------------------------------------ Daftar Isi / Tabel / Grafik
FLAT = 9   # the level of Daftar Tabel / Daftar Grafik entries: flush left, regular weight


def _indent(e: TocEntry) -> float:
    return 0.0 if e.level == FLAT else e.level * TOC_INDENT


def _list_layout(pdf: LakipPDF, entries: list[TocEntry]) -> list[tuple[int, float, list[str]]]:
    """Where each entry of one list goes: (page offset, y, wrapped lines).

    Used both to reserve the right number of pages and to draw them, so the
    two agree by construction."""
    out = []
    page, y = 0, pdf.t_margin + 20  # the list's title
    # the lists are portrait pages, whatever page the document is on when this runs
    content_w = pdf.dw_pt / pdf.k - pdf.l_margin - pdf.r_margin
    bottom = pdf.dh_pt / pdf.k - pdf.b_margin
    for e in entries:
        with pdf.font(10.5, "B" if e.level == 0 else ""):
            width = content_w - _indent(e) - TOC_NUM_W - 4
            lines = pdf.multi_cell(width, TOC_LINE_H, e.title, dry_run=True,
                                   output="LINES") or [""]
        gap = 1.5 if e.level == 0 else 0
        height = gap + len(lines) * TOC_LINE_H
        if y + height > bottom:
            page, y = page + 1, pdf.t_margin + 9   # below the "(lanjutan)" line
        out.append((page, y + gap, lines))
        y += height
    return out


def _pages_of(pdf: LakipPDF, entries: list[TocEntry]) -> int:
    layout = _list_layout(pdf, entries)
    return (layout[-1][0] + 1) if layout else 1


LIST_TITLES = ("DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GRAFIK")


def _draw_list(pdf: LakipPDF, title: str, entries: list[TocEntry], empty: str) -> None:
    with pdf.font(14, "B"):
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
        pdf.cell(0, 7, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.font(10):
        pdf.set_xy(pdf.l_margin, pdf.t_margin + 12)
        if entries:
            pdf.cell(0, 5, "Halaman", align="R")
        else:
            pdf.cell(0, 5, empty, align="C")
    current = 0
    for entry, (page, y, lines) in zip(entries, _list_layout(pdf, entries)):
        while current < page:
            pdf.add_page()  # moves to the next reserved page while rendering the list
            current += 1
            with pdf.font(10.5, "B"):
                pdf.set_xy(pdf.l_margin, pdf.t_margin)
                pdf.cell(0, 6, f"{title} (lanjutan)")
        x = pdf.l_margin + _indent(entry)
        num_x = pdf.w - pdf.r_margin - TOC_NUM_W
        with pdf.font(10.5, "B" if entry.level == 0 else ""):
            for i, line in enumerate(lines):
                pdf.set_xy(x, y + i * TOC_LINE_H)
                pdf.cell(pdf.get_string_width(line) + 0.5, TOC_LINE_H, line, link=entry.link)
            last_end = x + pdf.get_string_width(lines[-1]) + 1.5
            yy = y + (len(lines) - 1) * TOC_LINE_H
            with pdf.font(10.5, ""):
                dot_w = pdf.get_string_width(".")
                n_dots = int(max(0.0, num_x - 1.5 - last_end) / dot_w)
                if n_dots > 0:
                    pdf.set_xy(num_x - 1 - n_dots * dot_w, yy)
                    pdf.cell(n_dots * dot_w, TOC_LINE_H, "." * n_dots)
            pdf.set_xy(num_x, yy)
            pdf.cell(TOC_NUM_W, TOC_LINE_H, str(entry.page), align="R", link=entry.link)
    return None


def _render_lists(pdf: LakipPDF, _outline) -> None:
    """Draw the three lists into their reserved pages, each padded to its count."""
    lists = ((LIST_TITLES[0], pdf.toc, ""),
             (LIST_TITLES[1], pdf.tables, "Laporan ini tidak memuat tabel."),
             (LIST_TITLES[2], pdf.figures, "Laporan ini tidak memuat grafik."))
    start = pdf.page
    offset = 0
    for i, ((title, entries, empty), count) in enumerate(zip(lists, pdf.list_pages)):
        if i:
            pdf.add_page()
        _draw_list(pdf, title, entries, empty)
        offset += count
        while pdf.page < start + offset - 1:
            pdf.add_page()


def _reserve_lists(pdf: LakipPDF) -> None:
    isi, tabel, grafik = pdf.list_pages
    pdf.add_page()
    start = pdf.page        # the placeholder's first page
    for title, page in zip(LIST_TITLES, (start, start + isi, start + isi + tabel)):
        pdf._record(title, 0, page=page)
    pdf.insert_toc_placeholder(_render_lists, pages=isi + tabel + grafik)
    pdf.fresh_page = pdf.page  # the placeholder already broke to a new, empty page


# ---------------------------------------------------------------- the sections
def _text(report: LakipReport, key: str) -> str:
    """A narrative section as the service gave it (the writer's text or the default)."""
    return (report.narratives or {}).get(key, "")


def _cover(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.add_page()
    p = report.profile
    short = _short_title(report)
    y = pdf.t_margin + 18
    with pdf.font(20, "B"):
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(0, 10, "LAPORAN KINERJA\nINSTANSI PEMERINTAH", align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.font(18, "B"):
        pdf.ln(2)
        pdf.cell(0, 9, f"({short})", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        pdf.cell(0, 9, f"TAHUN {report.year}", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    size = 55.0
    logo_y = pdf.h / 2 - size / 2 + 5
    if p.logo:
        pdf._draw_logo((pdf.w - size) / 2, logo_y, size)
    pdf.set_y(logo_y + size + 22)
    with pdf.font(16, "B"):
        if p.pemerintah:
            pdf.multi_cell(0, 8, p.pemerintah.upper(), align="C", new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
    with pdf.font(18, "B"):
        pdf.multi_cell(0, 9, (p.kecamatan or "KECAMATAN").upper(), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.font(11):
        addr = ", ".join(x.strip() for x in (p.alamat, f"Kode Pos {p.kode_pos}" if p.kode_pos else "")
                         if x and x.strip())
        if addr:
            pdf.ln(2)
            pdf.multi_cell(0, 5.5, addr, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.font(9):
        pdf.set_y(pdf.page_break_trigger - 6)
        note = f"Versi {report.version}"
        note += " - DRAFT, belum disetujui" if report.draft else (
            f" - disetujui {format_date(report.approved_at)}" if report.approved_at else "")
        pdf.set_text_color(110, 110, 110)
        pdf.cell(0, 5, note, align="C")
        pdf.set_text_color(0, 0, 0)


def _reviu(pdf: LakipPDF, report: LakipReport) -> None:
    """"Pernyataan Telah Direviu" (the APIP's statement), when a reviu is recorded."""
    rv = report.reviu
    if rv is None:
        return
    kec = _place(report)
    pdf.front_title("PERNYATAAN TELAH DIREVIU")
    with pdf.font(12, "B"):
        pdf.multi_cell(0, 6, f"LAPORAN KINERJA INSTANSI PEMERINTAH ({_short_title(report)})\n"
                             f"{kec.upper()} TAHUN {report.year}", align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.body(f"Kami telah mereviu Laporan Kinerja Instansi Pemerintah {kec} Tahun {report.year} "
             "sesuai Pedoman Reviu atas Laporan Kinerja. Substansi informasi yang dimuat dalam "
             f"laporan kinerja tersebut menjadi tanggung jawab manajemen {kec}.")
    pdf.body("Reviu bertujuan untuk memberikan keyakinan terbatas bahwa laporan kinerja telah "
             "disajikan secara akurat, andal, dan valid.")
    result = (rv.result or "").strip()
    if result:
        lower = result[:2].isupper() is False and result[:1].isupper()
        pdf.body(f"Berdasarkan reviu kami, {result[0].lower() + result[1:] if lower else result}"
                 + ("" if result.endswith(".") else "."))
    if (rv.notes or "").strip():
        pdf.minor("Catatan reviu", keep=10)
        pdf.narrative(rv.notes, empty="")
    pdf.ln(6)
    from lib.documents.model import Signer
    signer = Signer(jabatan=(rv.jabatan or "").strip() or "Reviewer", name=rv.reviewer,
                    nip=rv.nip)
    pdf.signature_block(signer, place_date=pdf.place_date(rv.reviewed_on),
                        label_above=(rv.instansi or "").strip())


def _kata_pengantar(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.front_title("KATA PENGANTAR")
    pdf.narrative(_text(report, "kata_pengantar"))
    pdf.ln(6)
    pdf.signature_block(report.signer, place_date=pdf.place_date(report.place_date))


def _ikhtisar(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.front_title("IKHTISAR EKSEKUTIF")
    for para in S.ikhtisar_paragraphs(report):
        pdf.body(para)
    pdf.narrative(_text(report, "ikhtisar"), empty="")


# ---------------------------------------------------------------------- Bab I
def _bab1(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB I", "PENDAHULUAN", number=1)
    titles = report.section_titles
    f = report.facts
    pdf.subheading(f"1.1 {titles.get('bab1_gambaran_umum', 'Gambaran Umum')}")
    pdf.narrative(_text(report, "bab1_gambaran_umum"))
    facts = []
    if f.luas_wilayah is not None:
        facts.append(("Luas wilayah", f"{format_number(f.luas_wilayah)} km\u00b2"))
    for label, value in (("Jumlah nagari", f.jumlah_nagari), ("Jumlah desa", f.jumlah_desa),
                         ("Jumlah kelurahan", f.jumlah_kelurahan)):
        if value:
            facts.append((label, format_number(value)))
    if f.jumlah_penduduk is not None:
        facts.append((f"Jumlah penduduk{f' (tahun {f.penduduk_tahun})' if f.penduduk_tahun else ''}",
                      f"{format_number(f.jumlah_penduduk)} jiwa"))
    if facts:
        pdf.table_caption(f"Gambaran Umum Wilayah {_place(report)}")
        pdf.grid(["Uraian", "Keterangan"], facts, pdf.widths(3, 2), align="LR", font_size=10)

    pdf.subheading("1.2 Dasar Hukum")
    if report.legal_basis:
        pdf.body(f"Penyusunan Laporan Kinerja {_place(report)} Tahun {report.year} berpedoman "
                 "pada peraturan perundang-undangan berikut.")
        for i, item in enumerate(report.legal_basis, 1):
            pdf.list_item(f"{i}.", item)
    else:
        pdf.body("Dasar hukum belum dicatat.")

    pdf.subheading(f"1.3 {titles.get('bab1_struktur_organisasi', 'Struktur Organisasi')}")
    pdf.narrative(_text(report, "bab1_struktur_organisasi"), empty="")
    if report.units:
        _org_chart(pdf, report)
        pdf.table_caption(f"Unit Kerja dan Pejabat {_place(report)}")
        pdf.grid(["No", "Unit Kerja", "Jabatan", "Nama Pejabat"],
                 [[str(i), u.name, u.head_title, u.head_name or "(belum diisi)"]
                  for i, u in enumerate(report.units, 1)], pdf.widths(0.8, 5, 5, 5),
                 align="CLLL")

    pdf.subheading(f"1.4 {titles.get('bab1_tugas_fungsi', 'Tugas dan Fungsi')}")
    pdf.narrative(_text(report, "bab1_tugas_fungsi"))

    pdf.subheading("1.5 Sumber Daya Manusia")
    sdm = {k: v for k, v in (report.sdm or {}).items() if v}
    if sdm:
        pdf.body(f"Jumlah pegawai {_place(report)} tahun {report.year} menurut golongan dan "
                 "tingkat pendidikan disajikan pada tabel berikut.")
        for key, label in (("golongan", "Golongan"), ("pendidikan", "Tingkat Pendidikan")):
            counts = sdm.get(key)
            if not counts:
                continue
            total = sum(counts.values())
            pdf.table_caption(f"Jumlah Pegawai menurut {label}")
            rows = [[str(i), k, format_number(n)] for i, (k, n) in enumerate(counts.items(), 1)]
            rows.append(["", "Jumlah", format_number(total)])
            pdf.grid(["No", label, "Jumlah Pegawai (orang)"], rows, pdf.widths(0.8, 5, 3),
                     align="CLR", font_size=10, bold_last=True)
    else:
        pdf.body(f"Data pegawai tahun {report.year} belum diisi.")

    pdf.subheading(f"1.6 {titles.get('bab1_isu_strategis', 'Isu Strategis')}")
    pdf.narrative(_text(report, "bab1_isu_strategis"))

    pdf.subheading("1.7 Sistematika Penyajian")
    pdf.body(f"Laporan Kinerja {_place(report)} Tahun {report.year} disajikan dengan sistematika "
             "berikut.")
    for mark, item in (
            ("a.", "Bab I Pendahuluan: gambaran umum, dasar hukum, struktur organisasi, tugas dan "
                   "fungsi, sumber daya manusia, dan isu strategis."),
            ("b.", "Bab II Perencanaan Kinerja: ringkasan Rencana Strategis, Indikator Kinerja "
                   f"Utama, dan Perjanjian Kinerja Tahun {report.year}."),
            ("c.", "Bab III Akuntabilitas Kinerja: capaian kinerja per sasaran strategis dan "
                   "indikatornya, perbandingan dengan tahun sebelumnya dan dengan target akhir "
                   "Renstra, analisis penyebab, efisiensi, dan realisasi anggaran."),
            ("d.", "Bab IV Penutup: kesimpulan dan saran."),
            ("e.", "Lampiran: Perjanjian Kinerja dan rekapitulasi capaian indikator kinerja.")):
        pdf.list_item(mark, item)


def _org_chart(pdf: LakipPDF, report: LakipReport) -> None:
    """A bagan: the Camat on top, the units in rows of up to four below."""
    units = list(report.units)
    per_row = min(4, max(1, len(units)))
    gap = 4.0
    box_w = (pdf.content_width - gap * (per_row - 1)) / per_row
    box_h = 17.0
    rows = math.ceil(len(units) / per_row)
    need = 22 + rows * (box_h + 8) + 12
    pdf.figure_caption(f"Bagan Struktur Organisasi {_place(report)}", keep=need)
    top = pdf.get_y() + 2
    cx = pdf.l_margin + pdf.content_width / 2
    head_w = 70.0

    def box(x, y, w, h, title, name):
        with pdf.local_context(fill_color=(232, 240, 250), draw_color=(60, 60, 60),
                               line_width=0.3):
            pdf.rect(x, y, w, h, style="DF")
        with pdf.font(7.5, "B"):
            pdf.set_xy(x + 1, y + 1.2)
            pdf.multi_cell(w - 2, 3.3, title, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT,
                           max_line_height=3.3)
        if name:
            with pdf.font(7):
                pdf.set_xy(x + 1, y + h - 4.5)
                pdf.cell(w - 2, 3.5, name, align="C")

    signer = report.signer
    box(cx - head_w / 2, top, head_w, 14, signer.jabatan or "Camat",
        signer.name or "")
    y_bus = top + 14 + 4
    with pdf.local_context(draw_color=(60, 60, 60), line_width=0.3):
        pdf.line(cx, top + 14, cx, y_bus)
    y = y_bus + 4
    for r in range(rows):
        chunk = units[r * per_row:(r + 1) * per_row]
        xs = [pdf.l_margin + i * (box_w + gap) for i in range(len(chunk))]
        with pdf.local_context(draw_color=(60, 60, 60), line_width=0.3):
            left, right = xs[0] + box_w / 2, xs[-1] + box_w / 2
            pdf.line(min(left, cx), y - 4, max(right, cx), y - 4)
            if r:
                pdf.line(cx, y_bus, cx, y - 4)
            for x in xs:
                pdf.line(x + box_w / 2, y - 4, x + box_w / 2, y)
        for x, u in zip(xs, chunk):
            box(x, y, box_w, box_h, u.head_title or u.name, u.head_name)
        y += box_h + 8
    pdf.set_xy(pdf.l_margin, y)
    pdf.ln(1)


# ---------------------------------------------------------------------- Bab II
def _bab2(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB II", "PERENCANAAN KINERJA", number=2)
    rs = report.renstra
    pdf.subheading("2.1 Rencana Strategis")
    pdf.narrative(_text(report, "bab2_renstra"), empty="")
    if rs is not None:
        if rs.nomor:
            pdf.body(f"Rencana Strategis {_place(report)} Tahun {rs.start_year}\u2013{rs.end_year} "
                     f"ditetapkan dengan {rs.nomor}.")
        pdf.minor("Visi", keep=8)
        pdf.body(f"\u201c{rs.visi}\u201d" if rs.visi else "Visi belum dicatat.", indent=False)
        for title, items in (("Misi", rs.misi), ("Tujuan", rs.tujuan)):
            pdf.minor(title, keep=8)
            if items:
                for i, item in enumerate(items, 1):
                    pdf.list_item(f"{i}.", item)
            else:
                pdf.body(f"{title} belum dicatat.", indent=False)
        if rs.sasaran:
            pdf.table_caption(f"Sasaran Strategis Renstra {rs.start_year}\u2013{rs.end_year}")
            pdf.grid(["No", "Kode", "Sasaran Strategis"],
                     [[str(i), k or "-", t] for i, (k, t) in enumerate(rs.sasaran, 1)],
                     pdf.widths(0.8, 1.6, 10), align="CCL", font_size=10)
    else:
        pdf.body("Rencana Strategis periode ini belum dicatat.")

    pdf.subheading("2.2 Indikator Kinerja Utama")
    iku = [r for r in report.rows if r.is_iku]
    if iku:
        pdf.body(f"Indikator Kinerja Utama (IKU) {_place(report)} beserta formula dan sumber "
                 "datanya adalah sebagai berikut.")
        pdf.table_caption(f"Indikator Kinerja Utama {_place(report)}")
        pdf.grid(["No", "Sasaran Strategis", "Indikator Kinerja Utama", "Formula / Cara Ukur",
                  "Satuan", "Sumber Data"],
                 [[str(i), r.sasaran, r.indikator, r.formula or "-", r.satuan or "-",
                   r.sumber_data or "-"] for i, r in enumerate(iku, 1)],
                 pdf.widths(0.7, 3.2, 3.4, 4, 1.4, 2.4), align="CLLLCL", font_size=8.5)
    else:
        pdf.body("Belum ada indikator yang ditetapkan sebagai Indikator Kinerja Utama (IKU).")

    pdf.subheading(f"2.3 Perjanjian Kinerja Tahun {report.year}")
    doc = report.pk
    if doc is not None:
        change = f" (versi {doc.versi}: {doc.alasan})" if doc.versi > 1 else ""
        pdf.body(f"Perjanjian Kinerja Tahun {report.year} ditandatangani pada "
                 f"{format_date(doc.tanggal)}{change} oleh {doc.pihak_pertama.jabatan} "
                 f"sebagai pihak pertama dan {doc.pihak_kedua.jabatan} sebagai pihak kedua. "
                 "Ringkasan sasaran, indikator, target dan anggarannya adalah sebagai berikut; "
                 "naskah lengkapnya dilampirkan (Lampiran 1).")
        pdf.table_caption(f"Sasaran, Indikator dan Target Perjanjian Kinerja Tahun {report.year}")
        groups: list[tuple[str, list]] = []
        for t in doc.targets:
            if groups and " ".join(groups[-1][0].split()).lower() == " ".join(t.sasaran.split()).lower():
                groups[-1][1].append(t)
            else:
                groups.append((t.sasaran, [t]))
        _grouped(pdf, ["No", "Indikator Kinerja", "Satuan", "Target"], pdf.widths(0.8, 9, 2, 2.4),
                 [(name, [(str(i), t.indikator, t.satuan, t.target) for i, t in enumerate(items, 1)])
                  for name, items in groups], align="CLCC")
        if doc.programs:
            pdf.table_caption(f"Program dan Anggaran Perjanjian Kinerja Tahun {report.year}")
            rows = [[str(i), f"{p.code} {p.name}".strip(), format_rupiah(p.anggaran)]
                    for i, p in enumerate(doc.programs, 1)]
            rows.append(["", "Jumlah", format_rupiah(sum(p.anggaran for p in doc.programs))])
            pdf.grid(["No", "Program", "Anggaran"], rows, pdf.widths(0.8, 9, 3.5), align="CLR",
                     font_size=9.5, bold_last=True)
    else:
        pdf.body(f"Perjanjian Kinerja Tahun {report.year} belum dibuat; target yang dipakai "
                 "adalah target pada formulir.")
        if report.rows:
            pdf.table_caption(f"Indikator dan Target Tahun {report.year}")
            _grouped(pdf, ["No", "Indikator Kinerja", "Target"], pdf.widths(1, 10, 3),
                     [(name, [(str(r.no), r.indikator, r.target) for r in rows])
                      for name, rows in _sasaran_groups(report.rows)], align="CLC")


def _grouped(pdf: LakipPDF, headings: list[str], widths: list[float],
             groups: list[tuple[str, list[tuple]]], *, align: str = "",
             numbering_row: bool = False, font_size: float = 9) -> None:
    """A table with one shaded "Sasaran k: ..." row above each group of rows."""
    group_style = FontFace(family=FAMILY, emphasis="BOLD", fill_color=GROUP_FILL)
    with pdf.official_table(widths, num_heading_rows=2 if numbering_row else 1,
                            font_size=font_size) as table:
        head = table.row()
        for h in headings:
            head.cell(h, align="C", v_align="M")
        if numbering_row:
            num = table.row()
            for i in range(1, len(headings) + 1):
                num.cell(str(i), align="C")
        for k, (name, rows) in enumerate(groups, 1):
            table.row().cell(f"Sasaran {k}: {name}", colspan=len(headings), style=group_style)
            for values in rows:
                r = table.row()
                for i, value in enumerate(values):
                    r.cell(value if value else "-", align=(align[i] if i < len(align) else "L"))
    pdf.ln(2)


# ---------------------------------------------------------------------- Bab III
def _bab3(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB III", "AKUNTABILITAS KINERJA", number=3)
    year = report.year
    pdf.body(f"Pengukuran kinerja dilakukan dengan membandingkan realisasi dengan target setiap "
             f"indikator kinerja dalam Perjanjian Kinerja Tahun {year}. Capaian dihitung dengan "
             "rumus berikut.")
    for mark, text in (
            ("a.", "Indikator yang semakin tinggi realisasinya semakin baik (polaritas positif): "
                   "capaian = realisasi : target \u00d7 100%."),
            ("b.", "Indikator yang semakin rendah realisasinya semakin baik (polaritas negatif): "
                   "capaian = (2 \u2212 realisasi : target) \u00d7 100%, paling rendah 0%."),
            ("c.", "Indikator berupa predikat (misalnya BB) dihitung dari nilai angkanya bila "
                   "nilai target dan realisasi tersedia; tanpa nilai angka, indikator itu "
                   "dinyatakan tercapai atau tidak tercapai dan tidak diikutkan dalam rata-rata."),
            ("d.", "Rata-rata capaian sasaran = rata-rata capaian indikatornya yang dapat "
                   "dihitung. Indikator yang belum diisi, kegiatannya belum berjalan, atau "
                   "capaiannya tidak dapat dihitung ditulis \"-\" (bukan 0%) dan tidak diikutkan "
                   "dalam rata-rata dan jumlah predikat."),
            ("e.", S.EFFICIENCY_FORMULA)):
        pdf.list_item(mark, text)
    pdf.body("Predikat capaian ditentukan menurut interval penilaian pada tabel berikut.")
    pdf.table_caption("Interval Penilaian Kinerja")
    pdf.grid(["No", "Interval Capaian", "Predikat"],
             [[str(i), band_text(b), b.label] for i, b in enumerate(report.bands, 1)],
             pdf.widths(0.8, 5, 5), align="CCC", font_size=10)

    groups = _sasaran_groups(report.rows)
    summaries = {s.sasaran.strip(): s for s in report.summaries}

    pdf.subheading("3.1 Capaian Kinerja Organisasi")
    pdf.table_caption(f"Ringkasan Capaian per Sasaran Strategis Tahun {year}")
    bold = FontFace(family=FAMILY, emphasis="BOLD")
    with pdf.official_table(pdf.widths(0.8, 8, 2.2, 2.2, 2.6, 3), font_size=9.5) as table:
        head = table.row()
        for h in ("No", "Sasaran Strategis", "Jumlah Indikator", "Indikator Diukur",
                  "Rata-rata Capaian", "Predikat"):
            head.cell(h, align="C", v_align="M")
        for k, (name, rows) in enumerate(groups, 1):
            avg, counted, pred = _average(rows, summaries.get(name))
            r = table.row()
            r.cell(str(k), align="C")
            r.cell(name)
            r.cell(format_number(len(rows)), align="C")
            r.cell(format_number(counted), align="C")
            r.cell(pct(avg), align="C")
            r.cell(pred if avg is not None else "Tidak ada indikator yang dapat diukur",
                   align="C")
        r = table.row()
        r.cell("Rata-rata seluruh indikator", colspan=4, style=bold, align="R")
        r.cell(pct(report.average), align="C", style=bold)
        r.cell("")
    pdf.ln(2)

    for k, (name, rows) in enumerate(groups, 1):
        _sasaran_section(pdf, report, k, name, rows, summaries.get(name))

    pdf.subheading("3.2 Realisasi Anggaran")
    _budget(pdf, report.budget)


def _average(rows: list[Row], summary: SasaranSummary | None) -> tuple[float | None, int, str]:
    if summary is not None:
        return summary.average, summary.counted, summary.predikat or "-"
    measured = [r.capaian for r in rows if S.state(r) == "ok"]
    return (sum(measured) / len(measured) if measured else None), len(measured), "-"


def _sasaran_section(pdf: LakipPDF, report: LakipReport, k: int, name: str, rows: list[Row],
                     summary: SasaranSummary | None) -> None:
    year = report.year
    pdf.subheading(f"3.1.{k} Sasaran {k}: {name}", level=2, keep=40)
    avg, counted, pred = _average(rows, summary)

    pdf.table_caption(f"Capaian Indikator Kinerja Sasaran {k} Tahun {year}")
    pdf.grid(["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian",
              "Predikat / Keterangan"],
             [[str(r.no), r.indikator, r.target, r.realisasi, capaian_text(r), predikat_text(r)]
              for r in rows], pdf.widths(0.8, 6.2, 2.2, 2.2, 2.0, 3.6), align="CLCCCC")
    if avg is not None:
        pdf.body(f"Rata-rata capaian sasaran ini {pct(avg)} dengan predikat {pred}, dihitung dari "
                 f"{format_number(counted)} dari {format_number(len(rows))} indikator.")
    else:
        pdf.body("Belum ada indikator sasaran ini yang dapat diukur capaiannya.")

    pdf.minor("Uraian capaian indikator")
    for row in rows:
        pdf.list_item(f"{row.no}.", " ".join(S.indicator_sentences(row, year)), indent=0,
                      size=10.5)

    years, table = S.year_table(rows, year)
    if len(years) > 1:
        pdf.table_caption(f"Perbandingan Target, Realisasi dan Capaian Sasaran {k} Tahun "
                          f"{years[0]}\u2013{year}", keep=48)
        _year_grid(pdf, years, table)

    rtable = S.renstra_table(rows, year)
    if rtable:
        pdf.table_caption(f"Capaian Sasaran {k} terhadap Target Akhir Renstra", keep=30)
        pdf.grid(["No", "Indikator Kinerja", f"Target {year}", f"Realisasi {year}",
                  "Target Akhir Renstra", "Persentase Tercapai"], rtable,
                 pdf.widths(0.8, 6.4, 2.2, 2.2, 2.6, 2.4), align="CLCCCC")

    pdf.figure_caption(f"Capaian Indikator Kinerja Sasaran {k} Tahun {year}")
    _bar_chart(pdf, report, rows)

    programs = S.sasaran_programs(rows, report.budget)
    eff = S.efficiency(avg, programs)
    if programs:
        pdf.table_caption(f"Program Pendukung Sasaran {k} dan Realisasi Anggarannya", keep=25)
        body = [[str(i), b.program, format_rupiah(b.pagu), format_rupiah(b.realisasi),
                 pct(b.serapan)] for i, b in enumerate(programs, 1)]
        if len(programs) > 1:
            body.append(["", "Jumlah", format_rupiah(eff.pagu), format_rupiah(eff.realisasi),
                         pct(eff.serapan)])
        pdf.grid(["No", "Program", "Pagu", "Realisasi", "Serapan"], body,
                 pdf.widths(0.8, 7, 3, 3, 2), align="CLRRC", bold_last=len(programs) > 1)
    pdf.body(eff.text)

    _analysis(pdf, report.analyses.get(_sasaran_id(rows)) if _sasaran_id(rows) is not None
              else None)


def _analysis(pdf: LakipPDF, analysis: SasaranAnalysis | None) -> None:
    """The Kasubbag PEP's analysis; nothing at all when it is empty."""
    if analysis is None or analysis.empty:
        return
    pdf.minor("Analisis penyebab keberhasilan atau kegagalan", keep=20)
    for key, title in ANALYSIS_TITLES:
        text = (getattr(analysis, key) or "").strip()
        if text:
            pdf.ensure_space(16)
            with pdf.font(BODY_SIZE, "I"):
                pdf.cell(0, LINE_H, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.narrative(text, empty="")


def _year_grid(pdf: LakipPDF, years: list[int], table: list[list[str]]) -> None:
    n = len(years)
    widths = pdf.widths(0.8, 3.6 + 1.6 * (3 - n), *([1.5, 1.8, 1.7] * n))
    with pdf.official_table(widths, num_heading_rows=2, font_size=7.5) as t:
        head = t.row()
        head.cell("No", rowspan=2, align="C", v_align="M")
        head.cell("Indikator Kinerja", rowspan=2, align="C", v_align="M")
        for y in years:
            head.cell(str(y), colspan=3, align="C")
        sub = t.row()
        for _ in years:
            for h in ("Target", "Realisasi", "Capaian"):
                sub.cell(h, align="C")
        for cells in table:
            r = t.row()
            for j, v in enumerate(cells):
                r.cell(v or "-", align="L" if j == 1 else "C")
    pdf.ln(2)


def _chart_lines(pdf: LakipPDF, text: str, width: float) -> list[str]:
    """A chart label wrapped to ``width`` (never cut)."""
    with pdf.font(7.5):
        return pdf.multi_cell(width, 3.2, " ".join(text.split()), dry_run=True,
                              output="LINES") or [""]


def _bar_chart(pdf: LakipPDF, report: LakipReport, rows: list[Row]) -> None:
    """Horizontal bars of capaian per indicator, wrapped labels, value labels,
    the 100% line. Indicators without capaian are listed under the chart."""
    measured = [r for r in rows if S.state(r) == "ok"]
    missing = [r for r in rows if S.state(r) != "ok"]
    if measured:
        top = min(max(100.0, max(r.capaian for r in measured)), 200.0)  # longer bars clipped
        step = 20.0 if top <= 120 else 25.0
        scale_max = math.ceil(top / step) * step
        label_w = pdf.content_width * 0.38
        x0 = pdf.l_margin + label_w + 2
        x1 = pdf.w - pdf.r_margin - 17
        span = x1 - x0
        bar_h, axis_h = 4.4, 7.0
        labels = {id(r): _chart_lines(pdf, f"{r.no}. {r.indikator}", label_w) for r in measured}

        def pitch(r: Row) -> float:
            return max(6.5, len(labels[id(r)]) * 3.2 + 1.6)

        def xpos(v: float) -> float:
            return x0 + span * max(0.0, min(v, scale_max)) / scale_max

        def axis(y: float) -> float:
            with pdf.font(7.5):
                pdf.set_text_color(90, 90, 90)
                v = 0.0
                while v <= scale_max + 1e-9:
                    label = f"{format_number(v)}%"
                    pdf.text(xpos(v) - pdf.get_string_width(label) / 2, y + 3.5, label)
                    v += step
                pdf.set_text_color(0, 0, 0)
            return y + axis_h

        # split the bars into page-sized segments so the grid goes under the bars
        segments: list[list[Row]] = []
        room = pdf.page_break_trigger - pdf.get_y() - axis_h - 6
        current: list[Row] = []
        used = 0.0
        for r in measured:
            if current and used + pitch(r) > room:
                segments.append(current)
                current, used = [], 0.0
                room = pdf.page_break_trigger - pdf.t_margin - axis_h - 6
            current.append(r)
            used += pitch(r)
        segments.append(current)
        y = pdf.get_y()
        for i, segment in enumerate(segments):
            if i:
                pdf.add_page()
                y = pdf.get_y()
            seg_top = axis(y)
            height = sum(pitch(r) for r in segment)
            with pdf.local_context(draw_color=(205, 205, 205), line_width=0.15):
                v = 0.0
                while v <= scale_max + 1e-9:
                    pdf.line(xpos(v), seg_top, xpos(v), seg_top + height)
                    v += step
            y = seg_top
            for row in segment:  # bars and names
                p = pitch(row)
                end = xpos(row.capaian)
                if end - x0 > 0.05:
                    with pdf.local_context(fill_color=_band_colour(report, row.capaian)):
                        pdf.rect(x0, y + (p - bar_h) / 2, end - x0, bar_h, style="F")
                if row.capaian > scale_max:  # clipped: mark the break
                    with pdf.local_context(draw_color=(255, 255, 255), line_width=0.6):
                        pdf.line(end - 3, y + 1, end - 1.8, y + p - 1)
                lines = labels[id(row)]
                with pdf.font(7.5):
                    ly = y + (p - len(lines) * 3.2) / 2 + 2.4
                    for j, line in enumerate(lines):
                        pdf.text(pdf.l_margin, ly + j * 3.2, line)
                y += p
            with pdf.local_context(draw_color=(200, 0, 0), line_width=0.6,
                                   dash_pattern=dict(dash=2, gap=1)):
                pdf.line(xpos(100), seg_top - 1.5, xpos(100), y + 1)
            yy = seg_top
            for row in segment:  # value labels on a white ground, over the 100% line
                p = pitch(row)
                end = xpos(row.capaian)
                with pdf.font(8, "B"):
                    value = pct(row.capaian)
                    w = pdf.get_string_width(value)
                    with pdf.local_context(fill_color=(255, 255, 255)):
                        pdf.rect(end + 0.7, yy + (p - bar_h) / 2, w + 1, bar_h, style="F")
                    pdf.text(end + 1.2, yy + p / 2 + 1.2, value)
                yy += p
            with pdf.local_context(draw_color=(60, 60, 60), line_width=0.3):
                pdf.line(x0, seg_top, x0, y)
        with pdf.font(7.5):
            pdf.set_text_color(200, 0, 0)
            pdf.text(xpos(100) + 0.8, y + 3.5, "Target 100%")
            pdf.set_text_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, y + 6)
    else:
        pdf.body("Belum ada indikator yang dapat digambarkan dalam grafik.", indent=False)
    if missing:
        with pdf.font(9.5, "I"):
            pdf.ensure_space(10)
            pdf.multi_cell(0, 5, "Indikator yang tidak digambarkan karena tidak memiliki "
                                 "persentase capaian:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        with pdf.font(9.5):
            for row in missing:
                pdf.ensure_space(5)
                pdf.set_x(pdf.l_margin + 4)
                pdf.multi_cell(pdf.content_width - 4, 5,
                               f"{row.no}. {row.indikator} \u2014 {status_text(row).lower()}",
                               align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)


def _budget(pdf: LakipPDF, budget: list[BudgetRow]) -> None:
    if not budget:
        pdf.body("Data realisasi anggaran belum diisi.")
        return
    pdf.body("Realisasi anggaran per program dan perbandingannya dengan capaian kinerja "
             "indikator program tersebut disajikan pada tabel berikut; indeks efisiensi = "
             "capaian kinerja : serapan anggaran.")
    pdf.table_caption("Realisasi Anggaran per Program")
    total_pagu = sum(b.pagu or 0 for b in budget)
    total_real = sum(b.realisasi or 0 for b in budget)
    with pdf.official_table(pdf.widths(0.8, 4.5, 3.1, 3.1, 1.9, 1.9, 2.2, 2.3), font_size=8.5) as t:
        head = t.row()
        for h in ("No", "Program", "Pagu", "Realisasi", "Serapan", "Capaian Kinerja",
                  "Indeks Efisiensi", "Keterangan"):
            head.cell(h, align="C", v_align="M")
        for i, b in enumerate(budget, 1):
            r = t.row()
            r.cell(str(i), align="C")
            r.cell(b.program or "-")
            r.cell(format_rupiah(b.pagu), align="R")
            r.cell(format_rupiah(b.realisasi), align="R")
            r.cell(pct(b.serapan), align="C")
            r.cell(pct(b.capaian), align="C")
            index, verdict = efficiency(b)
            r.cell(S.ratio(index), align="C")
            r.cell(verdict, align="C")
        bold = FontFace(family=FAMILY, emphasis="BOLD")
        r = t.row()
        r.cell("Jumlah", colspan=2, align="R", style=bold)
        r.cell(format_rupiah(total_pagu), align="R", style=bold)
        r.cell(format_rupiah(total_real), align="R", style=bold)
        r.cell(pct(100 * total_real / total_pagu) if total_pagu else "-", align="C", style=bold)
        r.cell("", colspan=3)
    pdf.ln(2)


def efficiency(b: BudgetRow) -> tuple[float | None, str]:
    """(capaian / serapan, "Efisien" | "Kurang efisien" | reason) of one programme."""
    if b.capaian is None:
        return None, "Capaian belum ada"
    if b.serapan is None:
        return None, "Serapan belum ada"
    if b.serapan <= 0:
        return None, "Anggaran belum terserap"
    index = b.capaian / b.serapan
    # judged on the index as printed (two decimals), so "1,00" is never "kurang efisien"
    return index, "Efisien" if round(index, 2) >= 1 else "Kurang efisien"


# ---------------------------------------------------------------------- Bab IV, Lampiran
def _bab4(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB IV", "PENUTUP", number=4)
    pdf.subheading("4.1 Kesimpulan")
    pdf.narrative(_text(report, "bab4_kesimpulan"))
    pdf.subheading("4.2 Saran")
    pdf.narrative(_text(report, "bab4_saran"))
    pdf.ln(8)
    pdf.signature_block(report.signer, place_date=pdf.place_date(report.place_date))


def _lampiran(pdf: LakipPDF, report: LakipReport) -> None:
    """The PK of the version in force (the same pages as ``render pk``), then the rekap.
    No divider page: "LAMPIRAN" points at the PK's statement page."""
    year = report.year
    pdf.chapter_no = 0
    items = [f"Lampiran 1. Perjanjian Kinerja Tahun {year}",
             "Lampiran 2. Rekapitulasi Capaian Indikator Kinerja"]
    if report.pk is not None:
        start = pdf.page + 1
        pk_pages(pdf, report.pk)   # statement page, then its lampiran
        pdf._record("LAMPIRAN", 0, page=start)
        pdf._record(items[0], 1, page=start)
    else:
        pdf.chapter("", "LAMPIRAN")
        pdf.subheading(items[0], keep=30)
        pdf.body(f"Perjanjian Kinerja Tahun {year} belum dibuat.")

    pdf.add_page(orientation="L")
    pdf.subheading(items[1], keep=30)
    if not report.rows:
        pdf.body("Belum ada indikator kinerja.")
        return
    _grouped(
        pdf,
        ["No", "Indikator Kinerja", "Target", "Realisasi/ Progres Capaian", "Capaian",
         "Predikat / Keterangan", "Program/Kegiatan/ Sub Kegiatan", "Sumber Data",
         "Yang membidangi", "Ket"],
        pdf.widths(0.8, 5, 1.8, 1.9, 1.6, 2.6, 4, 2.4, 2.6, 2),
        [(name, [(str(r.no), r.indikator, r.target, r.realisasi, capaian_text(r),
                  predikat_text(r), r.program, r.sumber_data, r.yang_membidangi or r.unit_name,
                  r.ket) for r in rows]) for name, rows in _sasaran_groups(report.rows)],
        align="CLCCCCLLLL", numbering_row=True, font_size=8)


# ------------------------------------------------------------------ entry points
def _build(report: LakipReport, creation_date, list_pages, pdf_class=None) -> LakipPDF:
    # pdf_class: a LakipPDF subclass (lib.documents.lakip_outline records the blocks)
    pdf = (pdf_class or LakipPDF)(report, creation_date=creation_date, list_pages=list_pages)
    _cover(pdf, report)
    _reviu(pdf, report)
    _kata_pengantar(pdf, report)
    _ikhtisar(pdf, report)
    _reserve_lists(pdf)
    _bab1(pdf, report)
    _bab2(pdf, report)
    _bab3(pdf, report)
    _bab4(pdf, report)
    _lampiran(pdf, report)
    return pdf


class _Nothing:
    """Stands in for an fpdf2 table, row or cell in the counting build: takes any call."""

    def __getattr__(self, name):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        return iter(())


class _ListCounter(LakipPDF):
    """A build that only collects the entries of the Daftar Isi, Daftar Tabel and Daftar
    Grafik. How many pages each list takes depends on the entries' titles and levels,
    never on where the entries land, so text and tables are not laid out (they are ~90 %
    of a build): the real build then starts with the right reservation and runs once."""

    def multi_cell(self, *args, **kwargs):
        if kwargs.get("dry_run"):
            return super().multi_cell(*args, **kwargs)   # measuring (list layout, labels)
        return False

    @contextlib.contextmanager
    def table(self, *args, **kwargs):
        yield _Nothing()


def _needed_pages(pdf: LakipPDF) -> tuple[int, int, int]:
    return _pages_of(pdf, pdf.toc), _pages_of(pdf, pdf.tables), _pages_of(pdf, pdf.figures)


def build_with_lists(report: LakipReport, creation_date, pdf_class=None) -> LakipPDF:
    """The report built with the pages its three lists need reserved. The counting
    build guesses the reservation; the real build checks it (the lists are laid out
    again from its entries) and, should the two ever disagree, builds once more."""
    pages = _needed_pages(_build(report, creation_date, (1, 1, 1), pdf_class=_ListCounter))
    for _ in range(3):
        pdf = _build(report, creation_date, pages, pdf_class=pdf_class)
        need = _needed_pages(pdf)
        if need == pages:
            break
        pages = need
    return pdf


def render_lakip_lists(report: LakipReport, creation_date: dt.datetime | None = None
                       ) -> tuple[bytes, dict[str, list[tuple[str, int]]]]:
    """The report as PDF bytes, with its Daftar Isi, Daftar Tabel and Daftar Grafik
    as ``{"isi"|"tabel"|"grafik": [(title, page), ...]}``."""
    pdf = build_with_lists(report, creation_date)
    data = render_bytes(pdf)
    lists = {"isi": [(e.title, e.page) for e in pdf.toc],
             "tabel": [(e.title, e.page) for e in pdf.tables],
             "grafik": [(e.title, e.page) for e in pdf.figures]}
    return data, lists


def render_lakip_with_toc(report: LakipReport, creation_date: dt.datetime | None = None
                          ) -> tuple[bytes, list[tuple[str, int]]]:
    """The report as PDF bytes, with the Daftar Isi entries as (title, page)."""
    data, lists = render_lakip_lists(report, creation_date)
    return data, lists["isi"]


def render_lakip(report: LakipReport, creation_date: dt.datetime | None = None) -> bytes:
    """The LKjIP as PDF bytes (DRAFT-marked while ``report.draft``)."""
    return render_lakip_lists(report, creation_date)[0]
