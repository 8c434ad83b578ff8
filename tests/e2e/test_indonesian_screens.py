"""Issue 20 in the real browser: numbers, charts and uploads read as a kecamatan's staff
write them, on a 1366 x 768 laptop and a 390 x 844 phone.

Vega draws the charts on a canvas: the screenshots are looked at for the axes
(tests/test_charts.py checks the locale in the spec the page sends). A .docx dropped on
the Excel uploader (Playwright's set_input_files, as a drop does) gets Perkin's Indonesian message and never Streamlit's English MIME refusal. Changes
nothing in the demo office (a refused upload saves nothing): the journey runs after.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.ui import Person
from tests.test_uploads_label import docx_bytes

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ENGLISH = ("application/vnd", "not allowed", "File must be", "files are not allowed")


@pytest.fixture
def visit(browser, app, screenshots):
    opened = []

    def visit(username: str, viewport: dict) -> Person:
        p = Person(browser, app.base_url, app, screenshots)
        p.page.set_viewport_size(viewport)
        p.open()
        p.page.get_by_label("Nama pengguna").fill(username)
        p.page.get_by_label("Kata sandi").fill("perkin-demo")
        p.page.get_by_role("button", name="Masuk", exact=True).click()
        p.username = username
        expect(p.page.get_by_role("heading", name="Tugas saya")).to_be_visible()
        p.settle()
        opened.append(p)
        return p

    yield visit
    for p in opened:
        p.close()


def _open(p: Person, path: str, heading: str) -> None:
    """Open the page by its address, as a bookmark would: the session cookie logs the
    person in on the first run (it is read from the request), so the page shows."""
    p.page.goto(p.base_url + "/" + path)
    expect(p.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    p.settle()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "ponsel"])
def test_pemantauan_reads_indonesian(visit, viewport):
    p = visit("sekcam", viewport)
    _open(p, "pemantauan", "Pemantauan")
    p.page.get_by_text("Rata-rata capaian per sasaran antartahun").scroll_into_view_if_needed()
    expect(p.page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
    p.page.wait_for_timeout(800)   # Vega draws after the element appears
    name = "laptop" if viewport is LAPTOP else "ponsel"
    p.shot(f"i20-pemantauan-{name}")
    for i, chart in enumerate(p.page.locator('[data-testid="stVegaLiteChart"]').all()):
        chart.scroll_into_view_if_needed()
        p.page.wait_for_timeout(300)
        box = chart.bounding_box()
        assert box["height"] >= 200, box      # tall enough to read
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, box
        chart.screenshot(path=str(p.shots / f"i20-pemantauan-grafik{i + 1}-{name}.png"))
    body = p.page.locator('[data-testid="stMain"]').inner_text()
    assert "94,83%" in body or "%" in body
    for bad in ("125.00", "94.83"):
        assert bad not in body


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "ponsel"])
def test_docx_on_the_excel_uploader_is_refused_in_indonesian(visit, viewport, tmp_path):
    p = visit("kesos", viewport)
    _open(p, "formulir", "Formulir Pengumpulan Perencanaan Kinerja")
    uploader = p.page.locator('[data-testid="stFileUploader"]').filter(
        has_text="Unggah format terisi")
    expect(uploader).to_contain_text("maks. 10 MB")
    path = tmp_path / "laporan.docx"
    path.write_bytes(docx_bytes())
    uploader.locator('input[type="file"]').set_input_files(str(path))
    p.expect_alert("dokumen Word (.docx), bukan Excel .xlsx")
    p.settle()
    text = uploader.inner_text()
    assert not any(e in text for e in ENGLISH), text
    name = "laptop" if viewport is LAPTOP else "ponsel"
    uploader.scroll_into_view_if_needed()
    p.page.screenshot(path=str(p.shots / f"i20-formulir-unggah-{name}.png"))


@pytest.mark.browser
@pytest.mark.parametrize("page, heading, user", [
    ("rekap", "Rekapitulasi Format", "sekcam"), ("master", "Master Indikator", "sekcam"),
    ("perencanaan", "Perencanaan Kinerja", "sekcam"), ("admin_profil", "Profil Kecamatan", "admin"),
    ("admin_sop", "Definisi SOP", "admin"), ("verifikasi", "Verifikasi Dokumen", "sekcam"),
    ("anggaran", "Realisasi Anggaran", "umum"), ("referensi", "Dokumen Referensi", "sekcam")])
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "ponsel"])
def test_changed_pages_render(visit, viewport, page, heading, user):
    p = visit(user, viewport)
    _open(p, page, heading)
    p.page.wait_for_timeout(1000)     # widgets drawn (not their loading skeletons)
    name = "laptop" if viewport is LAPTOP else "ponsel"
    p.shot(f"i20-{page}-{name}")
    uploaders = p.page.locator('[data-testid="stFileUploader"]').filter(visible=True)
    for i, up in enumerate(uploaders.all()):
        up.scroll_into_view_if_needed()
        expect(up).to_contain_text("maks.")          # the limit in Perkin's label
        up.screenshot(path=str(p.shots / f"i20-{page}-unggah{i + 1}-{name}.png"))
    body = p.page.locator('[data-testid="stMain"]').inner_text()
    for bad in ("125.00", "Choose an option"):
        assert bad not in body
