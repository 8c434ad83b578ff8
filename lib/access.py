"""Roles and permissions as data, and the one check every service calls.

``can(user, action, target)`` is pure; ``require`` raises PermissionDenied
with an Indonesian message. Step actions of the SOP cycle are checked against
the SOP definition's actors by the state machine (``lib.cycles``: a role
optionally narrowed to a unit), on top of these.
"""
from __future__ import annotations

from lib import labels
from lib.errors import PermissionDenied

FLOW_ROLES = ("camat", "sekcam", "kasi_kasubbag", "jf")
ALL_ROLES = FLOW_ROLES + ("admin",)

ROLE_LABELS = {
    "camat": "Camat",
    "sekcam": "Sekretaris Camat",
    "kasi_kasubbag": "Kasi/Kasubbag",
    "jf": "Jabatan Fungsional",
    "admin": "Administrator",
    "operator": "Operator lokal",
}

# action -> roles allowed. "unit:own" targets are narrowed in can().
PERMISSIONS: dict[str, frozenset[str]] = {
    # administration
    "admin.manage": frozenset({"admin", "operator"}),
    # cycle
    "cycle.view": frozenset(FLOW_ROLES + ("admin", "operator")),
    "cycle.start": frozenset({"camat"}),
    "cycle.reopen": frozenset({"camat"}),
    "events.view": frozenset({"camat", "sekcam", "jf", "admin", "operator"}),
    "timeline.export": frozenset({"camat", "sekcam", "jf", "admin", "operator"}),
    # format
    "master.edit": frozenset({"sekcam", "operator"}),
    "reference.upload": frozenset({"sekcam"}),
    "reference.view": frozenset(FLOW_ROLES + ("admin",)),
    "format.edit": frozenset({"kasi_kasubbag", "operator"}),  # own unit only
    "format.view": frozenset({"kasi_kasubbag", "sekcam", "jf", "camat", "operator"}),
    "format.review": frozenset({"sekcam"}),
    "rekap.view": frozenset({"camat", "sekcam", "jf", "kasi_kasubbag", "admin", "operator"}),
    "budget.edit": frozenset({"kasi_kasubbag"}),  # unit "umum" only
    "narrative.edit": frozenset({"kasi_kasubbag"}),  # unit "pep" only
    # documents
    "documents.view": frozenset(FLOW_ROLES + ("admin", "operator")),
    "register.manage": frozenset({"jf", "sekcam", "operator"}),
    "archive.upload": frozenset({"jf", "sekcam"}),
    # dashboards
    "dashboard.view": frozenset({"sekcam", "camat"}),
    "approval.view": frozenset({"camat"}),
    # planning facts (issue #13)
    "planning.view": frozenset(FLOW_ROLES + ("admin", "operator")),
    "program.edit": frozenset({"sekcam", "kasi_kasubbag", "operator"}),  # Kasi: unit "umum"
    # budget rows the migration could not link are listed for the admin to resolve
    "program.link": frozenset({"admin", "sekcam", "kasi_kasubbag", "operator"}),
    "renstra.edit": frozenset({"sekcam", "operator"}),
    "card.edit": frozenset({"sekcam", "operator"}),
    "pk.edit": frozenset({"sekcam", "operator"}),
    "pk.scan": frozenset({"sekcam", "camat", "jf", "operator"}),
    "pk.review": frozenset({"sekcam", "operator"}),
    "sdm.edit": frozenset({"kasi_kasubbag", "operator"}),  # unit "umum" only
    "facts.edit": frozenset({"admin", "operator"}),
    # the LKjIP (issue #14): the APIP reviu, recorded by the Sekcam
    "reviu.record": frozenset({"sekcam", "operator"}),
}

# actions limited to the heads of a given unit code
UNIT_BOUND = {
    "budget.edit": "umum",
    "narrative.edit": "pep",
    "sdm.edit": "umum",
}

# actions open to several roles of which one is limited to a unit's heads
ROLE_UNIT_BOUND = {
    "program.edit": {"kasi_kasubbag": "umum"},
    "program.link": {"kasi_kasubbag": "umum"},
}

# The Indonesian phrase of each action lives in lib.labels (one table for every message).
ACTION_LABELS = labels.PERMISSION_LABELS


def roles_of(user) -> set[str]:
    roles = {user.role}
    if getattr(user, "is_admin", False):
        roles.add("admin")
    return roles


def can(user, action: str, target: str | None = None) -> bool:
    """May ``user`` do ``action``? ``target`` is a unit code where it matters."""
    if user is None:
        return False
    allowed = PERMISSIONS.get(action)
    if allowed is None:
        raise KeyError(f"unknown action {action!r}")
    if not (roles_of(user) & allowed):
        return False
    if "operator" in roles_of(user):
        return True
    narrowed = ROLE_UNIT_BOUND.get(action)
    if narrowed is not None and not any(
            r not in narrowed or narrowed[r] in user.unit_codes
            for r in roles_of(user) & allowed):
        return False
    bound = UNIT_BOUND.get(action)
    if bound is not None and bound not in user.unit_codes:
        return False
    if action == "format.edit" and target is not None and target not in user.unit_codes:
        return False
    return True


def require(user, action: str, target: str | None = None) -> None:
    if not can(user, action, target):
        raise PermissionDenied(f"Anda tidak berhak {labels.permission_label(action)}.")
