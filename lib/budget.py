"""Realisasi anggaran per program (for Bab III of the LAKIP): pagu, realisasi and
serapan %. Only the head of the umum unit edits it (access 'budget.edit').

Amounts are typed the Indonesian way ("Rp 27.350.000", "27.350.000,50") or come
as numbers; anything else is refused with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from db import immediate
from lib import clock, cycles, events, limits
from lib.access import require
from lib.errors import NotFound, StateError, ValidationError
from lib.spelling import format_rupiah, to_decimal
from lib.numbers import SATUAN_RUPIAH, parse_value
from lib.planning.limits import key as program_key


@dataclass(frozen=True)
class BudgetRow:
    id: int
    year: int
    sort: int
    program: str
    pagu: float
    realisasi: float
    serapan: float | None        # percent, unrounded; None when pagu is 0
    updated_at: str | None
    updated_by_name: str | None
    program_id: int | None = None   # the programme of the year (lib.planning.programs)

    @property
    def over(self) -> bool:
        return self.realisasi > self.pagu


def parse_amount(value, label: str) -> float:
    """An amount of rupiah from text or a number; ValidationError with the reason."""
    if isinstance(value, bool):
        raise ValidationError(f"{label}: isian tidak valid.")
    if isinstance(value, (int, float, Decimal)):
        d = to_decimal(value)
    else:
        p = parse_value("" if value is None else str(value))
        if p.kind == "empty":
            return 0.0
        if p.kind == "invalid":
            raise ValidationError(f"{label} {p.error}.")
        if p.kind != "number" or p.satuan not in ("", SATUAN_RUPIAH):
            raise ValidationError(f"{label} harus berupa jumlah rupiah, mis. Rp27.350.000 "
                                  f"(tertulis '{p.text}').")
        d = to_decimal(p.value)
    if d < 0:
        raise ValidationError(f"{label} tidak boleh negatif.")
    if d != d.quantize(Decimal("0.01")):
        raise ValidationError(f"{label}: paling banyak dua angka di belakang koma (sen).")
    if d >= Decimal("1e15"):
        raise ValidationError(f"{label} terlalu besar.")
    return float(d)


def serapan(pagu: float, realisasi: float) -> float | None:
    if not pagu:
        return None
    return float(to_decimal(realisasi) * 100 / to_decimal(pagu))


def list_budget(db, year: int) -> list[BudgetRow]:
    return [BudgetRow(r["id"], r["year"], r["sort"], r["program"], r["pagu"], r["realisasi"],
                      serapan(r["pagu"], r["realisasi"]), r["updated_at"], r["updated_by_name"],
                      r["program_id"])
            for r in db.query("SELECT * FROM budget WHERE year = ? ORDER BY sort, id", [year])]


def totals(db, year: int) -> dict:
    rows = list_budget(db, year)
    pagu = float(sum((to_decimal(r.pagu) for r in rows), Decimal(0)))
    real = float(sum((to_decimal(r.realisasi) for r in rows), Decimal(0)))
    return {"pagu": pagu, "realisasi": real, "serapan": serapan(pagu, real),
            "jumlah_program": len(rows)}


def _check_open(db, year: int) -> None:
    cycle = cycles.find_cycle(db, year)
    if cycle is not None and cycle.closed:
        raise StateError(f"Siklus LAKIP {year} sudah selesai; realisasi anggaran tidak dapat "
                         "diubah.")


def _programme(db, year: int, program: str, program_id: int | None) -> tuple[str, int | None]:
    """The budget row's programme: the one chosen (``program_id``, of ``year``), else the
    programme whose name equals ``program`` exactly (trim/case), else none (listed
    for the admin by lib.planning.programs.unlinked_budget)."""
    if program_id is not None:
        row = db.execute("SELECT name, year FROM programs WHERE id = ?", [program_id]).fetchone()
        if row is None or row[1] != year:
            raise ValidationError(f"Program yang dipilih bukan program tahun {year}.")
        return row[0], program_id
    row = db.execute("SELECT id FROM programs WHERE year = ? AND name_key = ?",
                     [year, program_key(program)]).fetchone()
    return program, (row[0] if row else None)


def save_budget_row(db, user, year: int, program: str, pagu, realisasi,
                    row_id: int | None = None, now=None, program_id: int | None = None) -> int:
    """Add or change one program's pagu and realisasi; returns the row id. The row
    points at the year's programme ``program_id`` (its name is used), or at the
    programme named ``program`` exactly."""
    require(user, "budget.edit")
    if program_id is not None and not (program or "").strip():
        program = "-"   # replaced by the programme's name below
    program = (program or "").strip()
    problems = []
    if not program:
        problems.append("Nama program wajib diisi.")
    elif len(program) > 500:
        problems.append("Nama program terlalu panjang (maksimal 500 karakter).")
    elif limits.problem("budget.program", program):
        problems.append(limits.problem("budget.program", program))
    amounts = {}
    for key, label, value in (("pagu", "Pagu", pagu), ("realisasi", "Realisasi", realisasi)):
        try:
            amounts[key] = parse_amount(value, label)
        except ValidationError as err:
            problems.append(str(err))
    if problems:
        raise ValidationError("Anggaran belum benar: " + " ".join(problems), problems=problems)
    now = now or clock.now()
    with immediate(db):
        _check_open(db, year)
        program, linked = _programme(db, year, program, program_id)
        dup = db.execute("SELECT id FROM budget WHERE year=? AND lower(program)=lower(?)",
                         [year, program]).fetchone()
        if dup and dup[0] != row_id:
            raise ValidationError(f"Program '{program}' sudah ada pada tahun {year}.")
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        if row_id is None:
            sort = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM budget WHERE year=?",
                              [year]).fetchone()[0]
            row_id = db["budget"].insert({"year": year, "sort": sort, "program": program,
                                          "program_id": linked, **amounts, **stamp}).last_pk
            old = None
        else:
            rows = list(db.query("SELECT * FROM budget WHERE id=? AND year=?", [row_id, year]))
            if not rows:
                raise NotFound("Baris anggaran tidak ditemukan.")
            old = {k: rows[0][k] for k in ("program", "pagu", "realisasi")}
            db["budget"].update(row_id, {"program": program, "program_id": linked, **amounts,
                                         **stamp})
        events.record(db, user, "anggaran.simpan", at=now, year=year,
                      details={"id": row_id, "program": program, "lama": old,
                               "pagu": format_rupiah(amounts["pagu"]),
                               "realisasi": format_rupiah(amounts["realisasi"])})
    return row_id


def delete_budget_row(db, user, year: int, row_id: int, now=None) -> None:
    require(user, "budget.edit")
    now = now or clock.now()
    with immediate(db):
        _check_open(db, year)
        rows = list(db.query("SELECT * FROM budget WHERE id=? AND year=?", [row_id, year]))
        if not rows:
            raise NotFound("Baris anggaran tidak ditemukan.")
        db.execute("DELETE FROM budget WHERE id = ?", [row_id])
        events.record(db, user, "anggaran.hapus", at=now, year=year,
                      details={"program": rows[0]["program"], "pagu": rows[0]["pagu"],
                               "realisasi": rows[0]["realisasi"]})
