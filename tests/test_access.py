"""The permission table (lib.access): who may do what, and unit-bound actions."""
from __future__ import annotations

import pytest

from lib import access
from lib.errors import PermissionDenied
from lib.users import OPERATOR, User

PERSONAS = {
    "camat": User(1, "camat", "Camat", "camat"),
    "sekcam": User(2, "sekcam", "Sekcam", "sekcam"),
    "jf": User(3, "jf", "JF", "jf"),
    "kasi_pem": User(4, "pem", "Kasi Pem", "kasi_kasubbag", unit_codes=("pem",)),
    "kasi_umum": User(5, "umum", "Kasubbag Umum", "kasi_kasubbag", unit_codes=("umum",)),
    "kasi_pep": User(6, "pep", "Kasubbag PEP", "kasi_kasubbag", unit_codes=("pep",)),
    "admin": User(7, "admin", "Admin", "admin", is_admin=True),
    "jf_admin": User(8, "jfadm", "JF + Admin", "jf", is_admin=True),
}
KASI = {"kasi_pem", "kasi_umum", "kasi_pep"}
FLOW = {"camat", "sekcam", "jf", "jf_admin"} | KASI

# action -> personas allowed (the rules of DOMAIN.md §3, written independently of the code)
EXPECTED = {
    "admin.manage": {"admin", "jf_admin"},
    "cycle.view": FLOW | {"admin"},
    "cycle.start": {"camat"},
    "cycle.reopen": {"camat"},
    "events.view": {"camat", "sekcam", "jf", "jf_admin", "admin"},
    "master.edit": {"sekcam"},
    "reference.upload": {"sekcam"},
    "reference.view": FLOW | {"admin"},
    "format.edit": KASI,
    "format.view": KASI | {"sekcam", "jf", "jf_admin", "camat"},
    "format.review": {"sekcam"},
    "rekap.view": FLOW | {"admin"},
    "budget.edit": {"kasi_umum"},
    "narrative.edit": {"kasi_pep"},
    "timeline.export": {"camat", "sekcam", "jf", "jf_admin", "admin"},
    "documents.view": FLOW | {"admin"},
    "register.manage": {"jf", "jf_admin", "sekcam"},
    "archive.upload": {"jf", "jf_admin", "sekcam"},
    "dashboard.view": {"sekcam", "camat"},
    "approval.view": {"camat"},
    # planning facts (issue #13): Sekcam prepares, Kasubbag Umum shares the programmes
    # and owns SDM, the admin owns the profile facts, the Camat's signed PK may be scanned in
    "planning.view": FLOW | {"admin"},
    "program.edit": {"sekcam", "kasi_umum"},
    "program.link": {"admin", "jf_admin", "sekcam", "kasi_umum"},
    "renstra.edit": {"sekcam"},
    "card.edit": {"sekcam"},
    "pk.edit": {"sekcam"},
    "pk.scan": {"sekcam", "camat", "jf", "jf_admin"},
    "pk.review": {"sekcam"},
    "sdm.edit": {"kasi_umum"},
    "facts.edit": {"admin", "jf_admin"},
    # the LKjIP (issue #14): the Sekcam records the APIP reviu
    "reviu.record": {"sekcam"},
}


def test_table_covers_every_action():
    assert set(EXPECTED) == set(access.PERMISSIONS)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_role_action(persona, action):
    assert access.can(PERSONAS[persona], action) is (persona in EXPECTED[action])


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_operator_may_do_admin_things_and_nobody_is_none(action):
    assert access.can(None, action) is False
    if "operator" in access.PERMISSIONS[action]:
        assert access.can(OPERATOR, action)


def test_format_edit_is_bound_to_own_unit():
    kasi = PERSONAS["kasi_pem"]
    assert access.can(kasi, "format.edit", "pem")
    assert not access.can(kasi, "format.edit", "kesos")


def test_one_person_heading_two_units_edits_both():
    plt = User(9, "plt", "Plt. Kasi", "kasi_kasubbag", acting="Plt.", unit_codes=("pem", "umum"))
    assert access.can(plt, "format.edit", "pem")
    assert access.can(plt, "format.edit", "umum")
    assert not access.can(plt, "format.edit", "pmd")
    assert access.can(plt, "budget.edit")  # heads umum
    assert not access.can(plt, "narrative.edit")  # does not head pep


def test_unit_bound_actions_follow_the_unit_not_the_person():
    moved = User(10, "x", "X", "kasi_kasubbag", unit_codes=("pep",))
    assert access.can(moved, "narrative.edit")
    assert not access.can(moved, "budget.edit")


def test_require_raises_indonesian_message():
    with pytest.raises(PermissionDenied, match="Anda tidak berhak memulai siklus LAKIP"):
        access.require(PERSONAS["sekcam"], "cycle.start")
    access.require(PERSONAS["camat"], "cycle.start")  # no exception


def test_unknown_action_is_a_bug_not_a_denial():
    with pytest.raises(KeyError):
        access.can(PERSONAS["admin"], "no.such.action")


def test_role_labels_show_acting_and_admin():
    assert User(1, "a", "A", "camat", acting="Plt.").role_label == "Plt. Camat"
    assert PERSONAS["jf_admin"].role_label == "Jabatan Fungsional + Administrator"
    assert PERSONAS["jf_admin"].roles == {"jf", "admin"}
