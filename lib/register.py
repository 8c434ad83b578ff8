"""The letter register: numbers that are never given twice and never skipped
silently. A number is typed from the office's agenda book (checked against
duplicates) or taken from Perkin's own sequence per calendar year, inside the
caller's BEGIN IMMEDIATE transaction (so two processes never get one number).
"""
from __future__ import annotations

import datetime as dt

from db import immediate
from lib import clock, events, limits, office
from lib.access import can, require
from lib.errors import NotFound, PermissionDenied, ValidationError

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

DOC_TYPES = {
    "nota-dinas": "Nota Dinas",
    "surat-pengantar": "Surat Pengantar",
    "sop": "Standar Operasional Prosedur (Nomor SOP)",
    "lainnya": "Surat lainnya",
}


def format_number(pattern: str, *, klasifikasi: str, nomor: int | str, kode: str,
                  date: dt.date) -> str:
    seq = f"{nomor:03d}" if isinstance(nomor, int) else str(nomor)
    return pattern.format(klasifikasi=klasifikasi, nomor=seq, kode=kode,
                          bulan_romawi=ROMAN[date.month - 1], bulan=f"{date.month:02d}",
                          tahun=date.year).strip("/")


def preview_next(db, doc_type: str, date: dt.date) -> str:
    seq = _next_seq(db, date.year)
    return _compose(db, doc_type, seq, date)


def _next_seq(db, year: int) -> int:
    return (db.execute("SELECT COALESCE(MAX(seq), 0) FROM letters WHERE year = ?",
                       [year]).fetchone()[0]) + 1


def _compose(db, doc_type, seq, date) -> str:
    profile = office.get_profile(db)
    klas = (office.get_setting(db, "klasifikasi") or {}).get(doc_type, "000")
    pattern = office.get_setting(db, "letter_pattern")
    return format_number(pattern, klasifikasi=klas, nomor=seq,
                         kode=profile.get("kode_surat") or "", date=date)


def take(db, user, *, doc_type: str, date: dt.date, subject: str = "",
         cycle_year: int | None = None, typed_number: str | None = None, now=None) -> dict:
    """Register a letter and return its row. ``typed_number`` comes from the agenda book."""
    now = now or clock.now()
    # The register's keepers; the Camat only for the nota dinas of step 1 (start_cycle).
    if not (can(user, "register.manage")
            or (doc_type == "nota-dinas" and can(user, "cycle.start"))):
        raise PermissionDenied("Anda tidak berhak mengambil nomor surat.")
    if doc_type not in DOC_TYPES:
        raise ValidationError(f"Jenis surat '{doc_type}' tidak dikenal.")
    subject = limits.text("letter.subject", subject)
    with immediate(db):
        if typed_number:
            number = limits.text("letter.number", typed_number)
            dup = db.execute("SELECT doc_type, letter_date, status FROM letters WHERE number = ?",
                             [number]).fetchone()
            if dup:
                raise ValidationError(f"Nomor surat {number} sudah terdaftar "
                                      f"({DOC_TYPES.get(dup[0], dup[0])}, {dup[1]}, {dup[2]}).")
            seq, source = None, "agenda"
        else:
            seq = _next_seq(db, date.year)
            number = _compose(db, doc_type, seq, date)
            if db.execute("SELECT 1 FROM letters WHERE number = ?", [number]).fetchone():
                raise ValidationError(f"Nomor {number} bentrok dengan nomor yang diketik dari "
                                      "buku agenda; ubah pola atau klasifikasi nomor.")
            source = "perkin"
        klas = (office.get_setting(db, "klasifikasi") or {}).get(doc_type, "")
        row_id = db["letters"].insert({
            "year": date.year, "seq": seq, "number": number, "doc_type": doc_type,
            "klasifikasi": klas, "subject": subject, "letter_date": date.isoformat(),
            "cycle_year": cycle_year, "source": source, "status": "aktif",
            "created_at": clock.iso(now), "created_by_name": getattr(user, "name", "Operator"),
        }).last_pk
        events.record(db, user, "register.nomor", at=now, year=cycle_year,
                      details={"number": number, "doc_type": doc_type, "source": source})
        return dict(db["letters"].get(row_id))


def cancel(db, user, number: str, reason: str, now=None) -> None:
    """Mark a number "dibatalkan": it stays in the register, never reused."""
    require(user, "register.manage")
    if not (reason or "").strip():
        raise ValidationError("Alasan pembatalan nomor wajib diisi.")
    reason = limits.text("letter.cancel_reason", reason)
    with immediate(db):
        row = db.execute("SELECT id, status FROM letters WHERE number = ?", [number]).fetchone()
        if row is None:
            raise NotFound(f"Nomor {number} tidak ada di register.")
        if row[1] == "dibatalkan":
            raise ValidationError(f"Nomor {number} sudah dibatalkan.")
        db["letters"].update(row[0], {"status": "dibatalkan", "cancel_reason": reason.strip()})
        events.record(db, user, "register.batal", at=now, reason=reason.strip(),
                      details={"number": number})


def list_letters(db, year: int | None = None) -> list[dict]:
    sql = "SELECT * FROM letters"
    params = []
    if year:
        sql += " WHERE year = ?"
        params.append(year)
    return [dict(r) for r in db.query(sql + " ORDER BY year, COALESCE(seq, 0), id", params)]
