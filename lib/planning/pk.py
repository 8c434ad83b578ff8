"""The Perjanjian Kinerja (PK) of a year, in versions (DOMAIN.md §10).

Version 1 is made from the year's master (the targets of its rows) and its
programmes (anggaran = the programme's pagu). A revision needs one of the
allowed reasons (change of official, change of programme or budget, change of
priority) and a date not before the previous version's; every version is kept
(``pk_targets``/``pk_programs`` refuse UPDATE) with its signatories: PIHAK
PERTAMA the Camat of the day (name, jabatan, pangkat, NIP), PIHAK KEDUA the
Bupati/Wali Kota (name and title from the office facts).

The version in force is the latest. The unit forms take their targets from it:
a revision writes its targets into the year's rows; a target edited on a form
while a PK is in force is refused (``check_target_edit``) - the PK is revised
instead. A revision changing a target of a form already submitted or accepted
puts that unit on the Sekcam's "perlu ditinjau" list (``pk_reviews``) naming the
change; nothing typed by the unit is touched (only the target column changes).

A signed scan of each version can be uploaded; it is kept and shown as a scan,
never as a verified document.

Owner: the Sekcam prepares (``pk.edit``); the Camat signs.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from db import immediate
from lib import clock, events, uploads, users
from lib.access import require
from lib.budget import parse_amount
from lib.errors import NotFound, StateError, ValidationError
from lib.spelling import format_date, format_rupiah
from lib.numbers import parse_value
from lib.planning import facts, limits

REASONS = {
    "pejabat": "Pergantian pejabat",
    "program_anggaran": "Perubahan program atau anggaran",
    "prioritas": "Perubahan prioritas",
}
FIRST = "awal"
REASON_LABELS = {FIRST: "Penetapan awal", **REASONS}
REVIEW_STATES = ("dikirim", "diterima")      # unit states a target change must be reviewed in
SCAN_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
MAX_SCAN_BYTES = uploads.UPLOADERS["pk_pindaian"].max_bytes


@dataclass(frozen=True)
class Party:
    nama: str
    jabatan: str
    pangkat: str = ""
    nip: str = ""


@dataclass(frozen=True)
class Target:
    sort: int
    indicator_id: int | None
    card_id: int | None
    sasaran_id: int | None
    unit_id: int | None
    sasaran: str
    indikator: str
    satuan: str
    target: str


@dataclass(frozen=True)
class ProgramLine:
    sort: int
    program_id: int | None
    code: str
    name: str
    anggaran: float
    ket: str = ""


@dataclass(frozen=True)
class Version:
    id: int
    year: int
    versi: int
    tanggal: dt.date
    alasan: str
    keterangan: str
    pihak_pertama: Party
    pihak_kedua: Party
    created_at: str
    created_by_name: str
    targets: list[Target] = field(default_factory=list)
    programs: list[ProgramLine] = field(default_factory=list)

    @property
    def alasan_label(self) -> str:
        return REASON_LABELS.get(self.alasan, self.alasan)

    @property
    def total_anggaran(self) -> float:
        return float(sum(p.anggaran for p in self.programs))


# ------------------------------------------------------------------ reading
def _version(db, r) -> Version:
    targets = [Target(t["sort"], t["indicator_id"], t["card_id"], t["sasaran_id"], t["unit_id"],
                      t["sasaran"], t["indikator"], t["satuan"], t["target"])
               for t in db.query("SELECT * FROM pk_targets WHERE version_id = ? ORDER BY sort",
                                 [r["id"]])]
    progs = [ProgramLine(p["sort"], p["program_id"], p["code"], p["name"], p["anggaran"],
                         p["ket"])
             for p in db.query("SELECT * FROM pk_programs WHERE version_id = ? ORDER BY sort",
                               [r["id"]])]
    return Version(r["id"], r["year"], r["versi"], dt.date.fromisoformat(r["tanggal"]),
                   r["alasan"], r["keterangan"],
                   Party(r["pihak_pertama_nama"], r["pihak_pertama_jabatan"],
                         r["pihak_pertama_pangkat"], r["pihak_pertama_nip"]),
                   Party(r["pihak_kedua_nama"], r["pihak_kedua_jabatan"]),
                   r["created_at"], r["created_by_name"], targets, progs)


def list_versions(db, year: int) -> list[Version]:
    return [_version(db, r) for r in
            db.query("SELECT * FROM pk_versions WHERE year = ? ORDER BY versi", [year])]


def in_force(db, year: int) -> Version | None:
    """The version in force: the latest one (None when the year has no PK yet)."""
    rows = list(db.query("SELECT * FROM pk_versions WHERE year = ? ORDER BY versi DESC LIMIT 1",
                         [year]))
    return _version(db, rows[0]) if rows else None


def get_version(db, year: int, versi: int | None = None) -> Version:
    if versi is None:
        v = in_force(db, year)
        if v is None:
            raise NotFound(f"Perjanjian Kinerja tahun {year} belum dibuat.")
        return v
    rows = list(db.query("SELECT * FROM pk_versions WHERE year = ? AND versi = ?",
                         [year, versi]))
    if not rows:
        raise NotFound(f"Perjanjian Kinerja tahun {year} versi {versi} tidak ada.")
    return _version(db, rows[0])


def check_target_edit(db, year: int, old_target: str, new_target: str) -> None:
    """Refuse a target typed on a form while a PK is in force (the PK is revised
    instead). Called by the master/format services before they write a target."""
    if (old_target or "").strip() == (new_target or "").strip():
        return
    v = in_force(db, year)
    if v is not None:
        raise ValidationError(
            f"Target tidak dapat diubah di formulir: Perjanjian Kinerja tahun {year} versi "
            f"{v.versi} berlaku. Ubah target melalui revisi Perjanjian Kinerja (menu "
            "Perencanaan Kinerja).")


# ------------------------------------------------------------------ building versions
def format_nip(nip: str) -> str:
    """An 18-digit NIP written the official way: ``19731107 199303 1 002``."""
    digits = "".join((nip or "").split())
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return (nip or "").strip()


def signatories(db) -> tuple[Party, Party, list[str]]:
    """PIHAK PERTAMA (the active Camat) and PIHAK KEDUA (the Bupati/Wali Kota of the
    office facts) of today, with warnings about what is missing."""
    warnings = []
    camat = users.users_with_role(db, "camat")
    if camat:
        u = camat[0]
        jabatan = (u.jabatan or "").strip() or "Camat"
        if u.acting:
            jabatan = f"{u.acting} {jabatan}"
        first = Party(u.name, jabatan, u.pangkat or "", format_nip(u.nip))
        if not (u.nip or "").strip():
            warnings.append(f"NIP {u.name} (Camat) belum diisi di menu Pengguna.")
    else:
        first = Party("", "Camat")
        warnings.append("Belum ada pengguna aktif dengan peran Camat; PIHAK PERTAMA kosong.")
    nama, jabatan = facts.kepala_daerah(db)
    if not nama:
        warnings.append("Nama Bupati/Wali Kota belum diisi di Profil Kecamatan (data "
                        "wilayah); PIHAK KEDUA dicetak tanpa nama.")
    return first, Party(nama, jabatan), warnings


def _date(value, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label} tidak valid; pilih tanggal.") from None


def _master_rows(db, year: int) -> list[dict]:
    return [dict(r) for r in db.query(
        "SELECT i.* FROM indicators i JOIN units u ON u.id = i.unit_id WHERE i.year = ? "
        "ORDER BY u.sort, u.id, i.sort, i.id", [year])]


def _programs(db, year: int) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM programs WHERE year = ? ORDER BY sort, id",
                                      [year])]


def _insert_version(db, user, year, versi, tanggal, alasan, keterangan, first: Party,
                    second: Party, rows: list[dict], progs: list[dict], now) -> int:
    vid = db["pk_versions"].insert({
        "year": year, "versi": versi, "tanggal": tanggal.isoformat(), "alasan": alasan,
        "keterangan": keterangan,
        "pihak_pertama_nama": first.nama, "pihak_pertama_jabatan": first.jabatan,
        "pihak_pertama_pangkat": first.pangkat, "pihak_pertama_nip": first.nip,
        "pihak_kedua_nama": second.nama, "pihak_kedua_jabatan": second.jabatan,
        "created_at": clock.iso(now), "created_by_name": user.name}).last_pk
    db["pk_targets"].insert_all([{
        "version_id": vid, "sort": i, "indicator_id": r["id"], "card_id": r.get("card_id"),
        "sasaran_id": r.get("sasaran_id"), "unit_id": r["unit_id"], "sasaran": r["sasaran"],
        "indikator": r["indikator"], "satuan": r["satuan"], "target": r["target"]}
        for i, r in enumerate(rows, 1)])
    db["pk_programs"].insert_all([{
        "version_id": vid, "sort": i, "program_id": p["id"], "code": p["code"],
        "name": p["name"], "anggaran": p["pagu"], "ket": ""} for i, p in enumerate(progs, 1)])
    return vid


def _check_targets(rows: list[dict]) -> list[str]:
    p = []
    for r in rows:
        t = parse_value(r["target"])
        if t.kind == "empty":
            p.append(f"Target '{r['indikator']}' belum diisi di master.")
        elif t.kind == "invalid":
            p.append(f"Target '{r['indikator']}' {t.error}.")
    return p


def create_first(db, user, year: int, tanggal, keterangan: str = "", now=None) -> Version:
    """Version 1 from the year's master and programmes."""
    require(user, "pk.edit")
    p: list[str] = []
    tanggal = _date(tanggal, "Tanggal Perjanjian Kinerja")
    keterangan = limits.text(keterangan, "pk.keterangan", "Keterangan", p)
    limits.fail("Perjanjian Kinerja belum dapat dibuat:", p)
    now = now or clock.now()
    with immediate(db):
        if in_force(db, year) is not None:
            raise StateError(f"Perjanjian Kinerja tahun {year} sudah ada; perubahan dibuat "
                             "sebagai revisi.")
        rows = _master_rows(db, year)
        if not rows:
            raise StateError(f"Master indikator tahun {year} masih kosong; isi master dulu.")
        problems = _check_targets(rows)
        limits.fail("Perjanjian Kinerja belum dapat dibuat:", problems)
        first, second, _ = signatories(db)
        progs = _programs(db, year)
        vid = _insert_version(db, user, year, 1, tanggal, FIRST, keterangan, first, second,
                              rows, progs, now)
        events.record(db, user, "pk.buat", at=now, year=year,
                      details={"versi": 1, "tanggal": tanggal.isoformat(),
                               "indikator": len(rows), "program": len(progs),
                               "pihak_pertama": first.nama, "pihak_kedua": second.nama})
    return get_version(db, year, 1)


