"""Form input checks for booking and querying: phone, time, zone, priority, userData.

Pure functions (no Textual): each problem is a `FieldError` naming the form field it belongs to,
so the form can highlight that field and show the message under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Form field names (ids of the inputs in the Book form, without the "book-" prefix).
SERVICE, PHONE, TIME, ZONE, PRIORITY, USER_DATA = (
    "service",
    "phone",
    "time",
    "zone",
    "priority",
    "user-data",
)

# The server's 400 message starts with the wire field name; this maps it to a form field.
WIRE_TO_FIELD: dict[str, str] = {
    "serviceName": SERVICE,
    "service": SERVICE,
    "phoneNumber": PHONE,
    "desiredTime": TIME,
    "timezone": ZONE,
    "priority": PRIORITY,
    "userData": USER_DATA,
}

_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
_PHONE_SHAPE = re.compile(r"\+?\d{7,15}")
_JS_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
MAX_PRIORITY = 1_000_000


class FieldError(ValueError):
    """Bad input in one form field; `field` is the form field name (see the constants above)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def field_of_server_message(message: str) -> str | None:
    """The form field a server 400 message is about (`phoneNumber: ...` -> `phone`), if any."""
    head, sep, _ = message.partition(":")
    if not sep:
        return None
    return WIRE_TO_FIELD.get(head.strip())


def normalise_phone(text: str) -> str:
    """The phone number as sent: separators stripped; 7-15 digits with an optional leading +."""
    raw = text.strip()
    if not raw:
        raise FieldError(PHONE, "A phone number is required.")
    compact = _PHONE_SEPARATORS.sub("", raw)
    if not _PHONE_SHAPE.fullmatch(compact):
        raise FieldError(
            PHONE,
            "Not a phone number: use 7 to 15 digits, optionally with a leading + "
            "(spaces, dashes, dots and parentheses are ignored).",
        )
    return compact


def phone_digits(text: str) -> str:
    """Digits of a partial phone number for the list filter (anything else is dropped)."""
    return "".join(ch for ch in text if ch.isdigit())


def parse_zone(text: str) -> ZoneInfo:
    """A tz-database zone name (`Europe/Paris`, `UTC`)."""
    name = text.strip()
    if not name:
        raise FieldError(ZONE, "A time zone is required (e.g. Europe/Paris or UTC).")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldError(
            ZONE, f"Unknown time zone {name!r}: use a tz-database name like America/New_York."
        ) from None


def parse_time(text: str, zone_text: str, *, field_name: str = TIME) -> datetime:
    """A date/time typed by the user, as aware UTC.

    Accepts `2026-11-27 14:30`, `2026-11-27T14:30:00`, with an optional `Z` or `+01:00` (which
    wins over the zone field). A time without offset is read in `zone_text`; with no zone it is
    ambiguous and refused. Local times that do not exist or occur twice (DST changes) are refused.
    """
    raw = text.strip()
    if not raw:
        raise FieldError(field_name, "A date and time is required (e.g. 2026-11-27 14:30).")
    candidate = raw.replace("z", "Z")
    if candidate.endswith("Z"):
        candidate = candidate[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        raise FieldError(
            field_name,
            f"Not a date/time: {raw[:40]!r}. Use YYYY-MM-DD HH:MM (e.g. 2026-11-27 14:30).",
        ) from None
    if parsed.tzinfo is not None and parsed.utcoffset() is not None:
        return parsed.astimezone(UTC)
    if not zone_text.strip():
        raise FieldError(
            field_name,
            "This time has no time zone: fill in the zone field, or add an offset (+01:00 or Z).",
        )
    zone = parse_zone(zone_text)
    return _local_to_utc(parsed, zone, field_name)


def _local_to_utc(naive: datetime, zone: ZoneInfo, field_name: str) -> datetime:
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        # The two folds differ: the wall time is either skipped (gap) or repeated (overlap).
        if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
            raise FieldError(
                field_name,
                f"{naive:%Y-%m-%d %H:%M} does not exist in {zone.key} (the clocks skip it).",
            )
        raise FieldError(
            field_name,
            f"{naive:%Y-%m-%d %H:%M} occurs twice in {zone.key} (clocks go back): "
            "add an offset such as +01:00 to say which.",
        )
    return first.astimezone(UTC)


def require_future(when: datetime, now: datetime, *, field_name: str = TIME) -> datetime:
    """Refuse a time in the past (a scheduled callback in the past makes no sense)."""
    if when < now - timedelta(seconds=1):
        raise FieldError(
            field_name,
            f"That time is in the past (now is {now.astimezone(UTC):%Y-%m-%d %H:%M} UTC).",
        )
    return when


def parse_priority(text: str) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise FieldError(PRIORITY, "Priority must be a whole number (or empty).") from None
    if not 0 <= value <= MAX_PRIORITY:
        raise FieldError(PRIORITY, f"Priority must be between 0 and {MAX_PRIORITY}.")
    return value


@dataclass(frozen=True)
class UserData:
    """Parsed `key=value` lines; `ignored_keys` are not JS identifiers (the API drops them)."""

    values: dict[str, str] = field(default_factory=dict)
    ignored_keys: tuple[str, ...] = ()


def parse_user_data(text: str) -> UserData:
    """`key=value` per line; blank lines and `#` comments are skipped."""
    values: dict[str, str] = {}
    ignored: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        key = key.strip()
        if not sep or not key:
            raise FieldError(USER_DATA, f"Line {number}: write key=value.")
        if key in values:
            raise FieldError(USER_DATA, f"Line {number}: key {key!r} appears twice.")
        values[key] = value.strip()
        if not is_js_identifier(key):
            ignored.append(key)
    return UserData(values, tuple(ignored))


def is_js_identifier(key: str) -> bool:
    return bool(_JS_IDENTIFIER.fullmatch(key))
