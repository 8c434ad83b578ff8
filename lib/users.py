"""Users: who they are, their password (bcrypt), lockout, and the administrator's
user management. Lockout lives here, in the database: the login library's own
counter is per browser session and speaks English.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass

import bcrypt

from db import immediate
from lib import clock, limits, sessions
from lib.access import ALL_ROLES, FLOW_ROLES, ROLE_LABELS, require
from lib.errors import NotFound, PerkinError, StorageError, ValidationError

MAX_FAILED = 5
LOCK_MINUTES = 15
ACTING = ("", "Plt.", "Plh.")
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class User:
    id: int | None
    username: str
    name: str
    role: str
    is_admin: bool = False
    unit_codes: tuple[str, ...] = ()
    nip: str = ""
    pangkat: str = ""
    jabatan: str = ""
    acting: str = ""
    active: bool = True

    @property
    def roles(self) -> set[str]:
        r = {self.role}
        if self.is_admin:
            r.add("admin")
        return r

    @property
    def role_label(self) -> str:
        label = ROLE_LABELS.get(self.role, self.role)
        if self.acting:
            label = f"{self.acting} {label}"
        if self.is_admin and self.role != "admin":
            label += " + Administrator"
        return label


OPERATOR = User(id=None, username="operator", name="Operator lokal", role="operator",
                is_admin=True)


def hash_password(password: str) -> str:
    # 12 rounds in use; tests lower it through PERKIN_BCRYPT_ROUNDS (never below 4) for speed.
    rounds = max(4, min(14, int(os.environ.get("PERKIN_BCRYPT_ROUNDS", "12"))))
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False


COMMON = {"password", "12345678", "123456789", "1234567890", "qwertyuiop", "perkin-demo",
          "kecamatan", "administrator", "password123", "rahasia123"}


def password_problems(password: str, password2: str, username: str = "") -> list[str]:
    """Strength rules; an empty list means acceptable."""
    problems = []
    if password != password2:
        problems.append("Kedua kata sandi tidak sama.")
    if len(password) < 10:
        problems.append("Kata sandi minimal 10 karakter.")
    if not re.search(r"[A-Za-z]", password) or not re.search(r"[0-9]", password):
        problems.append("Kata sandi harus memuat huruf dan angka.")
    if password.lower() in COMMON or (username and username.lower() in password.lower()):
        problems.append("Kata sandi terlalu mudah ditebak (jangan memakai nama pengguna).")
    return problems


def _row_to_user(db, row) -> User:
    units = tuple(r["code"] for r in db.query(
        "SELECT u.code FROM user_units uu JOIN units u ON u.id = uu.unit_id "
        "WHERE uu.user_id = ? ORDER BY u.sort, u.code", [row["id"]]))
    return User(id=row["id"], username=row["username"], name=row["name"], role=row["role"],
                is_admin=bool(row["is_admin"]), unit_codes=units, nip=row["nip"],
                pangkat=row["pangkat"], jabatan=row["jabatan"], acting=row["acting"],
                active=bool(row["active"]))


def count_users(db) -> int:
    return db.execute("SELECT COUNT(*) FROM users").fetchone()[0]


def get_user(db, username: str) -> User:
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username.strip().lower()]))
    if not rows:
        raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
    return _row_to_user(db, rows[0])


def get_user_by_id(db, user_id: int) -> User:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    if not rows:
        raise NotFound("Pengguna tidak ditemukan.")
    return _row_to_user(db, rows[0])


def list_users(db, *, active_only: bool = False) -> list[User]:
    sql = "SELECT * FROM users" + (" WHERE active = 1" if active_only else "") + " ORDER BY id"
    return [_row_to_user(db, r) for r in db.query(sql)]


def users_with_role(db, role: str) -> list[User]:
    return [u for u in list_users(db, active_only=True) if u.role == role]


def _unit_ids(db, codes) -> list[int]:
    ids = []
    for code in codes:
        r = db.execute("SELECT id FROM units WHERE code = ?", [code]).fetchone()
        if r is None:
            raise ValidationError(f"Unit '{code}' tidak dikenal.")
        ids.append(r[0])
    return ids


def _validate_user_fields(db, *, username, name, role, acting, unit_codes, user_id=None,
                         nip="", pangkat="", jabatan=""):
    problems = []
    uname = (username or "").strip().lower()
    if not uname:
        problems.append("Nama pengguna wajib diisi.")
    elif limits.problem("user.username", uname):
        problems.append(limits.problem("user.username", uname))
    elif not USERNAME_RE.match(uname):
        problems.append("Nama pengguna hanya huruf kecil, angka, titik, garis bawah atau "
                        "tanda hubung (2-32 karakter).")
    else:
        r = db.execute("SELECT id FROM users WHERE username = ?", [uname]).fetchone()
        if r is not None and r[0] != user_id:
            problems.append(f"Nama pengguna '{uname}' sudah dipakai.")
    if not (name or "").strip():
        problems.append("Nama lengkap wajib diisi.")
    elif limits.problem("user.name", name.strip()):
        problems.append(limits.problem("user.name", name.strip()))
    for field, value in (("user.nip", nip), ("user.pangkat", pangkat),
                         ("user.jabatan", jabatan)):
        why = limits.problem(field, str(value or "").strip())
        if why:
            problems.append(why)
    if role not in ALL_ROLES:
        problems.append(f"Peran '{role}' tidak dikenal.")
    if acting not in ACTING:
        problems.append("Status jabatan harus kosong, 'Plt.' atau 'Plh.'.")
    if role == "kasi_kasubbag" and not unit_codes:
        problems.append("Kasi/Kasubbag harus terikat pada sedikitnya satu unit.")
    if role in ("camat", "sekcam"):
        others = db.execute("SELECT name FROM users WHERE role = ? AND active = 1 AND id != ?",
                            [role, user_id or 0]).fetchall()
        if others:
            problems.append(f"Sudah ada {ROLE_LABELS[role]} aktif ({others[0][0]}); "
                            "nonaktifkan dulu sebelum menambah yang baru.")
    return uname, problems


def create_user(db, actor: User | None, *, username: str, name: str, role: str, password: str,
                password2: str, nip: str = "", pangkat: str = "", jabatan: str = "",
                is_admin: bool = False, acting: str = "", unit_codes=(),
                demo: bool = False, first_admin: bool = False, now=None) -> User:
    """Create a user. ``first_admin`` is the setup page's path (only while no user exists)."""
    from lib import events

    now = now or clock.now()
    with immediate(db):
        if first_admin:
            if count_users(db) > 0:
                raise PerkinError("Administrator pertama sudah dibuat; silakan masuk.")
        else:
            require(actor, "admin.manage")
        uname, problems = _validate_user_fields(db, username=username, name=name, role=role,
                                                acting=acting, unit_codes=unit_codes,
                                                nip=nip, pangkat=pangkat, jabatan=jabatan)
        if not demo:
            problems += password_problems(password, password2, uname)
        if problems:
            raise ValidationError("Data pengguna belum benar: " + " ".join(problems),
                                  problems=problems)
        unit_ids = _unit_ids(db, unit_codes)
        user_id = db["users"].insert({
            "username": uname, "name": name.strip(), "nip": nip.strip(),
            "pangkat": pangkat.strip(), "jabatan": jabatan.strip(), "role": role,
            "is_admin": int(bool(is_admin) or role == "admin"), "acting": acting,
            "password_hash": hash_password(password), "active": 1,
            "created_at": clock.iso(now), "password_changed_at": clock.iso(now),
        }).last_pk
        for uid in unit_ids:
            db["user_units"].insert({"user_id": user_id, "unit_id": uid})
        user = get_user_by_id(db, user_id)
        events.record(db, actor or user, "pengguna.tambah", at=now,
                      details={"username": uname, "role": role, "units": list(unit_codes)})
    return user


