"""The office's own data, managed by the administrator: settings, the
kecamatan profile (letterhead), units, and the first-run defaults. Office hours
and holidays are ``lib.office_calendar``."""
from __future__ import annotations

import json
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from dataclasses import dataclass

from db import defaults, immediate
from lib import clock, events, limits, paper, uploads
from lib.lkjip import labels as lkjip_labels
from lib.access import require
from lib.errors import NotFound, ValidationError

LOGO_MAX_BYTES = 2 * 1024 * 1024


# ---------------------------------------------------------------- settings
def get_setting(db, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return defaults.SETTINGS.get(key, default)
    return json.loads(row[0])


LETTER_FIELDS = {"klasifikasi": "000.1.5", "nomor": "001", "kode": "CGG", "bulan_romawi": "XI",
                 "bulan": "11", "tahun": 2026}


def setting_problems(key: str, value) -> list[str]:
    """What is wrong with ``value`` for setting ``key`` (empty when acceptable)."""
    problems = []
    if key not in defaults.SETTINGS:
        return [f"Pengaturan '{key}' tidak dikenal."]
    if key == "report_title" and value not in ("LAKIP", "LKjIP"):
        problems.append("Judul laporan harus LAKIP atau LKjIP.")
    if key == "paper" and value not in ("A4", "F4"):
        problems.append("Ukuran kertas harus A4 atau F4.")
    problems += paper.setting_problems(key, value)
    problems += lkjip_labels.setting_problems(key, value)
    if key == "capaian_cap" and not isinstance(value, bool):
        problems.append("Batas capaian 100% harus ya atau tidak.")
    if key == "session_expiry_days" and not (
            isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 30):
        problems.append("Lama sesi harus antara 1 dan 30 hari.")
    if key == "session_idle_hours" and not (
            isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 720):
        problems.append("Batas sesi menganggur harus antara 1 dan 720 jam.")
    if key in ("letter_pattern", "timezone"):
        if not isinstance(value, str):
            return [f"{limits.LABELS['setting.' + key]} harus berupa teks."]
        why = limits.problem("setting." + key, value.strip())
        if why:
            return [why]
        if key == "timezone":
            try:
                ZoneInfo(value.strip())
            except (ValueError, KeyError, ZoneInfoNotFoundError):
                return [f"Zona waktu '{value.strip()}' tidak dikenal (mis. Asia/Jakarta)."]
    if key == "letter_pattern":
        if "{nomor}" not in str(value):
            problems.append("Pola nomor surat harus memuat {nomor}.")
        else:
            try:
                str(value).format(**LETTER_FIELDS)
            except (KeyError, ValueError, IndexError, AttributeError):
                problems.append("Pola nomor surat hanya boleh memuat " + ", ".join(
                    "{" + f + "}" for f in LETTER_FIELDS) + ".")
    if key == "klasifikasi":
        if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            problems.append("Kode klasifikasi harus berupa teks per jenis surat.")
        else:
            for doc_type, code in value.items():
                if not code.strip():
                    problems.append(f"Kode klasifikasi untuk '{doc_type}' wajib diisi.")
                elif not re.match(r"^[A-Za-z0-9.\-]{1,30}$", code.strip()):
                    problems.append(f"Kode klasifikasi '{code}' hanya huruf, angka, titik "
                                    "atau tanda hubung.")
    return problems


def set_setting(db, actor, key: str, value, now=None) -> None:
    set_settings(db, actor, {key: value}, now=now)


def set_settings(db, actor, values: dict, now=None) -> None:
    """Validate every value first, then store all of them in one transaction."""
    require(actor, "admin.manage")
    problems = [p for key, value in values.items() for p in setting_problems(key, value)]
    if problems:
        raise ValidationError("Pengaturan belum benar: " + " ".join(problems)
                              if len(problems) > 1 else problems[0], problems=problems)
    if isinstance(values.get("klasifikasi"), dict):
        values = values | {"klasifikasi": {k: v.strip()
                                           for k, v in values["klasifikasi"].items()}}
    with immediate(db):
        for key, value in values.items():
            if get_setting(db, key) == value:
                continue
            db["settings"].upsert({"key": key,
                                   "value": json.dumps(value, ensure_ascii=False)}, pk="key")
            events.record(db, actor, "pengaturan.ubah", at=now,
                          details={"key": key, "value": value})


def is_demo(db) -> bool:
    row = db.execute("SELECT value FROM meta WHERE key = 'office_mode'").fetchone()
    return row is not None and row[0] == "demo"


def office_mode(db) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'office_mode'").fetchone()
    return row[0] if row else None


def set_office_mode(db, mode: str) -> None:
    db["meta"].upsert({"key": "office_mode", "value": mode}, pk="key")


# ---------------------------------------------------------------- profile
PROFILE_FIELDS = ("pemerintah", "kecamatan", "alamat", "telepon", "email", "kode_pos",
                  "kode_surat", "ibukota")


def get_profile(db) -> dict:
    rows = list(db.query("SELECT * FROM profile WHERE id = 1"))
    if not rows:
        return {k: "" for k in PROFILE_FIELDS} | {"logo": None, "logo_mime": None, "rev": 0}
    return dict(rows[0])


def region(profile: dict) -> tuple[str, str]:
    """The head and the name of the kabupaten/kota above the kecamatan, from the profile:
    ("Bupati Lima Puluh Kota", "Kabupaten Lima Puluh Kota") or ("Wali Kota Padang",
    "Kota Padang")."""
    name = str(profile.get("pemerintah") or "").strip()
    if name.lower().startswith("pemerintah "):
        name = name[len("pemerintah "):]
    if name.lower().startswith("kota "):
        return f"Wali Kota {name[5:]}", name
    if name.lower().startswith("kabupaten "):
        name = name[len("kabupaten "):]
    return f"Bupati {name}", f"Kabupaten {name}"


def detect_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def update_profile(db, actor, values: dict, *, logo: bytes | None = None,
                   remove_logo: bool = False, now=None) -> dict:
    require(actor, "admin.manage")
    problems = []
    clean = {k: str(values.get(k, "") or "").strip() for k in PROFILE_FIELDS}
    for k, v in clean.items():
        why = limits.problem(f"profile.{k}", v)
        if why:
            problems.append(why)
    if not clean["pemerintah"]:
        problems.append("Nama Pemerintah Kabupaten wajib diisi.")
    if not clean["kecamatan"]:
        problems.append("Nama kecamatan wajib diisi.")
    if clean["kode_surat"] and not re.match(r"^[A-Za-z0-9.\-]{1,20}$", clean["kode_surat"]):
        problems.append("Kode surat hanya huruf, angka, titik atau tanda hubung.")
    if clean["email"] and "@" not in clean["email"]:
        problems.append("Alamat email tidak valid.")
    mime = None
    if logo is not None:
        if len(logo) > LOGO_MAX_BYTES:
            problems.append("Logo terlalu besar (maksimal 2 MB).")
        else:
            try:
                mime = uploads.check(logo, accept=uploads.IMAGES, max_bytes=LOGO_MAX_BYTES,
                                     what="Logo")
            except ValidationError as err:
                problems.append(str(err))
    if problems:
        raise ValidationError("Profil belum benar: " + " ".join(problems), problems=problems)
    now = now or clock.now()
    with immediate(db):
        row = {"id": 1, **clean, "updated_at": clock.iso(now)}
        current = get_profile(db)
        row["rev"] = (current.get("rev") or 0) + 1
        if logo is not None:
            row["logo"], row["logo_mime"] = logo, mime
        elif remove_logo:
            row["logo"], row["logo_mime"] = None, None
        if db.execute("SELECT 1 FROM profile WHERE id = 1").fetchone():
            db["profile"].update(1, row)
        else:
            db["profile"].insert(row)
        events.record(db, actor, "profil.ubah", at=now,
                      details={k: clean[k] for k in PROFILE_FIELDS} | {
                          "logo": "baru" if logo else ("dihapus" if remove_logo else "tetap")})
    return get_profile(db)


# ---------------------------------------------------------------- units
@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str
    head_title: str
    supplies_data: bool
    active: bool
    sort: int


def list_units(db, *, active_only=False, supplying_only=False) -> list[Unit]:
    sql = "SELECT * FROM units WHERE 1=1"
    if active_only:
        sql += " AND active = 1"
    if supplying_only:
        sql += " AND supplies_data = 1"
    sql += " ORDER BY sort, id"
    return [Unit(r["id"], r["code"], r["name"], r["head_title"], bool(r["supplies_data"]),
                 bool(r["active"]), r["sort"]) for r in db.query(sql)]


def get_unit(db, code: str) -> Unit:
    for u in list_units(db):
        if u.code == code:
            return u
    raise NotFound(f"Unit '{code}' tidak dikenal.")


def get_unit_by_id(db, unit_id: int) -> Unit:
    for u in list_units(db):
        if u.id == unit_id:
            return u
    raise NotFound("Unit tidak dikenal.")


CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{1,19}$")


def save_unit(db, actor, *, code: str, name: str, head_title: str = "",
              supplies_data: bool = True, active: bool = True, new: bool = False,
              now=None) -> Unit:
    """Add a unit, or rename/(de)activate an existing one (by code).

    ``new=True`` refuses an existing code (the "add" form must not overwrite a unit).
    """
    require(actor, "admin.manage")
    code = (code or "").strip().lower()
    problems = []
    if not CODE_RE.match(code):
        problems.append("Kode unit 2-20 huruf kecil/angka, diawali huruf (mis. 'pem').")
    if not (name or "").strip():
        problems.append("Nama unit wajib diisi.")
    for field, value in (("unit.name", name), ("unit.head_title", head_title)):
        why = limits.problem(field, (value or "").strip())
        if why:
            problems.append(why)
    if problems:
        raise ValidationError("Data unit belum benar: " + " ".join(problems), problems=problems)
    now = now or clock.now()
    with immediate(db):
        existing = db.execute("SELECT id FROM units WHERE code = ?", [code]).fetchone()
        if new and existing:
            raise ValidationError(f"Kode unit '{code}' sudah ada.")
        dup = db.execute("SELECT code FROM units WHERE lower(name) = lower(?) AND code != ?",
                         [name.strip(), code]).fetchone()
        if dup:
            raise ValidationError(f"Nama unit sudah dipakai oleh unit '{dup[0]}'.")
        row = {"code": code, "name": name.strip(), "head_title": (head_title or "").strip(),
               "supplies_data": int(supplies_data), "active": int(active)}
        if existing:
            db["units"].update(existing[0], row)
            action = "unit.ubah"
        else:
            row["sort"] = (db.execute("SELECT COALESCE(MAX(sort), 0) FROM units").fetchone()[0]
                           + 1)
            db["units"].insert(row)
            action = "unit.tambah"
        events.record(db, actor, action, at=now, unit_code=code, details=row)
    return get_unit(db, code)


# ---------------------------------------------------------------- seeding
def seed_defaults(db, now=None) -> None:
    """Idempotent: the defaults of DOMAIN.md for anything not yet set."""
    now = now or clock.now()
    with immediate(db):
        if not db.execute("SELECT 1 FROM profile WHERE id = 1").fetchone():
            db["profile"].insert({"id": 1, **defaults.PROFILE, "updated_at": clock.iso(now)})
        if not db.execute("SELECT 1 FROM units").fetchone():
            for i, (code, name, head, supplies) in enumerate(defaults.UNITS, start=1):
                db["units"].insert({"code": code, "name": name, "head_title": head,
                                    "supplies_data": int(supplies), "active": 1, "sort": i})
        if not db.execute("SELECT 1 FROM office_hours").fetchone():
            for day, spec in defaults.OFFICE_HOURS.items():
                start, end, bs, be = spec if spec else (None, None, None, None)
                db["office_hours"].insert({"weekday": day, "start": start, "end": end,
                                           "break_start": bs, "break_end": be})
        if not db.execute("SELECT 1 FROM sop_revisions").fetchone():
            rev_id = db["sop_revisions"].insert({
                "created_at": clock.iso(now), "created_by": "sistem",
                "note": "Versi awal dari SOP Perencanaan Kinerja "
                        + (get_profile(db).get("kecamatan") or defaults.PROFILE["kecamatan"]),
                "header": json.dumps(defaults.SOP_HEADER, ensure_ascii=False),
                "is_current": 1,
            }).last_pk
            for (no, keg, role, unit, kel, mins, out, ret, per_unit) in defaults.SOP_STEPS:
                db["sop_steps"].insert({
                    "revision_id": rev_id, "no": no, "kegiatan": keg, "actor_role": role,
                    "actor_unit": unit, "kelengkapan": kel, "minutes": mins, "output": out,
                    "return_to": ret, "per_unit": int(per_unit),
                    "kind": defaults.STEP_KINDS.get(no, "umum")})
