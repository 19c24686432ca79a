"""Shared helpers of the client tests: constants, envelope builders, a sleep recorder."""

from __future__ import annotations

import json
from typing import Any

import httpx
import respx

BASE = "https://ges.example.test"
KEY = "k3yV4lue0123456789abcdefghijklmnopqrstuv"  # 40 chars, like the docs' placeholder
CORR = "3f0c2a9e-8f1b-11ef-9c2d-0242ac120002"


def envelope(data: Any = None, *, code: int = 0, message: str = "Successful", corr: str = CORR):
    body: dict[str, Any] = {"status": {"code": code, "message": message, "corrId": corr}}
    if data is not None:
        body["data"] = data
    return body


def ok(data: Any, *, corr: str = CORR) -> httpx.Response:
    return httpx.Response(200, json=envelope(data, corr=corr), headers={"x-correlation-id": corr})


def fail(
    http_status: int,
    code: int,
    message: str,
    *,
    data: Any = None,
    corr: str = CORR,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return httpx.Response(
        http_status,
        json=envelope(data, code=code, message=message, corr=corr),
        headers={"x-correlation-id": corr, **(headers or {})},
    )


def sent_json(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def sent_params(route: respx.Route) -> dict[str, str]:
    return dict(route.calls.last.request.url.params)


class SleepRecorder:
    """Stands in for asyncio.sleep: records each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
