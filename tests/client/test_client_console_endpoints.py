"""Happy path of every console API endpoint: request shape and typed result."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import respx
from client_fakes import CORR, KEY, ok, sent_json, sent_params

from client import CallbackClient, Secret

T0 = datetime(2026, 11, 27, 0, 0, tzinfo=UTC)
T1 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ERROR_RECORD = {
    "corrId": "9b2e51c4-8f1b-11ef-9c2d-0242ac120002",
    "url": "/engagement/v3/callbacks/create",
    "method": "POST",
    "timestamp": "2026-11-27T10:15:00.250Z",
    "statusCode": 50001,
    "httpStatus": 500,
    "message": "internal error",
}
CALLBACK = {
    "id": "6a1c8a52-6f3e-4b0e-9a55-3f1c2b7d9e10",
    "serviceName": "support",
    "phoneNumber": "+15551234567",
    "desiredTime": "2026-11-27T14:30:00.000Z",
    "callbackState": "SCHEDULED",
    "priority": 0,
    "userData": {},
    "createdAt": "2026-11-27T14:00:00.000Z",
}
GWS = {
    "kind": "gws",
    "registered": True,
    "fields": {"baseUrl": "https://gws.example", "clientId": "cid", "clientSecret": "••••wxyz"},
    "updatedAt": "2026-11-27T09:00:00.000Z",
    "lastTest": None,
}
SERVICE = {
    "name": "support",
    "timezone": "America/New_York",
    "settings": [
        {
            "name": "_slot_capacity",
            "value": 5,
            "webCallback": True,
            "requires": None,
            "description": "callbacks per slot",
        },
        {
            "name": "_capacity_check",
            "value": True,
            "webCallback": True,
            "requires": "alwaysCheckCapacity",
            "description": "x",
        },
    ],
    "purge": {
        "mode": "afterDuration",
        "afterMinutes": 90,
        "nextPurge": "2026-11-27T16:00:00.000Z",
    },
}
TENANT = {
    "id": "t-1",
    "name": "Demo",
    "region": "usw1",
    "settings": {"a": 1},
    "lastRefreshed": "2026-11-27T09:00:00.000Z",
    "refreshIntervalMin": 30,
    "nextRefresh": "2026-11-27T09:30:00.000Z",
    "source": "tenant.toml",
}


async def test_me(router: respx.MockRouter, client: CallbackClient) -> None:
    route = router.get("/console/v1/me").mock(
        return_value=ok(
            {
                "tenant": {"id": "t-1", "name": "Demo"},
                "user": "admin",
                "role": "Administrator",
                "gesVersion": "100.0.003.0210",
            }
        )
    )
    me = await client.me()
    assert route.calls.last.request.headers["x-api-key"] == KEY
    assert (me.tenant.name, me.role, me.ges_version) == ("Demo", "Administrator", "100.0.003.0210")
    assert me.correlation_id == CORR


async def test_errors_list_sends_every_filter(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/console/v1/errors").mock(
        return_value=ok({"items": [ERROR_RECORD], "nextCursor": "c2"})
    )
    page = await client.errors.list(
        q="9b2e", status=[500, 5701], method="post", since=T0, until=T1, limit=20, cursor="c1"
    )
    assert sent_params(route) == {
        "q": "9b2e",
        "status": "500,5701",
        "method": "POST",
        "since": "2026-11-27T00:00:00.000Z",
        "until": "2026-11-27T12:00:00.000Z",
        "limit": "20",
        "cursor": "c1",
    }
    assert page.next_cursor == "c2" and page.has_more
    record = page.items[0]
    assert record.corr_id == ERROR_RECORD["corrId"]
    assert (record.status_code, record.http_status) == (50001, 500)
    assert record.timestamp == datetime(2026, 11, 27, 10, 15, 0, 250000, tzinfo=UTC)
    assert page.correlation_id == CORR


async def test_errors_search_uses_q_and_default_limit(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/console/v1/errors").mock(
        return_value=ok({"items": [], "nextCursor": None})
    )
    page = await client.errors.search(" 9b2e51c4 ", status=404)
    assert sent_params(route) == {"q": "9b2e51c4", "status": "404", "limit": "50"}
    assert page.items == [] and not page.has_more


async def test_errors_iter_pages_follows_next_cursor(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/console/v1/errors").mock(
        side_effect=[
            ok({"items": [ERROR_RECORD], "nextCursor": "c2"}),
            ok({"items": [ERROR_RECORD], "nextCursor": "c3"}),
            ok({"items": [ERROR_RECORD], "nextCursor": None}),
        ]
    )
    pages = [page async for page in client.errors.iter_pages(limit=1)]
    assert len(pages) == 3
    cursors = [dict(call.request.url.params).get("cursor") for call in route.calls]
    assert cursors == [None, "c2", "c3"]


async def test_errors_get_detail(router: respx.MockRouter, client: CallbackClient) -> None:
    corr = ERROR_RECORD["corrId"]
    route = router.get(f"/console/v1/errors/{corr}").mock(
        return_value=ok(
            {
                **ERROR_RECORD,
                "request": {
                    "method": "POST",
                    "url": "/engagement/v3/callbacks/create",
                    "query": {},
                    "headers": {"x-api-key": "[REDACTED]"},
                    "bodySummary": {"serviceName": "support", "phoneNumber": "[REDACTED]"},
                },
                "responseBody": {
                    "status": {"code": 50001, "message": "internal error", "corrId": corr}
                },
            }
        )
    )
    detail = await client.errors.get(corr)
    assert route.called
    assert detail.request is not None
    assert detail.request.headers == {"x-api-key": "[REDACTED]"}
    assert detail.request.body_summary["phoneNumber"] == "[REDACTED]"
    assert detail.response_body["status"]["code"] == 50001


async def test_errors_histogram(router: respx.MockRouter, client: CallbackClient) -> None:
    route = router.get("/console/v1/errors/histogram").mock(
        return_value=ok(
            {
                "bucket": "minute",
                "since": "2026-11-27T00:00:00.000Z",
                "until": "2026-11-27T12:00:00.000Z",
                "counts": [{"start": "2026-11-27T00:00:00.000Z", "count": 4}],
            }
        )
    )
    histogram = await client.errors.histogram(since=T0, until=T1, bucket="minute")
    assert sent_params(route) == {
        "since": "2026-11-27T00:00:00.000Z",
        "until": "2026-11-27T12:00:00.000Z",
        "bucket": "minute",
    }
    assert histogram.counts[0].count == 4
    assert histogram.until == T1


async def test_cors_origins(router: respx.MockRouter, client: CallbackClient) -> None:
    router.get("/console/v1/cors/origins").mock(
        return_value=ok({"origins": ["https://shop.example"], "howToUpdate": "Ask support."})
    )
    cors = await client.cors.origins()
    assert cors.origins == ["https://shop.example"]
    assert cors.how_to_update == "Ask support."


async def test_api_key_validation_accepts_str_or_secret(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.post("/console/v1/api-keys/validate").mock(
        return_value=ok({"valid": True, "role": "Developer"})
    )
    result = await client.api_keys.validate(Secret("other-key-0123456789"))
    assert sent_json(route) == {"apiKey": "other-key-0123456789"}
    assert (result.valid, result.role) == (True, "Developer")
    await client.api_keys.validate("plain-key")
    assert sent_json(route) == {"apiKey": "plain-key"}


async def test_credentials_list_register_delete_test(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    listing = router.get("/console/v1/credentials").mock(
        return_value=ok([GWS, {"kind": "push", "registered": False, "fields": {}}])
    )
    put = router.put("/console/v1/credentials/gws").mock(return_value=ok(GWS))
    delete = router.delete("/console/v1/credentials/captcha").mock(
        return_value=ok({"kind": "captcha", "registered": False, "fields": {}})
    )
    test = router.post("/console/v1/credentials/gws/test").mock(
        return_value=ok(
            {
                "kind": "gws",
                "ok": False,
                "detail": "token request refused",
                "checks": [
                    {"name": "baseUrl reachable", "ok": True, "detail": ""},
                    {"name": "token", "ok": False, "detail": "401 from GWS"},
                ],
                "testedAt": "2026-11-27T09:01:00.000Z",
            }
        )
    )

    credentials = await client.credentials.list()
    registered = await client.credentials.register(
        "gws",
        base_url="https://gws.example",
        client_id="cid",
        client_secret=Secret("s3cr3t-0123456789-wxyz"),
    )
    deleted = await client.credentials.delete("captcha")
    tested = await client.credentials.test("gws")

    assert listing.called
    assert [c.kind for c in credentials.items] == ["gws", "push"]
    assert credentials[0].fields["clientSecret"] == "••••wxyz"
    assert sent_json(put) == {
        "baseUrl": "https://gws.example",
        "clientId": "cid",
        "clientSecret": "s3cr3t-0123456789-wxyz",
    }
    assert registered.registered and registered.updated_at == datetime(2026, 11, 27, 9, tzinfo=UTC)
    assert delete.called and deleted.registered is False
    assert test.called
    assert not tested.ok
    assert [(c.name, c.ok) for c in tested.checks] == [
        ("baseUrl reachable", True),
        ("token", False),
    ]


async def test_credentials_register_with_a_wire_name_dict(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.put("/console/v1/credentials/captcha").mock(
        return_value=ok({"kind": "captcha", "registered": True, "fields": {}})
    )
    await client.credentials.register("captcha", {"siteKey": "site", "secretKey": "sec"})
    assert sent_json(route) == {"siteKey": "site", "secretKey": "sec"}


async def test_tenant_get_and_refetch(router: respx.MockRouter, client: CallbackClient) -> None:
    router.get("/console/v1/tenant").mock(return_value=ok(TENANT))
    refetch = router.post("/console/v1/tenant/refetch").mock(
        return_value=ok({**TENANT, "changes": [{"path": "settings.a", "before": 1, "after": 2}]})
    )
    config = await client.tenant.get()
    refreshed = await client.tenant.refetch()
    assert config.refresh_interval_min == 30
    assert config.last_refreshed == datetime(2026, 11, 27, 9, tzinfo=UTC)
    assert refetch.called
    assert [(c.path, c.before, c.after) for c in refreshed.changes] == [("settings.a", 1, 2)]


async def test_services_list_get_and_set_purge(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.get("/console/v1/services").mock(return_value=ok([SERVICE]))
    get = router.get("/console/v1/services/support").mock(return_value=ok(SERVICE))
    put = router.put("/console/v1/services/support/purge").mock(return_value=ok(SERVICE))

    services = await client.services.list()
    service = await client.services.get("support")
    updated = await client.services.set_purge("support", "afterDuration", after_minutes=90)
    off = await client.services.set_purge("support", "off")

    assert [s.name for s in services.items] == ["support"]
    assert get.called
    assert service.settings[1].requires == "alwaysCheckCapacity"
    assert service.settings[0].web_callback is True
    assert service.purge is not None and service.purge.after_minutes == 90
    assert updated.correlation_id == CORR and off.name == "support"
    assert [json.loads(c.request.content) for c in put.calls] == [
        {"mode": "afterDuration", "afterMinutes": 90},
        {"mode": "off"},
    ]


async def test_purge_preview_and_run(router: respx.MockRouter, client: CallbackClient) -> None:
    route = router.post("/console/v1/purge").mock(
        return_value=ok(
            {
                "dryRun": True,
                "count": 2,
                "ids": ["a", "b"],
                "byState": {"SCHEDULED": 2},
                "oldest": "2026-11-27T08:00:00.000Z",
                "newest": "2026-11-27T09:00:00.000Z",
            }
        )
    )
    preview = await client.purge.preview("support")
    assert sent_json(route) == {"service": "support", "dryRun": True}
    await client.purge.run()
    assert sent_json(route) == {"dryRun": False}
    assert (preview.count, preview.by_state) == (2, {"SCHEDULED": 2})
    assert preview.oldest == datetime(2026, 11, 27, 8, tzinfo=UTC)


async def test_callbacks_list_get_and_reschedule(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    listing = router.get("/console/v1/callbacks").mock(
        return_value=ok({"items": [CALLBACK], "nextCursor": None})
    )
    detail = router.get(f"/console/v1/callbacks/{CALLBACK['id']}").mock(
        return_value=ok(
            {
                **CALLBACK,
                "history": [
                    {"state": "SCHEDULED", "at": "2026-11-27T14:00:00.000Z", "reason": None}
                ],
            }
        )
    )
    reschedule = router.post("/console/v1/callbacks/reschedule").mock(return_value=ok(CALLBACK))

    page = await client.callbacks.list(
        service="support", state="SCHEDULED", phone="555", from_=T0, to=T1, limit=100
    )
    one = await client.callbacks.get(CALLBACK["id"])
    moved = await client.callbacks.reschedule(
        CALLBACK["id"], datetime(2026, 11, 28, 9, 0, tzinfo=UTC), always_check_capacity=True
    )

    assert sent_params(listing) == {
        "service": "support",
        "state": "SCHEDULED",
        "phone": "555",
        "from": "2026-11-27T00:00:00.000Z",
        "to": "2026-11-27T12:00:00.000Z",
        "limit": "100",
    }
    assert page.items[0].phone_number == "+15551234567"
    assert page.items[0].correlation_id is None and page.correlation_id == CORR
    assert detail.called and one.history[0].state == "SCHEDULED"
    assert sent_json(reschedule) == {
        "id": CALLBACK["id"],
        "desiredTime": "2026-11-28T09:00:00.000Z",
        "alwaysCheckCapacity": True,
    }
    assert moved.callback_state == "SCHEDULED"


async def test_unknown_fields_are_kept(router: respx.MockRouter, client: CallbackClient) -> None:
    router.get("/console/v1/cors/origins").mock(
        return_value=ok({"origins": [], "howToUpdate": "x", "futureField": 7})
    )
    cors = await client.cors.origins()
    assert cors.model_extra == {"futureField": 7}


async def test_times_are_aware_utc_whatever_the_server_sends(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.get("/console/v1/errors/histogram").mock(
        return_value=ok(
            {
                "bucket": "hour",
                "since": "2026-11-27T02:00:00+02:00",
                "until": "2026-11-27T12:00:00",
                "counts": [],
            }
        )
    )
    histogram = await client.errors.histogram()
    assert histogram.since == T0 and histogram.since.tzinfo is UTC
    assert histogram.until == T1 and histogram.until.tzinfo is UTC


async def test_callbacks_iter_pages_stops_at_max_pages(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/console/v1/callbacks").mock(
        return_value=ok({"items": [CALLBACK], "nextCursor": "more"})
    )
    pages = [page async for page in client.callbacks.iter_pages(service="support", max_pages=2)]
    assert len(pages) == 2 and route.call_count == 2
    assert [dict(c.request.url.params).get("cursor") for c in route.calls] == [None, "more"]
    assert all(dict(c.request.url.params)["service"] == "support" for c in route.calls)
