"""What the Sekcam types at step 8 beyond the attendance of app users: the
guests (name, jabatan, instansi) and the lists of the notulen. Pure checks
with Indonesian messages; ``lib.cycles`` calls them when step 8 completes."""
from __future__ import annotations

GUEST_FIELDS = ("nama", "jabatan", "instansi")
GUEST_LABELS = {"nama": "Nama", "jabatan": "Jabatan", "instansi": "Instansi"}
GUEST_MAX = 60
GUEST_FIELD_MAX = 120


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:   # NaN from an emptied grid cell
        return ""
    return " ".join(str(value).split())


def guest_rows(text: str) -> list[dict]:
    """Lines ``Nama; Jabatan; Instansi`` (``;``, ``|`` or a tab between the
    parts, the last two optional) as rows; blank lines dropped."""
    rows = []
    for line in str(text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("|", ";").replace("\t", ";").split(";")]
        parts += [""] * (3 - len(parts))
        rows.append({"nama": parts[0], "jabatan": parts[1],
                     "instansi": "; ".join(p for p in parts[2:] if p)})
    return rows


def clean_guests(rows) -> tuple[list[dict], list[str]]:
    """Guests as ``[{"nama", "jabatan", "instansi"}]`` from rows or typed lines
    (``guest_rows``); fully empty rows are dropped; a row with a jabatan or
    instansi but no name is refused."""
    if rows is None:
        return [], []
    if isinstance(rows, str):
        rows = guest_rows(rows)
    if not isinstance(rows, (list, tuple)):
        return [], ["Daftar tamu harus berupa baris nama, jabatan dan instansi."]
    guests, problems = [], []
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            problems.append(f"Tamu baris {i} tidak terbaca.")
            continue
        g = {f: _text(row.get(f)) for f in GUEST_FIELDS}
        if not any(g.values()):
            continue
        if not g["nama"]:
            problems.append(f"Tamu baris {i}: nama wajib diisi (jabatan/instansi tanpa nama "
                            "tidak dapat dicetak di daftar hadir).")
        for f in GUEST_FIELDS:
            if len(g[f]) > GUEST_FIELD_MAX:
                problems.append(f"Tamu baris {i}: {GUEST_LABELS[f].lower()} terlalu panjang "
                                f"(paling banyak {GUEST_FIELD_MAX} karakter).")
        guests.append(g)
    if len(guests) > GUEST_MAX:
        problems.append(f"Tamu paling banyak {GUEST_MAX} orang.")
    return guests, problems


def clean_list(value) -> str:
    """A text area's lines, trimmed, blanks dropped, kept as text (one item a line)."""
    if value is None:
        return ""
    items = value if isinstance(value, (list, tuple)) else str(value).splitlines()
    return "\n".join(s for s in (" ".join(str(v).split()) for v in items) if s)


__all__ = ["GUEST_FIELDS", "GUEST_LABELS", "guest_rows", "clean_guests", "clean_list"]
