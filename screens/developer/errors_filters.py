"""What the Errors panel asks the server for: parsing of the search box and the filter fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input

MIN_PREFIX = 4
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")
# What support staff paste around an ID: quotes, backticks, brackets, "corrId:" labels.
_PASTE_NOISE = "\"'`<>()[]{},;"
_LABEL = re.compile(r"^(?:x-)?(?:corr(?:elation)?[-_ ]?id)\s*[:=]\s*", re.IGNORECASE)
_ID_CHARS = re.compile(r"^[0-9a-fA-F-]+$")
_RELATIVE = re.compile(r"^(\d+)\s*([smhdw])$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class FilterError(ValueError):
    """A filter field holds something we cannot send; `.field` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ErrorFilters:
    """The current query of the Errors panel (all optional)."""

    q: str | None = None
    status: str | None = None
    method: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def as_params(self) -> dict[str, Any]:
        """Keyword arguments for `client.errors.list` / `iter_pages` (only the set ones)."""
        params: dict[str, Any] = {}
        for name in ("q", "method", "since", "until"):
            value = getattr(self, name)
            if value is not None:
                params[name] = value
        if self.status:
            params["status"] = self.status.split(",")
        return params

    def without_search(self) -> ErrorFilters:
        return replace(self, q=None)

    @property
    def active(self) -> bool:
        return bool(self.as_params())

    def beyond_time_range(self) -> list[str]:
        """The set filters other than since/until (what the histogram API cannot take)."""
        named = (("ID", self.q), ("status", self.status), ("method", self.method))
        return [name for name, value in named if value]

    def empty_text(self) -> str:
        """What an empty result means for this query (plain text)."""
        if self.q and len(self.q) == 36:
            return f"No error with correlation ID {self.q}."
        if self.q:
            return f"No error with a correlation ID starting with {self.q}."
        if self.active:
            return f"No errors match {self.describe()}."
        return "No errors recorded."

    def describe(self) -> str:
        """Human summary, e.g. `ID 0b3f9540… · status 500 · since 2026-11-27 12:30Z`."""
        parts: list[str] = []
        if self.q:
            parts.append(f"ID {self.q}" if len(self.q) == 36 else f"ID prefix {self.q}")
        if self.status:
            parts.append(f"status {self.status}")
        if self.method:
            parts.append(f"method {self.method}")
        if self.since:
            parts.append(f"since {format_time(self.since)}")
        if self.until:
            parts.append(f"until {format_time(self.until)}")
        return " · ".join(parts) if parts else "all errors"


def format_time(value: datetime) -> str:
    """The wire format the seed shows: `2019-07-17T19:28:24.362Z`."""
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def clean_correlation_id(text: str) -> str:
    """Trim what people paste around an ID: whitespace, quotes, `corrId:` labels."""
    value = text.strip().strip(_PASTE_NOISE).strip()
    value = _LABEL.sub("", value)
    return value.strip().strip(_PASTE_NOISE).strip().lower()


def parse_search(text: str) -> str | None:
    """The `q` parameter for a search box value; None when empty."""
    value = clean_correlation_id(text)
    if not value:
        return None
    if not _ID_CHARS.match(value):
        raise FilterError(
            "search", "A correlation ID has only hex digits and dashes (e.g. 0b3f9540-a8c9-…)."
        )
    if len(value) < MIN_PREFIX:
        raise FilterError("search", f"Type at least {MIN_PREFIX} characters of the correlation ID.")
    return value


def parse_status(text: str) -> str | None:
    """Comma list of HTTP statuses (3 digits) or GES codes (e.g. `500,5701`)."""
    parts = [p.strip() for p in text.replace(" ", ",").split(",") if p.strip()]
    if not parts:
        return None
    for part in parts:
        if not part.isdigit() or len(part) > 6:
            raise FilterError(
                "status", f"Status {part!r}: use an HTTP status (500) or a GES code (50001)."
            )
    return ",".join(parts)


def parse_method(text: str) -> str | None:
    value = text.strip().upper()
    if not value:
        return None
    if value not in METHODS:
        raise FilterError("method", f"Method {text.strip()!r}: one of {', '.join(METHODS)}.")
    return value


def parse_time(text: str, field: str, now: datetime) -> datetime | None:
    """`2h`, `30m`, `1d`, `1w` before `now`, or an ISO date/time (no offset means UTC)."""
    value = text.strip()
    if not value:
        return None
    relative = _RELATIVE.match(value)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2).lower()
        return now - timedelta(**{_UNITS[unit]: amount})
    try:
        parsed = datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise FilterError(
            field, f"{field.capitalize()} {value!r}: use 2h, 1d, 30m or an ISO time."
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_filters(
    search: str, status: str, method: str, since: str, until: str, now: datetime
) -> ErrorFilters:
    """All fields at once; raises `FilterError` naming the first bad field."""
    filters = ErrorFilters(
        q=parse_search(search),
        status=parse_status(status),
        method=parse_method(method),
        since=parse_time(since, "since", now),
        until=parse_time(until, "until", now),
    )
    if filters.since and filters.until and filters.since >= filters.until:
        raise FilterError("until", "Until must be after since.")
    return filters


# Placeholders (wide, narrow): under NARROW_WIDTH cells a filter field shows ~8 characters.
PLACEHOLDERS = {
    "search": ("/ correlation ID or prefix (≥4)", "/ ID or prefix"),
    "status": ("status: 500", "status"),
    "method": ("method: GET", "method"),
    "since": ("since: 2h", "since"),
    "until": ("until: ISO", "until"),
}
NARROW_WIDTH = 110


class ErrorFilterBar(Horizontal):
    """Search box plus status / method / since / until; enter applies, escape goes back."""

    DEFAULT_CSS = """
    ErrorFilterBar { height: auto; }
    ErrorFilterBar Input { width: 1fr; }
    ErrorFilterBar #search { width: 2fr; }
    ErrorFilterBar Input.-bad { border: tall $error; }
    """

    class Applied(Message):
        """The user pressed enter in one of the fields."""

    def compose(self) -> ComposeResult:
        for name, (placeholder, _) in PLACEHOLDERS.items():
            yield Input(placeholder=placeholder, id=name)

    def on_resize(self) -> None:
        """Short placeholders when the fields are too narrow for the long ones."""
        narrow = self.size.width < NARROW_WIDTH
        for field in self.query(Input):
            placeholder = PLACEHOLDERS[field.id or ""][1 if narrow else 0]
            if field.placeholder != placeholder:
                field.placeholder = placeholder

    def read(self, now: datetime) -> ErrorFilters:
        """Parse every field; marks the bad one and re-raises `FilterError`."""
        for field in self.query(Input):
            field.remove_class("-bad")
        values = {i.id or "": i.value for i in self.query(Input)}
        try:
            return parse_filters(
                values["search"],
                values["status"],
                values["method"],
                values["since"],
                values["until"],
                now,
            )
        except FilterError as err:
            self.query_one(f"#{err.field}", Input).add_class("-bad")
            raise

    def clear(self) -> None:
        for field in self.query(Input):
            field.value = ""
            field.remove_class("-bad")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Applied())
