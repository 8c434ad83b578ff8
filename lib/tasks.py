""""Tugas saya": what a user can do now, as cards that name their unit and lead to
the page, year, unit or step the work is done on.

A card's ``focus`` is plain data (page path, year, unit code, step number); the
Streamlit glue (pages/_ui.py) hands it to the target page, which selects it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lib import cycles, office

# the page each kind of action is done on
TARGET_PAGE = {
    "isi_format": "pages/formulir.py",
    "periksa_unit": "pages/pemeriksaan.py",
    "himpun": "pages/rekap.py",
    "draft": "pages/penyusunan.py",
    "mulai": "pages/persetujuan.py",
    "persetujuan": "pages/persetujuan.py",
    "buka_kembali": "pages/persetujuan.py",
}
DEFAULT_PAGE = "pages/siklus.py"


@dataclass(frozen=True)
class Task:
    kind: str
    step_no: int | None
    year: int | None
    unit_code: str | None
    title: str
    page: str
    opened_at: str | None = None
    reason: str | None = None
    focus: dict = field(default_factory=dict)


def _year_of(db, action: cycles.Action) -> int | None:
    year = getattr(action, "year", None)
    if year is not None:
        return year
    if action.run_id is not None:
        row = db.execute("SELECT c.year FROM step_runs r JOIN cycles c ON c.id = r.cycle_id "
                         "WHERE r.id = ?", [action.run_id]).fetchone()
        if row:
            return row[0]
    tail = action.label.rsplit("LAKIP ", 1)[-1].split(" ")[0].strip("()")
    return int(tail) if tail.isdigit() else None


def title(db, action: cycles.Action, year: int | None = None) -> str:
    """The card's title, naming the unit by its name (not its code)."""
    year = year if year is not None else _year_of(db, action)
    name = None
    if action.unit_code:
        try:
            name = office.get_unit(db, action.unit_code).name
        except Exception:
            name = action.unit_code
    if action.kind == "isi_format":
        return f"Isi dan kirim format {name} ({year})"
    if action.kind == "periksa_unit":
        return f"Periksa format {name} ({year})"
    return action.label


def task(db, action: cycles.Action) -> Task:
    year = _year_of(db, action)
    page = TARGET_PAGE.get(action.kind, DEFAULT_PAGE)
    focus = {"page": page, "year": year, "unit": action.unit_code, "step": action.step_no,
             "kind": action.kind}
    return Task(action.kind, action.step_no, year, action.unit_code, title(db, action, year),
                page, action.opened_at, action.reason, focus)


def my_tasks(db, user, now=None) -> list[Task]:
    """Every card of "Tugas saya": returned work first, then the longest waiting."""
    actions = [a for a in cycles.available_actions(db, user, now=now)
               if a.kind != "buka_kembali"]
    ordered = sorted(actions, key=lambda a: (a.reason is None, a.opened_at or ""))
    return [task(db, a) for a in ordered]
