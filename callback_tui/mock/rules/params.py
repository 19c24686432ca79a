"""Query parameters of open-for and availability (ref §1.4), parsed strictly.

Every error is a ValueError whose message starts with the parameter's wire name.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callback_tui.mock.rules.timeutil import require_aware, wall_to_utc

MAX_RANGE = timedelta(days=31)
MAX_TIME_SLOTS = 10_000
_MIN_MS = int(datetime(1970, 1, 2, tzinfo=UTC).timestamp() * 1000)
_MAX_MS = int(datetime(9999, 1, 1, tzinfo=UTC).timestamp() * 1000)


def parse_timezone(params: Mapping[str, str]) -> tuple[ZoneInfo, str, bool]:
    """(zone, name, given): the `timezone` parameter, UTC when absent."""
    raw = params.get("timezone")
    if raw is None or raw == "":
        return ZoneInfo("UTC"), "UTC", False
    try:
        return ZoneInfo(raw), raw, True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"timezone: unknown time zone {raw!r} (use a tz name like Europe/Paris)"
        ) from None


def parse_time_param(name: str, raw: str, tz: ZoneInfo, tz_given: bool) -> datetime:
    """`start`/`end`: with `timezone`, a local time (no offset); else UTC ('Z' or no offset).

    An explicit offset is honoured either way. A local time that does not exist (DST gap) or
    happens twice (DST fold) in the zone is refused rather than guessed.
    """
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(
            f"{name}: {raw!r} is not an ISO-8601 time like 2026-11-27T09:30:00.000"
            + ("" if tz_given else "Z")
        ) from None
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    if not tz_given:
        return parsed.replace(tzinfo=UTC)
    early = parsed.replace(tzinfo=tz, fold=0)
    late = parsed.replace(tzinfo=tz, fold=1)
    if early.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != parsed:
        raise ValueError(f"{name}: {raw} does not exist in {tz.key} (clocks go forward)")
    if early.utcoffset() != late.utcoffset():
        raise ValueError(f"{name}: {raw} is ambiguous in {tz.key} (clocks go back); use {name}MS")
    return early.astimezone(UTC)


def parse_epoch_ms(name: str, raw: str) -> datetime:
    text = raw.strip()
    if not text.lstrip("-").isdigit() or len(text) > 16:
        raise ValueError(f"{name}: {raw!r} is not epoch milliseconds")
    value = int(text)
    if not _MIN_MS <= value <= _MAX_MS:
        raise ValueError(f"{name}: {value} is out of range")
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def parse_int(params: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    text = raw.strip()
    if not text.lstrip("-").isdigit() or len(text) > 12:
        raise ValueError(f"{name}: {raw!r} is not an integer")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"{name}: must be from {low} to {high}, got {value}")
    return value


def parse_bool(params: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise ValueError(f"{name}: must be true or false, got {raw!r}")


def parse_start(params: Mapping[str, str], now: datetime) -> tuple[datetime, str]:
    """open-for: (`start` or now, timezone name). `start` replaces now in every calculation."""
    tz, tz_name, given = parse_timezone(params)
    raw = params.get("start")
    if raw is None or raw == "":
        return require_aware(now), tz_name
    return parse_time_param("start", raw, tz, given), tz_name


def parse_max_time_slots(params: Mapping[str, str]) -> int | None:
    return parse_int(params, "maxTimeSlots", 1, MAX_TIME_SLOTS)


def parse_query_range(params: Mapping[str, str], now: datetime) -> tuple[datetime, datetime, str]:
    """availability: (start_utc, end_utc exclusive, timezone name).

    start: `start` or `startMS` (never both), default now. End: one of `end`, `endMS`,
    `numberOfDays` (whole days of wall-clock time in `timezone`). With none of them GES says
    "end = start"; an empty range would be useless, so we read it as "the rest of start's day"
    in `timezone`: a bare call returns today's remaining slots. An explicit end equal to start
    means the same. At most 31 days.
    """
    tz, tz_name, given = parse_timezone(params)
    has = {k: params.get(k) not in (None, "") for k in ("start", "startMS", "end", "endMS")}
    if has["start"] and has["startMS"]:
        raise ValueError("startMS: give either start or startMS, not both")
    if has["start"]:
        start = parse_time_param("start", params["start"], tz, given)
    elif has["startMS"]:
        start = parse_epoch_ms("startMS", params["startMS"])
    else:
        start = require_aware(now)

    enders = [k for k in ("end", "endMS", "numberOfDays") if params.get(k) not in (None, "")]
    if len(enders) > 1:
        raise ValueError(f"{enders[1]}: set only one of end, endMS, numberOfDays")
    which = enders[0] if enders else None
    if which == "end":
        end = parse_time_param("end", params["end"], tz, given)
    elif which == "endMS":
        end = parse_epoch_ms("endMS", params["endMS"])
    elif which == "numberOfDays":
        days = parse_int(params, "numberOfDays", 1, 31)
        assert days is not None
        wall = start.astimezone(tz).replace(tzinfo=None) + timedelta(days=days)
        end = wall_to_utc(wall, tz)
    else:
        end = start

    if end < start:
        raise ValueError(f"{which}: must not be before the start")
    if end == start:
        local = start.astimezone(tz)
        end = wall_to_utc(datetime.combine(local.date() + timedelta(days=1), time()), tz)
    if end - start > MAX_RANGE:
        raise ValueError(f"{which or 'start'}: the range may be at most 31 days")
    return start, end, tz_name
