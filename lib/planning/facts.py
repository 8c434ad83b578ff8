"""Office facts for Bab I and the PK: the Bupati/Wali Kota (name and title), luas
wilayah, jumlah nagari/desa/kelurahan, penduduk and its year, the office's own
legal-basis list (beside the SOP's Dasar Hukum) — owner: the admin
(``facts.edit``); and the SDM of a year, pegawai by golongan (I-IV) and by
pendidikan with totals — owner: the Kasubbag Umum (``sdm.edit``).

The facts live beside the letterhead profile (``profile``), in their own row.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from db import immediate
from lib import clock, events, office
from lib.access import require
from lib.errors import ValidationError
from lib.planning import limits

GOLONGAN = ("I", "II", "III", "IV")
PENDIDIKAN = ("SD", "SMP", "SMA/SMK", "D-I/D-II/D-III", "D-IV/S1", "S2", "S3")
CATEGORIES = {"golongan": GOLONGAN, "pendidikan": PENDIDIKAN}
MAX_COUNT = 100_000
FACT_NUMBERS = {"jumlah_nagari": "Jumlah nagari", "jumlah_desa": "Jumlah desa",
                "jumlah_kelurahan": "Jumlah kelurahan", "jumlah_penduduk": "Jumlah penduduk"}


@dataclass(frozen=True)
class Facts:
    kepala_daerah_nama: str = ""
    kepala_daerah_jabatan: str = ""      # "Bupati Lima Puluh Kota"
    luas_wilayah: float | None = None    # km2
    jumlah_nagari: int | None = None
    jumlah_desa: int | None = None
    jumlah_kelurahan: int | None = None
    jumlah_penduduk: int | None = None
    penduduk_tahun: int | None = None
    dasar_hukum: tuple[str, ...] = ()
    rev: int = 0


def get_facts(db) -> Facts:
    rows = list(db.query("SELECT * FROM office_facts WHERE id = 1"))
    if not rows:
        return Facts()
    r = rows[0]
    return Facts(r["kepala_daerah_nama"], r["kepala_daerah_jabatan"], r["luas_wilayah"],
                 r["jumlah_nagari"], r["jumlah_desa"], r["jumlah_kelurahan"],
                 r["jumlah_penduduk"], r["penduduk_tahun"],
                 tuple(json.loads(r["dasar_hukum"] or "[]")), r["rev"])


def kepala_daerah(db) -> tuple[str, str]:
    """(name, title) of the Bupati/Wali Kota: the facts, the title falling back to the
    one the profile's kabupaten/kota implies."""
    f = get_facts(db)
    title = f.kepala_daerah_jabatan or office.region(office.get_profile(db))[0]
    return f.kepala_daerah_nama, title


