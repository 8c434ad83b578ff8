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
from lib import access, office, paths, users
from lib.errors import PerkinError

FORBIDDEN = "Anda tidak berhak membuka halaman ini."


@st.cache_resource(scope="session", show_spinner=False)
def _session_db(path: str):
    db = connect(path)
    migrate(db)
    return db


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
    PageSpec("pages/siklus.py", "Siklus LAKIP", ":material/timeline:", "Umum",
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
    PageSpec("pages/penyusunan.py", "Penyusunan LAKIP", ":material/description:", "Laporan",
             _any("narrative.edit")),
    PageSpec("pages/pemantauan.py", "Pemantauan", ":material/monitoring:", "Laporan",
             _any("dashboard.view")),
    PageSpec("pages/persetujuan.py", "Persetujuan", ":material/approval:", "Laporan",
             _any("approval.view")),
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
    for kind, message in st.session_state.pop("perkin.flash", []):
        getattr(st, kind)(message)


def show_error(err: PerkinError) -> None:
    st.error(str(err))
    problems = getattr(err, "problems", None) or []
    if len(problems) > 1:
        with st.expander(f"Rincian ({len(problems)} masalah)", expanded=len(problems) <= 10):
            for p in problems[:200]:
                st.markdown(f"- {escape_md(p)}")


def escape_md(text: str) -> str:
    """User text shown through markdown: never rendered as Markdown/HTML."""
    out = str(text)
    for ch in "\\`*_{}[]<>()#+-.!|~$":
        out = out.replace(ch, "\\" + ch)
    return out


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


def import_preview(user, pv, *, key: str) -> dict | None:
    """An Excel import preview (lib.format.workbook.Preview) with its per-row problems; the
    "Simpan hasil impor" button applies it all-or-nothing. Returns the apply result
    (then the caller resets its widgets and reruns), or None."""
    from lib.format import workbook

    c = pv.counts()
    st.markdown(f"Pratinjau lembar **{escape_md(pv.sheet)}**: {c['ubah']} baris diubah, "
                f"{c['tambah']} baris baru.")
    if pv.unknown_units:
        st.warning("'Yang membidangi' tidak dikenal: " + ", ".join(pv.unknown_units))
    import pandas as pd

    st.dataframe(pd.DataFrame(pv.table()), hide_index=True, width="stretch")
    if not pv.ok:
        st.error("File belum dapat diimpor dan tidak ada yang disimpan; perbaiki masalah "
                 "berikut lalu unggah ulang.")
        for p in pv.blocking[:50]:
            st.markdown(f"- {escape_md(p)}")
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
