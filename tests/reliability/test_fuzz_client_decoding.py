"""Fuzz the client's decoding: whatever a server (or a proxy) answers, every client method
returns its typed model or raises one of the client's own errors (`CallbackClientError`).

Bodies come from hypothesis: random JSON, real emulator answers with one field mutated (wrong
types, extreme datetimes, NaN/Infinity, huge integers, unicode digits), envelopes with a random
`status`, truncated JSON, HTML pages, random bytes, huge and deeply nested payloads, broken
content-encodings, random HTTP statuses and Retry-After values, and transport failures.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from client_answer_strategies import answers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from reliability_env import KEYS, NOW, OPEN_SERVICE, bounded

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from callback_tui.mock.tenant import DEMO_GWS_BASE_URL, DEMO_GWS_CLIENT_ID, DEMO_GWS_CLIENT_SECRET
from client import CallbackClient, CallbackClientError

Op = Callable[[CallbackClient, dict[str, str]], Awaitable[BaseModel]]

# Every public client method that talks to the server, with arguments that are valid.
OPS: dict[str, Op] = {
    "callbacks.create": lambda c, x: c.callbacks.create(
        OPEN_SERVICE, "+15551234567", desired_time=NOW + timedelta(hours=1)
    ),
    "callbacks.cancel": lambda c, x: c.callbacks.cancel(x["cb"]),
    "callbacks.retrieve": lambda c, x: c.callbacks.retrieve(x["cb"]),
    "callbacks.list": lambda c, x: c.callbacks.list(limit=3),
    "callbacks.get": lambda c, x: c.callbacks.get(x["cb"]),
    "callbacks.reschedule": lambda c, x: c.callbacks.reschedule(x["cb"], NOW + timedelta(hours=2)),
    "availability.open_for": lambda c, x: c.availability.open_for(
        OPEN_SERVICE,
        query_immediate_offer_hours=True,
        return_within_immediate_offer_time=True,
        check_immediate_enabled=True,
    ),
    "availability.slots": lambda c, x: c.availability.slots(OPEN_SERVICE, report_busy=True),
    "queues.status": lambda c, x: c.queues.status(OPEN_SERVICE),
    "wait_times.estimate": lambda c, x: c.wait_times.estimate([OPEN_SERVICE, "Support_247"]),
    "statistics.get": lambda c, x: c.statistics.get({"objectId": "x"}),
    "me": lambda c, x: c.me(),
    "errors.list": lambda c, x: c.errors.list(limit=3),
    "errors.get": lambda c, x: c.errors.get(x["corr"]),
    "errors.histogram": lambda c, x: c.errors.histogram(bucket="day"),
    "cors.origins": lambda c, x: c.cors.origins(),
    "api_keys.validate": lambda c, x: c.api_keys.validate(KEYS["Agent"]),
    "credentials.list": lambda c, x: c.credentials.list(),
    "credentials.register": lambda c, x: c.credentials.register(
        "captcha", site_key="site-key-1234", secret_key="captcha-secret-1234567"
    ),
    "credentials.test": lambda c, x: c.credentials.test("captcha"),
    "credentials.delete": lambda c, x: c.credentials.delete("captcha"),
    "tenant.get": lambda c, x: c.tenant.get(),
    "tenant.refetch": lambda c, x: c.tenant.refetch(),
    "services.list": lambda c, x: c.services.list(),
    "services.get": lambda c, x: c.services.get(OPEN_SERVICE),
    "services.set_purge": lambda c, x: c.services.set_purge(OPEN_SERVICE, "endOfBusinessDay"),
    "purge.preview": lambda c, x: c.purge.preview(OPEN_SERVICE),
    "purge.run": lambda c, x: c.purge.run("Tech_APAC"),
}


class _Recorder(httpx.AsyncBaseTransport):
    """Passes requests to the emulator and keeps the last answer's body."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.last: bytes = b""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.last = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=self.last)


async def _record_samples() -> dict[str, Any]:
    """One real emulator answer per operation: the seeds the mutations start from."""
    app = create_app(":memory:", clock=FixedClock(NOW), keys=KEYS, seed_errors=50)
    recorder = _Recorder(httpx.ASGITransport(app=app))
    samples: dict[str, Any] = {}
    async with CallbackClient(
        "http://emulator", KEYS["Administrator"], transport=recorder
    ) as client:
        await client.credentials.register(
            "gws",
            base_url=DEMO_GWS_BASE_URL,
            client_id=DEMO_GWS_CLIENT_ID,
            client_secret=DEMO_GWS_CLIENT_SECRET,
        )
        ref = await OPS["callbacks.create"](client, {})
        ctx = {"cb": str(getattr(ref, "id", ""))}
        page = await client.errors.list(limit=1)
        ctx["corr"] = page.items[0].corr_id
        samples["callbacks.create"] = json.loads(recorder.last)
        for name, op in OPS.items():
            if name in ("callbacks.create", "callbacks.cancel"):
                continue
            await op(client, ctx)
            samples[name] = json.loads(recorder.last)
        await OPS["callbacks.cancel"](client, ctx)
        samples["callbacks.cancel"] = json.loads(recorder.last)
    return samples


