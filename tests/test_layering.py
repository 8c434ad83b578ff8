"""The layers hold: pages -> lib -> db. lib and db never import Streamlit; pages reach
the database only through lib (and pages/_ui.py, which opens the connection)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lib.paths import ROOT


def py_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module imported anywhere in the file (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def roots(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


LIB_AND_DB = py_files("lib") + py_files("db")
PAGES = [p for p in py_files("pages") if p.name != "_ui.py"]


def test_the_files_are_found():
    assert any(p.name == "users.py" for p in LIB_AND_DB)
    assert any(p.name == "schema.py" for p in LIB_AND_DB)
    assert any(p.name == "beranda.py" for p in PAGES)


@pytest.mark.parametrize("path", LIB_AND_DB, ids=lambda p: str(p.relative_to(ROOT)))
def test_lib_and_db_never_import_streamlit_or_pages(path):
    found = roots(imported_modules(path))
    assert not found & {"streamlit", "streamlit_authenticator", "extra_streamlit_components"}, \
        f"{path.relative_to(ROOT)} imports Streamlit"
    assert "pages" not in found, f"{path.relative_to(ROOT)} imports pages"


@pytest.mark.parametrize("path", py_files("db"), ids=lambda p: str(p.relative_to(ROOT)))
def test_db_never_imports_lib(path):
    assert "lib" not in roots(imported_modules(path))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_reach_the_database_only_through_lib(path):
    found = imported_modules(path)
    assert not roots(found) & {"db", "sqlite3", "sqlite_utils"}, \
        f"{path.relative_to(ROOT)} talks to the database directly"
    pages_imports = {n for n in found if n.split(".")[0] == "pages"}
    assert pages_imports <= {"pages", "pages._ui"}, \
        f"{path.relative_to(ROOT)} imports another page: {pages_imports}"


def test_detector_sees_nested_imports(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    import streamlit as st\n    from db import connect\n")
    assert {"streamlit", "db"} <= roots(imported_modules(sample))
