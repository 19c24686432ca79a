"""Helpers shared by the emulator tests (imported by name: tests have no packages)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.applications import Starlette

# Wednesday 25 Nov 2026, 15:00 UTC = 10:00 in New York (Sales_US open), 16:00 in Berlin.
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def client_for(app: Starlette, role: str = "Administrator", **headers: str) -> httpx.AsyncClient:
    keys = app.state.emulator.keys
    hdrs = {"x-api-key": keys[role]} if role else {}
    hdrs.update(headers)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://emulator", headers=hdrs
    )


def data(response: httpx.Response) -> Any:
    body = response.json()
    assert body["status"]["code"] == 0, body
    return body["data"]


def error(response: httpx.Response, http: int, code: int) -> str:
    """Assert an error envelope; return its message."""
    assert response.status_code == http, response.text
    body = response.json()
    assert body["status"]["code"] == code, body
    assert body["status"]["corrId"] == response.headers["x-correlation-id"]
    return str(body["status"]["message"])
