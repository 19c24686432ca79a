"""No duplicate side effects: a `callbacks.create` whose answer is lost after the server
committed is reported (ApiTimeoutError / ApiConnectionError / ProtocolError, "the server may
still have processed the request") and never retried blindly, so no callback is booked twice.

The emulator has no idempotency key (none is documented in docs/api.md): the guarantee rests on
the client sending a POST exactly once.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from reliability_env import ALWAYS_OPEN_SERVICE, KEYS, NOW, bounded

from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from client import ApiConnectionError, ApiTimeoutError, CallbackClient, CallbackClientError

CREATE_PATH = "/engagement/v3/callbacks/create"


class CountingTransport(httpx.AsyncBaseTransport):
    """Counts the creates sent; `lose_answers` drops each answer after the server committed."""

    def __init__(self, *, lose_answers: bool = False) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lose_answers = lose_answers
        self.sent: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == CREATE_PATH:
            self.sent[request.method] += 1
        response = await self.inner.handle_async_request(request)
        if self.lose_answers and request.url.path == CREATE_PATH:
            await response.aread()  # the server answered: the write is committed ...
            await response.aclose()
            raise httpx.ReadTimeout("answer lost after commit", request=request)  # ... and lost
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _bookings(server: MockServer, phone: str) -> int:
    digits = phone.lstrip("+")
    rows = server.emulator.store.query(
        "SELECT count(*) FROM callbacks WHERE phone_digits = ?", (digits,)
    )
    return int(rows[0][0])


async def _eventually(predicate: Any, limit_s: float = 5.0) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.01)
    return bool(predicate())


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(clock=FixedClock(NOW), keys=KEYS) as srv:
        yield srv


async def test_create_answer_lost_after_commit_is_not_retried(server: MockServer) -> None:
    transport = CountingTransport(lose_answers=True)
    phone = "+15550000001"
    async with CallbackClient(
        server.url, KEYS["Administrator"], transport=transport, max_retries=5
    ) as client:
        with pytest.raises(ApiTimeoutError) as caught:
            await client.callbacks.create(ALWAYS_OPEN_SERVICE, phone)
    assert caught.value.request_sent
    assert "may still have processed" in str(caught.value)
    assert transport.sent["POST"] == 1, "the create was retried"
    assert _bookings(server, phone) == 1


async def test_create_slower_than_the_read_timeout_books_once(server: MockServer) -> None:
    """Real server-side latency: the client gives up at 0.2 s, the server commits later."""
    slow = MockServer(
        clock=FixedClock(NOW),
        keys=KEYS,
        faults=f"latency=600ms;paths=POST {CREATE_PATH}",
    ).start()
    try:
        transport = CountingTransport()
        phone = "+15550000002"
        async with CallbackClient(
            slow.url, KEYS["Administrator"], transport=transport, timeout=0.2, max_retries=5
        ) as client:
            with pytest.raises(ApiTimeoutError):
                await client.callbacks.create(ALWAYS_OPEN_SERVICE, phone)
            assert transport.sent["POST"] == 1
            # The server finishes the booking after the client gave up: one booking appears.
            assert await _eventually(lambda: _bookings(slow, phone) == 1)
            # A GET under the same client still works (and is allowed to retry).
            assert (await client.me()).role == "Administrator"
        assert transport.sent["POST"] == 1
        assert _bookings(slow, phone) == 1
    finally:
        slow.stop()


async def test_fault_run_leaves_no_duplicate_callback(figures: dict[str, Any]) -> None:
    """Creates under injected 503s, dropped connections and malformed answers."""
    attempts = bounded(60, 400)
    faulty = MockServer(
        clock=FixedClock(NOW),
        keys=KEYS,
        faults=f"error=0.25:503;drop=0.25;malformed=0.25;seed=11;paths=POST {CREATE_PATH}",
    ).start()
    outcomes: Counter[str] = Counter()
    acknowledged: list[str] = []
    uncertain: list[str] = []
    try:
        transport = CountingTransport()
        async with CallbackClient(
            faulty.url, KEYS["Developer"], transport=transport, max_retries=5
        ) as client:
            for n in range(attempts):
                phone = f"+1555700{n:04d}"
                try:
                    await client.callbacks.create(ALWAYS_OPEN_SERVICE, phone)
                except CallbackClientError as exc:
                    outcomes[type(exc).__name__] += 1
                    if not isinstance(exc, ApiConnectionError) or exc.request_sent:
                        uncertain.append(phone)
                else:
                    outcomes["ok"] += 1
                    acknowledged.append(phone)
        assert transport.sent["POST"] == attempts, "a create was sent more than once"
        counts = {
            f"+1555700{n:04d}": _bookings(faulty, f"+1555700{n:04d}") for n in range(attempts)
        }
        assert all(c <= 1 for c in counts.values()), "a callback was booked twice"
        assert all(counts[p] == 1 for p in acknowledged), "an acknowledged create is missing"
        # Malformed answers hid a committed write: the caller was told it was uncertain.
        hidden = [p for p, c in counts.items() if c == 1 and p not in acknowledged]
        assert set(hidden) <= set(uncertain)
    finally:
        faulty.stop()
    assert outcomes["ok"] and len(outcomes) >= 3, outcomes
    figures["no_duplicates"] = {
        "create_attempts": attempts,
        "sent_to_server": transport.sent["POST"],
        "outcomes": dict(sorted(outcomes.items())),
        "booked": sum(counts.values()),
        "duplicates": sum(1 for c in counts.values() if c > 1),
        "committed_but_answer_lost": len(hidden),
    }
