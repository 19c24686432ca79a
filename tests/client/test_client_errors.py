"""Error envelopes become the right exception; malformed answers become ProtocolError."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
import respx
from client_fakes import CORR, SleepRecorder, fail, ok

from client import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    CallbackClient,
    CallbackClientError,
    NotFoundError,
    PermissionDeniedError,
    ProtocolError,
    ServerError,
    SlotFullError,
)

CREATE = "/engagement/v3/callbacks/create"


@pytest.mark.parametrize(
    ("http_status", "code", "message", "expected"),
    [
        (
            400,
            40000,
            "phoneNumber: must be 7 to 15 digits, optionally with a leading +",
            BadRequestError,
        ),
        (400, 40001, "body is not valid JSON", BadRequestError),
        (413, 41300, "request body larger than 64 KiB", BadRequestError),
        (401, 40100, "missing or invalid API key", AuthenticationError),
        (
            403,
            40300,
            "role Agent may not use POST /engagement/v3/callbacks/create",
            PermissionDeniedError,
        ),
        (404, 40400, "service: unknown service 'nope'", NotFoundError),
        (405, 40500, "method not allowed", ApiError),
        (500, 50001, "internal error", ServerError),
        (502, 5701, "upstream dependency unavailable: FCM", ServerError),
    ],
)
async def test_error_envelopes_map_to_classes(
    router: respx.MockRouter,
    client: CallbackClient,
    http_status: int,
    code: int,
    message: str,
    expected: type[ApiError],
) -> None:
    router.post(CREATE).mock(return_value=fail(http_status, code, message))
    with pytest.raises(expected) as caught:
        await client.callbacks.create("support", "5551234567")
    err = caught.value
    assert type(err) is expected
    assert (err.http_status, err.code, err.message, err.correlation_id) == (
        http_status,
        code,
        message,
        CORR,
    )
    text = str(err)
    assert message in text and str(code) in text and CORR in text and str(http_status) in text


async def test_slot_full_carries_the_proposed_slots(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.post(CREATE).mock(
        return_value=fail(
            429,
            42900,
            "desiredTime: the slot is full",
            data={
                "slots": {
                    "2026-11-27T15:15:00.000Z": "1",
                    "2026-11-27T15:00:00.000Z": "3",
                    "not a time": "2",
                }
            },
        )
    )
    with pytest.raises(SlotFullError) as caught:
        await client.callbacks.create(
            "support",
            "5551234567",
            desired_time=datetime(2026, 11, 27, 14, 30, tzinfo=UTC),
            always_check_capacity=True,
        )
    assert caught.value.slots == {
        datetime(2026, 11, 27, 15, 0, tzinfo=UTC): 3,
        datetime(2026, 11, 27, 15, 15, tzinfo=UTC): 1,
    }
    assert next(iter(caught.value.slots)) == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert "slot is full" in str(caught.value)


async def test_statistics_without_gws_credentials_is_authentication_error(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.post("/engagement/v3/statistics/operations/get-statistic-ex").mock(
        return_value=fail(401, 40101, "statistics: GWS credentials are not registered")
    )
    with pytest.raises(AuthenticationError) as caught:
        await client.statistics.get({})
    assert caught.value.code == 40101


async def test_http_200_with_a_nonzero_code_is_an_error(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.get("/console/v1/me").mock(
        return_value=httpx.Response(
            200, json={"status": {"code": 40000, "message": "odd", "corrId": CORR}}
        )
    )
    with pytest.raises(ApiError) as caught:
        await client.me()
    assert (caught.value.http_status, caught.value.code) == (200, 40000)


async def test_correlation_id_falls_back_to_the_header(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.get("/console/v1/me").mock(
        return_value=httpx.Response(
            404,
            json={"status": {"code": 40400, "message": "route not found"}},
            headers={"X-Correlation-ID": CORR},
        )
    )
    with pytest.raises(NotFoundError) as caught:
        await client.me()
    assert caught.value.correlation_id == CORR


HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


@pytest.mark.parametrize(
    ("response", "words"),
    [
        (httpx.Response(502, content=HTML_502, headers={"content-type": "text/html"}), "not JSON"),
        (httpx.Response(200, content=b""), "empty body"),
        (
            httpx.Response(200, content=b'{"status": {"code": 0, "message": "Succ'),
            "not JSON",
        ),
        (httpx.Response(200, json=[{"id": "x"}]), "JSON list"),
        (httpx.Response(200, json={"id": "x"}), "no GES `status`"),
        (
            httpx.Response(200, json={"status": {"code": "abc", "message": "", "corrId": CORR}}),
            "status.code",
        ),
        (
            httpx.Response(200, json={"status": {"code": True, "message": "", "corrId": CORR}}),
            "status.code",
        ),
        (
            httpx.Response(200, json={"status": {"code": 0, "message": "ok"}, "data": {"id": "x"}}),
            "no status.corrId",
        ),
        (httpx.Response(200, json={"status": {"code": 0, "corrId": CORR}, "data": "x"}), "str"),
        (
            httpx.Response(200, json={"status": {"code": 0, "corrId": CORR}, "data": {}}),
            "id: Field required",
        ),
        (
            httpx.Response(200, json={"status": {"code": 0, "corrId": CORR}, "data": {"id": 7}}),
            "id: Input should be a valid string",
        ),
    ],
)
async def test_malformed_answers_raise_protocol_error(
    router: respx.MockRouter, client: CallbackClient, response: httpx.Response, words: str
) -> None:
    router.post(CREATE).mock(return_value=response)
    with pytest.raises(ProtocolError) as caught:
        await client.callbacks.create("support", "5551234567")
    err = caught.value
    assert words in str(err)
    assert err.http_status == response.status_code
    # Nothing from json/pydantic is chained to it: the user sees one clean error.
    assert err.__cause__ is None and err.__context__ is None


async def test_wrong_data_shapes_for_list_and_object_results(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.get("/engagement/v3/estimated-wait-time").mock(return_value=ok({"virtualQueue": "a"}))
    router.get("/engagement/v3/callbacks/queue-status/q").mock(
        return_value=ok({"ewt": "soon", "offerImmediateCallback": True})
    )
    router.get("/console/v1/errors").mock(return_value=ok({"items": "none"}))
    with pytest.raises(ProtocolError, match="data is not a list"):
        await client.wait_times.estimate("a")
    with pytest.raises(ProtocolError, match=r"ewt: .*offerScheduledCallback: Field required"):
        await client.queues.status("q")
    with pytest.raises(ProtocolError, match="items"):
        await client.errors.list()


async def test_protocol_error_does_not_echo_phone_numbers_from_the_data(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.post("/engagement/v3/callbacks/retrieve").mock(
        return_value=ok({"id": "x", "phoneNumber": "+15559876543", "callbackState": 3})
    )
    with pytest.raises(ProtocolError) as caught:
        await client.callbacks.retrieve("x")
    assert "callbackState" in str(caught.value)
    assert "5559876543" not in str(caught.value)


async def test_html_502_on_a_get_is_retried_then_raised_as_protocol_error(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.get("/console/v1/me").mock(
        return_value=httpx.Response(502, content=HTML_502, headers={"content-type": "text/html"})
    )
    with pytest.raises(ProtocolError) as caught:
        await client.me()
    assert route.call_count == 3
    assert "text/html" in str(caught.value) and "502 Bad Gateway" in str(caught.value)


def test_one_hierarchy_to_catch() -> None:
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        SlotFullError,
        ServerError,
    ):
        assert issubclass(cls, ApiError)
    for cls in (ApiError, ApiConnectionError, ApiTimeoutError, ProtocolError):
        assert issubclass(cls, CallbackClientError)
    assert issubclass(ApiTimeoutError, ApiConnectionError)
    assert not issubclass(ProtocolError, ApiError)
