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