def revise(db, user, year: int, *, alasan: str, tanggal, targets: dict | None = None,
           anggaran: dict | None = None, keterangan: str = "", now=None) -> Version:
    """A new version: ``targets`` {row_id: new target text}, ``anggaran``
    {program_id: new amount}. The signatories are those of the day (a change of
    official is a revision with reason ``pejabat`` and no other change needed)."""
    require(user, "pk.edit")
    p: list[str] = []
    if alasan not in REASONS:
        p.append("Alasan revisi Perjanjian Kinerja wajib dipilih: "
                 + ", ".join(REASONS.values()).lower() + ".")
    try:
        tanggal = _date(tanggal, "Tanggal revisi")
    except ValidationError as err:
        p.append(str(err))
    keterangan = limits.text(keterangan, "pk.keterangan", "Keterangan", p)
    new_targets: dict[int, str] = {}
    for raw_id, value in (targets or {}).items():
        try:
            row_id = int(raw_id)
        except (TypeError, ValueError):
            p.append(f"Baris '{raw_id}' tidak dikenal.")
            continue
        text = limits.text(value, "pk.target", "Target", p, required=True)
        t = parse_value(text)
        if t.kind == "invalid":
            p.append(f"Target '{text}' {t.error}.")
        new_targets[row_id] = text
    new_amounts: dict[int, float] = {}
    for raw_id, value in (anggaran or {}).items():
        try:
            new_amounts[int(raw_id)] = parse_amount(value, "Anggaran")
        except (TypeError, ValueError):
            p.append(f"Program '{raw_id}' tidak dikenal.")
        except ValidationError as err:
            p.append(str(err))
    limits.fail("Revisi Perjanjian Kinerja belum benar:", p)
    now = now or clock.now()
    with immediate(db):
        prev = in_force(db, year)
        if prev is None:
            raise StateError(f"Perjanjian Kinerja tahun {year} belum dibuat; buat versi 1 dulu.")
        if tanggal < prev.tanggal:
            raise ValidationError(f"Tanggal revisi ({format_date(tanggal)}) tidak boleh sebelum "
                                  f"tanggal versi {prev.versi} ({format_date(prev.tanggal)}).")
        rows = _master_rows(db, year)
        by_id = {r["id"]: r for r in rows}
        changes: list[dict] = []
        for row_id, text in new_targets.items():
            r = by_id.get(row_id)
            if r is None:
                raise ValidationError(f"Baris {row_id} bukan baris master tahun {year}.")
            if text != r["target"]:
                changes.append({"id": row_id, "unit_id": r["unit_id"],
                                "indikator": r["indikator"], "lama": r["target"], "baru": text})
                r["target"] = text
        progs = _programs(db, year)
        pby_id = {pr["id"]: pr for pr in progs}
        money: list[dict] = []
        for pid, amount in new_amounts.items():
            pr = pby_id.get(pid)
            if pr is None:
                raise ValidationError(f"Program {pid} bukan program tahun {year}.")
            if amount != pr["pagu"]:
                money.append({"program": pr["name"], "lama": pr["pagu"], "baru": amount})
                pr["pagu"] = amount
        first, second, _ = signatories(db)
        official_changed = (first, second) != (prev.pihak_pertama, prev.pihak_kedua)
        prev_set = {(t.indicator_id, t.target) for t in prev.targets}
        rows_changed = {(r["id"], r["target"]) for r in rows} != prev_set
        progs_changed = [(x["id"], x["pagu"]) for x in progs] != \
            [(x.program_id, x.anggaran) for x in prev.programs]
        if not (changes or money or official_changed or rows_changed or progs_changed):
            raise ValidationError("Tidak ada perubahan target, anggaran atau penandatangan "
                                  f"dibanding versi {prev.versi}; revisi tidak dibuat.")
        problems = _check_targets(rows)
        limits.fail("Revisi Perjanjian Kinerja belum benar:", problems)
        versi = prev.versi + 1
        vid = _insert_version(db, user, year, versi, tanggal, alasan, keterangan, first, second,
                              rows, progs, now)
        stamp = [clock.iso(now), user.name]
        for c in changes:   # the forms take their targets from the version in force
            db.execute("UPDATE indicators SET target = ?, target_flag = '', rev = rev + 1, "
                       "updated_at = ?, updated_by_name = ? WHERE id = ?",
                       [c["baru"], *stamp, c["id"]])
        for pid, amount in new_amounts.items():
            db.execute("UPDATE programs SET pagu = ?, rev = rev + 1, updated_at = ?, "
                       "updated_by_name = ? WHERE id = ?", [amount, *stamp, pid])
        flagged = _flag_reviews(db, year, vid, versi, changes, now)
        events.record(db, user, "pk.revisi", at=now, year=year, reason=REASONS[alasan],
                      details={"versi": versi, "tanggal": tanggal.isoformat(),
                               "target": [{k: c[k] for k in ("indikator", "lama", "baru")}
                                          for c in changes],
                               "anggaran": money, "perlu_ditinjau": flagged})
    return get_version(db, year, versi)


