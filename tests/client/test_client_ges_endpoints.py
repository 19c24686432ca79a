"""Happy path of every GES public endpoint: request shape and typed result."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx
import respx
from client_fakes import CORR, KEY, ok, sent_json, sent_params

from client import Callback, CallbackClient, CallbackRef, EstimatedWaitTimes

CB_ID = "6a1c8a52-6f3e-4b0e-9a55-3f1c2b7d9e10"
CALLBACK = {
    "id": CB_ID,
    "serviceName": "support",
    "phoneNumber": "+15551234567",
    "desiredTime": "2026-11-27T14:30:00.000Z",
    "callbackState": "QUEUED",
    "positionInQueue": 2,
    "estimatedWaitTime": 120,
    "priority": 5,
    "userData": {"orderId": "A-17"},
    "createdAt": "2026-11-27T14:00:00.000Z",
}


async def test_create_sends_camel_case_body_with_utc_millis(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.post("/engagement/v3/callbacks/create").mock(return_value=ok({"id": CB_ID}))
    paris = timezone(timedelta(hours=1))
    result = await client.callbacks.create(
        service_name="support",
        phone_number="+1 555 123 4567",
        desired_time=datetime(2026, 11, 27, 15, 30, 0, 123456, tzinfo=paris),
        priority=5,
        user_data={"orderId": "A-17"},
        always_check_capacity=True,
        inbound_vq="VQ_in",
        survey_rp="9000",
        language="en-US",
        cbOriginationIxnId="ixn-1",
    )
    assert isinstance(result, CallbackRef)
    assert result.id == CB_ID
    assert result.correlation_id == CORR
    request = route.calls.last.request
    assert request.headers["x-api-key"] == KEY
    assert request.headers["content-type"] == "application/json"
    assert sent_json(route) == {
        "serviceName": "support",
        "phoneNumber": "+1 555 123 4567",
        "desiredTime": "2026-11-27T14:30:00.123Z",
        "priority": 5,
        "userData": {"orderId": "A-17"},
        "alwaysCheckCapacity": True,
        "inboundVQ": "VQ_in",
        "surveyRP": "9000",
        "language": "en-US",
        "cbOriginationIxnId": "ixn-1",
    }


async def test_create_immediate_omits_desired_time(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.post("/engagement/v3/callbacks/create").mock(return_value=ok({"id": CB_ID}))
    await client.callbacks.create("support", "5551234567")
    assert sent_json(route) == {"serviceName": "support", "phoneNumber": "5551234567"}


async def test_cancel_and_retrieve_post_the_id(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    cancel = router.post("/engagement/v3/callbacks/cancel").mock(return_value=ok({"id": CB_ID}))
    retrieve = router.post("/engagement/v3/callbacks/retrieve").mock(return_value=ok(CALLBACK))

    cancelled = await client.callbacks.cancel(CB_ID)
    callback = await client.callbacks.retrieve(CB_ID)

    assert cancelled.id == CB_ID
    assert sent_json(cancel) == {"id": CB_ID}
    assert sent_json(retrieve) == {"id": CB_ID}
    assert isinstance(callback, Callback)
    assert callback.callback_state == "QUEUED"
    assert callback.position_in_queue == 2
    assert callback.estimated_wait_time == 120
    assert callback.desired_time == datetime(2026, 11, 27, 14, 30, tzinfo=UTC)
    assert callback.user_data == {"orderId": "A-17"}
    assert callback.callback_reason is None
    assert callback.correlation_id == CORR


async def test_open_for_with_the_three_flags(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/engagement/v3/callbacks/open-for/support").mock(
        return_value=ok(
            {
                "openFor": 3600,
                "immediateOfferHoursOpenFor": -1,
                "isWithinImmediateOfferTime": True,
                "isImmediateEnabled": False,
            }
        )
    )
    result = await client.availability.open_for(
        "support",
        start=datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
        query_immediate_offer_hours=True,
        return_within_immediate_offer_time=True,
        check_immediate_enabled=True,
    )
    assert sent_params(route) == {
        "start": "2026-11-27T14:00:00.000Z",
        "queryImmediateOfferHours": "true",
        "returnWithinImmediateOfferTime": "true",
        "checkImmediateEnabled": "true",
    }
    assert route.calls.last.request.headers["x-api-key"] == KEY
    assert result.open_for == 3600
    assert result.immediate_offer_hours_open_for == -1
    assert result.is_within_immediate_offer_time is True
    assert result.is_immediate_enabled is False


async def test_open_for_plain_has_no_optional_outputs(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/engagement/v3/callbacks/open-for/support").mock(
        return_value=ok({"openFor": 0})
    )
    result = await client.availability.open_for("support")
    assert sent_params(route) == {}
    assert result.open_for == 0
    assert result.immediate_offer_hours_open_for is None
    assert result.is_immediate_enabled is None


async def test_open_for_with_timezone_sends_local_time_without_offset(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/engagement/v3/callbacks/open-for/support").mock(
        return_value=ok({"openFor": 60})
    )
    await client.availability.open_for(
        "support", start=datetime(2026, 11, 27, 9, 30), timezone="America/New_York"
    )
    assert sent_params(route) == {
        "start": "2026-11-27T09:30:00.000",
        "timezone": "America/New_York",
    }
    # An aware start is converted to the zone's local time.
    await client.availability.open_for(
        "support", start=datetime(2026, 11, 27, 14, 30, tzinfo=UTC), timezone="America/New_York"
    )
    assert sent_params(route)["start"] == "2026-11-27T09:30:00.000"


async def test_availability_slots(router: respx.MockRouter, client: CallbackClient) -> None:
    route = router.get("/engagement/v3/callbacks/availability/support").mock(
        return_value=ok(
            {
                "slots": [
                    {
                        "utcTime": "2026-11-27T14:30:00.000Z",
                        "localTime": "2026-11-27T09:30:00.000",
                        "capacity": 3,
                        "total": 5,
                    },
                    {
                        "utcTime": "2026-11-27T14:45:00.000Z",
                        "localTime": "2026-11-27T09:45:00.000",
                        "capacity": 0,
                        "total": 5,
                    },
                ],
                "durationMin": 15,
                "timezone": "America/New_York",
            }
        )
    )
    result = await client.availability.slots(
        "support",
        start=datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
        number_of_days=2,
        timezone=None,
        max_time_slots=10,
        report_busy=True,
    )
    assert sent_params(route) == {
        "start": "2026-11-27T14:00:00.000Z",
        "numberOfDays": "2",
        "maxTimeSlots": "10",
        "reportBusy": "true",
    }
    assert result.duration_min == 15
    assert result.timezone == "America/New_York"
    first, second = result.slots
    assert first.utc_time == datetime(2026, 11, 27, 14, 30, tzinfo=UTC)
    assert first.local_time == datetime(2026, 11, 27, 9, 30)  # naive: local in `timezone`
    assert (first.capacity, first.total, first.is_full) == (3, 5, False)
    assert second.is_full


async def test_availability_by_epoch_ms(router: respx.MockRouter, client: CallbackClient) -> None:
    route = router.get("/engagement/v3/callbacks/availability/support").mock(
        return_value=ok({"slots": [], "durationMin": 15, "timezone": "UTC"})
    )
    await client.availability.slots("support", start_ms=1_795_000_000_000, end_ms=1_795_086_400_000)
    assert sent_params(route) == {"startMS": "1795000000000", "endMS": "1795086400000"}


async def test_queue_status(router: respx.MockRouter, client: CallbackClient) -> None:
    route = router.get("/engagement/v3/callbacks/queue-status/VQ_support").mock(
        return_value=ok(
            {"ewt": 42, "offerImmediateCallback": True, "offerScheduledCallback": False}
        )
    )
    status = await client.queues.status("VQ_support")
    assert route.called
    assert (status.ewt, status.offer_immediate_callback, status.offer_scheduled_callback) == (
        42,
        True,
        False,
    )
    assert status.correlation_id == CORR


async def test_estimated_wait_time_for_several_queues(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/engagement/v3/estimated-wait-time").mock(
        return_value=ok(
            [
                {"virtualQueue": "a", "estimatedWaitTime": 30, "message": "", "resultCode": 0},
                {
                    "virtualQueue": "b",
                    "estimatedWaitTime": -1,
                    "message": "no agents logged in",
                    "resultCode": -2,
                },
            ]
        )
    )
    result = await client.wait_times.estimate(["a", "b"], mode="mode2", include_calls_on_hold=True)
    assert sent_params(route) == {
        "virtual-queues": "a,b",
        "mode": "mode2",
        "include-calls-on-hold": "true",
    }
    assert isinstance(result, EstimatedWaitTimes)
    assert len(result) == 2
    assert [e.virtual_queue for e in result.items] == ["a", "b"]
    assert result[0].is_valid and not result[1].is_valid
    assert result[1].message == "no agents logged in"
    assert result.correlation_id == CORR


async def test_statistics_passes_body_and_cache_control(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.post("/engagement/v3/statistics/operations/get-statistic-ex").mock(
        return_value=ok({"statistics": [{"name": "CurrNumberWaitingCalls", "value": 3}]})
    )
    query = {"statistics": [{"objectId": "VQ_support", "name": "CurrNumberWaitingCalls"}]}
    result = await client.statistics.get(query, cache_control="max-age=15")
    assert sent_json(route) == query
    assert route.calls.last.request.headers["cache-control"] == "max-age=15"
    assert result.values == {"statistics": [{"name": "CurrNumberWaitingCalls", "value": 3}]}
    assert result.correlation_id == CORR


async def test_base_url_trailing_slash_and_asgi_transport() -> None:
    """`for_asgi` drives an ASGI app in-process; the key reaches the app as `x-api-key`."""
    seen: dict[str, str] = {}

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        seen.update({k.decode(): v.decode() for k, v in scope["headers"]})
        seen["path"] = scope["path"]
        body = httpx.Response(
            200,
            json={
                "status": {"code": 0, "message": "Successful", "corrId": CORR},
                "data": {"openFor": 5},
            },
        )
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body.content})

    async with CallbackClient.for_asgi(app, KEY, base_url="http://emulator/") as c:
        result = await c.availability.open_for("support")
    assert result.open_for == 5
    assert seen["x-api-key"] == KEY
    assert seen["path"] == "/engagement/v3/callbacks/open-for/support"
