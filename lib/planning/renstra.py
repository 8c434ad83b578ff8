"""The Renstra period (e.g. 2021-2026): visi, misi, tujuan and its sasaran
strategis. Each sasaran has an identity (``renstra_sasaran.id``, and a code such
as ``SS1`` inside the period); the year's rows point at it (``sasaran_id``), so
its wording can be corrected without losing anything: a rename rewrites the
sasaran text the rows carry, in the same transaction; the per-sasaran analyses
(``lib.lkjip.analyses``) are keyed by the identity and need no move.

Owner: the Sekcam (access ``renstra.edit``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from db import immediate
from lib import clock, events
from lib.access import require
from lib.errors import NotFound, StateError, ValidationError
from lib.planning import limits

MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Sasaran:
    id: int
    period_id: int
    kode: str
    text: str
    sort: int


@dataclass(frozen=True)
class Period:
    id: int
    start_year: int
    end_year: int
    nomor: str
    visi: str
    misi: list[str]
    tujuan: list[str]
    sasaran: list[Sasaran] = field(default_factory=list)
    rev: int = 1

    @property
    def label(self) -> str:
        return f"Renstra {self.start_year}\u2013{self.end_year}"

    def contains(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


def _sasaran_of(db, period_id: int) -> list[Sasaran]:
    return [Sasaran(r["id"], r["period_id"], r["kode"], r["text"], r["sort"]) for r in
            db.query("SELECT * FROM renstra_sasaran WHERE period_id = ? ORDER BY sort, id",
                     [period_id])]


def _period(db, r) -> Period:
    return Period(r["id"], r["start_year"], r["end_year"], r["nomor"], r["visi"],
                  json.loads(r["misi"] or "[]"), json.loads(r["tujuan"] or "[]"),
                  _sasaran_of(db, r["id"]), r["rev"])


def list_periods(db) -> list[Period]:
    return [_period(db, r) for r in
            db.query("SELECT * FROM renstra_periods ORDER BY start_year")]


def get_period(db, period_id: int) -> Period:
    rows = list(db.query("SELECT * FROM renstra_periods WHERE id = ?", [period_id]))
    if not rows:
        raise NotFound("Periode Renstra tidak ditemukan.")
    return _period(db, rows[0])


def period_for_year(db, year: int) -> Period | None:
    rows = list(db.query("SELECT * FROM renstra_periods WHERE start_year <= ? AND end_year >= ?",
                         [year, year]))
    return _period(db, rows[0]) if rows else None


def get_sasaran(db, sasaran_id: int) -> Sasaran:
    rows = list(db.query("SELECT * FROM renstra_sasaran WHERE id = ?", [sasaran_id]))
    if not rows:
        raise NotFound("Sasaran strategis tidak ditemukan.")
    r = rows[0]
    return Sasaran(r["id"], r["period_id"], r["kode"], r["text"], r["sort"])


def _year(value, label: str, problems: list[str]) -> int | None:
    try:
        if isinstance(value, bool):
            raise ValueError
        y = int(str(value).strip())
    except (TypeError, ValueError):
        problems.append(f"{label} harus berupa tahun (mis. 2021).")
        return None
    if not MIN_YEAR <= y <= MAX_YEAR:
        problems.append(f"{label} {y} di luar rentang {MIN_YEAR}\u2013{MAX_YEAR}.")
        return None
    return y


def save_period(db, user, values: dict, period_id: int | None = None, now=None) -> int:
    """Add or change a Renstra period (start/end year, nomor, visi, misi, tujuan)."""
    require(user, "renstra.edit")
    p: list[str] = []
    start = _year(values.get("start_year"), "Tahun awal Renstra", p)
    end = _year(values.get("end_year"), "Tahun akhir Renstra", p)
    if start and end and end < start:
        p.append("Tahun akhir Renstra tidak boleh sebelum tahun awal.")
    if start and end and end - start > 10:
        p.append("Periode Renstra paling lama 10 tahun.")
    clean = {"nomor": limits.text(values.get("nomor"), "renstra.nomor", "Nomor dokumen", p),
             "visi": limits.text(values.get("visi"), "renstra.visi", "Visi", p, required=True),
             "misi": json.dumps(limits.text_list(values.get("misi"), "renstra.misi", "Misi", p),
                                ensure_ascii=False),
             "tujuan": json.dumps(limits.text_list(values.get("tujuan"), "renstra.tujuan",
                                                   "Tujuan", p), ensure_ascii=False)}
    limits.fail("Renstra belum benar:", p)
    now = now or clock.now()
    stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
    with immediate(db):
        overlap = db.execute(
            "SELECT start_year, end_year FROM renstra_periods WHERE start_year <= ? AND "
            "end_year >= ? AND id != ?", [end, start, period_id or 0]).fetchone()
        if overlap:
            raise ValidationError(f"Periode {start}\u2013{end} bertumpang tindih dengan Renstra "
                                  f"{overlap[0]}\u2013{overlap[1]}.")
        if period_id is None:
            period_id = db["renstra_periods"].insert({"start_year": start, "end_year": end,
                                                      **clean, **stamp}).last_pk
        else:
            get_period(db, period_id)   # NotFound when it is gone
            outside = db.execute(
                "SELECT MIN(i.year), MAX(i.year) FROM indicators i JOIN renstra_sasaran s ON "
                "s.id = i.sasaran_id WHERE s.period_id = ? AND (i.year < ? OR i.year > ?)",
                [period_id, start, end]).fetchone()
            if outside[0] is not None:
                raise StateError(f"Periode tidak dapat dipersempit menjadi {start}\u2013{end}: "
                                 f"baris tahun {outside[0]}\u2013{outside[1]} merujuk sasaran "
                                 "Renstra ini.")
            db.execute("UPDATE renstra_periods SET start_year=?, end_year=?, nomor=?, visi=?, "
                       "misi=?, tujuan=?, updated_at=?, updated_by_name=?, rev=rev+1 WHERE id=?",
                       [start, end, clean["nomor"], clean["visi"], clean["misi"],
                        clean["tujuan"], stamp["updated_at"], user.name, period_id])
        events.record(db, user, "renstra.simpan", at=now,
                      details={"id": period_id, "periode": f"{start}-{end}",
                               "nomor": clean["nomor"]})
    return period_id


def _norm(text: str) -> str:
    return " ".join((text or "").split())


def save_sasaran(db, user, period_id: int, values: dict, sasaran_id: int | None = None,
                 now=None) -> int:
    """Add or correct a sasaran strategis of a period. A correction keeps the identity:
    the rows pointing at it carry the new wording and their analyses follow."""
    require(user, "renstra.edit")
    p: list[str] = []
    kode = limits.text(values.get("kode"), "sasaran.kode", "Kode sasaran", p)
    text = _norm(limits.text(values.get("text"), "sasaran.text", "Sasaran strategis", p,
                             required=True))
    limits.fail("Sasaran belum benar:", p)
    now = now or clock.now()
    stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
    with immediate(db):
        period = get_period(db, period_id)
        if not kode:
            kode = f"SS{len(period.sasaran) + 1}" if sasaran_id is None else \
                get_sasaran(db, sasaran_id).kode
        for s in period.sasaran:
            if s.id == sasaran_id:
                continue
            if s.kode.lower() == kode.lower():
                raise ValidationError(f"Kode sasaran {kode} sudah dipakai di {period.label}.")
            if limits.key(s.text) == limits.key(text):
                raise ValidationError(f"Sasaran '{text}' sudah ada di {period.label} ({s.kode}).")
        if sasaran_id is None:
            sort = max((s.sort for s in period.sasaran), default=0) + 1
            sasaran_id = db["renstra_sasaran"].insert({"period_id": period_id, "kode": kode,
                                                       "text": text, "sort": sort,
                                                       **stamp}).last_pk
            old = None
        else:
            old = get_sasaran(db, sasaran_id)
            if old.period_id != period_id:
                raise ValidationError("Sasaran ini bukan milik periode Renstra yang dipilih.")
            db.execute("UPDATE renstra_sasaran SET kode=?, text=?, updated_at=?, "
                       "updated_by_name=?, rev=rev+1 WHERE id=?",
                       [kode, text, stamp["updated_at"], user.name, sasaran_id])
            if old.text != text:
                _carry_rename(db, sasaran_id, old.text, text, stamp)
        events.record(db, user, "renstra.sasaran", at=now,
                      details={"id": sasaran_id, "kode": kode, "sasaran": text,
                               "lama": old.text if old else None})
    return sasaran_id


def _carry_rename(db, sasaran_id: int, old: str, new: str, stamp: dict) -> None:
    db.execute("UPDATE indicators SET sasaran = ?, rev = rev + 1, updated_at = ?, "
               "updated_by_name = ? WHERE sasaran_id = ?",
               [new, stamp["updated_at"], stamp["updated_by_name"], sasaran_id])


def delete_sasaran(db, user, sasaran_id: int, now=None) -> None:
    require(user, "renstra.edit")
    now = now or clock.now()
    with immediate(db):
        s = get_sasaran(db, sasaran_id)
        n = db.execute("SELECT COUNT(*) FROM indicators WHERE sasaran_id = ?",
                       [sasaran_id]).fetchone()[0]
        c = db.execute("SELECT COUNT(*) FROM indicator_cards WHERE sasaran_id = ?",
                       [sasaran_id]).fetchone()[0]
        if n or c:
            raise StateError(f"Sasaran {s.kode} tidak dapat dihapus: masih dirujuk {n} baris "
                             f"formulir dan {c} kartu indikator.")
        db.execute("DELETE FROM renstra_sasaran WHERE id = ?", [sasaran_id])
        events.record(db, user, "renstra.sasaran_hapus", at=now,
                      details={"id": sasaran_id, "kode": s.kode, "sasaran": s.text})


def check_year(db, sasaran_id: int, year: int) -> Sasaran:
    """The sasaran, when its Renstra period contains ``year``; else ValidationError."""
    s = get_sasaran(db, sasaran_id)
    period = get_period(db, s.period_id)
    if not period.contains(year):
        raise ValidationError(f"Tahun {year} tidak termasuk {period.label}; sasaran {s.kode} "
                              "tidak dapat dipakai untuk tahun ini.")
    return s


def link_row(db, user, row_id: int, sasaran_id: int, now=None) -> None:
    """Point a row of the year's master at a sasaran of the Renstra containing its year
    (the row's sasaran text becomes the sasaran's wording)."""
    require(user, "renstra.edit")
    now = now or clock.now()
    with immediate(db):
        rows = list(db.query("SELECT id, year, sasaran, indikator FROM indicators WHERE id = ?",
                             [row_id]))
        if not rows:
            raise NotFound("Baris indikator tidak ditemukan (mungkin sudah dihapus).")
        row = rows[0]
        s = check_year(db, sasaran_id, row["year"])
        db.execute("UPDATE indicators SET sasaran_id = ?, sasaran = ?, rev = rev + 1, "
                   "updated_at = ?, updated_by_name = ? WHERE id = ?",
                   [s.id, s.text, clock.iso(now), user.name, row_id])
        events.record(db, user, "renstra.tautkan_baris", at=now, year=row["year"],
                      details={"id": row_id, "indikator": row["indikator"], "kode": s.kode,
                               "teks_lama": row["sasaran"]})


def link_year(db, user, year: int, now=None) -> dict:
    """Link the year's rows whose sasaran text equals a sasaran of the Renstra
    containing ``year`` exactly (trim/case). Returns {"tertaut": n, "belum": [texts]}."""
    require(user, "renstra.edit")
    now = now or clock.now()
    with immediate(db):
        period = period_for_year(db, year)
        if period is None:
            raise ValidationError(f"Belum ada periode Renstra yang memuat tahun {year}.")
        by_key = {limits.key(s.text): s for s in period.sasaran}
        linked, missing = 0, []
        for r in db.query("SELECT id, sasaran FROM indicators WHERE year = ? AND "
                          "sasaran_id IS NULL ORDER BY unit_id, sort, id", [year]):
            s = by_key.get(limits.key(r["sasaran"]))
            if s is None:
                if r["sasaran"] not in missing:
                    missing.append(r["sasaran"])
                continue
            db.execute("UPDATE indicators SET sasaran_id = ?, sasaran = ? WHERE id = ?",
                       [s.id, s.text, r["id"]])
            linked += 1
        events.record(db, user, "renstra.tautkan_tahun", at=now, year=year,
                      details={"tertaut": linked, "belum": missing[:20]})
    return {"tertaut": linked, "belum": missing}
