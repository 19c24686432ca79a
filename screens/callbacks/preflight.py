"""Preflight of a booking: what open-for, queue-status and availability say, in words.

`/callbacks/create` books regardless of office hours, queue enablement and slot capacity, so the
console checks them first. Pure logic (no Textual, no client): the Book form gathers the facts
and this module turns them into warnings a person can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


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
    """How a warning says that the write goes through regardless (book vs reschedule)."""

    closed_tail: str  # after "The office is closed at …:"
    anyway: str  # after any other warning


BOOKING = WriteKind(
    closed_tail="/callbacks/create books the callback anyway.",
    anyway="The API books it anyway.",
)
RESCHEDULING = WriteKind(
    closed_tail="/callbacks/reschedule moves the callback there anyway.",
    anyway="The reschedule goes through anyway.",
)


def assess(facts: PreflightFacts, write: WriteKind = BOOKING) -> list[PreflightWarning]:
    """The reasons not to go ahead as planned, each a sentence; empty when all checks out."""
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
        warnings.extend(_scheduled_warnings(facts, when, closed, write))
    elif not closed:
        warnings.extend(_immediate_warnings(facts, write))
    return warnings


def _scheduled_warnings(
    facts: PreflightFacts, when: str, closed: bool, write: WriteKind
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
    elif slot.full:
        out.append(
            PreflightWarning(
                "slot-full",
                f"The slot at {describe_time(slot.start, facts.zone)} is full "
                f"({slot.total} of {slot.total} booked). {write.anyway[:-1]}, over capacity; "
                'pick a free slot, or tick "Refuse if full" to have the server refuse it.',
            )
        )
    return out


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


def explain_open_for(value: OpenForFacts) -> list[tuple[str, str]]:
    """(field = value, meaning) rows for the preflight view."""
    rows = [
        (
            f"openFor = {value.open_for}",
            "closed" if value.open_for <= 0 else f"open {describe_duration(value.open_for)} more",
        )
    ]
    hours = value.immediate_offer_hours_open_for
    if hours is not None:
        meaning = {-1: "Immediate Offer Hours not configured", 0: "outside Immediate Offer Hours"}
        rows.append(
            (
                f"immediateOfferHoursOpenFor = {hours}",
                meaning.get(hours, f"offer window ends in {describe_duration(hours)}"),
            )
        )
    within = value.is_within_immediate_offer_time
    if within is not None:
        rows.append(
            (
                f"isWithinImmediateOfferTime = {str(within).lower()}",
                "immediate callbacks can be offered" if within else "do not offer immediate",
            )
        )
    if value.is_immediate_enabled is not None:
        on = value.is_immediate_enabled
        rows.append(
            (
                f"isImmediateEnabled = {str(on).lower()}",
                "Immediate Enabled is on" if on else "Immediate Enabled is off",
            )
        )
    return rows


def explain_queue(value: QueueFacts) -> list[tuple[str, str]]:
    if value.ewt >= 0:
        ewt = describe_duration(value.ewt)
    elif value.offer_immediate:
        ewt = "no interactions on the queue yet"
    else:
        ewt = "no agents logged in"
    return [
        (f"ewt = {value.ewt:g}", ewt),
        (
            f"offerImmediateCallback = {str(value.offer_immediate).lower()}",
            "immediate offered now" if value.offer_immediate else "immediate not offered now",
        ),
        (
            f"offerScheduledCallback = {str(value.offer_scheduled).lower()}",
            "Scheduled Enabled is on" if value.offer_scheduled else "Scheduled Enabled is off",
        ),
    ]


def slots_in_window(
    slots: Sequence[SlotFacts],
    at: datetime,
    now: datetime,
    *,
    keep: SlotFacts | None = None,
    before: int = 3,
    after: int = 4,
) -> list[SlotFacts]:
    """A few slots either side of `at` (busy ones included) for the availability column.

    Slots that started before `now` are left out (too late to book), except `keep` (the slot
    holding the chosen time, which may have just started).
    """
    ordered = sorted((s for s in slots if s.start >= now or s == keep), key=lambda s: s.start)
    index = next((i for i, s in enumerate(ordered) if s.start > at), len(ordered))
    return ordered[max(0, index - before) : index + after]
