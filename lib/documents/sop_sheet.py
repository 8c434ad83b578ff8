"""The SOP sheet: identity/header block and the procedure table with its
swimlane flowchart (terminators, processes, decisions, arrows).

The procedure table is laid out by hand (not with ``pdf.table``) because the
shapes need every row's position; ``sop_layout`` computes it once and
``render_sop`` draws it, page by page.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lib.documents.base import (HEADER_FILL, PLACEHOLDER_NAME, PLACEHOLDER_NIP, OfficialPDF,
                                format_number, jabatan_line, render_bytes)
from lib.documents.model import Profile, Signer, SopSheet, SopStep

TERMINATOR = "terminator"
PROCESS = "process"
DECISION = "decision"

HEADER_LABELS = [
    ("nomor_sop", "Nomor SOP"),
    ("tgl_pembuatan", "Tgl. Pembuatan"),
    ("tgl_revisi", "Tgl. Revisi"),
    ("tgl_efektif", "Tgl. Efektif"),
    ("disahkan_oleh", "Disahkan oleh"),
    ("nama_sop", "Nama SOP"),
]
HEADER_PAIRS = [
    (("dasar_hukum", "Dasar Hukum"), ("kualifikasi", "Kualifikasi Pelaksana")),
    (("keterkaitan", "Keterkaitan"), ("peralatan", "Peralatan dan Perlengkapan")),
    (("peringatan", "Peringatan"), ("pencatatan", "Pencatatan dan Pendataan")),
]

_FONT = 11.0             # procedure table type size; smaller only when one page needs it
_FONT_STEPS = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
_IDENTITY_PT = 10.0
_MIN_ROW = 9.5            # room for a shape and its arrows
_SHAPE_H = 6.0
_CONNECTOR_ROOM = 7.0
_SHAPE_GAP = 3.5          # at least this much between a shape and its lane's rules


def is_decision(step: SopStep) -> bool:
    """A diamond on the sheet: explicit ``decision``, else a step that
    returns somewhere and whose kegiatan states the condition (``jika``)."""
    if step.decision is not None:
        return bool(step.decision)
    return step.return_to is not None and "jika" in (step.kegiatan or "").lower()


def sop_shapes(sheet: SopSheet) -> list[tuple[int, str]]:
    """``(step_no, kind)`` for every step, in order; kind is
    ``terminator`` (first and last step), ``decision`` or ``process``."""
    steps = sorted(sheet.steps, key=lambda s: s.no)
    out = []
    for i, step in enumerate(steps):
        if is_decision(step):
            kind = DECISION
        elif i == 0 or i == len(steps) - 1:
            kind = TERMINATOR
        else:
            kind = PROCESS
        out.append((step.no, kind))
    return out


def sop_lanes(sheet: SopSheet) -> list[tuple[str, str]]:
    """The sheet's lanes plus any actor role missing from them."""
    lanes = list(sheet.lanes)
    known = {role for role, _ in lanes}
    for step in sorted(sheet.steps, key=lambda s: s.no):
        if step.actor_role not in known:
            lanes.append((step.actor_role, step.actor_label or step.actor_role))
            known.add(step.actor_role)
    return lanes


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value)


def _listed(value, letters: bool = False) -> str:
    """A list as ``1. ...`` (or ``a. ...``) lines; a string as is."""
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value if str(v).strip()]
        if len(items) == 1:
            return items[0]
        marks = [chr(ord("a") + i) if letters and i < 26 else str(i + 1)
                 for i in range(len(items))]
        return "\n".join(f"{m}. {t}" for m, t in zip(marks, items))
    return _text(value).strip() or "-"


# ---------------------------------------------------------------- layout
@dataclass
class _Box:
    page: int          # 0-based page of the procedure table
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class _RowLayout:
    step: SopStep
    kind: str
    page: int
    y: float
    h: float
    lane: int
    shape: _Box
    lane_w: float = 0.0


