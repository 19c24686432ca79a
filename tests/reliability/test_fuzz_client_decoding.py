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


# -- strategies --------------------------------------------------------------------------------
json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
json_any = st.recursive(
    json_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
nasty = st.one_of(
    json_any,
    st.sampled_from(
        [
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "2026-13-45T25:61:00Z",
            "2026-11-27T14:30:00.000",
            "",
            "²",
            "١٢",
            "--5",
            "1e309",
            "NaN",
            10**4000,
            -(10**30),
            float("inf"),
            float("nan"),
            [],
            {},
            {"slots": {"2026-11-27T15:00:00.000Z": float("inf")}},
        ]
    ),
)
extra_keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["__class__", "__dict__", "model_config", "__pydantic_extra__", "correlationId",
         "correlation_id", "items", "nextCursor", "slots", "status", "data"]
    ),
)  # fmt: skip
statuses = st.one_of(
    st.sampled_from([200] * 6 + [201, 204, 302, 400, 401, 403, 404, 408, 413, 429, 500, 502, 503]),
    st.integers(min_value=200, max_value=599),
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
retry_after = st.one_of(
    st.none(),
    st.sampled_from(["1", "0", "-1", "nan", "inf", "1e309", "31", "abc"]),
    st.just("Wed, 21 Oct 2015 07:28:00 GMT"),
    header_text,
)
TRANSPORT_FAILURES: list[type[httpx.TransportError]] = [
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.ReadTimeout,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.PoolTimeout,
    httpx.LocalProtocolError,
]


def _dumps(value: Any) -> bytes:
    try:
        return json.dumps(value).encode()
    except ValueError:  # an integer too large for str(): send it anyway as digits
        return json.dumps(value, default=str).encode()


@st.composite
def mutated(draw: st.DrawFn, sample: Any) -> Any:
    """`sample` with one node replaced, deleted or given an extra key."""
    value = json.loads(json.dumps(sample))
    parent: Any = None
    key: Any = None
    node = value
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        key = draw(
            st.sampled_from(list(node)) if isinstance(node, dict) else st.integers(0, len(node) - 1)
        )
        parent, node = node, node[key]  # fmt: skip
    action = draw(st.sampled_from(["replace", "delete", "extra"]))
    if parent is None:
        return draw(nasty) if action == "replace" else value
    if action == "replace":
        parent[key] = draw(nasty)
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, dict):
        parent[draw(extra_keys)] = draw(nasty)
    return value


@st.composite
def bodies(draw: st.DrawFn, sample: Any) -> tuple[str, bytes]:
    kind = draw(
        st.sampled_from(
            ["mutated"] * 4
            + ["envelope", "json", "truncated", "html", "bytes", "huge", "deep", "empty"]
        )
    )
    if kind == "mutated":
        return kind, _dumps(draw(mutated(sample)))
    if kind == "envelope":
        status = draw(
            st.one_of(
                json_any,
                st.fixed_dictionaries(
                    {},
                    optional={
                        "code": st.one_of(nasty, st.sampled_from([0, 40000, 42900, 50300])),
                        "message": nasty,
                        "corrId": st.one_of(nasty, st.just("3f0c0000-0000-1000-8000-000000000000")),
                    },
                ),
            )
        )
        data = draw(st.one_of(st.just(sample.get("data")), nasty))
        return kind, _dumps({"status": status, "data": data})
    if kind == "json":
        return kind, _dumps(draw(json_any))
    if kind == "truncated":
        raw = _dumps(sample)
        return kind, raw[: draw(st.integers(0, max(0, len(raw) - 1)))]
    if kind == "html":
        title = draw(st.sampled_from(["502 Bad Gateway", "403 Forbidden", "Login"]))
        return (
            kind,
            f"<html><head><title>{title}</title></head><body>{title}</body></html>".encode(),
        )
    if kind == "bytes":
        return kind, draw(st.binary(max_size=200))
    if kind == "huge":
        size = draw(st.sampled_from([100_000, 500_000]))
        huge = dict(sample)
        huge["data"] = {"items": [sample.get("data")] * (size // 200), "x": "y" * size}
        return kind, _dumps(huge)
    if kind == "deep":
        depth = draw(st.sampled_from([500, 5_000, 100_000]))
        return kind, b'{"status":' + b"[" * depth + b"]" * depth + b"}"
    return kind, b""


@st.composite
def answers(draw: st.DrawFn, samples: dict[str, Any]) -> tuple[str, str, Any]:
    op = draw(st.sampled_from(sorted(OPS)))
    if draw(st.integers(0, 19)) == 0:
        return op, "transport", draw(st.sampled_from(TRANSPORT_FAILURES))
    kind, content = draw(bodies(samples[op]))
    headers = {"content-type": draw(st.sampled_from(["application/json", "text/html", ""]))}
    if (ra := draw(retry_after)) is not None:
        headers["retry-after"] = ra
    if draw(st.integers(0, 9)) == 0:
        headers["content-encoding"] = draw(st.sampled_from(["gzip", "deflate", "identity"]))
    if draw(st.booleans()):
        headers["x-correlation-id"] = draw(header_text)
    return op, kind, (draw(statuses), headers, content)


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
