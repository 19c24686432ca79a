"""GET /callbacks/availability: slots of Slot Duration inside business hours, with capacity.

Slots start at each business interval's start and repeat every Slot Duration; a trailing
piece shorter than a slot is not offered. Slots are keyed by their UTC start.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from callback_tui.mock.rules.calendar import open_intervals
from callback_tui.mock.rules.params import parse_query_range
from callback_tui.mock.rules.settings import ServiceSettings
from callback_tui.mock.rules.timeutil import iso_local, iso_z, local_day, require_aware, zone

__all__ = ["availability", "iter_slots", "parse_query_range", "proposed_slots", "slot_start_for"]

_PROPOSAL_WINDOW_DAYS = 31


def _day_slots(settings: ServiceSettings, day: date) -> Iterator[datetime]:
    step = timedelta(minutes=settings.slot_duration_min)
    for start, end in open_intervals(settings, day):
        slot = start
        while slot + step <= end:
            yield slot
            slot += step


def iter_slots(settings: ServiceSettings, start: datetime, end: datetime) -> Iterator[datetime]:
    """UTC starts of the slots with start <= slot < end, in order."""
    start, end = require_aware(start), require_aware(end)
    tz = zone(settings.timezone)
    day = local_day(start, tz) - timedelta(days=1)
    last = local_day(end, tz)
    while day <= last:
        for slot in _day_slots(settings, day):
            if start <= slot < end:
                yield slot
        day += timedelta(days=1)


def slot_start_for(settings: ServiceSettings, at: datetime) -> datetime | None:
    """Start of the slot containing `at`; None outside business hours or in a trailing piece."""
    at = require_aware(at)
    step = timedelta(minutes=settings.slot_duration_min)
    tz = zone(settings.timezone)
    day = local_day(at, tz)
    for candidate in (day, day - timedelta(days=1)):
        for start, end in open_intervals(settings, candidate):
            if start <= at < end:
                slot = start + step * ((at - start) // step)
                return slot if slot + step <= end else None
    return None


def remaining(settings: ServiceSettings, slot: datetime, booked: Mapping[datetime, int]) -> int:
    return max(0, settings.slot_capacity - booked.get(slot, 0))


def availability(
    settings: ServiceSettings,
    start_utc: datetime,
    end_utc: datetime,
    booked: Mapping[datetime, int],
    *,
    report_busy: bool = False,
    max_time_slots: int | None = None,
    tz_name: str = "UTC",
) -> dict[str, Any]:
    """`data` of GET availability: `capacity` is what is left, `total` the Slot Capacity."""
    tz = zone(tz_name)
    slots: list[dict[str, Any]] = []
    for slot in iter_slots(settings, start_utc, end_utc):
        if max_time_slots is not None and len(slots) >= max_time_slots:
            break
        capacity = remaining(settings, slot, booked)
        if capacity == 0 and not report_busy:
            continue
        slots.append(
            {
                "utcTime": iso_z(slot),
                "localTime": iso_local(slot, tz),
                "capacity": capacity,
                "total": settings.slot_capacity,
            }
        )
    return {"slots": slots, "durationMin": settings.slot_duration_min, "timezone": tz_name}


def proposed_slots(
    settings: ServiceSettings,
    at: datetime,
    booked: Mapping[datetime, int],
    limit: int = 10,
    *,
    not_before: datetime | None = None,
) -> dict[str, str]:
    """For create's 429: the `limit` slots with free capacity nearest to `at` (ties: earlier),
    none starting before `not_before`, as {utcTime: remaining capacity as a string}, in time
    order. Looks up to 31 days either side."""
    at = require_aware(at)
    window = timedelta(days=_PROPOSAL_WINDOW_DAYS)
    low = at - window
    if not_before is not None:
        low = max(low, require_aware(not_before))
    free = [s for s in iter_slots(settings, low, at + window) if remaining(settings, s, booked) > 0]
    nearest = sorted(free, key=lambda s: (abs(s - at), s))[:limit]
    return {iso_z(s): str(remaining(settings, s, booked)) for s in sorted(nearest)}
