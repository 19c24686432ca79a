"""Fixtures for the emulator tests: a pinned clock, an in-process app and raw httpx clients."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from mock_helpers import NOW, client_for
from starlette.applications import Starlette

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(clock: FixedClock) -> Starlette:
    return create_app(":memory:", clock=clock, seed_errors=400)


@pytest.fixture
async def admin(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as client:
        yield client
