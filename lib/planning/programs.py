"""The year's programmes by identity: one list (code optional, name, pagu) that
form rows (column 6) and budget rows point at (``program_id``).

Matching is by exact text after trimming spaces and case (``limits.key``);
nothing is linked by guessing: ``match`` says which texts have a programme and
which do not, and the caller (the Excel import preview, the admin's list of
unlinked budget rows) lets a person choose.

The rows keep their column-6 text as a copy of the programme's name, so every
reader of the form shows the programme; renaming a programme rewrites the copy
of every row linked to it in the same transaction.

Owners: the Sekcam and the Kasubbag Umum (access ``program.edit``).
"""
from __future__ import annotations

from dataclasses import dataclass

from db import immediate
from lib import clock, events
from lib.access import require
from lib.budget import parse_amount
from lib.errors import NotFound, StateError, ValidationError
from lib.planning import limits


@dataclass(frozen=True)
class Program:
    id: int
    year: int
    code: str
    name: str
    pagu: float
    sort: int
    rows: int = 0          # form rows pointing at it
    budget_rows: int = 0   # budget rows pointing at it

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


def _program(r, rows=0, budget_rows=0) -> Program:
    return Program(r["id"], r["year"], r["code"], r["name"], r["pagu"], r["sort"], rows,
                   budget_rows)


def list_programs(db, year: int) -> list[Program]:
    counts = {r[0]: r[1] for r in db.execute(
        "SELECT program_id, COUNT(*) FROM indicators WHERE year = ? AND program_id IS NOT NULL "
        "GROUP BY program_id", [year])}
    bcounts = {r[0]: r[1] for r in db.execute(
        "SELECT program_id, COUNT(*) FROM budget WHERE year = ? AND program_id IS NOT NULL "
        "GROUP BY program_id", [year])}
    return [_program(r, counts.get(r["id"], 0), bcounts.get(r["id"], 0))
            for r in db.query("SELECT * FROM programs WHERE year = ? ORDER BY sort, id", [year])]


def get_program(db, program_id: int) -> Program:
    rows = list(db.query("SELECT * FROM programs WHERE id = ?", [program_id]))
    if not rows:
        raise NotFound("Program tidak ditemukan (mungkin sudah dihapus).")
    return _program(rows[0])


def match(db, year: int, texts) -> tuple[dict[str, int], list[str]]:
    """Exact matching of column-6 texts: ``({text: program_id}, [unmatched texts])``.
    Empty texts are neither; each unmatched text is listed once, in first order."""
    by_key = {r["name_key"]: r["id"] for r in
              db.query("SELECT id, name_key FROM programs WHERE year = ?", [year])}
    found, missing = {}, []
    for t in texts:
        k = limits.key(t)
        if not k:
            continue
        if k in by_key:
            found[t] = by_key[k]
        elif t not in missing and not any(limits.key(m) == k for m in missing):
            missing.append(t)
    return found, missing


def _clean(values: dict) -> tuple[dict, list[str]]:
    p: list[str] = []
    out = {"code": limits.text(values.get("code"), "programs.code", "Kode program", p),
           "name": " ".join(limits.text(values.get("name"), "programs.name", "Nama program",
                                        p, required=True).split())}
    try:
        out["pagu"] = parse_amount(values.get("pagu"), "Pagu")
    except ValidationError as err:
        p.append(str(err))
    return out, p


