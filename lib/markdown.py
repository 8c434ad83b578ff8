"""The one escaping helper for text shown through Streamlit's Markdown.

Streamlit renders Markdown in ``st.markdown``, ``st.caption``, ``st.error``,
``st.warning``, ``st.success``, ``st.info`` and widget labels; a user's name, a
reason, a workbook cell or a file name shown there must stay text.
``![x](http://host/p.png)`` in a workbook cell otherwise made every browser that
opened the import preview fetch an image from another host (issue #18).

Escaped everywhere: the characters that open inline Markdown, links, images,
autolinks, HTML, code, LaTeX, tables and Streamlit's ``:color[...]`` directives
(``\\ ` * _ [ ] < > $ | ~ #``). Escaped at the start of a line only: what starts
a block there (``-``, ``+``, ``=``, ``>``, ``1.``, ``1)``). Prose punctuation
(``.``, ``,``, ``(``, ``)``, ``:``) stays as typed, so a message reads the same
in the page source as on screen.
"""
from __future__ import annotations

import re

_INLINE = "\\`*_[]<>$|~#"
_TABLE = str.maketrans({ch: "\\" + ch for ch in _INLINE})
_BLOCK_START = re.compile(r"(?m)^([ \t]*)([-+=]|\d{1,9}(?=[.)]))")


def escape(text) -> str:
    """``text`` as literal characters in Streamlit Markdown."""
    return _block(str(text).translate(_TABLE))


def _block(out: str) -> str:
    def fix(m: re.Match) -> str:
        lead, mark = m.group(1), m.group(2)
        if mark.isdigit():          # "1." / "1)": escape the punctuation after the number
            return lead + mark + "\\"
        return lead + "\\" + mark
    return _BLOCK_START.sub(fix, out)


__all__ = ["escape"]
