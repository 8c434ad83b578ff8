"""Indicator cards: one per indicator, its identity across years
(``indicator_cards.id``; the year's rows point at it with ``card_id``).

A card holds what Bab II and Bab III need beyond the year's row: definisi and
formula, satuan, polaritas, sumber data, the penanggung jawab unit, IKU or not,
the Renstra end target and its year, an optional standar nasional/provinsi with
its source, and the years before Perkin was used (target and realisasi typed,
or imported from Excel, one row per indicator and year). Years Perkin has rows
for come from those rows, never from the card. Missing earlier years are a
warning (``missing_years``), never a blocker.

"Salin dari tahun lalu" (``carry_from_last_year``) links a new year's rows to
last year's cards, so a card is carried across years.

Owner: the Sekcam (access ``card.edit``).
"""
from __future__ import annotations

import io
import warnings as _warnings
from dataclasses import dataclass

from db import immediate
from lib import clock, events, excel, office, uploads
from lib.access import require
from lib.errors import NotFound, ValidationError
from lib.numbers import parse_value
from lib.planning import limits, renstra

POLARITIES = ("positif", "negatif")
STANDAR_JENIS = {"": "", "nasional": "Standar nasional", "provinsi": "Standar provinsi"}
MAX_IMPORT_ROWS = 5_000
MAX_IMPORT_BYTES = uploads.UPLOADERS["tahun"].max_bytes
CARD_FIELDS = ("definisi", "formula", "satuan", "polarity", "sumber_data", "is_iku",
               "target_akhir", "target_akhir_tahun", "standar_jenis", "standar_nilai",
               "standar_sumber", "sasaran_id", "indikator", "unit")


@dataclass(frozen=True)
class Card:
    id: int
    indikator: str
    unit_id: int
    unit_code: str
    unit_name: str
    sasaran_id: int | None
    definisi: str
    formula: str
    satuan: str
    polarity: str
    sumber_data: str
    is_iku: bool
    target_akhir: str
    target_akhir_tahun: int | None
    standar_jenis: str
    standar_nilai: str
    standar_sumber: str
    rev: int


def _card(r, units) -> Card:
    u = units.get(r["unit_id"])
    return Card(r["id"], r["indikator"], r["unit_id"], u.code if u else "",
                u.name if u else "", r["sasaran_id"], r["definisi"], r["formula"],
                r["satuan"], r["polarity"], r["sumber_data"], bool(r["is_iku"]),
                r["target_akhir"], r["target_akhir_tahun"], r["standar_jenis"],
                r["standar_nilai"], r["standar_sumber"], r["rev"])


def _units(db) -> dict:
    return {u.id: u for u in office.list_units(db)}


def get_card(db, card_id: int) -> Card:
    rows = list(db.query("SELECT * FROM indicator_cards WHERE id = ?", [card_id]))
    if not rows:
        raise NotFound("Kartu indikator tidak ditemukan.")
    return _card(rows[0], _units(db))


def list_cards(db, year: int | None = None) -> list[Card]:
    """Every card, or the cards of the rows of ``year`` (in form order)."""
    units = _units(db)
    if year is None:
        rows = db.query("SELECT * FROM indicator_cards ORDER BY unit_id, id")
    else:
        rows = db.query(
            "SELECT c.* FROM indicator_cards c JOIN indicators i ON i.card_id = c.id "
            "JOIN units u ON u.id = i.unit_id WHERE i.year = ? "
            "GROUP BY c.id ORDER BY MIN(u.sort), MIN(u.id), MIN(i.sort)", [year])
    return [_card(r, units) for r in rows]


def card_of_row(db, row_id: int) -> Card | None:
    r = db.execute("SELECT card_id FROM indicators WHERE id = ?", [row_id]).fetchone()
    return get_card(db, r[0]) if r and r[0] else None


# ------------------------------------------------------------------ linking rows
def _find_or_create(db, row: dict, stamp: dict) -> int:
    key = limits.key(row["indikator"])
    hit = db.execute("SELECT id FROM indicator_cards WHERE unit_id = ? AND indikator_key = ?",
                     [row["unit_id"], key]).fetchone()
    if hit:
        return hit[0]
    return db["indicator_cards"].insert({
        "indikator": " ".join(row["indikator"].split()), "indikator_key": key,
        "unit_id": row["unit_id"], "sasaran_id": row.get("sasaran_id"),
        "satuan": row["satuan"], "polarity": row["polarity"],
        "sumber_data": row["sumber_data"], "is_iku": row["is_iku"],
        "target_akhir": row["renstra_target"], **stamp}).last_pk


