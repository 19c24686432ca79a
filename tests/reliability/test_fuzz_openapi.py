"""Fuzz the emulator against its own OpenAPI document with schemathesis (in-process ASGI).

Every operation of both API families gets schema-valid and schema-invalid inputs
(schemathesis' positive and negative modes), sent with the Administrator key, with no key, or
with a wrong key. Each answer must pass schemathesis' checks (no 5xx, status code, content type,
headers and body conform to the document, invalid data rejected) and ours: the GES envelope
with a corrId equal to `X-Correlation-ID`, `X-GES-Version` present, a 40000 message that names
its field, the key never echoed, and every non-2xx answer (only those) in the error records.

Not generated: unknown extra query parameters (GES ignores them, as documented).
Not checked: schemathesis' `positive_data_acceptance`. The document types most fields as plain
strings (service names, times, states), so a schema-valid value such as an unknown service or
`since=kind` is rightly refused with the documented 400 naming the field.

Cases per operation: `CALLBACK_TUI_FUZZ_EXAMPLES` if set, else 40 (300 with
`CALLBACK_TUI_LONG_FUZZ=1`).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_env import KEYS, LONG, NOW
from schemathesis import GenerationMode

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from callback_tui.mock.openapi import OPS
from callback_tui.mock.tenant import DEMO_GWS_BASE_URL, DEMO_GWS_CLIENT_ID, DEMO_GWS_CLIENT_SECRET

EXAMPLES = int(os.environ.get("CALLBACK_TUI_FUZZ_EXAMPLES") or (300 if LONG else 40))
OPERATIONS = [(method.upper(), path) for path, method, *_ in OPS] + [("GET", "/openapi.json")]
CORR_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FIELD_MESSAGE = re.compile(r"^[A-Za-z][\w.\-\[\]]*: \S")
BAD_KEY = "NotAKey0000000000000000000000000000000000"
AUTH = {
    "admin": {"x-api-key": KEYS["Administrator"]},
    "none": {},
    "invalid": {"x-api-key": BAD_KEY},
}
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
# Mostly the Administrator key (to reach the handlers), sometimes none or a wrong one.
AUTH_MIX = ["admin"] * 8 + ["none", "invalid"]
SERVICES = ["Sales_US", "Support_247", "Billing_EU", "Tech_APAC"]
PHONES = ["+15551234567", "5551234567", "+44 20 7946 0958", "(555) 123-4567"]
PATH_KNOWN = {"service-name": SERVICES, "queue-name": SERVICES, "name": SERVICES,
              "kind": ["gws", "push", "captcha"]}  # fmt: skip


@dataclass
class Campaign:
    app: Any
    schema: Any
    known: dict[str, list[str]]
    cases: Counter[str] = field(default_factory=Counter)
    known_used: Counter[str] = field(default_factory=Counter)
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))


@pytest.fixture(scope="module")
def campaign(figures: dict[str, Any]) -> Iterator[Campaign]:
    app = create_app(":memory:", clock=FixedClock(NOW), keys=KEYS, seed_errors=200)
    asyncio.run(_register_gws(app))  # so statistics can answer 200 too
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # GES ignores unknown query parameters (docs/api.md, issue 3): do not count them as invalid.
    schema.config.generation.update(allow_extra_parameters=False)
    c = Campaign(app, schema, _known_ids(app))
    yield c
    figures["openapi_fuzz"] = {
        "examples_setting": EXAMPLES,
        "operations": len(c.cases),
        "cases_total": sum(c.cases.values()),
        "cases_per_operation": dict(sorted(c.cases.items())),
        "cases_with_known_values": dict(sorted(c.known_used.items())),
        "statuses_per_operation": {
            op: dict(sorted(counts.items())) for op, counts in sorted(c.statuses.items())
        },
        "server_errors": sum(
            n for counts in c.statuses.values() for status, n in counts.items() if status >= 500
        ),
    }


async def _register_gws(app: Any) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://emulator",
        headers={"x-api-key": KEYS["Administrator"]},
    ) as http:
        r = await http.put(
            "/console/v1/credentials/gws",
            json={
                "baseUrl": DEMO_GWS_BASE_URL,
                "clientId": DEMO_GWS_CLIENT_ID,
                "clientSecret": DEMO_GWS_CLIENT_SECRET,
            },
        )
        assert r.status_code == 200, r.text


def _known_ids(app: Any) -> dict[str, list[str]]:
    """Ids that exist in the seeded emulator: callbacks and recorded errors."""
    store = app.state.emulator.store
    return {
        "id": [r[0] for r in store.query("SELECT id FROM callbacks LIMIT 20")],
        "corrId": [r[0] for r in store.query("SELECT corr_id FROM errors LIMIT 20")],
    }


def _use_known_values(case: Any, rnd: random.Random, known: dict[str, list[str]]) -> bool:
    """Schema-valid cases mostly carry random strings, so unknown services and ids stop at a
    404: swap in names and ids that exist (still schema-valid) in two positive cases of three,
    so the handlers' deeper rules get fuzzed too."""
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE or rnd.random() < 0.33:
        return False
    values = {**PATH_KNOWN, **known}
    for name in list(case.path_parameters or {}):
        if name in values:
            case.path_parameters[name] = rnd.choice(values[name])
    if case.query and "virtual-queues" in case.query:
        case.query["virtual-queues"] = ",".join(rnd.sample(SERVICES, rnd.randint(1, 3)))
    if case.query and "service" in case.query:
        case.query["service"] = rnd.choice(SERVICES)
    body = case.body
    if isinstance(body, dict):
        for name, choices in (("serviceName", SERVICES), ("service", SERVICES),
                              ("id", known["id"]), ("phoneNumber", PHONES)):  # fmt: skip
            if name in body:
                body[name] = rnd.choice(choices)
        if "desiredTime" in body:
            body["desiredTime"] = (NOW + timedelta(minutes=rnd.randint(-600, 20_000))).strftime(
                "%Y-%m-%dT%H:%M:%S.000Z"
            )
    return True


