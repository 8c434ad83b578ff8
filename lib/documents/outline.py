"""A paper as a list of blocks: the one source both outputs are checked against.

Each ``*_outline`` function takes the same plain data (``lib.documents.model``,
``lib.documents.pk.PkDocument``) its fpdf2 renderer takes and returns an
``Outline``: headings, paragraphs, label rows, tables, signature blocks and page
breaks, with the very strings the PDF prints. ``lib.documents.docx_render``
turns an outline into a Word document; the drift test requires every heading
and table cell of an outline to appear, in order, in the .docx and in the
PDF's text, so the two outputs cannot say different things.

No database, no fpdf2 drawing: text only.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence, Union

from lib.documents.base import (PLACEHOLDER_NAME, PLACEHOLDER_NIP, PLACEHOLDER_NUMBER,
                                format_date, format_number, format_percent, jabatan_line)
from lib.documents.model import (Delivery, Letter, Meeting, Profile, Row, SasaranSummary,
                                 Signer, SopSheet)


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Heading:
    """``level`` 0 is the paper's title (style Title, shown as "Judul" in an
    Indonesian Word); 1-3 are Heading 1-3. ``toc``: listed in the Daftar Isi."""
    text: str
    level: int = 0
    toc: bool = True
    underline: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    align: str = "J"              # J, L, C, R
    bold: bool = False
    italic: bool = False
    first_line: bool = False      # indent the first line (letters' body)
    indent_mm: float = 0.0        # left indent; negative: a block that wide at the right
    size: float | None = None     # points; None = the paper's body size


@dataclass(frozen=True)
class Fields:
    """``Nomor   : 000/...`` lines with aligned colons (a borderless table)."""
    pairs: tuple[tuple[str, str], ...]
    label_mm: float = 28.0
    indent_mm: float = 0.0
    bold_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Numbered:
    items: tuple[str, ...]
    marker: str = "{n}."
    indent_mm: float = 0.0


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "L"
    bold: bool = False
    # False: decoration the PDF draws elsewhere (a flowchart lane's shape, the
    # institution box beside the SOP's identity); not part of the drift check.
    check: bool = True


CellLike = Union[Cell, str]


@dataclass(frozen=True)
class Table:
    """Rows as fpdf2 takes them: each row lists the cells it starts (a cell
    spanning rows is given once, in its first row)."""
    header: tuple[tuple[CellLike, ...], ...]
    rows: tuple[tuple[CellLike, ...], ...]
    widths: tuple[float, ...]      # relative weights of the columns
    font_pt: float = 11.0
    repeat_header: bool = True
    shaded_rows: tuple[int, ...] = ()   # body rows in the header's grey (SOP section titles)
    bold_rows: tuple[int, ...] = ()     # body rows printed bold on light grey (averages, totals)
    pad_mm: float = 1.0                 # cell padding above and below the text


@dataclass(frozen=True)
class SigBlock:
    """A signature block: lines above, room for the signature and stamp, the
    name (``name_kind``: ``name`` bold underlined, ``placeholder`` red
    italic, ``dots`` to fill in by hand), lines below."""
    above: tuple[str, ...]
    name: str
    name_kind: str = "name"
    below: tuple[str, ...] = ()
    heading: str = ""              # left-aligned line above everything ("Diterima tanggal")
    below_align: str = "C"


@dataclass(frozen=True)
class Signatures:
    left: SigBlock | None = None
    right: SigBlock | None = None
    top_right: str = ""            # place and date over the right block only


@dataclass(frozen=True)
class PageBreak:
    orientation: str | None = None   # "P"/"L": the next page in this orientation


@dataclass(frozen=True)
class Spacer:
    mm: float = 4.0


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the text width (under the nota dinas block)."""


@dataclass(frozen=True)
class Toc:
    """The Daftar Isi: a TOC field already filled with (title, level, page)."""
    entries: tuple[tuple[str, int, int], ...] = ()
    title: str = "DAFTAR ISI"
    field: bool = True             # False: a plain list (Daftar Tabel / Grafik)
    empty: str = ""                # printed when there are no entries


