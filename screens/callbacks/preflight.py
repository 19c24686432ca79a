"""The booking preflight for the Callbacks screens: the shared rules, and how the view explains.

The rules (facts, warnings in words, slot lookups, the three calls) live in `client.preflight`,
shared with the `callbacks` commands; they are re-exported here for the screens. This module
adds only what the preflight view shows beside them: each returned value's meaning and the
slots either side of the chosen time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from client.preflight import (
    BOOKING,
    RESCHEDULING,
    OpenForFacts,
    PreflightFacts,
    PreflightWarning,
    QueueFacts,
    SlotFacts,
    WriteKind,
    assess,
    describe_duration,
    describe_time,
    free_slots_near,
    notes,
    slot_at,
)

__all__ = [
    "BOOKING",
    "RESCHEDULING",
    "OpenForFacts",
    "PreflightFacts",
    "PreflightWarning",
    "QueueFacts",
    "SlotFacts",
    "WriteKind",
    "assess",
    "describe_duration",
    "describe_time",
    "explain_open_for",
    "explain_queue",
    "free_slots_near",
    "notes",
    "slot_at",
    "slots_in_window",
]


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
