"""The yearly SOP cycle as a persistent state machine.

State is the set of *step runs*: a run is opened when its step becomes
actionable and completed (once) by its actor with the step's Kelengkapan.
Completing a run opens the next ones:

- ``isi_format`` has one run per supplying unit (round 1, 2, ... when returned);
- ``himpun`` round r opens when every supplying unit has submitted and some
  submission is not yet compiled; compiling opens ``periksa_unit`` round r;
- ``periksa_unit`` decides unit by unit: a returned unit alone gets a new
  ``isi_format`` run; the round completes when all its units are decided; the
  step is done when every unit is accepted;
- ``koreksi_draft`` and ``persetujuan`` may return to ``draft`` (a new round);
- after approval the Camat may reopen: a new LAKIP version from ``draft``.

Every transition checks the acting user against the step's actor (role,
optionally narrowed to a unit), runs inside ``BEGIN IMMEDIATE`` and appends to
the events table, so two people completing one step at once give exactly one
completion and one clear message.

The state machine knows steps and runs only: it renders nothing, stores nothing
in the archive and takes no letter numbers. What follows a transition (the form
checked before a submission, the nota dinas and surat pengantar numbers, the
final LAKIP frozen after approval) is run around these functions, in the same
transaction, by ``lib.services.workflow``; pages and the CLI call that. The
``check_*`` functions are a transition's checks alone, for the services to run
before what they do first.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from db import immediate
from lib import clock, events, excel, limits, meeting_record, office, office_calendar
from lib.access import ROLE_LABELS, can, require
from lib.errors import NotFound, PermissionDenied, StateError, ValidationError
from lib.spelling import format_datetime
from lib.sop import Definition, Step, load_current, load_revision

UNIT_STATES = {
    "belum_mulai": "Belum mulai",
    "draft": "Draft",
    "dikirim": "Dikirim",
    "dikembalikan": "Dikembalikan",
    "diterima": "Diterima",
}

@dataclass(frozen=True)
class Cycle:
    id: int
    year: int
    status: str
    version: int
    revision_id: int
    created_at: str
    rev: int

    @property
    def closed(self) -> bool:
        return self.status == "selesai"


@dataclass(frozen=True)
class Run:
    id: int
    step_no: int
    unit_code: str | None
    round: int
    version: int
    opened_at: str
    completed_at: str | None
    completed_by_name: str | None
    outcome: str | None
    reason: str | None
    data: dict

    @property
    def open(self) -> bool:
        return self.completed_at is None


@dataclass(frozen=True)
class Action:
    """Something a user can do now; pages render one button per action."""
    kind: str            # the step kind, or 'mulai' / 'buka_kembali'
    year: int            # the report year the action belongs to
    step_no: int | None
    unit_code: str | None
    label: str
    run_id: int | None = None
    opened_at: str | None = None
    reason: str | None = None   # why it came back, shown first


def default_year(now: dt.datetime) -> int:
    """The report year: the previous year before July, else the current one."""
    return now.year - 1 if now.month < 7 else now.year


# ------------------------------------------------------------------ reading
def _cycle(row) -> Cycle:
    return Cycle(row["id"], row["year"], row["status"], row["version"],
                 row["sop_revision_id"], row["created_at"], row["rev"])


def get_cycle(db, year: int) -> Cycle:
    rows = list(db.query("SELECT * FROM cycles WHERE year = ?", [year]))
    if not rows:
        raise NotFound(f"Siklus LAKIP tahun {year} belum dimulai.")
    return _cycle(rows[0])


def find_cycle(db, year: int) -> Cycle | None:
    rows = list(db.query("SELECT * FROM cycles WHERE year = ?", [year]))
    return _cycle(rows[0]) if rows else None


def list_cycles(db) -> list[Cycle]:
    return [_cycle(r) for r in db.query("SELECT * FROM cycles ORDER BY year DESC")]


def definition(db, cycle: Cycle) -> Definition:
    return load_revision(db, cycle.revision_id)


def _unit_code_map(db) -> dict[int, str]:
    return {r[0]: r[1] for r in db.execute("SELECT id, code FROM units").fetchall()}


def runs(db, cycle: Cycle, *, only_open: bool = False) -> list[Run]:
    codes = _unit_code_map(db)
    sql = "SELECT * FROM step_runs WHERE cycle_id = ?"
    if only_open:
        sql += " AND completed_at IS NULL"
    return [Run(r["id"], r["step_no"], codes.get(r["unit_id"]) if r["unit_id"] else None,
                r["round"], r["version"], r["opened_at"], r["completed_at"],
                r["completed_by_name"], r["outcome"], r["reason"],
                json.loads(r["data"]) if r["data"] else {})
            for r in db.query(sql + " ORDER BY id", [cycle.id])]


def open_runs(db, cycle: Cycle) -> list[Run]:
    return runs(db, cycle, only_open=True)


def unit_states(db, cycle: Cycle) -> dict[str, dict]:
    out = {}
    for r in db.query(
            "SELECT us.*, u.code, u.name FROM unit_states us JOIN units u ON u.id = us.unit_id "
            "WHERE us.cycle_id = ? ORDER BY u.sort, u.id", [cycle.id]):
        out[r["code"]] = dict(r)
    return out


def supplying_units(db) -> list:
    return office.list_units(db, active_only=True, supplying_only=True)


def active_step(db, cycle: Cycle) -> int | None:
    """The lowest step number with an open run (None when nothing is open)."""
    nos = [r.step_no for r in open_runs(db, cycle)]
    return min(nos) if nos else None


def approved_version(db, cycle: Cycle | None) -> int | None:
    """The current LAKIP version when the Camat has approved it, else None."""
    if cycle is None:
        return None
    step = definition(db, cycle).step_of_kind("persetujuan")
    if step is None:
        return None
    if db.execute("SELECT 1 FROM step_runs WHERE cycle_id = ? AND step_no = ? AND version = ? "
                  "AND outcome = 'diterima'", [cycle.id, step.no, cycle.version]).fetchone():
        return cycle.version
    return None


def step_done(db, cycle: Cycle, step_no: int) -> bool:
    """A step is done when it has a completed run and no open run of the current version."""
    rs = [r for r in runs(db, cycle) if r.step_no == step_no]
    if not rs or any(r.open for r in rs):
        return False
    defn = definition(db, cycle)
    step = defn.step(step_no)
    if step.kind == "periksa_unit":
        states = unit_states(db, cycle)
        return bool(states) and all(s["state"] == "diterima" for s in states.values())
    draft = defn.step_of_kind("draft")
    if draft and step_no >= draft.no:
        return any(r.version == cycle.version and not r.open for r in rs)
    return True


# ------------------------------------------------------------------ checks
def _may_act(user, step: Step, unit_code: str | None = None) -> bool:
    if user is None or step.actor_role not in user.roles:
        return False
    if step.actor_unit and step.actor_unit not in user.unit_codes:
        return False
    if step.kind == "isi_format" and unit_code is not None and unit_code not in user.unit_codes:
        return False
    return True


def _require_actor(user, step: Step, unit_code: str | None = None) -> None:
    if not _may_act(user, step, unit_code):
        who = ROLE_LABELS.get(step.actor_role, step.actor_role)
        if step.actor_unit:
            who += f" unit {step.actor_unit}"
        if step.kind == "isi_format" and unit_code:
            who += f" unit {unit_code}"
        raise PermissionDenied(f"Langkah {step.no} hanya dapat dilakukan oleh {who}.")


def _require_open(cycle: Cycle) -> None:
    if cycle.closed:
        raise StateError(f"Siklus LAKIP {cycle.year} sudah selesai; tidak ada langkah yang "
                         "dapat diubah.")


def _find_open(db, cycle: Cycle, step: Step, unit_code: str | None = None,
               round_: int | None = None) -> Run:
    candidates = [r for r in runs(db, cycle) if r.step_no == step.no
                  and (unit_code is None or r.unit_code == unit_code)
                  and (round_ is None or r.round == round_)]
    open_ = [r for r in candidates if r.open]
    if open_:
        return open_[0]
    done = [r for r in candidates if not r.open]
    if done:
        last = done[-1]
        when = clock.parse(last.completed_at)
        raise StateError(f"Langkah ini sudah diselesaikan oleh {last.completed_by_name} pada "
                         f"{format_datetime(when)}.")
    raise StateError(f"Tidak dapat menyelesaikan langkah {step.no}: langkah ini belum dapat "
                     "dikerjakan (langkah sebelumnya belum selesai).")


# ------------------------------------------------------------------ writing
def _unit_id(db, code: str) -> int:
    row = db.execute("SELECT id FROM units WHERE code = ?", [code]).fetchone()
    if row is None:
        raise NotFound(f"Unit '{code}' tidak dikenal.")
    return row[0]


def _open_run(db, cycle: Cycle, step: Step, now, *, unit_code=None, version=None,
              round_=None) -> int:
    unit_id = _unit_id(db, unit_code) if unit_code else None
    version = version or 1
    if round_ is None:
        prev = db.execute(
            "SELECT MAX(round) FROM step_runs WHERE cycle_id=? AND step_no=? "
            "AND IFNULL(unit_id,0)=IFNULL(?,0) AND version=?",
            [cycle.id, step.no, unit_id, version]).fetchone()[0]
        round_ = (prev or 0) + 1
    return db["step_runs"].insert({
        "cycle_id": cycle.id, "step_no": step.no, "unit_id": unit_id, "round": round_,
        "version": version, "opened_at": clock.iso(now)}).last_pk


def _close_run(db, run: Run, user, now, *, outcome="selesai", reason=None, data=None) -> None:
    cur = db.execute(
        "UPDATE step_runs SET completed_at=?, completed_by=?, completed_by_name=?, outcome=?, "
        "reason=?, data=? WHERE id=? AND completed_at IS NULL",
        [clock.iso(now), getattr(user, "id", None), getattr(user, "name", "Operator lokal"),
         outcome, reason, json.dumps(data or {}, ensure_ascii=False), run.id])
    if cur.rowcount != 1:  # pragma: no cover - guarded by BEGIN IMMEDIATE + re-read
        raise StateError("Langkah ini sudah diselesaikan oleh pengguna lain.")


def _version_for(defn: Definition, step: Step, cycle: Cycle) -> int:
    draft = defn.step_of_kind("draft")
    return cycle.version if draft and step.no >= draft.no else 1


def _bump(db, cycle: Cycle) -> None:
    db.execute("UPDATE cycles SET rev = rev + 1 WHERE id = ?", [cycle.id])


def _set_unit_state(db, cycle: Cycle, unit_code: str, state: str, now, user=None, *,
                    reason=None, round_=None, compiled_round=None, keep_compiled=True) -> None:
    unit_id = _unit_id(db, unit_code)
    existing = db.execute("SELECT round, compiled_round FROM unit_states WHERE cycle_id=? AND "
                          "unit_id=?", [cycle.id, unit_id]).fetchone()
    row = {"cycle_id": cycle.id, "unit_id": unit_id, "state": state,
           "updated_at": clock.iso(now), "updated_by_name": getattr(user, "name", None),
           "reason": reason}
    if existing is None:
        row["round"] = round_ or 1
        row["compiled_round"] = compiled_round
        db["unit_states"].insert(row)
    else:
        row["round"] = round_ or existing[0]
        row["compiled_round"] = compiled_round if (compiled_round is not None or
                                                   not keep_compiled) else existing[1]
        db["unit_states"].update((cycle.id, unit_id), row)


def _advance(db, cycle: Cycle, defn: Definition, step: Step, now) -> None:
    """Open what follows the completion of a run of ``step``."""
    nxt = defn.next_step(step.no)
    if nxt is None:
        db.execute("UPDATE cycles SET status='selesai', closed_at=? WHERE id=?",
                   [clock.iso(now), cycle.id])
        return
    if nxt.kind == "isi_format":
        for unit in supplying_units(db):
            _open_run(db, cycle, nxt, now, unit_code=unit.code)
            _set_unit_state(db, cycle, unit.code, "belum_mulai", now, round_=1)
        return
    if nxt.kind == "himpun":
        _maybe_open_compile(db, cycle, defn, now)
        return
    _open_run(db, cycle, nxt, now, version=_version_for(defn, nxt, cycle))


def _maybe_open_compile(db, cycle: Cycle, defn: Definition, now) -> None:
    compile_step = defn.step_of_kind("himpun")
    states = unit_states(db, cycle)
    if not states or any(s["state"] in ("belum_mulai", "draft", "dikembalikan")
                         for s in states.values()):
        return
    pending = [c for c, s in states.items() if s["state"] == "dikirim"
               and s["compiled_round"] is None]
    if not pending:
        return
    if any(r.open for r in runs(db, cycle) if r.step_no == compile_step.no):
        return
    _open_run(db, cycle, compile_step, now)


def check_start(db, user, year: int, now) -> None:
    """Why ``user`` may not order the LAKIP of ``year`` now (raises), before anything is
    written."""
    require(user, "cycle.start")
    if not isinstance(year, int) or not (2000 <= year <= now.year + 1):
        raise ValidationError(f"Tahun laporan tidak valid: {year}.")
    existing = find_cycle(db, year)
    if existing is not None:
        raise StateError(f"Siklus LAKIP tahun {year} sudah dimulai pada "
                         f"{format_datetime(clock.parse(existing.created_at))}; satu tahun hanya "
                         "satu siklus.")
    _require_actor(user, load_current(db).steps[0])


def start_cycle(db, user, year: int, *, nota_number: str = "", nota_date: dt.date | None = None,
                now=None) -> Cycle:
    """Step 1: the Camat orders the LAKIP of ``year`` (one click), with the nota dinas
    number already taken from the register (``lib.services.workflow.start_cycle``)."""
    now = now or clock.now()
    with immediate(db):
        check_start(db, user, year, now)
        defn = load_current(db)
        first = defn.steps[0]
        nota_date = nota_date or now.date()
        number = (nota_number or "").strip()
        cid = db["cycles"].insert({
            "year": year, "sop_revision_id": defn.revision_id, "status": "berjalan",
            "version": 1, "created_at": clock.iso(now), "created_by": user.id}).last_pk
        cycle = get_cycle(db, year)
        rid = _open_run(db, cycle, first, now)
        data = {"nota_dinas_nomor": number, "nota_dinas_tanggal": nota_date.isoformat()}
        _close_run(db, _run_by_id(db, cycle, rid), user, now, data=data)
        events.record(db, user, "siklus.mulai", at=now, year=year, step_no=first.no,
                      from_state=None, to_state="berjalan", details=data | {"cycle_id": cid})
        _advance(db, cycle, defn, first, now)
        return get_cycle(db, year)


def _run_by_id(db, cycle: Cycle, run_id: int) -> Run:
    for r in runs(db, cycle):
        if r.id == run_id:
            return r
    raise NotFound("Langkah tidak ditemukan.")


# Kelengkapan validators per kind: data -> (clean data, problems)
def _need(data: dict, key: str, label: str, problems: list) -> str:
    v = data.get(key)
    if v is None or (isinstance(v, str) and not v.strip()) or v == []:
        problems.append(f"{label} wajib diisi.")
        return ""
    if isinstance(v, str) and limits.problem("cycle.kelengkapan", v.strip()):
        problems.append(f"{label}: " + limits.problem("cycle.kelengkapan", v.strip()))
        return ""
    return v.strip() if isinstance(v, str) else v


def _date(data, key, label, problems):
    v = data.get(key)
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str) and v:
        try:
            return dt.date.fromisoformat(v).isoformat()
        except ValueError:
            pass
    problems.append(f"{label} wajib diisi dengan tanggal yang benar.")
    return ""


def check_kelengkapan(kind: str, data: dict) -> tuple[dict, list[str]]:
    """Validate what completes a step of ``kind``; returns clean data and problems."""
    data = dict(data or {})
    p: list[str] = []
    out: dict = {}
    if kind == "rapat_koordinasi":
        out["tanggal"] = _date(data, "tanggal", "Tanggal rapat koordinasi", p)
        out["peserta"] = _need(data, "peserta", "Peserta rapat", p)
        if not data.get("format_diserahkan"):
            p.append("Format kosong harus diserahkan kepada unit (centang penyerahan format).")
        out["format_diserahkan"] = bool(data.get("format_diserahkan"))
        out["catatan"] = str(data.get("catatan", "")).strip()
    elif kind == "himpun":
        out["catatan"] = str(data.get("catatan", "")).strip()
    elif kind == "draft":
        out["catatan"] = str(data.get("catatan", "")).strip()
    elif kind == "rapat_finalisasi":
        out["tanggal"] = _date(data, "tanggal", "Tanggal rapat finalisasi", p)
        out["waktu"] = str(data.get("waktu", "")).strip()
        out["tempat"] = _need(data, "tempat", "Tempat rapat", p)
        out["pimpinan"] = str(data.get("pimpinan", "")).strip() or "Camat"
        out["peserta"] = _need(data, "peserta", "Daftar hadir (peserta)", p)
        out["agenda"] = _need(data, "agenda", "Agenda rapat", p)
        out["keputusan"] = _need(data, "keputusan", "Keputusan rapat", p)
        out["pembahasan"] = meeting_record.clean_list(data.get("pembahasan"))
        out["notulis"] = str(data.get("notulis", "") or "").strip()
        out["tamu"], guest_problems = meeting_record.clean_guests(data.get("tamu"))
        p.extend(guest_problems)
    elif kind == "serah":
        out["tanggal"] = _date(data, "tanggal", "Tanggal penyerahan", p)
        out["catatan"] = str(data.get("catatan", "")).strip()
    elif kind == "surat_pengantar":
        out["kepada"] = _need(data, "kepada", "Tujuan surat (Kepada)", p)
        out["tanggal"] = _date(data, "tanggal", "Tanggal surat", p)
        out["nomor"] = str(data.get("nomor", "") or "").strip()
        out["lampiran"] = str(data.get("lampiran", "") or "").strip()
    elif kind == "penggandaan":
        try:
            n = int(data.get("eksemplar"))
        except (TypeError, ValueError):
            n = 0
        if n < 1 or n > 1000:
            p.append("Jumlah eksemplar harus 1 sampai 1000.")
        out["eksemplar"] = n
    elif kind == "pengiriman":
        out["kepada"] = _need(data, "kepada", "Tujuan pengiriman", p)
        out["tanggal"] = _date(data, "tanggal", "Tanggal pengiriman", p)
        out["cara"] = _need(data, "cara", "Cara pengiriman", p)
        out["diterima_oleh"] = _need(data, "diterima_oleh", "Nama penerima", p)
        try:
            out["eksemplar"] = int(data.get("eksemplar") or 0)
        except (TypeError, ValueError):
            out["eksemplar"] = 0
    elif kind == "umum":
        out["catatan"] = _need(data, "catatan", "Catatan penyelesaian", p)
    return out, p


SIMPLE_KINDS = {"rapat_koordinasi", "himpun", "draft", "rapat_finalisasi", "serah",
                "surat_pengantar", "penggandaan", "pengiriman", "umum"}


def check_completion(db, user, year: int, step_no: int, data: dict | None) -> dict:
    """The clean Kelengkapan of completing single-run step ``step_no`` now; raises when
    ``user`` may not, the step is not open, or the Kelengkapan is incomplete."""
    cycle = get_cycle(db, year)
    _require_open(cycle)
    step = definition(db, cycle).step(step_no)
    if step.kind not in SIMPLE_KINDS:
        raise StateError(f"Langkah {step_no} diselesaikan melalui halamannya sendiri "
                         f"({step.kegiatan}).")
    _require_actor(user, step)
    _find_open(db, cycle, step)
    clean, problems = check_kelengkapan(step.kind, data or {})
    if step.kind == "himpun":
        problems += _compile_problems(db, cycle)
    if problems:
        raise ValidationError(f"Langkah {step_no} belum dapat diselesaikan: "
                              + " ".join(problems), problems=problems)
    return clean


def complete_step(db, user, year: int, step_no: int, data: dict | None = None,
                  now=None) -> Run:
    """Complete the open run of a single-run step with its Kelengkapan (a surat pengantar's
    number already taken: ``lib.services.workflow.complete_step``)."""
    now = now or clock.now()
    with immediate(db):
        clean = check_completion(db, user, year, step_no, data)
        cycle = get_cycle(db, year)
        defn = definition(db, cycle)
        step = defn.step(step_no)
        run = _find_open(db, cycle, step)
        if step.kind == "himpun":
            states = unit_states(db, cycle)
            compiled = [c for c, s in states.items()
                        if s["state"] == "dikirim" and s["compiled_round"] is None]
            for code in compiled:   # who submitted and when stays as it was
                db.execute("UPDATE unit_states SET compiled_round=? WHERE cycle_id=? AND "
                           "unit_id=?", [run.round, cycle.id, _unit_id(db, code)])
            clean["unit"] = compiled
        _close_run(db, run, user, now, data=clean)
        events.record(db, user, f"langkah.{step.kind}", at=now, year=year, step_no=step_no,
                      from_state="terbuka", to_state="selesai", details=clean)
        if step.kind == "himpun":
            review = defn.step_of_kind("periksa_unit")
            _open_run(db, cycle, review, now, round_=run.round)
        else:
            _advance(db, cycle, defn, step, now)
        _bump(db, cycle)
        return _run_by_id(db, cycle, run.id)


def _compiled_units(db, cycle: Cycle, defn: Definition, rnd: int) -> list[str]:
    compile_no = defn.step_of_kind("himpun").no
    for r in runs(db, cycle):
        if r.step_no == compile_no and r.round == rnd and not r.open:
            return list(r.data.get("unit", []))
    return []


def _compile_problems(db, cycle: Cycle) -> list[str]:
    states = unit_states(db, cycle)
    waiting = [c for c, s in states.items() if s["state"] in ("belum_mulai", "draft",
                                                              "dikembalikan")]
    if waiting:
        return ["Masih ada unit yang belum mengirim format: " + ", ".join(waiting) + "."]
    return []


def note_unit_draft(db, user, year: int, unit_code: str, now=None) -> None:
    """Called by the format service when a unit saves: belum mulai/dikembalikan -> draft."""
    if not can(user, "format.edit", unit_code):
        raise PermissionDenied(f"Anda tidak berhak mengisi format unit {unit_code}.")
    cycle = find_cycle(db, year)
    if cycle is None or cycle.closed:
        return
    states = unit_states(db, cycle)
    st = states.get(unit_code)
    if st and st["state"] == "belum_mulai":
        _set_unit_state(db, cycle, unit_code, "draft", now or clock.now(), user)


def unit_can_edit(db, year: int, unit_code: str) -> tuple[bool, str]:
    """May the unit's form be changed now? (False, why) when locked."""
    cycle = find_cycle(db, year)
    if cycle is None:
        return True, ""
    if cycle.closed:
        return False, f"Siklus LAKIP {year} sudah selesai."
    st = unit_states(db, cycle).get(unit_code)
    if st is None:
        return True, ""
    if st["state"] == "dikirim":
        return False, "Format sudah dikirim dan menunggu pemeriksaan Sekcam."
    if st["state"] == "diterima":
        return False, "Format sudah diterima Sekcam."
    return True, ""


