"""Encoding request values for the wire: times, path segments, query parameters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._secret import Secret

GES = "/engagement/v3"
CONSOLE = "/console/v1"


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _millis(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}"


def utc_time(value: datetime, field: str) -> str:
    """`2026-11-27T14:30:00.000Z`; a naive datetime is refused before any request is made."""
    if not isinstance(value, datetime):
        raise TypeError(f"{field}: expected a datetime, got {type(value).__name__}")
    if not _is_aware(value):
        raise ValueError(
            f"{field}: naive datetime {value.isoformat()} has no time zone; pass an aware "
            "datetime (e.g. datetime.now(timezone.utc) or one with a ZoneInfo)"
        )
    return _millis(value.astimezone(UTC)) + "Z"


def start_time(value: datetime, field: str, timezone: str | None) -> str:
    """`start`/`end` of open-for and availability (ref §1.4).

    Without `timezone`: an aware datetime, sent as UTC `...Z`. With `timezone`: the wire wants
    local time without offset, so a naive datetime is taken as local time in that zone, and an
    aware one is converted to it.
    """
    if timezone is None:
        return utc_time(value, field)
    if not isinstance(value, datetime):
        raise TypeError(f"{field}: expected a datetime, got {type(value).__name__}")
    if _is_aware(value):
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"timezone: {timezone!r} is unknown here; pass {field} as a naive local time"
            ) from exc
        value = value.astimezone(zone)
    return _millis(value)


def segment(value: str, field: str) -> str:
    """One URL path segment, percent-encoded so that '/', '?', '#' or '..' cannot escape it."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field}: must be a non-empty string")
    quoted = quote(value, safe="")
    if quoted in {".", ".."}:
        quoted = quoted.replace(".", "%2E")
    return quoted


def query(**params: Any) -> dict[str, str]:
    """Query parameters with None dropped, booleans as `true`/`false`, lists comma-joined."""
    out: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            out[name] = str(value)
        elif isinstance(value, Iterable):
            out[name] = ",".join(str(v) for v in value)
        else:
            raise TypeError(f"{name}: cannot send {type(value).__name__} as a query parameter")
    return out


def body(**fields: Any) -> dict[str, Any]:
    """A JSON body with None dropped and secrets revealed (only here, on the way out)."""
    return {name: _plain(value) for name, value in fields.items() if value is not None}


def _plain(value: Any) -> Any:
    if isinstance(value, Secret):
        return value.reveal()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def check_limit(limit: int) -> int:
    if not 1 <= limit <= 500:
        raise ValueError(f"limit: must be 1 to 500, got {limit}")
    return limit
