"""The LKjIP's editable narrative sections of one year, stored in the ``narratives``
table (``lib.narrative_defaults.SECTIONS``). The per-sasaran analysis of Bab III is
``lib.lkjip.analyses`` (keyed by the sasaran's identity since migration m009; rows
``analisis:...`` whose sasaran could not be found stay in this table, unused).

Storage: one row per (year, section key). A text
never saved is absent: the report then uses the default of
``lib.narrative_defaults`` (filled with the kecamatan's name and the year), so a
profile change still reaches untouched sections.

Only the head of the ``pep`` unit may save (access ``narrative.edit``).
Concurrency is optimistic per text: the editor sends the ``rev`` it loaded
(0 for a text never saved); a save made on a stale rev is refused with
``Conflict`` and nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass

from db import immediate
from lib import clock, cycles, events, limits, narrative_defaults, office
from lib.lkjip import analyses as lkjip_analyses
from lib.access import require
from lib.errors import Conflict, StateError, ValidationError

ANALYSIS_PREFIX = "analisis:"   # rows left from before m009 (never read as sections)
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Text:
    section: str          # storage key
    title: str
    text: str             # the stored text, or the filled default
    stored: bool
    rev: int              # 0 when never saved
    updated_by_name: str = ""
    updated_at: str = ""


def _fill_kw(db, year: int) -> dict:
    profile = office.get_profile(db)
    return dict(kecamatan=profile.get("kecamatan") or "", kabupaten=profile.get("pemerintah") or "",
                year=year, title=office.get_setting(db, "report_title") or "LAKIP")


def _stored(db, year: int) -> dict[str, dict]:
    return {r["section"]: dict(r) for r in db.query(
        "SELECT * FROM narratives WHERE year = ?", [year])}


def get_narratives(db, year: int) -> dict[str, str]:
    """Saved narrative sections (key -> text as typed); unsaved keys are absent."""
    return {k: v["text"] for k, v in _stored(db, year).items()
            if not k.startswith(ANALYSIS_PREFIX)}


def get_analyses(db, year: int) -> dict[str, dict[str, str]]:
    """The saved analyses by normalised sasaran text -> {field: text} (written fields
    only): the shape the report service read before m009. New code reads
    ``lib.lkjip.analyses.for_year`` (keyed by sasaran id)."""
    names = {r["id"]: " ".join(r["text"].split())
             for r in db.query("SELECT id, text FROM renstra_sasaran")}
    out: dict[str, dict[str, str]] = {}
    for sid, a in lkjip_analyses.for_year(db, year).items():
        fields = {k: getattr(a, k) for k in lkjip_analyses.FIELD_KEYS if getattr(a, k)}
        if fields and sid in names:
            out[names[sid]] = fields
    return out


def sections(db, year: int) -> list[Text]:
    """Every narrative section in report order, with its text for the editor."""
    kw = _fill_kw(db, year)
    stored = _stored(db, year)
    out = []
    for key, title, _ in narrative_defaults.SECTIONS:
        row = stored.get(key)
        if row is None:
            out.append(Text(key, title, narrative_defaults.default_text(key, **kw), False, 0))
        else:
            out.append(Text(key, title, row["text"], True, row["rev"],
                            row["updated_by_name"] or "", row["updated_at"] or ""))
    return out


def _check_editable(db, year: int) -> None:
    cycle = cycles.find_cycle(db, year)
    if cycle is None:
        return
    if cycles.approved_version(db, cycle) is not None:
        raise StateError(f"LAKIP {year} versi {cycle.version} sudah disetujui Camat; naskah "
                         "tidak dapat diubah kecuali Camat membukanya kembali.")


def _valid_section(section: str) -> bool:
    return section in narrative_defaults.SECTION_KEYS


def save(db, user, year: int, texts: dict[str, str], expected: dict[str, int],
         now=None) -> int:
    """Save the edited ``texts`` (section -> text) loaded at revs ``expected``
    (section -> rev, 0 for a default). Texts equal to what is in effect are
    skipped. Returns the number of texts written."""
    require(user, "narrative.edit")
    problems = []
    clean: dict[str, str] = {}
    for section, text in (texts or {}).items():
        if not _valid_section(section):
            problems.append(f"Bagian naskah '{section}' tidak dikenal.")
            continue
        text = str(text or "").replace("\r\n", "\n").strip()
        if limits.has_control(text):
            problems.append(f"Teks '{section}' memuat karakter kendali (mis. NUL) yang tidak "
                            "dapat disimpan.")
            continue
        if len(text) > MAX_TEXT:
            problems.append(f"Teks '{section}' terlalu panjang (maksimal {MAX_TEXT} karakter).")
            continue
        clean[section] = text
    if problems:
        raise ValidationError("Naskah belum dapat disimpan: " + " ".join(problems),
                              problems=problems)
    now = now or clock.now()
    kw = _fill_kw(db, year)
    written = 0
    with immediate(db):
        _check_editable(db, year)
        stored = _stored(db, year)
        for section, text in clean.items():
            row = stored.get(section)
            rev = row["rev"] if row else 0
            if int(expected.get(section, 0)) != rev:
                who = row["updated_by_name"] if row else "pengguna lain"
                raise Conflict(f"Naskah sudah diubah oleh {who} sejak Anda membukanya; muat "
                               "ulang halaman lalu ulangi perubahan Anda.")
        for section, text in clean.items():
            row = stored.get(section)
            if row is not None:
                if row["text"] == text:
                    continue
            else:
                if text == narrative_defaults.default_text(section, **kw).strip():
                    continue  # untouched default: keep following the profile
            stamp = {"updated_at": clock.iso(now), "updated_by_name": user.name}
            if row is None:
                db["narratives"].insert({"year": year, "section": section, "text": text,
                                         "rev": 1, **stamp})
            else:
                db.execute("UPDATE narratives SET text=?, rev=rev+1, updated_at=?, "
                           "updated_by_name=? WHERE year=? AND section=?",
                           [text, stamp["updated_at"], user.name, year, section])
            written += 1
        if written:
            events.record(db, user, "naskah.simpan", at=now, year=year,
                          details={"bagian": sorted(s for s in clean
                                                    if clean[s] != (stored.get(s) or {}).get(
                                                        "text"))[:50], "jumlah": written})
    return written