def check_submit(db, user, year: int, unit_code: str) -> None:
    """Raises when ``user`` may not send the form of ``unit_code`` now (step 3)."""
    cycle = get_cycle(db, year)
    _require_open(cycle)
    step = definition(db, cycle).step_of_kind("isi_format")
    _require_actor(user, step, unit_code)
    _find_open(db, cycle, step, unit_code=unit_code)


def submit_unit(db, user, year: int, unit_code: str, now=None) -> None:
    """Step 3 for one unit: the Kasi/Kasubbag sends the unit's format (the form checked
    first by ``lib.services.workflow.submit_unit``)."""
    now = now or clock.now()
    with immediate(db):
        check_submit(db, user, year, unit_code)
        cycle = get_cycle(db, year)
        defn = definition(db, cycle)
        step = defn.step_of_kind("isi_format")
        run = _find_open(db, cycle, step, unit_code=unit_code)
        before = unit_states(db, cycle)[unit_code]["state"]
        _close_run(db, run, user, now, data={"unit": unit_code})
        _set_unit_state(db, cycle, unit_code, "dikirim", now, user, round_=run.round,
                        compiled_round=None, keep_compiled=False)
        events.record(db, user, "unit.kirim", at=now, year=year, step_no=step.no,
                      unit_code=unit_code, from_state=before, to_state="dikirim",
                      details={"putaran": run.round})
        _maybe_open_compile(db, cycle, defn, now)
        _bump(db, cycle)


