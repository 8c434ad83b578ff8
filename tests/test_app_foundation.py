"""The app frame and the administrator's pages, through the real app (AppTest):
setup, login per role, the pages each role gets, forced forbidden pages, lockout
through the login form, and admin edits that persist in the database."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from conftest import app_test, login_as
from db import connect
from lib import demo, office, office_calendar, sop, users
from lib.paths import ROOT

NAMES = {u[0]: u[1] for u in demo.DEMO_USERS}
ADMIN_PAGES = {"pages/admin_profil.py", "pages/admin_unit.py", "pages/admin_pengguna.py",
               "pages/admin_kalender.py", "pages/admin_sop.py"}
FOUNDATION_PAGES = ADMIN_PAGES | {"pages/beranda.py", "pages/akun.py"}
NEW_PW = "Kantor2026guguak"


# ------------------------------------------------------------------ fixtures
@pytest.fixture
def demo_template(db_templates):
    """The demo office built once per session (tests/conftest.py), copied per test."""
    return db_templates["demo"]


@pytest.fixture
def office_db(data_dir, demo_template):
    from lib import paths

    src = sqlite3.connect(demo_template)
    dst = sqlite3.connect(paths.db_path())
    src.backup(dst)
    src.close()
    dst.close()
    database = connect(paths.db_path())
    yield database
    database.conn.close()


def button(at, label):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}: {[b.label for b in at.button]}"
    return matches[0]


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def admin_on(page: str):
    at = login_as("admin")
    at.switch_page(page).run()
    assert not at.exception
    return at


# ------------------------------------------------------------------ setup and login
def test_setup_page_creates_the_first_admin_then_login_shows(data_dir):
    at = app_test()
    at.run()
    assert texts(at.title) == ["Penyiapan Awal Perkin"]
    at.text_input(key="setup.name").input("Rina Marlina, S.Kom")
    at.text_input(key="setup.username").input("rina")
    at.text_input(key="setup.pw1").input("pendek")
    at.text_input(key="setup.pw2").input("pendek")
    button(at, "Buat administrator").click().run()
    assert any("minimal 10 karakter" in e for e in texts(at.error))
    database = connect(data_dir / "perkin.db")
    assert users.count_users(database) == 0

    at.text_input(key="setup.pw1").input(NEW_PW)
    at.text_input(key="setup.pw2").input(NEW_PW)
    button(at, "Buat administrator").click().run()
    assert not at.exception
    assert users.get_user(database, "rina").is_admin
    assert "Administrator dibuat. Silakan masuk dengan akun tersebut." in texts(at.success)
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]

    at.text_input[0].input("rina")
    at.text_input[1].input(NEW_PW)
    at.button[0].click().run()
    at.run()
    assert not at.exception
    assert texts(at.title) == ["Selamat datang, Rina Marlina, S.Kom"]


@pytest.mark.parametrize("username", ["admin", "camat", "sekcam", "jf", "pem", "pep"])
def test_login_form_for_each_role(office_db, username):
    at = login_as(username)
    assert not at.exception
    assert texts(at.title) == [f"Selamat datang, {NAMES[username]}"]
    assert not at.error
    from pages._ui import escape_md

    assert escape_md(NAMES[username]) in " ".join(m.value for m in at.sidebar.markdown)
    assert any(b.label == "Keluar" for b in at.sidebar.button)


def test_wrong_password_says_so(office_db):
    at = login_as("camat", "bukan-sandinya")
    assert texts(at.error) == ["Nama pengguna atau kata sandi salah. Sisa percobaan: 4."]
    assert not any(t.startswith("Selamat datang") for t in texts(at.title))


def test_lockout_through_the_login_form(office_db):
    at = app_test()
    at.run()
    for _ in range(5):
        at.text_input[0].input("jf")
        at.text_input[1].input("salah-lagi-1")
        at.button[0].click().run()
    assert len(at.error) == 1
    assert at.error[0].value.startswith("Akun dikunci sementara karena 5 kali salah kata sandi.")
    assert "jf" in users.locked_users(office_db)
    # the right password is still refused while locked
    at.text_input[0].input("jf")
    at.text_input[1].input(demo.DEMO_PASSWORD)
    at.button[0].click().run()
    at.run()
    assert at.error[0].value.startswith("Akun dikunci sementara")
    assert not any(t.startswith("Selamat datang") for t in texts(at.title))
    assert not at.session_state["authentication_status"]


def test_inactive_user_cannot_log_in(office_db):
    users.set_active(office_db, users.get_user(office_db, "admin"), "pem", False)
    at = login_as("pem")
    assert at.error
    assert not any(t.startswith("Selamat datang") for t in texts(at.title))


# ------------------------------------------------------------------ pages per role
@pytest.mark.parametrize("username", ["admin", "camat", "sekcam", "jf", "pem", "pep"])
def test_pages_each_role_gets(office_db, username):
    from pages import _ui

    user = users.get_user(office_db, username)
    allowed = {spec.path for spec in _ui.pages_for(user)}
    assert {"pages/beranda.py", "pages/akun.py"} <= allowed
    assert (ADMIN_PAGES <= allowed) if username == "admin" else not (ADMIN_PAGES & allowed)
    if username == "pem":
        assert "pages/formulir.py" in allowed or not (ROOT / "pages/formulir.py").exists()

    at = login_as(username)
    for path in sorted(allowed):
        at.switch_page(path).run()
        assert _ui.FORBIDDEN not in texts(at.error), path
        if path in FOUNDATION_PAGES:
            assert not at.exception, (path, at.exception)
    existing = {p.path for p in _ui.PAGES if (ROOT / p.path).is_file()}
    for path in sorted(existing - allowed):
        with pytest.raises(ValueError):
            at.switch_page(path)


def _forced_admin_page():
    import streamlit as st

    from pages import _ui

    _ui.require_page("pages/admin_pengguna.py")
    st.markdown("ISI HALAMAN ADMIN")


@pytest.mark.parametrize("username", ["camat", "sekcam", "jf", "pem", None, "pensiun"])
def test_forbidden_page_forced_is_refused(office_db, username):
    from pages import _ui

    if username == "pensiun":  # a session whose user was deactivated meanwhile
        users.set_active(office_db, users.get_user(office_db, "admin"), "trantib", False)
        username = "trantib"
    at = AppTest.from_function(_forced_admin_page, default_timeout=30)
    at.session_state["perkin.frame"] = True   # a crafted request inside a live session
    if username:
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
    at.run()
    assert not at.exception
    assert texts(at.error) == [_ui.FORBIDDEN]
    assert "Anda tidak berhak membuka halaman ini." == _ui.FORBIDDEN
    assert "ISI HALAMAN ADMIN" not in texts(at.markdown)


def test_allowed_page_forced_shows_content(office_db):
    at = AppTest.from_function(_forced_admin_page, default_timeout=30)
    at.session_state["perkin.frame"] = True
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "admin"
    at.run()
    assert not at.error
    assert "ISI HALAMAN ADMIN" in texts(at.markdown)


def _page_file_alone():
    from pages import _ui

    _ui.require_page("pages/admin_pengguna.py")


def test_page_run_outside_the_frame_goes_through_app_py(office_db):
    """A deep link as a fresh server's first request runs the page file alone (the old
    pages/-folder mode): the page sends the visitor to app.py (login) instead."""
    at = AppTest.from_function(_page_file_alone, default_timeout=30)
    at.run()
    # here app.py is no page of the test script, so the switch itself fails; in a real
    # server it lands on the login form (tests/e2e/test_deep_link.py)
    assert at.exception
    assert not texts(at.error)            # neither content nor a refusal


# ------------------------------------------------------------------ Profil Kecamatan
def test_profile_edit_persists(office_db):
    at = admin_on("pages/admin_profil.py")
    assert at.text_input(key="admin.profil.kecamatan").value == "Kecamatan Guguak"
    at.text_input(key="admin.profil.kecamatan").input("Kecamatan Guguak Raya")
    at.text_input(key="admin.profil.telepon").input("(0752) 7012345")
    button(at, "Simpan profil").click().run()
    assert not at.exception
    assert "Profil kecamatan disimpan." in texts(at.success)
    profile = office.get_profile(office_db)
    assert profile["kecamatan"] == "Kecamatan Guguak Raya"
    assert profile["telepon"] == "(0752) 7012345"
    assert at.text_input(key="admin.profil.kecamatan").value == "Kecamatan Guguak Raya"


def test_profile_invalid_shows_message_and_changes_nothing(office_db):
    before = office.get_profile(office_db)
    at = admin_on("pages/admin_profil.py")
    at.text_input(key="admin.profil.kecamatan").input("Kecamatan Baru")
    at.text_input(key="admin.profil.email").input("bukan-email")
    button(at, "Simpan profil").click().run()
    assert not at.exception
    assert any("Alamat email tidak valid" in e for e in texts(at.error))
    assert office.get_profile(office_db) == before


def test_settings_edit_persists(office_db):
    at = admin_on("pages/admin_profil.py")
    at.selectbox(key="admin.profil.report_title").set_value("LKjIP")
    # the paper moved to its own block (tests/test_papers.py)
    at.checkbox(key="admin.profil.capaian_cap").check()
    at.number_input(key="admin.profil.session_expiry_days").set_value(7)
    at.text_input(key="admin.profil.klasifikasi.surat-pengantar").input("100.3.4")
    button(at, "Simpan pengaturan").click().run()
    assert not at.exception
    assert "Pengaturan disimpan." in texts(at.success)
    assert office.get_setting(office_db, "report_title") == "LKjIP"
    assert office.get_setting(office_db, "capaian_cap") is True
    assert office.get_setting(office_db, "session_expiry_days") == 7
    assert office.get_setting(office_db, "klasifikasi")["surat-pengantar"] == "100.3.4"
    assert any("100.3.4/" in c and "/CGG/" in c for c in texts(at.caption))


def test_bad_letter_pattern_refused_on_the_page(office_db):
    at = admin_on("pages/admin_profil.py")
    at.text_input(key="admin.profil.letter_pattern").input("{klasifikasi}/{kode}/{tahun}")
    button(at, "Simpan pengaturan").click().run()
    assert any("harus memuat {nomor}" in e for e in texts(at.error))
    assert "{nomor}" in office.get_setting(office_db, "letter_pattern")


# ------------------------------------------------------------------ Unit Kerja
def test_unit_added_through_the_page_exists(office_db):
    at = admin_on("pages/admin_unit.py")
    at.text_input(key="admin.unit.add.code").input("sekre")
    at.text_input(key="admin.unit.add.name").input("Sekretariat Kecamatan")
    at.text_input(key="admin.unit.add.head").input("Sekretaris Camat")
    at.checkbox(key="admin.unit.add.supplies").uncheck()
    button(at, "Tambah unit").click().run()
    assert not at.exception
    unit = office.get_unit(office_db, "sekre")
    assert (unit.name, unit.head_title, unit.supplies_data) == (
        "Sekretariat Kecamatan", "Sekretaris Camat", False)
    assert "Sekretariat Kecamatan" in at.dataframe[0].value["Nama unit"].tolist()
    # the add form never overwrites an existing unit
    at.text_input(key="admin.unit.add.code").input("pem")
    at.text_input(key="admin.unit.add.name").input("Seksi Lain")
    button(at, "Tambah unit").click().run()
    assert any("Kode unit 'pem' sudah ada" in e for e in texts(at.error))
    assert office.get_unit(office_db, "pem").name == "Seksi Pemerintahan"


def test_unit_rename_and_deactivate(office_db):
    at = admin_on("pages/admin_unit.py")
    at.selectbox(key="admin.unit.edit.pick").set_value("pmd").run()
    at.text_input(key="admin.unit.edit.pmd.name").input("Seksi Pembangunan")
    at.checkbox(key="admin.unit.edit.pmd.active").uncheck()
    button(at, "Simpan perubahan").click().run()
    assert not at.exception
    unit = office.get_unit(office_db, "pmd")
    assert unit.name == "Seksi Pembangunan" and not unit.active
    table = at.dataframe[0].value
    assert table.loc[table["Kode"] == "pmd", "Status"].item() == "Nonaktif"


# ------------------------------------------------------------------ Pengguna
def test_user_list_shows_no_hashes(office_db):
    at = admin_on("pages/admin_pengguna.py")
    table = at.dataframe[0].value
    assert set(table["Nama pengguna"]) == set(NAMES)
    assert "$2" not in table.to_csv()
    assert not any("password" in c.lower() or "sandi" in c.lower() for c in table.columns)


def test_user_added_through_the_page_heads_two_units(office_db):
    at = admin_on("pages/admin_pengguna.py")
    at.text_input(key="admin.pengguna.add.username").input("budi")
    at.text_input(key="admin.pengguna.add.name").input("Budi Santoso, S.Sos")
    at.text_input(key="admin.pengguna.add.nip").input("198501012010011001")
    at.text_input(key="admin.pengguna.add.pangkat").input("Penata (III/c)")
    at.text_input(key="admin.pengguna.add.jabatan").input("Plt. Kasi Pemerintahan")
    at.selectbox(key="admin.pengguna.add.role").set_value("kasi_kasubbag")
    at.selectbox(key="admin.pengguna.add.acting").set_value("Plt.")
    at.multiselect(key="admin.pengguna.add.units").set_value(["pem", "kesos"])
    at.text_input(key="admin.pengguna.add.pw1").input(NEW_PW)
    at.text_input(key="admin.pengguna.add.pw2").input(NEW_PW)
    button(at, "Tambah pengguna").click().run()
    assert not at.exception
    assert "Pengguna 'budi' ditambahkan." in texts(at.success)
    budi = users.get_user(office_db, "budi")
    assert budi.unit_codes == ("pem", "kesos") and budi.acting == "Plt."
    assert budi.role == "kasi_kasubbag" and budi.pangkat == "Penata (III/c)"
    assert users.authenticate(office_db, "budi", NEW_PW).username == "budi"


def test_user_weak_password_or_second_camat_refused_on_the_page(office_db):
    at = admin_on("pages/admin_pengguna.py")
    at.text_input(key="admin.pengguna.add.username").input("camat2")
    at.text_input(key="admin.pengguna.add.name").input("Camat Kedua")
    at.selectbox(key="admin.pengguna.add.role").set_value("camat")
    at.text_input(key="admin.pengguna.add.pw1").input("lemah")
    at.text_input(key="admin.pengguna.add.pw2").input("lemah")
    button(at, "Tambah pengguna").click().run()
    assert not at.exception
    shown = " ".join(texts(at.error)) + " ".join(texts(at.markdown))
    assert "minimal 10 karakter" in shown and "Sudah ada Camat aktif" in shown
    assert "camat2" not in {u.username for u in users.list_users(office_db)}


def test_user_edit_reset_and_deactivate(office_db):
    at = admin_on("pages/admin_pengguna.py")
    at.selectbox(key="admin.pengguna.edit.pick").set_value("pem").run()
    k = "admin.pengguna.edit.pem"
    at.multiselect(key=f"{k}.units").set_value(["pem", "umum"])
    at.text_input(key=f"{k}.jabatan").input("Kasi Pemerintahan / Plh. Kasubbag Umum")
    button(at, "Simpan perubahan").click().run()
    assert not at.exception
    pem = users.get_user(office_db, "pem")
    assert pem.unit_codes == ("pem", "umum")
    assert pem.jabatan == "Kasi Pemerintahan / Plh. Kasubbag Umum"

    at.text_input(key=f"{k}.reset.pw1").input(NEW_PW)
    at.text_input(key=f"{k}.reset.pw2").input(NEW_PW)
    button(at, "Atur ulang kata sandi").click().run()
    assert not at.exception
    assert users.authenticate(office_db, "pem", NEW_PW).username == "pem"

    button(at, "Nonaktifkan pengguna").click().run()
    assert not at.exception
    assert users.get_user(office_db, "pem").active is False
    assert "pem" not in users.credentials(office_db)["usernames"]
    button(at, "Aktifkan kembali").click().run()
    assert users.get_user(office_db, "pem").active is True


def test_admin_cannot_deactivate_self_on_the_page(office_db):
    at = admin_on("pages/admin_pengguna.py")
    at.selectbox(key="admin.pengguna.edit.pick").set_value("admin").run()
    button(at, "Nonaktifkan pengguna").click().run()
    assert any("akun Anda sendiri" in e for e in texts(at.error))
    assert users.get_user(office_db, "admin").active


# ------------------------------------------------------------------ Jam Kerja & Libur
def test_office_hours_edit_persists(office_db):
    at = admin_on("pages/admin_kalender.py")
    assert any("37,5 jam" in c for c in texts(at.caption))
    at.text_input(key="admin.kalender.4.end").input("16:00")
    at.checkbox(key="admin.kalender.5.kerja").check()
    at.text_input(key="admin.kalender.5.start").input("08:00")
    at.text_input(key="admin.kalender.5.end").input("12:00")
    button(at, "Simpan jam kerja").click().run()
    assert not at.exception
    hours = office_calendar.get_office_hours(office_db)
    assert hours[4] == ("07:30", "16:00", "11:30", "13:00")
    assert hours[5] == ("08:00", "12:00", None, None)


def test_office_hours_invalid_shows_message(office_db):
    before = office_calendar.get_office_hours(office_db)
    at = admin_on("pages/admin_kalender.py")
    at.text_input(key="admin.kalender.0.start").input("7.30")
    button(at, "Simpan jam kerja").click().run()
    assert not at.exception
    assert any("Senin: jam mulai harus berformat JJ:MM" in e for e in texts(at.error))
    assert office_calendar.get_office_hours(office_db) == before


def test_holiday_add_and_remove_through_the_page(office_db):
    from lib import clock

    year = clock.now().year
    day = dt.date(year, 12, 25)
    at = admin_on("pages/admin_kalender.py")
    at.date_input(key="admin.kalender.holiday_date").set_value(day)
    at.text_input(key="admin.kalender.holiday_name").input("Hari Raya Natal")
    button(at, "Tambah hari libur").click().run()
    assert not at.exception
    assert office_calendar.list_holidays(office_db, year) == [
        {"date": day.isoformat(), "name": "Hari Raya Natal", "source": "admin"}]
    assert "Hari Raya Natal" in at.dataframe[0].value["Keterangan"].tolist()
    assert "Ditambahkan admin" in at.dataframe[0].value["Sumber"].tolist()
    at.selectbox(key="admin.kalender.remove_pick").set_value(day.isoformat())
    button(at, "Hapus").click().run()
    assert not at.exception
    assert office_calendar.list_holidays(office_db, year) == []


# ------------------------------------------------------------------ Definisi SOP
def _edit_steps(at, rev_id: int, edits: dict) -> None:
    at.session_state[f"admin.sop.steps.{rev_id}"] = {
        "edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()


def test_sop_edit_saves_a_new_revision(office_db):
    old = sop.load_current(office_db)
    at = admin_on("pages/admin_sop.py")
    _edit_steps(at, old.revision_id, {3: {"actor_role": "sekcam"}, 7: {"minutes": 120}})
    at.text_area(key=f"admin.sop.{old.revision_id}.peralatan").input("Dokumen Renstra\n\nATK\n")
    at.text_input(key=f"admin.sop.{old.revision_id}.note").input("Penghimpun diganti Sekcam")
    button(at, "Simpan sebagai revisi baru").click().run()
    assert not at.exception
    new = sop.load_current(office_db)
    assert new.revision_id != old.revision_id
    assert new.step(4).actor_role == "sekcam" and new.step(8).minutes == 120
    assert new.header["peralatan"] == ["Dokumen Renstra", "ATK"]
    assert new.note == "Penghimpun diganti Sekcam"
    assert sop.load_revision(office_db, old.revision_id).steps == old.steps
    assert any(f"Revisi SOP nomor {new.revision_id}" in s for s in texts(at.success))
    # the history lists both; the old one can be viewed read-only
    history = at.dataframe[-2].value
    assert history["Status"].tolist() == ["Berlaku", "Lama"]
    at.selectbox(key="admin.sop.view").set_value(old.revision_id).run()
    assert not at.exception
    shown = at.dataframe[-1].value
    assert shown.loc[shown["No"] == "4", "Pelaksana"].item() == "Jabatan Fungsional"


def test_sop_broken_edit_lists_problems_and_saves_nothing(office_db):
    old = sop.load_current(office_db)
    at = admin_on("pages/admin_sop.py")
    _edit_steps(at, old.revision_id, {7: {"minutes": 0}, 6: {"return_to": 9}})
    button(at, "Simpan sebagai revisi baru").click().run()
    assert not at.exception
    shown = " ".join(texts(at.error)) + " ".join(texts(at.markdown))
    assert "Langkah 8: waktu Mutu Baku harus lebih dari 0 menit" in shown
    assert "Langkah 7: hanya dapat mengembalikan ke langkah sebelumnya" in shown
    assert len(sop.list_revisions(office_db)) == 1
    assert sop.load_current(office_db).revision_id == old.revision_id


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (31, 58, 104)).save(buf, format="PNG")
    return buf.getvalue()


def test_logo_upload_preview_and_remove(office_db):
    logo = _png()
    at = admin_on("pages/admin_profil.py")
    at.file_uploader(key="admin.profil.logo").set_value(("logo-limapuluhkota.png", logo,
                                                          "image/png"))
    button(at, "Simpan logo").click().run()
    assert not at.exception
    assert "Logo disimpan." in texts(at.success)
    assert bytes(office.get_profile(office_db)["logo"]) == logo
    assert at.get("image"), "the logo preview is shown"
    button(at, "Hapus logo").click().run()
    assert not at.exception
    assert office.get_profile(office_db)["logo"] is None


def test_logo_checked_by_content_not_by_name(office_db):
    at = admin_on("pages/admin_profil.py")
    at.file_uploader(key="admin.profil.logo").set_value(("logo.png", b"%PDF-1.4 bukan gambar",
                                                          "image/png"))
    button(at, "Simpan logo").click().run()
    assert not at.exception
    assert any("Logo harus berupa gambar PNG atau JPG" in e for e in texts(at.error))
    assert office.get_profile(office_db)["logo"] is None
