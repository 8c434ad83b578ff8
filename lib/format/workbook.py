"""The format as an Excel workbook: the unit's form exported as the paper format
(blank or filled), and the import of a filled workbook — a preview that says
row by row what importing would do, then applying it all or nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from db import immediate
from lib import clock, cycles, events, excel, limits, office
from lib.access import can
from lib.errors import PermissionDenied, StateError, ValidationError
from lib.spelling import format_number
from lib.numbers import normalize_satuan, parse_value
from lib.planning import links, pk
from lib.format.store import (FIELD_LABELS, MAX_LEN, POLARITIES, _bump_form, _conflict,
                              _form_state, _key, _require_master, _require_unit, cell_problem,
                              form_rev, list_rows)


MAX_IMPORT_ROWS = 10_000


def _unit_tuples(db) -> list[tuple[str, str, str]]:
    return [(u.code, u.name, u.head_title) for u in office.list_units(db)]


def export_unit_xlsx(db, year: int, unit_code: str, blank: bool = False) -> bytes:
    """The unit's form as the paper format; ``blank`` leaves Realisasi, Sumber Data
    (unless set by the master) and Ket empty for filling by hand."""
    unit = office.get_unit(db, unit_code)
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
    # column-6 texts naming no programme of the year: the importing user chooses one
    # for each (or "create") before saving (lib.planning.links.import_programs)
    unmatched_programs: list[str] = field(default_factory=list)

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
        office.get_unit(db, unit_code)
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
    pk_version = pk.in_force(db, year)
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
            if limits.has_control(v):
                problems.append(f"kolom {FIELD_LABELS[k]} memuat karakter kendali (mis. NUL)")
            elif k in MAX_LEN and len(v) > MAX_LEN[k]:
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
        # An unreadable Realisasi may be saved flagged (it blocks Kirim); a Target that
        # would be saved unreadable makes the row wrong and blocks the import.
        why = cell_problem(values["realisasi"], "Realisasi")
        if why:
            warnings.append(why + " (disimpan apa adanya, ditandai; belum dapat dikirim)")
        if match is not None:
            action = "ubah"
            stored_t = match["target"].strip()
            if stored_t and values["target"] and _same_value(stored_t, values["target"]) is False:
                kept = f"target PK versi {pk_version.versi}" if pk_version else "target PK"
                warnings.append(f"Target di file '{values['target']}' berbeda dengan {kept} "
                                f"'{stored_t}'; target PK dipakai")
                values["target_flag"] = (f"Target impor '{values['target']}' berbeda dengan "
                                         f"target PK '{stored_t}'")
            values["target"] = stored_t or values["target"]
        else:
            action = "tambah"
            if not values["target"]:
                warnings.append("Target kosong")
        why = "" if match is not None and match["target"].strip() else \
            cell_problem(values["target"], "Target")    # a stored target is kept as it is
        if why:
            problems.append(f"kolom Target: {why}; perbaiki di file lalu unggah ulang")
        prev = (code, _key(values["sasaran"])) if code else None
        out_rows.append(PreviewRow(r.excel_row, action, code,
                                   match["id"] if match else None, values, problems, warnings))
    revs = {}
    for code in {r.unit_code for r in out_rows if r.unit_code}:
        revs[code] = form_rev(db, year, code)
    unmatched = links.unmatched_programs(db, year, [r.values["program"] for r in out_rows
                                                     if r.action != "lewati"])
    return Preview(year=year, unit_code=unit_code, mode=mode, sheet=result.sheet, rows=out_rows,
                   problems=file_problems, unknown_units=unknown, form_revs=revs,
                   unmatched_programs=unmatched)


def _same_value(a: str, b: str) -> bool | None:
    """Do two Target texts say the same? None when either cannot be read."""
    pa, pb = parse_value(a), parse_value(b)
    if pa.kind == "invalid" or pb.kind == "invalid":
        return _key(a) == _key(b)
    return (pa.kind, pa.value, normalize_satuan(pa.satuan)) == \
        (pb.kind, pb.value, normalize_satuan(pb.satuan)) or _key(a) == _key(b)


def apply_import(db, user, preview: Preview, now=None, program_choices: dict | None = None
                 ) -> dict:
    """Write a preview, all or nothing. Refuses when it has blocking problems, a
    column-6 programme left unresolved (``program_choices``: unmatched text ->
    programme id or "baru"), or a unit's form changed since the preview. Returns counts."""
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
            unit = office.get_unit(db, code)
            unit_ids[code] = unit.id
            state = _form_state(db, preview.year, unit.id)
            if state["rev"] != rev:
                raise _conflict(state)
            ok, why = cycles.unit_can_edit(db, preview.year, code)
            if not ok:
                raise StateError(f"Format unit {code} tidak dapat ditimpa: {why}")
        names = links.import_programs(db, user, preview.year,
                                      [r.values["program"] for r in preview.rows],
                                      program_choices, now)
        sorts = {uid: db.execute("SELECT COALESCE(MAX(sort), 0) FROM indicators WHERE year=? "
                                 "AND unit_id=?", [preview.year, uid]).fetchone()[0]
                 for uid in unit_ids.values()}
        inserts, added, changed = [], 0, 0
        for r in preview.rows:
            v = dict(r.values, program=names.get(r.values["program"], r.values["program"]))
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
        links.attach(db, preview.year, user_name=user.name, now=now)
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
