"""The real client against the real emulator, in-process (httpx.ASGITransport), clock pinned."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from contract_env import KEYS, NOW

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def emulator(clock: FixedClock, tmp_path):  # type: ignore[no-untyped-def]
    return create_app(":memory:", clock=clock, keys=KEYS, tenant_file=tmp_path / "tenant.json")


@pytest.fixture
async def admin(emulator) -> AsyncIterator[CallbackClient]:  # type: ignore[no-untyped-def]
    async with CallbackClient.for_asgi(emulator, KEYS["Administrator"]) as client:
        yield client


@pytest.fixture
def client_for(emulator):  # type: ignore[no-untyped-def]
    """Factory: a client for `role` (or a raw key) on the same emulator."""

    def make(role_or_key: str) -> CallbackClient:
        return CallbackClient.for_asgi(emulator, KEYS.get(role_or_key, role_or_key))

    return make
