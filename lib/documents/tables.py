"""The nine-column unit format (section V of the SOP) and the rekap of all
units grouped by sasaran (step 4)."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from fpdf.enums import CellBordersLayout as _B
from fpdf.fonts import FontFace

from lib.documents.base import FAMILY, GROUP_FILL, OfficialPDF, format_percent, render_bytes
from lib.documents.model import Profile, Row, SasaranSummary, Signer

FORMAT_TITLE = "FORMULIR PENGUMPULAN PERENCANAAN KINERJA"
FORMAT_HEADINGS = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
                   "Realisasi/ Progres Capaian", "Program/Kegiatan/ Sub Kegiatan",
                   "Sumber Data", "Yang membidangi", "Ket"]
_FORMAT_WEIGHTS = [9, 40, 45, 22, 25, 45, 27, 30, 24]

REKAP_TITLE = "REKAPITULASI DATA PERENCANAAN KINERJA"
REKAP_HEADINGS = ["No", "Sasaran Strategis", "Indikator Kinerja", "Unit", "Target",
                  "Realisasi", "Capaian", "Predikat", "Ket"]
_REKAP_WEIGHTS = [9, 42, 52, 34, 22, 22, 26, 24, 36]

# Empty lines of a blank format without pre-filled indicators.
BLANK_LINES = 12

STATUS_TEXT = {
    "belum_diisi": "belum diisi",
    "belum_berjalan": "kegiatan belum berjalan",
    "tidak_dapat_dihitung": "tidak dapat dihitung",
}

_TOP = _B.LEFT | _B.RIGHT | _B.TOP
_MID = _B.LEFT | _B.RIGHT
_BOTTOM = _B.LEFT | _B.RIGHT | _B.BOTTOM
_ALL = _B.ALL


def _widths(pdf: OfficialPDF, weights: Sequence[float]) -> list[float]:
    total = sum(weights)
    return [pdf.content_width * w / total for w in weights]


def _group_border(index: int, size: int) -> _B:
    """Borders of the sasaran cell so a group reads as one tall cell, while
    rows stay free to break across pages."""
    if size == 1:
        return _ALL
    if index == 0:
        return _TOP
    if index == size - 1:
        return _BOTTOM
    return _MID


def _consecutive_groups(rows: Sequence[Row]) -> list[list[Row]]:
    groups: list[list[Row]] = []
    for row in rows:
        if groups and groups[-1][0].sasaran.strip() == row.sasaran.strip():
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def sasaran_groups(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """Rows grouped by sasaran, in order of first appearance."""
    order: dict[str, list[Row]] = {}
    for row in rows:
        order.setdefault(row.sasaran.strip(), []).append(row)
    return list(order.items())


def _title(pdf: OfficialPDF, lines: Sequence[str]) -> None:
    with pdf.font(pdf.LETTER_PT, "B"):
        for line in lines:
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(pdf.content_width, 6, line, align="C", new_x="LMARGIN",
                           new_y="NEXT")
    pdf.ln(3)


def _header_rows(table, headings: Sequence[str], numbering: bool) -> None:
    head = table.row()
    for h in headings:
        head.cell(h, align="C", v_align="MIDDLE")
    if numbering:
        num = table.row()
        for i in range(1, len(headings) + 1):
            num.cell(str(i), align="C")


def status_text(row: Row) -> str:
    """Why a row has no capaian (``kegiatan belum berjalan``...)."""
    if row.status == "ok" and row.capaian is None and row.tercapai is not None:
        return "tercapai" if row.tercapai else "tidak tercapai"   # a grade without scores
    if row.status == "tidak_dapat_dihitung":
        return row.predikat or STATUS_TEXT[row.status]
    return STATUS_TEXT.get(row.status, row.predikat or "tidak dapat dihitung")


# Rows held back to a new page with the closing block (note, date and
# signature) when it would otherwise stand alone on the last page.
KEEP_WITH_CLOSING = 3


def _tables(pdf: OfficialPDF, widths, headings, numbering: bool, specs, hold_back: int
            ) -> dict[int, int]:
    """The rows of ``specs`` (functions adding one row to a table) in one table,
    or, with ``hold_back``, the last rows in a second table on a new page, its
    headings repeated, so the closing block that follows keeps them company.
    Returns the page each row was drawn on (by index in ``specs``)."""
    parts = [specs[:len(specs) - hold_back], specs[len(specs) - hold_back:]] if hold_back \
        else [specs]
    drawn: dict[int, int] = {}
    offset = 0
    for n, part in enumerate(parts):
        if n:
            pdf.add_page()
        size = getattr(pdf, "table_pt", pdf.TABLE_PT)
        with pdf.official_table(widths, num_heading_rows=2 if numbering else 1,
                                 font_size=size, line_height=size * 0.455,
                                 outer_border_width=0.3) as table:
            _header_rows(table, headings, numbering)
            _record_pages(pdf, table, len(table.rows), offset, drawn)
            for spec in part:
                spec(table)
        offset += len(part)
    return drawn


def _record_pages(pdf: OfficialPDF, table, heads: int, offset: int, drawn: dict) -> None:
    """Note the page each body row lands on. fpdf2 (2.8.9, pinned) draws rows
    through ``Table._render_table_row``; without it no page is noted and only
    the closing block's fit is checked."""
    original = getattr(table, "_render_table_row", None)
    if original is None:      # pragma: no cover - another fpdf2
        return

    def record(i, *args, **kwargs):
        if i >= heads:
            drawn[offset + i - heads] = pdf.page
        return original(i, *args, **kwargs)

    table._render_table_row = record


