"""The SOP sheet: header block, procedure table, and the flowchart shapes."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pypdf
import pytest

from db.defaults import SOP_HEADER, SOP_STEPS
from lib.documents.model import Profile, SopSheet, SopStep
from lib.documents.sop_sheet import (DECISION, PROCESS, TERMINATOR, render_sop, sop_lanes,
                                     sop_shapes)

PROFILE = Profile(pemerintah="Pemerintah Kabupaten Lima Puluh Kota",
                  kecamatan="Kecamatan Guguak", ibukota="Guguak")
LANES = [("camat", "Camat"), ("sekcam", "Sekcam"), ("kasi_kasubbag", "Kasi/Kasubbag"),
         ("jf", "JF")]


def default_sheet(**header) -> SopSheet:
    steps = [SopStep(no=n, kegiatan=k, actor_role=role, kelengkapan=kel, minutes=m, output=o,
                     return_to=rt, actor_label="Kasubbag PEP" if unit == "pep" else "")
             for (n, k, role, unit, kel, m, o, rt, _per_unit) in SOP_STEPS]
    return SopSheet(header={**SOP_HEADER, **header}, steps=steps, lanes=LANES)


def pages(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", p.extract_text() or "") for p in reader.pages]


def test_default_sop_has_13_shapes_two_decisions_and_terminators_at_the_ends():
    shapes = sop_shapes(default_sheet())
    assert [no for no, _ in shapes] == list(range(1, 14))
    kinds = dict(shapes)
    assert [no for no, k in shapes if k == DECISION] == [5, 7]
    assert kinds[1] == kinds[13] == TERMINATOR
    assert sum(1 for _, k in shapes if k == PROCESS) == 9


def test_explicit_decision_flag_wins():
    sheet = default_sheet()
    steps = [dataclasses.replace(s, decision=True) if s.no == 10 else s for s in sheet.steps]
    shapes = dict(sop_shapes(dataclasses.replace(sheet, steps=steps)))
    assert shapes[10] == DECISION


def test_sop_sheet_text_header_block_and_procedure():
    ps = pages(render_sop(PROFILE, default_sheet()))
    # a narrow lane breaks "Kasi/Kasubbag" after the slash
    t = " ".join(ps).replace("Kasi/ Kasubbag", "Kasi/Kasubbag")
    for expected in ("STANDAR OPERASIONAL PROSEDUR", "NOMOR SOP", "900/ /CGG/I/2023",
                     "TGL. PEMBUATAN", "TGL. REVISI", "TGL. EFEKTIF", "DISAHKAN OLEH",
                     "NAMA SOP", "PERENCANAAN KINERJA", "DASAR HUKUM", "KUALIFIKASI PELAKSANA",
                     "KETERKAITAN", "PERALATAN DAN PERLENGKAPAN", "PERINGATAN",
                     "PENCATATAN DAN PENDATAAN", "Nomor 29 Tahun 2014",
                     "Apabila kegiatan belum berjalan", "PEMERINTAH KABUPATEN LIMA PULUH KOTA",
                     "Kegiatan", "Pelaksana", "Mutu Baku", "Kelengkapan", "Waktu (menit)",
                     "Output", "Keterangan", "Camat", "Sekcam", "Kasi/Kasubbag", "JF",
                     "Memerintahkan penyusunan LAKIP", "Pengiriman dokumen LAKIP",
                     "Nota dinas", "Jumlah waktu", "825", "13 jam 45 menit",
                     "kembali ke no. 3", "kembali ke no. 6", "Kasubbag PEP", "tidak", "ya"):
        assert expected in t, expected
    assert f"Halaman 1 dari {len(ps)}" in ps[0]


def test_default_procedure_fits_one_page_on_a4_and_f4():
    for paper in ("A4", "F4"):
        ps = pages(render_sop(dataclasses.replace(PROFILE, paper=paper), default_sheet()))
        assert len(ps) == 2, paper
        assert "Memerintahkan penyusunan LAKIP" in ps[1] and "Jumlah waktu" in ps[1]


def test_long_sop_breaks_pages_with_headers_and_connectors():
    sheet = default_sheet()
    long_steps = [dataclasses.replace(s, kegiatan=s.kegiatan + " " + "dengan uraian panjang " * 12)
                  for s in sheet.steps]
    ps = pages(render_sop(PROFILE, dataclasses.replace(sheet, steps=long_steps)))
    assert len(ps) >= 3
    for p in ps[1:]:
        assert "Pelaksana" in p and "Mutu Baku" in p
    assert "Jumlah waktu" in ps[-1] and "825" in ps[-1]


def test_actor_outside_the_lanes_gets_its_own_lane():
    sheet = default_sheet()
    steps = list(sheet.steps) + [SopStep(no=14, kegiatan="Arsip", actor_role="arsiparis",
                                         kelengkapan="Dokumen", minutes=5, output="Arsip",
                                         actor_label="Arsiparis")]
    sheet = dataclasses.replace(sheet, steps=steps)
    assert sop_lanes(sheet)[-1] == ("arsiparis", "Arsiparis")
    t = " ".join(pages(render_sop(PROFILE, sheet)))
    assert "Arsiparis" in t and "830" in t


def test_empty_header_values_and_fixed_date_are_deterministic():
    sheet = default_sheet(tgl_revisi="", keterkaitan=[], peringatan="")
    when = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)
    a = render_sop(PROFILE, sheet, creation_date=when)
    assert a == render_sop(PROFILE, sheet, creation_date=when)
    assert "DRAFT" not in " ".join(pages(a))
    assert all("DRAFT" in p for p in pages(render_sop(PROFILE, sheet, draft=True)))


def _segments_and_rules(pdf: bytes, page: int):
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[page].get_contents().get_data().decode(
        "latin-1")
    num = r"(-?[\d.]+)"
    segments = [tuple(map(float, m)) for m in re.findall(
        rf"{num} {num} m {num} {num} l S", content)]
    rects = [tuple(map(float, m)) for m in re.findall(rf"{num} {num} {num} {num} re S", content)]
    rows = {round(y, 1) for x, y, w, h in rects} | {round(y + h, 1) for x, y, w, h in rects}
    cols = {round(x, 1) for x, y, w, h in rects} | {round(x + w, 1) for x, y, w, h in rects}
    return segments, rows, cols


@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_every_connector_stays_off_the_table_rules(paper):
    """A connector drawn along a row or column rule vanishes into the table:
    no horizontal segment lies on a row's rule, no vertical one on a column's
    (0,5 mm apart at least; PDF points, 1 mm = 2,83 pt)."""
    pdf = render_sop(dataclasses.replace(PROFILE, paper=paper), default_sheet())
    segments, rows, cols = _segments_and_rules(pdf, 1)
    assert len(segments) > 20
    for x1, y1, x2, y2 in segments:
        if abs(y1 - y2) < 0.01:
            assert all(abs(y1 - r) > 1.4 for r in rows), (x1, y1, x2, y2)
        elif abs(x1 - x2) < 0.01:
            assert all(abs(x1 - c) > 1.4 for c in cols), (x1, y1, x2, y2)
