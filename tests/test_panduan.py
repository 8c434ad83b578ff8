"""The guide: shown in the app for every role, and it documents every page a role gets,
every step of the default SOP and every setting (datasette-style)."""
from __future__ import annotations

import re

import pytest

from db import defaults
from lib.paths import ROOT
from pages._ui import PAGES
from tests.conftest import login_as

GUIDE = (ROOT / "docs" / "PANDUAN.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", [p for p in PAGES if p.path not in (
    "pages/panduan.py", "pages/akun.py")], ids=lambda p: p.title)
def test_every_page_is_in_the_guide(spec):
    assert f"**{spec.title}**" in GUIDE


@pytest.mark.parametrize("step", defaults.SOP_STEPS, ids=lambda s: str(s[0]))
def test_every_step_is_in_the_guide(step):
    assert re.search(rf"^\| {step[0]} \| ", GUIDE, re.M)


@pytest.mark.parametrize("label", ["Camat", "Sekretaris Camat (Sekcam)", "Kasi / Kasubbag unit",
                                   "Jabatan Fungsional (JF)", "Administrator"])
def test_every_role_has_a_section(label):
    assert f"## {label}" in GUIDE


@pytest.mark.parametrize("words", ["LAKIP atau LKjIP", "A4\n  atau F4", "lama sesi",
                                   "pola nomor surat", "logo PNG/JPG"])
def test_settings_are_documented(words):
    assert words in GUIDE


def test_images_exist():
    for src in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", GUIDE):
        assert (ROOT / "docs" / src).is_file(), src


@pytest.mark.parametrize("username", ["camat", "sekcam", "pem", "jf", "admin"])
def test_guide_page_renders(demo_db, username):
    at = login_as(username)
    at.switch_page("pages/panduan.py").run()
    assert not at.exception, at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Alur satu tahun" in text
    assert len(at.get("image")) >= 7
