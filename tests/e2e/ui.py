"""A person at the browser: log in, open a page from the sidebar, click, type,
choose, upload, download; after every navigation and action wait until the
app has finished running and fail on any Streamlit exception box.

Waits are expectations with timeouts (an outcome to appear, the script state
to become "notRunning"), never fixed sleeps.
"""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

PASSWORD = "perkin-demo"
TIMEOUT = 30_000  # ms, for one outcome to appear (a PDF render on 2 cores included)
expect.set_options(timeout=TIMEOUT)


class Person:
    """One logged-in (or logged-out) browser tab."""

    def __init__(self, browser: Browser, base_url: str, app, shots: Path):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                           accept_downloads=True, locale="id-ID")
        self.context.set_default_timeout(TIMEOUT)
        self.page: Page = self.context.new_page()
        self.base_url = base_url
        self.app = app
        self.shots = shots
        self.username: str | None = None

    # ------------------------------------------------------------ waiting and checks
    def settle(self) -> None:
        """Wait until the script run is over, then check for exception boxes."""
        page = self.page
        app = page.locator('[data-testid="stApp"]')
        expect(app).to_be_visible()
        # A click may not have reached the server yet: give the run a moment to
        # start, then wait for the state to be "notRunning" (Streamlit's own e2e tests do so).
        page.wait_for_timeout(150)
        expect(app).to_have_attribute("data-test-script-state", "notRunning")
        expect(page.locator('[data-testid="stStatusWidget"]')).to_be_hidden()
        self.assert_no_exception()

    def assert_no_exception(self) -> None:
        texts = self.page.locator('[data-testid="stException"]').all_inner_texts()
        if texts:
            text = "\n".join(texts)
            self.shot(f"GAGAL-{self.username or 'tamu'}")
            raise AssertionError(f"Streamlit menampilkan kotak galat:\n{text}\n\n"
                                 f"Log aplikasi:\n{self.app.log()[-4000:]}")
        log = self.app.log()
        if "Traceback" in log:
            raise AssertionError(f"Galat di log aplikasi:\n{log[-4000:]}")

    def expect_alert(self, text: str | re.Pattern) -> Locator:
        """An st.success/info/warning/error box containing ``text``."""
        alert = self.page.locator('[data-testid="stAlert"]').filter(has_text=text)
        expect(alert.first).to_be_visible()
        return alert.first

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    # ------------------------------------------------------------ session
    def open(self) -> None:
        self.page.goto(self.base_url + "/")
        expect(self.page.get_by_label("Nama pengguna")).to_be_visible()
        self.settle()

    def login(self, username: str, display_name: str) -> None:
        # Right after the first page load, as a person does: no waiting for the app to
        # settle first (issue #17: the first click on Masuk must work).
        self.page.goto(self.base_url + "/")
        expect(self.page.get_by_label("Nama pengguna")).to_be_visible()
        self.page.get_by_label("Nama pengguna").fill(username)
        self.page.get_by_label("Kata sandi").fill(PASSWORD)
        self.page.get_by_role("button", name="Masuk", exact=True).click()
        expect(self.sidebar.get_by_text(display_name, exact=True)).to_be_visible()
        self.username = username
        self.settle()

    def logout(self) -> None:
        self.sidebar.get_by_role("button", name="Keluar").click()
        expect(self.page.get_by_label("Nama pengguna")).to_be_visible()
        self.username = None
        self.settle()

    def reload(self) -> None:
        self.page.reload()
        self.settle()

    def close(self) -> None:
        self.context.close()

    @property
    def sidebar(self) -> Locator:
        return self.page.locator('[data-testid="stSidebar"]')

    # ------------------------------------------------------------ pages and widgets
    def go(self, link: str, heading: str) -> None:
        """Open a page from the sidebar menu and wait for its title."""
        self.sidebar.get_by_role("link", name=link, exact=True).click()
        expect(self.page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        self.settle()

    def click(self, name: str, *, within: Locator | None = None) -> None:
        scope = within if within is not None else self.page
        button = scope.get_by_role("button", name=name, exact=True)
        expect(button).to_be_enabled()
        button.click()

    def choose(self, label: str, option: str) -> None:
        """A selectbox: open the combobox, pick the option by its text."""
        box = self.page.get_by_role("combobox", name=label, exact=True)
        box.click()
        self.page.get_by_role("option", name=option, exact=True).click()
        self.settle()
        expect(box).to_have_value(option)

    def pick_many(self, label: str, options: list[str]) -> None:
        """A multiselect: open it and click each option, then close the list."""
        widget = self.page.locator('[data-testid="stMultiSelect"]').filter(
            has=self.page.get_by_label(label, exact=True))
        box = widget.get_by_role("combobox")
        for option in options:
            if not self.page.get_by_role("option", name=option, exact=True).is_visible():
                box.click()
            self.page.get_by_role("option", name=option, exact=True).click()
            expect(widget.get_by_text(option, exact=True)).to_be_visible()
        # close the list by clicking the widget's label, not Escape
        widget.get_by_text(label, exact=True).click()
        expect(self.page.get_by_role("listbox")).to_have_count(0)
        for option in options:
            expect(widget.get_by_text(option, exact=True)).to_be_visible()

    def type_into(self, label: str, text: str, *, within: Locator | None = None) -> None:
        scope = within if within is not None else self.page
        field = scope.get_by_label(label, exact=True)
        field.fill(text)

    def upload(self, uploader_label: str, path: Path) -> None:
        uploader = self.page.locator('[data-testid="stFileUploader"]').filter(
            has_text=uploader_label)
        uploader.locator('input[type="file"]').set_input_files(str(path))

    def download(self, button_name: str, dest: Path) -> Path:
        with self.page.expect_download() as info:
            self.page.get_by_role("button", name=button_name).click()
        info.value.save_as(str(dest))
        return dest

    def form(self, submit_label: str) -> Locator:
        """The st.form whose submit button carries ``submit_label``."""
        return self.page.locator('[data-testid="stForm"]').filter(
            has=self.page.get_by_role("button", name=submit_label, exact=True))
