"""Purging open callbacks: at the end of the business day, after a duration, or never.

endOfBusinessDay: when a business day ends (see calendar.end_of_business_day), every callback
still open whose desired time was before that moment is purged, so nothing is left over for
the night. A callback desired after close waits for the next business day and is purged when
that one ends, if still open then.
afterDuration: a callback still open N minutes after it became due (its desired time, or its
creation for an immediate callback or one booked for a past time) is purged; the emulator
checks continuously, so there is no single "next purge" moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from callback_tui.mock.rules.calendar import (
    business_day_ends,
    end_of_business_day,
    next_open,
    open_intervals,
)
from callback_tui.mock.rules.hours import fmt_hhmm
from callback_tui.mock.rules.lifecycle import COMPLETED
from callback_tui.mock.rules.settings import PurgeMode, ServiceSettings
from callback_tui.mock.rules.timeutil import local_day, require_aware, zone

_LOOK_DAYS = (14, 400)


class PurgeRecord(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def desired_time(self) -> datetime: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def state(self) -> str: ...


@dataclass(frozen=True)
class CallbackRecord:
    """The minimum the purge rules need to know about a callback."""

    id: str
    desired_time: datetime
    created_at: datetime
    state: str


def _next_day_end(settings: ServiceSettings, after: datetime) -> datetime | None:
    """The first end of a business day strictly after `after`."""
    for days in _LOOK_DAYS:
        ends = business_day_ends(settings, after, days=days)
        if ends:
            return ends[0]
    return None


def _last_day_end(settings: ServiceSettings, now: datetime) -> datetime | None:
    """The most recent end of a business day at or before `now` (looking back 400 days)."""
    tz = zone(settings.timezone)
    day = local_day(now, tz) + timedelta(days=1)
    for back in range(402):
        intervals = open_intervals(settings, day - timedelta(days=back))
        if intervals:
            end = end_of_business_day(settings, intervals[0][0])
            if end is not None and end <= now:
                return end
    return None


def purge_due_at(
    settings: ServiceSettings, desired_time: datetime, created_at: datetime
) -> datetime | None:
    """When this callback will be purged if it is still open then; None when never."""
    desired, created = require_aware(desired_time), require_aware(created_at)
    if settings.purge_mode is PurgeMode.AFTER_DURATION:
        return max(desired, created) + timedelta(minutes=settings.purge_after_min)
    if settings.purge_mode is PurgeMode.END_OF_BUSINESS_DAY:
        return _next_day_end(settings, desired)
    return None


def next_purge(settings: ServiceSettings, now: datetime) -> datetime | None:
    """When the next scheduled purge runs: the end of today's business day if still ahead,
    else the next business day's end. None for afterDuration (continuous) and off."""
    if settings.purge_mode is not PurgeMode.END_OF_BUSINESS_DAY:
        return None
    return _next_day_end(settings, require_aware(now))


def describe_schedule(settings: ServiceSettings, now: datetime) -> str:
    """One line for the console: when purges happen for this service."""
    mode = settings.purge_mode
    if mode is PurgeMode.OFF:
        return "off: callbacks are never purged automatically"
    if mode is PurgeMode.AFTER_DURATION:
        return f"continuously, callbacks still open {settings.purge_after_min} min after due"
    when = next_purge(settings, now)
    if when is None:
        return "at the end of each business day (no business day is configured)"
    loc = when.astimezone(zone(settings.timezone))
    return f"at the end of each business day; next {loc:%a %d %b %H:%M} {settings.timezone}"


def purge_candidates(
    settings: ServiceSettings, callbacks: Iterable[PurgeRecord], now: datetime
) -> list[str]:
    """Ids of the open callbacks a purge at `now` removes (in the order given)."""
    now = require_aware(now)
    if settings.purge_mode is PurgeMode.OFF:
        return []
    open_ones = [c for c in callbacks if c.state != COMPLETED]
    if settings.purge_mode is PurgeMode.AFTER_DURATION:
        age = timedelta(minutes=settings.purge_after_min)
        return [
            c.id
            for c in open_ones
            if now >= max(require_aware(c.desired_time), require_aware(c.created_at)) + age
        ]
    ended = _last_day_end(settings, now)
    if ended is None:
        return []
    return [c.id for c in open_ones if require_aware(c.desired_time) < ended]


def _when(dt: datetime, settings: ServiceSettings, today: datetime) -> str:
    """'18:00' on the same local day as `today`, else 'Mon 30 Nov 18:00'."""
    tz = zone(settings.timezone)
    loc = dt.astimezone(tz)
    if loc.date() == today.astimezone(tz).date():
        return f"{loc:%H:%M}"
    return f"{loc:%a %d %b %H:%M}"


def explain_purge(settings: ServiceSettings, desired_time_utc: datetime, now: datetime) -> str:
    """A sentence an admin can read: when would a callback booked for this time be purged."""
    desired, now = require_aware(desired_time_utc), require_aware(now)
    tz = zone(settings.timezone)
    booked = f"A callback booked for {_when(desired, settings, now)} {settings.timezone}"
    mode = settings.purge_mode
    if mode is PurgeMode.OFF:
        return (
            f"{booked} is never purged automatically (purge is off);"
            " it stays open until handled or cancelled."
        )
    due = purge_due_at(settings, desired, min(desired, now))
    if mode is PurgeMode.AFTER_DURATION:
        assert due is not None
        return (
            f"{booked} is purged if still open {settings.purge_after_min} min after it is due,"
            f" at {_when(due, settings, now)}."
        )
    if due is None:
        return f"{booked} is never purged: {settings.name} has no business hours configured."
    purge_at = f"{_when(due, settings, now)}"
    day = local_day(desired, tz)
    intervals = open_intervals(settings, day)
    today = "today's" if day == local_day(now, tz) else f"{desired.astimezone(tz):%a %d %b}'s"
    if not intervals:
        special = settings.special_day(day)
        why = f" ({special.name})" if special is not None and special.name else ""
        opens = next_open(settings, desired)
        return (
            f"{booked} falls on a day {settings.name} is closed{why}; it waits for the next"
            f" opening ({_when(opens, settings, now) if opens else 'none'}) and, if still open,"
            f" is purged at {purge_at} when that business day ends."
        )
    first_start, day_end = intervals[0][0], end_of_business_day(settings, desired)
    assert day_end is not None
    close = fmt_hhmm_local(day_end, settings)
    if desired >= day_end:
        opens = next_open(settings, desired)
        return (
            f"{booked} is after {today} business day ends at {close}; it waits for the next"
            f" opening ({_when(opens, settings, now) if opens else 'none'}) and, if still open,"
            f" is purged at {purge_at} when that business day ends."
        )
    if desired < first_start:
        opening = fmt_hhmm_local(first_start, settings)
        lead = f"{booked} is before {today} business day opens at {opening}"
    else:
        lead = f"{booked} is within {today} business hours"
    return (
        f"{lead}; the business day is open until {close}, and if the callback is still open"
        f" then it is purged at {purge_at}."
    )


def fmt_hhmm_local(dt: datetime, settings: ServiceSettings) -> str:
    loc = dt.astimezone(zone(settings.timezone))
    return fmt_hhmm(loc.hour * 60 + loc.minute)