def _flag_reviews(db, year: int, version_id: int, versi: int, changes: list[dict],
                  now) -> list[str]:
    """Units whose form was submitted or accepted when one of its targets changed."""
    states = {r["unit_id"]: r["state"] for r in db.query(
        "SELECT us.unit_id, us.state FROM unit_states us JOIN cycles c ON c.id = us.cycle_id "
        "WHERE c.year = ?", [year])}
    by_unit: dict[int, list[dict]] = {}
    for c in changes:
        if states.get(c["unit_id"]) in REVIEW_STATES:
            by_unit.setdefault(c["unit_id"], []).append(
                {"indikator": c["indikator"], "lama": c["lama"], "baru": c["baru"]})
    codes = []
    for unit_id, items in by_unit.items():
        db["pk_reviews"].insert({"year": year, "unit_id": unit_id, "version_id": version_id,
                                 "unit_state": states[unit_id],
                                 "changes": json.dumps(items, ensure_ascii=False),
                                 "created_at": clock.iso(now)})
        code = db.execute("SELECT code FROM units WHERE id = ?", [unit_id]).fetchone()[0]
        codes.append(code)
    return codes


# ------------------------------------------------------------------ "perlu ditinjau"
def _review(r, code: str, name: str, versi: int) -> dict:
    items = json.loads(r["changes"])
    text = "; ".join(f"target '{i['indikator']}' diubah dari '{i['lama']}' menjadi "
                     f"'{i['baru']}'" for i in items)
    return {"id": r["id"], "year": r["year"], "unit_code": code, "unit_name": name,
            "versi": versi, "unit_state": r["unit_state"], "changes": items,
            "message": f"Perlu ditinjau: Perjanjian Kinerja versi {versi} - {text}.",
            "created_at": r["created_at"], "resolved_at": r["resolved_at"],
            "resolved_by_name": r["resolved_by_name"], "note": r["note"]}


