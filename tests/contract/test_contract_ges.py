"""GES public API: the real client against the real emulator (ASGI, pinned clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from contract_env import KEYS, NOW

from client import (
    AuthenticationError,
    BadRequestError,
    CallbackClient,
    NotFoundError,
    PermissionDeniedError,
    SlotFullError,
)


async def test_create_then_retrieve_immediate(admin: CallbackClient) -> None:
    ref = await admin.callbacks.create("Sales_US", "+1 (555) 010-2030", user_data={"order": 42})
    assert ref.id and ref.correlation_id
    got = await admin.callbacks.retrieve(ref.id)
    assert got.id == ref.id
    assert got.service_name == "Sales_US"
    assert got.callback_state == "QUEUED"
    assert got.position_in_queue is not None and got.position_in_queue >= 1
    assert got.estimated_wait_time is not None
    assert got.user_data == {"order": 42}
    assert got.correlation_id and got.correlation_id != ref.correlation_id


async def test_create_books_regardless_of_office_hours(admin: CallbackClient) -> None:
    """The seed's point: create does not check hours, enablement or capacity."""
    sunday_night = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)  # Sales_US is closed on Sundays
    ref = await admin.callbacks.create("Sales_US", "+15550102030", desired_time=sunday_night)
    got = await admin.callbacks.retrieve(ref.id)
    assert got.callback_state == "SCHEDULED"
    assert got.desired_time == sunday_night
    # Billing_EU has scheduled callbacks disabled, and the API books anyway.
    ref2 = await admin.callbacks.create(
        "Billing_EU", "+4930123456", desired_time=NOW + timedelta(days=1)
    )
    assert (await admin.callbacks.retrieve(ref2.id)).callback_state == "SCHEDULED"


async def test_always_check_capacity_refuses_full_slot_with_proposals(
    admin: CallbackClient,
) -> None:
    # Tech_APAC: 15-minute slots of capacity 2; Tokyo Thursday 10:00 = 01:00 UTC.
    slot = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    before = await admin.availability.slots(
        "Tech_APAC", start=slot, end=slot + timedelta(minutes=15), report_busy=True
    )
    free = before.slots[0].capacity
    for _ in range(free):
        await admin.callbacks.create(
            "Tech_APAC", "+81312345678", desired_time=slot, always_check_capacity=True
        )
    with pytest.raises(SlotFullError) as caught:
        await admin.callbacks.create(
            "Tech_APAC", "+81312345678", desired_time=slot, always_check_capacity=True
        )
    err = caught.value
    assert err.http_status == 429 and err.code == 42900 and err.correlation_id
    assert err.slots, "a full slot proposes other slots"
    assert slot not in err.slots and all(v > 0 for v in err.slots.values())
    # Without the flag the API books into the full slot anyway.
    await admin.callbacks.create("Tech_APAC", "+81312345678", desired_time=slot)


