"""Access: every role against every endpoint, missing/invalid/revoked keys, CORS origins, and
path traversal / SQL-ish / oversized strings in every path and query parameter."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from access_requests import CALLS, prepare
from reliability_env import KEYS, NOW, ROLES
from starlette.applications import Starlette

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock

CORR_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ALLOWED_ORIGIN = "https://callback.example.com"
LEAK_MARKERS = ("Traceback", "sqlite", "SELECT ", 'File "', "/work/", "root:x:0:0", "[boot loader]")
NASTY = [
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..\\..\\..\\windows\\win.ini",
    "/etc/passwd\x00.json",
    "' OR '1'='1",
    "1; DROP TABLE callbacks;--",
    '" OR ""="',
    "') UNION SELECT corr_id, url FROM errors--",
    "%",
    "%%32%65",
    "<script>alert(1)</script>",
    "${jndi:ldap://example.invalid/a}",
    "{{7*7}}",
    "abcd\U0010ffff",
    "\U0001f600" * 3,
    "x" * 5000,
    " ",
    "-1",
    "99999999999999999999999999",
]


def _app() -> Starlette:
    return create_app(":memory:", clock=FixedClock(NOW), keys=KEYS, seed_errors=100)


def _http(app: Starlette, key: str | None, **headers: str) -> httpx.AsyncClient:
    if key is not None:
        headers["x-api-key"] = key
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://emulator", headers=headers
    )


@pytest.fixture(scope="module")
def app() -> Starlette:
    return _app()


@pytest.fixture
async def admin(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with _http(app, KEYS["Administrator"]) as client:
        yield client


def _envelope(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    status: dict[str, Any] = body["status"]
    assert CORR_ID.match(status["corrId"]), body
    assert status["corrId"] == response.headers["x-correlation-id"]
    return status


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_gets_exactly_what_the_role_table_allows(
    app: Starlette, admin: httpx.AsyncClient, role: str, figures: dict[str, Any]
) -> None:
    letter = {"Administrator": "A", "Supervisor": "S", "Developer": "D", "Agent": "G"}[role]
    wrong: list[str] = []
    allowed = refused = 0
    async with _http(app, KEYS[role]) as http:
        for call in CALLS:
            path, params, body = call.make(await prepare(admin))
            r = await http.request(call.method, path, params=params, json=body)
            status = _envelope(r)
            if letter in call.roles:
                allowed += 1
                if not 200 <= r.status_code < 300:
                    wrong.append(f"{call.label}: expected 2xx, got {r.status_code} {r.text[:200]}")
            else:
                refused += 1
                expected = f"role {role} may not use {call.method} {path}"
                got = (r.status_code, status["code"], status["message"].startswith(expected))
                if got != (403, 40300, True):
                    wrong.append(f"{call.label}: expected 403/40300, got {r.status_code} {r.text}")
                elif app.state.emulator.errors.get(status["corrId"]) is None:
                    wrong.append(f"{call.label}: the 403 was not recorded")
    assert not wrong, "\n".join(wrong)
    figures.setdefault("access_matrix", {})[role] = {"allowed": allowed, "refused": refused}


async def test_missing_invalid_and_revoked_keys_get_401_everywhere(
    figures: dict[str, Any],
) -> None:
    app = _app()
    em = app.state.emulator
    async with _http(app, KEYS["Administrator"]) as admin:
        ctx = await prepare(admin)
    # Revocation: the emulator's keys are replaced (a restart with new keys); the old ones die.
    old_agent = KEYS["Agent"]
    em.install_keys({role: key[::-1] for role, key in KEYS.items()})
    variants = {
        "missing": None,
        "empty": "",
        "invalid": "Z" * 40,
        "revoked": old_agent,
        "admin key with a space": KEYS["Administrator"] + " ",
        "sql": "' OR '1'='1",
    }
    checked = 0
    for name, key in variants.items():
        async with _http(app, key) as http:
            for call in CALLS:
                path, params, body = call.make(ctx)
                r = await http.request(call.method, path, params=params, json=body)
                status = _envelope(r)
                assert (r.status_code, status["code"]) == (401, 40100), (name, call.label, r.text)
                expected = "missing" if not key else "invalid"
                assert status["message"] == f"x-api-key: {expected} API key", status
                if key:
                    assert key not in r.text
                recorded = em.errors.get(status["corrId"])
                assert recorded is not None and recorded["httpStatus"] == 401
                if key and len(key) > 4:
                    assert key.strip() not in str(recorded), f"{name}: key in the error record"
                checked += 1
    figures["access_401"] = {"requests": checked, "key_variants": sorted(variants)}


@pytest.mark.parametrize(
    "origin,allowed",
    [
        (ALLOWED_ORIGIN, True),
        ("http://localhost:3000", True),
        ("https://evil.example.net", False),
        ("null", False),
        (ALLOWED_ORIGIN + ".evil.net", False),
        (ALLOWED_ORIGIN + "/", False),
        (ALLOWED_ORIGIN.upper(), False),
        ("http://callback.example.com", False),
        ("https://callback.example.com:444", False),
    ],
)
async def test_cors_answers_only_allowed_origins(
    app: Starlette, origin: str, allowed: bool
) -> None:
    path = "/engagement/v3/callbacks/open-for/Sales_US"
    async with _http(app, None, origin=origin) as http:
        preflight = await http.options(
            path,
            headers={
                "access-control-request-method": "GET",
                "access-control-request-headers": "x-api-key",
            },
        )
    async with _http(app, KEYS["Agent"], origin=origin) as http:
        actual = await http.get(path)
    assert actual.status_code == 200
    if allowed:
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == origin
        assert "GET" in preflight.headers["access-control-allow-methods"]
        assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
        assert actual.headers["access-control-allow-origin"] == origin
    else:
        assert preflight.status_code == 403
        status = _envelope(preflight)
        assert status["code"] == 40300
        assert "access-control-allow-origin" not in preflight.headers
        assert "access-control-allow-origin" not in actual.headers
        assert "access-control-allow-credentials" not in actual.headers


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path template, path params, query params) of every documented operation."""
    ops = []
    for path, item in doc["paths"].items():
        if path == "/openapi.json":
            continue
        for method, op in item.items():
            params = op.get("parameters", [])
            ops.append(
                (
                    method.upper(),
                    path,
                    [p["name"] for p in params if p["in"] == "path"],
                    [p["name"] for p in params if p["in"] == "query"],
                )
            )
    return ops


