"""Every paper of a year in one zip: what the kecamatan hands to Bagian Organisasi.

``export_documents(db, year)`` returns ``(zip_bytes, filename, warnings)``: each
paper as PDF and as Word (.docx, from the same data), the unit formats of every
supplying unit, the Perjanjian Kinerja in force, the approved LAKIP exactly as
archived (its .docx a working copy), the rekap .xlsx, the signed scans of the
archive, and ``MANIFEST.txt`` with every file's SHA-256 and size.

One export per year at a time: a second request for the same year waits up
to ``wait`` seconds for the first, then says so (``Conflict``). The lock is a
file beside the database, so two processes (the app and ``run.py``) see it
too; a lock left by a process that died is taken over.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from lib import archive, clock, office, spelling
from lib.errors import Conflict, NotFound, PerkinError
from lib.services import documents

STALE_AFTER_S = 15 * 60


def _lock_path(db, year: int) -> Path:
    row = db.execute("PRAGMA database_list").fetchone()
    base = Path(row[2]).parent if row and row[2] else Path.cwd()
    return base / "exports" / f".export-{year}.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@contextmanager
def year_lock(db, year: int, *, wait: float = 0.0):
    """Held while the zip of ``year`` is built; ``Conflict`` when another build
    of the same year still runs after ``wait`` seconds."""
    path = _lock_path(db, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            try:
                pid_text, started = path.read_text().split()[:2]
                stale = (not _alive(int(pid_text))
                         or time.time() - float(started) > STALE_AFTER_S)
            except (OSError, ValueError):
                stale = True
            if stale:
                path.unlink(missing_ok=True)
                continue
            if time.monotonic() >= deadline:
                raise Conflict(f"Semua dokumen tahun {year} sedang disusun untuk unduhan lain; "
                               "tunggu sebentar lalu coba lagi.") from None
            time.sleep(0.3)
            continue
        with os.fdopen(fd, "w") as f:
            f.write(f"{os.getpid()} {time.time()}\n")
        break
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _papers(db, year: int) -> list[tuple[str, str, Callable]]:
    """(doc, label, builder) for every paper of the year, in the SOP's order;
    a builder returns ``(Paper, warnings)``."""
    out = []
    for doc in documents.DOC_ORDER:
        if doc == "format":
            for unit in office.list_units(db, active_only=True, supplying_only=True):
                out.append((doc, f"Formulir {unit.name}",
                            lambda code=unit.code: documents.build_paper(db, "format", year,
                                                                         code)))
            continue
        out.append((doc, documents.DOC_LABELS[doc],
                    lambda doc=doc: documents.build_paper(db, doc, year)))
    from lib.planning import pk, pk_paper

    if pk.in_force(db, year) is not None:
        out.append(("pk", "Perjanjian Kinerja", lambda: pk_paper.build_paper(db, year)))
    return out


def export_documents(db, year: int, *, progress: Callable[[int, int, str], None] | None = None,
                     wait: float = 0.0, now: dt.datetime | None = None
                     ) -> tuple[bytes, str, list[str]]:
    """``(zip_bytes, filename, warnings)`` of every paper of ``year``;
    ``progress(done, total, label)`` is called as each file is made."""
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        from lib.errors import ValidationError
        raise ValidationError(f"Tahun laporan tidak valid: {year}.")
    now = now or clock.now()
    with year_lock(db, year, wait=wait):
        return _build(db, year, progress or (lambda *a: None), now)


def _build(db, year: int, progress, now: dt.datetime) -> tuple[bytes, str, list[str]]:
    from lib.format import rekap

    papers = _papers(db, year)
    scans = [e for e in archive.list_archive(db, year) if e["doc_type"] != "lakip"]
    total = len(papers) * 2 + 1 + len(scans) + 1
    done = 0
    files: list[tuple[str, bytes, str]] = []     # name, bytes, note
    warnings: list[str] = []
    seen: set[str] = set()

    def step(label: str) -> None:
        nonlocal done
        done += 1
        progress(done, total, label)

    for doc, label, build in papers:
        try:
            paper, w = build()
            pdf = paper.pdf()
        except (PerkinError, NotFound) as err:
            warnings.append(f"{label}: {err}")
            step(label)
            step(label)
            continue
        for x in w:                      # a profile warning once, not once per paper
            if x not in seen:
                seen.add(x)
                warnings.append(f"{label}: {x}")
        note = "FINAL seperti tersimpan di arsip" if paper.frozen else \
            ("" if doc != "lakip" else "draft")
        files.append((f"{paper.stem}.pdf", pdf, note))
        step(f"{label} (PDF)")
        docx = documents.docx_of(paper, pdf, now)
        files.append((f"{paper.stem}.docx", docx,
                      "salinan kerja, bukan dokumen terverifikasi" if paper.frozen else ""))
        step(f"{label} (Word)")
    files.append((f"rekap-format-{year}.xlsx", rekap.export_rekap(db, year, "xlsx"),
                  "rekapitulasi format (Excel)"))
    step("Rekap (.xlsx)")
    for e in scans:
        stored = archive.get_entry(db, e["id"])
        files.append((f"arsip/{e['id']}-{stored['filename']}", stored["content"],
                      archive.SCAN_KINDS.get(e["doc_type"], e["doc_type"])))
        step(e["title"])

    profile = office.get_profile(db)
    lines = [f"Dokumen Perencanaan Kinerja {profile.get('kecamatan') or ''} Tahun {year}".strip(),
             f"Disusun Perkin pada {spelling.format_datetime(now, wib=True)}.",
             "Berkas PDF adalah dokumen resmi; berkas Word (.docx) disusun dari data yang sama "
             "untuk diolah lebih lanjut. LAKIP final adalah PDF yang tersimpan di arsip, "
             "periksa dengan kode verifikasinya.",
             "", "SHA-256  ukuran (bita)  berkas  keterangan"]
    for name, data, note in files:
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {len(data)}  {name}"
                     + (f"  ({note})" if note else ""))
    manifest = ("\n".join(lines) + "\n").encode("utf-8")
    stamp = now.astimezone(clock.TZ).timetuple()[:6] if now.tzinfo else now.timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, _ in files + [("MANIFEST.txt", manifest, "")]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    step("MANIFEST.txt")
    return buf.getvalue(), f"dokumen-{year}.zip", warnings


__all__ = ["export_documents", "year_lock"]