def _closing_alone(pdf: OfficialPDF, height: float, drawn: dict[int, int],
                   counts: list[bool]) -> bool:
    """Whether the closing block (``height`` mm from here) would stand on a page
    without any row that ``counts`` (an indicator, not an average line)."""
    page = pdf.page + (1 if pdf.get_y() + height > pdf.page_break_trigger else 0)
    if not drawn:
        return page > pdf.page
    return not any(pg == page and counts[i] for i, pg in drawn.items())


# Table type sizes: 11 pt; smaller only when one cell is taller than a page.
TABLE_SIZES = (11.0, 9.0, 8.0, 7.0, 6.0)


def _keeping_closing(build, rows: int) -> bytes:
    """``build(hold_back, size) -> (pdf, alone)``: built once; when the closing
    block would stand alone on a page, built again holding back the fewest last
    rows (1 to ``KEEP_WITH_CLOSING``, never all of them) that give it company.
    A row taller than a page (a very long cell) is printed in a smaller size."""
    for size in TABLE_SIZES:
        try:
            pdf, alone = build(0, size)
            for hold_back in range(1, min(KEEP_WITH_CLOSING, rows - 1) + 1):
                if not alone:
                    break
                pdf, alone = build(hold_back, size)
            return render_bytes(pdf)
        except ValueError as err:
            if "too high" not in str(err) or size == TABLE_SIZES[-1]:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _format_specs(rows: list[Row], blank: bool) -> list:
    specs = []
    if not rows and blank:
        for i in range(1, BLANK_LINES + 1):
            def blank_line(table, i=i):
                r = table.row()
                r.cell(f"{i}.", align="C")
                for _ in range(8):
                    r.cell("\n")
            specs.append(blank_line)
    n = 0
    for group in _consecutive_groups(rows):
        for i, row in enumerate(group):
            n += 1

            def line(table, row=row, i=i, size=len(group), n=n):
                r = table.row()
                r.cell(str(row.no or n), align="C")
                r.cell(row.sasaran if i == 0 else "", border=_group_border(i, size))
                r.cell(row.indikator + (" (IKU)" if row.is_iku else ""))
                r.cell(row.target, align="C")
                if blank:
                    r.cell("")
                else:
                    real = row.realisasi
                    if not real.strip() and row.status in STATUS_TEXT:
                        real = "-"
                    r.cell(real, align="C")
                r.cell(row.program)
                r.cell(row.sumber_data)
                r.cell(row.yang_membidangi)
                if blank:
                    r.cell("")
                else:
                    ket = row.ket
                    if row.status == "belum_berjalan" and "belum berjalan" not in ket.lower():
                        ket = (ket + "; " if ket else "") + "Kegiatan belum berjalan"
                    r.cell(ket)
            specs.append(line)
    return specs


def render_format(profile: Profile, *, unit_name: str, year: int, rows: list[Row], blank: bool,
                  signer: Signer | None = None, place_date: dt.date | None = None,
                  creation_date: dt.datetime | None = None, draft: bool = False) -> bytes:
    """The Formulir Pengumpulan Perencanaan Kinerja of one unit, landscape:
    nine columns with the 1..9 row, headings repeated on every page, sasaran
    cells grouped. ``blank`` leaves Realisasi and Ket empty for filling in
    (and prints empty lines when there are no rows). The signature never
    stands alone on the last page."""
    specs = _format_specs(rows, blank)

    def build(hold_back: int, size: float):
        pdf = OfficialPDF(profile, orientation="L", draft=draft,
                          doc_title=f"Format {unit_name} {year}", creation_date=creation_date)
        pdf.table_pt = size
        pdf.add_page()
        kec = (profile.kecamatan or "").upper()
        _title(pdf, [FORMAT_TITLE, f"{kec} TAHUN {year}".strip()])
        pdf.label_rows([("Unit", unit_name or "-"), ("Tahun", str(year))], label_w=18)
        pdf.ln(2)
        drawn = _tables(pdf, _widths(pdf, _FORMAT_WEIGHTS), FORMAT_HEADINGS, True, specs,
                        hold_back)
        alone = False
        if signer is not None:
            pdf.ln(6)
            date_line = pdf.place_date(place_date) if place_date else None
            alone = _closing_alone(pdf, pdf.signature_height(signer, place_date=date_line),
                                   drawn, [True] * len(specs))
            pdf.signature_block(signer, place_date=date_line, label_above="", blank_fill=blank)
        return pdf, alone and len(specs) > 0

    return _keeping_closing(build, len(specs))


