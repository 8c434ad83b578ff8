"""The nine-column format's rows as stored (DOMAIN.md §5-6): its fields and limits, the
rows of a year read with their capaian, and the helpers the format's writing
modules share (field cleaning, permission checks, the form revision).

Concurrency: ``unit_forms.rev`` is the version of one unit's form in one year.
Every change to a unit's rows bumps it (``_bump_form``); a save made on a stale
version is refused with ``Conflict`` and saves nothing.

Unreadable Target/Realisasi text is kept as typed and flagged (``cell_problem``);
it never blocks Simpan.
"""
from __future__ import annotations

import json
import re
import unicodedata

from lib import clock, limits, office
from lib.access import can, require
from lib.capaian import compute
from lib.errors import Conflict, NotFound, PermissionDenied
from lib.spelling import format_datetime, format_number
from lib.numbers import parse_value


POLARITIES = ("positif", "negatif")


UNIT_FIELDS = ("realisasi", "sumber_data", "ket", "belum_berjalan")


CORRECTABLE = ("target", "realisasi", "satuan", "program", "sumber_data", "ket",
               "belum_berjalan")


FIELD_LABELS = {
    "sasaran": "Sasaran Strategis", "indikator": "Indikator Kinerja", "target": "Target",
    "realisasi": "Realisasi/ Progres Capaian", "program": "Program/Kegiatan/ Sub Kegiatan",
    "sumber_data": "Sumber Data", "ket": "Ket", "satuan": "Satuan", "polarity": "Polaritas",
    "belum_berjalan": "Belum berjalan", "renstra_target": "Target Renstra",
    "history": "Realisasi tahun sebelumnya", "is_iku": "IKU", "unit": "Yang membidangi",
}


MAX_LEN = limits.FORMAT_MAX_LEN   # the one table of text limits (lib/limits.py)


def _form_state(db, year: int, unit_id: int) -> dict:
    row = db.execute("SELECT rev, saved_at, saved_by_name FROM unit_forms WHERE year=? AND "
                     "unit_id=?", [year, unit_id]).fetchone()
    if row is None:
        return {"rev": 0, "saved_at": None, "saved_by_name": None}
    return {"rev": row[0], "saved_at": row[1], "saved_by_name": row[2]}


def form_rev(db, year: int, unit_code: str) -> int:
    """The current version of a unit's form (0 when never saved)."""
    return _form_state(db, year, office.get_unit(db, unit_code).id)["rev"]


def _bump_form(db, year: int, unit_id: int, user, now) -> int:
    cur = _form_state(db, year, unit_id)
    new = cur["rev"] + 1
    db["unit_forms"].upsert({"year": year, "unit_id": unit_id, "rev": new,
                             "saved_at": clock.iso(now),
                             "saved_by_name": getattr(user, "name", "Operator lokal")},
                            pk=("year", "unit_id"))
    return new


def _conflict(state: dict) -> Conflict:
    who = state["saved_by_name"] or "pengguna lain"
    when = format_datetime(clock.parse(state["saved_at"])) if state["saved_at"] else "-"
    return Conflict(f"Data sudah diubah oleh {who} pada {when}; muat ulang halaman.")


def _text(value, key: str, label: str, problems: list[str], where: str = "") -> str:
    """A text field from a form/editor; numbers are spelt the Indonesian way."""
    if value is None:
        return ""
    if isinstance(value, bool):
        problems.append(f"{where}{label}: isian tidak valid.")
        return ""
    if isinstance(value, (int, float)):
        if value != value:  # NaN from pandas = empty
            return ""
        if abs(value) > 1e15:  # also inf; beyond Excel's 15 digits the spelling breaks
            problems.append(f"{where}{label}: angka terlalu besar.")
            return ""
        value = format_number(value)
    if not isinstance(value, str):
        problems.append(f"{where}{label}: isian tidak valid.")
        return ""
    value = value.replace("\r\n", "\n").strip()
    if limits.has_control(value):
        problems.append(f"{where}{label} memuat karakter kendali (mis. NUL) yang tidak dapat "
                        "disimpan.")
        return ""
    limit = MAX_LEN.get(key)
    if limit and len(value) > limit:
        problems.append(f"{where}{label} terlalu panjang ({len(value)} karakter, "
                        f"maksimal {limit}).")
    return value


def _bool(value, label: str, problems: list[str], where: str = "") -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("", "0", "1", "ya", "tidak",
                                                              "true", "false"):
        return value.strip().lower() in ("1", "ya", "true")
    problems.append(f"{where}{label}: isian harus dicentang atau tidak.")
    return False


def _key(text: str) -> str:
    t = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"\s+", " ", t).strip()


def cell_problem(text: str, label: str = "Realisasi") -> str:
    """Why a Target/Realisasi text cannot be read ('' when it can, or is empty)."""
    p = parse_value(text)
    return f"{label} {p.error}" if p.kind == "invalid" else ""


def _capaian_cap(db) -> bool:
    return bool(office.get_setting(db, "capaian_cap", False))


