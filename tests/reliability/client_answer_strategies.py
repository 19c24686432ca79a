"""Hypothesis strategies for answers a server (or a proxy in front of it) might send."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import strategies as st

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
    op = draw(st.sampled_from(sorted(samples)))
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