def _no_leak(r: httpx.Response, what: str, sent: str = "") -> None:
    """No 5xx, a GES envelope, and nothing of the server's insides (beyond what was sent)."""
    assert r.status_code < 500, f"{what}: HTTP {r.status_code} {r.text[:300]}"
    _envelope(r)
    for marker in (*LEAK_MARKERS, KEYS["Administrator"]):
        if marker not in sent:
            assert marker not in r.text, f"{what}: {marker!r} in the answer"


async def test_hostile_strings_in_every_path_and_query_parameter(
    admin: httpx.AsyncClient, app: Starlette, figures: dict[str, Any]
) -> None:
    em = app.state.emulator
    doc = (await admin.get("/openapi.json")).json()
    before = em.store.query("SELECT count(*) FROM callbacks")[0][0]
    sent = 0
    for method, template, path_params, query_params in _operations(doc):
        body = {} if method in ("POST", "PUT") else None
        for value in NASTY:
            for name in path_params:
                path = template.replace("{" + name + "}", quote(value, safe=""))
                for other in path_params:
                    path = path.replace("{" + other + "}", "Sales_US")
                r = await admin.request(method, path, json=body)
                _no_leak(r, f"{method} {template} {name}={value[:30]!r}", value)
                sent += 1
            base = template
            for name in path_params:
                base = base.replace("{" + name + "}", "Sales_US")
            for name in query_params:
                r = await admin.request(method, base, params={name: value}, json=body)
                _no_leak(r, f"{method} {template} ?{name}={value[:30]!r}", value)
                sent += 1
    # Unencoded traversal in the raw path (no client-side normalisation).
    for raw in (b"/console/v1/errors/../../../etc/passwd", b"/engagement/v3/callbacks/../../x"):
        r = await admin.request("GET", httpx.URL("http://emulator", raw_path=raw))
        _no_leak(r, raw.decode())
        assert r.status_code == 404
        sent += 1
    # Nothing was destroyed or altered: the same callbacks, a sound database.
    assert em.store.query("SELECT count(*) FROM callbacks")[0][0] >= before
    assert em.store.query("PRAGMA integrity_check")[0][0] == "ok"
    figures["hostile_parameters"] = {"requests": sent, "strings": len(NASTY)}


async def test_unknown_routes_methods_and_bodies_get_a_recorded_ges_envelope(
    admin: httpx.AsyncClient, app: Starlette, figures: dict[str, Any]
) -> None:
    """Errors raised before any handler (routing, method, body size, body syntax) are GES
    envelopes too, each recorded under its corrId."""
    em = app.state.emulator
    doc = (await admin.get("/openapi.json")).json()
    cases: list[tuple[str, str, dict[str, Any], int, int]] = []
    routes = [
        (m.upper(), re.compile("^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(p)) + "$"))
        for p, item in doc["paths"].items()
        for m in item
    ]
    for path, item in doc["paths"].items():
        concrete = re.sub(r"\{[^}]*\}", "Sales_US", path)
        for method in sorted({"GET", "POST", "PUT", "DELETE", "PATCH"} - {m.upper() for m in item}):
            # `GET /console/v1/callbacks/reschedule` is `GET /console/v1/callbacks/{id}`.
            if not any(m == method and rx.match(concrete) for m, rx in routes):
                cases.append((method, concrete, {}, 405, 40500))
    cases += [
        ("GET", "/console/v1/no-such-thing", {}, 404, 40400),
        ("GET", "/engagement/v3/nothing/here", {}, 404, 40400),
        ("POST", "/engagement/v3/callbacks/create", {"content": b"x" * 70_000}, 413, 41300),
        ("POST", "/engagement/v3/callbacks/create", {"content": b"<xml/>"}, 400, 40001),
        ("POST", "/engagement/v3/callbacks/create", {"json": [1, 2]}, 400, 40001),
    ]
    for method, path, kwargs, http_status, code in cases:
        r = await admin.request(method, path, **kwargs)
        status = _envelope(r)
        assert (r.status_code, status["code"]) == (http_status, code), (method, path, r.text)
        assert em.errors.get(status["corrId"]) is not None, (method, path)
    figures["pre_handler_errors"] = {"requests": len(cases)}
