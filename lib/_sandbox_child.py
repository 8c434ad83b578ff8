"""Imported only inside ``lib.sandbox``'s fork server (its preload list), never by
the app: children forked from that server must not re-run the parent's
``__main__``. Streamlit (and AppTest) set ``sys.modules["__main__"]`` to the
running page script, so multiprocessing's usual "import the main module in the
child" would run app.py inside the parser process."""
from __future__ import annotations

from multiprocessing import spawn

spawn._fixup_main_from_path = lambda main_path: None
spawn._fixup_main_from_name = lambda mod_name: None
