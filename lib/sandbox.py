"""Run a parser over untrusted bytes in a separate process, ended at a time limit.

A small file can hold a server thread for minutes (STACK-NOTES: expat slows
quadratically on a huge token; merged ranges down to row 1,048,576). Every
parse of an upload therefore runs in a worker process that is killed when the
limit passes, with its address space capped where the OS allows, so no upload
ties a Streamlit thread for longer than ``TIMEOUT_S``.

POSIX uses a fork server (started once, it preloads the parsers; each call
forks a clean child in ~20 ms, never a fork of the threaded Streamlit server;
``lib._sandbox_child`` keeps those children from re-running the page script that
Streamlit installs as ``__main__``); Windows starts ``python -m lib.sandbox``. ``target`` must be a module-level function (pickled by name);
a ``PerkinError`` it raises comes back as the same class with its message and
problems; any other exception is a bug and is raised as ``RuntimeError``.
"""
from __future__ import annotations

import multiprocessing as mp
import sys
import threading
import traceback
from typing import Any, Callable

from lib import errors
from lib.errors import ValidationError

TIMEOUT_S = 4.5
MEMORY_BYTES = 1024 * 1024 * 1024
PRELOAD = ["lib._sandbox_child", "lib.excel", "lib.uploads", "pypdf", "PIL.Image", "PIL.PngImagePlugin",
           "PIL.JpegImagePlugin", "defusedxml.ElementTree", "openpyxl"]

_ctx = None
_lock = threading.Lock()


def _use_forkserver() -> bool:
    return not sys.platform.startswith("win") and "forkserver" in mp.get_all_start_methods()


def _context():
    global _ctx
    with _lock:
        if _ctx is None:
            _ctx = mp.get_context("forkserver")
            _ctx.set_forkserver_preload(PRELOAD)
        return _ctx


def warm() -> None:
    """Start the fork server now (app start), so the first upload does not wait for it."""
    if _use_forkserver():
        from multiprocessing import forkserver

        _context()
        forkserver.ensure_running()


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    except (ValueError, OSError):  # pragma: no cover - a lower hard limit already
        pass


def _child(conn, target: Callable, data: bytes, kwargs: dict) -> None:
    _limit_memory()
    try:
        result = target(data, **kwargs)
    except errors.PerkinError as err:
        conn.send(("perkin", type(err).__name__, err.message, list(err.problems)))
    except MemoryError:
        conn.send(("memory", None, None, None))
    except BaseException:  # a bug: surface it in the parent with its traceback
        conn.send(("bug", traceback.format_exc(), None, None))
    else:
        conn.send(("ok", result, None, None))
    finally:
        conn.close()


def _run_forked(target: Callable, data: bytes, timeout: float, kwargs: dict):
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, target, data, kwargs), daemon=True)
    proc.start()
    child.close()
    try:
        ready = parent.poll(timeout)
        return parent.recv() if ready else None
    except EOFError:  # the child died without answering (killed by the memory limit)
        return ("memory", None, None, None)
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)


def _run_spawned(target: Callable, data: bytes, timeout: float, kwargs: dict):
    """Where no fork server exists (Windows): ``python -m lib.sandbox`` reads the call
    from stdin and writes the answer to stdout (a fresh interpreter: no __main__ rerun)."""
    import pickle
    import subprocess

    from lib.paths import ROOT

    request = pickle.dumps((target.__module__, target.__qualname__, data, kwargs))
    proc = subprocess.Popen([sys.executable, "-m", "lib.sandbox"], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        out, _ = proc.communicate(request, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None
    try:
        return pickle.loads(out)
    except Exception:  # the child died without answering
        return ("memory", None, None, None)


def run(target: Callable, data: bytes, *, timeout: float = TIMEOUT_S,
        what: str = "Berkas", **kwargs) -> Any:
    """``target(data, **kwargs)`` in a worker process; its result, or the PerkinError it
    raised; ValidationError naming the limit when it takes longer than ``timeout``
    seconds or more than the memory limit."""
    if _use_forkserver():
        message = _run_forked(target, data, timeout, kwargs)
    else:  # pragma: no cover - Windows
        message = _run_spawned(target, data, timeout, kwargs)
    if message is None:
        raise ValidationError(
            f"{what} ditolak: pembacaannya melebihi batas waktu "
            f"{str(timeout).replace('.', ',').removesuffix(',0')} detik. Simpan ulang berkasnya "
            "tanpa isi tambahan (komentar, gambar, format di seluruh lembar), lalu unggah lagi.")
    status, a, b, c = message
    if status == "ok":
        return a
    if status == "perkin":
        cls = getattr(errors, a, errors.PerkinError)
        if not (isinstance(cls, type) and issubclass(cls, errors.PerkinError)):
            cls = errors.PerkinError  # pragma: no cover
        raise cls(b, problems=c)
    if status == "memory":
        raise ValidationError(f"{what} ditolak: pembacaannya memerlukan memori melebihi batas "
                              f"{MEMORY_BYTES // (1024 * 1024)} MB.")
    raise RuntimeError(f"parser {getattr(target, '__name__', target)} failed:\n{a}")


def _main() -> None:  # pragma: no cover - the Windows path, run as python -m lib.sandbox
    import importlib
    import pickle

    module, name, data, kwargs = pickle.loads(sys.stdin.buffer.read())
    target = getattr(importlib.import_module(module), name)

    class _Out:
        def send(self, message):
            sys.stdout.buffer.write(pickle.dumps(message))
            sys.stdout.buffer.flush()

        def close(self):
            pass

    _child(_Out(), target, data, kwargs)


if __name__ == "__main__":  # pragma: no cover
    _main()
