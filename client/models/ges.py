"""Results of the GES public API (`/engagement/v3`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from .base import ListResult, UtcDatetime, WireModel


class CallbackRef(WireModel):
    """`{id}`: what create and cancel return."""

    id: str


class Callback(WireModel):
    """A callback as `retrieve`, reschedule and the console list return it."""

    id: str
    service_name: str | None = None
    phone_number: str | None = None
    desired_time: UtcDatetime | None = None
    callback_state: str
    callback_reason: str | None = None
    """Only when COMPLETED."""
    position_in_queue: int | None = None
    """Only while QUEUED, ROUTING or PROCESSING."""
    estimated_wait_time: int | None = None
    """Seconds; only while QUEUED, ROUTING or PROCESSING."""
    priority: int | None = None
    user_data: dict[str, Any] = Field(default_factory=dict)
    created_at: UtcDatetime | None = None


class HistoryEntry(WireModel):
    state: str
    at: UtcDatetime
    reason: str | None = None


class CallbackDetail(Callback):
    """Console `GET /callbacks/{id}`: the callback plus its state history."""

    history: list[HistoryEntry] = Field(default_factory=list)


class OpenFor(WireModel):
    """Seconds the office stays open from `start` (0 = closed), plus the optional outputs."""

    open_for: int
    immediate_offer_hours_open_for: int | None = None
    """-1 not configured, 0 outside, else seconds to the end of the offer window."""
    is_within_immediate_offer_time: bool | None = None
    is_immediate_enabled: bool | None = None


class Slot(WireModel):
    utc_time: UtcDatetime
    local_time: datetime
    """Slot start in the requested time zone, naive (the wire sends it without offset)."""
    capacity: int
    """Remaining bookable callbacks."""
    total: int
    """Configured Slot Capacity."""

    @property
    def is_full(self) -> bool:
        return self.capacity <= 0


class Availability(WireModel):
    slots: list[Slot] = Field(default_factory=list)
    duration_min: int | None = None
    timezone: str | None = None


class QueueStatus(WireModel):
    ewt: int
    """Seconds; -1 means no interactions yet (immediate offered) or no agents (not offered)."""
    offer_immediate_callback: bool
    offer_scheduled_callback: bool


class EstimatedWaitTime(WireModel):
    virtual_queue: str
    estimated_wait_time: int
    """Seconds; -1 when unknown."""
    message: str | None = None
    result_code: int
    """0 valid, -1 no interactions in the VQ yet, -2 no agents logged in."""

    @property
    def is_valid(self) -> bool:
        return self.result_code == 0


class EstimatedWaitTimes(ListResult[EstimatedWaitTime]):
    """One entry per requested virtual queue."""


class Statistics(WireModel):
    """Free-form GWS statistics object; every field is in `.values` (wire names)."""

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.model_extra or {})
