"""The client calls behind the Callbacks tab: booking, and the slots a refusal proposes.

The preflight's calls and rules are `client.preflight` (shared with the `callbacks` commands).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from client.preflight import SlotFacts

if TYPE_CHECKING:
    from client import CallbackClient


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
