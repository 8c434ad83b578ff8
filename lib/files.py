"""Uploaded files: evidence of a unit's form (per row or whole form) and the
year's reference documents (Renstra, PK, RKT, DPA, Rencana Aksi, IKI).

Files live in ``paths.uploads_dir()`` under generated names (the user's file
name is only shown, never used as a path); the type is checked by content, not
by name; at most 10 MB. The bytes are written to a temporary name and moved
into place with ``os.replace``, so a half-written upload is never visible; the
row in ``files`` carries the sha256, checked again on every read.
"""
from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass

from db import immediate
from lib import clock, cycles, events, faults, office, paths, uploads
from lib.access import can, require
from lib.errors import NotFound, PermissionDenied, StateError, ValidationError

MAX_BYTES = uploads.UPLOADERS["bukti"].max_bytes
# the uploader (lib.uploads.UPLOADERS) whose limit and message each kind takes
UPLOADER_OF_KIND = {"evidence": "bukti", "reference": "referensi"}
REFERENCE_LABELS = ("Renstra", "PK", "RKT", "DPA", "Rencana Aksi", "IKI")
KINDS = ("evidence", "reference", "scan", "receipt")
TYPES = {
    "application/pdf": (".pdf", "PDF"),
    "image/png": (".png", "PNG"),
    "image/jpeg": (".jpg", "JPG"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx", "Excel"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx", "Word"),
}


@dataclass(frozen=True)
class StoredFile:
    id: int
    kind: str
    year: int | None
    unit_code: str | None
    indicator_id: int | None
    label: str
    original_name: str
    stored_name: str
    mime: str
    size: int
    sha256: str
    uploaded_at: str
    uploaded_by_name: str

    @property
    def download_name(self) -> str:
        """A safe name for the browser, with the extension of the detected type."""
        ext = TYPES.get(self.mime, ("", ""))[0]
        base = os.path.splitext(os.path.basename(self.original_name.replace("\\", "/")))[0]
        base = re.sub(r"[^\w.\- ]+", "_", base).strip(" ._") or f"berkas-{self.id}"
        return base[:80] + ext


def detect_type(data: bytes) -> str | None:
    """MIME type named by the content (``lib.uploads.detect_type``)."""
    return uploads.detect_type(data)


MAX_UNZIPPED = uploads.MAX_UNZIPPED


def _row(db, r) -> StoredFile:
    unit = None
    if r["unit_id"]:
        unit = office.get_unit_by_id(db, r["unit_id"]).code
    return StoredFile(r["id"], r["kind"], r["year"], unit, r["indicator_id"], r["label"],
                      r["original_name"], r["stored_name"], r["mime"], r["size"], r["sha256"],
                      r["uploaded_at"], r["uploaded_by_name"])


def _check_may_write(db, user, kind: str, year, unit_code, indicator_id) -> None:
    if kind == "evidence":
        if not unit_code or not can(user, "format.edit", unit_code):
            raise PermissionDenied("Anda tidak berhak mengunggah bukti untuk unit ini.")
        ok, why = cycles.unit_can_edit(db, year, unit_code)
        if not ok:
            raise StateError(f"Bukti tidak dapat diubah: {why}")
    elif kind == "reference":
        require(user, "reference.upload")
    elif kind in ("scan", "receipt"):
        require(user, "archive.upload")
    else:
        raise ValidationError(f"Jenis berkas '{kind}' tidak dikenal.")


