"""Bad input, generated: the number parser, the Excel importer (workbooks built by
hypothesis: random cells, types, merges, number formats, and broken bytes) and the
services' form fields. Nothing may raise anything but a PerkinError with a
message; a failed import saves nothing. Then hostile text (very long, emoji, RTL,
HTML/Markdown) is stored as typed, shown as text in the pages and printed as text
in the PDFs."""
from __future__ import annotations

import datetime as dt
import io
import math
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from pypdf import PdfReader

from lib import narratives, paths, register
from lib.format import master, review, store, unit_form, workbook
from lib.services import documents
from lib.errors import PerkinError, ValidationError
from lib.numbers import GRADE_RANK, parse_value
from tests.conftest import login_as
from tests.cyclehelp import YEAR
from lib.services import workflow

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
KINDS = {"empty", "number", "percent", "grade", "yesno", "invalid"}
HOSTILE = ("<script>alert('x')</script> **tebal** [tautan](http://contoh.invalid) "
           "![img](http://contoh.invalid/t.png) | a | b | # Judul `kode` "
           "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \U0001F600\U0001F44D "
           "\u202eterbalik\u202c Z\u0351\u0352")
NUMBERISH = st.text(alphabet="0123456789.,%- RpBAC+\u2212\u00a0orangdokumen", max_size=24)


# ------------------------------------------------------------------ the number parser
@FUZZ
@given(st.one_of(st.text(max_size=60), NUMBERISH, st.none(), st.booleans(), st.integers(),
                 st.floats(allow_nan=True, allow_infinity=True),
                 st.decimals(allow_nan=True), st.dates(), st.binary(max_size=8)))
@pytest.mark.slow
def test_number_parser_never_raises(cell):
    for pct in (False, True):
        p = parse_value(cell, percent_format=pct)
        assert p.kind in KINDS
        if p.kind == "invalid":
            assert p.error and isinstance(p.error, str)
            assert p.value is None
        elif p.kind in ("number", "percent"):
            assert p.value is not None and math.isfinite(p.value)
        elif p.kind == "grade":
            assert p.value in GRADE_RANK.values()
        elif p.kind == "yesno":
            assert p.value in (0.0, 1.0)
        else:
            assert p.value is None


@FUZZ
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_indonesian_numbers_read_back(whole, cents):
    grouped = f"{whole:,}".replace(",", ".")
    p = parse_value(f"{grouped},{cents:02d} orang")
    assert p.kind == "number" and p.satuan == "orang"
    assert p.value == pytest.approx(whole + cents / 100)


# ------------------------------------------------------------------ the Excel importer
HEADER = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
          "Realisasi/ Progres Capaian", "Program/Kegiatan/ Sub Kegiatan", "Sumber Data",
          "Yang membidangi", "Ket"]
XL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
CELL = st.one_of(st.none(), XL_TEXT, NUMBERISH, st.integers(-10**6, 10**9),
                 st.floats(allow_nan=False, allow_infinity=False, width=32), st.booleans(),
                 st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
                 st.sampled_from(["Seksi Pemerintahan", "pem", "Kasi Kesos", "=1/0",
                                  "=SUM(A1:A3)", "#N/A", "90%", "1.250 orang", "BB", "Ada"]))
FORMATS = st.sampled_from(["General", "0%", "0.00", "#,##0", "dd/mm/yyyy", "@", "0.0%"])


@st.composite
def workbooks(draw):
    wb = Workbook()
    ws = wb.active
    ws.title = draw(st.sampled_from(["Format", "pem", "Seksi Pemerintahan", "Lembar1", "x" * 31]))
    top = draw(st.integers(0, 4))
    if draw(st.booleans()):  # a header row, sometimes damaged
        header = list(HEADER)
        if draw(st.booleans()):
            header[draw(st.integers(0, 8))] = draw(XL_TEXT)
        for j, h in enumerate(header):
            ws.cell(row=top + 1, column=j + 1, value=h)
        if draw(st.booleans()):
            for j in range(9):
                ws.cell(row=top + 2, column=j + 1, value=j + 1)
    rows = draw(st.integers(0, 8))
    for i in range(rows):
        for j in range(draw(st.integers(1, 11))):
            value = draw(CELL)
            cell = ws.cell(row=top + 3 + i, column=j + 1, value=value)
            cell.number_format = draw(FORMATS)
    for _ in range(draw(st.integers(0, 3))):
        r1, c1 = draw(st.integers(1, top + 3 + rows)), draw(st.integers(1, 9))
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r1 + draw(st.integers(0, 2)),
                       end_column=c1 + draw(st.integers(0, 2)))
    if draw(st.booleans()):
        wb.create_sheet(draw(st.sampled_from(["Catatan", "Sheet2"])))["A1"] = draw(CELL)
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if draw(st.integers(0, 5)) == 0:  # now and then, broken bytes
        # a bound independent of len(data): openpyxl stamps the save time, so the
        # length can change between replays and Hypothesis would call the strategy flaky
        at = draw(st.integers(0, 2**20)) % len(data)
        data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at + 16:]
    return data


