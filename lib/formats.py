"""The nine-column format (DOMAIN.md §5-6): the Sekcam's master per year, each
unit's form, the Excel import/export, the review and the rekap.

Every writing service takes ``(db, user, ...)``, checks the user with
``lib.access.require``, writes inside ``db.immediate`` and records an event.

Concurrency: ``unit_forms.rev`` is the version of one unit's form in one year.
Every change to a unit's rows bumps it; ``save_unit_form`` refuses a save made
on a stale version with ``Conflict`` and saves nothing.

Unreadable Target/Realisasi text is kept as typed and flagged; it never blocks
Simpan, but an unreadable (or missing) realisasi blocks Kirim: importing this
module registers ``submission_problems`` in ``lib.cycles.SUBMISSION_CHECKS``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from db import immediate
from lib import clock, cycles, events, excel, faults, office
from lib.access import can, require
from lib.capaian import STATUS_LABEL, Capaian, compute, summarize
from lib.errors import Conflict, NotFound, PermissionDenied, StateError, ValidationError
from lib.fmt import format_datetime, format_number
from lib.numbers import normalize_satuan, parse_value

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
MAX_LEN = {"sasaran": 1000, "indikator": 1000, "target": 200, "realisasi": 200,
           "program": 2000, "sumber_data": 500, "ket": 2000, "satuan": 50,
           "renstra_target": 200, "comment": 2000, "reason": 1000}
MAX_IMPORT_ROWS = 10_000


# ------------------------------------------------------------------ helpers
def _unit(db, code: str) -> office.Unit:
    return office.get_unit(db, code)


def _form_state(db, year: int, unit_id: int) -> dict:
    row = db.execute("SELECT rev, saved_at, saved_by_name FROM unit_forms WHERE year=? AND "
                     "unit_id=?", [year, unit_id]).fetchone()
    if row is None:
        return {"rev": 0, "saved_at": None, "saved_by_name": None}
    return {"rev": row[0], "saved_at": row[1], "saved_by_name": row[2]}


def form_rev(db, year: int, unit_code: str) -> int:
    """The current version of a unit's form (0 when never saved)."""
    return _form_state(db, year, _unit(db, unit_code).id)["rev"]


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


# ------------------------------------------------------------------ reading
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


def form_problems(db, year: int, unit_code: str) -> list[str]:
    """What stands between a unit's form and Kirim (empty list: ready)."""
    problems = []
    for d in list_rows(db, year, unit_code):
        if d["belum_berjalan"]:
            continue
        where = f"Baris {d['baris']} ({_short(d['indikator'])}): "
        p = parse_value(d["realisasi"])
        if p.kind == "empty":
            problems.append(where + "Realisasi belum diisi; isi realisasi atau centang "
                            "'Belum berjalan'.")
        elif p.kind == "invalid":
            problems.append(where + f"Realisasi {p.error}.")
    return problems


def _short(text: str, n: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ------------------------------------------------------------------ master (Sekcam)
def _require_master(user) -> None:
    require(user, "master.edit")


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
        out["unit_id"] = _unit(db, unit).id
    except NotFound:
        p.append(f"Unit (Yang membidangi) '{unit}' tidak dikenal.")
    return out, p


def _ensure_unit_editable(db, year: int, unit_code: str, via: str) -> None:
    ok, why = cycles.unit_can_edit(db, year, unit_code)
    if not ok:
        raise StateError(f"Format unit {unit_code} tidak dapat diubah: {why} {via}".strip())


def save_master_row(db, user, year: int, values: dict, row_id: int | None = None,
                    now=None) -> int:
    """Add (``row_id=None``) or change one master row; returns its id."""
    _require_master(user)
    now = now or clock.now()
    clean, problems = _clean_master(db, values)
    if problems:
        raise ValidationError("Baris master belum benar: " + " ".join(problems),
                              problems=problems)
    with immediate(db):
        unit = office.get_unit_by_id(db, clean["unit_id"])
        via = "Koreksi dilakukan melalui halaman Pemeriksaan."
        _ensure_unit_editable(db, year, unit.code, via)
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        if row_id is None:
            sort = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM indicators WHERE year=? "
                              "AND unit_id=?", [year, unit.id]).fetchone()[0]
            row_id = db["indicators"].insert({"year": year, "sort": sort, "origin": "master",
                                              **clean, **stamp}).last_pk
            action, old = "master.tambah", None
        else:
            old = _raw(db, row_id)
            if old["year"] != year:
                raise ValidationError("Baris ini bukan milik tahun yang dipilih.")
            old_unit = office.get_unit_by_id(db, old["unit_id"])
            if old_unit.id != unit.id:
                _ensure_unit_editable(db, year, old_unit.code, via)
                _bump_form(db, year, old_unit.id, user, now)
            db["indicators"].update(row_id, {**clean, **stamp, "rev": old["rev"] + 1})
            action = "master.ubah"
        _bump_form(db, year, unit.id, user, now)
        changed = {k: v for k, v in clean.items() if old is None or old.get(k) != v}
        events.record(db, user, action, at=now, year=year, unit_code=unit.code,
                      details={"id": row_id, "indikator": clean["indikator"],
                               "perubahan": changed})
    return row_id


