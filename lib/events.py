"""The audit trail: an append-only table (triggers refuse UPDATE/DELETE)."""
from __future__ import annotations

import json

from lib import clock


def record(db, user, action: str, *, at=None, year=None, step_no=None, unit_code=None,
           from_state=None, to_state=None, reason=None, details=None) -> int:
    at = at or clock.now()
    return db["events"].insert({
        "at": clock.iso(at),
        "user_id": getattr(user, "id", None),
        "username": getattr(user, "username", "operator"),
        "actor_name": getattr(user, "name", "Operator lokal"),
        "role": getattr(user, "role", "operator"),
        "action": action,
        "year": year,
        "step_no": step_no,
        "unit_code": unit_code,
        "from_state": from_state,
        "to_state": to_state,
        "reason": reason,
        "details": json.dumps(details, ensure_ascii=False) if details is not None else None,
    }).last_pk


def list_events(db, *, year=None, action_prefix=None, username=None, step_no=None,
                unit_code=None, limit=None) -> list[dict]:
    where, params = [], []
    if year is not None:
        where.append("year = ?"); params.append(year)
    if action_prefix:
        where.append("action LIKE ?"); params.append(action_prefix + "%")
    if username:
        where.append("username = ?"); params.append(username)
    if step_no is not None:
        where.append("step_no = ?"); params.append(step_no)
    if unit_code:
        where.append("unit_code = ?"); params.append(unit_code)
    sql = "SELECT * FROM events"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(r) for r in db.query(sql, params)]
