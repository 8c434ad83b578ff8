"""Imported by ``lib.sandbox``'s fork server (its preload list): children forked
from that server must not re-run the parent's ``__main__``. Streamlit (and
AppTest) set ``sys.modules["__main__"]`` to the running page script, so
multiprocessing's usual "import the main module in the child" would run app.py
inside the parser process.

The patch applies only inside the fork server (its preload runs within
``multiprocessing.forkserver.main``); imported anywhere else (a test that imports
every module of lib/) this module changes nothing."""
from __future__ import annotations

import sys
from multiprocessing import spawn


def _inside_fork_server() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "main" and code.co_filename.endswith("forkserver.py"):
            return True
        frame = frame.f_back
    return False


if _inside_fork_server():
    spawn._fixup_main_from_path = lambda main_path: None
    spawn._fixup_main_from_name = lambda mod_name: None