def _raw(db, row_id: int) -> dict:
    rows = list(db.query("SELECT * FROM indicators WHERE id = ?", [row_id]))
    if not rows:
        raise NotFound("Baris indikator tidak ditemukan (mungkin sudah dihapus).")
    return dict(rows[0])


def delete_master_row(db, user, row_id: int, now=None) -> None:
    """Delete a row that has no realisasi yet (and no evidence attached)."""
    _require_master(user)
    now = now or clock.now()
    with immediate(db):
        row = _raw(db, row_id)
        unit = office.get_unit_by_id(db, row["unit_id"])
        _ensure_unit_editable(db, row["year"], unit.code, "")
        if row["realisasi"].strip() or row["belum_berjalan"]:
            raise StateError("Baris yang sudah berisi realisasi tidak dapat dihapus.")
        if db.execute("SELECT 1 FROM files WHERE indicator_id = ?", [row_id]).fetchone():
            raise StateError("Baris ini memiliki bukti pendukung; hapus buktinya dulu.")
        db.execute("DELETE FROM row_comments WHERE indicator_id = ?", [row_id])
        db.execute("DELETE FROM indicators WHERE id = ?", [row_id])
        _bump_form(db, row["year"], unit.id, user, now)
        events.record(db, user, "master.hapus", at=now, year=row["year"], unit_code=unit.code,
                      details={"id": row_id, "indikator": row["indikator"],
                               "target": row["target"]})


def copy_from_last_year(db, user, year: int, now=None) -> int:
    """"Salin dari tahun lalu": the master columns of ``year - 1``; realisasi empty,
    last year's realisasi added to each row's history. Returns the rows copied."""
    _require_master(user)
    now = now or clock.now()
    with immediate(db):
        if db.execute("SELECT 1 FROM indicators WHERE year = ?", [year]).fetchone():
            raise StateError(f"Tahun {year} sudah memiliki baris indikator; penyalinan hanya "
                             "untuk tahun yang masih kosong.")
        src = list(db.query("SELECT * FROM indicators WHERE year = ? ORDER BY unit_id, sort, id",
                            [year - 1]))
        if not src:
            raise NotFound(f"Tahun {year - 1} belum memiliki baris indikator untuk disalin.")
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        rows = []
        for r in src:
            try:
                history = json.loads(r["history"] or "{}")
            except ValueError:
                history = {}
            if r["realisasi"].strip():
                history[str(year - 1)] = r["realisasi"].strip()
            rows.append({"year": year, "unit_id": r["unit_id"], "sort": r["sort"],
                         "origin": "master", "sasaran": r["sasaran"],
                         "indikator": r["indikator"], "is_iku": r["is_iku"],
                         "satuan": r["satuan"], "polarity": r["polarity"],
                         "target": r["target"], "renstra_target": r["renstra_target"],
                         "history": json.dumps(dict(sorted(history.items())),
                                               ensure_ascii=False),
                         "program": r["program"], "sumber_data": r["sumber_data"], **stamp})
        db["indicators"].insert_all(rows)
        for unit_id in {r["unit_id"] for r in rows}:
            _bump_form(db, year, unit_id, user, now)
        events.record(db, user, "master.salin", at=now, year=year,
                      details={"dari_tahun": year - 1, "jumlah": len(rows)})
    return len(rows)


# ------------------------------------------------------------------ the unit's form
def _require_unit(user, unit_code: str) -> None:
    if not can(user, "format.edit", unit_code):
        raise PermissionDenied(f"Anda tidak berhak mengisi format unit {unit_code}.")


