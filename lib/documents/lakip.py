"""The LAKIP / LKjIP report (PermenPANRB 53/2014 structure, DOMAIN.md §7).

Cover · Kata Pengantar · Ikhtisar Eksekutif · Daftar Isi · Bab I Pendahuluan ·
Bab II Perencanaan Kinerja · Bab III Akuntabilitas Kinerja · Bab IV Penutup ·
Lampiran. The renderer takes plain data only: the narrative texts and their
headings come in the report as the service chose them (``report.narratives``,
``report.analyses``, ``report.default_analysis``, ``report.section_titles``);
every table and the charts are computed from the rows.

The Daftar Isi is rendered last into pages reserved for it
(``insert_toc_placeholder``), so its page numbers are the real ones. Their
count is planned up front from the list of headings the report will have.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from fpdf.enums import PageOrientation, XPos, YPos
from fpdf.fonts import FontFace

from lib.documents.base import (
    FAMILY,
    GROUP_FILL,
    OfficialPDF,
    format_date,
    format_number,
    format_percent,
    render_bytes,
)
from lib.documents.model import BudgetRow, LakipReport, Row, SasaranSummary

from lib.spelling import format_rupiah

__all__ = ["render_lakip", "render_lakip_with_toc", "capaian_text", "status_text", "TocEntry"]

ROMAN = ("I", "II", "III", "IV")
BODY_SIZE = 11
LINE_H = 5.6
TOC_LINE_H = 6.0
TOC_NUM_W = 14.0
TOC_INDENT = 7.0

STATUS_TEXT = {
    "belum_diisi": "Belum diisi",
    "belum_berjalan": "Kegiatan belum berjalan",
    "tidak_dapat_dihitung": "Tidak dapat dihitung",
}

# Bar colours by predikat; anything else (custom scale names) is neutral blue.
_PREDIKAT_COLOURS = {
    "sangat baik": (46, 125, 50),
    "baik": (66, 133, 244),
    "cukup": (240, 180, 0),
    "kurang": (239, 108, 0),
    "sangat kurang": (198, 40, 40),
}
_DEFAULT_BAR = (70, 110, 170)

_LIST_ITEM = re.compile(r"^\s*((?:\d{1,2}|[a-zA-Z])[.)]|[-\u2022])\s+(.*)$")


# --------------------------------------------------------------------- text helpers
def status_text(row: Row) -> str:
    """Why a row has no capaian ("Belum diisi", "Kegiatan belum berjalan",
    "Tidak dapat dihitung: <reason>"); ``""`` for a computable row."""
    if row.status == "ok" and row.capaian is not None:
        return ""
    if row.status in ("belum_diisi", "belum_berjalan"):
        return STATUS_TEXT[row.status]
    reason = (row.predikat or "").strip()
    low = reason.lower()
    if low.startswith("tidak dapat dihitung"):
        reason = reason[len("tidak dapat dihitung"):].lstrip(" :-\u2013\u2014")
    return f"Tidak dapat dihitung: {reason}" if reason else "Tidak dapat dihitung"


def capaian_text(row: Row) -> str:
    """``85,71%``, ``0%``; ``-`` when the row is not computable (never ``0%``)."""
    if row.status != "ok" or row.capaian is None:
        return "-"
    return format_percent(row.capaian)


def predikat_text(row: Row) -> str:
    """The predikat, or the reason the row has none."""
    return status_text(row) or (row.predikat or "-")


def _place(report: LakipReport) -> str:
    return (report.profile.kecamatan or "").strip() or "Kecamatan"


def _kecamatan_name(report: LakipReport) -> str:
    name = _place(report)
    return name[len("Kecamatan "):] if name.lower().startswith("kecamatan ") else name


def _sasaran_groups(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped by sasaran, in the order of first appearance."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault((row.sasaran or "").strip() or "(sasaran belum diisi)", []).append(row)
    return list(groups.items())


def _short_title(report: LakipReport) -> str:
    return (report.profile.report_title or "LAKIP").strip() or "LAKIP"


# ------------------------------------------------------------------ the document
@dataclass
class TocEntry:
    title: str
    level: int
    page: int = 0
    link: int | None = None


class LakipPDF(OfficialPDF):
    """OfficialPDF with numbered headings recorded for the Daftar Isi."""

    def __init__(self, report: LakipReport, creation_date: dt.datetime | None = None):
        super().__init__(report.profile, orientation="P", draft=report.draft,
                         verify_code=None if report.draft else report.verify_code,
                         doc_title=f"{_short_title(report)} {_place(report)} Tahun {report.year}",
                         creation_date=creation_date)
        self.report = report
        self.toc: list[TocEntry] = []
        self.fresh_page = 0   # a page started but still empty (after the ToC placeholder)
        self.set_subject("Laporan Kinerja Instansi Pemerintah")

    # headings ---------------------------------------------------------------
    def _record(self, title: str, level: int) -> None:
        link = self.add_link(page=self.page, y=max(self.get_y() - 2, 0))
        self.toc.append(TocEntry(title, level, self.page, link))
        self.start_section(title, level=level, strict=False)

    def chapter(self, label: str, title: str, *, orientation: str = "P") -> None:
        """A chapter starts a page: ``BAB I`` over ``PENDAHULUAN``."""
        if not (self.page == self.fresh_page and self.cur_orientation == PageOrientation.coerce(orientation)):
            self.add_page(orientation=orientation)
        self._record(f"{label} {title}".strip(), 0)
        with self.font(14, "B"):
            if label:
                self.cell(0, 7, label, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.multi_cell(0, 7, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)

    def front_title(self, title: str) -> None:
        """Front matter (Kata Pengantar, ...): a page with a centred title."""
        self.add_page()
        self._record(title, 0)
        with self.font(14, "B"):
            self.cell(0, 7, title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)

    def subheading(self, title: str, level: int = 1, *, keep: float = 25) -> None:
        """A numbered heading kept with at least ``keep`` mm of what follows."""
        self.ln(2 if level > 1 else 3)
        self.ensure_space(keep + 8)
        self._record(title, level)
        with self.font(12 if level == 1 else 11, "B"):
            self.multi_cell(0, 6, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def caption(self, text: str, *, keep: float = 20) -> None:
        """Bold small caption above a table or chart (not in the Daftar Isi)."""
        self.ln(1.5)
        self.ensure_space(keep + 6)
        with self.font(10, "B"):
            self.multi_cell(0, 5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    # text -------------------------------------------------------------------
    def narrative(self, text: str) -> None:
        """Write user text: blank lines separate paragraphs; lines starting with
        ``1.``, ``a.``, ``-`` become hanging-indent list items."""
        text = (text or "").replace("\r\n", "\n").strip()
        if not text:
            self.paragraph("-", line_height=LINE_H, size=BODY_SIZE)
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
                    self._list_item(m.group(1), m.group(2))
                else:
                    pending.append(line)
            flush()
            self.ln(0.5)

    def _list_item(self, marker: str, text: str, indent: float = 4) -> None:
        with self.font(BODY_SIZE):
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
        out = [math.floor(usable * f / total * 100) / 100 for f in fractions]
        return out


# ----------------------------------------------------------------- Daftar Isi
def _toc_layout(pdf: LakipPDF, entries: list[TocEntry]) -> list[tuple[int, float, list[str]]]:
    """Where each Daftar Isi entry goes: (page offset, y, wrapped lines).

    Used both to reserve the right number of pages and to draw them, so the
    two agree by construction."""
    out = []
    page, y = 0, pdf.t_margin + 20  # the "DAFTAR ISI" title
    with pdf.font(10.5):
        for e in entries:
            style = "B" if e.level == 0 else ""
            with pdf.font(10.5, style):
                width = pdf.content_width - e.level * TOC_INDENT - TOC_NUM_W - 4
                lines = pdf.multi_cell(width, TOC_LINE_H, e.title, dry_run=True,
                                       output="LINES") or [""]
            gap = 1.5 if e.level == 0 else 0
            height = gap + len(lines) * TOC_LINE_H
            if y + height > pdf.page_break_trigger:
                page, y = page + 1, pdf.t_margin
            out.append((page, y + gap, lines))
            y += height
    return out


def _render_toc(pdf: LakipPDF, _outline) -> None:
    layout = _toc_layout(pdf, pdf.toc)
    with pdf.font(14, "B"):
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
        pdf.cell(0, 7, "DAFTAR ISI", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.font(10):
        pdf.set_xy(pdf.l_margin, pdf.t_margin + 12)
        pdf.cell(0, 5, "Halaman", align="R")
    current = 0
    for entry, (page, y, lines) in zip(pdf.toc, layout):
        while current < page:
            pdf.add_page()  # moves to the next reserved page while rendering the ToC
            current += 1
        x = pdf.l_margin + entry.level * TOC_INDENT
        num_x = pdf.w - pdf.r_margin - TOC_NUM_W
        with pdf.font(10.5, "B" if entry.level == 0 else ""):
            for i, line in enumerate(lines):
                yy = y + i * TOC_LINE_H
                pdf.set_xy(x, yy)
                pdf.cell(pdf.get_string_width(line) + 0.5, TOC_LINE_H, line, link=entry.link)
            last_end = x + pdf.get_string_width(lines[-1]) + 1.5
            dot_w = pdf.get_string_width(".")
            n_dots = int(max(0.0, num_x - 1.5 - last_end) / dot_w)
            yy = y + (len(lines) - 1) * TOC_LINE_H
            if n_dots > 0:
                with pdf.font(10.5, ""):
                    pdf.set_xy(num_x - 1 - n_dots * pdf.get_string_width("."), yy)
                    pdf.cell(n_dots * pdf.get_string_width("."), TOC_LINE_H, "." * n_dots)
            pdf.set_xy(num_x, yy)
            pdf.cell(TOC_NUM_W, TOC_LINE_H, str(entry.page), align="R", link=entry.link)


def _toc_plan(report: LakipReport) -> list[TocEntry]:
    """The headings the report will have, in order (titles only)."""
    year = report.year
    plan = [("KATA PENGANTAR", 0), ("IKHTISAR EKSEKUTIF", 0), ("DAFTAR ISI", 0),
            ("BAB I PENDAHULUAN", 0)]
    plan += [(f"1.{i} {report.section_titles.get(k, '')}", 1) for i, k in enumerate(
        ("bab1_gambaran_umum", "bab1_struktur_organisasi", "bab1_tugas_fungsi",
         "bab1_isu_strategis"), 1)]
    plan += [("BAB II PERENCANAAN KINERJA", 0), ("2.1 Rencana Strategis", 1),
             ("2.2 Indikator Kinerja Utama", 1), (f"2.3 Perjanjian Kinerja Tahun {year}", 1),
             ("BAB III AKUNTABILITAS KINERJA", 0), ("3.1 Capaian Kinerja Organisasi", 1)]
    plan += [(_sasaran_heading(k, name), 2)
             for k, (name, _) in enumerate(_sasaran_groups(report.rows), 1)]
    plan += [("3.2 Realisasi Anggaran", 1), ("BAB IV PENUTUP", 0), ("4.1 Kesimpulan", 1),
             ("4.2 Saran", 1), ("LAMPIRAN", 0),
             (f"Lampiran 1. Perjanjian Kinerja Tahun {year}", 1),
             ("Lampiran 2. Rekapitulasi Capaian Indikator Kinerja", 1)]
    return [TocEntry(t, lvl) for t, lvl in plan]


def _sasaran_heading(k: int, name: str) -> str:
    return f"3.1.{k} Sasaran {k}: {name}"


# ---------------------------------------------------------------- the sections
def _text(report: LakipReport, key: str) -> str:
    """A narrative section as the service gave it (the writer's text or the default)."""
    return (report.narratives or {}).get(key, "")


def _analysis(report: LakipReport, sasaran: str, key: str) -> str:
    """A sasaran's analysis text; the service's default for a sasaran it gave none."""
    value = (report.analyses or {}).get(sasaran, {}).get(key)
    return report.default_analysis.get(key, "") if value is None else value


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
    pdf._draw_logo((pdf.w - size) / 2, logo_y, size)
    pdf.set_y(logo_y + size + 22)
    with pdf.font(18, "B"):
        pdf.multi_cell(0, 9, (p.kecamatan or "KECAMATAN").upper(), align="C",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.font(14, "B"):
        if p.pemerintah:
            pdf.multi_cell(0, 7.5, p.pemerintah.upper(), align="C", new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
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


def _kata_pengantar(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.front_title("KATA PENGANTAR")
    pdf.narrative(_text(report, "kata_pengantar"))
    pdf.ln(6)
    pdf.signature_block(report.signer, place_date=pdf.place_date(report.place_date))


def _ikhtisar(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.front_title("IKHTISAR EKSEKUTIF")
    rows = report.rows
    groups = _sasaran_groups(rows)
    measured = [r for r in rows if r.status == "ok" and r.capaian is not None]
    not_measured = [r for r in rows if not (r.status == "ok" and r.capaian is not None)]
    kec = _place(report)
    text = (f"Pada Tahun {report.year}, {kec} menetapkan {format_number(len(rows))} indikator "
            f"kinerja untuk {format_number(len(groups))} sasaran strategis sebagaimana tertuang "
            f"dalam Perjanjian Kinerja. ")
    if report.average is not None:
        text += (f"Sebanyak {format_number(len(measured))} indikator dapat diukur capaiannya, "
                 f"dengan rata-rata capaian {format_percent(report.average)}.")
    else:
        text += "Belum ada indikator yang dapat diukur capaiannya."
    pdf.paragraph(text, first_line=10, line_height=LINE_H, size=BODY_SIZE)

    pdf.caption("Jumlah indikator kinerja menurut predikat capaian")
    total = len(rows) or 1
    table_rows = [(name, format_number(n), format_percent(100 * n / total))
                  for name, n in report.predicate_counts.items()]
    reasons: dict[str, int] = {}
    for r in not_measured:
        label = STATUS_TEXT.get(r.status, "Tidak dapat dihitung")
        reasons[label] = reasons.get(label, 0) + 1
    for label, n in reasons.items():
        table_rows.append((f"Tidak diukur: {label.lower()}", format_number(n),
                           format_percent(100 * n / total)))
    table_rows.append(("Jumlah", format_number(len(rows)), format_percent(100 if rows else 0)))
    pdf.simple_table(["Predikat", "Jumlah Indikator", "Persentase"], table_rows,
                     pdf.widths(3, 1.5, 1.5), text_align=("LEFT", "RIGHT", "RIGHT"))
    pdf.ln(3)
    if not_measured:
        pdf.paragraph(
            f"Sebanyak {format_number(len(not_measured))} indikator tidak diikutkan dalam "
            "perhitungan rata-rata dan predikat karena datanya belum diisi, kegiatannya belum "
            "berjalan, atau capaiannya tidak dapat dihitung; rinciannya disajikan pada Bab III.",
            first_line=10, line_height=LINE_H, size=BODY_SIZE)
    pdf.narrative(_text(report, "ikhtisar"))


def _bab1(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB I", "PENDAHULUAN")
    for i, key in enumerate(("bab1_gambaran_umum", "bab1_struktur_organisasi",
                             "bab1_tugas_fungsi", "bab1_isu_strategis"), 1):
        pdf.subheading(f"1.{i} {report.section_titles.get(key, '')}")
        pdf.narrative(_text(report, key))


def _grouped_table(pdf: LakipPDF, headings: list[str], widths: list[float],
                   groups: list[tuple[str, list[Row]]], cells, *, align=None,
                   numbering_row: bool = False, font_size: float = 9) -> None:
    """A table with one shaded "Sasaran k: ..." row above each group."""
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
            for row in rows:
                r = table.row()
                for i, value in enumerate(cells(row)):
                    r.cell(value if value else "-", align=(align[i] if align else "L"))


def _bab2(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB II", "PERENCANAAN KINERJA")
    pdf.subheading("2.1 Rencana Strategis")
    pdf.narrative(_text(report, "bab2_renstra"))

    pdf.subheading("2.2 Indikator Kinerja Utama")
    iku = [r for r in report.rows if r.is_iku]
    if iku:
        pdf.paragraph(f"Indikator Kinerja Utama (IKU) {_place(report)} adalah sebagai berikut.",
                      line_height=LINE_H, size=BODY_SIZE)
        pdf.caption(f"Tabel Indikator Kinerja Utama {_place(report)}")
        _grouped_table(pdf, ["No", "Indikator Kinerja Utama", "Satuan", f"Target {report.year}",
                             "Target Akhir Renstra"], pdf.widths(1, 7, 2.5, 2.5, 2.5),
                       _sasaran_groups(iku),
                       lambda r: (str(r.no), r.indikator, r.satuan, r.target, r.renstra_target),
                       align="CLCCC")
    else:
        pdf.paragraph("Belum ada indikator yang ditetapkan sebagai Indikator Kinerja Utama (IKU).",
                      line_height=LINE_H, size=BODY_SIZE)

    pdf.subheading(f"2.3 Perjanjian Kinerja Tahun {report.year}")
    pdf.paragraph(f"Perjanjian Kinerja Tahun {report.year} memuat sasaran strategis, indikator "
                  "kinerja, dan target yang akan dicapai sebagai berikut.",
                  line_height=LINE_H, size=BODY_SIZE)
    pdf.caption(f"Tabel Perjanjian Kinerja Tahun {report.year}")
    _pk_table(pdf, report)


def _pk_table(pdf: LakipPDF, report: LakipReport, *, with_program: bool = False) -> None:
    if not report.rows:
        pdf.paragraph("Belum ada indikator kinerja.", line_height=LINE_H, size=BODY_SIZE)
        return
    if with_program:
        _grouped_table(pdf, ["No", "Indikator Kinerja", "Target", "Program/Kegiatan/Sub Kegiatan",
                             "Yang Membidangi"], pdf.widths(1, 8, 2.5, 7, 4),
                       _sasaran_groups(report.rows),
                       lambda r: (str(r.no), r.indikator, r.target, r.program, r.yang_membidangi or
                                  r.unit_name), align="CLCLL")
    else:
        _grouped_table(pdf, ["No", "Indikator Kinerja", "Target"], pdf.widths(1, 10, 3),
                       _sasaran_groups(report.rows), lambda r: (str(r.no), r.indikator, r.target),
                       align="CLC")


def _bab3(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB III", "AKUNTABILITAS KINERJA")
    pdf.narrative(
        f"Pengukuran kinerja dilakukan dengan membandingkan realisasi dengan target setiap "
        f"indikator kinerja dalam Perjanjian Kinerja Tahun {report.year}. Untuk indikator yang "
        "semakin tinggi realisasinya semakin baik, capaian = realisasi / target x 100%; untuk "
        "indikator yang semakin rendah realisasinya semakin baik, capaian = (2 - realisasi / "
        "target) x 100%. Indikator yang belum diisi, kegiatannya belum berjalan, atau "
        "capaiannya tidak dapat dihitung tidak diikutkan dalam rata-rata dan predikat, dan "
        "ditulis dengan tanda \"-\", bukan 0%.")
    groups = _sasaran_groups(report.rows)
    summaries = {s.sasaran.strip(): s for s in report.summaries}

    pdf.subheading("3.1 Capaian Kinerja Organisasi")
    pdf.caption(f"Tabel Ringkasan Capaian per Sasaran Strategis Tahun {report.year}")
    with pdf.official_table(pdf.widths(1, 8, 2.2, 2.2, 2.6, 3)) as table:
        head = table.row()
        for h in ("No", "Sasaran Strategis", "Jumlah Indikator", "Indikator Diukur",
                  "Rata-rata Capaian", "Predikat"):
            head.cell(h, align="C", v_align="M")
        for k, (name, rows) in enumerate(groups, 1):
            s = summaries.get(name)
            measured = [r.capaian for r in rows if not status_text(r)]
            counted = s.counted if s else len(measured)
            avg = s.average if s else (sum(measured) / len(measured) if measured else None)
            r = table.row()
            r.cell(str(k), align="C")
            r.cell(name)
            r.cell(format_number(len(rows)), align="C")
            r.cell(format_number(counted), align="C")
            r.cell(format_percent(avg) if avg is not None else "-", align="C")
            if avg is None:
                r.cell("Tidak ada indikator yang dapat diukur", align="C")
            else:
                r.cell((s.predikat if s else "") or "-", align="C")
        r = table.row()
        bold = FontFace(family=FAMILY, emphasis="BOLD")
        r.cell("Rata-rata seluruh indikator", colspan=4, style=bold, align="R")
        r.cell(format_percent(report.average) if report.average is not None else "-",
               align="C", style=bold)
        r.cell("")

    for k, (name, rows) in enumerate(groups, 1):
        _sasaran_section(pdf, report, k, name, rows, summaries.get(name))

    pdf.subheading("3.2 Realisasi Anggaran")
    _budget(pdf, report.budget)


def _sasaran_section(pdf: LakipPDF, report: LakipReport, k: int, name: str, rows: list[Row],
                     summary: SasaranSummary | None) -> None:
    year = report.year
    pdf.subheading(_sasaran_heading(k, name), level=2, keep=30)
    pdf.caption(f"Tabel 3.{k} Capaian Indikator Kinerja Sasaran {k} Tahun {year}")
    with pdf.official_table(pdf.widths(0.9, 6.2, 2.3, 2.3, 2.0, 3.6)) as table:
        head = table.row()
        for h in ("No", "Indikator Kinerja", "Target", "Realisasi", "Capaian",
                  "Predikat / Keterangan"):
            head.cell(h, align="C", v_align="M")
        for row in rows:
            r = table.row()
            r.cell(str(row.no), align="C")
            r.cell(row.indikator or "-")
            r.cell(row.target or "-", align="C")
            r.cell(row.realisasi or "-", align="C")
            r.cell(capaian_text(row), align="C")
            r.cell(predikat_text(row), align="C")
    pdf.ln(2)
    if summary is not None and summary.average is not None:
        text = (f"Rata-rata capaian sasaran ini adalah {format_percent(summary.average)} "
                f"dengan predikat {summary.predikat or '-'}, dihitung dari "
                f"{format_number(summary.counted)} indikator yang dapat diukur.")
    elif any(not status_text(r) for r in rows):
        measured = [r.capaian for r in rows if not status_text(r)]
        text = (f"Rata-rata capaian sasaran ini adalah "
                f"{format_percent(sum(measured) / len(measured))}, dihitung dari "
                f"{format_number(len(measured))} indikator yang dapat diukur.")
    else:
        text = "Belum ada indikator sasaran ini yang dapat diukur capaiannya."
    pdf.paragraph(text, line_height=LINE_H, size=BODY_SIZE)

    history_rows = [r for r in rows if any((v or "").strip() for v in r.history.values())]
    if history_rows:
        years = sorted({y for r in history_rows for y, v in r.history.items() if (v or "").strip()
                        and str(y) != str(year)})[-4:]
        if years:
            pdf.caption(f"Perbandingan realisasi dengan tahun sebelumnya")
            heads = ["Indikator Kinerja"] + [f"Realisasi {y}" for y in years] + [
                f"Realisasi {year}", f"Capaian {year}"]
            widths = pdf.widths(6, *([2.2] * (len(years) + 2)))
            with pdf.official_table(widths) as table:
                head = table.row()
                for h in heads:
                    head.cell(h, align="C", v_align="M")
                for row in history_rows:
                    r = table.row()
                    r.cell(f"{row.no}. {row.indikator}")
                    for y in years:
                        r.cell((row.history.get(y) or "").strip() or "-", align="C")
                    r.cell(row.realisasi or "-", align="C")
                    r.cell(capaian_text(row), align="C")

    renstra_rows = [r for r in rows if (r.renstra_target or "").strip()]
    if renstra_rows:
        pdf.caption("Perbandingan dengan target akhir Renstra")
        with pdf.official_table(pdf.widths(6, 2.5, 2.5, 2.8)) as table:
            head = table.row()
            for h in ("Indikator Kinerja", f"Target {year}", f"Realisasi {year}",
                      "Target Akhir Renstra"):
                head.cell(h, align="C", v_align="M")
            for row in renstra_rows:
                r = table.row()
                r.cell(f"{row.no}. {row.indikator}")
                r.cell(row.target or "-", align="C")
                r.cell(row.realisasi or "-", align="C")
                r.cell(row.renstra_target, align="C")

    pdf.caption(f"Grafik 3.{k} Capaian Indikator Kinerja Sasaran {k}", keep=35)
    _bar_chart(pdf, rows)

    pdf.caption("Analisis capaian kinerja")
    for key, title in report.analysis_titles:
        pdf.ensure_space(18)
        with pdf.font(BODY_SIZE, "I"):
            pdf.cell(0, LINE_H, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.narrative(_analysis(report, name, key))


def _bar_chart(pdf: LakipPDF, rows: list[Row]) -> None:
    """Horizontal bars of capaian per indicator, value labels, 100% line.
    Indicators without capaian are listed under the chart instead."""
    measured = [r for r in rows if not status_text(r)]
    missing = [r for r in rows if status_text(r)]
    if measured:
        top = max(100.0, max(r.capaian for r in measured))
        top = min(top, 200.0)  # longer bars are clipped and marked
        step = 20.0 if top <= 120 else 25.0
        scale_max = math.ceil(top / step) * step
        label_w = pdf.content_width * 0.38
        x0 = pdf.l_margin + label_w + 2
        x1 = pdf.w - pdf.r_margin - 17
        span = x1 - x0
        pitch, bar_h, axis_h = 6.5, 4.4, 7.0

        def xpos(v: float) -> float:
            return x0 + span * max(0.0, min(v, scale_max)) / scale_max

        def axis(y: float) -> float:
            with pdf.font(7.5):
                pdf.set_text_color(90, 90, 90)
                v = 0.0
                while v <= scale_max + 1e-9:
                    label = format_percent(v)
                    w = pdf.get_string_width(label)
                    pdf.text(xpos(v) - w / 2, y + 3.5, label)
                    v += step
                pdf.set_text_color(0, 0, 0)
            return y + axis_h

        def grid(y_top: float, y_bottom: float) -> None:
            with pdf.local_context(draw_color=(205, 205, 205), line_width=0.15):
                v = 0.0
                while v <= scale_max + 1e-9:
                    pdf.line(xpos(v), y_top, xpos(v), y_bottom)
                    v += step

        def reference(y_top: float, y_bottom: float) -> None:
            with pdf.local_context(draw_color=(200, 0, 0), line_width=0.6,
                                   dash_pattern=dict(dash=2, gap=1)):
                pdf.line(xpos(100), y_top - 1.5, xpos(100), y_bottom + 1)

        pdf.ensure_space(axis_h + pitch * min(len(measured), 3) + 10)
        # split the bars into page-sized segments so the grid goes under the bars
        segments: list[list[Row]] = []
        room = pdf.page_break_trigger - pdf.get_y() - axis_h - 6
        todo = list(measured)
        while todo:
            n = max(1, int(room // pitch))
            segments.append(todo[:n])
            todo = todo[n:]
            room = pdf.page_break_trigger - pdf.t_margin - axis_h - 6
        y = pdf.get_y()
        for i, segment in enumerate(segments):
            if i:
                pdf.add_page()
                y = pdf.get_y()
            seg_top = axis(y)
            y = seg_top
            grid(seg_top, seg_top + pitch * len(segment))
            for row in segment:  # bars and names
                colour = _PREDIKAT_COLOURS.get((row.predikat or "").strip().lower(),
                                               _DEFAULT_BAR)
                end = xpos(row.capaian)
                if end - x0 > 0.05:
                    with pdf.local_context(fill_color=colour):
                        pdf.rect(x0, y + (pitch - bar_h) / 2, end - x0, bar_h, style="F")
                if row.capaian > scale_max:  # clipped: mark the break
                    with pdf.local_context(draw_color=(255, 255, 255), line_width=0.6):
                        mx = end - 3
                        pdf.line(mx, y + 1, mx + 1.2, y + pitch - 1)
                with pdf.font(8):
                    pdf.text(pdf.l_margin, y + pitch / 2 + 1.2,
                             _fit(pdf, f"{row.no}. {row.indikator}", label_w))
                y += pitch
            reference(seg_top, y)
            yy = seg_top
            for row in segment:  # value labels on a white ground, over the 100% line
                end = xpos(row.capaian)
                with pdf.font(8, "B"):
                    value = format_percent(row.capaian)
                    w = pdf.get_string_width(value)
                    with pdf.local_context(fill_color=(255, 255, 255)):
                        pdf.rect(end + 0.7, yy + (pitch - bar_h) / 2, w + 1, bar_h, style="F")
                    pdf.text(end + 1.2, yy + pitch / 2 + 1.2, value)
                yy += pitch
            with pdf.local_context(draw_color=(60, 60, 60), line_width=0.3):
                pdf.line(x0, seg_top, x0, y)
        with pdf.font(7.5):
            pdf.set_text_color(200, 0, 0)
            pdf.text(xpos(100) + 0.8, y + 3.5, "Target 100%")
            pdf.set_text_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, y + 6)
    else:
        pdf.paragraph("Belum ada indikator yang dapat digambarkan dalam grafik.",
                      line_height=LINE_H, size=BODY_SIZE)
    if missing:
        with pdf.font(9.5, "I"):
            pdf.ensure_space(10)
            pdf.multi_cell(0, 5, "Indikator yang tidak digambarkan karena belum memiliki capaian:",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        with pdf.font(9.5):
            for row in missing:
                pdf.ensure_space(5)
                pdf.set_x(pdf.l_margin + 4)
                pdf.multi_cell(pdf.content_width - 4, 5,
                               f"{row.no}. {row.indikator} \u2014 {status_text(row).lower()}",
                               align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)


def _fit(pdf: LakipPDF, text: str, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width``."""
    text = " ".join(text.split())
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "\u2026") > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _budget(pdf: LakipPDF, budget: list[BudgetRow]) -> None:
    if not budget:
        pdf.paragraph("Data realisasi anggaran belum diisi.", line_height=LINE_H, size=BODY_SIZE)
        return
    pdf.paragraph(
        "Realisasi anggaran per program dan perbandingannya dengan capaian kinerja disajikan "
        "pada tabel berikut. Efisiensi dihitung sebagai capaian kinerja dibagi persentase "
        "serapan anggaran; program dinyatakan efisien apabila capaian kinerja sama dengan atau "
        "lebih besar daripada serapan anggaran.", first_line=10, line_height=LINE_H,
        size=BODY_SIZE)
    pdf.caption("Tabel Realisasi Anggaran per Program")
    total_pagu = sum(b.pagu or 0 for b in budget)
    total_real = sum(b.realisasi or 0 for b in budget)
    with pdf.official_table(pdf.widths(0.8, 5, 3.1, 3.1, 1.9, 1.9, 1.7, 2.3), font_size=8.5) as t:
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
            r.cell(format_percent(b.serapan) if b.serapan is not None else "-", align="C")
            r.cell(format_percent(b.capaian) if b.capaian is not None else "-", align="C")
            index, verdict = efficiency(b)
            r.cell(format_number(round(index, 2)) if index is not None else "-", align="C")
            r.cell(verdict, align="C")
        bold = FontFace(family=FAMILY, emphasis="BOLD")
        r = t.row()
        r.cell("Jumlah", colspan=2, align="R", style=bold)
        r.cell(format_rupiah(total_pagu), align="R", style=bold)
        r.cell(format_rupiah(total_real), align="R", style=bold)
        r.cell(format_percent(100 * total_real / total_pagu) if total_pagu else "-", align="C",
               style=bold)
        r.cell("", colspan=3)


def efficiency(b: BudgetRow) -> tuple[float | None, str]:
    """(capaian / serapan, "Efisien" | "Kurang efisien" | reason)."""
    if b.capaian is None:
        return None, "Capaian belum ada"
    if b.serapan is None:
        return None, "Serapan belum ada"
    if b.serapan <= 0:
        return None, "Anggaran belum terserap"
    return b.capaian / b.serapan, "Efisien" if b.capaian >= b.serapan else "Kurang efisien"


def _bab4(pdf: LakipPDF, report: LakipReport) -> None:
    pdf.chapter("BAB IV", "PENUTUP")
    pdf.subheading("4.1 Kesimpulan")
    pdf.narrative(_text(report, "bab4_kesimpulan"))
    pdf.subheading("4.2 Saran")
    pdf.narrative(_text(report, "bab4_saran"))
    pdf.ln(8)
    pdf.signature_block(report.signer, place_date=pdf.place_date(report.place_date))


def _lampiran(pdf: LakipPDF, report: LakipReport) -> None:
    year = report.year
    pdf.chapter("", "LAMPIRAN", orientation="L")
    pdf.subheading(f"Lampiran 1. Perjanjian Kinerja Tahun {year}", keep=30)
    _pk_table(pdf, report, with_program=True)

    pdf.add_page(orientation="L")
    pdf.subheading("Lampiran 2. Rekapitulasi Capaian Indikator Kinerja", keep=30)
    if not report.rows:
        pdf.paragraph("Belum ada indikator kinerja.", line_height=LINE_H, size=BODY_SIZE)
        return
    _grouped_table(
        pdf,
        ["No", "Indikator Kinerja", "Target", "Realisasi/ Progres Capaian", "Capaian",
         "Predikat / Keterangan", "Program/Kegiatan/ Sub Kegiatan", "Sumber Data",
         "Yang membidangi", "Ket"],
        pdf.widths(0.8, 5, 1.8, 1.9, 1.6, 2.6, 4, 2.4, 2.6, 2),
        _sasaran_groups(report.rows),
        lambda r: (str(r.no), r.indikator, r.target, r.realisasi, capaian_text(r),
                   predikat_text(r), r.program, r.sumber_data,
                   r.yang_membidangi or r.unit_name, r.ket),
        align="CLCCCCLLLL", numbering_row=True, font_size=8)


# ------------------------------------------------------------------ entry points
def render_lakip_with_toc(report: LakipReport, creation_date: dt.datetime | None = None
                          ) -> tuple[bytes, list[tuple[str, int]]]:
    """The report as PDF bytes, with the Daftar Isi entries as (title, page)."""
    pdf = LakipPDF(report, creation_date=creation_date)
    _cover(pdf, report)
    _kata_pengantar(pdf, report)
    _ikhtisar(pdf, report)

    pdf.add_page()
    pdf._record("DAFTAR ISI", 0)
    plan = _toc_plan(report)
    toc_pages = _toc_layout(pdf, plan)[-1][0] + 1
    pdf.insert_toc_placeholder(_render_toc, pages=toc_pages)
    pdf.fresh_page = pdf.page  # the placeholder already broke to a new, empty page

    _bab1(pdf, report)
    _bab2(pdf, report)
    _bab3(pdf, report)
    _bab4(pdf, report)
    _lampiran(pdf, report)

    actual = [(e.title, e.level) for e in pdf.toc]
    expected = [(e.title, e.level) for e in plan]
    if actual != expected:  # a heading was added without updating _toc_plan
        raise AssertionError(f"Daftar Isi plan differs from the headings: {actual} != {expected}")
    data = render_bytes(pdf)
    return data, [(e.title, e.page) for e in pdf.toc]


def render_lakip(report: LakipReport, creation_date: dt.datetime | None = None) -> bytes:
    """The LAKIP / LKjIP as PDF bytes (DRAFT-marked while ``report.draft``)."""
    return render_lakip_with_toc(report, creation_date)[0]
