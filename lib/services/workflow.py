"""The SOP's transitions as user actions: the state machine's step and what follows it.

Each function checks the acting user (through the state machine's own checks,
which run before anything is written), runs ``lib.cycles`` and then what
follows, all inside one ``immediate`` transaction, so either everything is
recorded or nothing is:

- ``start_cycle`` (step 1): the nota dinas number taken from the register, then
  the cycle started;
- ``submit_unit`` (step 3): the unit's form checked (every row a readable
  realisasi or 'belum berjalan'), then the submission recorded;
- ``complete_step`` (single-run steps; step 4 compiles): "Draft selesai" (step 6)
  refused while the readiness check (``lib.lkjip.readiness``) lists blocking items its
  actor can fix; a surat pengantar's number taken from the register (step 11), then
  the step completed;
- ``review_unit``, ``withdraw_decision`` (lib.decisions), ``review_draft``,
  ``return_from_approval``, ``reopen``: the transition alone (nothing follows yet; add it here when something does);
- ``approve`` (step 10): refused while any blocking item of the readiness check
  remains (the reviu among them when the setting ``reviu_required`` is on); the
  approval recorded, the final LAKIP rendered
  (no DRAFT, a fresh verification code in every footer) and stored in the
  archive with its SHA-256.
"""
from __future__ import annotations

import datetime as dt

from db import immediate
from lib import archive, clock, cycles, decisions, register
from lib.format import unit_form
from lib.documents.lakip import render_lakip
from lib.errors import ValidationError
from lib.lkjip import readiness
from lib.services import documents


def start_cycle(db, user, year: int, *, nota_number: str = "", nota_date: dt.date | None = None,
                use_register: bool = False, now=None) -> cycles.Cycle:
    """Step 1: the Camat orders the LAKIP of ``year``; the nota dinas number is the one
    typed from the agenda book, or the register's next one."""
    now = now or clock.now()
    with immediate(db):
        cycles.check_start(db, user, year, now)
        nota_date = nota_date or now.date()
        typed = "" if use_register else (nota_number or "").strip()
        letter = register.take(db, user, doc_type="nota-dinas", date=nota_date,
                               subject=f"Perintah penyusunan LAKIP tahun {year}",
                               cycle_year=year, typed_number=typed or None, now=now)
        return cycles.start_cycle(db, user, year, nota_number=letter["number"],
                                  nota_date=nota_date, now=now)


def submit_unit(db, user, year: int, unit_code: str, now=None) -> None:
    """Step 3 (Kirim): the unit's form is checked, then its submission recorded."""
    now = now or clock.now()
    with immediate(db):
        cycles.check_submit(db, user, year, unit_code)
        problems = [p.text for p in unit_form.form_problems(db, year, unit_code)]
        if problems:
            raise ValidationError("Format belum dapat dikirim: " + " ".join(problems[:10]),
                                  problems=problems)
        cycles.submit_unit(db, user, year, unit_code, now=now)


def complete_step(db, user, year: int, step_no: int, data: dict | None = None,
                  now=None) -> cycles.Run:
    """A single-run step completed with its Kelengkapan; the surat pengantar (step 11)
    first takes its number from the register (typed, or the next one)."""
    now = now or clock.now()
    with immediate(db):
        clean = cycles.check_completion(db, user, year, step_no, data)
        step = cycles.definition(db, cycles.get_cycle(db, year)).step(step_no)
        if step.kind == "draft":
            _refuse_unready(readiness.blocking_for(readiness.check(db, year), user),
                            "Draft belum dapat dikirim ke Sekcam")
        if step.kind == "surat_pengantar":
            letter = register.take(db, user, doc_type="surat-pengantar",
                                   date=dt.date.fromisoformat(clean["tanggal"]),
                                   subject=f"Pengiriman LAKIP tahun {year}", cycle_year=year,
                                   typed_number=clean["nomor"] or None, now=now)
            clean["nomor"] = letter["number"]
        return cycles.complete_step(db, user, year, step_no, clean, now=now)


def _refuse_unready(items: list, what: str) -> None:
    """ValidationError listing the blocking readiness items (nothing is recorded: the
    caller's transaction rolls back)."""
    if items:
        raise ValidationError(f"{what}: masih ada {len(items)} butir yang wajib dilengkapi "
                              "(Kesiapan LKjIP): " + readiness.summary_message(items),
                              problems=[i.line() for i in items])


def review_unit(db, user, year: int, unit_code: str, decision: str, reason: str = "",
                now=None) -> None:
    """Step 5 for one unit: Sekcam accepts (``terima``) or returns (``kembalikan``)."""
    cycles.review_unit(db, user, year, unit_code, decision, reason, now=now)


def withdraw_decision(db, user, year: int, unit_code: str, reason: str, now=None) -> str:
    """Step 5: the Sekcam takes back a Terima or Kembalikan on ``unit_code`` while nothing
    is built on it (lib.decisions); the transition alone. Returns the decision withdrawn."""
    return decisions.withdraw(db, user, year, unit_code, reason, now=now)


def review_draft(db, user, year: int, decision: str, reason: str = "", now=None) -> None:
    """Step 7: Sekcam accepts the draft or returns it with a reason."""
    cycles.review_draft(db, user, year, decision, reason, now=now)


def approve(db, user, year: int, now=None) -> dict:
    """Step 10: the Camat approves; the final LAKIP of the current version is rendered
    once and stored in the archive. Returns the archived final."""
    now = now or clock.now()
    with immediate(db):
        cycles.approve(db, user, year, now=now)
        _refuse_unready(readiness.check(db, year).blocking,
                        f"LKjIP {year} belum dapat disetujui")
        version = cycles.get_cycle(db, year).version
        existing = archive.get_final(db, year, version)
        if existing is not None:  # approved, reopened... never re-rendered
            return existing
        code = archive.unused_code(db)
        report, _warnings = documents.lakip_report(db, year, draft=False, verify_code=code,
                                                   approved_at=now, version=version)
        data = render_lakip(report, creation_date=now)
        return archive.store_final(
            db, user, year, version, data, code=code,
            filename=documents.lakip_filename(db, year, version, final=True), now=now)


def return_from_approval(db, user, year: int, reason: str, now=None) -> None:
    """Step 10 refused: the Camat returns the report to the draft step with a reason."""
    cycles.return_from_approval(db, user, year, reason, now=now)


def reopen(db, user, year: int, reason: str, now=None) -> cycles.Cycle:
    """After approval: a new LAKIP version from the draft step; the old final stays."""
    return cycles.reopen(db, user, year, reason, now=now)
