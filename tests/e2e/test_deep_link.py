"""A bookmark to a sub-page as a fresh server's very first request: Streamlit runs the
page file alone (its old pages/-folder mode) until app.py has called st.navigation once.
The visitor must get the login form — not the list of every file in pages/ — and,
once logged in, the pages of their role only. Runs before the journey (file order) so
its request is the server's first."""
from __future__ import annotations

from playwright.sync_api import expect


def test_deep_link_first_request_shows_the_login_form(app, browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    try:
        page.goto(app.base_url + "/pemantauan")
        expect(page.get_by_label("Nama pengguna")).to_be_visible(timeout=30_000)
        expect(page.get_by_label("Kata sandi")).to_be_visible()
        sidebar = page.locator('[data-testid="stSidebar"]')
        # none of the raw file names of pages/ is offered
        for raw in ("admin sop", "penyiapan", "ui"):
            expect(sidebar.get_by_text(raw, exact=True)).to_have_count(0)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
