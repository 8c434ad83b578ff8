"""Speed as a person feels it (issue #21): Perkin in headless chromium (Playwright and
Debian's /usr/bin/chromium, as the browser tests), beside the bare Streamlit multipage app
``bench/bare_app.py`` showing the same pages with the same kinds and numbers of elements,
measured interleaved in the same run.

Perkin starts as an office starts it (``python3 run.py --port N``: the shipped login delay,
the office's own bcrypt hashes); the bare app with ``streamlit run`` and the same
``.streamlit/config.toml``. Both serve a copy of the same office. A first pass through
Perkin (not timed) logs in as each role, opens every page of its menu and counts, in the
browser, the elements each page shows: that is the bare app's specification. Then, round
after round, in alternating order, each app is measured in a new browser context per role:

* first load: ``goto /`` until the login form is shown and the app has settled;
* login: a click on Masuk until the page after it has settled (the name in the sidebar);
* page change: a click on a sidebar link until that page has settled; every page of the
  role's menu not measured for an earlier role (so every page any role sees, once a round).

"Settled": the app's script state is "notRunning", the status widget is hidden, and it
stays so for a quiet window (later reruns, e.g. a component's, count to the action); the
time is taken at the last change of the script state. Script runs per action are counted
from the same observer (transitions to "running").
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import ROOT, Result, Stats, fresh_copy
from bench.startup import CHROMIUM, _healthy, _stop, free_port

ROLES = ["camat", "sekcam", "pem", "umum", "pep", "jf", "admin"]
PASSWORD = "perkin-demo"
TARGET_PAGE = 1.3
TARGET_FIRST = 1.5
TARGET_LOGIN = 1.5
QUIET_MS = 500          # no new run for this long: settled
TIMEOUT_MS = 90_000
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Installed before any page script: records every change of Streamlit's script state.
OBSERVER = """
window.__st = {changes: [], runs: 0, last: 0};
new MutationObserver((ms) => {
  const now = performance.now();
  for (const m of ms) {
    if (m.type === 'attributes') {
      const v = m.target.getAttribute('data-test-script-state');
      window.__st.changes.push([now, v]);
      if (v === 'running') window.__st.runs += 1;
    }
  }
  window.__st.last = now;   // a run's state change or the screen's content changing
}).observe(document, {attributes: true, childList: true, subtree: true,
                      attributeFilter: ['data-test-script-state']});
