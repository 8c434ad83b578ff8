"""One base error whose message is for the user, in Bahasa Indonesia.

Pages catch ``PerkinError`` only and show ``str(err)``; anything else is a bug
and surfaces as such.
"""
from __future__ import annotations


class PerkinError(Exception):
    """An error the user can act on; ``str()`` is the Indonesian message."""

    def __init__(self, message: str, *, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class ValidationError(PerkinError):
    """Input that cannot be accepted; ``problems`` lists each, with where."""


class PermissionDenied(PerkinError):
    """The acting user's role may not do this."""


class NotFound(PerkinError):
    """A record the user referred to does not exist."""


class Conflict(PerkinError):
    """Someone else changed the data first ("data sudah diubah ...")."""


class StateError(PerkinError):
    """The action is not possible in the current state of the cycle."""


class StorageError(PerkinError):
    """The data folder could not be written (disk full, read-only, busy too long).
    Nothing of the failed action was saved; what was saved before is intact."""


FULL_BELOW_BYTES = 1024 * 1024


def _disk_full(folder) -> bool:
    """True when the data folder's disk has (nearly) no room left: SQLite reports a full
    disk met while opening a connection as a "disk I/O error"."""
    if folder is None:
        return False
    import shutil

    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:  # pragma: no cover - the folder is gone
        return False


def _storage_error(exc: Exception, folder=None) -> Exception:
    text = str(exc).lower()
    if "full" in text or ("disk i/o" in text and _disk_full(folder)):
        return StorageError("Penyimpanan penuh: perubahan ini tidak tersimpan. Kosongkan ruang "
                            "disk lalu ulangi; data yang tersimpan sebelumnya tetap aman.")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError("Folder data tidak dapat ditulis: perubahan ini tidak tersimpan. "
                            "Periksa izin folder data; data sebelumnya tetap aman.")
    if "locked" in text or "busy" in text:
        return StorageError("Basis data sedang sibuk dipakai proses lain; perubahan ini tidak "
                            "tersimpan. Coba lagi sebentar lagi.")
    if "disk i/o" in text:
        return StorageError("Gagal menulis ke disk: perubahan ini tidak tersimpan. Periksa "
                            "disk lalu jalankan 'python3 run.py check'.")
    return exc


def _register() -> None:
    from db import connection

    connection.translate_error = _storage_error


_register()
