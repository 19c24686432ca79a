"""The shared preflight (client.preflight, used by the console and the `callbacks` commands):
each warning case in words, and what is not a warning."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from client.preflight import (
    CLI_BOOKING,
    CLI_RESCHEDULING,
    RESCHEDULING,
    OpenForFacts,
    PreflightFacts,
    QueueFacts,
    SlotFacts,
    assess,
    describe_duration,
    free_slots_near,
    notes,
    slot_at,
)
from screens.callbacks.preflight import explain_open_for, explain_queue, slots_in_window

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
NY = ZoneInfo("America/New_York")
OPEN = OpenForFacts(3600, -1, True, True)
QUEUE_OK = QueueFacts(ewt=120, offer_immediate=True, offer_scheduled=True)


def slots(*capacities: int, start: datetime = NOW, minutes: int = 30) -> tuple[SlotFacts, ...]:
    return tuple(
        SlotFacts(start + timedelta(minutes=minutes * i), capacity, 3)
        for i, capacity in enumerate(capacities)
    )


def facts(**changes: object) -> PreflightFacts:
    base: dict[str, object] = {
        "service": "Sales_US",
        "scheduled": True,
        "at": NOW + timedelta(minutes=30),
        "zone": NY,
        "now": NOW,
        "open_for": OPEN,
        "queue": QUEUE_OK,
        "slots": slots(3, 2, 1),
        "slot_minutes": 30,
    }
    base.update(changes)
    return PreflightFacts(**base)  # type: ignore[arg-type]


def codes(value: PreflightFacts) -> list[str]:
    return [w.code for w in assess(value)]


def test_everything_fine_gives_no_warning() -> None:
    assert assess(facts()) == []
    assert assess(facts(scheduled=False, at=NOW)) == []


def test_closed_office_is_said_with_the_local_time() -> None:
    warnings = assess(facts(open_for=OpenForFacts(0, -1, False, True), slots=()))
    assert [w.code for w in warnings] == ["closed"]
    text = warnings[0].text
    assert "The office is closed at Wed 2026-11-25 09:30 EST (14:30 UTC)" in text
    assert "books the callback anyway" in text


def test_closed_office_for_an_immediate_callback_says_now() -> None:
    warnings = assess(facts(scheduled=False, at=NOW, open_for=OpenForFacts(0, 0, False, True)))
    assert warnings[0].code == "closed"
    assert "closed now" in warnings[0].text
    # Closed already explains it: no separate offer-hours sentence.
    assert codes(facts(scheduled=False, at=NOW, open_for=OpenForFacts(0, 0, False, True))) == [
        "closed"
    ]


def test_scheduled_callbacks_disabled_on_the_queue() -> None:
    value = facts(queue=QueueFacts(60, True, False))
    assert codes(value) == ["queue-disabled"]
    assert "not enabled for scheduled callbacks" in assess(value)[0].text
    assert "offerScheduledCallback = false" in assess(value)[0].text


def test_immediate_disabled_uses_is_immediate_enabled() -> None:
    value = facts(
        scheduled=False,
        at=NOW,
        open_for=OpenForFacts(3600, -1, False, False),
        queue=QueueFacts(-1, False, True),
    )
    warnings = assess(value)
    assert warnings[0].code == "immediate-disabled"
    assert "not enabled for immediate callbacks" in warnings[0].text


def test_immediate_not_offered_on_an_old_backend_explains_both_causes() -> None:
    value = facts(
        scheduled=False, at=NOW, open_for=OpenForFacts(3600), queue=QueueFacts(900, False, True)
    )
    warnings = assess(value)
    assert [w.code for w in warnings] == ["immediate-not-offered"]
    assert "open-for could not say why: Immediate Enabled may be off" in warnings[0].text
    assert "outside the Immediate Offer Hours" in warnings[0].text
    assert "EWT 15 min" in warnings[0].text


def test_a_24_7_office_outside_offer_hours_names_the_offer_hours_not_office_hours() -> None:
    """Support_247 with Immediate Offer Hours 20-22, EWT 0, at 14:00: queue-status does not
    offer immediate callbacks because of the offer hours; the office never closes."""
    value = facts(
        service="Support_247",
        scheduled=False,
        at=NOW,
        open_for=OpenForFacts(86400, 0, False, True),
        queue=QueueFacts(0, False, True),
    )
    warnings = assess(value)
    assert [w.code for w in warnings] == ["outside-offer-hours"]
    text = warnings[0].text
    assert "Now is outside the Immediate Offer Hours" in text
    assert "queue-status offerImmediateCallback = false too" in text
    assert "office hours end" not in text


def test_no_agents_is_the_reason_when_open_for_checks_pass() -> None:
    value = facts(scheduled=False, at=NOW, queue=QueueFacts(-1, False, True))
    warnings = assess(value)
    assert [w.code for w in warnings] == ["immediate-not-offered"]
    assert "no agents are logged in to the queue" in warnings[0].text


def test_rescheduling_is_worded_for_reschedule_not_create() -> None:
    value = facts(open_for=OpenForFacts(0, -1, False, True), slots=())
    booking = assess(value)[0].text
    moving = assess(value, RESCHEDULING)[0].text
    assert "/callbacks/create books the callback anyway" in booking
    assert "/callbacks/create" not in moving
    assert "/callbacks/reschedule moves the callback there anyway" in moving
    full = facts(at=NOW + timedelta(minutes=40), slots=slots(3, 0, 1))
    assert "The reschedule goes through anyway, over capacity" in assess(full, RESCHEDULING)[0].text


def test_outside_immediate_offer_hours() -> None:
    value = facts(scheduled=False, at=NOW, open_for=OpenForFacts(1800, 0, False, True))
    warnings = assess(value)
    assert [w.code for w in warnings] == ["outside-offer-hours"]
    assert "outside the Immediate Offer Hours" in warnings[0].text


def test_inside_offer_hours_but_the_ewt_runs_past_them() -> None:
    value = facts(scheduled=False, at=NOW, open_for=OpenForFacts(1800, 600, False, True))
    warnings = assess(value)
    assert [w.code for w in warnings] == ["not-within-offer-time"]
    assert "With the current EWT (2 min)" in warnings[0].text
    assert "the Immediate Offer Hours end in 10 min" in warnings[0].text


def test_immediate_checks_do_not_apply_to_scheduled_callbacks() -> None:
    value = facts(open_for=OpenForFacts(3600, 0, False, False), queue=QueueFacts(60, False, True))
    assert assess(value) == []


def test_full_slot_names_the_slot_and_the_option() -> None:
    value = facts(at=NOW + timedelta(minutes=40), slots=slots(3, 0, 1))
    warnings = assess(value)
    assert [w.code for w in warnings] == ["slot-full"]
    assert (
        "The slot at Wed 2026-11-25 09:30 EST (14:30 UTC) is full (3 of 3 booked)"
        in warnings[0].text
    )
    assert "Refuse if full" in warnings[0].text


def test_time_without_a_slot_while_open() -> None:
    value = facts(at=NOW + timedelta(hours=5))
    assert codes(value) == ["no-slot"]


def test_a_failed_check_is_a_warning_too() -> None:
    value = facts(queue=None, failures={"queue-status": "service-name: unknown"})
    warnings = assess(value)
    assert [w.code for w in warnings] == ["check-failed"]
    assert "Could not check queue-status: service-name: unknown" in warnings[0].text


def test_several_warnings_are_all_listed() -> None:
    value = facts(
        open_for=OpenForFacts(0, -1, True, True), queue=QueueFacts(60, True, False), slots=()
    )
    assert codes(value) == ["closed", "queue-disabled"]


def test_slot_lookup_and_free_slots_near() -> None:
    all_slots = slots(1, 0, 2, 3, start=NOW - timedelta(minutes=30))
    assert slot_at(all_slots, NOW + timedelta(minutes=10), 30) == all_slots[1]
    assert slot_at(all_slots, NOW + timedelta(hours=3), 30) is None
    near = free_slots_near(all_slots, NOW + timedelta(minutes=10), NOW, limit=2)
    # The past slot and the full one are never offered.
    assert [s.start for s in near] == [all_slots[2].start, all_slots[3].start]


def test_the_availability_window_leaves_out_slots_that_have_started() -> None:
    # At 17:54 the 17:15, 17:30 and 17:45 slots are gone; 18:00 on are shown.
    now = datetime(2026, 11, 25, 17, 54, tzinfo=UTC)
    day = slots(3, 3, 3, 3, 3, 3, start=datetime(2026, 11, 25, 17, 15, tzinfo=UTC), minutes=15)
    shown = slots_in_window(day, now, now)
    assert [f"{s.start:%H:%M}" for s in shown] == ["18:00", "18:15", "18:30"]
    # The slot holding the chosen time stays, even when it has just started.
    chosen = slot_at(day, now + timedelta(minutes=1), 15)
    assert chosen is not None
    kept = slots_in_window(day, now + timedelta(minutes=1), now, keep=chosen)
    assert [f"{s.start:%H:%M}" for s in kept] == ["17:45", "18:00", "18:15", "18:30"]


def test_notes_for_old_backend_and_scheduled_start() -> None:
    old = notes(facts(open_for=OpenForFacts(3600)))
    assert any("GES older than 100.0.003.0156" in n for n in old)
    assert any("computed in real time" in n for n in old)
    assert notes(facts(scheduled=False, at=NOW)) == []


def test_explanations_give_meanings() -> None:
    rows = dict(explain_open_for(OpenForFacts(0, -1, False, True)))
    assert rows["openFor = 0"] == "closed"
    assert rows["immediateOfferHoursOpenFor = -1"] == "Immediate Offer Hours not configured"
    assert dict(explain_queue(QueueFacts(-1, False, True)))["ewt = -1"] == "no agents logged in"
    assert dict(explain_queue(QueueFacts(-1, True, True)))["ewt = -1"] == (
        "no interactions on the queue yet"
    )
    assert describe_duration(3900) == "1 h 05 min"
    assert describe_duration(42) == "42 s"


def test_the_command_line_wording_names_its_option_and_gesture() -> None:
    full = facts(at=NOW + timedelta(minutes=40), slots=slots(3, 0, 1))
    booking = assess(full, CLI_BOOKING)[0].text
    assert booking.endswith(
        "is full (3 of 3 booked). GES books it anyway, over capacity; "
        "--check-capacity has the server refuse it."
    )
    refused = assess(full, CLI_BOOKING, check_capacity=True)
    assert [w.code for w in refused] == ["slot-full"]
    assert refused[0].text.endswith("(3 of 3 booked). --check-capacity: the server will refuse it.")
    closed = facts(open_for=OpenForFacts(0, -1, False, True), slots=())
    assert assess(closed, CLI_RESCHEDULING)[0].text.endswith(
        "open-for returned 0. GES moves it there anyway."
    )


def test_a_callback_moved_within_its_own_full_slot_is_not_counted_twice() -> None:
    full = slots(3, 0, 1)
    within = facts(at=NOW + timedelta(minutes=40), slots=full, current=NOW + timedelta(minutes=35))
    assert assess(within, RESCHEDULING) == []
    # From another slot, the full one is full.
    elsewhere = facts(at=NOW + timedelta(minutes=40), slots=full, current=NOW)
    assert [w.code for w in assess(elsewhere, RESCHEDULING)] == ["slot-full"]
    # Overbooked past its own place: still full.
    over = facts(
        at=NOW + timedelta(minutes=40), slots=slots(3, -1, 1), current=NOW + timedelta(minutes=35)
    )
    assert [w.code for w in assess(over, RESCHEDULING)] == ["slot-full"]