def reviews(db, year: int, *, open_only: bool = True, unit_code: str | None = None) -> list[dict]:
    """The "perlu ditinjau" list of the year: one entry per unit and PK revision."""
    sql = ("SELECT r.*, u.code, u.name, v.versi FROM pk_reviews r JOIN units u ON u.id = r.unit_id "
           "JOIN pk_versions v ON v.id = r.version_id WHERE r.year = ?")
    params: list = [year]
    if open_only:
        sql += " AND r.resolved_at IS NULL"
    if unit_code:
        sql += " AND u.code = ?"
        params.append(unit_code)
    return [_review(r, r["code"], r["name"], r["versi"])
            for r in db.query(sql + " ORDER BY r.id", params)]


def needs_review(db, year: int, unit_code: str) -> str | None:
    """The message of the unit's open "perlu ditinjau" entries, or None."""
    open_ = reviews(db, year, unit_code=unit_code)
    return " ".join(r["message"] for r in open_) if open_ else None


def resolve_review(db, user, review_id: int, note: str = "", now=None) -> None:
    """The Sekcam has looked at the unit's form under the revised targets."""
    require(user, "pk.review")
    p: list[str] = []
    note = limits.text(note, "pk.review_note", "Catatan", p)
    limits.fail("Catatan belum benar:", p)
    now = now or clock.now()
    with immediate(db):
        r = db.execute("SELECT year, resolved_at FROM pk_reviews WHERE id = ?",
                       [review_id]).fetchone()
        if r is None:
            raise NotFound("Catatan peninjauan tidak ditemukan.")
        if r[1] is not None:
            raise StateError("Perubahan ini sudah ditinjau.")
        db.execute("UPDATE pk_reviews SET resolved_at = ?, resolved_by_name = ?, note = ? "
                   "WHERE id = ?", [clock.iso(now), user.name, note, review_id])
        events.record(db, user, "pk.ditinjau", at=now, year=r[0],
                      details={"id": review_id, "catatan": note})