def update_user(db, actor: User, username: str, *, name: str, role: str, nip: str = "",
                pangkat: str = "", jabatan: str = "", is_admin: bool = False, acting: str = "",
                unit_codes=(), now=None) -> User:
    from lib import events

    now = now or clock.now()
    require(actor, "admin.manage")
    with immediate(db):
        current = get_user(db, username)
        _, problems = _validate_user_fields(db, username=current.username, name=name, role=role,
                                            acting=acting, unit_codes=unit_codes,
                                            user_id=current.id, nip=nip, pangkat=pangkat,
                                            jabatan=jabatan)
        if current.id == actor.id and current.is_admin and not (is_admin or role == "admin"):
            problems.append("Anda tidak dapat mencabut hak administrator Anda sendiri.")
        if problems:
            raise ValidationError("Data pengguna belum benar: " + " ".join(problems),
                                  problems=problems)
        unit_ids = _unit_ids(db, unit_codes)
        db["users"].update(current.id, {
            "name": name.strip(), "nip": nip.strip(), "pangkat": pangkat.strip(),
            "jabatan": jabatan.strip(), "role": role,
            "is_admin": int(bool(is_admin) or role == "admin"), "acting": acting,
            "rev": db.execute("SELECT rev FROM users WHERE id=?", [current.id]).fetchone()[0] + 1,
        })
        db.execute("DELETE FROM user_units WHERE user_id = ?", [current.id])
        for uid in unit_ids:
            db["user_units"].insert({"user_id": current.id, "unit_id": uid})
        new_admin = bool(is_admin) or role == "admin"
        if (role != current.role or new_admin != current.is_admin
                or sorted(unit_codes) != sorted(current.unit_codes)):
            # what the user may see changed: their open sessions end, they log in anew
            sessions.end_for_user(db, current.id, sessions.PERAN, now=now)
        events.record(db, actor, "pengguna.ubah", at=now,
                      details={"username": current.username, "role": role,
                               "units": list(unit_codes), "acting": acting})
        return get_user_by_id(db, current.id)