def save_file(db, user, *, kind: str, data: bytes, original_name: str, year: int | None = None,
              unit_code: str | None = None, indicator_id: int | None = None, label: str = "",
              now=None) -> StoredFile:
    """Store an upload; returns its record."""
    if kind not in KINDS:
        raise ValidationError(f"Jenis berkas '{kind}' tidak dikenal.")
    if kind == "reference" and label not in REFERENCE_LABELS:
        raise ValidationError("Jenis dokumen referensi harus salah satu dari: "
                              + ", ".join(REFERENCE_LABELS) + ".")
    mime = uploads.UPLOADERS[UPLOADER_OF_KIND.get(kind, "bukti")].check(data)
    name = os.path.basename((original_name or "").replace("\\", "/")).strip()[:200] or "berkas"
    now = now or clock.now()
    unit_id = None
    if unit_code:
        unit_id = office.get_unit(db, unit_code).id
    if indicator_id is not None:
        row = db.execute("SELECT unit_id, year FROM indicators WHERE id = ?",
                         [indicator_id]).fetchone()
        if row is None:
            raise NotFound("Baris indikator tidak ditemukan.")
        if unit_id is not None and row[0] != unit_id or year is not None and row[1] != year:
            raise ValidationError("Baris indikator bukan milik unit/tahun ini.")
        unit_id, year = row[0], row[1]
        unit_code = office.get_unit_by_id(db, unit_id).code
    _check_may_write(db, user, kind, year, unit_code, indicator_id)
    digest = hashlib.sha256(data).hexdigest()
    stored = uuid.uuid4().hex + TYPES[mime][0]
    folder = paths.uploads_dir()
    tmp = folder / f".tmp-{uuid.uuid4().hex}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as err:  # full disk, unwritable data folder: no half file left behind
        tmp.unlink(missing_ok=True)
        raise StateError("Berkas tidak dapat disimpan: ruang disk penuh atau folder data tidak "
                         f"dapat ditulis ({err.strerror or err}). Tidak ada yang tersimpan.") \
            from None
    final = folder / stored
    try:
        with immediate(db):
            faults.checkpoint("files.rename")
            os.replace(tmp, final)
            fid = db["files"].insert({
                "kind": kind, "year": year, "unit_id": unit_id, "indicator_id": indicator_id,
                "label": label, "original_name": name, "stored_name": stored, "mime": mime,
                "size": len(data), "sha256": digest, "uploaded_at": clock.iso(now),
                "uploaded_by_name": getattr(user, "name", "Operator lokal")}).last_pk
            events.record(db, user, "berkas.unggah", at=now, year=year, unit_code=unit_code,
                          details={"id": fid, "jenis": kind, "label": label, "nama": name,
                                   "ukuran": len(data), "sha256": digest,
                                   "indikator": indicator_id})
    except BaseException:
        for p in (tmp, final):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
        raise
    return get_file(db, fid)


def get_file(db, file_id: int) -> StoredFile:
    rows = list(db.query("SELECT * FROM files WHERE id = ?", [file_id]))
    if not rows:
        raise NotFound("Berkas tidak ditemukan.")
    return _row(db, rows[0])


def read_bytes(db, file_id: int) -> tuple[StoredFile, bytes]:
    """The file's record and bytes; refuses a file whose content changed on disk."""
    f = get_file(db, file_id)
    path = paths.uploads_dir() / f.stored_name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"Isi berkas '{f.original_name}' tidak ada di folder data.") from None
    if hashlib.sha256(data).hexdigest() != f.sha256:
        raise StateError(f"Isi berkas '{f.original_name}' berubah sejak diunggah (sha256 tidak "
                         "cocok); unggah ulang.")
    return f, data


def list_files(db, *, kind: str, year: int | None = None, unit_code: str | None = None,
               indicator_id: int | None = None) -> list[StoredFile]:
    sql, params = "SELECT * FROM files WHERE kind = ?", [kind]
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    if unit_code is not None:
        sql += " AND unit_id = ?"
        params.append(office.get_unit(db, unit_code).id)
    if indicator_id is not None:
        sql += " AND indicator_id = ?"
        params.append(indicator_id)
    return [_row(db, r) for r in db.query(sql + " ORDER BY id", params)]


def delete_file(db, user, file_id: int, now=None) -> None:
    f = get_file(db, file_id)
    _check_may_write(db, user, f.kind, f.year, f.unit_code, f.indicator_id)
    now = now or clock.now()
    with immediate(db):
        db.execute("DELETE FROM files WHERE id = ?", [file_id])
        events.record(db, user, "berkas.hapus", at=now, year=f.year, unit_code=f.unit_code,
                      details={"id": f.id, "jenis": f.kind, "label": f.label,
                               "nama": f.original_name, "sha256": f.sha256})
    try:
        (paths.uploads_dir() / f.stored_name).unlink()
    except FileNotFoundError:
        pass
