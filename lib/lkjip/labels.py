"""The LKjIP settings and the predicate label sets (DOMAIN.md §6).

Settings (``lib.office`` stores them, the admin edits them):
- ``lkjip_label_set``: ``"standar"`` (Sangat Baik ... Sangat Kurang, the default) or
  ``"permendagri86"`` (Sangat Tinggi ... Sangat Rendah, Permendagri 86/2017's evaluation
  of the Renja). Both carry the same cut points (``lib.capaian.DEFAULT_SCALE``).
- ``reviu_required``: ``True`` when the Camat may approve only after the APIP reviu is
  recorded (off by default).

No database import here: ``lib.office`` validates the settings with ``setting_problems``;
``lib.lkjip.settings`` reads them.
"""
from __future__ import annotations

LABEL_SETS: dict[str, tuple[str, str, str, str, str]] = {
    "standar": ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang"),
    "permendagri86": ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"),
}
LABEL_SET_NAMES = {
    "standar": "Sangat Baik \u2013 Sangat Kurang (bawaan)",
    "permendagri86": "Sangat Tinggi \u2013 Sangat Rendah (Permendagri 86/2017)",
}
DEFAULT_LABEL_SET = "standar"
# the lower bounds (exclusive) of the five bands, highest first: lib.capaian.DEFAULT_SCALE
CUTS = (90.0, 75.0, 65.0, 50.0, float("-inf"))


def labels_for(value: str | None) -> tuple[str, ...]:
    """The five predicate labels, highest band first, of a ``lkjip_label_set`` value
    (the default set for an unknown or missing value)."""
    return LABEL_SETS.get(value or DEFAULT_LABEL_SET, LABEL_SETS[DEFAULT_LABEL_SET])


def scale_for(value: str | None) -> tuple[tuple[float, str], ...]:
    """The predicate scale of ``lib.capaian.predikat`` with the set's labels."""
    return tuple(zip(CUTS, labels_for(value)))


def setting_problems(key: str, value) -> list[str]:
    """What is wrong with ``value`` for one of the LKjIP settings (empty when fine)."""
    if key == "lkjip_label_set" and value not in LABEL_SETS:
        return ["Set label predikat harus salah satu dari: "
                + "; ".join(LABEL_SET_NAMES.values()) + "."]
    if key == "reviu_required" and not isinstance(value, bool):
        return ["Kewajiban reviu APIP sebelum persetujuan harus ya atau tidak."]
    return []

