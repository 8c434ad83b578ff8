"""The analysis of Bab III, one per sasaran and year, written by the Kasubbag PEP:
faktor pendukung, faktor penghambat, upaya perbaikan.

Keyed by the sasaran's identity (``renstra_sasaran.id``), so correcting a sasaran's
wording never loses its analysis. Empty by default: no boilerplate is ever
stored or printed; an empty analysis is listed by ``lib.lkjip.readiness``.

Concurrency is optimistic: the editor sends the ``rev`` it loaded (0 for an
analysis never saved); a save on a stale rev is refused with ``Conflict``.
"""
from __future__ import annotations

from dataclasses import dataclass

from db import immediate
from lib import clock, cycles, events, limits
from lib.access import require
from lib.errors import Conflict, NotFound, StateError, ValidationError

# (field, title shown in the editor and the report), in report order
FIELDS: tuple[tuple[str, str], ...] = (
    ("pendukung", "Faktor Pendukung"),
    ("penghambat", "Faktor Penghambat"),
    ("upaya", "Upaya Perbaikan"),
)
FIELD_KEYS = tuple(k for k, _ in FIELDS)


@dataclass(frozen=True)
class Analysis:
    sasaran_id: int
    pendukung: str = ""
    penghambat: str = ""
    upaya: str = ""
    rev: int = 0
    updated_by_name: str = ""
    updated_at: str = ""

    @property
    def empty(self) -> bool:
        return not (self.pendukung or self.penghambat or self.upaya)

    def missing(self) -> list[str]:
        """The fields not written yet."""
        return [k for k in FIELD_KEYS if not getattr(self, k)]


def _analysis(r) -> Analysis:
    return Analysis(r["sasaran_id"], r["pendukung"], r["penghambat"], r["upaya"], r["rev"],
                    r["updated_by_name"] or "", r["updated_at"] or "")


def for_year(db, year: int) -> dict[int, Analysis]:
    """The saved analyses of ``year``: sasaran id -> Analysis (unsaved ones absent)."""
    return {r["sasaran_id"]: _analysis(r) for r in db.query(
        "SELECT * FROM lkjip_analyses WHERE year = ?", [year])}


def get(db, year: int, sasaran_id: int) -> Analysis:
    """The analysis of one sasaran (an empty one with rev 0 when never saved)."""
    rows = list(db.query("SELECT * FROM lkjip_analyses WHERE year = ? AND sasaran_id = ?",
                         [year, sasaran_id]))
    return _analysis(rows[0]) if rows else Analysis(sasaran_id)


def _check_editable(db, year: int) -> None:
    cycle = cycles.find_cycle(db, year)
    if cycle is not None and cycles.approved_version(db, cycle) is not None:
        raise StateError(f"LKjIP {year} versi {cycle.version} sudah disetujui Camat; analisis "
                         "tidak dapat diubah kecuali Camat membukanya kembali.")


def _sasaran(db, sasaran_id) -> dict:
    try:
        sid = int(sasaran_id)
    except (TypeError, ValueError):
        raise ValidationError("Sasaran analisis tidak dikenal.") from None
    rows = list(db.query("SELECT s.id, s.kode, s.text, p.start_year, p.end_year FROM "
                         "renstra_sasaran s JOIN renstra_periods p ON p.id = s.period_id "
                         "WHERE s.id = ?", [sid]))
    if not rows:
        raise NotFound("Sasaran strategis tidak ditemukan (mungkin sudah dihapus).")
    return dict(rows[0])


def clean_values(values: dict, where: str = "") -> dict[str, str]:
    """The typed fields stripped and checked (limits, control characters), or
    ValidationError naming each problem; unknown fields are refused."""
    problems = []
    out = {}
    for key, value in (values or {}).items():
        if key not in FIELD_KEYS:
            problems.append(f"{where}bagian analisis '{key}' tidak dikenal.")
            continue
        text = "" if value is None else str(value).replace("\r\n", "\n").strip()
        why = limits.problem(f"analysis.{key}", text)
        if why:
            problems.append(where + why)
            continue
        out[key] = text
    if problems:
        raise ValidationError("Analisis belum dapat disimpan: " + " ".join(problems),
                              problems=problems)
    return out


def save(db, user, year: int, sasaran_id: int, values: dict, expected_rev: int | None = None,
         now=None) -> Analysis:
    """Save the analysis of one sasaran; fields absent from ``values`` keep their text.
    Nothing is written (and no event recorded) when nothing changed."""
    require(user, "narrative.edit")
    now = now or clock.now()
    with immediate(db):
        s = _sasaran(db, sasaran_id)
        where = f"Sasaran {s['kode']}: "
        clean = clean_values(values, where)
        if not s["start_year"] <= int(year) <= s["end_year"]:
            raise ValidationError(f"Sasaran {s['kode']} tidak termasuk Renstra yang memuat "
                                  f"tahun {year}.")
        _check_editable(db, year)
        old = get(db, year, s["id"])
        if expected_rev is not None and int(expected_rev) != old.rev:
            raise Conflict(f"Analisis sasaran {s['kode']} sudah diubah oleh "
                           f"{old.updated_by_name or 'pengguna lain'} sejak Anda membukanya; "
                           "muat ulang halaman lalu ulangi perubahan Anda.")
        new = {k: clean.get(k, getattr(old, k)) for k in FIELD_KEYS}
        if all(new[k] == getattr(old, k) for k in FIELD_KEYS):
            return old
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        if old.rev == 0:
            db["lkjip_analyses"].insert({"year": int(year), "sasaran_id": s["id"], **new,
                                         "rev": 1, **stamp})
        else:
            db.execute("UPDATE lkjip_analyses SET pendukung=?, penghambat=?, upaya=?, "
                       "rev=rev+1, updated_at=?, updated_by_name=? WHERE year=? AND "
                       "sasaran_id=?", [new["pendukung"], new["penghambat"], new["upaya"],
                                        stamp["updated_at"], user.name, int(year), s["id"]])
        events.record(db, user, "analisis.simpan", at=now, year=int(year),
                      details={"sasaran_id": s["id"], "kode": s["kode"],
                               "bagian": [k for k in FIELD_KEYS if new[k] != getattr(old, k)]})
        return get(db, year, s["id"])
