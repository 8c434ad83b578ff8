"""The Sekcam's review of a submitted form (step 5): comments on rows, corrected
cells (with a reason, kept in events), and what awaits a decision. The decision
itself is ``lib.services.workflow.review_unit``.
"""
from __future__ import annotations

from db import immediate
from lib import clock, cycles, events, office
from lib.access import require
from lib.errors import NotFound, StateError, ValidationError
from lib.planning import pk
from lib.format.store import CORRECTABLE, FIELD_LABELS, _bool, _bump_form, _raw, _text, list_rows


def add_comment(db, user, row_id: int, text: str, now=None) -> int:
    require(user, "format.review")
    p: list[str] = []
    text = _text(text, "comment", "Komentar", p)
    if not text:
        p.append("Komentar wajib diisi.")
    if p:
        raise ValidationError(" ".join(p), problems=p)
    now = now or clock.now()
    with immediate(db):
        row = _raw(db, row_id)
        cid = db["row_comments"].insert({"indicator_id": row_id, "at": clock.iso(now),
                                         "author_name": user.name, "text": text}).last_pk
        unit = office.get_unit_by_id(db, row["unit_id"])
        events.record(db, user, "format.komentar", at=now, year=row["year"],
                      unit_code=unit.code, details={"id": row_id, "komentar": text})
    return cid


def resolve_comment(db, user, comment_id: int, now=None) -> None:
    require(user, "format.review")
    with immediate(db):
        if db.execute("UPDATE row_comments SET resolved = 1 WHERE id = ?",
                      [comment_id]).rowcount != 1:
            raise NotFound("Komentar tidak ditemukan.")
        events.record(db, user, "format.komentar_selesai", at=now or clock.now(),
                      details={"komentar_id": comment_id})


def list_comments(db, year: int, unit_code: str, *, open_only: bool = False) -> list[dict]:
    rows = {d["id"]: d for d in list_rows(db, year, unit_code)}
    if not rows:
        return []
    marks = ",".join("?" * len(rows))
    sql = f"SELECT * FROM row_comments WHERE indicator_id IN ({marks})"
    if open_only:
        sql += " AND resolved = 0"
    out = []
    for c in db.query(sql + " ORDER BY id", list(rows)):
        d = dict(c)
        r = rows[d["indicator_id"]]
        d["baris"], d["indikator"] = r["baris"], r["indikator"]
        out.append(d)
    return out


def correct_cell(db, user, row_id: int, field_name: str, value, reason: str, now=None) -> None:
    """Sekcam corrects one cell of a submitted form, with a reason (kept in events
    with the old and new value)."""
    require(user, "format.review")
    if field_name not in CORRECTABLE:
        raise ValidationError(f"Kolom '{FIELD_LABELS.get(field_name, field_name)}' tidak dapat "
                              "dikoreksi.")
    p: list[str] = []
    reason = _text(reason, "reason", "Alasan koreksi", p)
    if not reason:
        p.append("Alasan koreksi wajib diisi.")
    if field_name == "belum_berjalan":
        new = int(_bool(value, FIELD_LABELS[field_name], p))
    else:
        new = _text(value, field_name, FIELD_LABELS[field_name], p)
    if p:
        raise ValidationError(" ".join(p), problems=p)
    now = now or clock.now()
    with immediate(db):
        row = _raw(db, row_id)
        cycle = cycles.find_cycle(db, row["year"])
        if cycle is not None and cycle.closed:
            raise StateError(f"Siklus LAKIP {row['year']} sudah selesai.")
        old = row[field_name]
        if old == new:
            raise ValidationError("Nilai baru sama dengan nilai lama; tidak ada yang dikoreksi.")
        if field_name == "target":
            pk.check_target_edit(db, row["year"], old, new)   # the PK is revised instead
        db["indicators"].update(row_id, {field_name: new, "rev": row["rev"] + 1,
                                         "updated_at": clock.iso(now),
                                         "updated_by_name": user.name})
        unit = office.get_unit_by_id(db, row["unit_id"])
        _bump_form(db, row["year"], unit.id, user, now)
        events.record(db, user, "format.koreksi", at=now, year=row["year"], unit_code=unit.code,
                      reason=reason, details={"id": row_id, "indikator": row["indikator"],
                                              "kolom": field_name, "lama": old, "baru": new})


def reviewable_units(db, year: int) -> list[str]:
    """Units submitted and compiled, waiting for the Sekcam's decision."""
    cycle = cycles.find_cycle(db, year)
    if cycle is None:
        return []
    return [c for c, s in cycles.unit_states(db, cycle).items()
            if s["state"] == "dikirim" and s["compiled_round"] is not None]


def corrections(db, year: int, unit_code: str) -> list[dict]:
    return [e for e in events.list_events(db, year=year, action_prefix="format.koreksi",
                                          unit_code=unit_code)]
