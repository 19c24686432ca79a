"""Escaping server text for Textual markup (toasts, Static, labels)."""

from __future__ import annotations


def escape(text: str) -> str:
    """Escape `text` so Textual markup shows it verbatim.

    `rich.markup.escape` (and `textual.markup.escape`) only escape `[x...]` with a lowercase
    first letter, but Textual 8 markup also takes `[REDACTED]` as a tag and drops it, so the
    redacted parts of server URLs and messages would vanish. Escaping every `[` is exact:
    Textual reads only a backslash right before `[` as an escape, other backslashes are text.
    """
    return text.replace("[", "\\[")
