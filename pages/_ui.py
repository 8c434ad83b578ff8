"""The only Streamlit glue shared by pages: database per session, the current
user, page guards, flash messages, and the page registry app.py navigates.

Pages stay thin: read widgets -> call one lib service -> show the result or
the PerkinError message -> st.rerun().
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import streamlit as st

from db import connect, migrate
from lib import access, markdown, office, paths, users
from lib.errors import PerkinError

FORBIDDEN = "Anda tidak berhak membuka halaman ini."


@st.cache_resource(scope="session", show_spinner=False)
def _session_db(path: str):
    db = connect(path)
    migrate(db)
    return db


def unavailable(err: PerkinError) -> None:
    """The data folder cannot be opened (a full disk, a read-only folder): say so in
    Indonesian on a one-page navigation (STACK-NOTES: st.navigation on every run, never
    st.stop() before it) and stop. The next run tries again."""
    def perkin_tidak_tersedia() -> None:
        st.title("Perkin")
        st.error(escape_md(str(err)))

    st.navigation([st.Page(perkin_tidak_tersedia, title="Perkin", url_path="tidak-tersedia",
                           default=True)]).run()
    st.stop()


@st.cache_resource(show_spinner=False)
def warm_workers() -> bool:
    """Start the upload parser's fork server once per server process (lib.sandbox), so
    the first upload does not wait for it."""
    from lib import sandbox

    sandbox.warm()
    return True


_FROZEN = {"modules": 0}


def freeze_imports() -> None:
    """After a run that imported modules: collect once, then move every object alive now
    (modules, classes, functions: what imports made) out of the garbage collector's view
    (gc.freeze). Streamlit runs gc.collect(2) after every script run; over all of Perkin's
    imports that took 135-195 ms a run (issue #21). New objects are collected as before."""
    import gc
    import sys

    if len(sys.modules) != _FROZEN["modules"]:
        _FROZEN["modules"] = len(sys.modules)
        gc.collect()
        gc.freeze()


def get_db():
    """One SQLite connection per browser session (never shared across threads)."""
    return _session_db(str(paths.db_path()))


def requested_page() -> str:
    """The page name in the address the browser asked for ("pemantauan" for a bookmark of
    /pemantauan), or "" (a rerun, or the default page). Streamlit keeps it on the run's
    pages manager; there is no public API for it in 1.67."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    return str(getattr(manager, "intended_page_name", "") or "")


def current_user() -> users.User | None:
    if not st.session_state.get("authentication_status"):
        return None
    username = st.session_state.get("username")
    if not username:
        return None
    try:
        user = users.get_user(get_db(), username)
    except PerkinError:
        return None
    return user if user.active else None


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    group: str
    allowed: Callable[[users.User], bool]
    default: bool = False


def _any(*actions):
    return lambda u: any(access.can(u, a) for a in actions)


def _role(*roles):
    return lambda u: bool(u.roles & set(roles))


PAGES: list[PageSpec] = [
    PageSpec("pages/beranda.py", "Beranda", ":material/home:", "Umum", lambda u: True, True),
    PageSpec("pages/siklus.py", "Siklus LKjIP", ":material/timeline:", "Umum",
             _any("cycle.view")),
    PageSpec("pages/formulir.py", "Formulir Unit", ":material/edit_note:", "Format",
             _role("kasi_kasubbag")),
    PageSpec("pages/master.py", "Master Indikator", ":material/list_alt:", "Format",
             _any("master.edit")),
    PageSpec("pages/perencanaan.py", "Perencanaan Kinerja", ":material/flag:", "Format",
             _any("planning.view")),
    PageSpec("pages/pemeriksaan.py", "Pemeriksaan Format", ":material/fact_check:", "Format",
             _any("format.review")),
    PageSpec("pages/rekap.py", "Rekapitulasi", ":material/table_chart:", "Format",
             _any("rekap.view")),
    PageSpec("pages/referensi.py", "Dokumen Referensi", ":material/folder_open:", "Format",
             _any("reference.view")),
    PageSpec("pages/anggaran.py", "Realisasi Anggaran", ":material/payments:", "Format",
             _any("budget.edit")),
    PageSpec("pages/penyusunan.py", "Penyusunan LKjIP", ":material/description:", "Laporan",
             _any("narrative.edit")),
    PageSpec("pages/pemantauan.py", "Pemantauan", ":material/monitoring:", "Laporan",
             _any("dashboard.view")),
    PageSpec("pages/persetujuan.py", "Persetujuan", ":material/approval:", "Laporan",
             _any("approval.view")),
    PageSpec("pages/reviu.py", "Reviu LKjIP", ":material/rate_review:", "Laporan",
             _any("reviu.record")),
    PageSpec("pages/dokumen.py", "Dokumen", ":material/picture_as_pdf:", "Laporan",
             _any("documents.view")),
    PageSpec("pages/register.py", "Register Surat", ":material/book:", "Laporan",
             _any("register.manage")),
    PageSpec("pages/riwayat.py", "Riwayat", ":material/history:", "Laporan",
             _any("events.view")),
    PageSpec("pages/admin_profil.py", "Profil Kecamatan", ":material/apartment:", "Admin",
             _any("admin.manage")),
    PageSpec("pages/admin_unit.py", "Unit Kerja", ":material/groups:", "Admin",
             _any("admin.manage")),
    PageSpec("pages/admin_pengguna.py", "Pengguna", ":material/manage_accounts:", "Admin",
             _any("admin.manage")),
    PageSpec("pages/admin_kalender.py", "Jam Kerja & Libur", ":material/calendar_month:",
             "Admin", _any("admin.manage")),
    PageSpec("pages/admin_sop.py", "Definisi SOP", ":material/account_tree:", "Admin",
             _any("admin.manage")),
    PageSpec("pages/panduan.py", "Panduan", ":material/help:", "Bantuan", lambda u: True),
    PageSpec("pages/akun.py", "Akun Saya", ":material/person:", "Bantuan", lambda u: True),
    PageSpec("pages/verifikasi.py", "Verifikasi Dokumen", ":material/verified:", "Bantuan",
             lambda u: True),
]
PUBLIC_PAGES = {"pages/verifikasi.py"}


def pages_for(user) -> list[PageSpec]:
    """The pages of ``user``'s menu, in sidebar order."""
    return [p for p in PAGES if p.allowed(user)]


def require_page(path: str) -> users.User:
    """Every page calls this first: the page's own role check, not only the menu."""
    if not st.session_state.get("perkin.frame"):
        # Streamlit ran this page file by itself: a deep link was the server process's
        # first request, before app.py's st.navigation switched it out of the old
        # pages/-folder mode. Go through the frame (login, navigation) instead, and open
        # this page after the login (the switch loses the address asked for).
        st.session_state["perkin.asked"] = path.removeprefix("pages/").removesuffix(".py")
        st.switch_page("app.py")
    spec = next(p for p in PAGES if p.path == path)
    user = current_user()
    if path in PUBLIC_PAGES:
        return user
    if user is None or not spec.allowed(user):
        st.error(FORBIDDEN)
        st.stop()
    return user


def flash(message: str, kind: str = "success") -> None:
    st.session_state.setdefault("perkin.flash", []).append((kind, message))


def show_flash() -> None:
    # Flash messages name what was saved (titles, names, numbers): shown as text.
    for kind, message in st.session_state.pop("perkin.flash", []):
        getattr(st, kind)(escape_md(message))


def show_error(err: PerkinError) -> None:
    # Messages carry user and file text (a typed number, a unit name, a workbook cell).
    st.error(escape_md(str(err)))
    problems = getattr(err, "problems", None) or []
    if len(problems) > 1:
        with st.expander(f"Rincian ({len(problems)} masalah)", expanded=len(problems) <= 10):
            for p in problems[:200]:
                st.markdown(f"- {escape_md(p)}")


def escape_md(text: str) -> str:
    """User or file text shown through Markdown: never rendered (lib.markdown.escape)."""
    return markdown.escape(text)


def is_demo() -> bool:
    try:
        return office.is_demo(get_db())
    except Exception:  # pragma: no cover - before migrations
        return False


def year_picker(key: str, label: str = "Tahun laporan") -> int | None:
    """Select a cycle year (most recent first); None when no cycle exists."""
    from lib import cycles

    years = [c.year for c in cycles.list_cycles(get_db())]
    if not years:
        return None
    return st.selectbox(label, years, key=key)


def cycle_year_or_stop(page: str, key: str, empty: str) -> int:
    """The report year chosen on ``page`` (a Tugas card's year taken first); ``empty``
    shown and the page stopped while no cycle exists."""
    from lib import cycles

    years = [c.year for c in cycles.list_cycles(get_db())]
    if not years:
        st.info(empty)
        st.stop()
    take_focus(page, key, years)
    return st.selectbox("Tahun laporan", years, key=key)


def pdf_preview(data: bytes, pages: int = 2) -> None:
    """The one PDF preview of the app: the first ``pages`` pages as images side by side
    (Chrome blocks data: PDFs), half width each so a one-page letter is not blown up."""
    from lib.services import documents

    images = documents.preview_png(data, pages=pages, dpi=80)
    if not images:
        return
    total = documents.page_count(data)
    cols = st.columns(max(2, len(images)))
    for i, (col, png) in enumerate(zip(cols, images), 1):
        col.image(png, caption=f"Halaman {i} dari {total}", width="stretch")


def file_row(f, *, key: str, caption: str, may_delete: bool = False, user=None) -> None:
    """One stored file (lib.files.StoredFile): what it is, Unduh, and Hapus when allowed.
    The stored bytes are checked against their SHA-256 before they are offered."""
    from lib import files

    a, b, c = st.columns([4, 1, 1])
    a.markdown(caption)
    try:
        _, body = files.read_bytes(get_db(), f.id)
        b.download_button("Unduh", body, file_name=f.download_name, mime=f.mime,
                          key=f"{key}.unduh.{f.id}")
    except PerkinError as err:
        b.caption(str(err))
    if may_delete and c.button("Hapus", key=f"{key}.hapus.{f.id}"):
        try:
            files.delete_file(get_db(), user, f.id)
        except PerkinError as err:
            show_error(err)
        else:
            st.rerun()


def deferred(fn, *args, **kwargs):
    """Data for st.download_button built only when the user clicks (Streamlit runs the
    callable outside the script thread, so it opens its own connection). Building every
    export on every rerun cost the Rekapitulasi page ~770 ms (docs/BENCHMARKS.md)."""
    def build() -> bytes:
        db = connect(paths.db_path())
        try:
            return fn(db, *args, **kwargs)
        finally:
            db.conn.close()
    return build


def number_table(rows: list[dict], numbers: dict[str, str] | None = None, *,
                 height=None, key: str | None = None, target=None) -> None:
    """The one read-only table with numbers: every column in ``numbers`` (name -> kind of
    ``lib.spelling.format_cell``: bilangan, desimal, persen, rupiah, selisih) is written as
    Indonesian text (``1.528``, ``125,00%``, ``Rp27.350.000``) and aligned right. The
    grid's own number formats follow the browser's locale or C's printf (``1528``,
    ``125.00``), so numbers are never handed to it as numbers. Years stay plain: leave
    them out of ``numbers`` and pass them as text."""
    import pandas as pd

    from lib import spelling

    numbers = numbers or {}
    out = [{k: (spelling.format_cell(v, numbers[k]) if k in numbers else v)
            for k, v in r.items()} for r in rows]
    config = {k: st.column_config.TextColumn(alignment="right") for k in numbers}
    kwargs = {"height": height} if height is not None else {}
    (target or st).dataframe(pd.DataFrame(out), hide_index=True, placeholder="–",
                             width="stretch", column_config=config, key=key, **kwargs)


def chart(spec: dict) -> None:
    """A chart from ``lib.charts`` (a Vega-Lite spec with the Indonesian locale in it)."""
    st.vega_lite_chart(spec, width="stretch")


def uploader(kind: str, *, key: str | None = None, lead: str | None = None,
             help: str | None = None):
    """The app's one file uploader, for ``lib.uploads.UPLOADERS[kind]``: its types and
    limit in the label (from the same table the service checks with), the widget's own
    limit the same, and any file type accepted by the widget, so that a wrong file is
    refused by the service's content check in Indonesian, never by Streamlit's English
    MIME message."""
    from lib import uploads

    u = uploads.UPLOADERS[kind]
    return st.file_uploader(u.label(lead), type=None, key=key, help=help,
                            max_upload_size=u.max_mb)


def import_preview(user, pv, *, key: str) -> dict | None:
    """An Excel import preview (lib.format.workbook.Preview) with its per-row problems; the
    "Simpan hasil impor" button applies it all-or-nothing. Returns the apply result
    (then the caller resets its widgets and reruns), or None."""
    from lib.format import workbook

    c = pv.counts()
    st.markdown(f"Pratinjau lembar **{escape_md(pv.sheet)}**: {c['ubah']} baris diubah, "
                f"{c['tambah']} baris baru.")
    if pv.unknown_units:
        st.warning("'Yang membidangi' tidak dikenal: "
                   + ", ".join(escape_md(u) for u in pv.unknown_units)
                   + ". Pilih unitnya pada pilihan Unit di atas, atau perbaiki nama di file.")
    import pandas as pd

    st.dataframe(pd.DataFrame(pv.table()), hide_index=True, placeholder="–", width="stretch")
    if not pv.ok:
        # the one rule of lib.format.workbook (the CLI refuses the same file): a row that
        # is wrong blocks the whole import; Simpan stays visible, disabled
        blocking = pv.blocking
        st.error(f"File belum dapat diimpor ({len(blocking)} masalah) dan tidak ada yang "
                 "disimpan; perbaiki baris berikut lalu unggah ulang.")
        for p in blocking[:50]:
            st.markdown(f"- {escape_md(p)}")
        if len(blocking) > 50:
            st.caption(f"… dan {len(blocking) - 50} masalah lain.")
        st.button("Simpan hasil impor", key=key, type="primary", disabled=True)
        return None
    choices = program_choices(user, pv, key=key)
    if choices is None:   # Simpan stays visible, disabled until every programme is chosen
        st.button("Simpan hasil impor", key=key, type="primary", disabled=True)
        return None
    if not st.button("Simpan hasil impor", key=key, type="primary"):
        return None
    try:
        res = workbook.apply_import(get_db(), user, pv, program_choices=choices)
    except PerkinError as err:
        show_error(err)
        return None
    flash(f"Impor tersimpan: {res['ubah']} baris diubah, {res['tambah']} baris baru.")
    return res


def program_choices(user, pv, *, key: str) -> dict | None:
    """Column-6 texts of an import that name no programme of the year: the user picks
    the programme meant (or creates one) for each; None until every one is chosen."""
    if not pv.unmatched_programs:
        return {}
    from lib import access
    from lib.planning import links, programs

    progs = {p.id: p.label for p in programs.list_programs(get_db(), pv.year)}
    options = [None, *progs] + ([links.NEW] if access.can(user, "program.edit") else [])
    labels = {None: "(pilih program)", links.NEW: "Buat program baru dengan nama ini"} | progs
    st.warning(f"{len(pv.unmatched_programs)} teks Program/Kegiatan (kolom 6) tidak sama persis "
               "dengan daftar program tahun ini. Pilih program yang dimaksud; Perkin tidak "
               "menautkan dengan menebak.")
    choices = {}
    for i, text in enumerate(pv.unmatched_programs):
        choices[text] = st.selectbox(f"Kolom 6: {text}", options, key=f"{key}.program.{i}",
                                     format_func=lambda k: labels[k])
    if any(v is None for v in choices.values()):
        st.info("Simpan hasil impor tersedia setelah setiap program dipilih.")
        return None
    return choices


def act(done: str, fn, *args, **kwargs) -> None:
    """Run one lib service: on success flash ``done`` and rerun; a PerkinError is shown
    where the user acted and nothing else happens (the service wrote nothing)."""
    try:
        fn(*args, **kwargs)
    except PerkinError as err:
        show_error(err)
    else:
        flash(done)
        st.rerun()


# ------------------------------------------------------------------ tasks lead to their thing
FOCUS = "perkin.focus"


def open_task(focus: dict, page: str) -> None:
    """Go to ``page`` with the year/unit/step the task names selected there."""
    st.session_state[FOCUS] = dict(focus, page=page)
    st.switch_page(page)


def take_focus(page: str, year_key: str | None = None, years=None) -> dict | None:
    """On ``page``: the focus a Kerjakan left for it (once), with its year preselected in
    the page's year selectbox ``year_key`` when that year is one of ``years``."""
    focus = st.session_state.get(FOCUS)
    if not focus or focus.get("page") != page:
        return None
    st.session_state.pop(FOCUS, None)
    if year_key and focus.get("year") is not None and (years is None or
                                                       focus["year"] in years):
        st.session_state[year_key] = focus["year"]
    return focus


# ------------------------------------------------------------------ grids that fit the screen
# Read-only grids are HTML tables with fixed column shares that wrap their text: every
# column is on screen at any width (1366 px laptops included), as on paper. Editable
# grids (st.data_editor, a canvas) get pixel widths that add up to less than the main
# column at 1366 x 768 and a row height that lets text wrap (> 4rem). Every grid's
# columns are defined once, here; numbers are spelled by lib.spelling.
@dataclass(frozen=True)
class Col:
    header: str
    key: str
    share: float                 # relative width in a paper table
    align: str = "left"
    spell: Callable | None = None   # value -> text (lib.spelling), None/"" -> "–"


def _percent(v) -> str:
    from lib import spelling

    # two decimals, as published LKjIPs write a capaian (100,00%, 95,24%)
    return spelling.format_cell(v, "persen")


def _datetime(v) -> str:
    from lib import spelling

    return spelling.format_datetime(v) if v else "–"


def _int(v) -> str:
    from lib import spelling

    if v is None or v == "":
        return "–"
    try:
        return spelling.format_number(int(v), 0)
    except (TypeError, ValueError):
        return str(v)


# the nine columns of the SOP's format (section V) and what the screens add to them
FORMAT_GRID = [
    Col("No", "baris", 3.5, "center"),
    Col("Sasaran Strategis", "sasaran", 12),
    Col("Indikator Kinerja", "indikator", 15),
    Col("Target", "target", 7),
    Col("Realisasi/ Progres Capaian", "realisasi", 9),
    Col("Program/Kegiatan/ Sub Kegiatan", "program", 12),
    Col("Sumber Data", "sumber_data", 9),
    Col("Yang membidangi", "yang_membidangi", 9.5),
    Col("Ket", "ket_text", 9),
    Col("Capaian", "capaian", 6.5, "right", _percent),
    Col("Predikat", "predikat_text", 8),
]
REKAP_GRID = [Col("Sasaran Strategis", "sasaran_grup", 12)] + [
    c if c.key != "baris" else Col("No", "no_urut", 3.5, "center") for c in FORMAT_GRID
    if c.key != "sasaran"]
TIMELINE_GRID = [
    Col("No", "No", 3, "center"),
    Col("Kegiatan", "Kegiatan", 17),
    Col("Pelaksana", "Pelaksana", 8),
    Col("Unit", "Unit", 9),
    Col("Putaran / Versi", "putaran_versi", 5.5, "center"),
    Col("Dibuka", "Dibuka", 8, spell=_datetime),
    Col("Selesai", "Selesai", 8, spell=_datetime),
    Col("Oleh", "Oleh", 8),
    Col("Hasil", "Hasil", 7),
    Col("Menit kerja", "Menit kerja", 5.5, "right", _int),
    Col("Mutu Baku (menit)", "Mutu Baku (menit)", 5.5, "right", _int),
    Col("Selisih (menit)", "Selisih (menit)", 5.5, "right", _int),
    Col("Alasan", "Alasan", 10),
]
UNIT_STATE_GRID = [
    Col("Unit", "unit", 24), Col("Status", "status", 11), Col("Dihimpun", "dihimpun", 8, "center"),
    Col("Putaran", "putaran", 7, "center"), Col("Diperbarui", "diperbarui", 13, spell=_datetime),
    Col("Oleh", "oleh", 12), Col("Alasan pengembalian", "alasan", 25)]


def unit_state_rows(states: dict) -> list[dict]:
    from lib import clock, cycles

    return [{"unit": s["name"], "status": cycles.UNIT_STATES.get(s["state"], s["state"]),
             "dihimpun": "Ya" if s["compiled_round"] else "Belum", "putaran": s["round"],
             "diperbarui": clock.parse(s["updated_at"]) if s["updated_at"] else None,
             "oleh": s["updated_by_name"] or "", "alasan": s["reason"] or ""}
            for s in states.values()]


def format_row_view(r: dict) -> dict:
    """A format row (lib.format.store.list_rows / rekap) with the screen's derived cells."""
    ket = r.get("ket") or ""
    if r.get("belum_berjalan"):
        ket = "Kegiatan belum berjalan." + (f" {ket}" if ket else "")
    reason = r.get("capaian_reason") or r.get("alasan") or ""
    return dict(r, ket_text=ket, predikat_text=r.get("predikat") or reason)


def paper_table(cols: list[Col], rows: list[dict], *, key: str, number_row: int = 0,
                empty: str = "Belum ada baris.") -> None:
    """A read-only grid as on paper: every column in view, long text wrapped."""
    import html

    if not rows:
        st.caption(empty)
        return
    total = sum(c.share for c in cols)
    colgroup = "".join(f'<col style="width:{c.share / total * 100:.2f}%">' for c in cols)
    # headers break after "/" (zero-width space), never inside a word
    head = "".join(f'<th data-col="{html.escape(c.header)}">'
                   f'{html.escape(c.header).replace("/", "/&#8203;")}</th>' for c in cols)
    # the paper's column-number row: 1 .. 9 under the nine columns of the format
    numbers = ("<tr class='pk-nums'>" + "".join(
        f"<td>{i if i <= number_row else ''}</td>" for i in range(1, len(cols) + 1))
        + "</tr>" if number_row else "")

    def cell(c: Col, r: dict) -> str:
        v = r.get(c.key)
        if c.spell is not None:
            text = c.spell(v)
        else:
            text = "–" if v is None or (isinstance(v, str) and not v.strip()) else str(v)
        return f'<td style="text-align:{c.align}">{html.escape(text)}</td>'

    body = "".join("<tr>" + "".join(cell(c, r) for c in cols) + "</tr>" for r in rows)
    st.html(
        "<style>"
        ".pk-grid{overflow-x:auto;margin-bottom:.5rem}"
        ".pk-grid table{table-layout:fixed;width:100%;border-collapse:collapse;"
        "font-size:.8rem;line-height:1.3}"
        ".pk-grid th,.pk-grid td{border:1px solid rgba(49,51,63,.2);padding:4px 5px;"
        "vertical-align:top;overflow-wrap:anywhere;word-break:normal;hyphens:auto}"
        ".pk-grid th{background:rgba(49,51,63,.06);font-weight:600;text-align:center;"
        "font-size:.74rem;overflow-wrap:normal}"
        ".pk-grid tr.pk-nums td{text-align:center;font-size:.7rem;color:#666;padding:1px}"
        "@media (max-width:640px){.pk-grid table{min-width:760px}}"
        "</style>"
        f'<div class="pk-grid" data-grid="{html.escape(key)}" lang="id"><table>'
        f"<colgroup>{colgroup}</colgroup><thead><tr>{head}</tr>{numbers}</thead>"
        f"<tbody>{body}</tbody></table></div>")


# the unit's fill grid (Formulir Unit): the columns a Kasi fills or must judge, sized to
# fit the main column of a 1366 px screen with the sidebar open (about 900 px); the
# context columns (Sasaran, Program, Yang membidangi) are in the row panel and in
# "Lihat seluruh tabel". Column names stay the paper's (the editor's edits are keyed
# by them); the labels are short.
FORM_EDITOR_ORDER = ["No", "Indikator Kinerja", "Target", "Realisasi/ Progres Capaian",
                     "Sumber Data", "Ket", "Belum berjalan", "Capaian", "Predikat"]
FORM_EDITOR_WIDTHS = [40, 190, 80, 130, 110, 110, 70, 70, 85]
FORM_EDITOR_ROW_HEIGHT = 72   # > 4rem: Streamlit lets cell text wrap


def form_editor_config() -> dict:
    w = dict(zip(FORM_EDITOR_ORDER, FORM_EDITOR_WIDTHS))
    return {
        "No": st.column_config.TextColumn("No", width=w["No"],
                                          help="Nomor baris, sama dengan catatan Sekcam"),
        "Indikator Kinerja": st.column_config.TextColumn(width=w["Indikator Kinerja"]),
        "Target": st.column_config.TextColumn(width=w["Target"]),
        "Realisasi/ Progres Capaian": st.column_config.TextColumn(
            "Realisasi", width=w["Realisasi/ Progres Capaian"],
            help="Realisasi/ Progres Capaian. Tulis seperti biasa: 85,5%, 12 dokumen, "
                 "1.250 orang, BB, Ada"),
        "Sumber Data": st.column_config.TextColumn(width=w["Sumber Data"]),
        "Ket": st.column_config.TextColumn(width=w["Ket"]),
        "Belum berjalan": st.column_config.CheckboxColumn(
            "Belum jalan", width=w["Belum berjalan"],
            help="Centang bila kegiatan belum berjalan (tidak perlu realisasi)"),
        "Capaian": st.column_config.TextColumn(width=w["Capaian"]),
        "Predikat": st.column_config.TextColumn(width=w["Predikat"]),
    }


# ------------------------------------------------------------------ papers at their step
def _rendered(doc: str, year: int, unit_code: str | None = None):
    """(pdf, filename, warnings) of a document, rendered again only when something was
    written since (the newest event id): a step's paper beside its buttons without a
    PDF render on every rerun."""
    from lib.services import documents

    db = get_db()
    mark = db.execute("SELECT MAX(id) FROM events").fetchone()[0]
    cache = st.session_state.setdefault("perkin.papers", {})
    key = (doc, year, unit_code)
    hit = cache.get(key)
    if hit is None or hit[0] != mark:
        cache[key] = hit = (mark, documents.render(db, doc, year, unit_code))
    return hit[1]


def paper(doc: str, year: int, *, key: str, label: str, unit_code: str | None = None,
          preview: int = 0) -> None:
    """A step's document: its download (and the first ``preview`` pages as images)."""
    try:
        data, filename, warnings = _rendered(doc, year, unit_code)
    except PerkinError as err:
        show_error(err)
        return
    word = label.replace("(PDF)", "(Word)") if "(PDF)" in label else "Unduh Word"
    paper_buttons(data, filename, doc, year, key=key, label=label, word_label=word,
                  unit_code=unit_code)
    for w in warnings:
        st.caption(w)
    if preview:
        pdf_preview(data, pages=preview)


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(db, doc: str, year: int, unit_code: str | None = None, versi: int | None = None
          ) -> bytes:
    if doc == "pk":
        from lib.planning import pk_paper
        return pk_paper.render(db, year, versi, fmt="docx")[0]
    from lib.services import documents
    return documents.render(db, doc, year, unit_code, fmt="docx")[0]


def word_button(container, doc: str, year: int, filename: str, *, key: str,
                label: str = "Unduh Word", unit_code: str | None = None,
                versi: int | None = None) -> None:
    """The paper's Word (.docx) download, built only when clicked, named as its PDF."""
    stem = filename[:-4] if filename.lower().endswith(".pdf") else filename
    container.download_button(label, deferred(_docx, doc, year, unit_code, versi),
                              file_name=f"{stem}.docx", mime=DOCX_MIME, key=f"{key}.docx",
                              icon=":material/description:")


def paper_buttons(pdf, filename: str, doc: str, year: int, *, key: str,
                  label: str = "Unduh PDF", word_label: str = "Unduh Word",
                  unit_code: str | None = None, versi: int | None = None,
                  primary: bool = False) -> None:
    """"Unduh PDF" and "Unduh Word" side by side (``pdf``: bytes or a callable)."""
    c1, c2 = st.columns(2)
    c1.download_button(label, pdf, file_name=filename, mime="application/pdf", key=key,
                       icon=":material/download:", type="primary" if primary else "secondary")
    word_button(c2, doc, year, filename, key=key, label=word_label, unit_code=unit_code,
                versi=versi)


# ------------------------------------------------------------------ another role's page
def who_may_open(spec: PageSpec) -> str:
    """The roles a page is for, in words ("Sekretaris Camat", "Kasubbag PEP")."""
    labels = []
    for role in ("camat", "sekcam", "kasi_kasubbag", "jf", "admin"):
        probe = users.User(None, "-", "-", role, is_admin=role == "admin")
        if spec.allowed(probe):
            labels.append(access.ROLE_LABELS[role])
        elif role == "kasi_kasubbag":
            for code, label in (("umum", "Kasubbag Umum"), ("pep", "Kasubbag PEP")):
                if spec.allowed(users.User(None, "-", "-", role, unit_codes=(code,))):
                    labels.append(label)
    if not labels:
        return "pengguna lain"
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " dan " + labels[-1]


def refusal_page(spec: PageSpec) -> Callable[[], None]:
    """What another role's address shows instead of a silent jump to Beranda."""
    def page() -> None:
        user = current_user()
        st.title(spec.title)
        st.warning(f"Halaman ini untuk {who_may_open(spec)}. Anda masuk sebagai "
                   f"{user.role_label if user else 'tamu'}, sehingga halaman ini tidak "
                   "dibuka.", icon=":material/block:")
        st.page_link("pages/beranda.py", label="Kembali ke Beranda", icon=":material/home:")
    page.__name__ = "tolak_" + spec.path.rsplit("/", 1)[-1].removesuffix(".py")
    return page


# ------------------------------------------------------------------ phones
# On a phone the sidebar covers the page; Streamlit leaves it open after a page is chosen
# from it. When the page's address changes on a screen narrower than Streamlit's mobile
# breakpoint, the sidebar is closed with its own collapse button. The watcher is a script
# element of the page itself (a function made in the component's frame stops running
# when Streamlit replaces that frame), installed once per browser tab.
_CLOSE_SIDEBAR_JS = """
<script>
const p = window.parent;
if (!p.document.getElementById("perkin-sidebar-watch")) {
  const s = p.document.createElement("script");
  s.id = "perkin-sidebar-watch";
  s.textContent = `
    const perkinCloseSidebar = () => {
      if (window.innerWidth >= 768) return;
      const bar = document.querySelector('[data-testid="stSidebar"]');
      if (!bar || bar.dataset.collapsed === 'true') return;
      const btn = bar.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (btn) btn.click();
    };
    let perkinPath = location.pathname;
    setInterval(() => {
      if (location.pathname === perkinPath) return;
      perkinPath = location.pathname;
      perkinCloseSidebar();
    }, 200);
    // the page already open chosen again: no new address, close all the same
    document.addEventListener("click", (ev) => {
      if (ev.target.closest('[data-testid="stSidebarNav"] a')) setTimeout(perkinCloseSidebar, 400);
    }, true);`;
  p.document.head.appendChild(s);
}
</script>
"""


def close_sidebar_on_phones() -> None:
    import streamlit.components.v1 as components

    components.html(_CLOSE_SIDEBAR_JS, height=0)


def report_title(db) -> str:
    """The report's name as the office calls it (setting ``report_title``): LKjIP or LAKIP."""
    from lib import office

    return office.get_setting(db, "report_title") or "LKjIP"


def page_title(spec: PageSpec, db) -> str:
    """A page's menu title, the report's name following the setting."""
    return spec.title.replace("LKjIP", report_title(db))


def readiness_panel(ready, *, key: str, expanded: bool = True) -> None:
    """Kesiapan LKjIP: the blocking items and the warnings by chapter, who can fix each,
    and the LKE 3.b criteria as the share met (lib.lkjip.readiness.Readiness)."""
    from lib.spelling import format_percent

    n_block, n_warn = len(ready.blocking), len(ready.warnings)
    head = (f"Kesiapan LKjIP {ready.year}: {n_block} butir wajib, {n_warn} saran"
            if ready.items else f"Kesiapan LKjIP {ready.year}: tidak ada yang kurang")
    with st.expander(head, expanded=expanded and bool(ready.items), icon=(
            ":material/error:" if n_block else ":material/check_circle:")):
        if not ready.items:
            st.success("Semua yang diperiksa reviu sudah tersedia.")
        for chapter, items in ready.by_chapter():
            st.markdown(f"**{escape_md(chapter)}**")
            for i in items:
                mark = "Wajib" if i.blocking else "Saran"
                where = f"{escape_md(i.sasaran)}: " if i.sasaran else ""
                st.markdown(f"- **{mark}** · {where}{escape_md(i.message)} "
                            f"· *{escape_md(i.who_label)}*")
        if ready.lke:
            share = ready.lke_share()
            st.markdown("**Kriteria LKE 3.b (pelaporan kinerja) per sasaran**"
                        + (f" · terpenuhi {format_percent(share)}" if share is not None else ""))
            st.dataframe([{"Kriteria": c.name, "Terpenuhi": f"{c.met} dari {c.total}",
                           "Persentase": format_percent(c.share) if c.share is not None else "-"}
                          for c in ready.lke], hide_index=True, width="stretch",
                         key=f"{key}.lke")


# ------------------------------------------------------------------ the login cookie
# streamlit-authenticator writes and deletes its cookie through extra-streamlit-components'
# CookieManager, a component that reports the browser's cookie list back on every mount:
# one more script run on every first load (and after a login), for nothing, since the
# library reads the cookie from the request (st.context.cookies). Perkin gives the library
# this stand-in instead (app.py): the same cookie (path /, SameSite=Strict, the same
# expiry), written or deleted by a script element that reports nothing (issue #21).
_COOKIE_JS = """<script>
window.parent.document.cookie = %s + "=" + %s + "; path=/; max-age=" + %d + "; SameSite=Strict";
</script>"""


class CookieWriter:
    """What streamlit-authenticator 0.4.2 uses of ``stx.CookieManager``: ``set``, ``delete``."""

    def __init__(self, key: str = "init"):
        self.cookies: dict = {}   # reading is the library's own (st.context.cookies)

    def set(self, cookie: str, val: str, key: str = "set", path: str = "/",
            expires_at=None, **_ignored) -> None:
        import datetime as dt

        seconds = int((expires_at - dt.datetime.now()).total_seconds()) if expires_at else 86400
        st.session_state["perkin.cookie_write"] = (cookie, val, max(seconds, 0))
        write_cookie()

    def delete(self, cookie: str, key: str = "delete") -> None:
        import json

        import streamlit.components.v1 as components

        st.session_state.pop("perkin.cookie_write", None)
        components.html(_COOKIE_JS % (json.dumps(cookie), '""', 0), height=0)


def write_cookie() -> None:
    """The login cookie this session wrote, rendered again on every run of the session (the
    same element: the browser runs it once; a run replaced before the browser mounted it
    does not lose the cookie)."""
    import json

    import streamlit.components.v1 as components

    pending = st.session_state.get("perkin.cookie_write")
    if pending:
        name, value, seconds = pending
        components.html(_COOKIE_JS % (json.dumps(name), json.dumps(value), seconds), height=0)