def link_rows(db, year: int, now=None, user_name: str = "Perkin") -> int:
    """Give each row of ``year`` without a card the card of the same unit and indicator
    text (creating one from the row's facts). Runs in the caller's transaction.
    Returns the rows linked."""
    stamp = {"updated_at": clock.iso(now or clock.now()), "updated_by_name": user_name}
    n = 0
    for r in db.query("SELECT * FROM indicators WHERE year = ? AND card_id IS NULL", [year]):
        cid = _find_or_create(db, dict(r), stamp)
        db.execute("UPDATE indicators SET card_id = ? WHERE id = ?", [cid, r["id"]])
        n += 1
    return n


def carry_from_last_year(db, user, year: int, now=None) -> int:
    """"Salin dari tahun lalu" for cards: the rows of ``year`` take the cards of the
    same indicators of ``year - 1`` (new indicators get a new card)."""
    require(user, "card.edit")
    now = now or clock.now()
    with immediate(db):
        if not db.execute("SELECT 1 FROM indicators WHERE year = ?", [year]).fetchone():
            raise NotFound(f"Tahun {year} belum memiliki baris indikator; salin master dulu.")
        n = link_rows(db, year, now, user.name)
        events.record(db, user, "kartu.salin", at=now, year=year, details={"baris": n})
    return n


