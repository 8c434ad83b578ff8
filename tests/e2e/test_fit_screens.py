"""What a person sees on a 1366 x 768 laptop and a 390 x 844 phone, in the real browser.

Read-only grids are HTML tables: every column header is a DOM element whose box must lie
inside the viewport once the table is scrolled into view. The Formulir Unit's fill grid
is Streamlit's canvas grid: its scroller must have no horizontal overflow (every column,
headers included, drawn inside the grid) and the grid's box must lie inside the viewport;
the row panel's fields are DOM elements checked like the headers. Runs against the demo
office (2026 at step 5: kesos returned, trantib/pelayanan/umum waiting for review): the
file runs after the deep link and before the journey (file order), which finishes the year,
and it changes nothing.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.ui import Person

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
NINE = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi/ Progres Capaian",
        "Program/Kegiatan/ Sub Kegiatan", "Sumber Data", "Yang membidangi", "Ket"]
NAMES = {"sekcam": "Hendra Saputra, S.STP, M.Si", "kesos": "Desi Ratnasari, S.Sos",
         "camat": "Drs. MUFTIL WAHYUDI"}


@pytest.fixture
def visit(browser, app, screenshots):
    opened = []

    def visit(username: str, viewport: dict) -> Person:
        p = Person(browser, app.base_url, app, screenshots)
        p.page.set_viewport_size(viewport)
        if viewport["width"] < 768:
            p.open()
            p.page.get_by_label("Nama pengguna").fill(username)
            p.page.get_by_label("Kata sandi").fill("perkin-demo")
            p.page.get_by_role("button", name="Masuk", exact=True).click()
            p.username = username
            expect(p.page.get_by_role("heading", name="Tugas saya")).to_be_visible()
            p.settle()
        else:
            p.login(username, NAMES[username])
        opened.append(p)
        return p

    yield visit
    for p in opened:
        p.close()


def _headers_in_view(person: Person, grid: str) -> dict[str, list[float]]:
    """Scroll the paper table ``grid`` into view; each header's box (left, right, top,
    bottom) in viewport coordinates."""
    table = person.page.locator(f'[data-grid="{grid}"]')
    expect(table).to_be_visible()
    table.scroll_into_view_if_needed()
    # an expander opens with an animation: measure once the table has come to rest
    person.page.wait_for_function(
        """(grid) => { const t = document.querySelector(`[data-grid="${grid}"] table`);
             const x = t.getBoundingClientRect().left; const last = t.__lastLeft;
             t.__lastLeft = x; return last === x; }""", arg=grid, polling=200)
    return person.page.evaluate(
        """(grid) => Object.fromEntries([...document.querySelectorAll(
             `[data-grid="${grid}"] th`)].map(th => { const r = th.getBoundingClientRect();
             return [th.dataset.col, [r.left, r.right, r.top, r.bottom]]; }))""", grid)


def _assert_inside(boxes: dict, viewport: dict, want: list[str]) -> None:
    missing = [h for h in want if h not in boxes]
    assert not missing, (missing, list(boxes))
    for header, (left, right, top, bottom) in boxes.items():
        assert left >= 0 and right <= viewport["width"] + 0.5, (header, left, right)
        assert top >= 0 and bottom <= viewport["height"], (header, top, bottom)


def test_review_rekap_and_timeline_show_every_column_at_1366(visit):
    sekcam = visit("sekcam", LAPTOP)
    sekcam.go("Pemeriksaan Format", "Pemeriksaan Format Unit")
    _assert_inside(_headers_in_view(sekcam, "pemeriksaan.format"), LAPTOP,
                   NINE + ["Capaian", "Predikat"])
    sekcam.page.screenshot(path=str(sekcam.shots / "fit-1366-pemeriksaan.png"))

    sekcam.go("Rekapitulasi", "Rekapitulasi Format")
    _assert_inside(_headers_in_view(sekcam, "rekap.tabel"), LAPTOP,
                   NINE + ["Capaian", "Predikat"])
    sekcam.page.screenshot(path=str(sekcam.shots / "fit-1366-rekap.png"))

    sekcam.go("Siklus LKjIP", "Siklus LKjIP")
    _assert_inside(_headers_in_view(sekcam, "siklus.linimasa"), LAPTOP,
                   ["Kegiatan", "Dibuka", "Selesai", "Menit kerja", "Mutu Baku (menit)",
                    "Selisih (menit)", "Alasan"])
    sekcam.page.screenshot(path=str(sekcam.shots / "fit-1366-siklus.png"))


def test_formulir_fill_grid_and_row_panel_fit_1366(visit):
    kesos = visit("kesos", LAPTOP)
    kesos.go("Formulir Unit", "Formulir Pengumpulan Perencanaan Kinerja")
    grid = kesos.page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()
    fit = kesos.page.evaluate("""() => {
        const g = document.querySelector('[data-testid="stDataFrame"]');
        const s = g.querySelector('.dvn-scroller'); const r = g.getBoundingClientRect();
        return {left: r.left, right: r.right, scroll: s.scrollWidth, client: s.clientWidth}; }""")
    # no column of the fill grid is drawn outside it, and the grid is inside the screen
    assert fit["scroll"] <= fit["client"], fit
    assert fit["left"] >= 0 and fit["right"] <= LAPTOP["width"], fit
    kesos.page.screenshot(path=str(kesos.shots / "fit-1366-formulir.png"))
    # the chosen row's fields
    panel = kesos.page.get_by_text("Rincian dan isian per baris")
    panel.scroll_into_view_if_needed()
    for label in ("Realisasi/ Progres Capaian", "Sumber Data", "Ket"):
        box = kesos.page.get_by_label(label, exact=True).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], (label, box)
    # "Lihat seluruh tabel": the nine columns at once, read-only
    kesos.page.get_by_text("Lihat seluruh tabel", exact=False).click()
    _assert_inside(_headers_in_view(kesos, "formulir.seluruh"), LAPTOP, NINE)
    kesos.page.screenshot(path=str(kesos.shots / "fit-1366-formulir-seluruh.png"))


def test_another_roles_address_says_whom_it_is_for(visit):
    kesos = visit("kesos", LAPTOP)
    kesos.page.goto(kesos.base_url + "/pemeriksaan")
    kesos.expect_alert("Halaman ini untuk Sekretaris Camat")
    kesos.settle()
    assert kesos.page.get_by_text("Page not found").count() == 0


def _sidebar_closed(person: Person) -> None:
    expect(person.page.locator('[data-testid="stSidebar"]')).to_have_attribute(
        "data-collapsed", "true")


def _open_from_menu(person: Person, link: str, heading: str) -> None:
    person.page.locator('[data-testid="stExpandSidebarButton"]').first.click()
    expect(person.sidebar).to_have_attribute("data-collapsed", "false")
    person.sidebar.get_by_role("link", name=link, exact=True).click()
    expect(person.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    person.settle()
    _sidebar_closed(person)   # the page is not left under the menu


def _no_sideways_scroll(person: Person) -> None:
    width = person.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_phone_beranda_formulir_and_persetujuan(visit):
    kesos = visit("kesos", PHONE)
    _sidebar_closed(kesos)
    kerjakan = kesos.page.get_by_role("button", name="Kerjakan")
    box = kerjakan.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    _no_sideways_scroll(kesos)
    kesos.page.screenshot(path=str(kesos.shots / "phone-beranda.png"))
    # Kerjakan opens the unit's form; the row panel fills it on a phone
    kerjakan.first.click()
    expect(kesos.page.get_by_role("heading", name="Formulir Pengumpulan Perencanaan Kinerja",
                                  exact=True)).to_be_visible()
    kesos.settle()
    field = kesos.page.get_by_label("Realisasi/ Progres Capaian", exact=True).first
    field.scroll_into_view_if_needed()
    save = kesos.page.get_by_role("button", name="Simpan baris 1")
    for el in (field, save):
        b = el.bounding_box()
        assert b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"], b
    _no_sideways_scroll(kesos)
    kesos.page.screenshot(path=str(kesos.shots / "phone-formulir.png"))
    _open_from_menu(kesos, "Beranda", "Tugas saya")

    camat = visit("camat", PHONE)
    _open_from_menu(camat, "Persetujuan", "Persetujuan")
    _no_sideways_scroll(camat)
    camat.page.screenshot(path=str(camat.shots / "phone-persetujuan.png"))