@dataclass(frozen=True)
class Image:
    data: bytes
    width_mm: float
    caption: str = ""


Block = Union[Heading, Paragraph, Fields, Numbered, Table, Signatures, PageBreak, Spacer, Rule,
              Toc, Image]


@dataclass(frozen=True)
class Outline:
    profile: Profile
    title: str                          # the document's title (file properties)
    blocks: tuple[Block, ...]
    orientation: str = "P"
    kop: bool = True                    # the letterhead in the first page's header
    draft: bool = False
    verify_code: str | None = None
    # For a frozen final's .docx: the note that it is a working copy, not the
    # verified document (footer and properties).
    working_copy: str = ""
    body_pt: float = 12.0
    subject: str = ""


# ---------------------------------------------------------------- what is checked
def cell_text(cell: CellLike) -> str:
    return cell.text if isinstance(cell, Cell) else str(cell)


def _checked(cell: CellLike) -> bool:
    return not isinstance(cell, Cell) or cell.check


def checked_texts(outline: Outline) -> tuple[list[str], list[str]]:
    """``(in_order, anywhere)``: the headings, label rows and table body cells
    in reading order, and the table header cells (repeated on every page in
    both outputs, so only their presence is meaningful). Empty texts are left
    out."""
    ordered: list[str] = []
    anywhere: list[str] = []
    for block in outline.blocks:
        if isinstance(block, Heading):
            ordered.append(block.text)
        elif isinstance(block, Fields):
            for label, value in block.pairs:
                ordered += [label, value]
        elif isinstance(block, Table):
            for row in block.header:
                anywhere += [cell_text(c) for c in row if _checked(c)]
            for row in block.rows:
                ordered += [cell_text(c) for c in row if _checked(c)]
    keep = lambda items: [t for t in items if "".join(t.split())]  # noqa: E731
    return keep(ordered), keep(anywhere)


# ---------------------------------------------------------------- shared pieces
def place_date(profile: Profile, date: dt.date | None) -> str:
    """``Guguak, 23 November 2026`` (as ``OfficialPDF.place_date``)."""
    place = (profile.ibukota or "").strip()
    when = format_date(date) if date else "........................"
    return f"{place}, {when}" if place else when


def signer_block(signer: Signer, *, place_date: str | None = None, label_above: str = "",
                 blank_fill: bool = False) -> SigBlock:
    """The lines of ``OfficialPDF.signature_block``."""
    above = [x for x in (place_date or "", *(label_above.split("\n") if label_above else ()))
             if x]
    above.append(jabatan_line(signer) + ",")
    name = (signer.name or "").strip()
    if name:
        kind = "name"
    elif blank_fill:
        kind, name = "dots", "(" + "." * 45 + ")"
    else:
        kind, name = "placeholder", PLACEHOLDER_NAME
    below = []
    if (signer.pangkat or "").strip():
        below.append(signer.pangkat.strip())
    nip = (signer.nip or "").strip()
    if nip:
        below.append(f"NIP. {nip}")
    elif blank_fill:
        below.append("NIP. " + "." * 40)
    else:
        below.append(PLACEHOLDER_NIP)
    return SigBlock(tuple(above), name, kind, tuple(below))


def receipt_block(*, label: str, name: str = "", fields: Sequence[tuple[str, str]] = (),
                  heading: str = "") -> SigBlock:
    """The lines of ``OfficialPDF.receipt_block``."""
    dots = "." * 34
    name = (name or "").strip()
    below = []
    for field_label, value in fields:
        value = (value or "").strip() or dots
        below.append(f"{field_label} {value}" if field_label.endswith(".")
                     else f"{field_label} : {value}")
    return SigBlock((label,), name or "(" + "." * 40 + ")", "name" if name else "dots",
                    tuple(below), heading=heading, below_align="L")


def _title(text: str, subtitle: str = "", *, underline: bool = True) -> list[Block]:
    """``OfficialPDF.title_block``: the title (underlined) and a second line."""
    out: list[Block] = [Heading(text, 0, toc=False, underline=underline)]
    if subtitle:
        out.append(Paragraph(subtitle, align="C"))
    return out