def _snapshot(db):
    return (db.execute("SELECT COUNT(*), COALESCE(SUM(rev), 0) FROM indicators").fetchone(),
            db.execute("SELECT COUNT(*) FROM events").fetchone()[0])


@FUZZ
@given(data=workbooks(), who=st.sampled_from(["sekcam", "pem"]))
def test_excel_import_fuzz(demo_db, people, data, who):
    db = demo_db
    unit = "pem" if who == "pem" else None
    before = _snapshot(db)
    try:
        preview = workbook.preview_import(db, people[who], YEAR, data, unit)
    except PerkinError as err:
        assert str(err).strip()
        assert _snapshot(db) == before
        return
    assert _snapshot(db) == before  # a preview writes nothing
    if not preview.ok or not preview.rows:
        with pytest.raises(ValidationError) as err:
            workbook.apply_import(db, people[who], preview)
        assert str(err.value).strip()
        assert _snapshot(db) == before  # nothing saved from a failed import
    else:
        try:
            workbook.apply_import(db, people[who], preview)
        except PerkinError as err:
            assert str(err).strip() and _snapshot(db) == before


@FUZZ
@given(st.binary(max_size=2000))
def test_excel_import_of_random_bytes(demo_db, people, data):
    with pytest.raises(PerkinError) as err:
        workbook.preview_import(demo_db, people["sekcam"], YEAR, b"PK\x03\x04" + data)
    assert str(err.value).strip()


# ------------------------------------------------------------------ service form fields
ANY = st.one_of(st.none(), st.text(max_size=80), st.integers(), st.floats(), st.booleans(),
                st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5),
                                                                     st.integers(), max_size=2),
                st.integers(1, 3).map(lambda n: "panjang " * (n * 300)))


@FUZZ
@given(st.fixed_dictionaries({}, optional={k: ANY for k in (
    "sasaran", "indikator", "target", "satuan", "polarity", "program", "sumber_data",
    "renstra_target", "is_iku", "history", "unit")}))
def test_master_row_fields(demo_db, people, values):
    try:
        row_id = master.save_master_row(demo_db, people["sekcam"], YEAR, values)
    except PerkinError as err:
        assert str(err).strip()
        return
    row = store.get_row(demo_db, row_id)
    for key in ("sasaran", "indikator", "program"):
        if isinstance(values.get(key), str):
            assert row[key] == values[key].strip()


@FUZZ
@given(edits=st.dictionaries(st.one_of(st.integers(-5, 10**6), st.text(max_size=6)),
                             st.one_of(ANY, st.dictionaries(
                                 st.sampled_from(["realisasi", "ket", "sumber_data",
                                                  "belum_berjalan", "target", "sasaran"]),
                                 ANY, max_size=4)), max_size=4))
def test_unit_form_fields(demo_db, people, edits):
    db = demo_db
    if not store.list_rows(db, YEAR, "pem"):
        master.save_master_row(db, people["sekcam"], YEAR, {
            "sasaran": "S", "indikator": "I", "target": "100%", "unit": "pem"})
    row_id = store.list_rows(db, YEAR, "pem")[0]["id"]
    edits = {(row_id if isinstance(k, int) and k % 3 == 0 else k): v for k, v in edits.items()}
    rev = store.form_rev(db, YEAR, "pem")
    try:
        new = unit_form.save_unit_form(db, people["pem"], YEAR, "pem", edits, rev)
    except PerkinError as err:
        assert str(err).strip()
        assert store.form_rev(db, YEAR, "pem") == rev  # refused whole
        return
    assert new >= rev


@FUZZ
@given(number=st.one_of(st.none(), st.text(max_size=100)), subject=st.text(max_size=300),
       doc=st.sampled_from(["nota-dinas", "surat-pengantar", "lainnya", "x", ""]))
def test_register_fields(demo_db, people, number, subject, doc):
    try:
        letter = register.take(demo_db, people["jf"], doc_type=doc, date=dt.date(2027, 1, 22),
                               subject=subject, typed_number=number)
    except PerkinError as err:
        assert str(err).strip()
        return
    assert letter["subject"] == subject


@FUZZ
@given(texts=st.dictionaries(st.sampled_from(["kata_pengantar", "ikhtisar", "bogus", "",
                                              "analisis:x:"]),
                             st.one_of(st.text(max_size=200),
                                       st.integers(1, 3).map(lambda n: "x" * (n * 40_000))),
                             max_size=3))
def test_narrative_fields(demo_db, people, texts):
    try:
        narratives.save(demo_db, people["pep"], YEAR, texts,
                               {k: 0 for k in texts})
    except PerkinError as err:
        assert str(err).strip()


