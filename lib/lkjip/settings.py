"""Reading the LKjIP settings of an office (see ``lib.lkjip.labels``)."""
from __future__ import annotations

from lib import office
from lib.lkjip import labels


def label_set(db) -> str:
    """``"standar"`` or ``"permendagri86"``."""
    value = office.get_setting(db, "lkjip_label_set")
    return value if value in labels.LABEL_SETS else labels.DEFAULT_LABEL_SET


def predicate_labels(db) -> tuple[str, ...]:
    return labels.labels_for(label_set(db))


def reviu_required(db) -> bool:
    """May the Camat approve only after the APIP reviu is recorded?"""
    return office.get_setting(db, "reviu_required") is True
