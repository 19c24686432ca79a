"""The business-hours calendar of a callback service, in its own time zone, answered in UTC.

A *business day* is a local calendar day: `open_intervals(day)` gives that day's opening
intervals (back-to-back or overlapping ones merged, each ending at the latest at the next local
midnight). "How long are we still open" questions (`open_span`, `open_for`) merge back-to-back
intervals across midnight too, so an office open 22:00-24:00 Saturday and 00:00-02:00 Sunday
is open for 3 hours at 23:00 Saturday. A service open around the clock reports at most
`HORIZON` ahead.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from callback_tui.mock.rules.settings import ServiceSettings
from callback_tui.mock.rules.timeutil import day_minute_to_utc, local_day, require_aware, zone

Interval = tuple[datetime, datetime]
Span = tuple[int, int]

HORIZON = timedelta(days=7)
_SEARCH_DAYS = 370


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def business_spans(settings: ServiceSettings, day: date) -> list[Span]:
    """Local (start_min, end_min) spans of a day: a special day replaces the weekday's hours."""
    special = settings.special_day(day)
    if special is not None:
        return _merge(list(special.intervals))
    weekday = day.weekday()
    hours = settings.business_hours
    return _merge([(i.start_min, i.end_min) for i in hours if i.weekday == weekday])


def offer_spans(settings: ServiceSettings, day: date) -> list[Span] | None:
    """Immediate Offer Hours of a day, clipped to its business hours; None when not configured."""
    if settings.immediate_offer_hours is None:
        return None
    weekday = day.weekday()
    offer = _merge(
        [(i.start_min, i.end_min) for i in settings.immediate_offer_hours if i.weekday == weekday]
    )
    out: list[Span] = []
    for o_start, o_end in offer:
        for b_start, b_end in business_spans(settings, day):
            start, end = max(o_start, b_start), min(o_end, b_end)
            if start < end:
                out.append((start, end))
    return _merge(out)


_MEMO_LIMIT = 4096


def _day_intervals(settings: ServiceSettings, day: date, offer: bool) -> tuple[Interval, ...]:
    key = (day, offer)
    memo = settings.memo
    found: tuple[Interval, ...] | None = memo.get(key)
    if found is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        found = memo[key] = _compute_day_intervals(settings, day, offer)
    return found


def _compute_day_intervals(
    settings: ServiceSettings, day: date, offer: bool
) -> tuple[Interval, ...]:
    spans = offer_spans(settings, day) if offer else business_spans(settings, day)
    tz = zone(settings.timezone)
    out: list[Interval] = []
    for start, end in spans or ():
        u_start, u_end = day_minute_to_utc(day, start, tz), day_minute_to_utc(day, end, tz)
        if u_start < u_end:  # an interval wholly inside a DST gap does not exist
            if out and u_start <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], u_end))
            else:
                out.append((u_start, u_end))
    return tuple(out)


def open_intervals(settings: ServiceSettings, day: date) -> list[Interval]:
    """The business day's opening intervals as (start_utc, end_utc), DST-correct."""
    return list(_day_intervals(settings, day, False))


def offer_intervals(settings: ServiceSettings, day: date) -> list[Interval] | None:
    """The day's Immediate Offer Hours as UTC intervals; None when not configured."""
    if settings.immediate_offer_hours is None:
        return None
    return list(_day_intervals(settings, day, True))


def _containing(settings: ServiceSettings, at: datetime, offer: bool) -> Interval | None:
    tz = zone(settings.timezone)
    day = local_day(at, tz)
    for candidate in (day, day - timedelta(days=1)):
        for start, end in _day_intervals(settings, candidate, offer):
            if start <= at < end:
                return start, end
    return None


def open_span(settings: ServiceSettings, at: datetime, *, offer: bool = False) -> Interval | None:
    """The opening interval containing `at`, merged forward across midnight (up to HORIZON)."""
    at = require_aware(at)
    found = _containing(settings, at, offer)
    if found is None:
        return None
    start, end = found
    limit = at + HORIZON
    tz = zone(settings.timezone)
    day = local_day(end, tz)
    while end < limit:
        days = (day - timedelta(days=1), day)
        nxt = next(
            (iv for d in days for iv in _day_intervals(settings, d, offer) if iv[0] <= end < iv[1]),
            None,
        )
        if nxt is None:
            break
        end = nxt[1]
        day = local_day(end, tz)
    return start, min(end, limit)


def is_open(settings: ServiceSettings, at: datetime) -> bool:
    return _containing(settings, require_aware(at), False) is not None


def seconds_between(start: datetime, end: datetime) -> int:
    """Whole seconds from start to end, never negative."""
    return max(0, int((end - start).total_seconds()))


def open_for(settings: ServiceSettings, at: datetime) -> int:
    """Seconds until the current (merged) business interval ends; 0 when closed."""
    span = open_span(settings, at)
    return 0 if span is None else seconds_between(require_aware(at), span[1])


def end_of_business_day(settings: ServiceSettings, at: datetime) -> datetime | None:
    """When the business day of the local date containing `at` ends; None if closed all day.

    That is the end of the day's last interval, carried over midnight into a back-to-back
    interval of the next day (an overnight shift 22:00-02:00 ends at 02:00), unless the next
    day is open around the clock: then the business day ends at midnight.
    """
    tz = zone(settings.timezone)
    day = local_day(require_aware(at), tz)
    intervals = _day_intervals(settings, day, False)
    if not intervals:
        return None
    end = intervals[-1][1]
    following = _day_intervals(settings, day + timedelta(days=1), False)
    if following and following[0][0] == end:
        next_midnight = day_minute_to_utc(day + timedelta(days=1), 1440, tz)
        if following[0][1] < next_midnight:
            end = following[0][1]
    return end


def business_day_ends(
    settings: ServiceSettings, after: datetime, *, days: int = 14
) -> list[datetime]:
    """Ends of business days strictly after `after`, in order, looking `days` local days ahead."""
    tz = zone(settings.timezone)
    first = local_day(require_aware(after), tz) - timedelta(days=1)
    out: list[datetime] = []
    for offset in range(days + 1):
        day = first + timedelta(days=offset)
        noon = day_minute_to_utc(day, 720, tz)
        end = end_of_business_day(settings, noon)
        if end is not None and end > after and end not in out:
            out.append(end)
    return sorted(out)


def next_open(settings: ServiceSettings, at: datetime) -> datetime | None:
    """The first instant at or after `at` when the service is open (`at` itself if open)."""
    at = require_aware(at)
    if is_open(settings, at):
        return at
    tz = zone(settings.timezone)
    day = local_day(at, tz)
    for offset in range(_SEARCH_DAYS):
        for start, _end in _day_intervals(settings, day + timedelta(days=offset), False):
            if start >= at:
                return start
    return None