@dataclass
class _Columns:
    x: list[float]
    w: list[float]
    lanes: int

    def lane_x(self, i: int) -> float:
        return self.x[2 + i]


def _columns(pdf: OfficialPDF, n_lanes: int) -> _Columns:
    """No, Kegiatan, one column per lane, Kelengkapan, Waktu, Output,
    Keterangan; Kegiatan takes what the others leave."""
    width = pdf.content_width
    mutu = [24.0, 17.0, 21.0]
    keterangan = 32.0
    # Lanes only carry the shapes: narrow lanes leave Kegiatan wide enough for
    # two lines a step, so the flow stays on one page at a readable size.
    lane_w = max(16.0, min(19.0, (width - 9 - sum(mutu) - keterangan - 80) / max(n_lanes, 1)))
    kegiatan = width - 9 - sum(mutu) - keterangan - lane_w * n_lanes
    widths = [9.0, kegiatan] + [lane_w] * n_lanes + mutu + [keterangan]
    xs, x = [], pdf.l_margin
    for w in widths:
        xs.append(x)
        x += w
    return _Columns(xs, widths, n_lanes)


def _keterangan(step: SopStep, kind: str) -> str:
    parts = []
    if step.actor_label:
        parts.append(step.actor_label)
    if kind == DECISION and step.return_to is not None:
        parts.append(f"Jika tidak sesuai, kembali ke no. {step.return_to}")
    return "; ".join(parts)


def _font(pdf: OfficialPDF) -> float:
    return getattr(pdf, "sop_font", _FONT)


def _lh(pdf: OfficialPDF) -> float:
    """Line height for the current type size (about 1,2 spacing)."""
    return pdf.font_size_pt * 0.43


def _lines(pdf: OfficialPDF, width: float, text: str) -> int:
    if not text:
        return 1
    return len(pdf.multi_cell(width - 2, _lh(pdf), text, dry_run=True, output="LINES"))


def _head_heights(pdf: OfficialPDF) -> tuple[float, float]:
    """The two heading rows: "Pelaksana"/"Mutu Baku", then lane and Mutu Baku
    labels (two lines: "Waktu (menit)" wraps)."""
    lh = _font(pdf) * 0.43
    return lh + 2.5, 2 * lh + 2


def sop_layout(pdf: OfficialPDF, sheet: SopSheet, top: float) -> tuple[list[_RowLayout], _Columns,
                                                                       list[float]]:
    """Rows with their page and position, the columns, and the y where the
    last row of each page ends."""
    lanes = sop_lanes(sheet)
    lane_index = {role: i for i, (role, _) in enumerate(lanes)}
    cols = _columns(pdf, len(lanes))
    kinds = dict(sop_shapes(sheet))
    rows: list[_RowLayout] = []
    head1, head2 = _head_heights(pdf)
    page, y = 0, top + head1 + head2
    page_ends: list[float] = []
    bottom_limit = pdf.page_break_trigger - 8   # room for the total row
    with pdf.font(_font(pdf)):
        for step in sorted(sheet.steps, key=lambda s: s.no):
            kind = kinds[step.no]
            n = max(_lines(pdf, cols.w[1], step.kegiatan),
                    _lines(pdf, cols.w[-1], _keterangan(step, kind)),
                    _lines(pdf, cols.w[-4], step.kelengkapan))
            h = max(_MIN_ROW, n * _lh(pdf) + 2)
            room = 0.0          # space above the shape for an arriving connector
            if y + h > bottom_limit:
                page_ends.append(y)
                page, y = page + 1, top + head1 + head2
                if rows:
                    room = _CONNECTOR_ROOM
                    h = max(h, room + _MIN_ROW - 2)
            lane = lane_index[step.actor_role]
            lx, lw = cols.lane_x(lane), cols.w[2 + lane]
            sw = min(lw - 2 * _SHAPE_GAP, 13.0)
            avail = h - room
            sh = min(avail - 4, _SHAPE_H) if kind != DECISION else \
                min(avail - 2.5, _SHAPE_H + 2.5)
            shape = _Box(page, lx + (lw - sw) / 2, y + room + (avail - sh) / 2, sw, sh)
            rows.append(_RowLayout(step, kind, page, y, h, lane, shape, lw))
            y += h
    page_ends.append(y)
    return rows, cols, page_ends


