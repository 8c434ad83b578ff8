"""The archive of finals: the approved LAKIP stored once, the scans of the
wet-signed paper and the signed receipts beside it, and verification.

The archive stores bytes and verifies; it renders nothing. ``store_final`` is
called by ``lib.services.workflow.approve`` inside the Camat's approval
transaction, with the final LAKIP that service rendered (no DRAFT, a random
verification code printed in every page's footer), and keeps the bytes with
their SHA-256. The ``archive`` table refuses UPDATE of the bytes and any DELETE
(triggers), so a final is never regenerated or replaced: after a reopen
(``cycles.reopen``) the next approval stores version 2 beside version 1.

Verification answers "is this paper ours?": an uploaded file matches only
when its SHA-256 equals a frozen final's (a scan someone uploaded is named as
such, never "cocok"); a typed code matches the final that printed it, and the
stored document is returned for comparison. An administrator withdraws a wrong
scan with a reason (``withdraw_scan``): it leaves the list, its bytes stay.
"""
from __future__ import annotations

import hashlib
import re
import secrets

from db import immediate
from lib import clock, events, faults, limits, office, uploads
from lib.access import require
from lib.errors import NotFound, StateError, ValidationError

CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_SCAN_BYTES = uploads.UPLOADERS["arsip"].max_bytes
SCAN_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
SCAN_KINDS = {"scan": "Pindaian LAKIP bertanda tangan basah",
              "receipt": "Tanda terima bertanda tangan"}


