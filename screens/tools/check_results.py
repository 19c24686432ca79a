"""Service check, the pure part: form parsing and the answers as tables with their meanings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rich import box
from rich.table import Table
from rich.text import Text

from screens.tools import meanings

if TYPE_CHECKING:
    from client.models import Availability, OpenFor, QueueStatus

NUMBER_OF_DAYS = 3
OFFER_WINDOW_NOTE = (
    "Offer window: Immediate Offer Hours if configured, else Business Hours minus Immediate "
    "Blackout; EWT is always the current one."
)
START_FORMAT_HINT = "2026-11-27 14:30"
REAL_TIME_WARNING = (
    "Start is set: it replaces “now” in every open-for calculation, but outputs that depend on "
    "the estimated wait time (isWithinImmediateOfferTime; queue status) are computed in real "
    "time from the current EWT — Genesys recommends not setting start with "
    "queryImmediateOfferHours or returnWithinImmediateOfferTime."
)


@dataclass(frozen=True)
class CheckRequest:
    service: str
    start: datetime | None
    zone: str | None  # None: UTC on the wire, the grid in the service's zone if known


@dataclass(frozen=True)
class GridWindow:
    """What the availability request covers: whole local days of the grid's zone."""

    zone: str | None  # sent as `timezone`; None: the wire's UTC
    days: list[date]
    start: datetime  # midnight starting the first day (naive local when `zone` is set)
    cutoff: datetime  # naive local: slots before it are past (or before the requested start)


def zone_info(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def start_instant(request: CheckRequest) -> datetime | None:
    """The requested start as an aware time (a local start is in the request's zone)."""
    start = request.start
    if start is None or start.tzinfo is not None:
        return start
    return start.replace(tzinfo=zone_info(request.zone))


def grid_window(request: CheckRequest, zone: str | None, now: datetime) -> GridWindow:
    """The start day (today without a start) and the next days, each whole, in `zone`.

    A rolling window (start + 72 h) would show the last day cut at the start's time of day,
    so that day would look closed from then on; whole days avoid that. Slots of the first day
    before the start (or before now) are still in the answer and are shown as past.
    """
    tz = zone_info(zone)
    reference = start_instant(request) or now
    first = reference.astimezone(tz).date()
    midnight = datetime.combine(first, time())
    cutoff = max(reference, now).astimezone(tz).replace(tzinfo=None)
    return GridWindow(
        zone,
        [first + timedelta(days=offset) for offset in range(NUMBER_OF_DAYS)],
        midnight if zone else midnight.replace(tzinfo=UTC),
        cutoff,
    )


def past_start_warning(request: CheckRequest, now: datetime) -> str:
    """Words for a start that lies in the past; empty when it does not."""
    start = start_instant(request)
    if start is None or start >= now - timedelta(minutes=1):
        return ""
    tz = zone_info(request.zone)
    shown = start.astimezone(tz)
    return (
        f"Start {shown:%Y-%m-%d %H:%M} ({meanings.zone_label(tz, shown)}) is in the past: "
        "open-for answers as of that moment, and its slots can no longer be booked (the grid "
        "marks them as past)."
    )


@dataclass
class CheckResult:
    request: CheckRequest
    window: GridWindow
    open_for: OpenFor | None = None
    queue: QueueStatus | None = None
    availability: Availability | None = None


def parse_start(text: str) -> datetime | None:
    """ "2026-11-27 14:30" / ISO; ValueError when it is not a date and time."""
    text = text.strip()
    if not text:
        return None
    value = datetime.fromisoformat(text.replace(" ", "T", 1))
    if len(text) <= 10:  # a bare date is almost certainly a mistake here
        raise ValueError("date without a time")
    return value


def parse_zone(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {text!r}") from None
    return text


def accepts(parse: Callable[[str], object]) -> Callable[[str], bool]:
    """A validator function for an Input from a parser that raises ValueError."""

    def check(text: str) -> bool:
        try:
            parse(text)
        except ValueError:
            return False
        return True

    return check


def open_for_table(result: OpenFor, ges_version: str | None) -> Table:
    """Every open-for output with its value and its meaning in words."""
    table = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True, header_style="bold"
    )
    table.add_column("Output", no_wrap=True)
    table.add_column("Value", no_wrap=True)
    table.add_column("Meaning", ratio=1)
    table.add_row("openFor", f"{result.open_for} s", meanings.open_for_words(result.open_for))
    table.caption = OFFER_WINDOW_NOTE
    table.caption_justify = "left"
    extras = (
        result.immediate_offer_hours_open_for,
        result.is_within_immediate_offer_time,
        result.is_immediate_enabled,
    )
    supported = meanings.has_extra_open_for(ges_version)
    if supported is False or (supported is None and all(v is None for v in extras)):
        why = (
            f"this backend runs GES {ges_version}"
            if supported is False
            else "this backend did not return them"
        )
        table.add_row(
            Text("3 extra outputs", style="italic"),
            "n/a",
            Text(
                "immediateOfferHoursOpenFor, isWithinImmediateOfferTime and isImmediateEnabled "
                f"are not available: {why}; they exist from GES "
                f"{meanings.EXTRA_OPEN_FOR_SINCE} on.",
                style="yellow",
            ),
        )
        table.caption = None
        return table
    offer = result.immediate_offer_hours_open_for
    table.add_row(
        "immediateOfferHoursOpenFor",
        "—" if offer is None else f"{offer}" + (" s" if offer > 0 else ""),
        meanings.offer_hours_words(offer),
    )
    within = result.is_within_immediate_offer_time
    table.add_row(
        "isWithinImmediateOfferTime",
        "—" if within is None else str(within).lower(),
        meanings.within_offer_words(within),
    )
    enabled = result.is_immediate_enabled
    table.add_row(
        "isImmediateEnabled",
        "—" if enabled is None else str(enabled).lower(),
        meanings.immediate_enabled_words(enabled),
    )
    return table


def queue_table(status: QueueStatus) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True, header_style="bold"
    )
    table.add_column("Output", no_wrap=True)
    table.add_column("Value", no_wrap=True)
    table.add_column("Meaning", ratio=1)
    ewt_words = (
        "unknown (no interactions yet, or no agents)"
        if status.ewt < 0
        else f"wait ≈ {meanings.duration_words(status.ewt)}"
    )
    table.add_row("ewt", f"{status.ewt} s", ewt_words)
    table.add_row(
        "offerImmediateCallback",
        str(status.offer_immediate_callback).lower(),
        meanings.offered_words(status.offer_immediate_callback),
    )
    table.add_row(
        "offerScheduledCallback",
        str(status.offer_scheduled_callback).lower(),
        meanings.offered_words(status.offer_scheduled_callback),
    )
    return table
