"""The indicator master (the Sekcam's, per year): add, change and delete master
rows, and "Salin dari tahun lalu". Every writing service takes ``(db, user, ...)``,
checks the user, writes inside ``immediate`` and records an event.
"""
from __future__ import annotations

import json

from db import immediate
from lib import clock, cycles, events, office
from lib.errors import NotFound, StateError, ValidationError
from lib.planning import links, pk, programs
from lib.format.store import _bump_form, _clean_master, _raw, _require_master


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
            pk.check_target_edit(db, year, old["target"], clean["target"])   # PK in force
            old_unit = office.get_unit_by_id(db, old["unit_id"])
            if old_unit.id != unit.id:
                _ensure_unit_editable(db, year, old_unit.code, via)
                _bump_form(db, year, old_unit.id, user, now)
            db["indicators"].update(row_id, {**clean, **stamp, "rev": old["rev"] + 1})
            action = "master.ubah"
        links.attach(db, year, [row_id], user_name=user.name, now=now)
        _bump_form(db, year, unit.id, user, now)
        changed = {k: v for k, v in clean.items() if old is None or old.get(k) != v}
        events.record(db, user, action, at=now, year=year, unit_code=unit.code,
                      details={"id": row_id, "indikator": clean["indikator"],
                               "perubahan": changed})
    return row_id


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
        if not programs.list_programs(db, year) and programs.list_programs(db, year - 1):
            programs.copy_year(db, user, year, now=now)   # the programme list comes along
        links.attach(db, year, user_name=user.name, now=now)   # programmes, sasaran, cards
        for unit_id in {r["unit_id"] for r in rows}:
            _bump_form(db, year, unit_id, user, now)
        events.record(db, user, "master.salin", at=now, year=year,
                      details={"dari_tahun": year - 1, "jumlah": len(rows)})
    return len(rows)