def _check_decision(decision: str, reason: str | None) -> str:
    reason = limits.text("cycle.reason", reason)
    if decision not in ("terima", "kembalikan"):
        raise ValidationError("Keputusan harus 'terima' atau 'kembalikan'.")
    if decision == "kembalikan" and not reason:
        raise ValidationError("Alasan pengembalian wajib diisi.")
    return reason


def review_unit(db, user, year: int, unit_code: str, decision: str, reason: str = "",
                now=None) -> None:
    """Step 5 for one unit: Sekcam accepts (``terima``) or returns (``kembalikan``)."""
    now = now or clock.now()
    reason = _check_decision(decision, reason)
    with immediate(db):
        cycle = get_cycle(db, year)
        _require_open(cycle)
        defn = definition(db, cycle)
        step = defn.step_of_kind("periksa_unit")
        _require_actor(user, step)
        st = unit_states(db, cycle).get(unit_code)
        if st is None or st["state"] != "dikirim" or st["compiled_round"] is None:
            state = UNIT_STATES.get(st["state"], "-") if st else "belum ada"
            if st and st["state"] in ("diterima", "dikembalikan"):
                raise StateError(f"Unit {unit_code} sudah diputuskan ({state.lower()}) oleh "
                                 f"{st['updated_by_name']} pada "
                                 f"{format_datetime(clock.parse(st['updated_at']))}.")
            raise StateError(f"Unit {unit_code} belum dapat diperiksa (status: {state}); "
                             "format harus dikirim dan dihimpun dulu.")
        rnd = st["compiled_round"]
        review_run = _find_open(db, cycle, step, round_=rnd)
        if decision == "terima":
            _set_unit_state(db, cycle, unit_code, "diterima", now, user)
            to = "diterima"
        else:
            fill = defn.step_of_kind("isi_format")
            new_round = st["round"] + 1
            _open_run(db, cycle, fill, now, unit_code=unit_code, round_=new_round)
            _set_unit_state(db, cycle, unit_code, "dikembalikan", now, user, reason=reason,
                            round_=new_round, compiled_round=None, keep_compiled=False)
            to = "dikembalikan"
        decisions = dict(review_run.data.get("keputusan", {}))
        decisions[unit_code] = {"keputusan": to, "alasan": reason, "oleh": user.name,
                                "pada": clock.iso(now)}
        db.execute("UPDATE step_runs SET data=? WHERE id=?",
                   [json.dumps({"keputusan": decisions}, ensure_ascii=False), review_run.id])
        events.record(db, user, f"unit.{decision}", at=now, year=year, step_no=step.no,
                      unit_code=unit_code, from_state="dikirim", to_state=to, reason=reason or None,
                      details={"putaran": rnd})
        # the round is complete when every unit it compiled is decided
        states = unit_states(db, cycle)
        compiled_here = _compiled_units(db, cycle, defn, rnd)
        decided = set(decisions)
        if set(compiled_here) <= decided:
            any_returned = any(d["keputusan"] == "dikembalikan" for d in decisions.values())
            _close_run(db, _run_by_id(db, cycle, review_run.id), user, now,
                       outcome="dikembalikan" if any_returned else "diterima",
                       data={"keputusan": decisions})
        if (all(s["state"] == "diterima" for s in states.values())
                and not any(r.open for r in runs(db, cycle) if r.step_no == step.no)):
            events.record(db, user, "langkah.periksa_unit", at=now, year=year, step_no=step.no,
                          from_state="terbuka", to_state="selesai",
                          details={"semua_unit": "diterima"})
            _advance(db, cycle, defn, step, now)
        else:
            _maybe_open_compile(db, cycle, defn, now)
        _bump(db, cycle)


