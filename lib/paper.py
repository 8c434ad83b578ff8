"""Paper, margins and the nota dinas tembusan as settings: the rules and the
Indonesian messages, with no database (``lib.office`` checks settings with
these; ``lib.letterhead`` saves them with the profile's website).

Margins are kept in centimetres, as the office's pedoman writes them; the
renderers turn them into millimetres (``lib.documents.base``).
"""
from __future__ import annotations

import re

from lib import limits

PAPERS = ("F4", "A4")
PAPER_LABELS = {"F4": "F4 / Folio (215 × 330 mm)", "A4": "A4 (210 × 297 mm)"}

MARGIN_MIN, MARGIN_MAX = 1.0, 5.0
MARGIN_SIDES = ("left", "right", "top", "bottom")
MARGIN_LABELS = {"left": "kiri", "right": "kanan", "top": "atas", "bottom": "bawah"}
DEFAULT_MARGINS = {"left": 3.0, "right": 2.0, "top": 2.0, "bottom": 2.5}

TEMBUSAN_MAX_ITEMS = 10
TEMBUSAN_MAX_CHARS = limits.LIMITS["setting.tembusan"]
WEBSITE_MAX_CHARS = limits.LIMITS["profile.website"]

_NUMBER = re.compile(r"^\s*(\d{1,2})(?:[.,](\d{1,2}))?\s*(?:cm)?\s*$", re.IGNORECASE)
_WEBSITE = re.compile(r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s]*)?$")


def parse_cm(value) -> float | None:
    """``2,5`` / ``2.5`` / ``"3 cm"`` / ``3`` -> centimetres; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    m = _NUMBER.match(str(value or ""))
    if not m:
        return None
    return float(f"{m.group(1)}.{m.group(2) or 0}")


def format_cm(value: float) -> str:
    """``2,5`` (Indonesian decimal comma, no trailing zero)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def margin_problems(values) -> list[str]:
    """What is wrong with a ``{"left": 3, ...}`` margins value."""
    if not isinstance(values, dict):
        return ["Margin harus diisi untuk kiri, kanan, atas dan bawah."]
    problems = []
    for side in MARGIN_SIDES:
        label = MARGIN_LABELS[side]
        cm = parse_cm(values.get(side))
        if cm is None:
            problems.append(f"Margin {label} harus berupa angka dalam cm (mis. 2,5).")
        elif not MARGIN_MIN <= cm <= MARGIN_MAX:
            problems.append(f"Margin {label} {format_cm(cm)} cm di luar batas: isi antara "
                            f"{format_cm(MARGIN_MIN)} dan {format_cm(MARGIN_MAX)} cm.")
    unknown = set(values) - set(MARGIN_SIDES)
    if unknown:
        problems.append("Margin hanya kiri, kanan, atas dan bawah.")
    return problems


def clean_margins(values: dict) -> dict:
    return {side: parse_cm(values[side]) for side in MARGIN_SIDES}


def tembusan_list(value) -> list[str]:
    """Lines of a text area, or a list, without blanks."""
    if value is None:
        return []
    items = value.splitlines() if isinstance(value, str) else list(value)
    return [str(t).strip() for t in items if str(t).strip()]


def tembusan_problems(value) -> list[str]:
    if value is not None and not isinstance(value, (str, list, tuple)):
        return ["Tembusan harus berupa daftar, satu tujuan per baris."]
    items = tembusan_list(value)
    problems = []
    if len(items) > TEMBUSAN_MAX_ITEMS:
        problems.append(f"Tembusan paling banyak {TEMBUSAN_MAX_ITEMS} tujuan; ada {len(items)}.")
    for i, item in enumerate(items, 1):
        if len(item) > TEMBUSAN_MAX_CHARS:
            problems.append(f"Tembusan ke-{i} terlalu panjang ({len(item)} karakter; paling "
                            f"banyak {TEMBUSAN_MAX_CHARS}).")
        elif limits.has_control(item):
            problems.append(f"Tembusan ke-{i}: " + limits.problem("setting.tembusan", item))
    return problems


def website_problems(value: str) -> list[str]:
    value = (value or "").strip()
    if not value:
        return []
    if limits.has_control(value):
        return [limits.problem("profile.website", value)]
    if len(value) > WEBSITE_MAX_CHARS:
        return [f"Alamat website terlalu panjang (paling banyak {WEBSITE_MAX_CHARS} karakter)."]
    if not _WEBSITE.match(value):
        return ["Alamat website tidak valid (mis. guguak.limapuluhkotakab.go.id)."]
    return []


def setting_problems(key: str, value) -> list[str]:
    """The checks of the settings this module owns (empty for other keys)."""
    if key == "margins":
        return margin_problems(value)
    if key == "tembusan_nota_dinas":
        return tembusan_problems(value)
    return []


__all__ = ["PAPERS", "PAPER_LABELS", "MARGIN_MIN", "MARGIN_MAX", "MARGIN_SIDES", "MARGIN_LABELS",
           "DEFAULT_MARGINS", "TEMBUSAN_MAX_ITEMS", "TEMBUSAN_MAX_CHARS", "parse_cm",
           "format_cm", "margin_problems", "clean_margins", "tembusan_list",
           "tembusan_problems", "website_problems", "setting_problems"]