def new_code() -> str:
    """10 random characters of A-Z2-9 in groups: ``ABCD-EFGH-JK``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(text: str) -> str:
    """What a person typed (any case, spaces, with or without dashes) -> ``ABCD-EFGH-JK``."""
    raw = re.sub(r"[^A-Za-z0-9]", "", text or "").upper()
    if len(raw) != CODE_LENGTH:
        return raw
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _title(db, year: int) -> str:
    profile = office.get_profile(db)
    title = office.get_setting(db, "report_title") or "LAKIP"
    kec = (profile.get("kecamatan") or "").strip()
    return f"{title} {kec} Tahun {year}".replace("  ", " ")


def _public(row: dict, with_content: bool = False) -> dict:
    out = {k: row[k] for k in ("id", "year", "doc_type", "version", "title", "filename",
                               "sha256", "verify_code", "approved_by_name", "approved_at",
                               "created_at")}
    out["uploaded_by_name"] = row.get("uploaded_by_name")
    out["size"] = len(row["content"]) if row.get("content") is not None else row.get("size")
    if with_content:
        out["content"] = bytes(row["content"])
    return out


# ------------------------------------------------------------------ freezing
def unused_code(db) -> str:
    """A verification code no archived document carries yet."""
    code = new_code()
    while db.execute("SELECT 1 FROM archive WHERE verify_code = ?", [code]).fetchone():
        code = new_code()  # pragma: no cover - 34^10 codes
    return code


def store_final(db, user, year: int, version: int, data: bytes, *, code: str, filename: str,
                now) -> dict:
    """Store the rendered final LAKIP of ``version`` (its bytes, SHA-256 and the
    verification code printed in it) once. Called inside the approval transaction by
    ``lib.services.workflow.approve``. Idempotent: an existing final of that version is
    returned as is and ``data`` is dropped."""
    with immediate(db):
        existing = get_final(db, year, version)
        if existing is not None:
            return existing
        digest = hashlib.sha256(data).hexdigest()
        row_id = db["archive"].insert({
            "year": year, "doc_type": "lakip", "version": version,
            "title": _title(db, year) + f" (versi {version})",
            "filename": filename,
            "content": data, "sha256": digest, "verify_code": code,
            "approved_by_name": getattr(user, "name", "Operator lokal"),
            "approved_at": clock.iso(now), "created_at": clock.iso(now)}).last_pk
        faults.checkpoint("archive.freeze")
        events.record(db, user, "arsip.final", at=now, year=year,
                      details={"id": row_id, "versi": version, "sha256": digest,
                               "kode": code, "ukuran": len(data)})
    return get_final(db, year, version)


# ------------------------------------------------------------------ reading
def get_final(db, year: int, version: int | None = None) -> dict | None:
    """The archived final LAKIP (latest version unless given), with ``content``."""
    sql = "SELECT * FROM archive WHERE year = ? AND doc_type = 'lakip'"
    params: list = [year]
    if version is not None:
        sql += " AND version = ?"
        params.append(version)
    rows = list(db.query(sql + " ORDER BY version DESC, id DESC LIMIT 1", params))
    return _public(dict(rows[0]), with_content=True) if rows else None


def list_archive(db, year: int | None = None) -> list[dict]:
    """Every archived document (finals, scans, receipts) not withdrawn, without content."""
    sql = ("SELECT id, year, doc_type, version, title, filename, sha256, verify_code, "
           "approved_by_name, approved_at, created_at, uploaded_by_name, "
           "length(content) AS size FROM archive "
           "WHERE id NOT IN (SELECT archive_id FROM archive_withdrawals)")
    params = []
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    return [_public(dict(r)) for r in db.query(sql + " ORDER BY year DESC, version, id", params)]


def withdrawal(db, entry_id: int) -> dict | None:
    """The withdrawal of archive entry ``entry_id`` (reason, when, by whom), or None."""
    rows = list(db.query("SELECT * FROM archive_withdrawals WHERE archive_id = ?", [entry_id]))
    return dict(rows[0]) if rows else None


def get_entry(db, entry_id: int) -> dict:
    rows = list(db.query("SELECT * FROM archive WHERE id = ?", [entry_id]))
    if not rows:
        raise NotFound("Dokumen arsip tidak ditemukan.")
    return _public(dict(rows[0]), with_content=True)


# ------------------------------------------------------------------ scans
def upload_scan(db, user, year: int, data: bytes, kind: str = "scan",
                original_name: str = "", now=None) -> dict:
    """Archive the scan of the wet-signed LAKIP (``scan``) or the signed
    receipts (``receipt``) beside the latest final of ``year``."""
    require(user, "archive.upload")
    if kind not in SCAN_KINDS:
        raise ValidationError("Jenis berkas arsip harus 'scan' atau 'receipt'.")
    mime = uploads.UPLOADERS["arsip"].check(data)
    now = now or clock.now()
    digest = hashlib.sha256(data).hexdigest()
    with immediate(db):
        final = get_final(db, year)
        if final is None:
            raise StateError(f"LAKIP {year} belum disetujui Camat; belum ada dokumen final "
                             "untuk dilampiri pindaian.")
        dup = db.execute("SELECT title FROM archive WHERE sha256 = ? AND id NOT IN "
                         "(SELECT archive_id FROM archive_withdrawals)", [digest]).fetchone()
        if dup:
            raise ValidationError(f"Berkas yang sama sudah ada di arsip ({dup[0]}).")
        version = final["version"]
        n = db.execute("SELECT COUNT(*) FROM archive WHERE year=? AND doc_type=? AND version=?",
                       [year, kind, version]).fetchone()[0] + 1
        base = "pindaian-lakip" if kind == "scan" else "tanda-terima"
        row_id = db["archive"].insert({
            "year": year, "doc_type": kind, "version": version,
            "title": f"{SCAN_KINDS[kind]} {year} (versi {version}, berkas {n})",
            "filename": f"{base}-{year}-v{version}-{n}{SCAN_TYPES[mime]}",
            "content": data, "sha256": digest, "verify_code": None,
            # a scan is what someone uploaded, not what the Camat approved
            "approved_by_name": None, "approved_at": None,
            "uploaded_by_name": getattr(user, "name", "Operator lokal"),
            "created_at": clock.iso(now)}).last_pk
        events.record(db, user, "arsip.unggah", at=now, year=year,
                      details={"id": row_id, "jenis": kind, "versi": version, "sha256": digest,
                               "nama": (original_name or "")[:200], "ukuran": len(data)})
    return get_entry(db, row_id)


def withdraw_scan(db, user, entry_id: int, reason: str, now=None) -> dict:
    """An administrator withdraws a wrong scan or receipt: it leaves the archive's list,
    Verifikasi names it withdrawn; its bytes stay stored (archive rows are frozen). A
    final LAKIP is never withdrawn (a correction is a reopen and a new version)."""
    require(user, "admin.manage")
    reason = limits.text("archive.withdraw_reason", reason, required=True)
    now = now or clock.now()
    with immediate(db):
        entry = get_entry(db, entry_id)
        if entry["doc_type"] not in SCAN_KINDS:
            raise StateError("Dokumen final LAKIP tidak dapat ditarik; untuk koreksi, Camat "
                             "membuka kembali LAKIP dan menyetujui versi baru.")
        if withdrawal(db, entry_id) is not None:
            raise StateError("Pindaian ini sudah ditarik.")
        db["archive_withdrawals"].insert({
            "archive_id": entry_id, "reason": reason, "withdrawn_at": clock.iso(now),
            "withdrawn_by_name": getattr(user, "name", "Operator lokal")})
        events.record(db, user, "arsip.tarik", at=now, year=entry["year"], reason=reason,
                      details={"id": entry_id, "jenis": entry["doc_type"],
                               "sha256": entry["sha256"], "judul": entry["title"]})
    return withdrawal(db, entry_id)


# ------------------------------------------------------------------ verification
def verify(db, *, data: bytes | None = None, code: str | None = None) -> dict:
    """``match`` True ("cocok dengan dokumen final yang disahkan") only when the SHA-256 of
    ``data`` equals a frozen final LAKIP's, or ``code`` is a final's verification code; a
    code match also returns the stored ``content`` and ``filename``.

    A file equal to an uploaded scan or receipt is never a match: anyone allowed to upload
    can upload any bytes. It comes back as ``kind`` "scan" with who uploaded it and when
    (and the withdrawal, if an administrator withdrew it)."""
    empty = {"match": False, "kind": None, "title": None, "year": None, "version": None,
             "approved_by": None, "approved_at": None, "by": None}
    if data:
        # compared by hash only, never stored: size and type by content, no parsing
        verifier = uploads.UPLOADERS["verifikasi"]
        verifier.check_size(data)
        if uploads.detect_type(data) not in verifier.accept:
            raise ValidationError(uploads.wrong_type(uploads.detect_type(data), verifier.accept,
                                                     verifier.what))
        digest = hashlib.sha256(data).hexdigest()
        rows = list(db.query("SELECT * FROM archive WHERE sha256 = ? "
                             "ORDER BY doc_type = 'lakip' DESC, id IN (SELECT archive_id FROM "
                             "archive_withdrawals), id LIMIT 1", [digest]))
        by = "berkas"
    elif code and code.strip():
        rows = list(db.query("SELECT * FROM archive WHERE verify_code = ? AND doc_type = 'lakip'"
                             " LIMIT 1", [normalize_code(code)]))
        by = "kode"
    else:
        raise ValidationError("Unggah berkas PDF atau ketik kode verifikasi.")
    if not rows:
        return empty | {"by": by}
    row = dict(rows[0])
    if row["doc_type"] != "lakip":
        return empty | {"by": by, "kind": "scan", "doc_type": row["doc_type"],
                        "title": row["title"], "year": row["year"], "version": row["version"],
                        "uploaded_by": row.get("uploaded_by_name"),
                        "uploaded_at": row["created_at"],
                        "withdrawal": withdrawal(db, row["id"])}
    out = {"match": True, "kind": "final", "title": row["title"], "year": row["year"],
           "version": row["version"], "approved_by": row["approved_by_name"],
           "approved_at": row["approved_at"], "doc_type": row["doc_type"],
           "sha256": row["sha256"], "by": by}
    if by == "kode":
        out["content"] = bytes(row["content"])
        out["filename"] = row["filename"]
    return out
