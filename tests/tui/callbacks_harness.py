"""A small host App for the Callbacks tab tests: CallbacksSection over the in-process emulator.

It implements ConsoleHost (`client`, `session`), records every `ApiFailed` and toasts it like
the central error path does, and counts the requests its client sends (to prove that bad
input never reaches the server). The console's clock is pinned to the emulator's.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from rich.console import Console
from rich.markup import escape
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer, Input, TextArea

from callback_tui.mock.app import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient
from screens.base import ApiFailed, Session
from screens.callbacks import CallbacksSection, fmt

T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # Wednesday: 09:00 in New York, 15:00 in Berlin
KEYS = {
    "Administrator": "cb-admin-key-000000000000000000000000a1",
    "Supervisor": "cb-super-key-000000000000000000000000s2",
    "Developer": "cb-devel-key-000000000000000000000000d3",
    "Agent": "cb-agent-key-000000000000000000000000g4",
}


class CountingTransport(httpx.AsyncBaseTransport):
    """ASGI transport that remembers every request (method, path) it carried."""

    def __init__(self, asgi: Any) -> None:
        self._inner = httpx.ASGITransport(app=asgi)
        self.requests: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return await self._inner.handle_async_request(request)

    def count(self, method: str, path_part: str) -> int:
        return sum(1 for m, p in self.requests if m == method and path_part in p)


class CallbacksHost(App[None]):
    """Hosts only the Callbacks section; failures are recorded and toasted (escaped)."""

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
        yield CallbacksSection()
        yield Footer()

    def on_api_failed(self, message: ApiFailed) -> None:
        self.failures.append(message)
        self.notify(escape(f"{message.action} failed: {message.error}"), severity="error")


@dataclass
class CbEnv:
    """The emulator, its pinned clock, an admin client for checks, and the hosts' clients."""

    asgi: Any
    clock: FixedClock
    clients: list[CallbackClient] = field(default_factory=list)

    def client(self, role: str = "Administrator") -> tuple[CallbackClient, CountingTransport]:
        transport = CountingTransport(self.asgi)
        client = CallbackClient("http://127.0.0.1", KEYS[role], transport=transport, max_retries=0)
        self.clients.append(client)
        return client, transport

    @property
    def admin(self) -> CallbackClient:
        """A separate client to arrange and verify emulator state."""
        return self.client("Administrator")[0]

    def host(
        self, role: str = "Administrator", *, console_api: bool = True
    ) -> tuple[CallbacksHost, CountingTransport]:
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
        return CallbacksHost(client, session), transport


@pytest.fixture
async def cb_env() -> AsyncIterator[CbEnv]:
    clock = FixedClock(T0)
    env = CbEnv(create_app(":memory:", clock=clock, keys=KEYS, seed_errors=0), clock)
    fmt.set_clock(clock.now)
    yield env
    fmt.set_clock(None)
    for client in env.clients:
        await client.aclose()
    env.asgi.state.emulator.store.close()


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen catch up (workers may start more workers)."""
    for _ in range(10):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            return


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Enter text: into a focused text field as a terminal paste (one event, like a user
    pasting a number or an ID; much faster than a key per character); anywhere else
    (a Select's type-to-search) key by key."""
    focused = pilot.app.focused
    if isinstance(focused, Input | TextArea):
        pilot.app.post_message(events.Paste(text))  # as the driver does: the app forwards it
        await pilot.pause()
    else:
        await pilot.press(*text)


def screen_text(app: App[Any]) -> str:
    """The plain text of the current screen as a terminal shows it (modals included)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, color_system=None
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def flat(text: str) -> str:
    """Screen text with line breaks and runs of spaces collapsed (for wrapped sentences)."""
    return " ".join(text.replace("│", " ").replace("▌", " ").replace("▐", " ").split())


async def until(pilot: Pilot[Any], condition: Callable[[], bool], tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await settle(pilot) if _ % 20 == 19 else await pilot.pause(0.01)
    raise AssertionError("condition not reached")


async def open_book_form(pilot: Pilot[Any], service: str) -> None:
    """`n`, then pick `service` in the Select by keyboard (type to search, enter)."""
    await pilot.press("n")
    await settle(pilot)
    await pilot.press("shift+tab")  # from the phone field back to the service Select
    await pilot.press("enter")
    await type_text(pilot, service)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("tab")  # back to the phone field


async def fill_scheduled(pilot: Pilot[Any], phone: str, when: str, zone: str | None = None) -> None:
    """From the phone field: phone, switch to Scheduled, date/time (and zone), then enter."""
    await type_text(pilot, phone)
    await pilot.press("tab", "right", "enter")  # RadioSet: highlight Scheduled, select it
    await settle(pilot)
    await pilot.press("tab")
    await type_text(pilot, when)
    if zone is not None:
        await pilot.press("tab")
        if zone:
            await type_text(pilot, zone)
        else:
            await pilot.press("backspace")  # the whole value is selected on focus
        await pilot.press("shift+tab")
    await pilot.press("enter")  # enter in a field runs the preflight
    await settle(pilot)


def text_of(app: App[Any], selector: str) -> str:
    """What the widgets matching `selector` on the current screen show, joined, flattened."""
    return flat(" ".join(str(w.render()) for w in app.screen.query(selector)))


def warnings_shown(app: App[Any]) -> str:
    """The preflight warnings and notes in the form (one flattened string)."""
    return text_of(app, "WarningList Static")


def footer_text(app: App[Any]) -> str:
    """The key hints in the footer (the screen's last line)."""
    return screen_text(app).rstrip("\n").splitlines()[-1]


def dialog_text(app: App[Any]) -> str:
    """The body of the modal dialog on top."""
    return text_of(app, "Static")