def review_draft(db, user, year: int, decision: str, reason: str = "", now=None) -> None:
    """Step 7: Sekcam accepts the draft or returns it to the draft step with a reason."""
    _decide(db, user, year, "koreksi_draft", decision, reason, now)


def approve(db, user, year: int, now=None) -> None:
    """Step 10: the Camat approves (one click); ``lib.services.workflow.approve`` then
    freezes the final report in the same transaction."""
    _decide(db, user, year, "persetujuan", "terima", "", now)


def return_from_approval(db, user, year: int, reason: str, now=None) -> None:
    _decide(db, user, year, "persetujuan", "kembalikan", reason, now)


def _decide(db, user, year, kind, decision, reason, now) -> None:
    now = now or clock.now()
    reason = _check_decision(decision, reason)
    with immediate(db):
        cycle = get_cycle(db, year)
        _require_open(cycle)
        defn = definition(db, cycle)
        step = defn.step_of_kind(kind)
        _require_actor(user, step)
        run = _find_open(db, cycle, step)
        if decision == "terima":
            _close_run(db, run, user, now, outcome="diterima", data={"keputusan": "diterima"})
            events.record(db, user, f"langkah.{kind}", at=now, year=year, step_no=step.no,
                          from_state="terbuka", to_state="diterima",
                          details={"putaran": run.round, "versi": run.version})
            _advance(db, cycle, defn, step, now)
        else:
            target = defn.step(step.return_to)
            _close_run(db, run, user, now, outcome="dikembalikan", reason=reason,
                       data={"keputusan": "dikembalikan"})
            _open_run(db, cycle, target, now, version=cycle.version)
            events.record(db, user, f"langkah.{kind}", at=now, year=year, step_no=step.no,
                          from_state="terbuka", to_state="dikembalikan", reason=reason,
                          details={"putaran": run.round, "kembali_ke": target.no})
        _bump(db, cycle)