# ----------------------------------------------------------------- drawing
def _cell(pdf: OfficialPDF, x: float, y: float, w: float, h: float, text: str, *,
          align: str = "L", style: str = "", fill: bool = False, valign_middle: bool = False,
          size: float | None = None) -> None:
    if fill:
        with pdf.local_context(fill_color=HEADER_FILL):
            pdf.rect(x, y, w, h, style="DF")
    else:
        pdf.rect(x, y, w, h)
    if not text:
        return
    with pdf.font(size or _font(pdf), style):
        n = _lines(pdf, w, text)
        ty = y + 1 if not valign_middle else y + max(1.0, (h - n * _lh(pdf)) / 2)
        pdf.set_xy(x + 1, ty)
        pdf.multi_cell(w - 2, _lh(pdf), text, align=align)


def _fitting(pdf: OfficialPDF, text: str, width: float, size: float) -> float:
    """The largest size up to ``size`` at which no word of ``text`` is cut."""
    longest = max((text or "-").split(), key=len)
    while size > 6:
        with pdf.font(size, "B"):
            if pdf.get_string_width(longest) <= width:
                break
        size -= 0.5
    return size


def _header_rows(pdf: OfficialPDF, cols: _Columns, lanes: list[tuple[str, str]],
                 top: float) -> None:
    n = cols.lanes
    _HEAD1, _HEAD2 = _head_heights(pdf)
    small = _font(pdf) - 1
    h = _HEAD1 + _HEAD2
    _cell(pdf, cols.x[0], top, cols.w[0], h, "No", align="C", style="B", fill=True,
          valign_middle=True)
    _cell(pdf, cols.x[1], top, cols.w[1], h, "Kegiatan", align="C", style="B", fill=True,
          valign_middle=True)
    lanes_w = sum(cols.w[2:2 + n])
    _cell(pdf, cols.x[2], top, lanes_w, _HEAD1, "Pelaksana", align="C", style="B", fill=True,
          valign_middle=True)
    for i, (_, label) in enumerate(lanes):
        # "Kasi/Kasubbag" in a narrow lane: break after the slash, not mid-word.
        size = small
        if _fitting(pdf, label, cols.w[2 + i] - 4, small) < small:
            label = label.replace("/", "/\n")
            size = _fitting(pdf, label, cols.w[2 + i] - 4, small)
        _cell(pdf, cols.x[2 + i], top + _HEAD1, cols.w[2 + i], _HEAD2, label, align="C",
              style="B", fill=True, valign_middle=True, size=size)
    mx = cols.x[2 + n]
    mutu_w = sum(cols.w[2 + n:5 + n])
    _cell(pdf, mx, top, mutu_w, _HEAD1, "Mutu Baku", align="C", style="B", fill=True,
          valign_middle=True)
    for j, label in enumerate(("Kelengkapan", "Waktu (menit)", "Output")):
        _cell(pdf, cols.x[2 + n + j], top + _HEAD1, cols.w[2 + n + j], _HEAD2, label,
              align="C", style="B", fill=True, valign_middle=True, size=small)
    _cell(pdf, cols.x[-1], top, cols.w[-1], h, "Keterangan", align="C", style="B", fill=True,
          valign_middle=True)