"""
SETTLED = """([quiet, path, since]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const w = document.querySelector('[data-testid="stStatusWidget"]');
  if (w && w.getClientRects().length) return false;
  if (path !== null && location.pathname !== path) return false;
  if (window.__st.last < since) return false;          // no run seen since the action
  return performance.now() - window.__st.last >= quiet;
}"""
# the page's own elements (from its title on), by kind, with grid and paper-table rows
ELEMENTS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const out = [];
  const all = [...main.querySelectorAll('[data-testid="stElementContainer"]')];
  const esc = (t) => t.replace(/\\s+/g, ' ').trim().replace(/([\\\\`*_{}\\[\\]<>()#+\\-.!|~$])/g, '\\\\$1');
  const toMarkdown = (root) => {
    const out = [];
    for (const el of root.children) {
      const tag = el.tagName;
      if (/^H[1-6]$/.test(tag)) out.push('#'.repeat(+tag[1]) + ' ' + esc(el.innerText));
      else if (tag === 'UL' || tag === 'OL')
        out.push([...el.querySelectorAll(':scope > li')].map((li, i) =>
          (tag === 'OL' ? `${i + 1}. ` : '- ') + esc(li.innerText)).join('\\n'));
      else if (tag === 'TABLE') {
        const rows = [...el.querySelectorAll('tr')].map((tr) =>
          '| ' + [...tr.children].map((td) => esc(td.innerText)).join(' | ') + ' |');
        const cols = el.querySelector('tr') ? el.querySelector('tr').children.length : 1;
        rows.splice(1, 0, '|' + ' --- |'.repeat(cols));
        out.push(rows.join('\\n'));
      } else if (tag === 'DIV' || tag === 'SECTION') {   // a wrapper (e.g. of a heading)
        const inner = toMarkdown(el);
        if (inner) out.push(inner);
      } else if (tag === 'HR') out.push('---');
      else if (tag === 'PRE') out.push('```\\n' + el.innerText + '\\n```');
      else if (tag === 'BLOCKQUOTE') out.push('> ' + esc(el.innerText));
      else if (el.innerText.trim()) out.push(esc(el.innerText));
    }
    return out.join('\\n\\n');
  };
  // grids, charts and images come inside a full-screen frame (with its toolbar): the
  // element is the frame's first child that is not the toolbar
  const WRAPPERS = ['stFullScreenFrame'];
  const SKIP = ['stElementToolbar'];
  const kindOf = (c) => {
    let el = c.firstElementChild;
    let kind = el && (el.getAttribute('data-testid') ||
                      (el.querySelector('[data-testid]') || el).getAttribute('data-testid'));
    while (el && WRAPPERS.includes(kind)) {
      const inner = [...el.querySelectorAll('[data-testid]')].find((e) => {
        const k = e.getAttribute('data-testid');
        return !WRAPPERS.includes(k) && !SKIP.some((s) => k.startsWith(s))
          && !e.closest('[data-testid="stElementToolbar"]');
      });
      el = inner;
      kind = inner && inner.getAttribute('data-testid');
    }
    return kind || 'stMarkdown';
  };
  // the page's own elements start after its title (the frame's style, cookie component and
  // flash messages come before it); a page without a title: every visible element
  const first = all.findIndex((c) => kindOf(c) === 'stHeading');
  for (const c of (first >= 0 ? all.slice(first + 1) : all)) {
    const kind = kindOf(c);
    if (kind === 'stCustomComponentV1') continue;   // the frame's cookie component
    if (!c.getBoundingClientRect().height && first < 0) continue;
    const info = {};
    if (kind === 'stDataFrame') {
      const g = c.querySelector('[role="grid"], [role="table"]');
      info.rows = Math.max(1, parseInt((g && g.getAttribute('aria-rowcount')) || '11') - 1);
      info.editable = !!c.querySelector('[data-testid="stDataFrameResizable"] .gdg-growing-entry,'
        + ' [aria-readonly="false"]');
    }
    if (kind === 'stHtml') info.rows = c.querySelectorAll('tbody tr').length;
    if (kind === 'stVegaLiteChart' || kind === 'stArrowVegaLiteChart') {
      // a canvas: its marks cannot be counted; the bare chart gets the same height and a
      // bar per 28 px of it (Perkin's charts: a band of about that per category)
      info.height = Math.round(c.getBoundingClientRect().height);
      info.bars = Math.max(4, Math.round(info.height / 28));
    }
    if (kind === 'stMarkdown' || kind === 'stCaptionContainer') {
      // the bare app writes the same text in the same structure (headings, lists, tables,
      // paragraphs): a page of the guide is not a line of text
      const text = c.innerText.trim();
      if (text.length > 80) info.md = toMarkdown(c.querySelector(
        '[data-testid="stMarkdownContainer"]') || c);
    }
    if (kind === 'stImage') {
      const cap = c.querySelector('[data-testid="stImageCaption"]');
      if (cap) info.caption = cap.innerText.trim();
      const img = c.querySelector('img');
      if (img && img.currentSrc) info.src = img.currentSrc;   // fetched by discover()
    }
    out.push([kind, info]);
  }
  for (const kind of ['stExpander', 'stTabs', 'stForm'])
    for (const _ of main.querySelectorAll(`[data-testid="${kind}"]`)) out.push([kind, {}]);
  return out;
}"""