def reopen(db, user, year: int, reason: str, now=None) -> Cycle:
    """After approval: back to the draft step as a new LAKIP version; the old stays archived."""
    now = now or clock.now()
    require(user, "cycle.reopen")
    reason = limits.text("cycle.reason", reason)
    if not reason:
        raise ValidationError("Alasan membuka kembali wajib diisi.")
    with immediate(db):
        cycle = get_cycle(db, year)
        defn = definition(db, cycle)
        if approved_version(db, cycle) is None:
            raise StateError(f"LAKIP {year} versi {cycle.version} belum disetujui; "
                             "belum ada yang perlu dibuka kembali.")
        for r in runs(db, cycle):
            if r.open:
                _close_run(db, r, user, now, outcome="dibatalkan", reason=reason)
        new_version = cycle.version + 1
        db.execute("UPDATE cycles SET version=?, status='berjalan', closed_at=NULL WHERE id=?",
                   [new_version, cycle.id])
        cycle = get_cycle(db, year)
        _open_run(db, cycle, defn.step_of_kind("draft"), now, version=new_version)
        events.record(db, user, "siklus.buka_kembali", at=now, year=year,
                      step_no=defn.step_of_kind("draft").no,
                      from_state=f"versi {new_version - 1} disetujui",
                      to_state=f"versi {new_version}", reason=reason)
        _bump(db, cycle)
        return get_cycle(db, year)