def _row_cells(pdf: OfficialPDF, cols: _Columns, row: _RowLayout) -> None:
    s, n = row.step, cols.lanes
    _cell(pdf, cols.x[0], row.y, cols.w[0], row.h, str(s.no), align="C")
    _cell(pdf, cols.x[1], row.y, cols.w[1], row.h, s.kegiatan)
    for i in range(n):
        pdf.rect(cols.x[2 + i], row.y, cols.w[2 + i], row.h)
    _cell(pdf, cols.x[2 + n], row.y, cols.w[2 + n], row.h, s.kelengkapan, align="C")
    _cell(pdf, cols.x[3 + n], row.y, cols.w[3 + n], row.h, format_number(s.minutes), align="C")
    _cell(pdf, cols.x[4 + n], row.y, cols.w[4 + n], row.h, s.output, align="C")
    _cell(pdf, cols.x[-1], row.y, cols.w[-1], row.h, _keterangan(s, row.kind))


def _shape(pdf: OfficialPDF, row: _RowLayout) -> None:
    b = row.shape
    with pdf.local_context(line_width=0.3, fill_color=(255, 255, 255)):
        if row.kind == TERMINATOR:
            pdf.rect(b.x, b.y, b.w, b.h, style="DF", round_corners=True,
                     corner_radius=min(b.h / 2, 3.5))
        elif row.kind == DECISION:
            pts = [(b.cx, b.y), (b.x + b.w, b.cy), (b.cx, b.bottom), (b.x, b.cy)]
            pdf.polygon(pts, style="DF")
        else:
            pdf.rect(b.x, b.y, b.w, b.h, style="DF")
    with pdf.font(6.5, "B"):
        pdf.set_xy(b.x, b.cy - 1.5)
        pdf.cell(b.w, 3, str(row.step.no), align="C")


def _arrowhead(pdf: OfficialPDF, x: float, y: float, direction: str) -> None:
    s = 1.0
    pts = {
        "down": [(x, y), (x - s, y - 2 * s), (x + s, y - 2 * s)],
        "up": [(x, y), (x - s, y + 2 * s), (x + s, y + 2 * s)],
        "right": [(x, y), (x - 2 * s, y - s), (x - 2 * s, y + s)],
        "left": [(x, y), (x + 2 * s, y - s), (x + 2 * s, y + s)],
    }[direction]
    with pdf.local_context(fill_color=(0, 0, 0)):
        pdf.polygon(pts, style="F")


def _polyline(pdf: OfficialPDF, pts: list[tuple[float, float]]) -> None:
    with pdf.local_context(line_width=0.25):
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            pdf.line(x1, y1, x2, y2)


def _connector(pdf: OfficialPDF, x: float, y: float, label: str) -> None:
    """Off-page connector: a small circle with the step number."""
    r = 2.6
    with pdf.local_context(line_width=0.25, fill_color=(255, 255, 255)):
        pdf.circle(x, y, r, style="DF")
    with pdf.font(6, "B"):
        pdf.set_xy(x - r, y - 1.5)
        pdf.cell(2 * r, 3, label, align="C")


def _label(pdf: OfficialPDF, x: float, y: float, text: str) -> None:
    with pdf.font(6, "I"):
        pdf.set_xy(x, y)
        pdf.cell(pdf.get_string_width(text) + 0.5, 2.6, text)