def _number(value, label: str, p: list[str], *, decimals: bool = False):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        p.append(f"{label}: isian tidak valid.")
        return None
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        # Indonesian spelling: 1.250 = one thousand two hundred fifty; 12,5 = twelve and a half
        text = text.replace(".", "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            p.append(f"{label} harus berupa angka (tertulis '{value}').")
            return None
    if value != value or value < 0:
        p.append(f"{label} tidak boleh negatif.")
        return None
    if value > 1e12:
        p.append(f"{label} terlalu besar.")
        return None
    if decimals:
        return float(value)
    if float(value) != int(value):
        p.append(f"{label} harus bilangan bulat.")
        return None
    return int(value)


def save_facts(db, user, values: dict, expected_rev: int | None = None, now=None) -> Facts:
    require(user, "facts.edit")
    p: list[str] = []
    row = {"kepala_daerah_nama": limits.text(values.get("kepala_daerah_nama"),
                                             "facts.kepala_daerah_nama",
                                             "Nama Bupati/Wali Kota", p),
           "kepala_daerah_jabatan": limits.text(values.get("kepala_daerah_jabatan"),
                                                "facts.kepala_daerah_jabatan",
                                                "Jabatan Bupati/Wali Kota", p),
           "luas_wilayah": _number(values.get("luas_wilayah"), "Luas wilayah", p,
                                   decimals=True)}
    for key, label in FACT_NUMBERS.items():
        row[key] = _number(values.get(key), label, p)
    row["penduduk_tahun"] = _number(values.get("penduduk_tahun"), "Tahun data penduduk", p)
    if row["penduduk_tahun"] is not None and not 1990 <= row["penduduk_tahun"] <= 2100:
        p.append("Tahun data penduduk tidak wajar.")
    if row["jumlah_penduduk"] is not None and row["penduduk_tahun"] is None:
        p.append("Tahun data penduduk wajib diisi bersama jumlah penduduk.")
    jab = row["kepala_daerah_jabatan"].lower()
    if jab and not (jab.startswith("bupati") or jab.startswith("wali kota")
                    or jab.startswith("walikota") or jab.startswith("pj.")
                    or jab.startswith("plt.") or jab.startswith("plh.")):
        p.append("Jabatan kepala daerah ditulis 'Bupati ...' atau 'Wali Kota ...'.")
    row["dasar_hukum"] = json.dumps(limits.text_list(values.get("dasar_hukum"),
                                                     "facts.dasar_hukum", "Dasar hukum", p),
                                    ensure_ascii=False)
    limits.fail("Data profil belum benar:", p)
    now = now or clock.now()
    with immediate(db):
        cur = get_facts(db)
        if expected_rev is not None and cur.rev != expected_rev:
            from lib.errors import Conflict

            raise Conflict("Data profil sudah diubah pengguna lain; muat ulang halaman.")
        stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
        if cur.rev == 0:
            db["office_facts"].insert({"id": 1, **row, **stamp, "rev": 1})
        else:
            db["office_facts"].update(1, {**row, **stamp, "rev": cur.rev + 1})
        events.record(db, user, "profil.fakta", at=now,
                      details={k: v for k, v in row.items() if k != "dasar_hukum"}
                      | {"dasar_hukum": len(json.loads(row["dasar_hukum"]))})
    return get_facts(db)


# ------------------------------------------------------------------ SDM
def get_sdm(db, year: int) -> dict[str, dict[str, int]]:
    """{"golongan": {"I": n, ...}, "pendidikan": {...}}; absent items are 0."""
    out = {k: {i: 0 for i in items} for k, items in CATEGORIES.items()}
    for r in db.query("SELECT kategori, item, jumlah FROM sdm WHERE year = ?", [year]):
        if r["kategori"] in out and r["item"] in out[r["kategori"]]:
            out[r["kategori"]][r["item"]] = r["jumlah"]
    return out


def sdm_saved(db, year: int) -> bool:
    return db.execute("SELECT 1 FROM sdm WHERE year = ?", [year]).fetchone() is not None


def sdm_totals(db, year: int) -> dict[str, int]:
    return {k: sum(v.values()) for k, v in get_sdm(db, year).items()}


def sdm_warnings(db, year: int) -> list[str]:
    t = sdm_totals(db, year)
    if not sdm_saved(db, year):
        return [f"Data SDM tahun {year} belum diisi."]
    if t["golongan"] != t["pendidikan"]:
        return [f"Jumlah pegawai menurut golongan ({t['golongan']}) berbeda dengan menurut "
                f"pendidikan ({t['pendidikan']})."]
    return []


def save_sdm(db, user, year: int, values: dict, now=None) -> dict[str, int]:
    """Save the year's SDM table ``{"golongan": {"I": 2, ...}, "pendidikan": {...}}``
    (items left out are 0). Returns the totals."""
    require(user, "sdm.edit")
    p: list[str] = []
    clean: dict[tuple[str, str], int] = {}
    if not isinstance(values, dict):
        raise ValidationError("Data SDM tidak valid.")
    for kategori, items in values.items():
        if kategori not in CATEGORIES or not isinstance(items, dict):
            p.append(f"Kategori SDM '{kategori}' tidak dikenal.")
            continue
        for item, n in items.items():
            if item not in CATEGORIES[kategori]:
                p.append(f"{kategori.capitalize()} '{item}' tidak dikenal.")
                continue
            v = _number(n, f"Jumlah pegawai {kategori} {item}", p)
            if v is not None and v > MAX_COUNT:
                p.append(f"Jumlah pegawai {kategori} {item} terlalu besar.")
            clean[(kategori, item)] = v or 0
    limits.fail("Data SDM belum benar:", p)
    now = now or clock.now()
    with immediate(db):
        for kategori, items in CATEGORIES.items():
            for item in items:
                db["sdm"].upsert({"year": year, "kategori": kategori, "item": item,
                                  "jumlah": clean.get((kategori, item), 0),
                                  "updated_at": clock.iso(now), "updated_by_name": user.name},
                                 pk=("year", "kategori", "item"))
        totals = sdm_totals(db, year)
        events.record(db, user, "sdm.simpan", at=now, year=year,
                      details={f"{k}:{i}": n for (k, i), n in clean.items()} | totals)
    return totals