class Server:
    """A server process (its own process group) on a free port."""

    def __init__(self, argv: list[str], env: dict, log: Path):
        self.port = free_port()
        argv = [a.replace("{port}", str(self.port)) for a in argv]
        self.log = log
        self._out = open(log, "wb")
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._out,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + 180
        while not _healthy(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start; see {log}")
            time.sleep(0.1)
        self.url = f"http://localhost:{self.port}"

    def rss_mb(self) -> float:
        """Resident memory of the process group (run.py and its Streamlit child)."""
        total = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                if os.getpgid(int(pid)) != self.proc.pid:
                    continue
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except (OSError, ProcessLookupError):
                continue
        return total / 1024

    def stop(self) -> None:
        _stop(self.proc)
        self._out.close()


def perkin_env(data: Path) -> dict:
    """An office's ``python3 run.py``: none of the tests' or AppTest bench's speed-ups."""
    env = dict(os.environ)
    for name in ("PERKIN_LOGIN_SLEEP", "PERKIN_BCRYPT_ROUNDS", "PERKIN_NOW"):
        env.pop(name, None)
    env.update(PERKIN_DATA_DIR=str(data), PYTHONUTF8="1")
    env.setdefault("PERKIN_VENV", sys.prefix)   # the environment this bench runs in
    return env


def _settle(page, since: float, path: str | None, quiet: int = QUIET_MS) -> tuple[float, int]:
    """(ms from ``since`` to the last script-state change, runs since ``since``)."""
    page.wait_for_function(SETTLED, arg=[quiet, path, since], timeout=TIMEOUT_MS)
    st = page.evaluate("() => window.__st")
    runs = 0
    for t, v in st["changes"]:
        if t >= since and v == "running":
            runs += 1
    return st["last"] - since, runs


def _now(page) -> float:
    return page.evaluate("() => performance.now()")


class Visit:
    """One browser context of one role on one app."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                           locale="id-ID")
        self.context.add_init_script(OBSERVER)
        self.page = self.context.new_page()
        self.url = url

    def first_load(self) -> tuple[float, int]:
        self.page.goto(self.url + "/", wait_until="commit")
        self.page.get_by_label("Nama pengguna").wait_for(state="visible", timeout=TIMEOUT_MS)
        return _settle(self.page, 0.0, None)

    def login(self, username: str, name: str) -> tuple[float, int]:
        self.page.get_by_label("Nama pengguna").fill(username)
        self.page.get_by_label("Kata sandi").fill(PASSWORD)
        since = _now(self.page)
        self.page.get_by_role("button", name="Masuk", exact=True).click()
        self.page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=True).wait_for(
            timeout=TIMEOUT_MS)
        return _settle(self.page, since, None, quiet=max(QUIET_MS, 800))

    def menu(self) -> list[tuple[str, str]]:
        """(title, path) of the sidebar's links, in order."""
        return self.page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stSidebarNav"] a')].map(a => [
            a.innerText.trim().split(/\\s*\\n\\s*/).pop(), new URL(a.href).pathname])""")

    def go(self, title: str, path: str) -> tuple[float, int]:
        links = self.page.locator('[data-testid="stSidebarNav"] a')
        paths = [p for _, p in self.menu()]
        link = links.nth(paths.index(path))
        since = _now(self.page)
        link.click()
        return _settle(self.page, since, path)

    def close(self) -> None:
        self.context.close()


def _names(data: Path) -> dict:
    import sqlite3
    conn = sqlite3.connect(data / "perkin.db")
    try:
        return dict(conn.execute("SELECT username, name FROM users"))
    finally:
        conn.close()


def _fetch_images(v: "Visit", elements: list, media: Path) -> None:
    """The bare app shows the same images: each image Perkin served, saved to ``media``."""
    for _, info in elements:
        src = info.pop("src", None)
        if not src:
            continue
        got = v.context.request.get(src)
        if not got.ok:
            continue
        media.mkdir(parents=True, exist_ok=True)
        path = media / f"image-{len(list(media.iterdir())) + 1}.bin"
        path.write_bytes(got.body())
        info["file"] = str(path)


def discover(browser, url: str, names: dict, progress=print, media: Path | None = None
             ) -> dict:
    """The bare app's specification: each role's menu and each page's elements (with the
    pages' images saved to ``media`` for the bare app to show)."""
    spec = {"roles": {}}
    for role in ROLES:
        v = Visit(browser, url)
        try:
            v.first_load()
            v.login(role, names[role])
            caption = v.page.locator('[data-testid="stSidebar"] '
                                     '[data-testid="stCaptionContainer"]')
            label = caption.first.inner_text() if caption.count() else role
            pages = []
            for title, path in v.menu():
                if path != v.page.evaluate("() => location.pathname"):
                    v.go(title, path)
                elements = v.page.evaluate(ELEMENTS)
                if media is not None:
                    _fetch_images(v, elements, media / role)
                pages.append({"title": title, "url": path.strip("/"), "elements": elements})
            spec["roles"][role] = {"name": names[role], "label": label, "pages": pages}
            progress(f"    {role}: {len(pages)} halaman")
        finally:
            v.close()
    return spec