def save_program(db, user, year: int, values: dict, program_id: int | None = None,
                 now=None) -> int:
    """Add (``program_id=None``) or change a programme of ``year``; returns its id.
    A rename rewrites the column-6 text of every row linked to it."""
    require(user, "program.edit")
    clean, problems = _clean(values)
    limits.fail("Program belum benar:", problems)
    now = now or clock.now()
    stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
    key = limits.key(clean["name"])
    with immediate(db):
        dup = db.execute("SELECT id FROM programs WHERE year = ? AND name_key = ?",
                         [year, key]).fetchone()
        if dup and dup[0] != program_id:
            raise ValidationError(f"Program '{clean['name']}' sudah ada pada tahun {year}.")
        if program_id is None:
            sort = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM programs WHERE year = ?",
                              [year]).fetchone()[0]
            program_id = db["programs"].insert({"year": year, "sort": sort, "name_key": key,
                                                **clean, **stamp}).last_pk
            old = None
        else:
            old = get_program(db, program_id)
            if old.year != year:
                raise ValidationError("Program ini bukan milik tahun yang dipilih.")
            db.execute("UPDATE programs SET code=?, name=?, name_key=?, pagu=?, updated_at=?, "
                       "updated_by_name=?, rev=rev+1 WHERE id=?",
                       [clean["code"], clean["name"], key, clean["pagu"], stamp["updated_at"],
                        user.name, program_id])
            if old.name != clean["name"]:
                _rename_rows(db, program_id, clean["name"], stamp)
        events.record(db, user, "program.simpan", at=now, year=year,
                      details={"id": program_id, **clean,
                               "lama": None if old is None else
                               {"code": old.code, "name": old.name, "pagu": old.pagu}})
    return program_id


def _rename_rows(db, program_id: int, name: str, stamp: dict) -> None:
    db.execute("UPDATE indicators SET program = ?, rev = rev + 1, updated_at = ?, "
               "updated_by_name = ? WHERE program_id = ?",
               [name, stamp["updated_at"], stamp["updated_by_name"], program_id])
    db.execute("UPDATE budget SET program = ?, updated_at = ?, updated_by_name = ? "
               "WHERE program_id = ?",
               [name, stamp["updated_at"], stamp["updated_by_name"], program_id])


def delete_program(db, user, program_id: int, now=None) -> None:
    """Delete a programme no row, budget row or PK version points to."""
    require(user, "program.edit")
    now = now or clock.now()
    with immediate(db):
        prog = get_program(db, program_id)
        n_rows = db.execute("SELECT COUNT(*) FROM indicators WHERE program_id = ?",
                            [program_id]).fetchone()[0]
        n_budget = db.execute("SELECT COUNT(*) FROM budget WHERE program_id = ?",
                              [program_id]).fetchone()[0]
        pk = [r[0] for r in db.execute(
            "SELECT DISTINCT v.versi FROM pk_programs p JOIN pk_versions v ON v.id = p.version_id "
            "WHERE p.program_id = ? ORDER BY v.versi", [program_id])]
        used = []
        if n_rows:
            used.append(f"{n_rows} baris formulir")
        if n_budget:
            used.append(f"{n_budget} baris anggaran")
        if pk:
            used.append("Perjanjian Kinerja versi " + ", ".join(str(v) for v in pk))
        if used:
            raise StateError(f"Program '{prog.name}' tidak dapat dihapus: masih dipakai oleh "
                             + " dan ".join(used) + ". Pindahkan baris tersebut ke program "
                             "lain dulu.")
        db.execute("DELETE FROM programs WHERE id = ?", [program_id])
        events.record(db, user, "program.hapus", at=now, year=prog.year,
                      details={"id": program_id, "name": prog.name, "pagu": prog.pagu})


def _check_year(db, program_id: int | None, year: int) -> Program | None:
    if program_id is None:
        return None
    prog = get_program(db, program_id)
    if prog.year != year:
        raise ValidationError(f"Program '{prog.name}' bukan program tahun {year}.")
    return prog


def link_budget_row(db, user, budget_id: int, program_id: int | None, now=None) -> None:
    """Point a budget row at a programme of its year (None: unlink)."""
    require(user, "program.link")
    now = now or clock.now()
    with immediate(db):
        rows = list(db.query("SELECT * FROM budget WHERE id = ?", [budget_id]))
        if not rows:
            raise NotFound("Baris anggaran tidak ditemukan.")
        row = rows[0]
        prog = _check_year(db, program_id, row["year"])
        db.execute("UPDATE budget SET program_id = ?, program = ?, updated_at = ?, "
                   "updated_by_name = ? WHERE id = ?",
                   [program_id, prog.name if prog else row["program"], clock.iso(now),
                    user.name, budget_id])
        events.record(db, user, "program.tautkan_anggaran", at=now, year=row["year"],
                      details={"anggaran_id": budget_id, "teks": row["program"],
                               "program_id": program_id,
                               "program": prog.name if prog else None})


