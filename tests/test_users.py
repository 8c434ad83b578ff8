"""Users: creation rules, lockout in the database, passwords, activation, credentials."""
from __future__ import annotations

import datetime as dt

import pytest

from lib import clock, events, users
from lib.errors import PerkinError, PermissionDenied, ValidationError

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=clock.TZ)
PW = "Kantor2026guguak"


@pytest.fixture
def admin(db):
    return users.create_user(db, None, username="admin", name="Admin Kantor", role="admin",
                             password=PW, password2=PW, first_admin=True, now=T0)


def make(db, admin, username, role="jf", units=(), **kw):
    return users.create_user(db, admin, username=username, name=f"Nama {username}", role=role,
                             password=PW, password2=PW, unit_codes=units, now=T0, **kw)


# ------------------------------------------------------------------ creation rules
def test_first_admin_only_once(db, admin):
    assert admin.is_admin and admin.role == "admin"
    with pytest.raises(PerkinError, match="sudah dibuat"):
        users.create_user(db, None, username="kedua", name="Kedua", role="admin", password=PW,
                          password2=PW, first_admin=True)


@pytest.mark.parametrize("username, expected", [
    ("", "Nama pengguna wajib diisi"),
    ("   ", "Nama pengguna wajib diisi"),
    ("budi santoso", "hanya huruf kecil"),
    ("b", "hanya huruf kecil"),
    ("ADMIN", "sudah dipakai"),  # usernames are case-insensitive
])
def test_username_rules(db, admin, username, expected):
    with pytest.raises(ValidationError, match=expected):
        make(db, admin, username)
    assert users.count_users(db) == 1


@pytest.mark.parametrize("pw, pw2, expected", [
    ("Kantor2026guguak", "Kantor2026guguaK", "tidak sama"),
    ("abc123", "abc123", "minimal 10 karakter"),
    ("abcdefghijkl", "abcdefghijkl", "huruf dan angka"),
    ("password123", "password123", "mudah ditebak"),
    ("budi12345678", "budi12345678", "mudah ditebak"),  # contains the username
])
def test_weak_password_refused(db, admin, pw, pw2, expected):
    with pytest.raises(ValidationError, match=expected) as exc:
        users.create_user(db, admin, username="budi", name="Budi", role="jf", password=pw,
                          password2=pw2)
    assert exc.value.problems
    assert users.count_users(db) == 1


def test_name_and_role_and_unit_rules(db, admin):
    with pytest.raises(ValidationError) as exc:
        users.create_user(db, admin, username="x1", name=" ", role="lurah", password=PW,
                          password2=PW)
    text = " ".join(exc.value.problems)
    assert "Nama lengkap wajib diisi" in text and "Peran 'lurah' tidak dikenal" in text
    with pytest.raises(ValidationError, match="sedikitnya satu unit"):
        make(db, admin, "kasi1", role="kasi_kasubbag")
    with pytest.raises(ValidationError, match="Unit 'zzz' tidak dikenal"):
        make(db, admin, "kasi1", role="kasi_kasubbag", units=("zzz",))
    with pytest.raises(ValidationError, match="Plt"):
        make(db, admin, "kasi1", role="kasi_kasubbag", units=("pem",), acting="PLT")
    assert users.count_users(db) == 1


def test_only_admin_creates_users(db, admin):
    jf = make(db, admin, "jf1")
    with pytest.raises(PermissionDenied):
        make(db, jf, "jf2")


def test_camat_twice_refused_until_the_first_is_deactivated(db, admin):
    make(db, admin, "camat1", role="camat")
    with pytest.raises(ValidationError, match="Sudah ada Camat aktif"):
        make(db, admin, "camat2", role="camat")
    users.set_active(db, admin, "camat1", False)
    make(db, admin, "camat2", role="camat")
    with pytest.raises(PerkinError, match="Sudah ada Camat aktif"):
        users.set_active(db, admin, "camat1", True)  # reactivating would make two


def test_one_person_heads_two_units_and_acting(db, admin):
    plt = make(db, admin, "plt", role="kasi_kasubbag", units=("pem", "umum"), acting="Plt.",
               nip="198001012005011001", pangkat="Penata (III/c)", jabatan="Kasi Pemerintahan")
    assert plt.unit_codes == ("pem", "umum")
    assert plt.role_label == "Plt. Kasi/Kasubbag"
    again = users.get_user(db, "PLT")
    assert again == plt
    assert again.nip == "198001012005011001" and again.pangkat == "Penata (III/c)"


def test_create_is_recorded_without_the_password(db, admin):
    make(db, admin, "jf1")
    ev = [e for e in events.list_events(db) if e["action"] == "pengguna.tambah"]
    assert ev[-1]["username"] == "admin"
    assert PW not in ev[-1]["details"]


# ------------------------------------------------------------------ update / activate
def test_update_user_changes_units_and_role(db, admin):
    make(db, admin, "kasi1", role="kasi_kasubbag", units=("pem",))
    u = users.update_user(db, admin, "kasi1", name="Nama Baru", role="kasi_kasubbag",
                          unit_codes=("pem", "kesos"), acting="Plh.")
    assert u.name == "Nama Baru" and u.unit_codes == ("pem", "kesos") and u.acting == "Plh."
    with pytest.raises(ValidationError, match="sedikitnya satu unit"):
        users.update_user(db, admin, "kasi1", name="Nama Baru", role="kasi_kasubbag")
    assert users.get_user(db, "kasi1").unit_codes == ("pem", "kesos")


def test_admin_cannot_remove_own_admin_or_deactivate_self(db, admin):
    with pytest.raises(ValidationError, match="hak administrator Anda sendiri"):
        users.update_user(db, admin, "admin", name="Admin", role="jf", is_admin=False)
    with pytest.raises(PerkinError, match="akun Anda sendiri"):
        users.set_active(db, admin, "admin", False)


