"""The booking preflight of `callbacks book|reschedule`: the Book form's checks, for scripts.

`/callbacks/create` and reschedule book regardless of office hours, queue enablement and slot
capacity, so before booking the command asks the same GES endpoints as the console's Book form
(open-for with all three flags, queue-status, availability around the time) and prints what
they mean as warnings on stderr; `--strict` turns any warning into "do not book" (exit 1).

The console's rules live in `screens/callbacks/preflight.py`, which is pure but which commands
may not import (layering), so the same rules are stated here in command-line words; both should
use one module once those rules move out of screens/.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from callback_tui.commands import values
from callback_tui.commands.context import UsageError
from callback_tui.commands.output import Output, format_duration, wire_time

if TYPE_CHECKING:
    from client import Availability, CallbackClient, OpenFor, QueueStatus, Slot

# Availability is asked for this window around the time: the slot holding it and free ones near.
SLOTS_BEFORE = timedelta(hours=3)
SLOTS_AFTER = timedelta(days=4)
NEARBY_FREE = 3
PAST_TOLERANCE = timedelta(seconds=1)


@dataclass(frozen=True)
class PreflightWarning:
    code: str  # check-failed | closed | queue-disabled | slot-full | no-slot |
    # immediate-disabled | immediate-not-offered | outside-offer-hours | not-within-offer-time
    text: str


@dataclass
class Facts:
    """What the checks returned for one planned booking (None: that check failed)."""

    service: str
    at: datetime | None  # None: immediate, checked at `now`
    now: datetime
    zone: ZoneInfo
    open_for: OpenFor | None = None
    queue: QueueStatus | None = None
    availability: Availability | None = None
    failures: dict[str, str] = field(default_factory=dict)
    # Reschedule: the callback's current time; its own booking does not make its slot full.
    current: datetime | None = None


def refuse_past(at: datetime) -> None:
    """A scheduled time in the past is a usage error, as the console's form refuses it."""
    now = values.now_utc()
    if at < now - PAST_TOLERANCE:
        raise UsageError(
            f"{wire_time(at)} is in the past (now is {now:%Y-%m-%d %H:%M:%S} UTC)", "--at"
        )


async def gather(
    client: CallbackClient,
    service: str,
    at: datetime | None,
    zone: ZoneInfo,
    *,
    current: datetime | None = None,
) -> Facts:
    """open-for (all three flags), queue-status and, for a scheduled time, availability."""
    from client import Availability, CallbackClientError, OpenFor, QueueStatus

    now = values.now_utc()
    facts = Facts(service, at, now, zone, current=current)
    calls = {
        "open-for": client.availability.open_for(
            service,
            start=at,
            timezone=zone.key if at is not None else None,
            query_immediate_offer_hours=True,
            return_within_immediate_offer_time=True,
            check_immediate_enabled=True,
        ),
        "queue-status": client.queues.status(service),
    }
    if at is not None:  # an immediate booking has no slot to check
        calls["availability"] = client.availability.slots(
            service,
            start=(at - SLOTS_BEFORE).astimezone(zone),
            end=(at + SLOTS_AFTER).astimezone(zone),
            timezone=zone.key,
            report_busy=True,
        )
    results = await asyncio.gather(*calls.values(), return_exceptions=True)
    answers = dict(zip(calls, results, strict=True))
    for name, result in answers.items():
        if isinstance(result, CallbackClientError):
            facts.failures[name] = result.message
        elif isinstance(result, BaseException):
            raise result
    opened, queue, slots = (answers.get(k) for k in ("open-for", "queue-status", "availability"))
    facts.open_for = opened if isinstance(opened, OpenFor) else None
    facts.queue = queue if isinstance(queue, QueueStatus) else None
    facts.availability = slots if isinstance(slots, Availability) else None
    return facts


def describe_time(at: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    utc = at.astimezone(UTC)
    if zone.key == "UTC":
        return f"{utc:%a %Y-%m-%d %H:%M} UTC"
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname()} ({utc:%H:%M} UTC)"


def assess(
    facts: Facts, *, check_capacity: bool = False, anyway: str = "GES books it anyway"
) -> list[PreflightWarning]:
    """Each reason not to go ahead as planned, as a sentence; empty when all checks out.

    `anyway` ends the warnings whose cause the API does not check ("GES moves it anyway" for
    a reschedule).
    """
    found = [
        PreflightWarning("check-failed", f"could not check {name}: {why}; this is unverified")
        for name, why in facts.failures.items()
    ]
    when = describe_time(facts.at or facts.now, facts.zone)
    closed = facts.open_for is not None and facts.open_for.open_for <= 0
    if closed:
        moment = f"at {when}" if facts.at else f"now, {when},"
        found.append(
            PreflightWarning(
                "closed",
                f"the office of {facts.service} is closed {moment}: open-for openFor = 0; {anyway}",
            )
        )
    if facts.at is not None:
        found += _scheduled(facts, facts.at, when, closed, check_capacity, anyway)
    elif not closed:  # closed says it all for an immediate callback
        found += _immediate(facts, anyway)
    return found