# ---------------------------------------------------------------- letters
def _number(letter: Letter) -> str:
    return (letter.number or "").strip() or PLACEHOLDER_NUMBER


def nota_dinas_outline(profile: Profile, letter: Letter, *, draft: bool = False) -> Outline:
    """The blocks of ``letters.render_nota_dinas``."""
    signer = letter.signer or Signer(jabatan=letter.dari or "")
    rows = [("Kepada", f"Yth. {letter.kepada}" if letter.kepada else "-"),
            ("Dari", letter.dari or jabatan_line(signer))]
    tembusan = [t.strip() for t in letter.tembusan or [] if t and t.strip()]
    if len(tembusan) == 1:
        rows.append(("Tembusan", tembusan[0]))
    elif tembusan:
        rows.append(("Tembusan", "\n".join(f"{i}. {t}" for i, t in enumerate(tembusan, 1))))
    rows += [("Tanggal", format_date(letter.date)), ("Nomor", _number(letter)),
             ("Sifat", letter.sifat or "Biasa"), ("Lampiran", letter.lampiran or "-"),
             ("Hal", letter.perihal or "-")]
    blocks: list[Block] = [*_title("NOTA DINAS"), Fields(tuple(rows), 26, bold_labels=("Hal",)),
                           Rule()]
    blocks += [Paragraph(p, first_line=True) for p in letter.body or
               ["(isi nota dinas belum diisi)"]]
    blocks += [Spacer(4), Signatures(right=signer_block(signer))]
    return Outline(profile, f"Nota Dinas {letter.number}".strip(), tuple(blocks), draft=draft)


def surat_pengantar_outline(profile: Profile, letter: Letter, copies: int,
                            attachments: list[str], *, draft: bool = False) -> Outline:
    """The blocks of ``letters.render_surat_pengantar``."""
    from lib.documents.letters import terbilang

    signer = letter.signer or Signer(jabatan=letter.dari or "")
    address = [Paragraph(t, align="L", indent_mm=-80) for t in
               (place_date(profile, letter.date), "", "Kepada", f"Yth. {letter.kepada or '-'}",
                "di -")]
    address.append(Paragraph("Tempat", align="L", indent_mm=-72))
    items = [a for a in (attachments or []) if a and a.strip()] or \
        [letter.perihal or "Dokumen LAKIP"]
    banyak = f"{copies} ({terbilang(copies)}) eksemplar" if copies > 0 else "-"
    keterangan = " ".join(letter.body) if letter.body else \
        "Disampaikan dengan hormat untuk dipergunakan sebagaimana mestinya."
    rows = []
    for i, item in enumerate(items, 1):
        row: list[CellLike] = [Cell(f"{i}.", align="C"), item, Cell(banyak, align="C")]
        if i == 1:
            row.append(Cell(keterangan, rowspan=len(items)))
        rows.append(tuple(row))
    table = Table(((Cell("No.", align="C"), Cell("Naskah Dinas yang Dikirimkan", align="C"),
                    Cell("Banyaknya", align="C"), Cell("Keterangan", align="C")),),
                  tuple(rows), (12, 74, 38, 41))
    receipt = receipt_block(label="Penerima,", heading="Diterima tanggal : ................",
                            fields=[("Jabatan", ""), ("NIP.", ""), ("Telp.", "")])
    blocks: list[Block] = [*address, Spacer(6),
                           *_title("SURAT PENGANTAR", f"Nomor : {_number(letter)}"), table,
                           Spacer(8), Signatures(left=receipt, right=signer_block(signer))]
    tembusan = [t.strip() for t in letter.tembusan or [] if t and t.strip()]
    if tembusan:
        blocks += [Spacer(6), Paragraph("Tembusan:", align="L"), Numbered(tuple(tembusan))]
    return Outline(profile, f"Surat Pengantar {letter.number}".strip(), tuple(blocks),
                   draft=draft)


