"""Every paper in Word too (issue #16): the .docx comes from the same outline as
the PDF, read back with python-docx; both carry every heading and table cell
of the outline in order; LibreOffice opens each .docx with about the PDF's
page count; all papers of a year download as one zip with a manifest."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import zipfile

import pypdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from db import connect, migrate
from lib import archive, clock
from lib.documents import outline as ol
from lib.documents.docx_render import render_docx
from lib.documents.model import Letter, Margins, Profile, Signer
from lib.errors import Conflict, ValidationError
from lib.planning import pk_paper
from lib.services import documents, export

YEAR = 2025
FIXED = dt.datetime(2026, 12, 2, 9, 0, tzinfo=clock.TZ)
PAPERS = ["nota-dinas", "format", "rekap", "lakip", "notulen", "surat-pengantar",
          "tanda-terima", "sop", "pk"]


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def history_file(tmp_path_factory):
    """The demo office with its history (2024 and 2025 finished and approved),
    built once through the real services."""
    from lib import demo
    path = tmp_path_factory.mktemp("docx-history") / "perkin.db"
    db = connect(path)
    migrate(db)
    demo.init_office(db, demo=True)
    demo.seed_history(db, dt.date(2026, 12, 1))
    db.conn.close()
    return path


def _copy(src, dest):
    a, b = sqlite3.connect(src), sqlite3.connect(dest)
    a.backup(b)
    a.close()
    b.close()


@pytest.fixture
def history(history_file, data_dir):
    from lib import paths
    _copy(history_file, paths.db_path())
    db = connect(paths.db_path())
    yield db
    db.conn.close()


def _build(db, doc, year=YEAR):
    if doc == "pk":
        return pk_paper.build_paper(db, year, creation_date=FIXED)
    return documents.build_paper(db, doc, year, "pem" if doc == "format" else None,
                                 creation_date=FIXED)


@pytest.fixture(scope="module")
def rendered(history_file, tmp_path_factory):
    """Each paper of 2025: (paper, pdf, outline, docx), rendered once."""
    path = tmp_path_factory.mktemp("docx-rendered") / "perkin.db"
    _copy(history_file, path)
    db = connect(path)
    out = {}
    try:
        for doc in PAPERS:
            paper, _ = _build(db, doc)
            pdf = paper.pdf()
            out[doc] = (paper, pdf, paper.outline(pdf), documents.docx_of(paper, pdf, FIXED))
    finally:
        db.conn.close()
    return out


# ---------------------------------------------------------------- reading back
def _squash(text: str) -> str:
    return "".join((text or "").split())


def pdf_text(data: bytes) -> str:
    return "".join(_squash(p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_body_text(data: bytes) -> str:
    """Every text of the body in document order (paragraphs and table cells)."""
    doc = Document(io.BytesIO(data))
    return _squash("".join(t.text or "" for t in doc.element.body.iter(qn("w:t"))))


def assert_in_order(texts: list[str], haystack: str, what: str) -> None:
    pos = 0
    for t in texts:
        needle = _squash(t)
        found = haystack.find(needle, pos)
        assert found >= 0, (f"{what}: {t!r} missing after position {pos} "
                            f"(context: ...{haystack[max(0, pos - 60):pos + 60]}...)")
        pos = found + len(needle)


def assert_present(texts: list[str], haystack: str, what: str) -> None:
    missing = [t for t in texts if _squash(t) not in haystack]
    assert not missing, f"{what}: missing {missing}"


# ---------------------------------------------------------------- no drift
@pytest.mark.parametrize("doc", PAPERS)
def test_every_heading_and_cell_of_the_outline_is_in_both_outputs(rendered, doc):
    _, pdf, outline, docx = rendered[doc]
    ordered, anywhere = ol.checked_texts(outline)
    tables = [b for b in outline.blocks if isinstance(b, ol.Table)]
    headings = [b for b in outline.blocks if isinstance(b, ol.Heading)]
    assert headings and ordered, "an outline with nothing to compare"
    if doc not in ("nota-dinas", "tanda-terima"):
        assert tables, f"{doc}: its tables are in the outline"
    body = docx_body_text(docx)
    text = pdf_text(pdf)
    assert_in_order(ordered, body, f"{doc}.docx")
    assert_in_order(ordered, text, f"{doc}.pdf")
    assert_present(anywhere, body, f"{doc}.docx header cells")
    assert_present(anywhere, text, f"{doc}.pdf header cells")


def test_the_drift_check_catches_a_cell_the_pdf_lacks(rendered):
    _, pdf, outline, _ = rendered["rekap"]
    table = next(b for b in outline.blocks if isinstance(b, ol.Table))
    changed = dataclasses.replace(table, rows=table.rows + (("Baris yang tidak dicetak",),))
    ordered, _ = ol.checked_texts(dataclasses.replace(outline, blocks=(changed,)))
    with pytest.raises(AssertionError, match="Baris yang tidak dicetak"):
        assert_in_order(ordered, pdf_text(pdf), "rekap.pdf")


# ---------------------------------------------------------------- Word structure
def test_word_structure_styles_tables_kop_fields_and_signature(rendered):
    _, pdf, outline, data = rendered["notulen"]
    doc = Document(io.BytesIO(data))
    styles = [p.style.name for p in doc.paragraphs]
    assert "Title" in styles and "Heading 2" in styles and "Normal" in styles
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["NOTULEN", "DAFTAR HADIR"]
    section = doc.sections[0]
    # paper and margins from the settings (demo: F4, 3/2/2/2,5 cm)
    assert abs(section.page_width - Mm(215)) < Mm(0.5)
    assert abs(section.page_height - Mm(330)) < Mm(0.5)
    assert abs(section.left_margin - Mm(30)) < Mm(0.5)
    assert abs(section.right_margin - Mm(20)) < Mm(0.5)
    assert abs(section.top_margin - Mm(20)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(25)) < Mm(0.5)
    # the kop in the first page's header only
    assert section.different_first_page_header_footer
    kop = " ".join(c.text for t in section.first_page_header.tables for c in t._cells)
    assert "PEMERINTAH KABUPATEN LIMA PULUH KOTA" in kop and "KECAMATAN GUGUAK" in kop
    assert not section.header.tables and not section.header.paragraphs[0].text
    # page numbers as fields
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Halaman" in footer_xml
    # the daftar hadir: a Word table whose header row repeats
    hadir = doc.tables[-1]
    assert [c.text for c in hadir.rows[0].cells][:4] == ["No.", "Nama", "Jabatan", "Instansi"]
    assert hadir.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert "MUFTIL WAHYUDI" in hadir.rows[1].cells[1].text
    # the signature block: a borderless table with room to sign
    sig = next(t for t in doc.tables if "Pimpinan Rapat," in t.rows[0].cells[0].text)
    borders = sig._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "nil" for b in borders)
    name = next(p for p in sig.rows[0].cells[0].paragraphs if "MUFTIL" in p.text)
    assert name.paragraph_format.space_before >= Mm(20)
    assert name.runs[0].bold and name.runs[0].underline


def test_a4_and_other_margins_reach_the_word_paper():
    profile = Profile(pemerintah="Pemerintah Kabupaten Contoh", kecamatan="Kecamatan Uji",
                      paper="A4", margins=Margins(left=4, right=1.5, top=3, bottom=2))
    letter = Letter(number="", date=dt.date(2026, 11, 23), kepada="Sekretaris Camat",
                    perihal="Uji", body=["Isi."], signer=Signer(jabatan="Camat Uji"))
    data = render_docx(ol.nota_dinas_outline(profile, letter, draft=True), page_count=1)
    doc = Document(io.BytesIO(data))
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    assert abs(s.left_margin - Mm(40)) < Mm(0.5) and abs(s.right_margin - Mm(15)) < Mm(0.5)
    assert abs(s.top_margin - Mm(30)) < Mm(0.5) and abs(s.bottom_margin - Mm(20)) < Mm(0.5)
    # a draft says so; a one-page letter has no "Halaman x dari y" (as its PDF)
    assert "DRAFT" in s.footer.paragraphs[0].text
    assert "NUMPAGES" not in s.footer._element.xml
    assert doc.core_properties.title.endswith("(DRAFT)")
    assert doc.core_properties.language == "id-ID"
    assert "(nomorbelumdiisi)" in docx_body_text(data)


def test_landscape_papers_and_the_sop_flow_as_a_table(rendered):
    doc = Document(io.BytesIO(rendered["sop"][3]))
    s = doc.sections[0]
    assert s.page_width > s.page_height
    flow = doc.tables[-1]
    head = [c.text for c in flow.rows[0].cells]
    assert head[0] == "No" and "Pelaksana" in head and "Keterangan" in head
    assert flow.rows[-1].cells[0].text == "Jumlah waktu"
    assert "825" in [c.text for c in flow.rows[-1].cells]
    assert "= 13 jam 45 menit" in [c.text for c in flow.rows[-1].cells]


def test_the_lakip_docx_of_a_final_is_a_working_copy(rendered, history_file, tmp_path):
    paper, pdf, outline, data = rendered["lakip"]
    assert paper.frozen
    path = tmp_path / "p.db"
    _copy(history_file, path)
    db = connect(path)
    try:
        final = archive.get_final(db, YEAR)
    finally:
        db.conn.close()
    assert pdf == final["content"]                     # the PDF is the stored final
    assert hashlib.sha256(pdf).hexdigest() == final["sha256"]
    doc = Document(io.BytesIO(data))
    props = doc.core_properties
    assert "SALINAN KERJA" in props.comments and final["sha256"] in props.comments
    assert "salinan kerja" in props.keywords
    footer = " ".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert "SALINAN KERJA, bukan dokumen terverifikasi" in footer
    assert final["verify_code"] in footer


def test_the_lakip_daftar_isi_is_a_filled_toc_field(rendered):
    _, pdf, _, data = rendered["lakip"]
    doc = Document(io.BytesIO(data))
    body = doc.element.body.xml
    assert 'TOC \\o "1-3"' in body
    entries = [p for p in doc.paragraphs if p.style.name.startswith("TOC")]
    assert len(entries) >= 10
    # the page numbers are the PDF's: each entry's heading is on that PDF page
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    misses = []
    for p in entries:
        title, page = p.text.rsplit("\t", 1)
        if _squash(title) not in _squash(reader.pages[int(page) - 1].extract_text()):
            misses.append(title)
    # "LAMPIRAN" and its first item point at the PK's own statement page
    assert all(t.upper().startswith("LAMPIRAN") for t in misses), misses
    settings = doc.settings.element.xml
    assert "updateFields" not in settings          # nothing prompts on open


def test_a_year_without_data_still_gives_papers_that_open(db, tmp_path):
    for doc in documents.DOC_ORDER:
        unit = "pem" if doc == "format" else None
        if doc == "format":
            from lib import office
            units = office.list_units(db, active_only=True, supplying_only=True)
            if not units:
                continue
            unit = units[0].code
        data, name, warnings = documents.render(db, doc, 2031, unit, fmt="docx")
        assert name.endswith(".docx")
        Document(io.BytesIO(data))                  # opens
        pdf, pdf_name, _ = documents.render(db, doc, 2031, unit)
        assert pdf_name == name[:-5] + ".pdf" and pdf.startswith(b"%PDF")
    with pytest.raises(ValidationError, match="Format 'odt' tidak dikenal"):
        documents.render(db, "rekap", 2031, fmt="odt")


# ---------------------------------------------------------------- LibreOffice
def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.subprocess
@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None and not os.environ.get("CI"),
                    reason="LibreOffice Writer is not installed")
def test_libreoffice_opens_every_docx_with_about_the_pdfs_page_count(rendered, tmp_path):
    assert _soffice(), "LibreOffice Writer is required in CI (.ci/run installs it)"
    src = tmp_path / "docx"
    src.mkdir()
    for doc, (paper, _, _, data) in rendered.items():
        (src / f"{doc}.docx").write_bytes(data)
    out = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out),
                    *sorted(str(p) for p in src.iterdir())],
                   check=True, capture_output=True, timeout=300)
    counts = {}
    for doc, (_, pdf, _, _) in rendered.items():
        converted = out / f"{doc}.pdf"
        assert converted.exists(), f"LibreOffice could not open {doc}.docx"
        lo = len(pypdf.PdfReader(converted).pages)
        ours = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        counts[doc] = (ours, lo)
        assert abs(lo - ours) <= 0.25 * ours, f"{doc}: PDF {ours} pages, Word {lo}"
    print("page counts (fpdf2, LibreOffice):", counts)


# ---------------------------------------------------------------- the year's zip
def test_the_zip_carries_every_paper_with_its_manifest(history):
    seen = []
    data, name, warnings = export.export_documents(
        history, YEAR, progress=lambda d, t, label: seen.append((d, t)), now=FIXED)
    assert name == "dokumen-2025.zip"
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert names[-1] == "MANIFEST.txt"
    final = archive.get_final(history, YEAR)
    for stem in ("nota-dinas-2025", "format-pem-2025", "format-umum-2025", "rekap-2025",
                 final["filename"][:-4], "notulen-rapat-finalisasi-2025",
                 "surat-pengantar-2025", "tanda-terima-2025", "sop-perencanaan-kinerja-2025"):
        assert f"{stem}.pdf" in names and f"{stem}.docx" in names, stem
    assert any(n.startswith("perjanjian-kinerja-2025-v") and n.endswith(".docx") for n in names)
    assert "rekap-format-2025.xlsx" in names
    assert z.read(final["filename"]) == final["content"]       # the final as stored
    manifest = z.read("MANIFEST.txt").decode("utf-8")
    listed = {}
    for line in manifest.splitlines():
        parts = line.split("  ")
        if len(parts) >= 3 and len(parts[0]) == 64:
            listed[parts[2]] = (parts[0], int(parts[1]))
    assert set(listed) == set(names) - {"MANIFEST.txt"}
    for n, (sha, size) in listed.items():
        content = z.read(n)
        assert hashlib.sha256(content).hexdigest() == sha and len(content) == size, n
        if n.endswith(".docx"):
            Document(io.BytesIO(content))
        elif n.endswith(".pdf"):
            assert len(pypdf.PdfReader(io.BytesIO(content)).pages) >= 1
    assert f"{final['filename']}  (FINAL seperti tersimpan di arsip)" in manifest
    assert "Kecamatan Guguak Tahun 2025" in manifest
    # progress counted up to the end
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == list(range(1, len(seen) + 1))


def test_a_second_zip_of_the_same_year_says_it_is_being_built(history):
    with export.year_lock(history, YEAR):
        with pytest.raises(Conflict, match="sedang disusun"):
            export.export_documents(history, YEAR, wait=0)
        # another year is not held up
        data, _, _ = export.export_documents(history, 2031)
        assert zipfile.ZipFile(io.BytesIO(data)).namelist()[-1] == "MANIFEST.txt"
    lock = export._lock_path(history, YEAR)
    assert not lock.exists()
    # a lock left by a process that died is taken over
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("999999999 1.0\n")
    with export.year_lock(history, YEAR):
        assert lock.read_text().split()[0] == str(os.getpid())
    assert not lock.exists()


def test_cli_render_docx_and_export_documents(history, tmp_path, capsys):
    from lib import cli
    out = tmp_path / "nota.docx"
    assert cli.main(["render", "nota-dinas", "--year", str(YEAR), "--out", str(out)]) == 0
    assert "NOTADINAS" in docx_body_text(out.read_bytes())
    out = tmp_path / "pk.docx"
    assert cli.main(["render", "pk", "--year", str(YEAR), "--out", str(out)]) == 0
    assert "PERJANJIANKINERJATAHUN2025" in docx_body_text(out.read_bytes())
    assert cli.main(["render", "rekap", "--year", str(YEAR), "--out", "x.odt"]) == 2
    assert "harus .pdf atau .docx" in capsys.readouterr().err
    zpath = tmp_path / "sub" / "semua.zip"
    assert cli.main(["export-documents", "--year", str(YEAR), "--out", str(zpath)]) == 0
    assert "MANIFEST.txt" in zipfile.ZipFile(zpath).namelist()
    assert sorted(p.name for p in zpath.parent.iterdir()) == ["semua.zip"]   # no temp left
    assert cli.main(["export-documents", "--year", str(YEAR), "--out", "x.tar"]) == 2


# ---------------------------------------------------------------- the app
def test_dokumen_offers_pdf_and_word_side_by_side_and_the_zip(history):
    from tests.conftest import login_as

    at = login_as("jf")
    at.switch_page("pages/dokumen.py").run()
    assert not at.exception
    at.selectbox(key="dokumen.tahun").set_value(YEAR).run()
    at.selectbox(key="dokumen.jenis").set_value("notulen").run()
    next(b for b in at.button if b.label == "Buat dokumen").click().run()
    assert not at.exception
    labels = {d.proto.label: d for d in at.get("download_button")}
    pdf = next(k for k in labels if k.startswith("Unduh PDF"))
    word = next(k for k in labels if k.startswith("Unduh Word"))
    assert "notulen-rapat-finalisasi-2025.pdf" in pdf
    assert "notulen-rapat-finalisasi-2025.docx" in word
    next(b for b in at.button if b.label == "Unduh semua dokumen").click().run(timeout=300)
    assert not at.exception
    zipped = [d for d in at.get("download_button") if "dokumen-2025.zip" in d.proto.label]
    assert zipped, [d.proto.label for d in at.get("download_button")]
    # while another build of 2025 holds the lock, the page says so and keeps nothing
    del at.session_state["dokumen.zip"]
    with export.year_lock(history, YEAR):
        next(b for b in at.button if b.label == "Unduh semua dokumen").click().run()
    assert not at.exception
    assert any("sedang disusun" in e.value for e in at.error)
    assert not [d for d in at.get("download_button") if "dokumen-2025.zip" in d.proto.label]
