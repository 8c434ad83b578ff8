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


# ------------------------------------------------------------------ no import circle
def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module -> modules of lib/ and db/ it imports, lazy imports inside functions and
    relative imports included (``from lib import x`` counts as importing ``lib.x``)."""
    modules = {_module_name(p): p for p in LIB_AND_DB}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = ".".join(base[: len(base) - node.level + 1])
                    module = f"{base}.{node.module}" if node.module else base
                else:
                    module = node.module or ""
                targets.add(module)
                targets.update(f"{module}.{a.name}" for a in node.names)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_circle_finder_finds_a_lazy_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_in_lib_and_db():
    graph = import_graph()
    assert "lib.cycles" in graph and "lib.services.workflow" in graph
    assert "lib.services.documents" in graph["lib.services.workflow"]
    found = circles(graph)
    assert not found, "import circles: " + " | ".join(", ".join(c) for c in found)


TRANSITIONS = {"start_cycle", "complete_step", "submit_unit", "review_unit", "review_draft",
               "approve", "return_from_approval", "reopen"}


@pytest.mark.parametrize("path", PAGES + [ROOT / "pages" / "_ui.py"] + py_files("lib"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_transitions_are_called_through_the_services(path):
    """Pages, the CLI and the rest of lib run a transition through lib.services.workflow
    (which runs what follows it), never through the bare state machine."""
    if path.relative_to(ROOT).as_posix() in ("lib/cycles.py", "lib/services/workflow.py"):
        return
    bare = sorted({node.func.attr for node in ast.walk(ast.parse(path.read_text("utf-8")))
                   if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                   and isinstance(node.func.value, ast.Name) and node.func.value.id == "cycles"
                   and node.func.attr in TRANSITIONS})
    references = sorted({node.attr for node in ast.walk(ast.parse(path.read_text("utf-8")))
                         if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                         and node.value.id == "cycles" and node.attr in TRANSITIONS})
    assert not bare and not references, f"{path.relative_to(ROOT)} calls cycles.{references}"