def tanda_terima_outline(profile: Profile, delivery: Delivery) -> Outline:
    """The blocks of ``delivery.render_tanda_terima``."""
    from lib.documents.letters import terbilang

    title_word = profile.report_title or "LAKIP"
    copies = delivery.copies
    banyak = f"{copies} ({terbilang(copies)}) eksemplar" if copies > 0 else "-"
    sender_name = profile.kecamatan or "-"
    if profile.pemerintah and profile.kecamatan:
        sender_name = f"{profile.kecamatan} {profile.pemerintah.replace('Pemerintah ', '')}"
    fields = Fields((
        ("Dari", sender_name),
        ("Berupa", f"Dokumen {title_word} Tahun {delivery.year}"),
        ("Banyaknya", banyak),
        ("Surat Pengantar",
         f"Nomor {(delivery.letter_number or '').strip() or PLACEHOLDER_NUMBER}"),
        ("Kepada", delivery.recipient or "-"),
        ("Tanggal", format_date(delivery.sent_on)),
        ("Cara Pengiriman", delivery.method or "-"),
    ), label_mm=40, indent_mm=4)
    sender = delivery.sender or Signer(jabatan="Yang menyerahkan")
    receiver = receipt_block(label="Yang Menerima,", name=delivery.received_by,
                             fields=[("Jabatan", delivery.receiver_jabatan), ("NIP.", "")])
    blocks = [*_title("TANDA TERIMA"),
              Paragraph("Yang bertanda tangan di bawah ini menyatakan telah menerima:"),
              fields, Spacer(8),
              Signatures(left=receiver,
                         right=signer_block(sender, label_above="Yang Menyerahkan,"),
                         top_right=place_date(profile, delivery.sent_on))]
    return Outline(profile, f"Tanda Terima {title_word} {delivery.year}", tuple(blocks))


# ---------------------------------------------------------------- meeting
def notulen_outline(profile: Profile, meeting: Meeting, *,
                    report_title: str | None = None) -> Outline:
    """The blocks of ``meeting.render_notulen``: the notulen, then the daftar
    hadir on a new page."""
    from lib.documents.meeting import EXTRA_ATTENDANCE_LINES, _person, hari_tanggal

    title_word = report_title or profile.report_title or "LAKIP"
    subject = f"RAPAT FINALISASI {title_word.upper()} TAHUN {meeting.year}"
    notulis = meeting.notulis
    blocks: list[Block] = [*_title("NOTULEN", subject), Fields((
        ("Hari/Tanggal", hari_tanggal(meeting.date)),
        ("Waktu", meeting.time or "-"),
        ("Tempat", meeting.place or "-"),
        ("Pimpinan Rapat", meeting.chair or "-"),
        ("Notulis", _person(notulis) if notulis else "-"),
        ("Peserta", f"{len(meeting.attendees)} orang (daftar hadir terlampir)"),
    ), label_mm=36), Spacer(2)]
    for title, items in (("Agenda", meeting.agenda), ("Pembahasan", meeting.pembahasan),
                         ("Keputusan", meeting.decisions)):
        blocks += [Heading(f"{title}:", 2, toc=False), Numbered(tuple(items or ["-"]), indent_mm=4)]
    left = right = None
    date_line = place_date(profile, meeting.date)
    if notulis is not None:
        own = (notulis.jabatan or "").strip().lower().startswith("notulis")
        right = signer_block(notulis, place_date=date_line,
                             label_above="" if own else "Notulis,")
    if meeting.chair_signer is not None:
        left = signer_block(meeting.chair_signer, label_above="Mengetahui,\nPimpinan Rapat,")
    if left or right:
        blocks += [Spacer(4), Signatures(left=left, right=right)]
    blocks += [PageBreak(), *_title("DAFTAR HADIR", subject), Fields((
        ("Hari/Tanggal", hari_tanggal(meeting.date)),
        ("Waktu", meeting.time or "-"),
        ("Tempat", meeting.place or "-"),
    ), label_mm=32), Spacer(2)]
    people = list(meeting.attendees) + [None] * EXTRA_ATTENDANCE_LINES
    rows = []
    for i, person in enumerate(people, 1):
        mark = f"{i}. " + "." * 12
        left_sig, right_sig = (mark, "") if i % 2 else ("", mark)
        rows.append((Cell(f"{i}.", align="C"), person.name if person else "",
                     (person.jabatan or "-") if person else "",
                     (person.instansi or "-") if person else "",
                     f"\n{left_sig}", f"\n{right_sig}"))
    head = (Cell("No.", align="C"), Cell("Nama", align="C"), Cell("Jabatan", align="C"),
            Cell("Instansi", align="C"), Cell("Tanda Tangan", colspan=2, align="C"))
    blocks.append(Table((head,), tuple(rows), (10, 39, 40, 32, 22, 22)))
    return Outline(profile, f"Notulen {subject.title()}", tuple(blocks))