# ------------------------------------------------------------------ editing
def _int_year(value, label: str, p: list[str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        y = int(str(value).strip())
    except (TypeError, ValueError):
        p.append(f"{label} harus berupa tahun (mis. 2026).")
        return None
    if not 2000 <= y <= 2100:
        p.append(f"{label} {y} di luar rentang 2000\u20132100.")
        return None
    return y


def save_card(db, user, card_id: int, values: dict, now=None) -> None:
    """Change a card's facts. A standar needs its source; the Renstra end target's year
    must lie in the Renstra period of the card's sasaran."""
    require(user, "card.edit")
    p: list[str] = []
    old = get_card(db, card_id)
    clean = {
        "indikator": " ".join(limits.text(values.get("indikator", old.indikator),
                                          "cards.indikator", "Indikator Kinerja", p,
                                          required=True).split()),
        "definisi": limits.text(values.get("definisi"), "cards.definisi", "Definisi", p),
        "formula": limits.text(values.get("formula"), "cards.formula", "Formula", p),
        "satuan": limits.text(values.get("satuan"), "cards.satuan", "Satuan", p),
        "sumber_data": limits.text(values.get("sumber_data"), "cards.sumber_data",
                                   "Sumber data", p),
        "target_akhir": limits.text(values.get("target_akhir"), "cards.target_akhir",
                                    "Target akhir Renstra", p),
        "standar_nilai": limits.text(values.get("standar_nilai"), "cards.standar_nilai",
                                     "Nilai standar", p),
        "standar_sumber": limits.text(values.get("standar_sumber"), "cards.standar_sumber",
                                      "Sumber standar", p),
    }
    pol = str(values.get("polarity") or "positif").strip().lower()
    if pol not in POLARITIES:
        p.append(f"Polaritas '{pol}' tidak dikenal; pilih positif atau negatif.")
    clean["polarity"] = pol
    clean["is_iku"] = 1 if values.get("is_iku") in (True, 1, "1", "ya", "Ya") else 0
    jenis = str(values.get("standar_jenis") or "").strip().lower()
    if jenis not in STANDAR_JENIS:
        p.append("Jenis standar harus nasional atau provinsi.")
    if clean["standar_nilai"] and not jenis:
        p.append("Pilih jenis standar (nasional atau provinsi) untuk nilai standar.")
    if clean["standar_nilai"] and not clean["standar_sumber"]:
        p.append("Standar nasional/provinsi wajib disertai sumbernya (peraturan atau dokumen).")
    if not clean["standar_nilai"] and (jenis or clean["standar_sumber"]):
        p.append("Nilai standar belum diisi.")
    clean["standar_jenis"] = jenis
    for label, key in (("Target akhir Renstra", "target_akhir"), ("Nilai standar",
                                                                 "standar_nilai")):
        v = parse_value(clean[key])
        if v.kind == "invalid":
            p.append(f"{label} {v.error}.")
    clean["target_akhir_tahun"] = _int_year(values.get("target_akhir_tahun"),
                                            "Tahun target akhir", p)
    if clean["target_akhir"] and clean["target_akhir_tahun"] is None:
        p.append("Tahun target akhir Renstra wajib diisi bersama targetnya.")
    sasaran_id = values.get("sasaran_id", old.sasaran_id)
    sasaran_id = int(sasaran_id) if sasaran_id not in (None, "") else None
    unit_code = values.get("unit") or old.unit_code
    try:
        clean["unit_id"] = office.get_unit(db, unit_code).id
    except NotFound:
        p.append(f"Unit penanggung jawab '{unit_code}' tidak dikenal.")
    limits.fail("Kartu indikator belum benar:", p)
    now = now or clock.now()
    with immediate(db):
        if sasaran_id is not None:
            s = renstra.get_sasaran(db, sasaran_id)
            period = renstra.get_period(db, s.period_id)
            y = clean["target_akhir_tahun"]
            if y is not None and not period.contains(y):
                raise ValidationError(f"Tahun target akhir {y} tidak termasuk {period.label}.")
        clean["sasaran_id"] = sasaran_id
        clean["indikator_key"] = limits.key(clean["indikator"])
        dup = db.execute("SELECT id FROM indicator_cards WHERE unit_id = ? AND indikator_key = ? "
                         "AND id != ?", [clean["unit_id"], clean["indikator_key"], card_id]
                         ).fetchone()
        if dup:
            raise ValidationError(f"Kartu '{clean['indikator']}' sudah ada untuk unit ini.")
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        db.execute("UPDATE indicator_cards SET " + ", ".join(f"{k} = ?" for k in clean)
                   + ", updated_at = ?, updated_by_name = ?, rev = rev + 1 WHERE id = ?",
                   [*clean.values(), stamp["updated_at"], user.name, card_id])
        # the rows of years still open carry the card's IKU flag and Renstra target
        db.execute("UPDATE indicators SET is_iku = ?, renstra_target = ?, rev = rev + 1 "
                   "WHERE card_id = ? AND year NOT IN (SELECT year FROM cycles WHERE "
                   "status = 'selesai') AND (is_iku != ? OR renstra_target != ?)",
                   [clean["is_iku"], clean["target_akhir"], card_id, clean["is_iku"],
                    clean["target_akhir"]])
        changed = {k: v for k, v in clean.items() if getattr(old, k, None) != v}
        events.record(db, user, "kartu.simpan", at=now,
                      details={"id": card_id, "indikator": clean["indikator"],
                               "perubahan": changed})


# ------------------------------------------------------------------ earlier years
def perkin_years(db, card_id: int) -> dict[int, dict]:
    """The years Perkin has a row for this card: {year: {target, realisasi}}."""
    return {r["year"]: {"target": r["target"], "realisasi": r["realisasi"]}
            for r in db.query("SELECT year, target, realisasi FROM indicators WHERE card_id = ? "
                              "ORDER BY year", [card_id])}


def history(db, card_id: int) -> list[dict]:
    """Every known year of a card, oldest first: {year, target, realisasi, sumber}
    with sumber 'perkin' (the year's rows), 'ketik' or 'impor'."""
    out = {y: {"year": y, **v, "sumber": "perkin"} for y, v in perkin_years(db, card_id).items()}
    for r in db.query("SELECT * FROM card_years WHERE card_id = ?", [card_id]):
        if r["year"] not in out:
            out[r["year"]] = {"year": r["year"], "target": r["target"],
                              "realisasi": r["realisasi"], "sumber": r["source"]}
    return [out[y] for y in sorted(out)]


def _check_year_values(target, realisasi, where: str, p: list[str]) -> tuple[str, str]:
    t = limits.text(target, "card_years.target", f"{where}Target", p)
    r = limits.text(realisasi, "card_years.realisasi", f"{where}Realisasi", p)
    if not t and not r:
        p.append(f"{where}isi target atau realisasi.")
    for label, v in (("Target", t), ("Realisasi", r)):
        pv = parse_value(v)
        if pv.kind == "invalid":
            p.append(f"{where}{label} {pv.error}.")
    return t, r


def set_year(db, user, card_id: int, year, target, realisasi, now=None,
             source: str = "ketik") -> None:
    """Type (or correct) an earlier year of a card, for a year Perkin has no row."""
    require(user, "card.edit")
    p: list[str] = []
    y = _int_year(year, "Tahun", p)
    if y is None and not p:
        p.append("Tahun wajib diisi.")
    t, r = _check_year_values(target, realisasi, "", p)
    limits.fail("Data tahun sebelumnya belum benar:", p)
    now = now or clock.now()
    with immediate(db):
        card = get_card(db, card_id)
        if y in perkin_years(db, card_id):
            raise ValidationError(f"Tahun {y} sudah tercatat di Perkin untuk '{card.indikator}'; "
                                  "datanya diambil dari formulir tahun itu.")
        db["card_years"].upsert({"card_id": card_id, "year": y, "target": t, "realisasi": r,
                                 "source": source, "updated_at": clock.iso(now),
                                 "updated_by_name": user.name}, pk=("card_id", "year"))
        events.record(db, user, "kartu.tahun", at=now, year=y,
                      details={"id": card_id, "indikator": card.indikator, "target": t,
                               "realisasi": r, "sumber": source})


def delete_year(db, user, card_id: int, year: int, now=None) -> None:
    require(user, "card.edit")
    now = now or clock.now()
    with immediate(db):
        if db.execute("DELETE FROM card_years WHERE card_id = ? AND year = ?",
                      [card_id, year]).rowcount != 1:
            raise NotFound(f"Data tahun {year} tidak ditemukan pada kartu ini.")
        events.record(db, user, "kartu.tahun_hapus", at=now, year=year,
                      details={"id": card_id})


def missing_years(db, year: int, back: int = 3) -> list[str]:
    """Warnings: cards of ``year``'s rows with no target/realisasi for one of the
    ``back`` years before it (a warning for the report, never a blocker)."""
    out = []
    cards = list_cards(db, year)
    # every card's known years in two queries (not two a card), as ``history`` has them:
    # a year Perkin has a row for is that row's (filled or not), else the typed/imported one
    known_by: dict[int, set[int]] = {c.id: set() for c in cards}
    perkin: set[tuple[int, int]] = set()
    lo = year - back
    for card_id, y, filled in db.execute(
            "SELECT card_id, year, MAX(COALESCE(target, '') != '' OR COALESCE(realisasi, '') "
            "!= '') FROM indicators WHERE card_id IS NOT NULL AND year >= ? AND year < ? "
            "GROUP BY card_id, year", [lo, year]).fetchall():
        perkin.add((card_id, y))
        if filled and card_id in known_by:
            known_by[card_id].add(y)
    for card_id, y in db.execute(
            "SELECT card_id, year FROM card_years WHERE year >= ? AND year < ? AND "
            "(COALESCE(target, '') != '' OR COALESCE(realisasi, '') != '')", [lo, year]
            ).fetchall():
        if card_id in known_by and (card_id, y) not in perkin:
            known_by[card_id].add(y)
    for c in cards:
        known = known_by[c.id]
        gaps = [y for y in range(year - back, year) if y not in known]
        if gaps:
            out.append(f"{c.indikator}: data tahun " + ", ".join(str(g) for g in gaps)
                       + " belum ada.")
    return out


# ------------------------------------------------------------------ Excel import
YEARS_COLUMNS = ("Indikator Kinerja", "Tahun", "Target", "Realisasi", "Unit")


@dataclass
class YearsPreview:
    rows: list[dict]          # {excel_row, indikator, card_id, year, target, realisasi, problems}
    problems: list[str]

    @property
    def blocking(self) -> list[str]:
        return self.problems + [f"Baris Excel {r['excel_row']}: {p}" for r in self.rows
                                for p in r["problems"]]

    @property
    def ok(self) -> bool:
        return not self.blocking and bool(self.rows)


def write_years_template(db, year: int) -> bytes:
    """An .xlsx to fill: one row per indicator of ``year`` and earlier year."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tahun sebelumnya"
    ws.append(list(YEARS_COLUMNS))
    for c in list_cards(db, year):
        for y in range(year - 3, year):
            if y not in perkin_years(db, c.id):
                ws.append([c.indikator, y, "", "", c.unit_code])
    for col, width in zip("ABCDE", (60, 8, 18, 18, 12)):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def preview_years_import(db, user, data: bytes) -> YearsPreview:
    """Read an .xlsx of earlier years (columns Indikator Kinerja, Tahun, Target,
    Realisasi and, where two units share an indicator name, Unit). Each row must
    name a card exactly (trim/case); unmatched rows are listed, nothing guessed."""
    require(user, "card.edit")
    from openpyxl import load_workbook

    uploads.UPLOADERS["tahun"].check_size(data)
    zf = excel._open_zip(data, excel.MAX_UNCOMPRESSED_BYTES)   # refuses zip bombs, .xls
    zf.close()
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ValidationError("File Excel rusak atau tidak dapat dibaca; simpan ulang sebagai "
                              ".xlsx lalu unggah lagi.") from exc
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows()
        header = None
        for n, row in enumerate(it, 1):
            names = [limits.key(excel.cell_text(c.value)) for c in row]
            if "indikator kinerja" in names and "tahun" in names:
                header = {k: names.index(limits.key(k)) for k in YEARS_COLUMNS
                          if limits.key(k) in names}
                break
            if n >= 20:
                break
        if header is None:
            raise ValidationError("Judul kolom 'Indikator Kinerja' dan 'Tahun' tidak ditemukan "
                                  "di 20 baris pertama lembar pertama.")
        cards_by_key: dict[str, list[Card]] = {}
        for c in list_cards(db):
            cards_by_key.setdefault(limits.key(c.indikator), []).append(c)
        rows, seen = [], {}
        for excel_row, row in enumerate(it, n + 1):
            def cell(name):
                i = header.get(name)
                return excel.cell_text(row[i].value, row[i].number_format) \
                    if i is not None and i < len(row) else ""
            ind = cell("Indikator Kinerja").strip()
            if not ind and not cell("Tahun").strip():
                continue
            if len(rows) >= MAX_IMPORT_ROWS:
                raise ValidationError(f"Terlalu banyak baris; batas {MAX_IMPORT_ROWS} per impor.")
            p: list[str] = []
            y = _int_year(cell("Tahun").replace(".", ""), "Tahun", p)
            if y is None and not p:
                p.append("Tahun kosong.")
            t, r = _check_year_values(cell("Target"), cell("Realisasi"), "", p)
            found = cards_by_key.get(limits.key(ind), [])
            unit = cell("Unit").strip().lower()
            if unit:
                found = [c for c in found if c.unit_code == unit]
            card_id = None
            if not found:
                p.append(f"indikator '{ind}' tidak ada di kartu indikator (tulis persis seperti "
                         "di kartu)")
            elif len(found) > 1:
                p.append(f"indikator '{ind}' ada di lebih dari satu unit; isi kolom Unit")
            else:
                card_id = found[0].id
                if y in perkin_years(db, card_id):
                    p.append(f"tahun {y} sudah tercatat di Perkin untuk indikator ini")
                k = (card_id, y)
                if k in seen:
                    p.append(f"indikator dan tahun yang sama sudah ada di baris Excel {seen[k]}")
                seen[k] = excel_row
            rows.append({"excel_row": excel_row, "indikator": ind, "card_id": card_id,
                         "year": y, "target": t, "realisasi": r, "problems": p})
    finally:
        wb.close()
    return YearsPreview(rows=rows, problems=[] if rows else ["Tidak ada baris data."])


def apply_years_import(db, user, preview: YearsPreview, now=None) -> int:
    """Write a preview without problems, all or nothing; returns the rows written."""
    require(user, "card.edit")
    if not preview.ok:
        raise ValidationError("Impor dibatalkan: masih ada masalah. "
                              + " ".join(preview.blocking[:5]), problems=preview.blocking)
    now = now or clock.now()
    with immediate(db):
        for r in preview.rows:
            set_year(db, user, r["card_id"], r["year"], r["target"], r["realisasi"], now=now,
                     source="impor")
        events.record(db, user, "kartu.impor", at=now, details={"baris": len(preview.rows)})
    return len(preview.rows)
