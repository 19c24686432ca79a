"""The GES public API of the emulator over in-process ASGI: happy paths and bad input."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from mock_helpers import NOW, client_for, data, error
from starlette.applications import Starlette

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock

V3 = "/engagement/v3"
UUID1 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$")


async def test_every_answer_has_fresh_corr_id_and_version(admin: httpx.AsyncClient) -> None:
    first = await admin.get(f"{V3}/callbacks/open-for/Sales_US")
    second = await admin.get(f"{V3}/callbacks/open-for/Sales_US")
    ids = {first.json()["status"]["corrId"], second.json()["status"]["corrId"]}
    assert len(ids) == 2
    assert all(UUID1.match(i) for i in ids)
    assert first.headers["x-correlation-id"] == first.json()["status"]["corrId"]
    assert first.headers["x-ges-version"] == "100.0.003.0210"


async def test_create_retrieve_cancel_cycle(admin: httpx.AsyncClient) -> None:
    desired = (NOW + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    created = await admin.post(
        f"{V3}/callbacks/create",
        json={
            "serviceName": "Sales_US",
            "phoneNumber": "+1 (555) 010-2030",
            "desiredTime": desired,
            "userData": {"order": 7, "not-an-ident": 1},
        },
    )
    cb_id = data(created)["id"]
    got = data(await admin.post(f"{V3}/callbacks/retrieve", json={"id": cb_id}))
    assert got["callbackState"] == "SCHEDULED"
    assert got["phoneNumber"] == "+15550102030"
    assert got["desiredTime"] == "2026-11-26T15:00:00.000Z"
    assert got["userData"] == {"order": 7}
    assert "callbackReason" not in got
    assert data(await admin.post(f"{V3}/callbacks/cancel", json={"id": cb_id})) == {"id": cb_id}
    after = data(await admin.post(f"{V3}/callbacks/retrieve", json={"id": cb_id}))
    assert (after["callbackState"], after["callbackReason"]) == ("COMPLETED", "CANCELLED")
    again = await admin.post(f"{V3}/callbacks/cancel", json={"id": cb_id})
    assert error(again, 400, 40000).startswith("id:")


async def test_immediate_callback_is_queued_with_position(admin: httpx.AsyncClient) -> None:
    created = await admin.post(
        f"{V3}/callbacks/create", json={"serviceName": "Support_247", "phoneNumber": "5550100"}
    )
    got = data(await admin.post(f"{V3}/callbacks/retrieve", json={"id": data(created)["id"]}))
    assert got["callbackState"] == "QUEUED"
    assert got["positionInQueue"] >= 1
    assert isinstance(got["estimatedWaitTime"], int)


async def test_create_validation_names_the_field(admin: httpx.AsyncClient) -> None:
    cases = [
        ({"phoneNumber": "5551234567"}, "serviceName:"),
        ({"serviceName": "Nope", "phoneNumber": "5551234567"}, "serviceName:"),
        ({"serviceName": "Sales_US"}, "phoneNumber:"),
        ({"serviceName": "Sales_US", "phoneNumber": "12-34"}, "phoneNumber:"),
        ({"serviceName": "Sales_US", "phoneNumber": 5551234567}, "phoneNumber:"),
        (
            {"serviceName": "Sales_US", "phoneNumber": "5551234567", "desiredTime": "tomorrow"},
            "desiredTime:",
        ),
        (
            {
                "serviceName": "Sales_US",
                "phoneNumber": "5551234567",
                "desiredTime": "2026-11-26T10:00:00",
            },
            "desiredTime:",
        ),
        ({"serviceName": "Sales_US", "phoneNumber": "5551234567", "priority": "high"}, "priority:"),
        ({"serviceName": "Sales_US", "phoneNumber": "5551234567", "userData": [1]}, "userData:"),
        (
            {"serviceName": "Sales_US", "phoneNumber": "5551234567", "alwaysCheckCapacity": "yes"},
            "alwaysCheckCapacity:",
        ),
        (
            {
                "serviceName": "Sales_US",
                "phoneNumber": "5551234567",
                "pushTargets": [{"channel": "SMS", "target": "x"}],
            },
            "pushTargets[0].channel:",
        ),
    ]
    for body, field in cases:
        message = error(await admin.post(f"{V3}/callbacks/create", json=body), 400, 40000)
        assert message.startswith(field), (body, message)


async def test_non_json_and_non_object_bodies(admin: httpx.AsyncClient) -> None:
    bad_json = await admin.post(f"{V3}/callbacks/create", content=b"{not json")
    assert error(bad_json, 400, 40001).startswith("body:")
    array = await admin.post(f"{V3}/callbacks/create", json=[1, 2])
    assert error(array, 400, 40001).startswith("body:")


async def test_retrieve_and_cancel_unknown_ids(admin: httpx.AsyncClient) -> None:
    unknown = "0b3f9540-a8c9-41e9-881c-4d0000000000"
    for op in ("retrieve", "cancel"):
        assert error(await admin.post(f"{V3}/callbacks/{op}", json={"id": unknown}), 404, 40400)
        msg = error(await admin.post(f"{V3}/callbacks/{op}", json={"id": "x"}), 400, 40000)
        assert msg.startswith("id:")


async def test_open_for_flags_and_start(admin: httpx.AsyncClient) -> None:
    flags = "queryImmediateOfferHours=true&returnWithinImmediateOfferTime=true"
    flags += "&checkImmediateEnabled=true"
    got = data(await admin.get(f"{V3}/callbacks/open-for/Sales_US?{flags}"))
    # 10:00 New York: open until 18:00, offer hours until 17:00.
    assert got == {
        "openFor": 8 * 3600,
        "immediateOfferHoursOpenFor": 7 * 3600,
        "isWithinImmediateOfferTime": True,
        "isImmediateEnabled": True,
    }
    night = "start=2026-11-25T22:00:00.000&timezone=America/New_York"
    closed = data(await admin.get(f"{V3}/callbacks/open-for/Sales_US?{night}&{flags}"))
    assert closed["openFor"] == 0 and closed["immediateOfferHoursOpenFor"] == 0
    plain = data(
        await admin.get(f"{V3}/callbacks/open-for/Support_247?queryImmediateOfferHours=true")
    )
    assert plain["immediateOfferHoursOpenFor"] == -1
    unknown = await admin.get(f"{V3}/callbacks/open-for/Nope")
    assert error(unknown, 404, 40400).startswith("service-name:")
    bad = await admin.get(f"{V3}/callbacks/open-for/Sales_US?start=yesterday")
    assert error(bad, 400, 40000).startswith("start:")
    bad_flag = await admin.get(f"{V3}/callbacks/open-for/Sales_US?checkImmediateEnabled=maybe")
    assert error(bad_flag, 400, 40000).startswith("checkImmediateEnabled:")
    ignored = await admin.get(f"{V3}/callbacks/open-for/Sales_US?whatever=1")
    assert ignored.status_code == 200


async def test_older_ges_version_hides_flag_outputs(clock: FixedClock) -> None:
    app = create_app(clock=clock, ges_version="100.0.003.0150", seed_errors=0)
    async with client_for(app) as client:
        flags = "queryImmediateOfferHours=true&returnWithinImmediateOfferTime=true"
        got = await client.get(
            f"{V3}/callbacks/open-for/Sales_US?{flags}&checkImmediateEnabled=true"
        )
        assert data(got) == {"openFor": 8 * 3600}
        assert got.headers["x-ges-version"] == "100.0.003.0150"


async def test_availability_parameters(admin: httpx.AsyncClient) -> None:
    query = "start=2026-11-26T08:00:00.000&timezone=America/New_York&numberOfDays=1&maxTimeSlots=3"
    got = data(await admin.get(f"{V3}/callbacks/availability/Sales_US?{query}"))
    assert got["durationMin"] == 30 and got["timezone"] == "America/New_York"
    assert [s["localTime"] for s in got["slots"]] == [
        "2026-11-26T08:00:00.000",
        "2026-11-26T08:30:00.000",
        "2026-11-26T09:00:00.000",
    ]
    assert got["slots"][0]["utcTime"] == "2026-11-26T13:00:00.000Z"
    assert got["slots"][0]["total"] == 3
    too_long = await admin.get(f"{V3}/callbacks/availability/Sales_US?numberOfDays=3650")
    assert error(too_long, 400, 40000).startswith("numberOfDays:")
    both = await admin.get(
        f"{V3}/callbacks/availability/Sales_US?start=2026-11-26T08:00:00Z&startMS=1"
    )
    assert error(both, 400, 40000).startswith("startMS:")


async def test_full_slot_hidden_unless_report_busy_and_429(admin: httpx.AsyncClient) -> None:
    slot = "2026-11-27T14:00:00.000Z"  # 09:00 New York, Friday; capacity 3
    body = {
        "serviceName": "Sales_US",
        "phoneNumber": "5551230000",
        "desiredTime": slot,
        "alwaysCheckCapacity": True,
    }
    for _ in range(3):
        assert (await admin.post(f"{V3}/callbacks/create", json=body)).status_code == 200
    full = await admin.post(f"{V3}/callbacks/create", json=body)
    assert error(full, 429, 42900).startswith("desiredTime:")
    slots = full.json()["data"]["slots"]
    assert 1 <= len(slots) <= 10 and slot not in slots
    assert all(isinstance(v, str) and int(v) > 0 for v in slots.values())
    # Without alwaysCheckCapacity the API books anyway, as the seed says.
    body.pop("alwaysCheckCapacity")
    assert (await admin.post(f"{V3}/callbacks/create", json=body)).status_code == 200
    q = "start=2026-11-27T14:00:00.000Z&end=2026-11-27T14:30:00.000Z"
    hidden = data(await admin.get(f"{V3}/callbacks/availability/Sales_US?{q}"))
    assert hidden["slots"] == []
    busy = data(await admin.get(f"{V3}/callbacks/availability/Sales_US?{q}&reportBusy=true"))
    assert busy["slots"][0]["capacity"] == 0


async def test_queue_status_and_ewt(admin: httpx.AsyncClient) -> None:
    sales = data(await admin.get(f"{V3}/callbacks/queue-status/Sales_US"))
    assert sales["offerScheduledCallback"] is True and sales["ewt"] >= 0
    billing = data(await admin.get(f"{V3}/callbacks/queue-status/Billing_EU"))
    assert billing["offerScheduledCallback"] is False
    ewt = data(await admin.get(f"{V3}/estimated-wait-time?virtual-queues=Sales_US,Tech_APAC,X"))
    codes = {e["virtualQueue"]: e["resultCode"] for e in ewt}
    assert codes == {"Sales_US": 0, "Tech_APAC": -2, "X": -1}
    missing = await admin.get(f"{V3}/estimated-wait-time")
    assert error(missing, 400, 40000).startswith("virtual-queues:")


async def test_statistics_need_gws_credentials(app: Starlette) -> None:
    async with client_for(app) as client:
        url = f"{V3}/statistics/operations/get-statistic-ex"
        assert error(await client.post(url), 401, 40101).startswith("statistics:")
        put = await client.put(
            "/console/v1/credentials/gws",
            json={
                "baseUrl": "https://gws.mock.invalid",
                "clientId": "callback-tui-demo-client",
                "clientSecret": "demo-gws-secret-0123456789abcdef",
            },
        )
        assert put.status_code == 200
        stats = data(await client.post(url))
        assert stats["statistics"]


async def test_auth_and_roles_on_ges(app: Starlette) -> None:
    async with client_for(app, role="") as anon:
        assert error(await anon.get(f"{V3}/callbacks/open-for/Sales_US"), 401, 40100)
    async with client_for(app, role="", **{"x-api-key": "x" * 40}) as wrong:
        assert error(await wrong.get(f"{V3}/callbacks/open-for/Sales_US"), 401, 40100)
    async with client_for(app, role="Agent") as agent:
        assert (await agent.get(f"{V3}/callbacks/open-for/Sales_US")).status_code == 200
        refused = await agent.post(
            f"{V3}/callbacks/create", json={"serviceName": "Sales_US", "phoneNumber": "5551234567"}
        )
        assert error(refused, 403, 40300) == (
            "role Agent may not use POST /engagement/v3/callbacks/create"
        )


async def test_routes_methods_and_size_limit(admin: httpx.AsyncClient) -> None:
    assert error(await admin.get(f"{V3}/nothing-here"), 404, 40400)
    assert error(await admin.get(f"{V3}/callbacks/create"), 405, 40500)
    huge = await admin.post(f"{V3}/callbacks/create", content=b"{" + b" " * 70_000 + b"}")
    assert error(huge, 413, 41300).startswith("body:")
