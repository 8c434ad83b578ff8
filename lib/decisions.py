"""Withdrawing a step-5 decision (Terima or Kembalikan) as its own audit event.

A decision on a unit's format may be taken back, with a reason, only while
nothing has been built on it:

- an acceptance, while step 6 (the draft LAKIP) has no activity yet: no draft
  run completed in this version and no narrative saved since the acceptance;
- a return, while the returned unit has not touched its form since (no save,
  no added row, no import, no evidence uploaded).

Withdrawing puts the unit back to "dikirim" in the round it was compiled in,
waiting for a new decision (that review round is open again if the decision had
closed it); the run opened by the decision (the unit's new
fill round, or the draft step when every unit had been accepted) is closed as
"dibatalkan" with the reason. Nothing of the first decision is deleted: the
events table keeps it, and the withdrawal is a new event.
"""
from __future__ import annotations

import json

from db import immediate
from lib import clock, cycles, events, office
from lib.errors import StateError, ValidationError

# What a unit does to its own form (events written by the format and file services).
UNIT_ACTIVITY = ("format.simpan", "format.baris_tambah", "format.impor", "berkas.unggah",
                 "berkas.hapus", "unit.kirim")


def _unit_name(db, code: str) -> str:
    try:
        return office.get_unit(db, code).name
    except Exception:
        return code


def _review_runs(db, cycle, step_no: int) -> list[cycles.Run]:
    return [r for r in cycles.runs(db, cycle) if r.step_no == step_no]


def _decision_run(db, cycle, step_no: int, unit_code: str, rnd: int | None):
    """The latest review run of round ``rnd`` holding a decision on ``unit_code``."""
    found = None
    for r in _review_runs(db, cycle, step_no):
        if unit_code in (r.data.get("keputusan") or {}) and (rnd is None or r.round == rnd):
            found = r
    return found


def _since(db, year: int, at: str, actions: tuple[str, ...], unit_code: str | None = None
           ) -> list[dict]:
    marks = ",".join("?" for _ in actions)
    sql = f"SELECT * FROM events WHERE year = ? AND at >= ? AND action IN ({marks})"
    params: list = [year, at, *actions]
    if unit_code is not None:
        sql += " AND unit_code = ?"
        params.append(unit_code)
    return [dict(r) for r in db.query(sql + " ORDER BY id", params)]


def _why_not(db, cycle, defn, unit_code: str) -> tuple[str | None, str | None]:
    """(kind, None) when the unit's decision may be withdrawn now, else (kind, why)."""
    name = _unit_name(db, unit_code)
    if cycle.closed:
        return None, f"Siklus LAKIP {cycle.year} sudah selesai."
    st = cycles.unit_states(db, cycle).get(unit_code)
    if st is None or st["state"] not in ("diterima", "dikembalikan"):
        return None, f"Format {name} belum diputuskan; tidak ada keputusan yang dapat ditarik."
    if st["state"] == "diterima":
        draft = defn.step_of_kind("draft")
        if draft is not None:
            done = [r for r in cycles.runs(db, cycle) if r.step_no == draft.no
                    and r.version == cycle.version and not r.open]
            if done:
                return "terima", ("Penerimaan tidak dapat ditarik: draft LAKIP (langkah "
                                  f"{draft.no}) sudah dikirim.")
            if _since(db, cycle.year, st["updated_at"], ("naskah.simpan",)):
                return "terima", ("Penerimaan tidak dapat ditarik: penyusunan draft LAKIP "
                                  f"(langkah {draft.no}) sudah dimulai.")
        return "terima", None
    touched = _since(db, cycle.year, st["updated_at"], UNIT_ACTIVITY, unit_code)
    if touched:
        return "kembalikan", (f"Pengembalian tidak dapat ditarik: {name} sudah mengubah "
                              "formatnya sejak dikembalikan.")
    return "kembalikan", None


def withdrawable(db, year: int) -> dict[str, tuple[str, str | None]]:
    """Per decided unit: (the decision, None when it may be withdrawn else why not)."""
    cycle = cycles.find_cycle(db, year)
    if cycle is None:
        return {}
    defn = cycles.definition(db, cycle)
    out = {}
    for code, st in cycles.unit_states(db, cycle).items():
        if st["state"] in ("diterima", "dikembalikan"):
            kind, why = _why_not(db, cycle, defn, code)
            out[code] = (kind, why)
    return out


def withdraw(db, user, year: int, unit_code: str, reason: str, now=None) -> str:
    """Take back the Sekcam's decision on ``unit_code``; returns the decision withdrawn
    ('terima' or 'kembalikan'). Only the step-5 actor may, with a reason."""
    now = now or clock.now()
    reason = (reason or "").strip()
    with immediate(db):
        cycle = cycles.get_cycle(db, year)
        defn = cycles.definition(db, cycle)
        step = defn.step_of_kind("periksa_unit")
        cycles._require_actor(user, step)
        if not reason:
            raise ValidationError("Alasan penarikan keputusan wajib diisi.")
        kind, why = _why_not(db, cycle, defn, unit_code)
        if why:
            raise StateError(why)
        st = cycles.unit_states(db, cycle)[unit_code]
        if kind == "terima":
            rnd = st["compiled_round"]
            fill_round = st["round"]
            draft = defn.step_of_kind("draft")
            for r in cycles.open_runs(db, cycle):
                if draft is not None and r.step_no == draft.no:
                    cycles._close_run(db, r, user, now, outcome="dibatalkan", reason=reason)
        else:
            decided = _decision_run(db, cycle, step.no, unit_code, None)
            rnd = decided.round if decided is not None else st["round"] - 1
            fill = defn.step_of_kind("isi_format")
            for r in cycles.open_runs(db, cycle):
                if r.step_no == fill.no and r.unit_code == unit_code:
                    cycles._close_run(db, r, user, now, outcome="dibatalkan", reason=reason)
            fill_round = st["round"] - 1
        # the review run of that round must be open again, without this unit's decision
        review = _decision_run(db, cycle, step.no, unit_code, rnd)
        decisions = dict((review.data.get("keputusan") or {}) if review else {})
        decisions.pop(unit_code, None)
        # (one run per round: a round closed by this decision is open again; the close is
        # in the events table, the timeline then measures the round until its real end)
        if review is None:
            raise StateError("Putaran pemeriksaan unit ini tidak ditemukan.")
        db.execute("UPDATE step_runs SET data=?, completed_at=NULL, completed_by=NULL, "
                   "completed_by_name=NULL, outcome=NULL, reason=NULL WHERE id=?",
                   [json.dumps({"keputusan": decisions}, ensure_ascii=False), review.id])
        cycles._set_unit_state(db, cycle, unit_code, "dikirim", now, user, reason=None,
                               round_=fill_round, compiled_round=rnd)
        events.record(db, user, f"unit.tarik_{kind}", at=now, year=year, step_no=step.no,
                      unit_code=unit_code,
                      from_state="diterima" if kind == "terima" else "dikembalikan",
                      to_state="dikirim", reason=reason, details={"putaran": rnd})
        cycles._bump(db, cycle)
    return kind