@dataclass
class Harness:
    runner: asyncio.Runner
    client: CallbackClient
    samples: dict[str, Any]
    answer: Callable[[httpx.Request], httpx.Response] = lambda r: httpx.Response(500)
    outcomes: Counter[str] = field(default_factory=Counter)
    per_op: Counter[str] = field(default_factory=Counter)

    def __repr__(self) -> str:  # hypothesis prints it with every failing case
        return "Harness()"


async def _no_sleep(seconds: float) -> None:
    return None


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    runner = asyncio.Runner()
    samples = runner.run(_record_samples())
    h = Harness(runner, None, samples)  # type: ignore[arg-type]
    transport = httpx.MockTransport(lambda request: h.answer(request))

    async def make() -> CallbackClient:
        return CallbackClient(
            "http://127.0.0.1:9", KEYS["Administrator"], transport=transport, sleep=_no_sleep
        )

    h.client = runner.run(make())
    try:
        yield h
    finally:
        runner.run(h.client.aclose())
        runner.close()


CASES = bounded(600, 10_000)


def _respond(kind: str, spec: Any) -> Callable[[httpx.Request], httpx.Response]:
    if kind == "transport":

        def fail(request: httpx.Request) -> httpx.Response:
            raise spec("injected", request=request)

        return fail
    status, headers, content = spec
    return lambda request: httpx.Response(status, headers=headers, content=content)


@settings(
    max_examples=CASES,
    deadline=None,
    database=None,
    derandomize=CASES < 1000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_client_decodes_any_answer_into_a_model_or_its_own_error(
    harness: Harness, data: st.DataObject
) -> None:
    op, kind, spec = data.draw(answers(harness.samples))
    harness.answer = _respond(kind, spec)
    harness.per_op[op] += 1
    try:
        result = harness.runner.run(OPS[op](harness.client, {"cb": "cb-1", "corr": "corr-1"}))
    except CallbackClientError as exc:
        # Its text and repr must be producible (the console prints them) ...
        assert str(exc) and repr(exc)
        # ... and no raw httpx/json/pydantic exception is chained into what the user sees.
        assert exc.__cause__ is None or isinstance(exc.__cause__, CallbackClientError)
        harness.outcomes[f"{kind}->{type(exc).__name__}"] += 1
    else:
        assert isinstance(result, BaseModel)
        assert result.correlation_id  # type: ignore[attr-defined]
        harness.outcomes[f"{kind}->ok"] += 1


def test_fuzz_figures(harness: Harness, figures: dict[str, Any]) -> None:
    """Record how many answers were fuzzed and what they became (runs after the fuzz test)."""
    total = sum(harness.per_op.values())
    assert total >= CASES, "the fuzz test must have run first in this module"
    assert set(harness.per_op) == set(OPS), "every client operation was fuzzed"
    # The fuzz reached both outcomes: typed models and typed errors.
    assert any(k.endswith("->ok") for k in harness.outcomes)
    assert any(k.endswith("ProtocolError") for k in harness.outcomes)
    figures["client_decoding_fuzz"] = {
        "cases": total,
        "operations": len(OPS),
        "per_operation": dict(sorted(harness.per_op.items())),
        "outcomes": dict(sorted(harness.outcomes.items())),
    }


# Answers the fuzzer found to escape as raw exceptions (fixed in client/; kept as regressions).
FOUND_BY_FUZZING = {
    "slot capacity Infinity (OverflowError)": (
        429,
        b'{"status":{"code":42900,"message":"full","corrId":"c1"},'
        b'"data":{"slots":{"2026-11-27T15:00:00.000Z":Infinity}}}',
        "SlotFullError",
    ),
    "status.code superscript digit (ValueError)": (
        200,
        '{"status":{"code":"²","message":"x","corrId":"c1"},"data":{}}'.encode(),
        "ProtocolError",
    ),
    "status.code double minus (ValueError)": (
        200,
        b'{"status":{"code":"--5","message":"x","corrId":"c1"},"data":{}}',
        "ProtocolError",
    ),
    "datetime overflows UTC (OverflowError)": (
        200,
        b'{"status":{"code":0,"message":"ok","corrId":"c1"},"data":{"id":"a",'
        b'"callbackState":"QUEUED","createdAt":"0001-01-01T00:00:00+01:00"}}',
        "ProtocolError",
    ),
    "empty corrId accepted as a success": (
        200,
        b'{"status":{"code":0,"message":"ok","corrId":""},"data":{"id":"a",'
        b'"callbackState":"QUEUED"}}',
        "ProtocolError",
    ),
}


@pytest.mark.parametrize("case", sorted(FOUND_BY_FUZZING))
def test_answers_found_by_fuzzing_raise_the_clients_own_errors(harness: Harness, case: str) -> None:
    status, content, expected = FOUND_BY_FUZZING[case]
    harness.answer = _respond("body", (status, {"content-type": "application/json"}, content))
    with pytest.raises(CallbackClientError) as caught:
        harness.runner.run(harness.client.callbacks.retrieve("a"))
    assert type(caught.value).__name__ == expected