def _flow_arrow(pdf: OfficialPDF, a: _RowLayout, b: _RowLayout, page: int,
                page_ends: list[float], table_top: float) -> None:
    """Arrow from step a's shape to the next step b's shape."""
    sa, sb = a.shape, b.shape
    yes = a.kind == DECISION
    if a.page == b.page == page:
        if abs(sa.cx - sb.cx) < 0.01:
            _polyline(pdf, [(sa.cx, sa.bottom), (sb.cx, sb.y)])
            if yes:
                _label(pdf, sa.cx + 0.8, sa.bottom + 0.2, "ya")
        elif yes:
            # A decision's side vertex carries "tidak": leave from the bottom
            # and turn between the diamond and the next shape, never along the
            # row's rule (where the line would vanish into the table).
            gap_y = _turn_y(a, b)
            _polyline(pdf, [(sa.cx, sa.bottom), (sa.cx, gap_y), (sb.cx, gap_y), (sb.cx, sb.y)])
            _label(pdf, sa.cx + 0.8, sa.bottom + 0.2, "ya")
        else:
            # Leave from the side facing the next lane, then down into it.
            x0 = sa.x + sa.w if sb.cx > sa.cx else sa.x
            _polyline(pdf, [(x0, sa.cy), (sb.cx, sa.cy), (sb.cx, sb.y)])
        _arrowhead(pdf, sb.cx, sb.y, "down")
    elif a.page == page:             # leaves this page
        end = page_ends[page] + 4
        _polyline(pdf, [(sa.cx, sa.bottom), (sa.cx, end - 2.6)])
        _connector(pdf, sa.cx, end, str(b.step.no))
        if yes:
            _label(pdf, sa.cx + 0.8, sa.bottom + 0.2, "ya")
    elif b.page == page:             # arrives on this page
        start = b.y + 3.2
        _connector(pdf, sb.cx, start, str(b.step.no))
        _polyline(pdf, [(sb.cx, start + 2.6), (sb.cx, sb.y)])
        _arrowhead(pdf, sb.cx, sb.y, "down")


def _turn_y(a: _RowLayout, b: _RowLayout) -> float:
    """Where a bottom-leaving arrow turns towards the next lane: in the free
    band above the next shape, or below the decision, at least 1,2 mm off the
    rule between the rows."""
    rule = a.y + a.h
    below = b.shape.y - rule          # free band in the next row, above its shape
    above = rule - a.shape.bottom     # free band in this row, under the diamond
    if below >= above:
        return rule + below / 2 if below >= 2.4 else rule + max(1.2, below - 1.0)
    return rule - above / 2 if above >= 2.4 else rule - max(1.2, above - 1.0)


def _out_side(row: _RowLayout, nxt: _RowLayout | None) -> str | None:
    """Side of a shape its flow arrow leaves by (None: bottom)."""
    if nxt is None or row.kind == DECISION or abs(nxt.shape.cx - row.shape.cx) < 0.01:
        return None
    return "R" if nxt.shape.cx > row.shape.cx else "L"


def _return_arrow(pdf: OfficialPDF, d: _RowLayout, t: _RowLayout, t_next: _RowLayout | None,
                  page: int) -> None:
    """Dashed arrow from a decision back to its return_to step, labelled
    ``tidak``; it enters the target on a side its own flow does not use."""
    sd, st = d.shape, t.shape
    if d.page != page:
        return
    if t.page != page:
        # Target on an earlier page: leave through a connector beside the diamond.
        x_end = sd.x + sd.w + 6
        _polyline(pdf, [(sd.x + sd.w, sd.cy), (x_end - 2.6, sd.cy)])
        _connector(pdf, x_end, sd.cy, str(t.step.no))
        _label(pdf, sd.x + sd.w + 0.5, sd.cy - 3, "tidak")
        return
    same_lane = abs(st.cx - sd.cx) < 0.01
    facing = "R" if same_lane or sd.cx > st.cx else "L"
    side = facing if _out_side(t, t_next) != facing else ("L" if facing == "R" else "R")
    # Halfway between the shape and the lane's rule, never on the rule.
    off = max(1.2, (t.lane_w - st.w) / 4) if t.lane_w else 1.75
    x_side = st.x + st.w + off if side == "R" else st.x - off
    if same_lane:
        start_x = sd.x + sd.w if side == "R" else sd.x
    else:
        start_x = sd.x + sd.w if x_side > sd.cx else sd.x
    end_x = st.x + st.w if side == "R" else st.x
    path = [(start_x, sd.cy), (x_side, sd.cy), (x_side, st.cy), (end_x, st.cy)]
    with pdf.local_context(dash_pattern=dict(dash=1.2, gap=0.8)):
        _polyline(pdf, path)
    _arrowhead(pdf, end_x, st.cy, "left" if side == "R" else "right")
    with pdf.font(6, "I"):
        label_w = pdf.get_string_width("tidak") + 0.5
    _label(pdf, start_x + 0.5 if x_side > start_x else start_x - label_w - 0.5, sd.cy - 3,
           "tidak")