# ---------------------------------------------------------------- tables
def _group_cells(rows: Sequence[Row], key=lambda r: r.sasaran.strip()):
    """(row, first_of_group, group_size) in order: the sasaran cell spans its group."""
    out = []
    i = 0
    rows = list(rows)
    while i < len(rows):
        j = i
        while j < len(rows) and key(rows[j]) == key(rows[i]):
            j += 1
        for k in range(i, j):
            out.append((rows[k], k == i, j - i))
        i = j
    return out


def format_outline(profile: Profile, *, unit_name: str, year: int, rows: list[Row],
                   blank: bool, signer: Signer | None = None,
                   place_date_: dt.date | None = None, draft: bool = False) -> Outline:
    """The blocks of ``tables.render_format``."""
    from lib.documents.tables import (_FORMAT_WEIGHTS, BLANK_LINES, FORMAT_HEADINGS,
                                      FORMAT_TITLE, STATUS_TEXT)

    kec = (profile.kecamatan or "").upper()
    body = []
    if not rows and blank:
        for i in range(1, BLANK_LINES + 1):
            body.append((Cell(f"{i}.", align="C"), *["\n"] * 8))
    for n, (row, first, size) in enumerate(_group_cells(rows), 1):
        cells: list[CellLike] = [Cell(str(row.no or n), align="C")]
        if first:
            cells.append(Cell(row.sasaran, rowspan=size))
        cells += [row.indikator + (" (IKU)" if row.is_iku else ""), Cell(row.target, align="C")]
        if blank:
            cells.append("")
        else:
            real = row.realisasi
            if not real.strip() and row.status in STATUS_TEXT:
                real = "-"
            cells.append(Cell(real, align="C"))
        cells += [row.program, row.sumber_data, row.yang_membidangi]
        if blank:
            cells.append("")
        else:
            ket = row.ket
            if row.status == "belum_berjalan" and "belum berjalan" not in ket.lower():
                ket = (ket + "; " if ket else "") + "Kegiatan belum berjalan"
            cells.append(ket)
        body.append(tuple(cells))
    header = (tuple(Cell(h, align="C") for h in FORMAT_HEADINGS),
              tuple(Cell(str(i), align="C") for i in range(1, len(FORMAT_HEADINGS) + 1)))
    blocks: list[Block] = [Heading(FORMAT_TITLE, 0, toc=False)]
    if f"{kec} TAHUN {year}".strip():
        blocks.append(Heading(f"{kec} TAHUN {year}".strip(), 0, toc=False))
    blocks += [Fields((("Unit", unit_name or "-"), ("Tahun", str(year))), label_mm=18),
               Table(header, tuple(body), tuple(_FORMAT_WEIGHTS))]
    if signer is not None:
        date_line = place_date(profile, place_date_) if place_date_ else None
        blocks += [Spacer(6), Signatures(right=signer_block(signer, place_date=date_line,
                                                            blank_fill=blank))]
    return Outline(profile, f"Format {unit_name} {year}", tuple(blocks), orientation="L",
                   draft=draft, body_pt=11)