def _rekap_specs(rows: list[Row], summaries: list[SasaranSummary]) -> list:
    by_sasaran = {s.sasaran.strip(): s for s in summaries}
    avg_style = FontFace(family=FAMILY, emphasis="BOLD", fill_color=GROUP_FILL)
    specs = []
    n = 0
    for sasaran, group in sasaran_groups(rows):
        for i, row in enumerate(group):
            n += 1

            def line(table, row=row, i=i, size=len(group), n=n, sasaran=sasaran):
                r = table.row()
                r.cell(str(n), align="C")
                r.cell(sasaran if i == 0 else "", border=_group_border(i, size))
                r.cell(row.indikator + (" (IKU)" if row.is_iku else ""))
                r.cell(row.unit_name)
                r.cell(row.target or "-", align="C")
                r.cell(row.realisasi or "-", align="C")
                if row.capaian is not None and row.status == "ok":
                    r.cell(format_percent(row.capaian), align="C")
                    r.cell(row.predikat or "-", align="C")
                else:
                    r.cell(f"-\n({status_text(row)})", align="C")
                    r.cell("-", align="C")
                r.cell(row.ket)
            specs.append(line)
        summary = by_sasaran.get(sasaran)

        def average(table, summary=summary):
            r = table.row(style=avg_style)
            r.cell(f"Rata-rata capaian sasaran ({summary.counted if summary else 0} "
                   "indikator dihitung)", colspan=6, align="R")
            if summary is not None and summary.average is not None:
                r.cell(format_percent(summary.average), align="C")
                r.cell(summary.predikat or "-", align="C")
            else:
                r.cell("-", align="C")
                r.cell("-", align="C")
            excluded = list(summary.excluded) if summary else []
            r.cell(("Tidak dihitung: " + "; ".join(excluded)) if excluded else "")
        average.average = True
        specs.append(average)
    return specs


def render_rekap(profile: Profile, *, year: int, rows: list[Row],
                 summaries: list[SasaranSummary], signer: Signer | None = None,
                 place_date: dt.date | None = None, creation_date: dt.datetime | None = None,
                 draft: bool = False) -> bytes:
    """Rekapitulasi of every unit's rows, landscape, grouped by sasaran, with
    capaian (``85,71%``, or ``-`` and the reason), predikat, and a line with
    each sasaran's average capaian and predikat. The closing note, date and
    signature are kept with the last rows, never alone on a page."""
    specs = _rekap_specs(rows, summaries)
    # an average line alone is no company for the signature: an indicator row is
    counts = [not getattr(spec, "average", False) for spec in specs]
    note = (f"Jumlah indikator: {len(rows)}. Baris yang belum diisi, kegiatan belum berjalan "
            "atau tidak dapat dihitung tidak ikut dalam rata-rata dan predikat.")

    def build(hold_back: int, size: float):
        pdf = OfficialPDF(profile, orientation="L", draft=draft,
                          doc_title=f"Rekapitulasi {year}", creation_date=creation_date)
        pdf.table_pt = size
        pdf.add_page()
        kec = (profile.kecamatan or "").upper()
        _title(pdf, [REKAP_TITLE, f"{kec} TAHUN {year}".strip()])
        drawn = _tables(pdf, _widths(pdf, _REKAP_WEIGHTS), REKAP_HEADINGS, False, specs,
                        hold_back)
        pdf.ln(3)
        date_line = pdf.place_date(place_date) if place_date else None
        with pdf.font(pdf.TABLE_PT):
            note_h = len(pdf.multi_cell(pdf.content_width, 5, note, dry_run=True,
                                        output="LINES")) * 5
        closing = note_h + (4 + pdf.signature_height(signer, place_date=date_line)
                            if signer is not None else 0)
        alone = _closing_alone(pdf, closing, drawn, counts)
        with pdf.font(pdf.TABLE_PT):
            pdf.set_x(pdf.l_margin)
            pdf.multi_cell(pdf.content_width, 5, note, new_x="LMARGIN", new_y="NEXT")
        if signer is not None:
            pdf.ln(4)
            pdf.signature_block(signer, place_date=date_line)
        return pdf, alone and len(specs) > 0

    return _keeping_closing(build, len(specs))