def _total_row(pdf: OfficialPDF, cols: _Columns, y: float, total: int) -> None:
    n = cols.lanes
    label_w = sum(cols.w[:3 + n])
    _cell(pdf, cols.x[0], y, label_w, 6, "Jumlah waktu", align="R", style="B", fill=True,
          valign_middle=True)
    _cell(pdf, cols.x[3 + n], y, cols.w[3 + n], 6, format_number(total), align="C", style="B",
          fill=True, valign_middle=True)
    hours, minutes = divmod(total, 60)
    words = f"{hours} jam {minutes} menit" if hours else f"{minutes} menit"
    rest_x = cols.x[4 + n]
    _cell(pdf, rest_x, y, cols.x[-1] + cols.w[-1] - rest_x, 6, f"= {words}", style="B",
          fill=True, valign_middle=True)


def _approval(pdf: OfficialPDF, x: float, y: float, w: float, h: float,
              approver: Signer) -> None:
    """The "Disahkan oleh" cell as the Camat signs it: jabatan, room for the
    signature and stamp, name (as stored), NIP."""
    pdf.rect(x, y, w, h)
    lh = _IDENTITY_PT * 0.45
    with pdf.font(_IDENTITY_PT):
        pdf.set_xy(x + 1, y + 1.5)
        pdf.multi_cell(w - 2, lh, jabatan_line(approver) + ",", align="C",
                       new_x="LEFT", new_y="NEXT")
        pdf.set_xy(x + 1, y + h - 1.5 - 2 * lh)
        with pdf.font(None, "BU"):
            pdf.multi_cell(w - 2, lh, (approver.name or "").strip() or PLACEHOLDER_NAME,
                           align="C", new_x="LEFT", new_y="NEXT")
        nip = (approver.nip or "").strip()
        pdf.set_x(x + 1)
        pdf.multi_cell(w - 2, lh, f"NIP. {nip}" if nip else PLACEHOLDER_NIP, align="C")


def _identity(pdf: OfficialPDF, profile: Profile, header: dict,
              approver: Signer | None = None) -> None:
    """The SOP's identity block: institution on the left, the SOP's data on
    the right (Disahkan oleh with room to sign and stamp), then the paired
    sections (Dasar hukum | Kualifikasi ...)."""
    width = pdf.content_width
    left_w = width * 0.40
    label_w = width * 0.17
    value_w = width - left_w - label_w
    x0, y0 = pdf.l_margin, pdf.get_y()
    size = _IDENTITY_PT
    y = y0
    with pdf.font(size):
        for key, label in HEADER_LABELS:
            value = _text(header.get(key, "")).strip()
            n = _lines(pdf, value_w, value) if value else 1
            h = max(6.5, n * _lh(pdf) + 2.5)
            if key == "disahkan_oleh" and approver is not None:
                h = 3 * _lh(pdf) + 3 + 17          # jabatan, room to sign and stamp, name, NIP
            _cell(pdf, x0 + left_w, y, label_w, h, label.upper(), style="B",
                  valign_middle=True, size=size - 1)
            if key == "disahkan_oleh" and approver is not None:
                _approval(pdf, x0 + left_w + label_w, y, value_w, h, approver)
            else:
                _cell(pdf, x0 + left_w + label_w, y, value_w, h, value or "-",
                      style="B" if key == "nama_sop" else "", valign_middle=True, size=size)
            y += h
    total_h = y - y0
    pdf.rect(x0, y0, left_w, total_h)
    logo = 24.0
    inner_top = y0 + max(2.0, (total_h - logo - 26) / 2)
    pdf._draw_logo(x0 + (left_w - logo) / 2, inner_top, logo)
    with pdf.font(12, "B"):
        pdf.set_xy(x0 + 2, inner_top + logo + 2)
        lines = [(profile.pemerintah or "").upper(), (profile.kecamatan or "").upper()]
        pdf.multi_cell(left_w - 4, 5.5, "\n".join(t for t in lines if t) or "-", align="C")
    pdf.set_y(y)
    half = width / 2
    for (lkey, ltitle), (rkey, rtitle) in HEADER_PAIRS:
        ltxt = _listed(header.get(lkey, ""), letters=(lkey == "dasar_hukum"))
        rtxt = _listed(header.get(rkey, ""))
        with pdf.font(size):
            h = max(_lines(pdf, half, ltxt), _lines(pdf, half, rtxt)) * _lh(pdf) + 3
        if pdf.get_y() + 7 + min(h, 20) > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        _cell(pdf, x0, y, half, 7, ltitle.upper() + ":", style="B", fill=True,
              valign_middle=True, size=size - 1)
        _cell(pdf, x0 + half, y, half, 7, rtitle.upper() + ":", style="B", fill=True,
              valign_middle=True, size=size - 1)
        y += 7
        _cell(pdf, x0, y, half, h, ltxt, size=size)
        _cell(pdf, x0 + half, y, half, h, rtxt, size=size)
        pdf.set_y(y + h)