def rekap_outline(profile: Profile, *, year: int, rows: list[Row],
                  summaries: list[SasaranSummary], signer: Signer | None = None,
                  place_date_: dt.date | None = None, draft: bool = False) -> Outline:
    """The blocks of ``tables.render_rekap``."""
    from lib.documents.tables import (_REKAP_WEIGHTS, REKAP_HEADINGS, REKAP_TITLE,
                                      sasaran_groups, status_text)

    by_sasaran = {s.sasaran.strip(): s for s in summaries}
    body = []
    bold = []
    n = 0
    for sasaran, group in sasaran_groups(rows):
        for i, row in enumerate(group):
            n += 1
            cells: list[CellLike] = [Cell(str(n), align="C")]
            if i == 0:
                cells.append(Cell(sasaran, rowspan=len(group)))
            cells += [row.indikator + (" (IKU)" if row.is_iku else ""), row.unit_name,
                      Cell(row.target or "-", align="C"), Cell(row.realisasi or "-", align="C")]
            if row.capaian is not None and row.status == "ok":
                cells += [Cell(format_percent(row.capaian), align="C"),
                          Cell(row.predikat or "-", align="C")]
            else:
                cells += [Cell(f"-\n({status_text(row)})", align="C"), Cell("-", align="C")]
            cells.append(row.ket)
            body.append(tuple(cells))
        summary = by_sasaran.get(sasaran)
        avg: list[CellLike] = [Cell(f"Rata-rata capaian sasaran ({summary.counted if summary else 0} "
                                    "indikator dihitung)", colspan=6, align="R")]
        if summary is not None and summary.average is not None:
            avg += [Cell(format_percent(summary.average), align="C"),
                    Cell(summary.predikat or "-", align="C")]
        else:
            avg += [Cell("-", align="C"), Cell("-", align="C")]
        excluded = list(summary.excluded) if summary else []
        avg.append(("Tidak dihitung: " + "; ".join(excluded)) if excluded else "")
        bold.append(len(body))
        body.append(tuple(avg))
    kec = (profile.kecamatan or "").upper()
    note = (f"Jumlah indikator: {len(rows)}. Baris yang belum diisi, kegiatan belum berjalan "
            "atau tidak dapat dihitung tidak ikut dalam rata-rata dan predikat.")
    blocks: list[Block] = [Heading(REKAP_TITLE, 0, toc=False),
                           Heading(f"{kec} TAHUN {year}".strip(), 0, toc=False),
                           Table((tuple(Cell(h, align="C") for h in REKAP_HEADINGS),),
                                 tuple(body), tuple(_REKAP_WEIGHTS), bold_rows=tuple(bold)),
                           Paragraph(note, align="L", size=11)]
    if signer is not None:
        date_line = place_date(profile, place_date_) if place_date_ else None
        blocks += [Spacer(4), Signatures(right=signer_block(signer, place_date=date_line))]
    return Outline(profile, f"Rekapitulasi {year}", tuple(blocks), orientation="L",
                   draft=draft, body_pt=11)


# ---------------------------------------------------------------- SOP
SHAPE_MARKS = {"terminator": "\u2b2d", "process": "\u25ad", "decision": "\u25c7"}