# ------------------------------------------------------------------ signed scans
def upload_scan(db, user, year: int, versi: int, data: bytes, original_name: str = "",
                now=None) -> int:
    """Keep the scan of a signed version (PDF/JPG/PNG). It is a scan, never verified."""
    require(user, "pk.scan")
    mime = uploads.UPLOADERS["pk_pindaian"].check(data)
    now = now or clock.now()
    digest = hashlib.sha256(data).hexdigest()
    with immediate(db):
        v = get_version(db, year, versi)
        if db.execute("SELECT 1 FROM pk_scans WHERE version_id = ? AND sha256 = ?",
                      [v.id, digest]).fetchone():
            raise ValidationError("Pindaian yang sama sudah diunggah untuk versi ini.")
        n = db.execute("SELECT COUNT(*) FROM pk_scans WHERE version_id = ?",
                       [v.id]).fetchone()[0] + 1
        sid = db["pk_scans"].insert({
            "version_id": v.id, "filename": f"pindaian-pk-{year}-v{versi}-{n}{SCAN_TYPES[mime]}",
            "mime": mime, "content": data, "sha256": digest, "uploaded_at": clock.iso(now),
            "uploaded_by_name": user.name}).last_pk
        events.record(db, user, "pk.pindaian", at=now, year=year,
                      details={"versi": versi, "sha256": digest, "ukuran": len(data),
                               "nama": (original_name or "")[:200]})
    return sid