def render_sop(profile: Profile, sheet: SopSheet, creation_date: dt.datetime | None = None,
               *, draft: bool = False) -> bytes:
    """The SOP sheet, landscape: page 1 the identity block; then the
    procedure table (No, Kegiatan, one swimlane per lane, Mutu Baku, Keterangan)
    with the flowchart and the total minutes."""
    header = sheet.header or {}
    name = _text(header.get("nama_sop", "")).strip()
    pdf = OfficialPDF(profile, orientation="L", draft=draft,
                      doc_title=f"SOP {name}".strip(), creation_date=creation_date)
    pdf.add_page()
    with pdf.font(13, "B"):
        pdf.cell(0, 7, "STANDAR OPERASIONAL PROSEDUR", align="C", new_x="LMARGIN",
                 new_y="NEXT")
    pdf.ln(2)
    _identity(pdf, profile, header, sheet.approver)

    steps = sorted(sheet.steps, key=lambda s: s.no)
    if not steps:
        return render_bytes(pdf)
    lanes = sop_lanes(sheet)
    pdf.add_page()
    with pdf.font(11, "B"):
        pdf.cell(0, 6, f"PROSEDUR: {name or '-'}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    table_top = pdf.get_y()
    # 11 pt as in any table, smaller only as far as the flow needs to stay on
    # one landscape page; a longer SOP continues with off-page connectors.
    for size in _FONT_STEPS:
        pdf.sop_font = size
        rows, cols, page_ends = sop_layout(pdf, sheet, table_top)
        if all(r.page == 0 for r in rows):
            break
    by_no = {r.step.no: r for r in rows}
    pages = max(r.page for r in rows) + 1
    for page in range(pages):
        if page > 0:
            pdf.add_page()
        _header_rows(pdf, cols, lanes, table_top)
        for r in rows:
            if r.page == page:
                _row_cells(pdf, cols, r)
        for a, b in zip(rows, rows[1:]):
            _flow_arrow(pdf, a, b, page, page_ends, table_top)
        next_of = {a.step.no: b for a, b in zip(rows, rows[1:])}
        for r in rows:
            if r.kind == DECISION and r.step.return_to in by_no:
                target = by_no[r.step.return_to]
                _return_arrow(pdf, r, target, next_of.get(target.step.no), page)
        for r in rows:
            if r.page == page:
                _shape(pdf, r)
    _total_row(pdf, cols, page_ends[-1], sum(s.minutes for s in steps))
    pdf.set_y(page_ends[-1] + 6)
    return render_bytes(pdf)