def save_unit_form(db, user, year: int, unit_code: str, edits: dict, expected_rev: int,
                   now=None) -> int:
    """Save the unit's edits ``{row_id: {realisasi, sumber_data, ket, belum_berjalan}}``
    made on version ``expected_rev``; returns the new version. Unreadable realisasi
    is saved as typed (see ``form_problems``)."""
    _require_unit(user, unit_code)
    now = now or clock.now()
    unit = _unit(db, unit_code)
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
    unit = _unit(db, unit_code)
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
        _bump_form(db, year, unit.id, user, now)
        cycles.note_unit_draft(db, user, year, unit_code, now)
        events.record(db, user, "format.baris_tambah", at=now, year=year, unit_code=unit_code,
                      details={"id": row_id, "indikator": clean["indikator"]})
    return row_id



# ------------------------------------------------------------------ Excel
def _unit_tuples(db) -> list[tuple[str, str, str]]:
    return [(u.code, u.name, u.head_title) for u in office.list_units(db)]


def export_unit_xlsx(db, year: int, unit_code: str, blank: bool = False) -> bytes:
    """The unit's form as the paper format; ``blank`` leaves Realisasi, Sumber Data
    (unless set by the master) and Ket empty for filling by hand."""
    unit = _unit(db, unit_code)
    profile = office.get_profile(db)
    rows = []
    for d in list_rows(db, year, unit_code):
        r = {k: d.get(k, "") for k in excel.FORMAT_KEYS}
        r["polaritas"] = d["polarity"]
        r["satuan"] = d["satuan"]
        if blank:
            r["realisasi"] = ""
            r["ket"] = ""
        elif d["belum_berjalan"]:
            r["ket"] = ("Kegiatan belum berjalan. " + d["ket"]).strip()
        rows.append(r)
    subtitle = " ".join(x for x in (profile.get("kecamatan"), profile.get("pemerintah")) if x)
    return excel.write_format_xlsx(title="FORMULIR PENGUMPULAN PERENCANAAN KINERJA",
                                   subtitle=subtitle.upper(), unit_name=unit.name, year=year,
                                   rows=rows)


@dataclass
class PreviewRow:
    excel_row: int
    action: str                   # tambah | ubah | lewati
    unit_code: str | None
    indicator_id: int | None
    values: dict
    problems: list[str] = field(default_factory=list)   # block the import
    warnings: list[str] = field(default_factory=list)   # saved, but flagged


@dataclass
class Preview:
    year: int
    unit_code: str | None
    mode: str                     # unit | master
    sheet: str
    rows: list[PreviewRow]
    problems: list[str]           # file-level, blocking
    unknown_units: list[str]
    form_revs: dict[str, int]

    @property
    def blocking(self) -> list[str]:
        out = list(self.problems)
        for r in self.rows:
            out += [f"Baris Excel {r.excel_row}: {p}" for p in r.problems]
        return out

    @property
    def ok(self) -> bool:
        return not self.blocking

    def counts(self) -> dict[str, int]:
        c = {"tambah": 0, "ubah": 0, "lewati": 0}
        for r in self.rows:
            c[r.action] = c.get(r.action, 0) + 1
        return c

    def table(self) -> list[dict]:
        """Rows for the preview table on the page."""
        act = {"tambah": "Tambah", "ubah": "Ubah", "lewati": "Lewati"}
        return [{"Baris Excel": r.excel_row, "Aksi": act.get(r.action, r.action),
                 "Unit": r.unit_code or "?",
                 "Sasaran Strategis": r.values.get("sasaran", ""),
                 "Indikator Kinerja": r.values.get("indikator", ""),
                 "Target": r.values.get("target", ""),
                 "Realisasi": r.values.get("realisasi", ""),
                 "Masalah": "; ".join(r.problems),
                 "Catatan": "; ".join(r.warnings)} for r in self.rows]


