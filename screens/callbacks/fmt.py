"""Display helpers for callbacks: short IDs, times in the service zone and UTC, durations."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from screens.callbacks.preflight import describe_duration

__all__ = ["describe_duration", "local_and_utc", "local_time", "short_id"]


def zone_or_utc(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def short_id(callback_id: str) -> str:
    return callback_id[:8]


def local_time(at: datetime | None, zone: ZoneInfo) -> str:
    """`2026-11-27 09:30 EST` in the service's zone."""
    if at is None:
        return "—"
    local = at.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def local_and_utc(at: datetime | None, zone: ZoneInfo) -> str:
    """`2026-11-27 09:30 EST (America/New_York) = 2026-11-27 14:30:00 UTC` (UTC alone in UTC)."""
    if at is None:
        return "—"
    utc = f"{at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
    if zone.key == "UTC":
        return utc  # the zone is unknown or UTC: one time says it all
    return f"{local_time(at, zone)} ({zone.key}) = {utc}"