def bcrypt_check(data: Path, username: str, n: int) -> Stats:
    """The bcrypt check of the login itself (the office's stored hash), in this process."""
    import sqlite3

    import bcrypt
    conn = sqlite3.connect(data / "perkin.db")
    stored = conn.execute("SELECT password_hash FROM users WHERE username = ?",
                          [username]).fetchone()[0].encode()
    conn.close()
    stats = Stats(f"bcrypt.checkpw (cost {stored.split(b'$')[2].decode()})")
    for _ in range(n):
        t0 = time.perf_counter()
        bcrypt.checkpw(PASSWORD.encode(), stored)
        stats.samples.append(time.perf_counter() - t0)
    return stats


def one_round(browser, url: str, spec: dict, names: dict, rec: dict, key: str) -> None:
    done: set[str] = set()
    for role in ROLES:
        v = Visit(browser, url)
        try:
            t, runs = v.first_load()
            rec[key]["first"].append(t / 1000)
            rec[key]["first_runs"].append(runs)
            t, runs = v.login(role, names[role])
            rec[key]["login"].append(t / 1000)
            rec[key]["login_runs"].append(runs)
            pages = spec["roles"][role]["pages"]
            # the login lands on the first (Beranda): it is opened last, from another page
            for p in pages[1:] + pages[:1]:
                if p["url"] in done:
                    continue
                done.add(p["url"])
                t, runs = v.go(p["title"], "/" + p["url"])
                rec[key]["pages"].setdefault(p["title"], []).append(t / 1000)
                rec[key]["page_runs"].setdefault(p["title"], []).append(runs)
        finally:
            v.close()


def run(office_dir: Path, work: Path, n: int, label: str, progress=print) -> list[Result]:
    """Perkin against the bare app on a copy of ``office_dir`` in chromium."""
    from playwright.sync_api import sync_playwright

    python3 = shutil.which("python3") or sys.executable
    venv_python = Path(os.environ.get("PERKIN_VENV") or ROOT / ".venv") / "bin" / "python"
    if not venv_python.exists():
        venv_python = Path(sys.executable)
    data = fresh_copy(office_dir, work / f"browser-{label}-data")
    names = _names(data)
    section = f"Browser ({label})"
    rec = {k: {"first": [], "first_runs": [], "login": [], "login_runs": [], "pages": {},
               "page_runs": {}} for k in ("perkin", "bare")}
    spec_path = work / f"bare-spec-{label}.json"
    perkin = bare = None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            perkin = Server([python3, "run.py", "--port", "{port}"], perkin_env(data),
                            work / f"browser-{label}-perkin.log")
            progress(f"  {label}: halaman tiap peran (tidak diukur) ...")
            media = work / f"bare-media-{label}"
            if media.exists():
                shutil.rmtree(media)
            spec = discover(browser, perkin.url, names, progress, media)
            spec_path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), "utf-8")
            bare_env = dict(os.environ, PERKIN_DATA_DIR=str(data), BENCH_SPEC=str(spec_path),
                            PYTHONUTF8="1")
            bare = Server([str(venv_python), "-m", "streamlit", "run",
                           str(ROOT / "bench" / "bare_app.py"), "--server.port", "{port}",
                           "--server.headless", "true"], bare_env,
                          work / f"browser-{label}-bare.log")
            warm = {k: {"first": [], "first_runs": [], "login": [], "login_runs": [],
                        "pages": {}, "page_runs": {}} for k in ("bare",)}
            one_round(browser, bare.url, spec, names, warm, "bare")   # its imports, untimed
            for i in range(n):
                progress(f"  {label}: putaran {i + 1}/{n} ...")
                order = [("perkin", perkin), ("bare", bare)]
                for key, server in (order if i % 2 == 0 else order[::-1]):
                    one_round(browser, server.url, spec, names, rec, key)
            mem = (perkin.rss_mb(), bare.rss_mb())
            if label == "demo":   # the demo office is where these actions are open
                perkin.stop()
                perkin = None
                acts = actions(browser, office_dir, work, bare, spec, names, n, progress)
        finally:
            for s in (perkin, bare):
                if s is not None:
                    s.stop()
            browser.close()
    out = results(rec, bcrypt_check(data, "camat", max(n, 5)), mem, section)
    return out + (action_results(acts, section) if label == "demo" else [])