def preview_import(db, user, year: int, data: bytes, unit_code: str | None = None) -> Preview:
    """Read a filled format and say what importing it would do, row by row.

    A unit head imports into their own unit (``unit_code``): matching rows get
    Realisasi/Sumber Data/Ket, other rows become the unit's own rows. The Sekcam
    (master.edit) imports the master: rows go to the unit named in 'Yang
    membidangi' (or ``unit_code``). A target differing from the stored (PK) target
    is flagged and the PK target kept."""
    if unit_code is not None and can(user, "format.edit", unit_code) and \
            "kasi_kasubbag" in getattr(user, "roles", set()):
        mode = "unit"
    elif can(user, "master.edit"):
        mode = "master"
    elif unit_code is not None:
        _require_unit(user, unit_code)
        mode = "unit"
    else:
        raise PermissionDenied("Anda tidak berhak mengimpor format.")
    if unit_code is not None:
        _unit(db, unit_code)
    result = excel.read_format_xlsx(data)
    if len(result.rows) > MAX_IMPORT_ROWS:
        raise ValidationError(f"Terlalu banyak baris ({format_number(len(result.rows))}); "
                              f"batas {format_number(MAX_IMPORT_ROWS)} baris per impor.")
    units = _unit_tuples(db)
    by_row: dict[int, list[str]] = {}
    file_problems = []
    for p in result.problems:
        if p.excel_row is None:
            file_problems.append(p.message)
        else:
            by_row.setdefault(p.excel_row, []).append(
                (f"kolom {p.column}: " if p.column else "") + p.message)
    existing: dict[tuple[str, str, str], dict] = {}
    for d in list_rows(db, year):
        existing.setdefault((d["unit_code"], _key(d["sasaran"]), _key(d["indikator"])), d)
    editable: dict[str, tuple[bool, str]] = {}
    unknown: list[str] = []
    seen: dict[tuple, int] = {}
    out_rows: list[PreviewRow] = []
    sheet_unit = excel.match_unit(result.sheet, units)
    prev: tuple[str, str] | None = None
    for r in result.rows:
        problems = list(by_row.get(r.excel_row, []))
        warnings: list[str] = []
        code = unit_code
        if code is None:
            code = excel.match_unit(r.yang_membidangi, units) if r.yang_membidangi else None
            if code is None and not r.yang_membidangi.strip():
                # an empty cell: the unit the sheet is named after, else the row above's
                # unit when it is the same sasaran
                code = sheet_unit
                if code is None and prev is not None and prev[1] == _key(r.sasaran):
                    code = prev[0]
                if code is not None:
                    warnings.append(f"Yang membidangi kosong; dianggap unit {code}")
            if code is None:
                name = r.yang_membidangi.strip()
                if not name:
                    problems.append("kolom Yang membidangi kosong; isi nama seksi/subbag")
                else:
                    problems.append(f"Yang membidangi '{name}' tidak dikenal")
                    if name not in unknown:
                        unknown.append(name)
        elif mode == "unit" and r.yang_membidangi:
            named = excel.match_unit(r.yang_membidangi, units)
            if named and named != code:
                warnings.append(f"Yang membidangi '{r.yang_membidangi}' bukan unit ini; baris "
                                f"dimasukkan ke unit {code}")
        values = {"sasaran": r.sasaran.strip(), "indikator": r.indikator.strip(),
                  "target": r.target.strip(), "realisasi": r.realisasi.strip(),
                  "program": r.program.strip(), "sumber_data": r.sumber_data.strip(),
                  "ket": r.ket.strip(), "satuan": r.satuan.strip(),
                  "polarity": r.polaritas if r.polaritas in POLARITIES else ""}
        for k, v in values.items():
            if k in MAX_LEN and len(v) > MAX_LEN[k]:
                problems.append(f"kolom {FIELD_LABELS[k]} terlalu panjang "
                                f"({len(v)} karakter, maksimal {MAX_LEN[k]})")
        match = None
        if code is not None:
            if code not in editable:
                editable[code] = cycles.unit_can_edit(db, year, code)
            ok, why = editable[code]
            if not ok:
                problems.append(f"format unit {code} tidak dapat ditimpa: {why}")
            k = (code, _key(values["sasaran"]), _key(values["indikator"]))
            if values["indikator"]:
                if k in seen:
                    problems.append(f"indikator yang sama sudah ada di baris Excel {seen[k]}")
                seen[k] = r.excel_row
            match = existing.get(k)
        for label, key in (("Target", "target"), ("Realisasi", "realisasi")):
            why = cell_problem(values[key], label)
            if why:
                warnings.append(why + " (disimpan apa adanya, ditandai)")
        if match is not None:
            action = "ubah"
            stored_t = match["target"].strip()
            if stored_t and values["target"] and _same_value(stored_t, values["target"]) is False:
                warnings.append(f"Target di file '{values['target']}' berbeda dengan target "
                                f"PK '{stored_t}'; target PK dipakai")
                values["target_flag"] = (f"Target impor '{values['target']}' berbeda dengan "
                                         f"target PK '{stored_t}'")
            values["target"] = stored_t or values["target"]
        else:
            action = "tambah"
            if not values["target"]:
                warnings.append("Target kosong")
        prev = (code, _key(values["sasaran"])) if code else None
        out_rows.append(PreviewRow(r.excel_row, action, code,
                                   match["id"] if match else None, values, problems, warnings))
    revs = {}
    for code in {r.unit_code for r in out_rows if r.unit_code}:
        revs[code] = form_rev(db, year, code)
    return Preview(year=year, unit_code=unit_code, mode=mode, sheet=result.sheet, rows=out_rows,
                   problems=file_problems, unknown_units=unknown, form_revs=revs)


