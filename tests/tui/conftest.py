"""Fixtures for Pilot tests: the in-process emulator and a ready console wired to it.

    async def test_something(make_console):
        app = await make_console(role="Developer")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            ...

The console talks to the emulator through `httpx.ASGITransport` (no socket), with a pinned
clock (2026-11-25T14:00Z, a Wednesday) and one fixed API key per role (`console_keys`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from callback_tui.app import CallbackConsole
from callback_tui.launch import identify
from callback_tui.mock.app import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient, Secret
from screens.base import Session

PINNED_NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # a Wednesday
KEYS = {
    "Administrator": "test-admin-key-0000000000000000000000001",
    "Supervisor": "test-supervisor-key-00000000000000000002",
    "Developer": "test-developer-key-000000000000000000003",
    "Agent": "test-agent-key-0000000000000000000000004",
}


@pytest.fixture
def console_keys() -> dict[str, str]:
    """Role -> the emulator's fixed demo key for that role."""
    return dict(KEYS)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(PINNED_NOW)


@pytest.fixture
def emulator(clock: FixedClock) -> Any:
    """The emulator ASGI app (in memory, seeded, pinned clock, fixed keys)."""
    app = create_app(":memory:", clock=clock, keys=KEYS)
    yield app
    app.state.emulator.store.close()


@pytest.fixture
async def make_console(emulator: Any) -> AsyncIterator[Callable[..., Awaitable[CallbackConsole]]]:
    """Async factory: `await make_console(role="Developer")` -> a console signed in as `role`.

    The session is already resolved through /console/v1/me, so the role's tabs exist as soon
    as the app runs. Only the first tab (Callbacks) is built at once; another section is built
    when its tab is first shown: `app.main_screen.switch_to("developer")` or press `2`.
    Keyword arguments go to `CallbackConsole` (e.g. `config=`); pass
    `client=` to use another client (e.g. one whose transport fails).
    """
    clients: list[CallbackClient] = []

    def client_for(key: Secret) -> CallbackClient:
        client = CallbackClient.for_asgi(emulator, key, max_retries=0)
        clients.append(client)
        return client

    async def factory(role: str = "Administrator", **kwargs: Any) -> CallbackConsole:
        client = kwargs.pop("client", None) or client_for(Secret(KEYS[role]))
        session = Session(profile="test", base_url="http://127.0.0.1", key_source="test key")
        identified = await identify(client, session)
        kwargs.setdefault("client_factory", client_for)
        return CallbackConsole(client, identified.session, **kwargs)

    yield factory
    for client in clients:
        await client.aclose()