# The actions a person takes most, on the demo office as it is built (kesos returned,
# three units sent): (role, page, [(action, button, within the dialog, alert after)]).
ACTIONS = [
    ("kesos", "Formulir Unit", [("Simpan", "Simpan", False, "Format tersimpan"),
                                ("Kirim", "Kirim", False, "Format terkirim ke Sekcam")]),
    ("sekcam", "Pemeriksaan Format", [("Terima (dialog opens)", "Terima {unit}", False, None),
                                      ("Ya, terima", "Ya, terima {unit}", True, "diterima")]),
]
# the bare app's page for the same role's page (kesos is a unit head like pem)
BARE_ROLE = {"kesos": "pem", "sekcam": "sekcam"}


def actions(browser, office_dir: Path, work: Path, bare: "Server", spec: dict, names: dict,
            n: int, progress=print) -> dict:
    """Click-to-settled and script runs of each action in ``ACTIONS``: Perkin on a fresh
    copy of the office each round (an action changes it), the bare app's same page with a
    click on one of its buttons (what any click on that page costs Streamlit)."""
    rec: dict = {}
    for i in range(n):
        progress(f"  aksi: putaran {i + 1}/{n} ...")
        data = fresh_copy(office_dir, work / "browser-actions-data")
        perkin = Server([shutil.which("python3") or sys.executable, "run.py", "--port",
                         "{port}"], perkin_env(data), work / "browser-actions-perkin.log")
        try:
            for role, title, steps in ACTIONS:
                v = Visit(browser, perkin.url)
                try:
                    v.first_load()
                    v.login(role, names[role])
                    v.go(title, dict(v.menu())[title])
                    unit = ""
                    if role == "sekcam":
                        unit = v.page.get_by_role("combobox", name="Unit yang diperiksa",
                                                  exact=True).input_value()
                    for what, button, in_dialog, alert in steps:
                        scope = v.page.get_by_role("dialog") if in_dialog else v.page
                        since = _now(v.page)
                        scope.get_by_role("button", name=button.format(unit=unit),
                                          exact=True).click()
                        t, runs = _settle(v.page, since, None)
                        if alert and not v.page.locator('[data-testid="stAlert"]').filter(
                                has_text=alert).count():
                            raise RuntimeError(f"{role} {what}: no '{alert}' after the click")
                        key = f"{role}: {what} ({title})"
                        rec.setdefault(key, {"perkin": [], "perkin_runs": [], "bare": [],
                                             "bare_runs": []})
                        rec[key]["perkin"].append(t / 1000)
                        rec[key]["perkin_runs"].append(runs)
                finally:
                    v.close()
        finally:
            perkin.stop()
        for role, title, steps in ACTIONS:
            b_role = BARE_ROLE[role]
            page = next(p for p in spec["roles"][b_role]["pages"] if p["title"] == title)
            v = Visit(browser, bare.url)
            try:
                v.first_load()
                v.login(b_role, names[b_role])
                v.go(title, "/" + page["url"])
                buttons = v.page.get_by_role("button", name=re.compile(r"^Tombol \d+$"))
                for what, *_ in steps:
                    since = _now(v.page)
                    buttons.first.click()
                    t, runs = _settle(v.page, since, None)
                    key = f"{role}: {what} ({title})"
                    rec[key]["bare"].append(t / 1000)
                    rec[key]["bare_runs"].append(runs)
            finally:
                v.close()
    return rec


