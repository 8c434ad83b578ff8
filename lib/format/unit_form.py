"""Each unit's form: its state for the page, what blocks Kirim
(``form_problems``, each with a kind), saving the unit's columns and adding the
unit's own rows. Kirim itself is ``lib.services.workflow.submit_unit``, which
checks ``form_problems`` first.
"""
from __future__ import annotations

from dataclasses import dataclass

from db import immediate
from lib import clock, cycles, events, faults, office
from lib.errors import StateError, ValidationError
from lib.numbers import parse_value
from lib.planning import links
from lib.format.store import (FIELD_LABELS, UNIT_FIELDS, _bool, _bump_form, _clean_master,
                              _conflict, _form_state, _require_unit, _short, _text, cell_problem,
                              list_rows)


def unit_status(db, year: int, unit_code: str) -> dict:
    """State of a unit's form for the page: state, label, return reason, editable."""
    ok, why = cycles.unit_can_edit(db, year, unit_code)
    cycle = cycles.find_cycle(db, year)
    st = cycles.unit_states(db, cycle).get(unit_code) if cycle else None
    state = st["state"] if st else None
    return {"state": state, "label": cycles.UNIT_STATES.get(state, "Siklus belum dimulai")
            if state or cycle is None else "Bukan unit penyuplai data",
            "reason": st["reason"] if st and state == "dikembalikan" else None,
            "editable": ok, "why": why, "round": st["round"] if st else None,
            "compiled": bool(st and st["compiled_round"] is not None)}


@dataclass(frozen=True)
class Problem:
    """One thing that blocks Kirim: ``kind`` is ``kosong`` (no realisasi yet) or
    ``tak_terbaca`` (a realisasi that cannot be read); ``text`` says it in Indonesian."""
    kind: str
    text: str

    def __str__(self) -> str:
        return self.text


def form_problems(db, year: int, unit_code: str) -> list[Problem]:
    """What stands between a unit's form and Kirim (empty list: ready)."""
    problems = []
    for d in list_rows(db, year, unit_code):
        if d["belum_berjalan"]:
            continue
        where = f"Baris {d['baris']} ({_short(d['indikator'])}): "
        p = parse_value(d["realisasi"])
        if p.kind == "empty":
            problems.append(Problem("kosong", where + "Realisasi belum diisi; isi realisasi atau "
                                    "centang 'Belum berjalan'."))
        elif p.kind == "invalid":
            problems.append(Problem("tak_terbaca", where + f"Realisasi {p.error}."))
    return problems


def save_unit_form(db, user, year: int, unit_code: str, edits: dict, expected_rev: int,
                   now=None) -> int:
    """Save the unit's edits ``{row_id: {realisasi, sumber_data, ket, belum_berjalan}}``
    made on version ``expected_rev``; returns the new version. Unreadable realisasi
    is saved as typed (see ``form_problems``)."""
    _require_unit(user, unit_code)
    now = now or clock.now()
    unit = office.get_unit(db, unit_code)
    with immediate(db):
        state = _form_state(db, year, unit.id)
        if state["rev"] != expected_rev:
            raise _conflict(state)
        ok, why = cycles.unit_can_edit(db, year, unit_code)
        if not ok:
            raise StateError(f"Format tidak dapat diubah: {why}")
        if not edits:
            return state["rev"]
        rows = {d["id"]: d for d in list_rows(db, year, unit_code)}
        problems: list[str] = []
        updates: dict[int, dict] = {}
        for raw_id, changes in edits.items():
            try:
                row_id = int(raw_id)
            except (TypeError, ValueError):
                problems.append(f"Baris '{raw_id}' tidak dikenal.")
                continue
            row = rows.get(row_id)
            if row is None:
                problems.append(f"Baris {row_id} bukan milik format unit {unit_code} tahun "
                                f"{year}.")
                continue
            where = f"Baris {row['baris']}: "
            if not isinstance(changes, dict):
                problems.append(where + "perubahan tidak valid.")
                continue
            clean = {}
            for f, v in changes.items():
                if f not in UNIT_FIELDS:
                    problems.append(where + f"kolom '{FIELD_LABELS.get(f, f)}' tidak dapat "
                                    "diubah oleh unit.")
                elif f == "belum_berjalan":
                    clean[f] = int(_bool(v, FIELD_LABELS[f], problems, where))
                else:
                    clean[f] = _text(v, f, FIELD_LABELS[f], problems, where)
            changed = {f: v for f, v in clean.items()
                       if (int(row[f]) if f == "belum_berjalan" else row[f]) != v}
            if changed:
                updates[row_id] = changed
        if problems:
            raise ValidationError("Format belum dapat disimpan: " + " ".join(problems[:10]),
                                  problems=problems)
        if not updates:
            return state["rev"]
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        for row_id, changed in updates.items():
            db["indicators"].update(row_id, {**changed, **stamp,
                                             "rev": rows[row_id]["rev"] + 1})
        faults.checkpoint("format.save")
        new_rev = _bump_form(db, year, unit.id, user, now)
        cycles.note_unit_draft(db, user, year, unit_code, now)
        flagged = [rows[i]["baris"] for i, c in updates.items()
                   if "realisasi" in c and cell_problem(c["realisasi"])]
        events.record(db, user, "format.simpan", at=now, year=year, unit_code=unit_code,
                      details={"rev": new_rev, "baris": len(updates),
                               "perubahan": {str(i): c for i, c in updates.items()},
                               "tidak_terbaca": flagged})
        return new_rev


def add_unit_row(db, user, year: int, unit_code: str, values: dict, expected_rev: int | None = None,
                 now=None) -> int:
    """The unit's own row (origin 'unit'); returns its id."""
    _require_unit(user, unit_code)
    now = now or clock.now()
    unit = office.get_unit(db, unit_code)
    clean, problems = _clean_master(db, {**values, "unit": unit_code})
    extra = {f: _text(values.get(f), f, FIELD_LABELS[f], problems)
             for f in ("realisasi", "ket")}
    extra["belum_berjalan"] = int(_bool(values.get("belum_berjalan"), "Belum berjalan",
                                        problems))
    if problems:
        raise ValidationError("Baris baru belum benar: " + " ".join(problems), problems=problems)
    with immediate(db):
        state = _form_state(db, year, unit.id)
        if expected_rev is not None and state["rev"] != expected_rev:
            raise _conflict(state)
        ok, why = cycles.unit_can_edit(db, year, unit_code)
        if not ok:
            raise StateError(f"Format tidak dapat diubah: {why}")
        sort = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM indicators WHERE year=? AND "
                          "unit_id=?", [year, unit.id]).fetchone()[0]
        row_id = db["indicators"].insert({
            "year": year, "sort": sort, "origin": "unit", **clean, **extra,
            "updated_at": clock.iso(now), "updated_by_name": user.name}).last_pk
        links.attach(db, year, [row_id], user_name=user.name, now=now)
        _bump_form(db, year, unit.id, user, now)
        cycles.note_unit_draft(db, user, year, unit_code, now)
        events.record(db, user, "format.baris_tambah", at=now, year=year, unit_code=unit_code,
                      details={"id": row_id, "indikator": clean["indikator"]})
    return row_id
