"""The client calls behind the Callbacks tab: the preflight checks, booking, rescheduling.

Only this module knows the client's method shapes; the screens work with plain plans and facts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from client import Availability, CallbackClientError, OpenFor, QueueStatus
from screens.callbacks.preflight import (
    OpenForFacts,
    PreflightFacts,
    QueueFacts,
    SlotFacts,
)

if TYPE_CHECKING:
    from client import CallbackClient

# Availability is asked for this window around the chosen time: enough to offer nearby slots.
SLOTS_BEFORE = timedelta(hours=3)
SLOTS_AFTER = timedelta(days=4)  # past a weekend or a holiday


@dataclass(frozen=True)
class BookingPlan:
    """A validated booking: what the form will send to /callbacks/create."""

    service: str
    phone: str
    desired_time: datetime | None  # aware UTC; None = immediate
    zone: ZoneInfo
    priority: int | None = None
    user_data: dict[str, str] = field(default_factory=dict)
    refuse_if_full: bool = False
    ignored_user_data_keys: tuple[str, ...] = ()  # sent as typed; the API drops them

    @property
    def scheduled(self) -> bool:
        return self.desired_time is not None


ErrorSink = Callable[[BaseException, str], None]


async def gather_preflight(
    client: CallbackClient,
    service: str,
    at: datetime | None,
    zone: ZoneInfo,
    now: datetime,
    report: ErrorSink,
) -> PreflightFacts:
    """Run open-for (all three flags), queue-status and availability concurrently.

    A failed check is reported through `report` and recorded in `facts.failures`; the others
    still count. `at` None means an immediate callback (checked at "now").
    """
    scheduled = at is not None
    moment = at if at is not None else now
    open_for_call = client.availability.open_for(
        service,
        start=moment if scheduled else None,
        timezone=zone.key if scheduled else None,
        query_immediate_offer_hours=True,
        return_within_immediate_offer_time=True,
        check_immediate_enabled=True,
    )
    queue_call = client.queues.status(service)
    slots_call = client.availability.slots(
        service,
        start=(moment - SLOTS_BEFORE).astimezone(zone),
        end=(moment + SLOTS_AFTER).astimezone(zone),
        timezone=zone.key,
        report_busy=True,
    )
    results = await asyncio.gather(open_for_call, queue_call, slots_call, return_exceptions=True)
    failures: dict[str, str] = {}
    checks = ("open-for", "queue-status", "availability")
    for name, result in zip(checks, results, strict=True):
        if isinstance(result, CallbackClientError):
            failures[name] = result.message
            report(result, f"preflight {name} for {service}")
        elif isinstance(result, BaseException):
            raise result
    opened, queue, avail = results
    return PreflightFacts(
        service=service,
        scheduled=scheduled,
        at=moment,
        zone=zone,
        now=now,
        open_for=_open_for_facts(opened) if isinstance(opened, OpenFor) else None,
        queue=_queue_facts(queue) if isinstance(queue, QueueStatus) else None,
        slots=_slot_facts(avail) if isinstance(avail, Availability) else None,
        slot_minutes=avail.duration_min if isinstance(avail, Availability) else None,
        failures=failures,
    )


def _open_for_facts(value: OpenFor) -> OpenForFacts:
    return OpenForFacts(
        open_for=value.open_for,
        immediate_offer_hours_open_for=value.immediate_offer_hours_open_for,
        is_within_immediate_offer_time=value.is_within_immediate_offer_time,
        is_immediate_enabled=value.is_immediate_enabled,
    )


def _queue_facts(value: QueueStatus) -> QueueFacts:
    return QueueFacts(
        ewt=value.ewt,
        offer_immediate=value.offer_immediate_callback,
        offer_scheduled=value.offer_scheduled_callback,
    )


def _slot_facts(value: Availability) -> tuple[SlotFacts, ...]:
    return tuple(
        SlotFacts(start=s.utc_time.astimezone(UTC), capacity=s.capacity, total=s.total)
        for s in value.slots
    )


def proposed_slots(slots: dict[datetime, int]) -> list[SlotFacts]:
    """The slots a 429 proposes (start -> remaining capacity; the total is not sent)."""
    return [
        SlotFacts(start=start.astimezone(UTC), capacity=capacity, total=0)
        for start, capacity in sorted(slots.items())
    ]


async def book(client: CallbackClient, plan: BookingPlan) -> str:
    """POST /callbacks/create; returns the new callback's id."""
    ref = await client.callbacks.create(
        plan.service,
        plan.phone,
        desired_time=plan.desired_time,
        priority=plan.priority,
        user_data=plan.user_data or None,
        always_check_capacity=True if plan.refuse_if_full else None,
    )
    return ref.id