def _scheduled(
    facts: Facts, at: datetime, when: str, closed: bool, check_capacity: bool, anyway: str
) -> list[PreflightWarning]:
    found = []
    if facts.queue is not None and not facts.queue.offer_scheduled_callback:
        found.append(
            PreflightWarning(
                "queue-disabled",
                f"queue {facts.service} is not enabled for scheduled callbacks "
                f"(queue-status offerScheduledCallback = false); {anyway}",
            )
        )
    if facts.availability is None:
        return found
    slots = facts.availability.slots
    minutes = facts.availability.duration_min
    slot = slot_at(slots, at, minutes)
    if slot is None:
        if not closed:
            found.append(
                PreflightWarning(
                    "no-slot",
                    f"no callback slot covers {when}: availability lists none there "
                    "(outside business hours or beyond the booking horizon)",
                )
            )
        return found
    own = facts.current is not None and slot_at([slot], facts.current, minutes) is not None
    if slot.capacity + (1 if own else 0) <= 0:
        then = "--check-capacity: the server will refuse it"
        if not check_capacity:
            then = f"{anyway}, over capacity (--check-capacity has the server refuse it)"
        text = (
            f"the slot at {describe_time(slot.utc_time, facts.zone)} is full "
            f"({slot.total} of {slot.total} booked); {then}"
        )
        nearby = free_near(slots, at, facts.now)
        if nearby:
            text += "; free slots near it: " + ", ".join(
                f"{wire_time(s.utc_time)} ({s.capacity} free)" for s in nearby
            )
        found.append(PreflightWarning("slot-full", text))
    return found


def _immediate(facts: Facts, anyway: str) -> list[PreflightWarning]:
    """While the office is open: the reason open-for gives; queue-status only when it alone
    says immediate callbacks are not offered now."""
    found = []
    opened, queue = facts.open_for, facts.queue
    if opened is not None and opened.is_immediate_enabled is False:
        found.append(
            PreflightWarning(
                "immediate-disabled",
                f"queue {facts.service} is not enabled for immediate callbacks "
                f"(open-for isImmediateEnabled = false); {anyway}",
            )
        )
    offer_hours = opened.immediate_offer_hours_open_for if opened is not None else None
    if offer_hours == 0:
        found.append(
            PreflightWarning(
                "outside-offer-hours",
                "now is outside the Immediate Offer Hours although the office is open (open-for "
                f"immediateOfferHoursOpenFor = 0): immediate callbacks are not offered; {anyway}",
            )
        )
    elif opened is not None and opened.is_within_immediate_offer_time is False:
        found.append(
            PreflightWarning(
                "not-within-offer-time",
                "with the current estimated wait time a callback booked now would be handled "
                "too late, after the Immediate Offer Hours or office hours minus the Immediate "
                f"Blackout (open-for isWithinImmediateOfferTime = false); {anyway}",
            )
        )
    if not found and queue is not None and not queue.offer_immediate_callback:
        why = (
            "no agents are logged in to the queue (ewt = -1)"
            if queue.ewt < 0
            else f"estimated wait {format_duration(queue.ewt)}"
        )
        found.append(
            PreflightWarning(
                "immediate-not-offered",
                "queue-status does not offer immediate callbacks now "
                f"(offerImmediateCallback = false: {why}); {anyway}",
            )
        )
    return found


def slot_at(slots: Sequence[Slot], at: datetime, minutes: int | None) -> Slot | None:
    """The slot that holds `at` (start <= at < start + duration)."""
    length = timedelta(minutes=minutes or 0)
    for slot in slots:
        start = slot.utc_time
        if start <= at and (at < start + length or (not minutes and start == at)):
            return slot
    return None


def free_near(slots: Sequence[Slot], at: datetime, now: datetime) -> list[Slot]:
    """The free future slots nearest to `at`, in time order."""
    free = [s for s in slots if s.capacity > 0 and s.utc_time >= now]
    free.sort(key=lambda s: (abs((s.utc_time - at).total_seconds()), s.utc_time))
    return sorted(free[:NEARBY_FREE], key=lambda s: s.utc_time)


def report(
    out: Output, warnings: Sequence[PreflightWarning], *, strict: bool, action: tuple[str, str]
) -> bool:
    """Print the warnings on stderr; True when the command may go on.

    `action` is the verb as ("booked", "booking") for the messages.
    """
    for warning in warnings:
        out.warn(warning.text, code=warning.code)
    if not warnings:
        return True
    done, doing = action
    count = f"{len(warnings)} preflight warning{'s' if len(warnings) > 1 else ''}"
    if strict:
        out.error(f"not {done}: {count} and --strict", details=[("warnings", len(warnings))])
        return False
    if not out.json_mode:
        out.info(f"{count}; {doing} anyway (--strict refuses instead)")
    return True