def set_active(db, actor: User, username: str, active: bool, now=None) -> None:
    """Deactivate (or reactivate). Users are never deleted: their history stays."""
    from lib import events

    require(actor, "admin.manage")
    with immediate(db):
        user = get_user(db, username)
        if not active and actor.id == user.id:
            raise PerkinError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        if not active and user.is_admin:
            admins = db.execute("SELECT COUNT(*) FROM users WHERE is_admin=1 AND active=1"
                                ).fetchone()[0]
            if admins <= 1:
                raise PerkinError("Administrator aktif terakhir tidak dapat dinonaktifkan.")
        if active and not user.active and user.role in ("camat", "sekcam"):
            other = db.execute("SELECT name FROM users WHERE role = ? AND active = 1 AND id != ?",
                               [user.role, user.id]).fetchone()
            if other:
                raise PerkinError(f"Sudah ada {ROLE_LABELS[user.role]} aktif ({other[0]}); "
                                  "nonaktifkan dulu sebelum mengaktifkan yang lain.")
        db["users"].update(user.id, {"active": int(active)})
        if not active:
            sessions.end_for_user(db, user.id, sessions.NONAKTIF, now=now or clock.now())
        events.record(db, actor, "pengguna.aktif" if active else "pengguna.nonaktif",
                      at=now or clock.now(), details={"username": user.username})


def _locked_message(until: dt.datetime) -> str:
    return (f"Akun dikunci sementara karena {MAX_FAILED} kali salah kata sandi. "
            f"Coba lagi setelah pukul {until.strftime('%H.%M')} WIB, atau hubungi "
            "administrator: administrator dapat membuka kunci dengan mengatur ulang kata "
            "sandi Anda (menu Pengguna).")


def authenticate(db, username: str, password: str, now=None) -> User:
    """``_authenticate``, refused while the attempt cannot be written: a login whose
    failure could not be counted would allow unlimited guesses (a full disk, a
    read-only or damaged database)."""
    try:
        return _authenticate(db, username, password, now)
    except StorageError as err:
        raise StorageError("Masuk ditolak untuk sementara: percobaan masuk tidak dapat "
                           f"dicatat. {err}") from err
    except sqlite3.DatabaseError as err:
        raise StorageError("Masuk ditolak untuk sementara: basis data tidak dapat dibaca atau "
                           "ditulis. Hubungi administrator (python3 run.py check).") from err


