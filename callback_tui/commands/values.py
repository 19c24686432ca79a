"""Argument types: each refuses a bad value with a message argparse prints under the option name.

argparse turns an `ArgumentTypeError` into `callback-tui ...: error: argument --since: <message>`
and exit status 2, so every bad value names its argument and never shows a traceback.
"""

from __future__ import annotations

import argparse
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_RELATIVE = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_HEX_PREFIX = re.compile(r"^[0-9a-f][0-9a-f-]*$")
_CORR_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_PHONE_NOISE = re.compile(r"[\s\-.()]")
_PHONE = re.compile(r"^\+?\d{7,15}$")
_HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
CALLBACK_STATES = ("SCHEDULED", "QUEUED", "ROUTING", "PROCESSING", "COMPLETED")
EXAMPLE_TIME = "2026-11-27T14:30:00Z"


def now_utc() -> datetime:
    return datetime.now(UTC)


def _parse_iso(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO-8601 time (e.g. {EXAMPLE_TIME})"
        ) from None


def past_time(text: str) -> datetime:
    """An aware time (`...Z` or `+02:00`), `now`, or a span ago: `15m`, `2h`, `3d`, `1w`."""
    value = text.strip().lower()
    if value == "now":
        return now_utc()
    match = _RELATIVE.match(value)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        try:
            return now_utc() - timedelta(**{_UNITS[unit]: amount})
        except OverflowError:
            raise argparse.ArgumentTypeError(f"{text!r} reaches too far back") from None
    return aware_time(text)


def aware_time(text: str) -> datetime:
    """An ISO-8601 time with an explicit offset or `Z`."""
    parsed = _parse_iso(text)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no time zone: add Z or an offset (e.g. {EXAMPLE_TIME}), "
            "or give --timezone"
        )
    return parsed


def any_time(text: str) -> datetime:
    """An ISO-8601 time, with or without offset (meaning decided with --timezone)."""
    return _parse_iso(text)


def timezone_name(text: str) -> str:
    name = text.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time zone of the tz database (e.g. Europe/Paris, UTC)"
        ) from None
    return name


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low} to {high:,}, got {value}")
        return value

    parse.__name__ = "number"
    return parse


def bounded_float(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low:g} to {high:g}, got {text}")
        return value

    parse.__name__ = "number"
    return parse


def corr_id_or_prefix(text: str) -> str:
    """A full correlation ID or its first characters (at least 4), as support staff paste it."""
    value = text.strip().strip("\"'").lower()
    if len(value) < 4:
        raise argparse.ArgumentTypeError(
            f"{text!r} is too short: give the correlation ID or at least its first 4 characters"
        )
    if len(value) > 36 or not _HEX_PREFIX.match(value):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a correlation ID or prefix (hex digits and dashes, up to 36 chars)"
        )
    return value


def corr_id(text: str) -> str:
    value = text.strip().strip("\"'").lower()
    if not _CORR_ID.match(value):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a full correlation ID (36 characters, e.g. "
            "3f0c2b1e-9a8d-11f0-8b3a-0242ac120002); use `errors search` for a prefix"
        )
    return value


def status_list(text: str) -> list[int]:
    """`500`, `4xx` is not accepted: HTTP statuses (3 digits) or GES codes, comma separated."""
    values = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit():
            raise argparse.ArgumentTypeError(
                f"{part!r} is not an HTTP status (e.g. 500) or GES code (e.g. 50001)"
            )
        code = int(part)
        if not (100 <= code <= 599 or 1000 <= code <= 99999):
            raise argparse.ArgumentTypeError(
                f"{part} is neither an HTTP status (100-599) nor a GES code (4-5 digits)"
            )
        values.append(code)
    return values


def http_method(text: str) -> str:
    value = text.strip().upper()
    if value not in _HTTP_METHODS:
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(_HTTP_METHODS)}")
    return value


def callback_state(text: str) -> str:
    value = text.strip().upper()
    if value not in CALLBACK_STATES:
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(CALLBACK_STATES)}")
    return value


def phone_number(text: str) -> str:
    """7 to 15 digits once spaces, dashes, dots and parentheses are removed; optional `+`."""
    value = _PHONE_NOISE.sub("", text.strip())
    if not _PHONE.match(value):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a phone number: 7 to 15 digits, optionally with a leading +"
        )
    return value


def phone_fragment(text: str) -> str:
    value = _PHONE_NOISE.sub("", text.strip()).lstrip("+")
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: give digits of the phone number")
    return value


def name(text: str) -> str:
    """A service, queue or callback identifier: non-empty, printable, no slashes."""
    value = text.strip()
    if not value or not value.isprintable() or "/" in value or len(value) > 200:
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid name")
    return value


def callback_id(text: str) -> str:
    """A callback id as create returns it: a UUID (checked here, so no request is wasted)."""
    value = text.strip().strip("\"'")
    try:
        # The same parse as the server's, so whatever it accepts passes and is sent canonical.
        return str(uuid.UUID(value))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a callback id: a UUID such as "
            "3b2f9c1e-7d4a-4e8b-9f21-0c6d5a7e8b90, as `callbacks book` prints it"
        ) from None


def key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key.isidentifier():
        raise argparse.ArgumentTypeError(
            f"{text!r} must be KEY=VALUE with KEY a name like customerTier"
        )
    return key, value
