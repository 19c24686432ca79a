"""One line for a panel when a load failed (the toast from the central error path has the rest)."""

from __future__ import annotations

from client import ApiConnectionError, PermissionDeniedError
from screens.text import escape


def failure_note(error: BaseException, what: str) -> str:
    """Markup-safe: `Your role may not …` for a 403, `no answer` for a dead backend."""
    if isinstance(error, PermissionDeniedError):
        return escape(f"Your role may not {what} (HTTP 403): {error.message}")
    if isinstance(error, ApiConnectionError):
        return escape(f"Could not {what}: the backend does not answer. r retries.")
    return escape(f"Could not {what} (see the notification). r retries.")
