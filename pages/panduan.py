"""Panduan: the user guide, the same text as docs/PANDUAN.md (one source)."""
import re

import streamlit as st

from lib.paths import ROOT
from pages import _ui

_ui.require_page("pages/panduan.py")

IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]+)\)\s*$")
doc = ROOT / "docs" / "PANDUAN.md"
chunk: list[str] = []


def flush() -> None:
    if chunk:
        st.markdown("\n".join(chunk))
        chunk.clear()


for line in doc.read_text(encoding="utf-8").splitlines():
    m = IMAGE.match(line)
    if m:
        flush()
        path = (doc.parent / m.group("src")).resolve()
        if path.is_file() and path.is_relative_to(ROOT / "docs"):
            st.image(str(path), caption=m.group("alt"), width="stretch")
        continue
    chunk.append(line)
flush()
