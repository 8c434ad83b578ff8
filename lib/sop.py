"""The SOP definition as data: steps, actors, Mutu Baku, header block.

A definition is a revision; editing it makes a new revision (the old one stays
for the cycles that run on it). ``validate`` fails loudly on a broken one.

Each step has a *kind* that says what the app asks for to complete it. The
special kinds carry the SOP's structure (the parallel unit forms, the two
review loops, the approval); ``umum`` is any further step an office adds,
completed with a note.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace

from db import immediate
from lib import clock, events, limits
from lib.access import FLOW_ROLES, ROLE_LABELS, require
from lib.errors import NotFound, ValidationError

KINDS = {
    "perintah": "Perintah penyusunan (nota dinas)",
    "rapat_koordinasi": "Rapat koordinasi dan penyerahan format",
    "isi_format": "Pengisian format oleh setiap unit (paralel)",
    "himpun": "Penghimpunan format (rekap)",
    "periksa_unit": "Pemeriksaan per unit (terima/kembalikan)",
    "draft": "Penyusunan draft LAKIP",
    "koreksi_draft": "Koreksi draft (terima/kembalikan)",
    "rapat_finalisasi": "Rapat finalisasi (notulen, daftar hadir)",
    "serah": "Penyerahan kepada Camat",
    "persetujuan": "Persetujuan dan penandatanganan Camat",
    "surat_pengantar": "Surat pengantar bernomor",
    "penggandaan": "Penggandaan (jumlah eksemplar)",
    "pengiriman": "Pengiriman (catatan pengiriman)",
    "umum": "Langkah umum (diselesaikan dengan catatan)",
}
# Kinds that must appear exactly once, in this relative order.
STRUCTURE = ["perintah", "isi_format", "himpun", "periksa_unit", "draft", "koreksi_draft",
             "persetujuan"]
# Kinds that may appear at most once.
SINGLE = set(KINDS) - {"umum"}
# decision kind -> kind it must return to
RETURNS = {"periksa_unit": "isi_format", "koreksi_draft": "draft", "persetujuan": "draft"}

HEADER_FIELDS = {
    "nomor_sop": "Nomor SOP", "tgl_pembuatan": "Tgl. pembuatan", "tgl_revisi": "Tgl. revisi",
    "tgl_efektif": "Tgl. efektif", "disahkan_oleh": "Disahkan oleh", "nama_sop": "Nama SOP",
    "dasar_hukum": "Dasar hukum", "kualifikasi": "Kualifikasi pelaksana",
    "keterkaitan": "Keterkaitan", "peralatan": "Peralatan dan perlengkapan",
    "peringatan": "Peringatan", "pencatatan": "Pencatatan dan pendataan",
}
LIST_FIELDS = ("dasar_hukum", "kualifikasi", "keterkaitan", "peralatan")


@dataclass(frozen=True)
class Step:
    no: int
    kegiatan: str
    actor_role: str
    actor_unit: str | None
    kelengkapan: str
    minutes: int
    output: str
    return_to: int | None = None
    kind: str = "umum"

    @property
    def per_unit(self) -> bool:
        return self.kind == "isi_format"

    @property
    def is_decision(self) -> bool:
        return self.return_to is not None

    @property
    def actor_label(self) -> str:
        label = ROLE_LABELS.get(self.actor_role, self.actor_role)
        if self.actor_unit:
            label += f" ({self.actor_unit})"
        return label


@dataclass(frozen=True)
class Definition:
    revision_id: int | None
    header: dict
    steps: tuple[Step, ...]
    created_at: str = ""
    note: str = ""
    is_current: bool = False

    def step(self, no: int) -> Step:
        for s in self.steps:
            if s.no == no:
                return s
        raise NotFound(f"Langkah {no} tidak ada dalam SOP.")

    def step_of_kind(self, kind: str) -> Step | None:
        for s in self.steps:
            if s.kind == kind:
                return s
        return None

    def next_step(self, no: int) -> Step | None:
        later = [s for s in self.steps if s.no > no]
        return min(later, key=lambda s: s.no) if later else None

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.steps)

    @property
    def last_no(self) -> int:
        return max(s.no for s in self.steps)


def _load(db, row) -> Definition:
    steps = tuple(
        Step(no=r["no"], kegiatan=r["kegiatan"], actor_role=r["actor_role"],
             actor_unit=r["actor_unit"], kelengkapan=r["kelengkapan"], minutes=r["minutes"],
             output=r["output"], return_to=r["return_to"], kind=r["kind"])
        for r in db.query("SELECT * FROM sop_steps WHERE revision_id = ? ORDER BY no",
                          [row["id"]]))
    return Definition(revision_id=row["id"], header=json.loads(row["header"]), steps=steps,
                      created_at=row["created_at"], note=row["note"],
                      is_current=bool(row["is_current"]))


def load_current(db) -> Definition:
    rows = list(db.query("SELECT * FROM sop_revisions WHERE is_current = 1 ORDER BY id DESC "
                         "LIMIT 1"))
    if not rows:
        raise NotFound("Definisi SOP belum ada. Jalankan 'python3 run.py init'.")
    return _load(db, rows[0])


def load_revision(db, revision_id: int) -> Definition:
    rows = list(db.query("SELECT * FROM sop_revisions WHERE id = ?", [revision_id]))
    if not rows:
        raise NotFound(f"Revisi SOP {revision_id} tidak ada.")
    return _load(db, rows[0])


def list_revisions(db) -> list[dict]:
    return [dict(r) for r in db.query(
        "SELECT id, created_at, created_by, note, is_current, header FROM sop_revisions "
        "ORDER BY id DESC")]


def validate(defn: Definition, unit_codes: set[str]) -> list[str]:
    """Every problem of a definition, in Indonesian; empty when it is sound."""
    p: list[str] = []
    steps = sorted(defn.steps, key=lambda s: s.no)
    if not steps:
        return ["SOP harus memiliki langkah."]
    nos = [s.no for s in steps]
    if nos != list(range(1, len(steps) + 1)):
        p.append("Nomor langkah harus berurutan mulai 1 tanpa loncatan atau ganda.")
    by_no = {s.no: s for s in steps}
    for s in steps:
        where = f"Langkah {s.no}"
        for field, value in (("sop.kegiatan", s.kegiatan), ("sop.kelengkapan", s.kelengkapan),
                             ("sop.output", s.output)):
            why = limits.problem(field, str(value or ""))
            if why:
                p.append(f"{where}: {why}")
        if not s.kegiatan.strip():
            p.append(f"{where}: kegiatan wajib diisi.")
        if s.actor_role not in FLOW_ROLES:
            p.append(f"{where}: pelaksana '{s.actor_role}' bukan peran yang dikenal "
                     f"({', '.join(FLOW_ROLES)}).")
        if s.actor_unit and s.actor_unit not in unit_codes:
            p.append(f"{where}: unit '{s.actor_unit}' tidak dikenal.")
        if not isinstance(s.minutes, int) or s.minutes <= 0:
            p.append(f"{where}: waktu Mutu Baku harus lebih dari 0 menit.")
        if not s.kelengkapan.strip():
            p.append(f"{where}: kelengkapan wajib diisi.")
        if not s.output.strip():
            p.append(f"{where}: output wajib diisi.")
        if s.kind not in KINDS:
            p.append(f"{where}: jenis langkah '{s.kind}' tidak dikenal.")
        if s.return_to is not None:
            target = by_no.get(s.return_to)
            if target is None:
                p.append(f"{where}: kembali ke langkah {s.return_to} yang tidak ada.")
            elif s.return_to >= s.no:
                p.append(f"{where}: hanya dapat mengembalikan ke langkah sebelumnya.")
            elif s.kind in RETURNS and target.kind != RETURNS[s.kind]:
                want = defn.step_of_kind(RETURNS[s.kind])
                p.append(f"{where}: harus kembali ke langkah '{KINDS[RETURNS[s.kind]]}'"
                         + (f" (langkah {want.no})." if want else "."))
            elif s.kind not in RETURNS:
                p.append(f"{where}: langkah jenis '{KINDS.get(s.kind, s.kind)}' tidak dapat "
                         "mengembalikan.")
        elif s.kind in ("periksa_unit", "koreksi_draft"):
            p.append(f"{where}: langkah keputusan harus punya langkah tujuan pengembalian.")
        if s.kind == "isi_format" and s.actor_role != "kasi_kasubbag":
            p.append(f"{where}: pengisian format dilakukan oleh Kasi/Kasubbag.")
        if s.kind == "isi_format" and s.actor_unit:
            p.append(f"{where}: pengisian format berlaku untuk semua unit penyuplai data, "
                     "tidak boleh dibatasi satu unit.")
        if s.kind == "persetujuan" and s.actor_role != "camat":
            p.append(f"{where}: persetujuan dilakukan oleh Camat.")
    kinds = [s.kind for s in steps]
    for k in SINGLE:
        if kinds.count(k) > 1:
            p.append(f"Jenis langkah '{KINDS[k]}' muncul lebih dari sekali.")
    positions = []
    for k in STRUCTURE:
        if k not in kinds:
            p.append(f"Langkah '{KINDS[k]}' wajib ada.")
        else:
            positions.append(kinds.index(k))
    if positions == sorted(positions) and len(positions) == len(STRUCTURE):
        pass
    elif len(positions) == len(STRUCTURE):
        p.append("Urutan langkah inti harus: " + " → ".join(KINDS[k] for k in STRUCTURE) + ".")
    if steps and steps[0].kind != "perintah":
        p.append("Langkah 1 harus perintah penyusunan oleh Camat.")
    head = defn.header or {}
    for key, value in head.items():
        label = HEADER_FIELDS.get(key, key)
        items = value if isinstance(value, (list, tuple)) else [value]
        field = "sop.header_item" if isinstance(value, (list, tuple)) else "sop.header"
        for item in items:
            why = limits.problem(field, "" if item is None else str(item))
            if why:
                p.append(f"Header SOP ({label}): {why}")
    if not str(head.get("nama_sop", "")).strip():
        p.append("Header SOP: nama SOP wajib diisi.")
    return p


def _units(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT code FROM units").fetchall()}


def save_revision(db, actor, *, header: dict, steps: list[Step], note: str = "",
                  now=None) -> Definition:
    """Validate and store a new current revision; the previous one is unchanged."""
    require(actor, "admin.manage")
    now = now or clock.now()
    steps = [replace(s, kegiatan=s.kegiatan.strip(), kelengkapan=s.kelengkapan.strip(),
                     output=s.output.strip(), actor_unit=(s.actor_unit or None))
             for s in sorted(steps, key=lambda s: s.no)]
    header = dict(header)
    header["tgl_revisi"] = header.get("tgl_revisi") or now.date().isoformat()
    candidate = Definition(revision_id=None, header=header, steps=tuple(steps))
    with immediate(db):
        problems = validate(candidate, _units(db))
        why = limits.problem("sop.note", note.strip())
        if why:
            problems.append(why)
        if problems:
            raise ValidationError("Definisi SOP tidak disimpan: " + " ".join(problems),
                                  problems=problems)
        db.execute("UPDATE sop_revisions SET is_current = 0 WHERE is_current = 1")
        rev_id = db["sop_revisions"].insert({
            "created_at": clock.iso(now), "created_by": actor.name,
            "note": note.strip() or "Revisi SOP",
            "header": json.dumps(header, ensure_ascii=False), "is_current": 1}).last_pk
        for s in steps:
            db["sop_steps"].insert({
                "revision_id": rev_id, "no": s.no, "kegiatan": s.kegiatan,
                "actor_role": s.actor_role, "actor_unit": s.actor_unit,
                "kelengkapan": s.kelengkapan, "minutes": s.minutes, "output": s.output,
                "return_to": s.return_to, "per_unit": int(s.per_unit), "kind": s.kind})
        events.record(db, actor, "sop.revisi", at=now,
                      details={"revision_id": rev_id, "note": note, "steps": len(steps)})
    return load_revision(db, rev_id)


STEP_COLUMNS = ("no", "kegiatan", "actor_role", "actor_unit", "kelengkapan", "minutes",
                "output", "return_to", "kind")


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v).strip() in ("", "<NA>",
                                                                               "nan", "None")


def _whole(v, where: str, label: str, problems: list[str], *, optional: bool = False):
    if _blank(v):
        if not optional:
            problems.append(f"{where}: {label} wajib diisi.")
        return None
    try:
        f = float(str(v).strip().replace(",", "."))
    except ValueError:
        problems.append(f"{where}: {label} '{v}' bukan bilangan bulat.")
        return None
    if f != int(f):
        problems.append(f"{where}: {label} '{v}' bukan bilangan bulat.")
        return None
    return int(f)


def steps_from_rows(rows: list[dict]) -> list[Step]:
    """Steps from table rows (e.g. an edited grid); unreadable cells raise ValidationError.

    Rows are dicts with the keys of ``STEP_COLUMNS``; wholly empty rows are ignored.
    Soundness of the definition itself is checked by ``validate``.
    """
    problems: list[str] = []
    steps: list[Step] = []
    for i, row in enumerate(rows, start=1):
        if all(_blank(row.get(c)) for c in STEP_COLUMNS):
            continue
        where = f"Baris {i}"
        no = _whole(row.get("no"), where, "nomor langkah", problems)
        if no is not None:
            where = f"Langkah {no}"
        minutes = _whole(row.get("minutes"), where, "waktu (menit)", problems)
        ret = _whole(row.get("return_to"), where, "kembali ke langkah", problems, optional=True)
        text = {c: ("" if _blank(row.get(c)) else str(row.get(c)).strip())
                for c in ("kegiatan", "actor_role", "actor_unit", "kelengkapan", "output",
                          "kind")}
        if no is None or minutes is None:
            continue
        steps.append(Step(no=no, kegiatan=text["kegiatan"], actor_role=text["actor_role"],
                          actor_unit=text["actor_unit"] or None,
                          kelengkapan=text["kelengkapan"], minutes=minutes,
                          output=text["output"], return_to=ret, kind=text["kind"] or "umum"))
    if problems:
        raise ValidationError("Tabel langkah belum benar: " + " ".join(problems),
                              problems=problems)
    return steps


def step_rows(defn: Definition) -> list[dict]:
    """The steps of a definition as table rows (the inverse of ``steps_from_rows``)."""
    return [{"no": s.no, "kegiatan": s.kegiatan, "actor_role": s.actor_role,
             "actor_unit": s.actor_unit or "", "kelengkapan": s.kelengkapan,
             "minutes": s.minutes, "output": s.output, "return_to": s.return_to,
             "kind": s.kind} for s in defn.steps]


def parse_list(text: str) -> list[str]:
    """A header list field typed as one item per line."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def lanes(defn: Definition) -> list[tuple[str, str]]:
    """The swimlanes of the SOP sheet: the four Pelaksana columns of the seed."""
    labels = {"camat": "Camat", "sekcam": "Sekcam", "kasi_kasubbag": "Kasi/Kasubbag", "jf": "JF"}
    return [(r, labels[r]) for r in FLOW_ROLES]


__all__ = ["Step", "Definition", "KINDS", "HEADER_FIELDS", "LIST_FIELDS", "load_current",
           "load_revision", "list_revisions", "validate", "save_revision", "lanes",
           "STEP_COLUMNS", "steps_from_rows", "step_rows", "parse_list"]