def sop_outline(profile: Profile, sheet: SopSheet, *, draft: bool = False) -> Outline:
    """The blocks of ``sop_sheet.render_sop``: the identity block, then the
    procedure table, each step's shape marked in its actor's lane."""
    from lib.documents.sop_sheet import (HEADER_LABELS, HEADER_PAIRS, _keterangan, _listed,
                                         _text, sop_lanes, sop_shapes)

    header = sheet.header or {}
    name = _text(header.get("nama_sop", "")).strip()
    institution = "\n".join(t for t in ((profile.pemerintah or "").upper(),
                                        (profile.kecamatan or "").upper()) if t) or "-"
    ident = []
    approver = sheet.approver
    for i, (key, label) in enumerate(HEADER_LABELS):
        value = _text(header.get(key, "")).strip()
        if key == "disahkan_oleh" and approver is not None:
            nip = (approver.nip or "").strip()
            value = "\n".join([jabatan_line(approver) + ",", "", "", "",
                               (approver.name or "").strip() or PLACEHOLDER_NAME,
                               f"NIP. {nip}" if nip else PLACEHOLDER_NIP])
        row: list[CellLike] = []
        if i == 0:
            row.append(Cell(institution, rowspan=len(HEADER_LABELS), align="C", bold=True,
                            check=False))
        row += [Cell(label.upper(), bold=True),
                Cell(value or "-", bold=key == "nama_sop",
                     align="C" if key == "disahkan_oleh" and approver is not None else "L")]
        ident.append(tuple(row))
    pairs, shaded = [], []
    for (lkey, ltitle), (rkey, rtitle) in HEADER_PAIRS:
        shaded.append(len(pairs))
        pairs.append((Cell(ltitle.upper() + ":", bold=True), Cell(rtitle.upper() + ":", bold=True)))
        pairs.append((_listed(header.get(lkey, ""), letters=(lkey == "dasar_hukum")),
                      _listed(header.get(rkey, ""))))
    blocks: list[Block] = [
        Heading("STANDAR OPERASIONAL PROSEDUR", 0, toc=False),
        Table((), tuple(ident), (40, 17, 43), font_pt=10, repeat_header=False, pad_mm=0.5),
        Table((), tuple(pairs), (1, 1), font_pt=10, repeat_header=False,
              shaded_rows=tuple(shaded), pad_mm=0.5),
    ]
    steps = sorted(sheet.steps, key=lambda s: s.no)
    if steps:
        lanes = sop_lanes(sheet)
        kinds = dict(sop_shapes(sheet))
        lane_of = {role: i for i, (role, _) in enumerate(lanes)}
        n = len(lanes)
        head1 = (Cell("No", rowspan=2, align="C"), Cell("Kegiatan", rowspan=2, align="C"),
                 Cell("Pelaksana", colspan=n, align="C"), Cell("Mutu Baku", colspan=3, align="C"),
                 Cell("Keterangan", rowspan=2, align="C"))
        head2 = tuple([Cell(label, align="C") for _, label in lanes]
                      + [Cell(t, align="C") for t in ("Kelengkapan", "Waktu (menit)", "Output")])
        body = []
        for s in steps:
            kind = kinds[s.no]
            lanes_cells = [Cell(f"{SHAPE_MARKS[kind]} {s.no}" if lane_of[s.actor_role] == i
                                else "", align="C", check=False) for i in range(n)]
            body.append((Cell(str(s.no), align="C"), s.kegiatan, *lanes_cells,
                         Cell(s.kelengkapan, align="C"), Cell(format_number(s.minutes), align="C"),
                         Cell(s.output, align="C"), _keterangan(s, kind)))
        total = sum(s.minutes for s in steps)
        hours, minutes = divmod(total, 60)
        words = f"{hours} jam {minutes} menit" if hours else f"{minutes} menit"
        body.append((Cell("Jumlah waktu", colspan=3 + n, align="R", bold=True),
                     Cell(format_number(total), align="C", bold=True),
                     Cell(f"= {words}", colspan=2, bold=True)))
        lane_w = 19.0
        blocks += [PageBreak(), Heading(f"PROSEDUR: {name or '-'}", 1, toc=False),
                   Table((head1, head2), tuple(body),
                         (9, 101, *[lane_w] * n, 24, 17, 21, 32), font_pt=10,
                         bold_rows=(len(body) - 1,), pad_mm=0.3)]
    return Outline(profile, f"SOP {name}".strip(), tuple(blocks), orientation="L", kop=False,
                   draft=draft, body_pt=11)


# ---------------------------------------------------------------- PK
def _pk_party(party, label: str) -> SigBlock:
    name = party.name.strip()
    below = []
    if party.pangkat.strip():
        below.append(party.pangkat.strip())
    if party.with_nip:
        below.append(f"NIP. {party.nip.strip()}" if party.nip.strip() else PLACEHOLDER_NIP)
    return SigBlock((label, (party.jabatan or "").upper() + ","), name or PLACEHOLDER_NAME,
                    "name" if name else "placeholder", tuple(below))