def _same_value(a: str, b: str) -> bool | None:
    """Do two Target texts say the same? None when either cannot be read."""
    pa, pb = parse_value(a), parse_value(b)
    if pa.kind == "invalid" or pb.kind == "invalid":
        return _key(a) == _key(b)
    return (pa.kind, pa.value, normalize_satuan(pa.satuan)) == \
        (pb.kind, pb.value, normalize_satuan(pb.satuan)) or _key(a) == _key(b)


def apply_import(db, user, preview: Preview, now=None) -> dict:
    """Write a preview, all or nothing. Refuses when it has blocking problems or a
    unit's form changed since the preview. Returns counts."""
    if preview.mode == "master":
        _require_master(user)
    else:
        _require_unit(user, preview.unit_code)
    if not preview.ok:
        raise ValidationError("Impor dibatalkan: masih ada masalah pada file. "
                              + " ".join(preview.blocking[:5]), problems=preview.blocking)
    if not preview.rows:
        raise ValidationError("Tidak ada baris untuk diimpor.")
    now = now or clock.now()
    stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
    with immediate(db):
        unit_ids = {}
        for code, rev in preview.form_revs.items():
            unit = _unit(db, code)
            unit_ids[code] = unit.id
            state = _form_state(db, preview.year, unit.id)
            if state["rev"] != rev:
                raise _conflict(state)
            ok, why = cycles.unit_can_edit(db, preview.year, code)
            if not ok:
                raise StateError(f"Format unit {code} tidak dapat ditimpa: {why}")
        sorts = {uid: db.execute("SELECT COALESCE(MAX(sort), 0) FROM indicators WHERE year=? "
                                 "AND unit_id=?", [preview.year, uid]).fetchone()[0]
                 for uid in unit_ids.values()}
        inserts, added, changed = [], 0, 0
        for r in preview.rows:
            v = r.values
            uid = unit_ids[r.unit_code]
            if r.action == "tambah":
                sorts[uid] += 1
                t = parse_value(v["target"])
                satuan = v["satuan"] or (t.satuan if t.kind in ("number", "percent") else "")
                inserts.append({
                    "year": preview.year, "unit_id": uid, "sort": sorts[uid],
                    "origin": "unit" if preview.mode == "unit" else "master",
                    "sasaran": v["sasaran"], "indikator": v["indikator"], "satuan": satuan,
                    "polarity": v["polarity"] or "positif", "target": v["target"],
                    "program": v["program"], "sumber_data": v["sumber_data"],
                    "realisasi": v["realisasi"], "ket": v["ket"], **stamp})
                added += 1
            elif r.action == "ubah":
                upd = {"target_flag": v.get("target_flag", "")}
                for f in ("realisasi", "sumber_data", "ket"):
                    if v[f] or preview.mode == "unit":
                        upd[f] = v[f]
                if preview.mode == "master":
                    for f in ("program", "satuan"):
                        if v[f]:
                            upd[f] = v[f]
                    if v["polarity"]:
                        upd["polarity"] = v["polarity"]
                db.execute("UPDATE indicators SET " + ", ".join(f"{k} = ?" for k in upd)
                           + ", updated_at = ?, updated_by_name = ?, rev = rev + 1 WHERE id = ?",
                           [*upd.values(), stamp["updated_at"], stamp["updated_by_name"],
                            r.indicator_id])
                changed += 1
        if inserts:
            db["indicators"].insert_all(inserts, batch_size=500)
        for code, uid in unit_ids.items():
            _bump_form(db, preview.year, uid, user, now)
            if preview.mode == "unit":
                cycles.note_unit_draft(db, user, preview.year, code, now)
        flagged = sum(1 for r in preview.rows if r.warnings)
        events.record(db, user, "format.impor", at=now, year=preview.year,
                      unit_code=preview.unit_code,
                      details={"mode": preview.mode, "lembar": preview.sheet, "tambah": added,
                               "ubah": changed, "ditandai": flagged,
                               "unit": sorted(unit_ids)})
    return {"tambah": added, "ubah": changed, "ditandai": flagged}


