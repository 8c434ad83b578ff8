"""The office's own data: profile and logo, settings, units, office hours, holidays."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from lib import clock, events, office, office_calendar, users
from lib.errors import PermissionDenied, ValidationError

PW = "Kantor2026guguak"


@pytest.fixture
def admin(db):
    return users.create_user(db, None, username="admin", name="Admin Kantor", role="admin",
                             password=PW, password2=PW, first_admin=True)


@pytest.fixture
def jf(db, admin):
    return users.create_user(db, admin, username="jf", name="JF", role="jf", password=PW,
                             password2=PW)


def image_bytes(fmt: str, size=(64, 64)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (31, 58, 104)).save(buf, format=fmt)
    return buf.getvalue()


def noisy_png_over_2mb() -> bytes:
    import os

    buf = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(buf, format="PNG")
    data = buf.getvalue()
    assert len(data) > office.LOGO_MAX_BYTES
    return data


def values(db, **changes):
    p = office.get_profile(db)
    return {k: p[k] for k in office.PROFILE_FIELDS} | changes


# ------------------------------------------------------------------ profile
def test_default_profile_is_guguak(db):
    p = office.get_profile(db)
    assert p["kecamatan"] == "Kecamatan Guguak"
    assert p["pemerintah"] == "Pemerintah Kabupaten Lima Puluh Kota"
    assert p["kode_surat"] == "CGG" and p["logo"] is None


def test_update_profile(db, admin):
    before = office.get_profile(db)["rev"]
    p = office.update_profile(db, admin, values(db, kecamatan="Kecamatan Guguak Baru",
                                                telepon=" (0752) 123 ", email="cgg@example.id"))
    assert p["kecamatan"] == "Kecamatan Guguak Baru" and p["telepon"] == "(0752) 123"
    assert p["rev"] == before + 1
    assert events.list_events(db, action_prefix="profil.")[-1]["username"] == "admin"


@pytest.mark.parametrize("change, message", [
    ({"kecamatan": "  "}, "Nama kecamatan wajib diisi"),
    ({"pemerintah": ""}, "Pemerintah Kabupaten wajib diisi"),
    ({"email": "bukan-email"}, "email tidak valid"),
    ({"kode_surat": "C G/G"}, "Kode surat hanya"),
])
def test_profile_validation_changes_nothing(db, admin, change, message):
    before = office.get_profile(db)
    with pytest.raises(ValidationError, match=message):
        office.update_profile(db, admin, values(db, **change))
    assert office.get_profile(db) == before


@pytest.mark.parametrize("fmt, mime", [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_logo_png_or_jpg_stored_and_removed(db, admin, fmt, mime):
    logo = image_bytes(fmt)
    p = office.update_profile(db, admin, values(db), logo=logo)
    assert bytes(p["logo"]) == logo and p["logo_mime"] == mime
    p = office.update_profile(db, admin, values(db))  # no new logo: kept
    assert bytes(p["logo"]) == logo
    p = office.update_profile(db, admin, values(db), remove_logo=True)
    assert p["logo"] is None and p["logo_mime"] is None


@pytest.mark.parametrize("data", [
    b"GIF89a" + b"\x00" * 100,
    b"%PDF-1.4 not an image",
    b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
])
def test_logo_not_an_image_refused_by_content(db, admin, data):
    before = office.get_profile(db)
    with pytest.raises(ValidationError, match="PNG atau JPG"):
        office.update_profile(db, admin, values(db, kecamatan="Berubah"), logo=data)
    assert office.get_profile(db) == before


def test_gif_renamed_to_png_refused(db, admin):
    gif = image_bytes("GIF")
    with pytest.raises(ValidationError, match="PNG atau JPG"):
        office.update_profile(db, admin, values(db), logo=gif)


def test_logo_over_2mb_refused(db, admin):
    office.update_profile(db, admin, values(db), logo=image_bytes("PNG"))
    before = office.get_profile(db)
    with pytest.raises(ValidationError, match="terlalu besar .*2 MB"):
        office.update_profile(db, admin, values(db), logo=noisy_png_over_2mb())
    assert office.get_profile(db) == before


def test_profile_needs_admin(db, jf):
    with pytest.raises(PermissionDenied):
        office.update_profile(db, jf, values(db, kecamatan="X"))


# ------------------------------------------------------------------ settings
def test_settings_defaults_and_change(db, admin):
    assert office.get_setting(db, "report_title") == "LKjIP"   # a new install (issue #14)
    assert office.get_setting(db, "capaian_cap") is False
    office.set_settings(db, admin, {"report_title": "LAKIP", "paper": "F4", "capaian_cap": True,
                                    "session_expiry_days": 7,
                                    "letter_pattern": "{klasifikasi}/{nomor}/{kode}/{tahun}",
                                    "klasifikasi": {"nota-dinas": "000.1.5.2",
                                                    "surat-pengantar": " 100.3 "}})
    assert office.get_setting(db, "report_title") == "LAKIP"
    assert office.get_setting(db, "paper") == "F4"
    assert office.get_setting(db, "capaian_cap") is True
    assert office.get_setting(db, "session_expiry_days") == 7
    assert office.get_setting(db, "klasifikasi")["surat-pengantar"] == "100.3"
    office.set_setting(db, admin, "paper", "A4")  # the single-key form still works
    assert office.get_setting(db, "paper") == "A4"


@pytest.mark.parametrize("key, value, message", [
    ("report_title", "LAPORAN", "LAKIP atau LKjIP"),
    ("paper", "Letter", "A4 atau F4"),
    ("capaian_cap", "ya", "ya atau tidak"),
    ("session_expiry_days", 0, "antara 1 dan 30"),
    ("session_expiry_days", 31, "antara 1 dan 30"),
    ("session_expiry_days", True, "antara 1 dan 30"),
    ("letter_pattern", "{klasifikasi}/{kode}/{tahun}", "harus memuat {nomor}"),
    ("letter_pattern", "{nomor}/{kecamatan}", "hanya boleh memuat"),
    ("letter_pattern", "{nomor}/{tahun", "hanya boleh memuat"),
    ("klasifikasi", {"nota-dinas": ""}, "wajib diisi"),
    ("klasifikasi", {"nota-dinas": "000 1"}, "hanya huruf"),
    ("klasifikasi", "000.1.5", "teks per jenis surat"),
    ("warna", "biru", "tidak dikenal"),
])
def test_setting_validation(db, admin, key, value, message):
    before = office.get_setting(db, key)
    with pytest.raises(ValidationError, match=message):
        office.set_setting(db, admin, key, value)
    assert office.get_setting(db, key) == before


def test_one_bad_setting_saves_none(db, admin):
    with pytest.raises(ValidationError):
        office.set_settings(db, admin, {"report_title": "LAKIP", "paper": "Letter"})
    assert office.get_setting(db, "report_title") == "LKjIP"


def test_settings_need_admin(db, jf):
    with pytest.raises(PermissionDenied):
        office.set_setting(db, jf, "paper", "F4")


# ------------------------------------------------------------------ units
def test_default_units(db):
    units = office.list_units(db)
    assert [u.code for u in units] == ["pem", "pmd", "kesos", "trantib", "pelayanan", "umum",
                                       "pep"]
    assert [u.code for u in office.list_units(db, supplying_only=True)] == [
        "pem", "pmd", "kesos", "trantib", "pelayanan", "umum"]


def test_add_rename_deactivate_unit(db, admin):
    u = office.save_unit(db, admin, code="Sekre", name="Sekretariat", head_title="Sekcam",
                         supplies_data=False, new=True)
    assert (u.code, u.name, u.supplies_data, u.active) == ("sekre", "Sekretariat", False, True)
    assert u.sort == 8
    with pytest.raises(ValidationError, match="sudah ada"):
        office.save_unit(db, admin, code="sekre", name="Lain", new=True)
    office.save_unit(db, admin, code="sekre", name="Sekretariat Kecamatan",
                     head_title="Sekretaris Camat", supplies_data=False)
    assert office.get_unit(db, "sekre").name == "Sekretariat Kecamatan"
    office.save_unit(db, admin, code="sekre", name="Sekretariat Kecamatan", active=False)
    assert "sekre" not in [x.code for x in office.list_units(db, active_only=True)]
    assert office.get_unit(db, "sekre").active is False
    office.save_unit(db, admin, code="sekre", name="Sekretariat Kecamatan", active=True)
    assert office.get_unit(db, "sekre").active


@pytest.mark.parametrize("code, name, message", [
    ("1x", "Unit", "Kode unit"),
    ("p", "Unit", "Kode unit"),
    ("baru", " ", "Nama unit wajib diisi"),
    ("baru", "seksi pemerintahan", "sudah dipakai oleh unit 'pem'"),
])
def test_unit_validation(db, admin, code, name, message):
    before = office.list_units(db)
    with pytest.raises(ValidationError, match=message):
        office.save_unit(db, admin, code=code, name=name)
    assert office.list_units(db) == before


# ------------------------------------------------------------------ office hours
def test_default_hours_are_37_5_hours(db):
    assert office_calendar.calendar(db).weekly_minutes == 2250


def test_set_office_hours(db, admin):
    hours = office_calendar.get_office_hours(db)
    hours[4] = ("07:30", "11:30", None, None)  # short Friday without a break
    hours[5] = ("08:00", "12:00", "", "")       # Saturday opens; empty break fields
    office_calendar.set_office_hours(db, admin, hours)
    got = office_calendar.get_office_hours(db)
    assert got[4] == ("07:30", "11:30", None, None)
    assert got[5] == ("08:00", "12:00", None, None)
    assert got[6] is None
    assert office_calendar.calendar(db).weekly_minutes == 4 * 450 + 240 + 240


@pytest.mark.parametrize("day_spec, message", [
    (("7:30", "16:00", "12:00", "13:00"), "Senin: jam mulai harus berformat JJ:MM"),
    (("16:00", "07:30", None, None), "Senin: jam mulai harus sebelum jam selesai"),
    (("07:30", "16:00", "12:00", None), "Senin: istirahat harus punya jam mulai dan selesai"),
    (("07:30", "16:00", "17:00", "18:00"), "Senin: istirahat harus di dalam jam kerja"),
    (("07:30", "16:00", "13:00", "12:00"), "Senin: istirahat harus di dalam jam kerja"),
])
def test_hours_validation_changes_nothing(db, admin, day_spec, message):
    before = office_calendar.get_office_hours(db)
    with pytest.raises(ValidationError, match=message):
        office_calendar.set_office_hours(db, admin, before | {0: day_spec})
    assert office_calendar.get_office_hours(db) == before


def test_hours_problems_of_every_day_are_listed(db, admin):
    hours = office_calendar.get_office_hours(db) | {0: ("x", "16:00", None, None),
                                           1: ("16:00", "07:30", None, None)}
    with pytest.raises(ValidationError) as exc:
        office_calendar.set_office_hours(db, admin, hours)
    assert any(p.startswith("Senin") for p in exc.value.problems)
    assert any(p.startswith("Selasa") for p in exc.value.problems)


def test_at_least_one_working_day(db, admin):
    with pytest.raises(ValidationError, match="Sedikitnya satu hari kerja"):
        office_calendar.set_office_hours(db, admin, {d: None for d in range(7)})


# ------------------------------------------------------------------ holidays
def test_holidays_add_list_remove_and_count_in_calendar(db, admin):
    friday = dt.date(2026, 11, 27)
    office_calendar.add_holiday(db, admin, friday, "Cuti bersama")
    office_calendar.add_holiday(db, admin, dt.date(2027, 1, 1), "Tahun Baru")
    assert office_calendar.list_holidays(db, 2026) == [{"date": "2026-11-27", "name": "Cuti bersama"}]
    assert len(office_calendar.list_holidays(db)) == 2
    with pytest.raises(ValidationError, match="sudah tercatat"):
        office_calendar.add_holiday(db, admin, friday, "Lagi")
    with pytest.raises(ValidationError, match="Keterangan hari libur wajib diisi"):
        office_calendar.add_holiday(db, admin, dt.date(2026, 12, 25), "  ")
    with pytest.raises(ValidationError, match="Tanggal libur tidak valid"):
        office_calendar.add_holiday(db, admin, "2026-12-25", "Natal")
    # DOMAIN §8: opened Thursday 15:30, Friday a holiday, completed Monday 08:00 -> 60 minutes
    opened = dt.datetime(2026, 11, 26, 15, 30, tzinfo=clock.TZ)
    done = dt.datetime(2026, 11, 30, 8, 0, tzinfo=clock.TZ)
    assert office_calendar.calendar(db).office_minutes(opened, done) == 60
    office_calendar.remove_holiday(db, admin, friday)
    assert office_calendar.list_holidays(db, 2026) == []
    # Friday counts again: 07.30-16.30 less a 90-minute break
    assert office_calendar.calendar(db).office_minutes(opened, done) == 60 + 450


def test_calendar_needs_admin(db, jf):
    with pytest.raises(PermissionDenied):
        office_calendar.add_holiday(db, jf, dt.date(2026, 12, 25), "Natal")
    with pytest.raises(PermissionDenied):
        office_calendar.set_office_hours(db, jf, office_calendar.get_office_hours(db))


@pytest.mark.parametrize("pemerintah,expected", [
    ("Pemerintah Kabupaten Lima Puluh Kota", ("Bupati Lima Puluh Kota",
                                              "Kabupaten Lima Puluh Kota")),
    ("Pemerintah Kota Padang", ("Wali Kota Padang", "Kota Padang")),
    ("Kabupaten Agam", ("Bupati Agam", "Kabupaten Agam")),
])
def test_region_from_the_profile(pemerintah, expected):
    assert office.region({"pemerintah": pemerintah}) == expected