def test_the_document_describes_every_served_route(campaign: Campaign) -> None:
    """What is fuzzed below (the document) is what is served (the app's routes)."""

    def shape(path: str) -> str:
        return re.sub(r"\{[^}]*\}", "{}", path)

    described = {
        (method.upper(), shape(path))
        for path, item in campaign.schema.raw_schema["paths"].items()
        for method in item
    }
    served = {
        (method, shape(route.path))
        for route in campaign.app.routes
        for method in (route.methods or ()) - {"HEAD"}
    }
    assert served == described
    assert {(m, shape(p)) for m, p in OPERATIONS} == described


def _header(response: Any, name: str) -> str:
    """schemathesis keeps every header as a list of values."""
    values = response.headers.get(name) or [""]
    return str(values[0] if isinstance(values, list) else values)


def _check_answer(campaign: Campaign, label: str, auth: str, response: Any) -> None:
    status = response.status_code
    campaign.statuses[label][status] += 1
    assert status < 500, f"{label}: HTTP {status}: {response.text[:300]}"
    corr = _header(response, "x-correlation-id")
    assert CORR_ID.match(corr), f"{label}: X-Correlation-ID {corr!r}"
    assert _header(response, "x-ges-version"), f"{label}: no X-GES-Version"
    assert KEYS["Administrator"] not in response.text, f"{label}: the API key is echoed"
    em = campaign.app.state.emulator
    if label == "GET /openapi.json" and status == 200:
        return
    body = response.json()
    envelope = body["status"]
    assert envelope["corrId"] == corr, f"{label}: body corrId differs from the header"
    recorded = em.errors.get(corr)
    if 200 <= status < 300:
        assert envelope["code"] == 0
        assert recorded is None, f"{label}: a 2xx answer was recorded as an error"
        return
    assert envelope["code"] != 0 and isinstance(envelope["message"], str) and envelope["message"]
    if envelope["code"] == 40000:
        assert FIELD_MESSAGE.match(envelope["message"]), f"{label}: {envelope['message']!r}"
    if auth != "admin" and label != "GET /openapi.json":
        assert status == 401 and envelope["code"] == 40100, f"{label} without a valid key"
    assert recorded is not None, f"{label}: HTTP {status} not in the error records"
    assert recorded["httpStatus"] == status and recorded["statusCode"] == envelope["code"]
    assert recorded["responseBody"] == body, f"{label}: recorded body differs"


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_its_own_openapi(campaign: Campaign, method: str, path: str) -> None:
    operation = campaign.schema[path][method]
    label = f"{method} {path}"
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        # A repeated scalar query parameter (`q=a&q=b`) is read as one value, as HTTP servers
        # commonly do; every documented query parameter is scalar.
        operation.as_strategy(GenerationMode.NEGATIVE).filter(
            lambda case: not any(isinstance(v, list) for v in (case.query or {}).values())
        ),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not LONG,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases, auth=st.sampled_from(AUTH_MIX), rnd=st.randoms(use_true_random=False))
    def fuzz(case: Any, auth: str, rnd: random.Random) -> None:
        campaign.cases[label] += 1
        if _use_known_values(case, rnd, campaign.known):
            campaign.known_used[label] += 1
        if auth == "admin" and campaign.schema.is_security_param_negated(case):
            auth = "none"  # schemathesis dropped the key on purpose: do not put ours back
        response = case.call_and_validate(headers=AUTH[auth], excluded_checks=EXCLUDED)
        _check_answer(campaign, label, auth, response)

    fuzz()
    assert campaign.cases[label] >= 1


def _admits_null(schema: dict[str, Any], doc: dict[str, Any]) -> bool:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _admits_null(doc["components"]["schemas"][name], doc)
    kinds = schema.get("type")
    if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
        return True
    return any(_admits_null(s, doc) for s in schema.get("anyOf", []) + schema.get("oneOf", []))


def test_optional_body_fields_sent_as_null_are_refused_or_documented_nullable(
    campaign: Campaign,
) -> None:
    """Found by the long fuzz: `{"service": null, "dryRun": true}` is served (null = absent,
    as for every optional body field, `validate.opt_*`) while the document types `service` as
    a string only. Server and document must agree: refuse null, or document it."""
    doc = campaign.schema.raw_schema
    bodies = {
        "/console/v1/purge": {"service": None, "dryRun": True},
        "/engagement/v3/callbacks/create": {
            "serviceName": "Sales_US",
            "phoneNumber": "+15551234567",
            "desiredTime": None,
        },
    }

    async def send(path: str, body: dict[str, Any]) -> int:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=campaign.app),
            base_url="http://emulator",
            headers={"x-api-key": KEYS["Administrator"]},
        ) as http:
            return (await http.post(path, json=body)).status_code

    disagree = []
    for path, body in bodies.items():
        status = asyncio.run(send(path, body))
        schema = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        schema = schema["schema"]
        if "$ref" in schema:
            schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        props = schema["properties"]
        for field_name, value in body.items():
            if value is None and status < 300 and not _admits_null(props[field_name], doc):
                disagree.append(f"{path} {field_name}: null accepted, documented non-null")
    assert not disagree, disagree