def link_indicator_row(db, user, row_id: int, program_id: int | None, now=None) -> None:
    """Point a form row's column 6 at a programme of its year (Sekcam's master)."""
    require(user, "master.edit")
    now = now or clock.now()
    with immediate(db):
        rows = list(db.query("SELECT * FROM indicators WHERE id = ?", [row_id]))
        if not rows:
            raise NotFound("Baris indikator tidak ditemukan (mungkin sudah dihapus).")
        row = rows[0]
        prog = _check_year(db, program_id, row["year"])
        db.execute("UPDATE indicators SET program_id = ?, program = ?, rev = rev + 1, "
                   "updated_at = ?, updated_by_name = ? WHERE id = ?",
                   [program_id, prog.name if prog else row["program"], clock.iso(now),
                    user.name, row_id])
        events.record(db, user, "program.tautkan_baris", at=now, year=row["year"],
                      details={"id": row_id, "indikator": row["indikator"],
                               "teks": row["program"], "program_id": program_id})


def unlinked_budget(db, year: int | None = None) -> list[dict]:
    """Budget rows with no programme (e.g. left by the migration of an existing
    office because their text matched no programme exactly), for the admin."""
    sql = "SELECT id, year, program, pagu, realisasi FROM budget WHERE program_id IS NULL"
    params: list = []
    if year is not None:
        sql += " AND year = ?"
        params.append(year)
    return [dict(r) for r in db.query(sql + " ORDER BY year, sort, id", params)]


def unlinked_rows(db, year: int) -> list[dict]:
    """Form rows of ``year`` with a column-6 text but no programme."""
    return [dict(r) for r in db.query(
        "SELECT id, unit_id, indikator, program FROM indicators WHERE year = ? AND "
        "program_id IS NULL AND TRIM(program) != '' ORDER BY unit_id, sort, id", [year])]


def ensure_linked(db, year: int) -> int:
    """Link the year's unlinked rows whose text names a programme exactly (used after
    rows were written by code that knows only texts, e.g. "Salin dari tahun lalu").
    Returns the rows linked. Runs inside the caller's transaction."""
    by_key = {r["name_key"]: r["id"] for r in
              db.query("SELECT id, name_key FROM programs WHERE year = ?", [year])}
    n = 0
    for r in unlinked_rows(db, year):
        pid = by_key.get(limits.key(r["program"]))
        if pid is not None:
            db.execute("UPDATE indicators SET program_id = ? WHERE id = ?", [pid, r["id"]])
            n += 1
    for r in unlinked_budget(db, year):
        pid = by_key.get(limits.key(r["program"]))
        if pid is not None:
            db.execute("UPDATE budget SET program_id = ? WHERE id = ?", [pid, r["id"]])
            n += 1
    return n


def copy_year(db, user, year: int, now=None) -> int:
    """The programmes of ``year - 1`` as the list of ``year`` (codes and names; pagu
    copied as last year's, to be corrected). Refused when ``year`` has programmes."""
    require(user, "program.edit")
    now = now or clock.now()
    with immediate(db):
        if db.execute("SELECT 1 FROM programs WHERE year = ?", [year]).fetchone():
            raise StateError(f"Tahun {year} sudah memiliki daftar program.")
        src = list(db.query("SELECT * FROM programs WHERE year = ? ORDER BY sort, id",
                            [year - 1]))
        if not src:
            raise NotFound(f"Tahun {year - 1} belum memiliki daftar program untuk disalin.")
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        db["programs"].insert_all([{"year": year, "code": r["code"], "name": r["name"],
                                    "name_key": r["name_key"], "pagu": r["pagu"],
                                    "sort": r["sort"], **stamp} for r in src])
        linked = ensure_linked(db, year)
        events.record(db, user, "program.salin", at=now, year=year,
                      details={"dari_tahun": year - 1, "jumlah": len(src), "tertaut": linked})
    return len(src)