def pk_outline(profile: Profile, doc) -> Outline:
    """The blocks of ``pk.render_pk`` (``doc`` a ``PkDocument``)."""
    from lib.documents.pk import PROMISE, STATEMENT, _revision_line, _title as pk_title
    from lib.spelling import format_rupiah

    sign = Signatures(left=_pk_party(doc.pihak_kedua, "PIHAK KEDUA,"),
                      right=_pk_party(doc.pihak_pertama, "PIHAK PERTAMA,"),
                      top_right=place_date(profile, doc.tanggal))
    blocks: list[Block] = [*_title(pk_title(doc), _revision_line(doc), underline=False)]
    blocks += [Paragraph(p, first_line=True) for p in STATEMENT]
    for party, tail in ((doc.pihak_pertama, "selanjutnya disebut pihak pertama."),
                        (doc.pihak_kedua, "selaku atasan pihak pertama, selanjutnya disebut "
                                          "pihak kedua.")):
        blocks += [Fields((("Nama", party.name or PLACEHOLDER_NAME), ("Jabatan", party.jabatan)),
                          label_mm=22, indent_mm=10), Paragraph(tail, indent_mm=10)]
    blocks += [Paragraph(p, first_line=True) for p in PROMISE]
    if doc.keterangan:
        blocks.append(Paragraph(doc.keterangan, first_line=True))
    blocks += [Spacer(4), sign, PageBreak(),
               *_title(f"LAMPIRAN {pk_title(doc)}", (doc.unit_name or "").upper(),
                       underline=False)]
    if doc.versi > 1:
        blocks.append(Paragraph(_revision_line(doc) + f", tanggal {format_date(doc.tanggal)}.",
                                align="C", italic=True, size=9))
    groups: list[tuple[str, list]] = []
    for t in doc.targets:
        if groups and " ".join(groups[-1][0].split()).lower() == \
                " ".join(t.sasaran.split()).lower():
            groups[-1][1].append(t)
        else:
            groups.append((t.sasaran, [t]))
    rows = []
    for n, (sasaran, items) in enumerate(groups, 1):
        for i, t in enumerate(items):
            cells: list[CellLike] = []
            if i == 0:
                cells += [Cell(str(n), rowspan=len(items), align="C"),
                          Cell(sasaran, rowspan=len(items))]
            cells += [t.indikator, Cell(t.satuan or "-", align="C"), Cell(t.target, align="C")]
            rows.append(tuple(cells))
    if not groups:
        rows.append((Cell("Belum ada indikator.", colspan=5, align="C"),))
    heads = lambda *hs: (tuple(Cell(h, align="C") for h in hs),)  # noqa: E731
    blocks.append(Table(heads("No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"),
                        tuple(rows), (10, 54, 61, 22, 18), font_pt=9))
    prog = [(Cell(str(n), align="C"), f"{p.code} {p.name}".strip(),
             Cell(format_rupiah(p.anggaran), align="R"), p.ket or "")
            for n, p in enumerate(doc.programs, 1)]
    prog.append((Cell("Jumlah", colspan=2, align="C"),
                 Cell(format_rupiah(sum(p.anggaran for p in doc.programs)), align="R"), ""))
    blocks += [Spacer(4), Table(heads("No", "Program", "Anggaran", "Ket"), tuple(prog),
                                (10, 91, 41, 23), font_pt=9, bold_rows=(len(prog) - 1,)),
               Spacer(6), sign]
    return Outline(profile, f"Perjanjian Kinerja {doc.year} versi {doc.versi}", tuple(blocks),
                   body_pt=11)


__all__ = ["Block", "Cell", "Fields", "Heading", "Image", "Numbered", "Outline", "PageBreak",
           "Paragraph", "Rule", "SigBlock", "Signatures", "Spacer", "Table", "Toc",
           "checked_texts", "format_outline", "nota_dinas_outline", "notulen_outline",
           "pk_outline", "place_date", "receipt_block", "rekap_outline", "signer_block",
           "sop_outline", "surat_pengantar_outline", "tanda_terima_outline"]