# ------------------------------------------------------------------ hostile text, end to end
@pytest.fixture
def hostile_office(demo_db, people):
    """The hostile text typed everywhere a user types: indicator, realisasi, ket, a
    return reason, a comment, a unit head's name."""
    from lib import users
    from tests.cyclehelp import Clock, run_to

    db = demo_db
    long_text = ("Sangat panjang " * 60).strip()
    master.save_master_row(db, people["sekcam"], YEAR, {
        "sasaran": "Sasaran " + HOSTILE, "indikator": "Indikator " + HOSTILE,
        "target": "100%", "unit": "pem", "program": long_text[:1900]})
    for code in ("pmd", "kesos", "trantib", "pelayanan", "umum"):
        master.save_master_row(db, people["sekcam"], YEAR, {
            "sasaran": "S2", "indikator": f"I {code}", "target": "5 dokumen", "unit": code})
    for code in ("pem", "pmd", "kesos", "trantib", "pelayanan", "umum"):
        rows = store.list_rows(db, YEAR, code)
        unit_form.save_unit_form(db, people[code], YEAR, code, {
            r["id"]: {"realisasi": "90%" if code == "pem" else "5 dokumen",
                      "ket": HOSTILE if code == "pem" else ""} for r in rows},
            store.form_rev(db, YEAR, code))
    run_to(db, people, 5, Clock())
    row = store.list_rows(db, YEAR, "pem")[0]
    review.add_comment(db, people["sekcam"], row["id"], "Komentar " + HOSTILE)
    workflow.review_unit(db, people["sekcam"], YEAR, "pem", "kembalikan", "Alasan " + HOSTILE)
    users.update_user(db, people["admin"], "pem", name="Afrizal " + HOSTILE[:60],
                      role="kasi_kasubbag", unit_codes=("pem",))
    return db


def test_hostile_text_stored_exactly(hostile_office):
    row = store.list_rows(hostile_office, YEAR, "pem")[0]
    assert row["indikator"] == "Indikator " + HOSTILE
    assert row["ket"] == HOSTILE


# the hostile text's active parts, unless escaped with a backslash
RAW = [re.compile(r"(?<!\\)<script"), re.compile(r"(?<!\\)\*(?<!\\)\*tebal"),
       re.compile(r"(?<!\\)\]\(http"), re.compile(r"(?<!\\)!(?<!\\)\[img"),
       re.compile(r"(?<!\\)`kode")]


def _markdown_texts(at):
    out = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title",
                 "header", "subheader"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [str(e.label) for e in at.expander]
    return out


@pytest.mark.parametrize("persona,pages", [
    ("pem", ["pages/beranda.py", "pages/formulir.py", "pages/siklus.py", "pages/akun.py"]),
    ("sekcam", ["pages/pemeriksaan.py", "pages/beranda.py", "pages/rekap.py"]),
])
def test_hostile_text_shown_as_text_in_pages(hostile_office, persona, pages):
    at = login_as(persona)
    for path in ["pages/beranda.py"] + pages:
        at.switch_page(path).run()
        assert not at.exception, (path, at.exception)
        for text in _markdown_texts(at):
            leaked = [r.pattern for r in RAW if r.search(text)]
            assert not leaked, f"{path}: user text rendered as Markdown/HTML: {text[:200]!r}"


def test_hostile_text_printed_as_text_in_pdfs(hostile_office):
    for doc, unit in (("format", "pem"), ("rekap", None)):
        pdf, _, _ = documents.render(hostile_office, doc, YEAR, unit_code=unit)
        text = " ".join(" ".join((p.extract_text() or "").split())
                        for p in PdfReader(io.BytesIO(pdf)).pages)
        squashed = re.sub(r"\s+", "", text)
        assert "<script>alert('x')</script>" in squashed, doc  # printed, not interpreted
        assert "**tebal**" in squashed, doc
    assert paths.db_path().exists()


@pytest.mark.slow
@FUZZ
@given(st.text(min_size=1, max_size=120).filter(lambda s: s.strip()))
def test_any_text_renders_in_a_pdf(demo_db, people, text):
    assume("\x00" not in text)
    if not store.list_rows(demo_db, YEAR, "pem"):
        master.save_master_row(demo_db, people["sekcam"], YEAR, {
            "sasaran": "S", "indikator": "I", "target": "100%", "unit": "pem"})
    row = store.list_rows(demo_db, YEAR, "pem")[0]
    try:
        unit_form.save_unit_form(demo_db, people["pem"], YEAR, "pem", {row["id"]: {"ket": text}},
                                 store.form_rev(demo_db, YEAR, "pem"))
    except PerkinError:
        return
    pdf, _, _ = documents.render(demo_db, "format", YEAR, unit_code="pem")
    assert pdf.startswith(b"%PDF-")
