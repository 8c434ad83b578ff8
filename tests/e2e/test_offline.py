"""Issue #18, point 5: nothing is fetched from outside at run time.

A browser session (the login page, a login, the pages a JF and a Camat use, the public
Verifikasi page) records every request the page makes; each goes to the app's own
server (or is a data:/blob: URL). Before the fix the page icon
(``:material/assignment:``) came from a font CDN on every load."""
from __future__ import annotations

from urllib.parse import urlsplit

from tests.e2e.ui import Person

LOCAL = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _outside(urls: list[str]) -> list[str]:
    out = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "chrome-extension"):
            continue
        if parts.hostname not in LOCAL:
            out.append(url)
    return out


def test_no_request_leaves_the_machine(app, browser, screenshots):
    seen: list[str] = []

    def person() -> Person:
        p = Person(browser, app.base_url, app, screenshots)
        p.context.on("request", lambda request: seen.append(request.url))
        return p

    jf = person()
    try:
        jf.open()
        icon = jf.page.evaluate(
            "() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        assert icon and all(urlsplit(h).hostname in LOCAL or h.startswith("data:")
                            for h in icon), icon
        jf.login("jf", "Yulia Fitri, S.E")
        for title in ("Siklus LKjIP", "Dokumen", "Riwayat", "Panduan"):
            jf.sidebar.get_by_role("link", name=title).first.click()
            jf.settle()
        jf.shot("offline-jf")
    finally:
        jf.close()
    camat = person()
    try:
        camat.login("camat", "Drs. MUFTIL WAHYUDI")
        camat.sidebar.get_by_role("link", name="Pemantauan").first.click()
        camat.settle()
        camat.page.goto(app.base_url + "/verifikasi")
        camat.settle()
        camat.page.wait_for_timeout(1000)   # late requests (fonts, icons) included
    finally:
        camat.close()
    assert len(seen) > 20, seen     # the session really loaded the app
    assert _outside(seen) == [], _outside(seen)
