"""Wall-clock <-> UTC conversion that is explicit about DST gaps and folds, and wire formats."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def require_aware(dt: datetime, what: str = "time") -> datetime:
    """The same instant in UTC; naive datetimes are a programming error here."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{what}: must be timezone-aware")
    return dt.astimezone(UTC)


def local_day(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


def wall_to_utc(wall: datetime, tz: ZoneInfo) -> datetime:
    """A naive local wall time to UTC.

    Ambiguous (fall-back) wall times take their first occurrence (fold=0). Nonexistent
    (spring-forward) wall times map to the transition instant: the first moment the local clock
    shows a time at or after them (02:30 on a 02:00->03:00 jump means 03:00).
    """
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap: fold=1 applies the post-transition offset and lands before the transition.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first
    if low > high:
        low, high = high, low
    while high - low > timedelta(seconds=1):
        mid = low + (high - low) / 2
        if mid.astimezone(tz).replace(tzinfo=None) >= wall:
            high = mid
        else:
            low = mid
    return high.replace(microsecond=0)


def day_minute_to_utc(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """Minute-of-day (0..1440) on a local date to UTC; 1440 is the next local midnight."""
    if minute >= 1440:
        return wall_to_utc(datetime.combine(day + timedelta(days=1), time()), tz)
    return wall_to_utc(datetime.combine(day, time(minute // 60, minute % 60)), tz)


def iso_z(dt: datetime) -> str:
    """UTC ISO-8601 with milliseconds and Z: 2026-11-27T14:30:00.000Z."""
    u = require_aware(dt)
    return u.strftime("%Y-%m-%dT%H:%M:%S.") + f"{u.microsecond // 1000:03d}Z"


def iso_local(dt: datetime, tz: ZoneInfo) -> str:
    """Local wall time without offset, as GES renders availability localTime."""
    loc = require_aware(dt).astimezone(tz)
    return loc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{loc.microsecond // 1000:03d}"