# ------------------------------------------------------------------ what users see
def available_actions(db, user, year: int | None = None, now=None) -> list[Action]:
    """What ``user`` can do now (one entry per button), for one year or all running ones."""
    now = now or clock.now()
    out: list[Action] = []
    if user is None:
        return out
    cycles = [find_cycle(db, year)] if year is not None else list_cycles(db)
    cycles = [c for c in cycles if c is not None]
    if "camat" in user.roles:
        y = year if year is not None else default_year(now)
        if find_cycle(db, y) is None:
            try:
                first = load_current(db).steps[0]
                if _may_act(user, first):
                    out.append(Action("mulai", y, first.no, None,
                                      f"Perintahkan penyusunan LAKIP {y}"))
            except NotFound:
                pass
    for cycle in cycles:
        defn = definition(db, cycle)
        states = unit_states(db, cycle)
        for run in open_runs(db, cycle):
            step = defn.step(run.step_no)
            if not _may_act(user, step, run.unit_code):
                continue
            if step.kind == "isi_format":
                st = states.get(run.unit_code, {})
                out.append(Action(step.kind, cycle.year, step.no, run.unit_code,
                                  f"Isi dan kirim format {run.unit_code} ({cycle.year})",
                                  run.id, run.opened_at,
                                  st.get("reason") if st.get("state") == "dikembalikan"
                                  else None))
            elif step.kind == "periksa_unit":
                compiled = [c for c, s in states.items() if s["state"] == "dikirim"
                            and s["compiled_round"] == run.round]
                for code in compiled:
                    out.append(Action(step.kind, cycle.year, step.no, code,
                                      f"Periksa format {code} ({cycle.year})", run.id,
                                      run.opened_at))
            else:
                reason = None
                if step.kind == "draft" and run.round > 1:
                    prev = [r for r in runs(db, cycle) if r.outcome == "dikembalikan"
                            and r.version == cycle.version and r.reason]
                    reason = prev[-1].reason if prev else None
                out.append(Action(step.kind, cycle.year, step.no, None,
                                  f"Langkah {step.no}: {step.kegiatan} ({cycle.year})",
                                  run.id, run.opened_at, reason))
        if "camat" in user.roles:
            approval = defn.step_of_kind("persetujuan")
            if approved_version(db, cycle) is not None:
                out.append(Action("buka_kembali", cycle.year, approval.no, None,
                                  f"Buka kembali LAKIP {cycle.year} (versi baru)"))
    return out