def test_last_active_admin_stays(db, admin):
    other = make(db, admin, "admin2", role="jf", is_admin=True)
    users.set_active(db, other, "admin", False)
    with pytest.raises(PerkinError, match="terakhir"):
        users.set_active(db, admin, "admin2", False)  # admin is inactive now, but rule holds


def test_deactivate_keeps_the_user(db, admin):
    make(db, admin, "jf1")
    users.set_active(db, admin, "jf1", False)
    assert users.get_user(db, "jf1").active is False
    assert [u.username for u in users.list_users(db, active_only=True)] == ["admin"]
    assert {u.username for u in users.list_users(db)} == {"admin", "jf1"}
    users.set_active(db, admin, "jf1", True)
    assert users.get_user(db, "jf1").active


# ------------------------------------------------------------------ authentication
def test_login_ok_and_wrong_password_counts_down(db, admin):
    assert users.authenticate(db, "Admin ", PW, now=T0).username == "admin"
    with pytest.raises(PerkinError, match="salah. Sisa percobaan: 4"):
        users.authenticate(db, "admin", "salah", now=T0)
    with pytest.raises(PerkinError, match="Nama pengguna atau kata sandi salah"):
        users.authenticate(db, "tidakada", PW, now=T0)
    with pytest.raises(PerkinError, match="wajib diisi"):
        users.authenticate(db, "admin", "", now=T0)


def test_lockout_after_five_wrong_for_fifteen_minutes(db, admin):
    for i in range(4):
        with pytest.raises(PerkinError, match=f"Sisa percobaan: {4 - i}"):
            users.authenticate(db, "admin", "salah", now=T0 + dt.timedelta(minutes=i))
    t5 = T0 + dt.timedelta(minutes=4)
    with pytest.raises(PerkinError, match="dikunci sementara .* 08.19 WIB"):
        users.authenticate(db, "admin", "salah", now=t5)
    assert users.locked_users(db, now=t5) == {"admin": t5 + dt.timedelta(minutes=15)}
    # the right password is still refused while locked
    with pytest.raises(PerkinError, match="dikunci"):
        users.authenticate(db, "admin", PW, now=t5 + dt.timedelta(minutes=14, seconds=59))
    # after 15 minutes it works again, and the counter starts afresh
    later = t5 + dt.timedelta(minutes=15)
    assert users.authenticate(db, "admin", PW, now=later).username == "admin"
    assert users.locked_users(db, now=later) == {}
    with pytest.raises(PerkinError, match="Sisa percobaan: 4"):
        users.authenticate(db, "admin", "salah", now=later)


def test_success_resets_the_failure_count(db, admin):
    for _ in range(4):
        with pytest.raises(PerkinError):
            users.authenticate(db, "admin", "salah", now=T0)
    users.authenticate(db, "admin", PW, now=T0)
    with pytest.raises(PerkinError, match="Sisa percobaan: 4"):
        users.authenticate(db, "admin", "salah", now=T0)


def test_inactive_user_refused(db, admin):
    make(db, admin, "jf1")
    users.set_active(db, admin, "jf1", False)
    with pytest.raises(PerkinError, match="dinonaktifkan"):
        users.authenticate(db, "jf1", PW, now=T0)


# ------------------------------------------------------------------ passwords
def test_change_password(db, admin):
    new = "BaruSekali2027"
    with pytest.raises(PerkinError, match="lama salah"):
        users.change_password(db, admin, "keliru", new, new)
    with pytest.raises(ValidationError, match="minimal 10"):
        users.change_password(db, admin, PW, "pendek1", "pendek1")
    users.change_password(db, admin, PW, new, new)
    with pytest.raises(PerkinError):
        users.authenticate(db, "admin", PW, now=T0)
    assert users.authenticate(db, "admin", new, now=T0).username == "admin"


def test_reset_password_by_admin_unlocks(db, admin):
    jf = make(db, admin, "jf1")
    for _ in range(5):
        with pytest.raises(PerkinError):
            users.authenticate(db, "jf1", "salah", now=T0)
    assert "jf1" in users.locked_users(db, now=T0)
    new = "DiaturUlang2026"
    with pytest.raises(PermissionDenied):
        users.reset_password(db, jf, "jf1", new, new)
    with pytest.raises(ValidationError, match="tidak sama"):
        users.reset_password(db, admin, "jf1", new, new + "x")
    # the message says who unlocks it and how
    with pytest.raises(PerkinError, match="hubungi administrator: administrator dapat "
                                          "membuka kunci dengan mengatur ulang kata sandi"):
        users.authenticate(db, "jf1", PW, now=T0)
    users.reset_password(db, admin, "jf1", new, new)
    assert users.locked_users(db, now=T0) == {}
    assert users.authenticate(db, "jf1", new, now=T0).username == "jf1"


def test_passwords_stored_as_bcrypt():
    h = users.hash_password(PW)
    assert h.startswith("$2") and PW not in h
    assert users.verify_password(PW, h) and not users.verify_password("x", h)
    assert not users.verify_password(PW, "bukan-hash")


# ------------------------------------------------------------------ credentials
def test_credentials_only_active_users_with_roles(db, admin):
    make(db, admin, "jf1", is_admin=True)
    make(db, admin, "jf2")
    users.set_active(db, admin, "jf2", False)
    creds = users.credentials(db)["usernames"]
    assert set(creds) == {"admin", "jf1"}
    assert creds["jf1"]["roles"] == ["jf", "admin"]
    assert creds["admin"]["roles"] == ["admin"]
    assert all(c["password"].startswith("$2") for c in creds.values())
