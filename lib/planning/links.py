"""What ties the year's form rows to the planning facts by identity: the programme
(column 6), the Renstra sasaran and the indicator card.

The form services call ``attach`` in their own transaction after they wrote rows
(master save, unit row, import, "Salin dari tahun lalu"): a row whose column-6 text
or sasaran text equals a programme / sasaran of its year exactly (trim/case) points
at it, one whose text matches none points at nothing (listed for a person to
resolve; never guessed), and every row gets its card.

The Excel import resolves column 6 in its preview (``import_programs``): every text
that names no programme of the year is listed, and the importing user chooses a
programme for it (or "create one") before the import can be saved.
"""
from __future__ import annotations

from lib import clock, events
from lib.access import can
from lib.errors import PermissionDenied, ValidationError
from lib.planning import cards, limits

NEW = "baru"   # an import choice: create a programme with the text as its name


def attach(db, year: int, row_ids=None, *, user_name: str = "Perkin", now=None) -> None:
    """Point rows of ``year`` (all, or ``row_ids``) at the programme and sasaran their
    texts name exactly, and give each its card. Runs in the caller's transaction."""
    progs = {r[1]: (r[0], r[2]) for r in db.execute(
        "SELECT id, name_key, name FROM programs WHERE year = ?", [year])}
    sasaran = {limits.key(r[1]): (r[0], r[1]) for r in db.execute(
        "SELECT s.id, s.text FROM renstra_sasaran s JOIN renstra_periods p ON p.id = s.period_id "
        "WHERE p.start_year <= ? AND p.end_year >= ?", [year, year])}
    sql = "SELECT id, program, program_id, sasaran, sasaran_id FROM indicators WHERE year = ?"
    params: list = [year]
    if row_ids is not None:
        ids = [int(i) for i in row_ids]
        if not ids:
            return
        sql += f" AND id IN ({','.join('?' * len(ids))})"
        params += ids
    for r in db.execute(sql, params).fetchall():
        row_id, program, program_id, text, sasaran_id = r
        pid, name = progs.get(limits.key(program), (None, program))
        sid, wording = sasaran.get(limits.key(text), (None, text))
        if (pid, sid, name, wording) != (program_id, sasaran_id, program, text):
            # a matched text is written as the programme's / sasaran's own wording
            db.execute("UPDATE indicators SET program_id = ?, sasaran_id = ?, program = ?, "
                       "sasaran = ? WHERE id = ?", [pid, sid, name, wording, row_id])
    cards.link_rows(db, year, now, user_name)


def capaian_by_program(rows: list[dict]) -> dict[int, float]:
    """Average computable capaian of the rows of each programme (by identity), for
    the efficiency of Bab III B. ``rows`` are form rows with ``program_id``."""
    acc: dict[int, list[float]] = {}
    for r in rows:
        if r.get("program_id") and r.get("capaian_status") == "ok" and \
                r.get("capaian") is not None:
            acc.setdefault(r["program_id"], []).append(r["capaian"])
    return {pid: sum(v) / len(v) for pid, v in acc.items()}


def unmatched_programs(db, year: int, texts) -> list[str]:
    """The column-6 texts of an import that name no programme of ``year`` (each once).
    Empty when the year has no programme list yet: texts are then kept as typed."""
    if not db.execute("SELECT 1 FROM programs WHERE year = ?", [year]).fetchone():
        return []
    from lib.planning import programs

    return programs.match(db, year, texts)[1]


def import_programs(db, user, year: int, texts, choices: dict | None, now=None) -> dict[str, str]:
    """Resolve the column-6 texts of an import: ``{text: programme name}`` to write.
    ``choices`` maps each unmatched text to a programme id of ``year`` or ``NEW``.
    Raises ValidationError listing every unmatched text without a choice. Runs in the
    caller's transaction (programmes created here roll back with the import)."""
    unmatched = unmatched_programs(db, year, texts)
    if not unmatched:
        return {}
    choices = choices or {}
    missing = [t for t in unmatched if choices.get(t) in (None, "")]
    if missing:
        raise ValidationError("Program di kolom 6 belum dipilih untuk: "
                              + "; ".join(f"'{t}'" for t in missing[:10])
                              + ". Pilih program yang dimaksud (atau buat program baru) di "
                              "pratinjau.", problems=[f"Program '{t}' belum dipilih."
                                                      for t in missing])
    names = {r[0]: r[1] for r in db.execute("SELECT id, name FROM programs WHERE year = ?",
                                            [year])}
    out: dict[str, str] = {}
    for text in unmatched:
        choice = choices[text]
        if choice == NEW:
            if not can(user, "program.edit"):
                raise PermissionDenied(f"Anda tidak berhak membuat program baru ('{text}'); "
                                       "pilih program yang ada atau minta Sekcam "
                                       "menambahkannya.")
            p: list[str] = []
            name = " ".join(limits.text(text, "programs.name", "Nama program", p,
                                        required=True).split())
            limits.fail("Program baru dari impor belum benar:", p)
            sort = db.execute("SELECT COALESCE(MAX(sort), 0) + 1 FROM programs WHERE year = ?",
                              [year]).fetchone()[0]
            now = now or clock.now()
            db["programs"].insert({"year": year, "name": name, "name_key": limits.key(name),
                                   "sort": sort, "updated_at": clock.iso(now),
                                   "updated_by_name": user.name})
            events.record(db, user, "program.simpan", at=now, year=year,
                          details={"name": name, "dari_impor": True})
            out[text] = name
        else:
            try:
                pid = int(choice)
            except (TypeError, ValueError):
                pid = None
            if pid not in names:
                raise ValidationError(f"Program pilihan untuk '{text}' bukan program tahun "
                                      f"{year}.")
            out[text] = names[pid]
    return out