# ------------------------------------------------------------------ review (Sekcam, step 5)
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


# ------------------------------------------------------------------ rekap
@dataclass
class Rekap:
    year: int
    rows: list[dict]              # grouped by sasaran (first appearance order)
    summary: object               # lib.capaian.Summary
    cap: bool

    def averages(self) -> list[dict]:
        return [{"sasaran": s.sasaran, "jumlah_dihitung": s.counted, "jumlah": s.total,
                 "rata_rata": s.average, "predikat": s.predikat or "",
                 "tidak_dihitung": [f"{e.indikator}: {e.reason}" for e in s.excluded]}
                for s in self.summary.sasaran]


def rekap(db, year: int) -> Rekap:
    rows = list_rows(db, year)
    order: dict[str, int] = {}
    for d in rows:
        order.setdefault(_key(d["sasaran"]), len(order))
    rows.sort(key=lambda d: order[_key(d["sasaran"])])  # stable: form order inside a group
    canon: dict[str, str] = {}
    n = 0
    for d in rows:
        k = _key(d["sasaran"])
        if k not in canon:
            canon[k] = d["sasaran"].strip()
            n += 1
        d["sasaran_grup"] = canon[k]
        d["no"] = str(n)
        d["alasan"] = "" if d["capaian_status"] == "ok" else (
            d["capaian_reason"] or STATUS_LABEL.get(d["capaian_status"], ""))
        if d["belum_berjalan"] and not d["ket"]:
            d["ket"] = "Kegiatan belum berjalan"
    cap = _capaian_cap(db)
    items = []
    for d in rows:   # list_rows computed each capaian already: reuse, do not recompute
        c = Capaian(value=d["capaian"], status=d["capaian_status"],
                    reason=d["capaian_reason"], predikat=d["predikat"], tercapai=d["tercapai"])
        items.append((d["sasaran_grup"], d["indikator"], c))
    return Rekap(year=year, rows=rows, summary=summarize(items, cap=cap), cap=cap)


_REKAP_MEMO: dict[tuple, object] = {}


def rekap_cached(db, year: int) -> Rekap:
    """``rekap``, remembered while the year's rows are unchanged: every change to a
    unit's rows bumps unit_forms.rev and the row's own rev, so the fingerprint moves.
    Recomputing ten years on every rerun cost Pemantauan ~1 s (docs/BENCHMARKS.md).
    Callers must not change the rows they get."""
    fp = db.execute(
        "SELECT (SELECT COUNT(*) || ':' || COALESCE(SUM(rev), 0) || ':' || "
        "COALESCE(MAX(updated_at), '') FROM indicators WHERE year = ?), "
        "(SELECT COALESCE(SUM(rev), 0) FROM unit_forms WHERE year = ?), "
        "(SELECT value FROM settings WHERE key = 'capaian_cap')", [year, year]).fetchone()
    path = db.execute("PRAGMA database_list").fetchone()[2]
    key = (path, year, tuple(fp))
    hit = _REKAP_MEMO.get(key)
    if hit is None:
        if len(_REKAP_MEMO) > 256:
            _REKAP_MEMO.clear()
        hit = _REKAP_MEMO[key] = rekap(db, year)
    return hit


def export_rekap(db, year: int, fmt: str = "xlsx") -> bytes:
    r = rekap(db, year)
    rows = [dict(d, sasaran=d["sasaran_grup"]) for d in r.rows]
    if fmt == "xlsx":
        return excel.write_rekap_xlsx(rows, r.averages())
    if fmt == "csv":
        return excel.write_rekap_csv(rows)
    raise ValidationError("Format ekspor harus xlsx atau csv.")
