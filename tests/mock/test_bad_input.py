"""Bad input never yields a 500: every answer is a GES envelope (a small property-based fuzz)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_helpers import NOW, client_for, data, error
from starlette.applications import Starlette

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from callback_tui.mock.openapi import OPS

APP = create_app(clock=FixedClock(NOW), seed_errors=50)
TEXT = st.one_of(
    st.sampled_from(["", "true", "0", "-1", "1e309", "2026-11-26T10:00:00Z", "2026-11-26T10:00",
                     "Sales_US", "Mars/Base", "9" * 30, "gws", "hour", "../x"]),
    st.text(max_size=40),
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=8,
)
FIELDS = ["serviceName", "phoneNumber", "desiredTime", "id", "apiKey", "mode", "afterMinutes",
          "dryRun", "service", "baseUrl", "clientId", "clientSecret", "serviceAccountJson",
          "siteKey", "secretKey", "userData", "priority", "alwaysCheckCapacity",
          "pushTargets"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    op=st.sampled_from(OPS),
    values=st.lists(TEXT, min_size=12, max_size=12),
    body=st.one_of(st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6), JSON),
    raw=st.booleans(),
)
def test_no_500_for_any_input(op: tuple, values: list[str], body: object, raw: bool) -> None:
    path, method, _id, _summary, params, _body, _data, _extra = op
    query = {}
    for param, value in zip(params, values, strict=False):
        if param["in"] == "path":
            path = path.replace("{" + param["name"] + "}", quote(value or "x", safe=""))
        elif value:
            query[param["name"]] = value
    content = json.dumps(body).encode() if not raw else str(body).encode()

    async def call() -> httpx.Response:
        async with client_for(APP) as client:
            return await client.request(method.upper(), path, params=query, content=content)

    response = asyncio.run(call())
    assert response.status_code < 500, (method, path, query, content[:200], response.text)
    envelope = response.json()
    assert envelope["status"]["corrId"] == response.headers["x-correlation-id"]


async def test_capacity_check_is_race_free(app: Starlette) -> None:
    body = {"serviceName": "Sales_US", "phoneNumber": "5551230000", "alwaysCheckCapacity": True,
            "desiredTime": "2026-11-27T15:00:00Z"}  # fmt: skip
    async with client_for(app) as client:
        q = "start=2026-11-27T15:00:00Z&end=2026-11-27T15:30:00Z&reportBusy=true"
        slots = data(await client.get(f"/engagement/v3/callbacks/availability/Sales_US?{q}"))
        free = slots["slots"][0]["capacity"]
        assert free >= 1
        answers = await asyncio.gather(
            *(client.post("/engagement/v3/callbacks/create", json=body) for _ in range(free + 5))
        )
    assert sorted(a.status_code for a in answers) == [200] * free + [429] * 5


async def test_credential_secrets_never_recorded(admin: httpx.AsyncClient) -> None:
    secret = "very-secret-client-secret-9876"
    bad = await admin.put(
        "/console/v1/credentials/gws",
        json={"baseUrl": "ftp://nope", "clientId": "me", "clientSecret": secret},
    )
    error(bad, 400, 40000)
    detail = await admin.get(f"/console/v1/errors/{bad.headers['x-correlation-id']}")
    assert detail.status_code == 200 and secret not in detail.text


async def test_broken_tenant_file_refetch_says_why(tmp_path: Path) -> None:
    tenant_file = tmp_path / "tenant.toml"
    app = create_app(str(tmp_path / "m.db"), tenant_file=tenant_file, seed_errors=0)
    tenant_file.write_text(
        tenant_file.read_text().replace("slotCapacity = 3", 'slotCapacity = "x"')
    )
    async with client_for(app) as client:
        message = error(await client.post("/console/v1/tenant/refetch"), 502, 5701)
        assert "services.Sales_US.slotCapacity" in message
        # The last good configuration stays in force.
        assert data(await client.get("/console/v1/services/Sales_US"))["name"] == "Sales_US"