def action_results(rec: dict, section: str) -> list[Result]:
    out = []
    for key, r in rec.items():
        s = Stats(key, r["perkin"], f"{_med_runs(r['perkin_runs'])} run "
                                    f"(bare {_med_runs(r['bare_runs'])})")
        out.append(Result(section + ": actions", s, Stats("bare page, a button", r["bare"]),
                          "1 run", statistics.median(r["perkin_runs"]) <= 1))
    return out


def _med_runs(xs: list[int]) -> str:
    return f"{statistics.median(xs):g}" if xs else "-"


def results(rec: dict, bcrypt_stats: Stats, mem: tuple[float, float], section: str
            ) -> list[Result]:
    p, b = rec["perkin"], rec["bare"]
    out = []
    first = Stats("first load -> login form settled", p["first"],
                  f"{_med_runs(p['first_runs'])} run (bare {_med_runs(b['first_runs'])}); "
                  f"server memory {mem[0]:.0f} MB (bare {mem[1]:.0f} MB)")
    first_b = Stats("bare app", b["first"])
    out.append(Result(section, first, first_b, f"<= {TARGET_FIRST:g}x bare",
                      first.median <= TARGET_FIRST * first_b.median))
    login = Stats("Masuk -> Beranda settled", p["login"],
                  f"{_med_runs(p['login_runs'])} run (bare {_med_runs(b['login_runs'])}); "
                  f"{bcrypt_stats.name} {bcrypt_stats.median * 1000:.0f} ms")
    login_b = Stats("bare app", b["login"])
    limit = TARGET_LOGIN * login_b.median + bcrypt_stats.median
    out.append(Result(section, login, login_b,
                      f"<= {TARGET_LOGIN:g}x bare + bcrypt ({limit * 1000:.0f} ms)",
                      login.median <= limit))
    all_p, all_b = [], []
    for title, samples in p["pages"].items():
        base = b["pages"].get(title, [])
        s = Stats(f"page {title}", samples,
                  f"{_med_runs(p['page_runs'][title])} run "
                  f"(bare {_med_runs(b['page_runs'].get(title, []))})")
        sb = Stats("bare", base)
        ok = bool(base) and s.median <= TARGET_PAGE * sb.median
        out.append(Result(section, s, sb, f"<= {TARGET_PAGE:g}x bare", ok))
        all_p += samples
        all_b += base
    out.append(Result(section, Stats("all page changes", all_p),
                      Stats("bare", all_b), f"<= {TARGET_PAGE:g}x bare",
                      bool(all_b) and statistics.median(all_p)
                      <= TARGET_PAGE * statistics.median(all_b)))
    return out


def demo_office(out: Path, progress=print) -> Path:
    """The demo office (``lib.cli init --demo``, shipped bcrypt cost), cached like the others."""
    final = out / "offices" / "demo-browser-v1"
    if (final / "perkin.db").exists() and (final / ".complete").exists():
        return final
    if final.exists():
        shutil.rmtree(final)
    final.mkdir(parents=True)
    progress("Membangun kantor demo (lib.cli init --demo) ...")
    env = perkin_env(final)
    r = subprocess.run([sys.executable, "-m", "lib.cli", "init", "--demo", "--today",
                        "2026-11-24"], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=600)
    if r.returncode != 0:
        raise RuntimeError(r.stdout + r.stderr)
    (final / ".complete").write_text("demo\n")
    return final


def main(argv=None) -> int:   # python -m bench.browser [--n N] [--office demo|large|quick]
    import argparse

    import bench
    from bench import OUT, doc, office
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2)
    ap.add_argument("--office", default="demo", choices=["demo", "large", "quick"])
    ns = ap.parse_args(argv)
    bench.setup_env()
    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    path = (demo_office(OUT) if ns.office == "demo" else
            office.cached(office.LARGE if ns.office == "large" else office.QUICK_LARGE, OUT,
                          progress=print))
    res = run(path, work, ns.n, ns.office)
    print(doc.table_text(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