async def test_create_validation_names_the_field(admin: CallbackClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        await admin.callbacks.create("Sales_US", "not-a-phone")
    assert caught.value.code == 40000
    assert caught.value.message.startswith("phoneNumber")
    with pytest.raises(BadRequestError) as caught:
        await admin.callbacks.create("No_Such_Service", "+15550102030")
    assert caught.value.message.startswith("serviceName")


async def test_naive_datetime_is_refused_before_any_request(admin: CallbackClient) -> None:
    with pytest.raises(ValueError, match=r"aware|naive|time zone|timezone"):
        await admin.callbacks.create(
            "Sales_US", "+15550102030", desired_time=datetime(2026, 12, 1, 9)
        )


async def test_cancel_and_unknown_ids(admin: CallbackClient) -> None:
    ref = await admin.callbacks.create("Support_247", "+442071234567")
    cancelled = await admin.callbacks.cancel(ref.id)
    assert cancelled.id == ref.id
    got = await admin.callbacks.retrieve(ref.id)
    assert (got.callback_state, got.callback_reason) == ("COMPLETED", "CANCELLED")
    with pytest.raises(BadRequestError):
        await admin.callbacks.cancel(ref.id)  # already completed
    unknown = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(NotFoundError) as caught:
        await admin.callbacks.retrieve(unknown)
    assert caught.value.http_status == 404 and caught.value.code == 40400
    with pytest.raises(NotFoundError):
        await admin.callbacks.cancel(unknown)


async def test_open_for_with_the_three_flags(admin: CallbackClient) -> None:
    plain = await admin.availability.open_for("Sales_US")
    assert plain.open_for == 9 * 3600  # 09:00 New York, open until 18:00
    assert plain.immediate_offer_hours_open_for is None
    full = await admin.availability.open_for(
        "Sales_US",
        query_immediate_offer_hours=True,
        return_within_immediate_offer_time=True,
        check_immediate_enabled=True,
    )
    assert full.immediate_offer_hours_open_for == 8 * 3600  # offer window ends 17:00
    assert full.is_within_immediate_offer_time is True
    assert full.is_immediate_enabled is True
    not_configured = await admin.availability.open_for(
        "Support_247", query_immediate_offer_hours=True
    )
    assert not_configured.immediate_offer_hours_open_for == -1


async def test_open_for_start_replaces_now(admin: CallbackClient) -> None:
    evening = datetime(2026, 11, 25, 19, 30)  # local New York time, with timezone=
    closed = await admin.availability.open_for(
        "Sales_US", start=evening, timezone="America/New_York", query_immediate_offer_hours=True
    )
    assert closed.open_for == 0
    assert closed.immediate_offer_hours_open_for == 0


async def test_old_ges_version_ignores_the_flags(clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from callback_tui.mock import create_app

    old = create_app(":memory:", clock=clock, keys=KEYS, ges_version="100.0.003.0100")
    async with CallbackClient.for_asgi(old, KEYS["Administrator"]) as client:
        result = await client.availability.open_for(
            "Sales_US", query_immediate_offer_hours=True, check_immediate_enabled=True
        )
        assert result.open_for > 0
        assert result.immediate_offer_hours_open_for is None
        assert result.is_immediate_enabled is None
        me = await client.me()
        assert me.ges_version == "100.0.003.0100"


async def test_availability_parameters(admin: CallbackClient) -> None:
    result = await admin.availability.slots(
        "Sales_US", start=NOW, number_of_days=2, timezone="America/New_York", max_time_slots=5
    )
    assert result.duration_min == 30 and result.timezone == "America/New_York"
    assert len(result.slots) == 5
    first = result.slots[0]
    assert first.total == 3 and 0 < first.capacity <= 3
    assert first.utc_time >= NOW
    assert first.local_time.tzinfo is None
    with pytest.raises(BadRequestError) as caught:
        await admin.availability.slots("Sales_US", start=NOW, number_of_days=4000)
    assert caught.value.message.startswith("numberOfDays:")


async def test_queue_status_and_ewt(admin: CallbackClient) -> None:
    status = await admin.queues.status("Sales_US")
    assert status.offer_immediate_callback is True and status.offer_scheduled_callback is True
    assert status.ewt >= 0
    apac = await admin.queues.status("Tech_APAC")
    assert apac.offer_immediate_callback is False
    waits = await admin.wait_times.estimate(["Sales_US", "Tech_APAC"])
    codes = {w.virtual_queue: w.result_code for w in waits.items}
    assert codes["Sales_US"] == 0
    assert codes["Tech_APAC"] == -2  # no agents logged in
    assert waits.correlation_id


async def test_statistics_401_until_gws_credentials(admin: CallbackClient, emulator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AuthenticationError) as caught:
        await admin.statistics.get({"statistics": [{"name": "CurrentWaitingCalls"}]})
    assert caught.value.code == 40101


async def test_missing_and_wrong_key(client_for) -> None:  # type: ignore[no-untyped-def]
    async with client_for("x" * 40) as bad:
        with pytest.raises(AuthenticationError) as caught:
            await bad.queues.status("Sales_US")
        assert caught.value.code == 40100 and caught.value.correlation_id


async def test_agent_cannot_book(client_for) -> None:  # type: ignore[no-untyped-def]
    async with client_for("Agent") as agent:
        with pytest.raises(PermissionDeniedError) as caught:
            await agent.callbacks.create("Sales_US", "+15550102030")
        assert caught.value.code == 40300 and "Agent" in caught.value.message
        assert (await agent.queues.status("Sales_US")).ewt is not None
