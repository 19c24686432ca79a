"""What is retried, how often, and how long the client waits (with an instant sleep)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx
from client_fakes import BASE, KEY, SleepRecorder, fail, ok

from client import (
    ApiConnectionError,
    ApiTimeoutError,
    AuthenticationError,
    CallbackClient,
    ServerError,
    SlotFullError,
)
from client._transport import backoff_delay, parse_retry_after

QUEUE = "/engagement/v3/callbacks/queue-status/VQ"
CREATE = "/engagement/v3/callbacks/create"
STATUS = {"ewt": 10, "offerImmediateCallback": True, "offerScheduledCallback": True}


def unavailable(retry_after: str | None = None) -> httpx.Response:
    headers = {"retry-after": retry_after} if retry_after is not None else None
    return fail(503, 50300, "temporarily unavailable", headers=headers)


async def test_get_503_503_200_succeeds_with_growing_backoff(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.get(QUEUE).mock(side_effect=[unavailable(), unavailable(), ok(STATUS)])
    status = await client.queues.status("VQ")
    assert status.ewt == 10
    assert route.call_count == 3
    first, second = sleeps.delays
    assert 0.25 <= first <= 0.5
    assert 0.5 <= second <= 1.0


async def test_get_gives_up_after_max_retries(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.get(QUEUE).mock(return_value=unavailable())
    with pytest.raises(ServerError) as caught:
        await client.queues.status("VQ")
    assert route.call_count == 3  # 1 + max_retries (2)
    assert len(sleeps.delays) == 2
    assert caught.value.code == 50300


async def test_max_retries_zero_sends_once(router: respx.MockRouter, sleeps: SleepRecorder) -> None:
    route = router.get(QUEUE).mock(return_value=unavailable())
    async with CallbackClient(BASE, KEY, max_retries=0, sleep=sleeps) as c:
        with pytest.raises(ServerError):
            await c.queues.status("VQ")
    assert route.call_count == 1 and sleeps.delays == []


@pytest.mark.parametrize("status", [408, 429, 500, 502, 504])
async def test_other_retryable_statuses_on_get(
    router: respx.MockRouter, client: CallbackClient, status: int
) -> None:
    route = router.get(QUEUE).mock(side_effect=[fail(status, 50001, "x"), ok(STATUS)])
    await client.queues.status("VQ")
    assert route.call_count == 2


async def test_post_create_is_never_retried_on_503(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.post(CREATE).mock(side_effect=[unavailable("1"), ok({"id": "x"})])
    with pytest.raises(ServerError) as caught:
        await client.callbacks.create("support", "5551234567")
    assert route.call_count == 1 and sleeps.delays == []
    assert caught.value.retry_after == 1.0


async def test_post_create_is_never_retried_on_read_timeout(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.post(CREATE).mock(side_effect=[httpx.ReadTimeout("read"), ok({"id": "x"})])
    with pytest.raises(ApiTimeoutError) as caught:
        await client.callbacks.create("support", "5551234567")
    assert route.call_count == 1 and sleeps.delays == []
    err = caught.value
    assert err.correlation_id is None and err.request_sent
    assert "may still have processed" in str(err) and "no correlation ID" in str(err)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.callbacks.cancel("x"),
        lambda c: c.purge.run(),
        lambda c: c.services.set_purge("support", "off"),
        lambda c: c.credentials.delete("gws"),
    ],
)
async def test_no_write_is_retried_on_503(
    router: respx.MockRouter, client: CallbackClient, call
) -> None:
    route = router.route().mock(return_value=unavailable())
    with pytest.raises(ServerError):
        await call(client)
    assert route.call_count == 1


async def test_slot_full_429_on_create_is_not_retried(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.post(CREATE).mock(
        return_value=fail(429, 42900, "desiredTime: slot full", data={"slots": {}})
    )
    with pytest.raises(SlotFullError):
        await client.callbacks.create("support", "5551234567")
    assert route.call_count == 1


async def test_get_read_timeout_is_retried(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get(QUEUE).mock(side_effect=[httpx.ReadTimeout("read"), ok(STATUS)])
    await client.queues.status("VQ")
    assert route.call_count == 2


async def test_connect_error_is_retried_even_for_create(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.post(CREATE).mock(
        side_effect=[httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), ok({"id": "x"})]
    )
    result = await client.callbacks.create("support", "5551234567")
    assert result.id == "x"
    assert route.call_count == 3 and len(sleeps.delays) == 2


async def test_connect_error_after_all_retries(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.post(CREATE).mock(side_effect=httpx.ConnectError("[Errno 111] refused"))
    with pytest.raises(ApiConnectionError) as caught:
        await client.callbacks.create("support", "5551234567")
    assert route.call_count == 3
    err = caught.value
    assert not isinstance(err, ApiTimeoutError)
    assert err.correlation_id is None and not err.request_sent
    assert "could not connect" in str(err)
    assert "no correlation ID: the request did not reach the server" in str(err)


async def test_retry_after_seconds_is_honoured(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    router.get(QUEUE).mock(side_effect=[unavailable("7"), ok(STATUS)])
    await client.queues.status("VQ")
    assert sleeps.delays == [7.0]


async def test_retry_after_http_date_is_honoured(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    router.get(QUEUE).mock(
        side_effect=[fail(429, 42901, "slow down", headers={"retry-after": when}), ok(STATUS)]
    )
    await client.queues.status("VQ")
    (delay,) = sleeps.delays
    assert 15 <= delay <= 20


async def test_retry_after_beyond_30_seconds_raises_with_the_value(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.get(QUEUE).mock(side_effect=[unavailable("120"), ok(STATUS)])
    with pytest.raises(ServerError) as caught:
        await client.queues.status("VQ")
    assert route.call_count == 1 and sleeps.delays == []
    assert caught.value.retry_after == 120.0
    assert "retry after 120 s" in str(caught.value)


async def test_401_is_never_retried(
    router: respx.MockRouter, client: CallbackClient, sleeps: SleepRecorder
) -> None:
    route = router.get(QUEUE).mock(return_value=fail(401, 40100, "missing or invalid API key"))
    with pytest.raises(AuthenticationError):
        await client.queues.status("VQ")
    assert route.call_count == 1 and sleeps.delays == []


def test_backoff_doubles_to_eight_seconds_with_jitter() -> None:
    assert [backoff_delay(n, rng=lambda: 1.0) for n in range(6)] == [0.5, 1, 2, 4, 8, 8]
    assert [backoff_delay(n, rng=lambda: 0.0) for n in range(6)] == [0.25, 0.5, 1, 2, 4, 4]


def test_parse_retry_after() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("Fri, 27 Nov 2026 08:00:30 GMT", now=1795766400.0) == 30.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