def list_scans(db, year: int, versi: int) -> list[dict]:
    v = get_version(db, year, versi)
    return [dict(r) for r in db.query(
        "SELECT id, filename, mime, sha256, uploaded_at, uploaded_by_name, length(content) AS "
        "size FROM pk_scans WHERE version_id = ? ORDER BY id", [v.id])]


def get_scan(db, scan_id: int) -> tuple[dict, bytes]:
    rows = list(db.query("SELECT * FROM pk_scans WHERE id = ?", [scan_id]))
    if not rows:
        raise NotFound("Pindaian tidak ditemukan.")
    r = dict(rows[0])
    return r, r.pop("content")


def describe(v: Version) -> str:
    """One line for lists: "Versi 2 - 1 Oktober 2025 - Perubahan program atau anggaran"."""
    return (f"Versi {v.versi} \u2013 {format_date(v.tanggal)} \u2013 {v.alasan_label}; "
            f"{len(v.targets)} indikator, anggaran {format_rupiah(v.total_anggaran)}")


# ------------------------------------------------------------------ paper
def document(db, year: int, versi: int | None = None):
    """The plain data of the paper of a version (``lib.documents.pk.PkDocument``)."""
    from lib import office
    from lib.documents.pk import PkDocument, PkParty, PkProgramRow, PkTargetRow

    v = get_version(db, year, versi)
    kec = office.get_profile(db).get("kecamatan") or ""
    return PkDocument(
        year=year, versi=v.versi, tanggal=v.tanggal, alasan=v.alasan_label,
        pihak_pertama=PkParty(v.pihak_pertama.jabatan, v.pihak_pertama.nama,
                              v.pihak_pertama.pangkat, v.pihak_pertama.nip),
        pihak_kedua=PkParty(v.pihak_kedua.jabatan, v.pihak_kedua.nama, with_nip=False),
        unit_name=kec,
        targets=[PkTargetRow(t.sasaran, t.indikator, t.satuan, t.target) for t in v.targets],
        programs=[PkProgramRow(p.name, p.anggaran, p.ket, p.code) for p in v.programs],
        keterangan=v.keterangan)