def timeline(db, year: int, now=None) -> list[dict]:
    """One row per run (per unit for step 3, per round for loops), with office minutes;
    steps never opened are listed with empty times."""
    now = now or clock.now()
    cycle = get_cycle(db, year)
    defn = definition(db, cycle)
    cal = office_calendar.calendar(db)
    unit_names = {u.code: u.name for u in office.list_units(db)}
    rows = []
    all_runs = runs(db, cycle)
    for step in defn.steps:
        rs = [r for r in all_runs if r.step_no == step.no]
        if not rs:
            rows.append({"No": step.no, "Kegiatan": step.kegiatan, "Pelaksana": step.actor_label,
                         "Unit": "", "Versi": None, "Putaran": None, "Dibuka": None,
                         "Selesai": None, "Oleh": "", "Hasil": "", "Menit kerja": None,
                         "Mutu Baku (menit)": step.minutes, "Selisih (menit)": None,
                         "Alasan": ""})
            continue
        for r in rs:
            opened = clock.parse(r.opened_at)
            end = clock.parse(r.completed_at) if r.completed_at else None
            minutes = cal.office_minutes(opened, end or now)
            rows.append({
                "No": step.no, "Kegiatan": step.kegiatan, "Pelaksana": step.actor_label,
                "Unit": unit_names.get(r.unit_code, "") if r.unit_code else "",
                "Versi": r.version, "Putaran": r.round, "Dibuka": opened,
                "Selesai": end, "Oleh": r.completed_by_name or "",
                "Hasil": {"selesai": "Selesai", "diterima": "Diterima",
                          "dikembalikan": "Dikembalikan", "dibatalkan": "Dibatalkan"}.get(
                              r.outcome or "", "Berjalan"),
                "Menit kerja": minutes,
                "Mutu Baku (menit)": step.minutes,
                "Selisih (menit)": minutes - step.minutes,
                "Alasan": r.reason or "",
            })
    return rows


TIMELINE_HEADERS = ["No", "Kegiatan", "Pelaksana", "Unit", "Versi", "Putaran", "Dibuka",
                    "Selesai", "Oleh", "Hasil", "Menit kerja", "Mutu Baku (menit)",
                    "Selisih (menit)", "Alasan"]


def export_timeline(db, year: int, fmt: str = "xlsx", now=None) -> bytes:
    """The timeline as .xlsx (real datetimes) or .csv (UTF-8 BOM, ';', decimal comma)."""
    rows = timeline(db, year, now=now)
    if fmt not in ("xlsx", "csv"):
        raise ValidationError("Format ekspor harus xlsx atau csv.")

    def cell(v):
        if isinstance(v, dt.datetime):
            local = v.astimezone(clock.TZ).replace(tzinfo=None)
            return local if fmt == "xlsx" else local.strftime("%d-%m-%Y %H:%M")
        return "" if v is None else v

    table = [[cell(r[h]) for h in TIMELINE_HEADERS] for r in rows]
    if fmt == "xlsx":
        return excel.write_table_xlsx(TIMELINE_HEADERS, table, sheet_name=f"Linimasa {year}")
    return excel.write_table_csv(TIMELINE_HEADERS, table)
