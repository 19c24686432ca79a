"""A small host App for the Developer tab tests: DeveloperSection over the in-process emulator.

It implements the ConsoleHost protocol (`client`, `session`), records every `ApiFailed` and
shows it as a toast like the central error path does, without the full console shell (whose
status bar shows a port and a clock that would make snapshots move).
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from rich.console import Console
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer, Input

from callback_tui.mock.app import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient
from screens.base import ApiFailed, Session
from screens.developer import DeveloperSection
from screens.text import escape

T0 = datetime(2026, 11, 27, 14, 30, tzinfo=UTC)  # a Friday afternoon
KEYS = {
    "Administrator": "dev-admin-key-00000000000000000000000a1",
    "Supervisor": "dev-super-key-00000000000000000000000s2",
    "Developer": "dev-devel-key-00000000000000000000000d3",
    "Agent": "dev-agent-key-00000000000000000000000g4",
}
SEED_ERRORS = 600  # enough for several pages, small enough to seed fast


class SwitchableTransport(httpx.AsyncBaseTransport):
    """ASGI transport that can be taken down (connect errors) and counts requests to /errors."""

    def __init__(self, asgi: Any) -> None:
        self._inner = httpx.ASGITransport(app=asgi)
        self.down = False
        self.error_list_requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests: list[httpx.Request] = []
        self.gate: asyncio.Event | None = None  # when set: requests with a cursor wait on it

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        is_list = request.url.path == "/console/v1/errors"
        if is_list:
            self.error_list_requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if is_list and self.gate is not None and "cursor" in request.url.params:
                await self.gate.wait()
            return await self._inner.handle_async_request(request)
        finally:
            if is_list:
                self.in_flight -= 1


class DeveloperHost(App[None]):
    """Hosts only the Developer section; failures are recorded and toasted (escaped)."""

    def __init__(self, client: CallbackClient, session: Session) -> None:
        super().__init__()
        self._client = client
        self._session = session
        self.failures: list[ApiFailed] = []

    @property
    def client(self) -> CallbackClient:
        return self._client

    @property
    def session(self) -> Session:
        return self._session

    def compose(self) -> ComposeResult:
        yield DeveloperSection()
        yield Footer()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # No blinking cursor: snapshots must not depend on when the blink timer fired.
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def on_ready(self) -> None:
        # as the shell does when the Developer section is shown: the keys go to the list
        for table in self.query("#errors-table"):
            table.focus()

    def on_api_failed(self, message: ApiFailed) -> None:
        self.failures.append(message)
        self.notify(escape(f"{message.action} failed: {message.error}"), severity="error")


@dataclass
class DevEnv:
    """The emulator (ASGI app), its pinned clock, and the clients made for it."""

    asgi: Any
    clock: FixedClock
    clients: list[CallbackClient] = field(default_factory=list)

    def client(self, role: str = "Administrator") -> tuple[CallbackClient, SwitchableTransport]:
        transport = SwitchableTransport(self.asgi)
        client = CallbackClient("http://127.0.0.1", KEYS[role], transport=transport, max_retries=0)
        self.clients.append(client)
        return client, transport

    def host(
        self, role: str = "Administrator", *, console_api: bool = True
    ) -> tuple[DeveloperHost, SwitchableTransport]:
        client, transport = self.client(role)
        session = Session(
            profile="test",
            base_url="http://127.0.0.1",
            key_source="test key",
            role=role if console_api else None,
            user="test",
            tenant="Demo tenant",
            console_api=console_api,
        )
        return DeveloperHost(client, session), transport


def make_dev_env(seed_errors: int = SEED_ERRORS) -> DevEnv:
    clock = FixedClock(T0)
    return DevEnv(create_app(":memory:", clock=clock, keys=KEYS, seed_errors=seed_errors), clock)


@pytest.fixture
async def dev_env() -> AsyncIterator[DevEnv]:
    env = make_dev_env()
    yield env
    for client in env.clients:
        await client.aclose()
    env.asgi.state.emulator.store.close()


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish (including ones started by their results) and the screen catch up."""
    for _ in range(10):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10.0
) -> None:
    """Poll `condition` between event-loop turns (for timers such as live mode)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition not reached")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


async def paste(pilot: Pilot[Any], text: str) -> None:
    """What a terminal sends for a paste (bracketed paste) into the focused widget."""
    focused = pilot.app.focused
    assert focused is not None, "nothing has focus"
    focused.post_message(events.Paste(text))
    await pilot.pause()


def screen_text(app: App[Any]) -> str:
    """The plain text of the current screen, as a terminal would show it (modals included)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, color_system=None
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def static_text(widget: Any) -> str:
    """The text a Static/Label shows."""
    return str(widget.render())
