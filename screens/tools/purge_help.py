"""How purging behaves, in words: the general help and "what happens to a callback booked for
HH:MM tonight" for one service, computed from its business hours and purge mode.

The rules mirror docs/api.md and the emulator: end of business day purges, when the business
day ends, every open callback that was due before that moment; after a duration purges a
callback still open N minutes after it became due; Purge now purges the open callbacks that are
already due.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from screens.tools import meanings
from screens.tools.hours import BusinessHours, Span, at_minute, parse_business_hours

if TYPE_CHECKING:
    from client.models import PurgeResult, Service

HELP_TEXT = """\
Purging completes callbacks that are still open (COMPLETED, reason PURGED), so nobody is \
called back at the wrong hour.
• [b]Office hours → end of business day:[/b] when the business day ends, every open callback \
due before then is purged: no overnight callbacks. One booked for after closing waits for the \
next business day and is purged when that day ends. Holidays replace the weekday's hours; a \
closed day has no purge.
• [b]24/7 → after a duration:[/b] a callback still open N minutes after it was due (booked, \
for an immediate one) is purged, at any hour.
• [b]Off:[/b] nothing is purged automatically.
• [b]Purge now:[/b] purges the open callbacks already due (later ones are kept), after a \
preview."""

BUSINESS_HOURS_ROW = "Business Hours"
SPECIAL_DAYS_ROW = "Special Days"


def service_hours(service: Service) -> BusinessHours | None:
    """The service's business hours from its settings rows; None when absent or unreadable."""
    rows = {setting.name: setting.value for setting in service.settings}
    if BUSINESS_HOURS_ROW not in rows:
        return None
    try:
        return parse_business_hours(rows[BUSINESS_HOURS_ROW], rows.get(SPECIAL_DAYS_ROW))
    except ValueError:
        return None


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def business_day_end(hours: BusinessHours, day: date, zone: ZoneInfo) -> datetime | None:
    """End of the business day `day`; an interval running into the next morning extends it."""
    spans = _merged(hours.spans_on(day))
    if not spans:
        return None
    end_min = spans[-1][1]
    if end_min == 24 * 60:
        following = _merged(hours.spans_on(day + timedelta(days=1)))
        if following and following[0][0] == 0 and following[0][1] < 24 * 60:
            return at_minute(day + timedelta(days=1), following[0][1], zone)
    return at_minute(day, end_min, zone)


def next_day_end(hours: BusinessHours, after: datetime, zone: ZoneInfo) -> datetime | None:
    """The first end of a business day strictly after `after` (looking up to 400 days)."""
    first = after.astimezone(zone).date() - timedelta(days=1)
    for offset in range(402):
        end = business_day_end(hours, first + timedelta(days=offset), zone)
        if end is not None and end > after:
            return end
    return None


def next_opening(hours: BusinessHours, after: datetime, zone: ZoneInfo) -> datetime | None:
    local = after.astimezone(zone)
    for offset in range(402):
        day = local.date() + timedelta(days=offset)
        for start, _end in _merged(hours.spans_on(day)):
            opening = at_minute(day, start, zone)
            if opening >= after:
                return opening
    return None


def _when(moment: datetime, zone: ZoneInfo, today: date) -> str:
    local = moment.astimezone(zone)
    if local.date() == today:
        return f"today {local:%H:%M}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow ({local:%a %d %b}) {local:%H:%M}"
    return f"{local:%a %d %b %H:%M}"


def _tonight(moment: datetime, zone: ZoneInfo, today: date) -> bool:
    """Before the morning after `today` (06:00 next day): what an admin calls tonight."""
    return moment.astimezone(zone) < at_minute(today + timedelta(days=1), 6 * 60, zone)


def explain(
    name: str,
    zone: ZoneInfo,
    hours: BusinessHours | None,
    mode: str,
    after_minutes: int | None,
    booked: time,
    now: datetime,
) -> str:
    """Will a callback booked for `booked` (service time, today) be purged tonight, and why."""
    today = now.astimezone(zone).date()
    desired = datetime.combine(today, booked, tzinfo=zone)
    lead = f"A callback booked for {booked:%H:%M} today ({today:%a %d %b}, {zone.key})"
    if mode == "off":
        return (
            f"{lead} will NOT be purged tonight: purging is off for {name}, so it stays open "
            "until it is handled or cancelled (or someone uses Purge now)."
        )
    if mode == "afterDuration":
        minutes = after_minutes or 0
        due = desired + timedelta(minutes=minutes)
        verdict = "WILL" if _tonight(due, zone, today) else "will NOT"
        return (
            f"{lead} {verdict} be purged tonight: in after-duration mode a callback still open "
            f"{meanings.duration_words(minutes * 60)} after it is due is purged, so this one "
            f"is purged at {_when(due, zone, today)} if it is still open then. Business hours "
            "play no part."
        )
    if mode != "endOfBusinessDay":
        return f"{lead}: unknown purge mode {mode!r}."
    if hours is None:
        return (
            f"{lead}: the console cannot read {name}'s business hours, so it cannot say when "
            "its business day ends; see Next purge in the table."
        )
    purge_at = next_day_end(hours, desired, zone)
    if purge_at is None:
        return f"{lead} is never purged: {name} has no business hours configured."
    day_end = business_day_end(hours, today, zone)
    opens = next_opening(hours, desired, zone)
    later = (
        f"It waits for the next opening ({_when(opens, zone, today) if opens else 'none'}) "
        f"and, if still open then, is purged at {_when(purge_at, zone, today)} when that business "
        "day ends."
    )
    if day_end is None:
        holiday = hours.special_names.get(today)
        closed = f"closed today{f' ({holiday})' if holiday else ''}"
        return (
            f"{lead} will NOT be purged tonight: {name} is {closed}, so there is no end of "
            f"business day tonight. {later}"
        )
    close = _when(day_end, zone, today)
    if desired >= day_end:
        return (
            f"{lead} will NOT be purged tonight: it is due after today's business day ends "
            f"({close}), and the end-of-business-day purge only takes callbacks due before "
            f"the day ended. {later}"
        )
    return (
        f"{lead} WILL be purged tonight if it is still open at {close}, when today's "
        "business day ends: end-of-business-day mode leaves no callbacks over night."
    )


def service_zone(service: Service) -> ZoneInfo:
    try:
        return ZoneInfo(service.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def explain_service(service: Service, booked: time, now: datetime) -> str:
    purge = service.purge
    if purge is None:
        return f"The server did not send the purge settings of {service.name}."
    return explain(
        service.name,
        service_zone(service),
        service_hours(service),
        purge.mode,
        purge.after_minutes,
        booked,
        now,
    )


def preview_words(result: PurgeResult, zone: tzinfo) -> str:
    """ "4 callbacks would be purged: 3 QUEUED, 1 SCHEDULED; due from … to …"."""
    count = result.count
    verb = "would be purged" if result.dry_run else "were purged"
    noun = "callback" if count == 1 else "callbacks"
    if count == 0:
        return "no open callback is due, nothing would be purged."
    states = ", ".join(f"{n} {state}" for state, n in sorted(result.by_state.items()))
    text = f"{count} {noun} {verb}: {states}."
    if result.oldest is not None and result.newest is not None:
        text += (
            f"\nOldest due {result.oldest.astimezone(zone):%a %d %b %H:%M %Z}, "
            f"newest due {result.newest.astimezone(zone):%a %d %b %H:%M %Z} (your time)."
        )
    return text