def _authenticate(db, username: str, password: str, now=None) -> User:
    """Check a login. Counts failures; 5 in a row lock the account 15 minutes.

    A failure is committed before it is raised (raising inside ``immediate``
    would roll the count back and the lockout would never happen).
    """
    now = now or clock.now()
    uname = (username or "").strip().lower()
    if not uname or not password:
        raise PerkinError("Nama pengguna dan kata sandi wajib diisi.")
    failure: str | None = None
    with immediate(db):
        rows = list(db.query("SELECT * FROM users WHERE username = ?", [uname]))
        if not rows:
            raise PerkinError("Nama pengguna atau kata sandi salah.")
        row = rows[0]
        if row["locked_until"]:
            until = clock.parse(row["locked_until"])
            if now < until:
                raise PerkinError(_locked_message(until))
        if not verify_password(password, row["password_hash"]):
            failed = row["failed_attempts"] + 1
            if failed >= MAX_FAILED:
                until = now + dt.timedelta(minutes=LOCK_MINUTES)
                db["users"].update(row["id"], {"failed_attempts": 0,
                                               "locked_until": clock.iso(until)})
                failure = _locked_message(until)
            else:
                db["users"].update(row["id"], {"failed_attempts": failed})
                failure = ("Nama pengguna atau kata sandi salah. "
                           f"Sisa percobaan: {MAX_FAILED - failed}.")
        elif not row["active"]:
            failure = "Akun ini sudah dinonaktifkan. Hubungi administrator."
        else:
            db["users"].update(row["id"], {"failed_attempts": 0, "locked_until": None})
    if failure:
        raise PerkinError(failure)
    return _row_to_user(db, row)


def locked_users(db, now=None) -> dict[str, dt.datetime]:
    """Usernames locked out at ``now``, with the time the lock ends."""
    now = now or clock.now()
    out = {}
    for r in db.query("SELECT username, locked_until FROM users WHERE locked_until IS NOT NULL"):
        until = clock.parse(r["locked_until"])
        if until > now:
            out[r["username"]] = until
    return out


def change_password(db, user: User, old: str, new: str, new2: str, now=None,
                    keep_token: str | None = None) -> None:
    """The user's own change. Every other session of the user ends; the session
    that made the change (``keep_token``, which has just proved the old password)
    stays logged in."""
    from lib import events

    now = now or clock.now()
    with immediate(db):
        row = db.execute("SELECT password_hash FROM users WHERE id = ?", [user.id]).fetchone()
        if row is None or not verify_password(old or "", row[0]):
            raise PerkinError("Kata sandi lama salah.")
        problems = password_problems(new, new2, user.username)
        if problems:
            raise ValidationError(" ".join(problems), problems=problems)
        db["users"].update(user.id, {"password_hash": hash_password(new),
                                     "password_changed_at": clock.iso(now)})
        sessions.end_for_user(db, user.id, sessions.SANDI, now=now, keep_token=keep_token)
        events.record(db, user, "pengguna.ganti_sandi", at=now)


def reset_password(db, actor: User, username: str, new: str, new2: str, now=None) -> None:
    from lib import events

    now = now or clock.now()
    require(actor, "admin.manage")
    with immediate(db):
        user = get_user(db, username)
        problems = password_problems(new, new2, user.username)
        if problems:
            raise ValidationError(" ".join(problems), problems=problems)
        db["users"].update(user.id, {"password_hash": hash_password(new),
                                     "password_changed_at": clock.iso(now),
                                     "failed_attempts": 0, "locked_until": None})
        sessions.end_for_user(db, user.id, sessions.RESET, now=now)
        events.record(db, actor, "pengguna.reset_sandi", at=now,
                      details={"username": user.username})


def credentials(db) -> dict:
    """The dict streamlit-authenticator wants, built fresh from active users."""
    out = {"usernames": {}}
    for r in db.query("SELECT username, name, role, is_admin, password_hash FROM users "
                      "WHERE active = 1"):
        roles = [r["role"]] + (["admin"] if r["is_admin"] and r["role"] != "admin" else [])
        out["usernames"][r["username"]] = {
            "name": r["name"], "password": r["password_hash"], "roles": roles,
            "email": f"{r['username']}@perkin.local",
        }
    return out


__all__ = ["User", "OPERATOR", "FLOW_ROLES", "authenticate", "create_user", "update_user",
           "set_active", "change_password", "reset_password", "get_user", "list_users",
           "credentials", "password_problems", "count_users", "locked_users"]
