"""Fixtures for Pilot tests: the in-process emulator and a ready console wired to it.

    async def test_something(make_console):
        app = await make_console(role="Developer")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            ...

The console talks to the emulator through `httpx.ASGITransport` (no socket), with a pinned
clock (2026-11-25T14:00Z, a Wednesday) and one fixed API key per role (`console_keys`).
The console's own "now" (`screens.clock`) is pinned to the emulator's clock by
`pin_console_clock`, which the panel harnesses use too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

import pytest
from panel_harness import (
    CALLBACKS_T0,
    KEYS,
    TOOLS_T0,
    TOOLS_ZONE,
    PanelEnv,
    callbacks_env,
    developer_env,
    tools_env,
)

from callback_tui.app import CallbackConsole
from callback_tui.launch import identify
from callback_tui.mock.app import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient, Secret
from screens import clock as console_clock
from screens.base import Session

PINNED_NOW = CALLBACKS_T0  # a Wednesday


@pytest.fixture
def console_keys() -> dict[str, str]:
    """Role -> the emulator's fixed demo key for that role."""
    return dict(KEYS)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(PINNED_NOW)


PinClock = Callable[[FixedClock, tzinfo | None], None]


@pytest.fixture
def pin_console_clock() -> Iterator[PinClock]:
    """`pin(emulator_clock, zone=None)`: the console's "now" follows the emulator's clock (and
    its local zone is `zone`, when given); both are back to the wall clock after the test."""

    def pin(source: FixedClock, zone: tzinfo | None = None) -> None:
        console_clock.set_clock(source.now)
        console_clock.set_local_zone(zone)

    yield pin
    console_clock.reset()


@pytest.fixture
def emulator(clock: FixedClock) -> Any:
    """The emulator ASGI app (in memory, seeded, pinned clock, fixed keys)."""
    app = create_app(":memory:", clock=clock, keys=KEYS)
    yield app
    app.state.emulator.store.close()


@pytest.fixture
async def make_console(
    emulator: Any, clock: FixedClock, pin_console_clock: PinClock
) -> AsyncIterator[Callable[..., Awaitable[CallbackConsole]]]:
    """Async factory: `await make_console(role="Developer")` -> a console signed in as `role`.

    The session is already resolved through /console/v1/me, so the role's tabs exist as soon
    as the app runs. Only the first tab (Callbacks) is built at once; another section is built
    when its tab is first shown: `app.main_screen.switch_to("developer")` or press `2`.
    Keyword arguments go to `CallbackConsole` (e.g. `config=`); pass
    `client=` to use another client (e.g. one whose transport fails).
    The console's clock is pinned to the emulator's (`clock`).
    """
    pin_console_clock(clock, None)
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


# -- the section harnesses (panel_harness) ------------------------------------------------


@pytest.fixture
async def cb_env(pin_console_clock: PinClock) -> AsyncIterator[PanelEnv]:
    """The Callbacks section's emulator; the console's clock follows it."""
    env = callbacks_env()
    pin_console_clock(env.clock, None)
    yield env
    await env.aclose()


@pytest.fixture
async def dev_env(pin_console_clock: PinClock) -> AsyncIterator[PanelEnv]:
    """The Developer section's emulator (600 seeded errors); the console's clock follows it."""
    env = developer_env()
    pin_console_clock(env.clock, None)
    yield env
    await env.aclose()


@pytest.fixture
def pinned(pin_console_clock: PinClock) -> FixedClock:
    """The Tools tests' clock: the emulators' and the console's, the user in Europe/Paris."""
    clock = FixedClock(TOOLS_T0)
    pin_console_clock(clock, TOOLS_ZONE)
    return clock


@pytest.fixture
async def make_env(pinned: FixedClock, tmp_path: Path) -> AsyncIterator[Callable[..., PanelEnv]]:
    """Factory: a Tools emulator on `pinned` (optionally an older GES / a tenant file)."""
    envs: list[PanelEnv] = []

    def make(*, ges_version: str | None = None, tenant_file: bool = False) -> PanelEnv:
        path = tmp_path / "tenant.toml" if tenant_file else None
        env = tools_env(pinned, ges_version=ges_version, tenant_file=path)
        envs.append(env)
        return env

    yield make
    for env in envs:
        await env.aclose()
