"""Open a callback by ID: a full UUID as typed, or the short ID the list shows, resolved
against the rows of the page on screen (the server only knows full IDs)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_ID_PREFIX = re.compile(r"[0-9a-f][0-9a-f-]*")
MIN_PREFIX = 4


@dataclass(frozen=True)
class IdLookup:
    """Either the full id to open, or why there is none (a sentence for the status line)."""

    callback_id: str | None = None
    problem: str | None = None


def resolve_callback_id(text: str, page_ids: Iterable[str] | None) -> IdLookup:
    """`text` as a full callback ID, or as the start of one of `page_ids` (case-insensitive);
    `page_ids` None: there is no list (no console API), only a full ID will do."""
    typed = text.strip().lower()
    if _UUID.fullmatch(typed):
        return IdLookup(callback_id=typed)
    if not _ID_PREFIX.fullmatch(typed):
        return IdLookup(problem=f"{text.strip()!r} is not a callback ID (a UUID).")
    if page_ids is None:
        return IdLookup(problem=f"{typed} is not a full callback ID: paste the whole UUID.")
    matches = [i for i in page_ids if i.lower().startswith(typed)]
    if len(typed) >= MIN_PREFIX and len(matches) == 1:
        return IdLookup(callback_id=matches[0])
    if len(matches) > 1:
        return IdLookup(
            problem=f"{len(matches)} callbacks on this page start with {typed}: "
            "type more of the ID, or paste the full ID."
        )
    return IdLookup(
        problem=f"{typed} is not a full callback ID and no callback on the current page "
        "starts with it: paste the full ID (y copies it from the list)."
    )
