"""Login sessions kept in the database (issue #17).

Every login (the form) creates a row in ``sessions``; the browser's cookie
carries a random token whose SHA-256 is that row's ``token_hash``. A cookie logs
somebody in only while its row is live: not ended, not past its absolute end
(``expires_at``, set at login from ``session_expiry_days``), and used within the
idle limit (``session_idle_hours``, measured from ``last_seen_at``).

Sessions end on Keluar, a password change or reset, deactivation, a change of
role, administrator right or units, and "Keluar dari semua perangkat". The
services that cause those call :func:`end_for_user` inside their own
transaction; nothing here imports ``lib.users`` (users imports this module).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from db import immediate
from lib import clock, events, office
from lib.access import can, require
from lib.errors import NotFound, PermissionDenied

TOUCH_SECONDS = 60          # last_seen_at is written at most once a minute per session
HINT_MAX = 80

# Why a session ended (stored in sessions.end_reason)
KELUAR = "keluar"                 # the user clicked Keluar
SANDI = "sandi"                   # password changed by the user
RESET = "reset_sandi"             # password reset by an administrator / run.py
NONAKTIF = "nonaktif"             # account deactivated
PERAN = "peran"                   # role, administrator right or units changed
SEMUA = "keluar_semua"            # "Keluar dari semua perangkat"
MENGANGGUR = "menganggur"         # idle limit passed
KEDALUWARSA = "kedaluwarsa"       # absolute limit passed


@dataclass(frozen=True)
class Session:
    id: int
    user_id: int
    username: str
    name: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    client_hint: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def idle_limit(db) -> dt.timedelta:
    return dt.timedelta(hours=float(office.get_setting(db, "session_idle_hours") or 8))


def absolute_limit(db) -> dt.timedelta:
    return dt.timedelta(days=float(office.get_setting(db, "session_expiry_days") or 1))


def client_hint(user_agent: str | None, ip: str | None = None) -> str:
    """A short, human description of the client: "Chrome · Windows · 192.168.1.7"."""
    ua = user_agent or ""
    browser = next((name for pattern, name in (
        (r"Edg/", "Edge"), (r"OPR/|Opera", "Opera"), (r"Firefox/", "Firefox"),
        (r"Chrome/|Chromium/|HeadlessChrome/", "Chrome"), (r"Safari/", "Safari"))
        if re.search(pattern, ua)), "")
    system = next((name for pattern, name in (
        (r"Android", "Android"), (r"iPhone|iPad", "iOS"), (r"Windows", "Windows"),
        (r"Mac OS X|Macintosh", "macOS"), (r"CrOS", "ChromeOS"), (r"Linux", "Linux"))
        if re.search(pattern, ua)), "")
    parts = [p for p in (browser, system, (ip or "").strip() or "komputer ini") if p]
    return " · ".join(parts)[:HINT_MAX]


def start(db, user, *, client_hint: str = "", now=None) -> str:
    """A new session for ``user`` (who has just proved the password); returns the
    token for the cookie. Only its hash is stored."""
    now = now or clock.now()
    if user is None or getattr(user, "id", None) is None:
        raise PermissionDenied("Sesi hanya untuk pengguna terdaftar.")
    token = secrets.token_urlsafe(32)
    with immediate(db):
        db["sessions"].insert({
            "token_hash": _hash(token), "user_id": user.id, "created_at": clock.iso(now),
            "last_seen_at": clock.iso(now), "expires_at": clock.iso(now + absolute_limit(db)),
            "client_hint": (client_hint or "")[:HINT_MAX],
        })
    return token


def _row(db, token: str):
    rows = list(db.query(
        "SELECT s.*, u.username, u.name, u.active FROM sessions s "
        "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?", [_hash(token)]))
    return rows[0] if rows else None


def _end_row(db, session_id: int, reason: str, now) -> None:
    db.execute("UPDATE sessions SET ended_at = ?, end_reason = ? "
               "WHERE id = ? AND ended_at IS NULL", [clock.iso(now), reason, session_id])


def resume(db, token: str | None, username: str | None = None, *, now=None) -> Session | None:
    """The live session of ``token`` (of ``username`` when given), or None.

    A session past its idle or absolute limit is ended here (so the
    administrator's list and the reason stay true). A live one has its
    ``last_seen_at`` moved to ``now`` (at most once a minute)."""
    if not token or not isinstance(token, str):
        return None
    now = now or clock.now()
    row = _row(db, token)
    if row is None or row["ended_at"] is not None:
        return None
    if username is not None and row["username"] != str(username).strip().lower():
        return None
    last_seen = clock.parse(row["last_seen_at"])
    reason = None
    if not row["active"]:
        reason = NONAKTIF
    elif now >= clock.parse(row["expires_at"]):
        reason = KEDALUWARSA
    elif now - last_seen >= idle_limit(db):
        reason = MENGANGGUR
    if reason:
        with immediate(db):
            _end_row(db, row["id"], reason, now)
        return None
    if (now - last_seen).total_seconds() >= TOUCH_SECONDS:
        with immediate(db):
            db.execute("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
                       [clock.iso(now), row["id"], clock.iso(now)])
        last_seen = now
    return Session(id=row["id"], user_id=row["user_id"], username=row["username"],
                   name=row["name"], created_at=clock.parse(row["created_at"]),
                   last_seen_at=last_seen, expires_at=clock.parse(row["expires_at"]),
                   client_hint=row["client_hint"])


def end(db, token: str | None, reason: str = KELUAR, *, now=None) -> bool:
    """End the session of ``token`` (Keluar): holding the token is the authority.
    True when a live session was ended."""
    if not token or not isinstance(token, str):
        return False
    now = now or clock.now()
    with immediate(db):
        row = _row(db, token)
        if row is None or row["ended_at"] is not None:
            return False
        _end_row(db, row["id"], reason, now)
    return True


def end_for_user(db, user_id: int, reason: str, *, now=None, keep_token: str | None = None
                 ) -> int:
    """End every session of a user (but ``keep_token``'s). For services that have
    already checked the actor; joins their transaction. Returns how many ended."""
    now = now or clock.now()
    keep = _hash(keep_token) if keep_token else ""
    with immediate(db):
        cur = db.execute("UPDATE sessions SET ended_at = ?, end_reason = ? "
                         "WHERE user_id = ? AND ended_at IS NULL AND token_hash != ?",
                         [clock.iso(now), reason, user_id, keep])
        return cur.rowcount


def end_all(db, actor, username: str, *, now=None) -> int:
    """"Keluar dari semua perangkat": a user for themself, or the administrator for
    anyone. Every session of that user ends, the actor's own included."""
    now = now or clock.now()
    uname = (username or "").strip().lower()
    row = db.execute("SELECT id, username FROM users WHERE username = ?", [uname]).fetchone()
    if row is None:
        raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
    if actor is None or (getattr(actor, "id", None) != row[0] and not can(actor, "admin.manage")):
        require(actor, "admin.manage")  # raises the usual Indonesian refusal
    with immediate(db):
        count = end_for_user(db, row[0], SEMUA, now=now)
        events.record(db, actor, "pengguna.keluar_semua", at=now,
                      details={"username": row[1], "sesi": count})
    return count


def live_sessions(db, actor, *, now=None) -> list[Session]:
    """Who is logged in now (administrator only): live sessions, newest first."""
    require(actor, "admin.manage")
    now = now or clock.now()
    idle_from = clock.iso(now - idle_limit(db))
    rows = db.query(
        "SELECT s.*, u.username, u.name FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.ended_at IS NULL AND u.active = 1 AND s.expires_at > ? AND s.last_seen_at > ? "
        "ORDER BY s.last_seen_at DESC, s.id DESC", [clock.iso(now), idle_from])
    return [Session(id=r["id"], user_id=r["user_id"], username=r["username"], name=r["name"],
                    created_at=clock.parse(r["created_at"]),
                    last_seen_at=clock.parse(r["last_seen_at"]),
                    expires_at=clock.parse(r["expires_at"]), client_hint=r["client_hint"])
            for r in rows]


__all__ = ["Session", "start", "resume", "end", "end_for_user", "end_all", "live_sessions",
           "client_hint"]