def _row_dict(r, units: dict[int, office.Unit]) -> dict:
    d = dict(r)
    unit = units.get(d["unit_id"])
    d["unit_code"] = unit.code if unit else ""
    d["unit_name"] = unit.name if unit else ""
    d["yang_membidangi"] = (unit.head_title or unit.name) if unit else ""
    try:
        d["history"] = json.loads(d.get("history") or "{}")
    except ValueError:
        d["history"] = {}
    d["belum_berjalan"] = bool(d["belum_berjalan"])
    d["is_iku"] = bool(d["is_iku"])
    cap = compute(d["target"], d["realisasi"], d["polarity"],
                  belum_berjalan=d["belum_berjalan"], satuan_hint=d["satuan"])
    d["capaian"] = cap.value
    d["capaian_status"] = cap.status
    d["capaian_reason"] = cap.reason
    d["predikat"] = cap.predikat
    d["tercapai"] = cap.tercapai
    d["realisasi_error"] = cell_problem(d["realisasi"], "Realisasi")
    d["target_error"] = cell_problem(d["target"], "Target")
    d["polaritas"] = d["polarity"]
    return d


def list_rows(db, year: int, unit_code: str | None = None) -> list[dict]:
    """The year's rows (one unit's when ``unit_code``), in form order, with capaian,
    predikat and the per-row ``no`` (numbered per sasaran within a unit) and
    ``baris`` (1-based position in the unit's form)."""
    units = {u.id: u for u in office.list_units(db)}
    sql = ("SELECT i.* FROM indicators i JOIN units u ON u.id = i.unit_id WHERE i.year = ?")
    params: list = [year]
    if unit_code is not None:
        sql += " AND u.code = ?"
        params.append(unit_code)
    sql += " ORDER BY u.sort, u.id, i.sort, i.id"
    out = [_row_dict(r, units) for r in db.query(sql, params)]
    # number sasaran groups per unit; position per unit
    last_unit, n, prev, pos = None, 0, None, 0
    for d in out:
        if d["unit_id"] != last_unit:
            last_unit, n, prev, pos = d["unit_id"], 0, None, 0
        pos += 1
        d["baris"] = pos
        if _key(d["sasaran"]) != prev:
            n += 1
            prev = _key(d["sasaran"])
        d["no"] = str(n)
    return out


def get_row(db, row_id: int) -> dict:
    r = list(db.query("SELECT * FROM indicators WHERE id = ?", [row_id]))
    if not r:
        raise NotFound("Baris indikator tidak ditemukan (mungkin sudah dihapus).")
    unit = office.get_unit_by_id(db, r[0]["unit_id"])
    for d in list_rows(db, r[0]["year"], unit.code):
        if d["id"] == row_id:
            return d
    raise NotFound("Baris indikator tidak ditemukan.")  # pragma: no cover


def years_with_rows(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT DISTINCT year FROM indicators ORDER BY year DESC")]


def _short(text: str, n: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _raw(db, row_id: int) -> dict:
    rows = list(db.query("SELECT * FROM indicators WHERE id = ?", [row_id]))
    if not rows:
        raise NotFound("Baris indikator tidak ditemukan (mungkin sudah dihapus).")
    return dict(rows[0])


def _require_master(user) -> None:
    require(user, "master.edit")


def _require_unit(user, unit_code: str) -> None:
    if not can(user, "format.edit", unit_code):
        raise PermissionDenied(f"Anda tidak berhak mengisi format unit {unit_code}.")


def _clean_master(db, values: dict, *, strict_target: bool = True) -> tuple[dict, list[str]]:
    p: list[str] = []
    out = {}
    for key in ("sasaran", "indikator", "satuan", "target", "renstra_target", "program",
                "sumber_data"):
        out[key] = _text(values.get(key), key, FIELD_LABELS[key], p)
    for key in ("sasaran", "indikator"):
        if not out[key]:
            p.append(f"{FIELD_LABELS[key]} wajib diisi.")
    out["is_iku"] = int(_bool(values.get("is_iku"), "IKU", p))
    pol = str(values.get("polarity") or "positif").strip().lower()
    if pol not in POLARITIES:
        p.append(f"Polaritas '{pol}' tidak dikenal; pilih positif atau negatif.")
    out["polarity"] = pol
    if strict_target:
        t = parse_value(out["target"])
        if t.kind == "empty":
            p.append("Target wajib diisi.")
        elif t.kind == "invalid":
            p.append(f"Target {t.error}.")
        if not out["satuan"] and t.kind in ("number", "percent"):
            out["satuan"] = t.satuan
    history = values.get("history") or {}
    if isinstance(history, str):
        try:
            history = json.loads(history) if history.strip() else {}
        except ValueError:
            p.append("Realisasi tahun sebelumnya tidak dapat dibaca.")
            history = {}
    if not isinstance(history, dict) or not all(
            re.fullmatch(r"\d{4}", str(k)) for k in history):
        p.append("Realisasi tahun sebelumnya harus berupa pasangan tahun dan nilai.")
        history = {}
    out["history"] = json.dumps({str(k): str(v) for k, v in sorted(history.items())},
                                ensure_ascii=False)
    unit = values.get("unit")
    try:
        out["unit_id"] = office.get_unit(db, unit).id
    except NotFound:
        p.append(f"Unit (Yang membidangi) '{unit}' tidak dikenal.")
    return out, p
