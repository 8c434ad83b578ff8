"""Where Perkin keeps its state: one folder, chosen by PERKIN_DATA_DIR.

A backup of an office is a copy of this folder (made with the SQLite backup
API by ``lib.backup``). ``db/`` in the checkout holds code, never data.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    d = Path(os.environ.get("PERKIN_DATA_DIR") or (ROOT / "data")).resolve()
    d.mkdir(parents=True, exist_ok=True)
    return d


def db_path() -> Path:
    return data_dir() / "perkin.db"


def uploads_dir() -> Path:
    d = data_dir() / "uploads"
    d.mkdir(exist_ok=True)
    return d


def backups_dir() -> Path:
    d = data_dir() / "backups"
    d.mkdir(exist_ok=True)
    return d


def cookie_secret() -> str:
    """The per-install cookie signing key: generated once, file mode 0600."""
    path = data_dir() / "cookie_secret"
    if not path.exists():
        key = secrets.token_urlsafe(48)
        fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key)
    os.chmod(path, 0o600)
    return path.read_text().strip()


def running_marker() -> Path:
    return data_dir() / "app.pid"


def running_pid(folder: Path | None = None) -> int | None:
    """The pid in ``<folder>/app.pid`` (default: the data folder) while that Perkin app
    process is alive, else None."""
    marker = (folder / "app.pid") if folder is not None else running_marker()
    try:
        pid = int(marker.read_text().strip())
    except (OSError, ValueError):
        return None
    if pid == os.getpid() or pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # pragma: no cover - alive, other user
        return pid
    except OSError:  # pragma: no cover - Windows without such pid
        return None
    return pid


def app_is_running() -> bool:
    """True while a Perkin app process (started by app.py) is alive on this data folder."""
    return running_pid() is not None


def mark_running() -> None:
    running_marker().write_text(str(os.getpid()))
