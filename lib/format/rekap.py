"""The rekapitulasi of a year: every row with its capaian, grouped by sasaran,
the sasaran averages and predicates; remembered while the year's rows are
unchanged; exported as .xlsx or .csv.
"""
from __future__ import annotations

from dataclasses import dataclass

from lib import excel
from lib.capaian import STATUS_LABEL, Capaian, summarize
from lib.errors import ValidationError
from lib.format.store import _capaian_cap, _key, list_rows


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
