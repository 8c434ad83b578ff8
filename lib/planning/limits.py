"""The planning validators' text checks: each field's limit comes from the one table
of ``lib.limits`` (keys ``table.field``); problems are collected, not raised, so a
form names every wrong field at once."""
from __future__ import annotations

from lib import limits as limits_table
from lib.errors import ValidationError

# The planning fields' limits live in lib.limits (the one table of every text field);
# this module keeps the planning validators' way of collecting problems.
LIMITS = limits_table.LIMITS
MAX_LIST_ITEMS = 50


def text(value, key: str, label: str, problems: list[str], *, required: bool = False,
         where: str = "") -> str:
    """A cleaned text field (trimmed, CRLF -> LF); a problem when too long, missing
    or not text."""
    if value is None:
        value = ""
    if isinstance(value, float) and value != value:   # NaN from pandas = empty
        value = ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.append(f"{where}{label}: isian tidak valid.")
        return ""
    value = str(value).replace("\r\n", "\n").strip()
    if limits_table.has_control(value):
        problems.append(f"{where}{label} memuat karakter kendali (mis. NUL) yang tidak dapat "
                        "disimpan; ketik ulang tanpa menempelkan dari sumber lain.")
        return ""
    limit = LIMITS[key]
    if len(value) > limit:
        problems.append(f"{where}{label} terlalu panjang ({len(value)} karakter, maksimal "
                        f"{limit}).")
    if required and not value:
        problems.append(f"{where}{label} wajib diisi.")
    return value


def text_list(values, key: str, label: str, problems: list[str]) -> list[str]:
    """A list of texts (one per line when given as one string); empty items dropped."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, (list, tuple)):
        problems.append(f"{label}: isian tidak valid.")
        return []
    out = []
    for i, v in enumerate(values, 1):
        t = text(v, key, f"{label} butir {i}", problems)
        if t:
            out.append(t)
    if len(out) > MAX_LIST_ITEMS:
        problems.append(f"{label}: paling banyak {MAX_LIST_ITEMS} butir.")
    return out


def key(value: str) -> str:
    """The matching key of a name: trimmed, inner spaces collapsed, lower case."""
    return " ".join((value or "").split()).lower()


def fail(prefix: str, problems: list[str]) -> None:
    if problems:
        raise ValidationError(prefix + " " + " ".join(problems), problems=problems)
