"""Preflight of a booking or reschedule: what open-for, queue-status and availability say.

`/callbacks/create` and reschedule go through regardless of office hours, queue enablement and
slot capacity, so the console (Book/Reschedule screens) and the `callbacks` commands check first.
This is the one place of those rules: `run_preflight` makes the three calls concurrently and
`assess` turns the answers into warnings in words. Everything but `run_preflight` is pure (no
I/O); the wording that differs between writes and surfaces is a `WriteKind`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .errors import CallbackClientError
from .models import Availability, OpenFor, QueueStatus

if TYPE_CHECKING:
    from ._client import CallbackClient

# Availability is asked for this window around the time: enough to offer nearby slots.
SLOTS_BEFORE = timedelta(hours=3)
SLOTS_AFTER = timedelta(days=4)  # past a weekend or a holiday
CHECKS = ("open-for", "queue-status", "availability")


@dataclass(frozen=True)
class OpenForFacts:
    """open-for with all three flags; the extras are None where the backend did not return them."""

    open_for: int
    immediate_offer_hours_open_for: int | None = None
    is_within_immediate_offer_time: bool | None = None
    is_immediate_enabled: bool | None = None

    @property
    def has_extras(self) -> bool:
        return not (
            self.immediate_offer_hours_open_for is None
            and self.is_within_immediate_offer_time is None
            and self.is_immediate_enabled is None
        )


@dataclass(frozen=True)
class QueueFacts:
    ewt: float
    offer_immediate: bool
    offer_scheduled: bool


@dataclass(frozen=True)
class SlotFacts:
    start: datetime  # aware, UTC
    capacity: int  # remaining
    total: int

    @property
    def full(self) -> bool:
        return self.capacity <= 0


@dataclass(frozen=True)
class PreflightFacts:
    """Everything the checks returned for one planned booking (None: that check failed)."""

    service: str
    scheduled: bool
    at: datetime  # the desired time, or now for an immediate callback (aware)
    zone: ZoneInfo
    now: datetime
    open_for: OpenForFacts | None = None
    queue: QueueFacts | None = None
    slots: tuple[SlotFacts, ...] | None = None
    slot_minutes: int | None = None
    failures: dict[str, str] = field(default_factory=dict)  # check name -> why it failed
    # Reschedule: the callback's current time; its own booking does not make its slot full.
    current: datetime | None = None


@dataclass(frozen=True)
class PreflightWarning:
    code: str  # closed | queue-disabled | immediate-disabled | immediate-not-offered |
    # outside-offer-hours | not-within-offer-time | slot-full | no-slot | check-failed
    text: str


def describe_time(at: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname()} ({at.astimezone(UTC):%H:%M} UTC)"


def describe_duration(seconds: float) -> str:
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    hours, rest = divmod(total // 60, 60)
    if hours:
        return f"{hours} h {rest:02d} min"
    return f"{rest} min"


def slot_at(slots: Iterable[SlotFacts], at: datetime, minutes: int | None) -> SlotFacts | None:
    """The slot that contains `at` (start <= at < start + duration)."""
    length = timedelta(minutes=minutes or 0)
    for slot in slots:
        if slot.start <= at and (at < slot.start + length or (not minutes and slot.start == at)):
            return slot
    return None


def free_slots_near(
    slots: Iterable[SlotFacts], at: datetime, now: datetime, *, limit: int = 8
) -> list[SlotFacts]:
    """Free future slots nearest to `at`, in time order."""
    free = [s for s in slots if not s.full and s.start >= now]
    nearest = sorted(free, key=lambda s: (abs((s.start - at).total_seconds()), s.start))[:limit]
    return sorted(nearest, key=lambda s: s.start)


@dataclass(frozen=True)
class WriteKind:
    """How a warning says that the write goes through regardless (book vs reschedule, and
    console vs command line, where the option that refuses a full slot is named differently)."""

    closed_tail: str  # after "The office is closed at …:"
    anyway: str  # after any other warning (a sentence)
    over_capacity: str = (  # after "<anyway>, over capacity;"
        'pick a free slot, or tick "Refuse if full" to have the server refuse it.'
    )
    refused: str = (  # a full slot when the write asks the server to check capacity
        '"Refuse if full" is ticked: the server will refuse it (429) and propose free slots.'
    )


BOOKING = WriteKind(
    closed_tail="/callbacks/create books the callback anyway.",
    anyway="The API books it anyway.",
)
RESCHEDULING = WriteKind(
    closed_tail="/callbacks/reschedule moves the callback there anyway.",
    anyway="The reschedule goes through anyway.",
)
_CLI_CAPACITY = {
    "over_capacity": "--check-capacity has the server refuse it.",
    "refused": "--check-capacity: the server will refuse it.",
}
CLI_BOOKING = WriteKind(
    closed_tail="GES books it anyway.", anyway="GES books it anyway.", **_CLI_CAPACITY
)
CLI_RESCHEDULING = WriteKind(
    closed_tail="GES moves it there anyway.", anyway="GES moves it there anyway.", **_CLI_CAPACITY
)


def assess(
    facts: PreflightFacts, write: WriteKind = BOOKING, *, check_capacity: bool = False
) -> list[PreflightWarning]:
    """The reasons not to go ahead as planned, each a sentence; empty when all checks out.

    `check_capacity`: the write sends alwaysCheckCapacity, so a full slot is refused, not
    overbooked (still a warning: the write will fail as planned).
    """
    warnings: list[PreflightWarning] = []
    when = describe_time(facts.at, facts.zone)
    for check, why in facts.failures.items():
        warnings.append(
            PreflightWarning(
                "check-failed", f"Could not check {check}: {why}. The booking is unverified."
            )
        )
    closed = facts.open_for is not None and facts.open_for.open_for <= 0
    if closed:
        moment = f"at {when}" if facts.scheduled else f"now ({when})"
        warnings.append(
            PreflightWarning(
                "closed", f"The office is closed {moment}: open-for returned 0. {write.closed_tail}"
            )
        )
    if facts.scheduled:
        warnings.extend(_scheduled_warnings(facts, when, closed, write, check_capacity))
    elif not closed:
        warnings.extend(_immediate_warnings(facts, write))
    return warnings


def _scheduled_warnings(
    facts: PreflightFacts, when: str, closed: bool, write: WriteKind, check_capacity: bool
) -> list[PreflightWarning]:
    out: list[PreflightWarning] = []
    if facts.queue is not None and not facts.queue.offer_scheduled:
        out.append(
            PreflightWarning(
                "queue-disabled",
                f"The queue {facts.service} is not enabled for scheduled callbacks "
                "(Scheduled Enabled is off: queue-status offerScheduledCallback = false). "
                f"{write.anyway}",
            )
        )
    if facts.slots is None:
        return out
    slot = slot_at(facts.slots, facts.at, facts.slot_minutes)
    if slot is None:
        if not closed:
            out.append(
                PreflightWarning(
                    "no-slot",
                    f"No callback slot covers {when}: availability reports none there "
                    "(outside business hours or beyond the booking horizon).",
                )
            )
    elif slot.full and not _holds(slot, facts.current, facts.slot_minutes):
        then = write.refused
        if not check_capacity:
            then = f"{write.anyway[:-1]}, over capacity; {write.over_capacity}"
        out.append(
            PreflightWarning(
                "slot-full",
                f"The slot at {describe_time(slot.start, facts.zone)} is full "
                f"({slot.total} of {slot.total} booked). {then}",
            )
        )
    return out


def _holds(slot: SlotFacts, at: datetime | None, minutes: int | None) -> bool:
    """Whether `at` (the callback's current time, when rescheduling) falls in `slot`: then the
    slot's one missing place is the callback's own, and moving within it frees that place."""
    return at is not None and slot.capacity + 1 > 0 and slot_at([slot], at, minutes) is not None


def _immediate_warnings(facts: PreflightFacts, write: WriteKind) -> list[PreflightWarning]:
    """While the office is open: each warning names the reason open-for gives, and
    queue-status's offerImmediateCallback = false only backs it up (or stands alone when
    open-for cannot say why)."""
    out: list[PreflightWarning] = []
    opened = facts.open_for
    queue = facts.queue
    not_offered = queue is not None and not queue.offer_immediate
    echo = "; queue-status offerImmediateCallback = false too" if not_offered else ""
    if opened is not None and opened.is_immediate_enabled is False:
        out.append(
            PreflightWarning(
                "immediate-disabled",
                f"The queue {facts.service} is not enabled for immediate callbacks "
                f"(Immediate Enabled is off: open-for isImmediateEnabled = false{echo}). "
                f"{write.anyway}",
            )
        )
    offer_hours = opened.immediate_offer_hours_open_for if opened is not None else None
    within = opened.is_within_immediate_offer_time if opened is not None else None
    if offer_hours == 0:
        out.append(
            PreflightWarning(
                "outside-offer-hours",
                "Now is outside the Immediate Offer Hours (open-for "
                f"immediateOfferHoursOpenFor = 0{echo}), although the office is open: "
                f"immediate callbacks are not offered at this time. {write.anyway}",
            )
        )
    elif within is False:
        out.append(_too_late_warning(facts, offer_hours, echo, write))
    if out or not not_offered or queue is None:
        return out
    ewt = _ewt_words(queue.ewt)
    if queue.ewt < 0:
        reason = "no agents are logged in to the queue (ewt = -1)"
    elif opened is None or not opened.has_extras:
        reason = (
            f"EWT {ewt}; open-for could not say why: Immediate Enabled may be off, now may be "
            "outside the Immediate Offer Hours, or a callback booked now would not be handled "
            "before office hours end"
        )
    else:
        reason = f"EWT {ewt}, although open-for's immediate checks pass: check again (ctrl+r)"
    out.append(
        PreflightWarning(
            "immediate-not-offered",
            "queue-status does not offer immediate callbacks now "
            f"(offerImmediateCallback = false: {reason}). {write.anyway}",
        )
    )
    return out


def _too_late_warning(
    facts: PreflightFacts, offer_hours: int | None, echo: str, write: WriteKind
) -> PreflightWarning:
    """isWithinImmediateOfferTime = false inside the window: the wait runs past its end."""
    ewt = _ewt_words(facts.queue.ewt) if facts.queue is not None else "unknown"
    if offer_hours is not None and offer_hours > 0:
        end = f"the Immediate Offer Hours end in {describe_duration(offer_hours)}"
    elif offer_hours == -1:
        end = "office hours end (minus the Immediate Blackout)"
        if facts.open_for is not None:
            end += f"; the office closes in {describe_duration(facts.open_for.open_for)}"
    else:
        end = "the Immediate Offer Hours end (or office hours minus the Immediate Blackout)"
    return PreflightWarning(
        "not-within-offer-time",
        f"With the current EWT ({ewt}) a callback booked now would be handled too late: "
        f"{end} (open-for isWithinImmediateOfferTime = false{echo}). {write.anyway}",
    )


def _ewt_words(ewt: float) -> str:
    if ewt < 0:
        return "unknown"
    return describe_duration(ewt)


def notes(facts: PreflightFacts) -> list[str]:
    """Informational lines that are not reasons to stop (what a value could not tell)."""
    out: list[str] = []
    if facts.open_for is not None and not facts.open_for.has_extras:
        out.append(
            "This backend did not return immediateOfferHoursOpenFor, isWithinImmediateOfferTime "
            "or isImmediateEnabled (GES older than 100.0.003.0156): those checks are not available."
        )
    if facts.scheduled:
        out.append(
            "open-for was asked with start = the chosen time; values that depend on the "
            "estimated wait time are computed in real time and may differ then."
        )
    return out


def open_for_facts(value: OpenFor) -> OpenForFacts:
    return OpenForFacts(
        open_for=value.open_for,
        immediate_offer_hours_open_for=value.immediate_offer_hours_open_for,
        is_within_immediate_offer_time=value.is_within_immediate_offer_time,
        is_immediate_enabled=value.is_immediate_enabled,
    )


def queue_facts(value: QueueStatus) -> QueueFacts:
    return QueueFacts(
        ewt=value.ewt,
        offer_immediate=value.offer_immediate_callback,
        offer_scheduled=value.offer_scheduled_callback,
    )


def slot_facts(value: Availability) -> tuple[SlotFacts, ...]:
    return tuple(
        SlotFacts(start=s.utc_time.astimezone(UTC), capacity=s.capacity, total=s.total)
        for s in value.slots
    )


FailureSink = Callable[[CallbackClientError, str], None]


async def run_preflight(
    client: CallbackClient,
    service: str,
    *,
    desired_time: datetime | None,
    zone: ZoneInfo,
    now: datetime,
    slots_when_immediate: bool = True,
    current: datetime | None = None,
    on_failure: FailureSink | None = None,
) -> PreflightFacts:
    """Run open-for (all three flags), queue-status and availability concurrently.

    `desired_time` None means an immediate callback, checked at `now`; availability is then
    asked only with `slots_when_immediate` (the console shows the slots; a script has no use
    for them). A failed check is recorded in `failures` (and passed to `on_failure` with a
    description of the action); the others still count. Anything but a client error raises.
    """
    scheduled = desired_time is not None
    moment = desired_time if desired_time is not None else now
    calls: dict[str, Awaitable[object]] = {
        "open-for": client.availability.open_for(
            service,
            start=moment if scheduled else None,
            timezone=zone.key if scheduled else None,
            query_immediate_offer_hours=True,
            return_within_immediate_offer_time=True,
            check_immediate_enabled=True,
        ),
        "queue-status": client.queues.status(service),
    }
    if scheduled or slots_when_immediate:
        calls["availability"] = client.availability.slots(
            service,
            start=(moment - SLOTS_BEFORE).astimezone(zone),
            end=(moment + SLOTS_AFTER).astimezone(zone),
            timezone=zone.key,
            report_busy=True,
        )
    results = await asyncio.gather(*calls.values(), return_exceptions=True)
    answers = dict(zip(calls, results, strict=True))
    failures: dict[str, str] = {}
    for name, result in answers.items():
        if isinstance(result, CallbackClientError):
            failures[name] = result.message
            if on_failure is not None:
                on_failure(result, f"preflight {name} for {service}")
        elif isinstance(result, BaseException):
            raise result
    opened, queue, avail = (answers.get(name) for name in CHECKS)
    return PreflightFacts(
        service=service,
        scheduled=scheduled,
        at=moment,
        zone=zone,
        now=now,
        open_for=open_for_facts(opened) if isinstance(opened, OpenFor) else None,
        queue=queue_facts(queue) if isinstance(queue, QueueStatus) else None,
        slots=slot_facts(avail) if isinstance(avail, Availability) else None,
        slot_minutes=avail.duration_min if isinstance(avail, Availability) else None,
        failures=failures,
        current=current,
    )
