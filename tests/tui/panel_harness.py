"""One small host App for the section tests: a section (Callbacks, Developer, Tools) hosted
over the in-process emulator, without the full console shell (whose status bar shows a
port and an age that would make snapshots move).

`PanelHost` implements ConsoleHost (`client`, `session`), records every `ApiFailed` and toasts
it (escaped) like the central error path does. `PanelEnv` is an emulator on a pinned clock
with fixed keys; its clients go through a `RecordingTransport`, which remembers every
request (to prove that bad input never reaches the server) and can take the backend down.
The per-section fixtures (`cb_env`, `dev_env`, `make_env`) are in conftest.py; the
per-section settings (pinned time, seeded errors, first focus) are the factories below.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, Static, TextArea

from callback_tui.mock.app import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient
from screens.base import ApiFailed, Session
from screens.callbacks import CallbacksSection
from screens.developer import DeveloperSection
from screens.text import escape
from screens.tools import ToolsSection

KEYS = {
    "Administrator": "test-admin-key-0000000000000000000000001",
    "Supervisor": "test-supervisor-key-00000000000000000002",
    "Developer": "test-developer-key-000000000000000000003",
    "Agent": "test-agent-key-0000000000000000000000004",
}


class RecordingTransport(httpx.AsyncBaseTransport):
    """ASGI transport that records every request, can be taken down (connect errors), and
    can hold back paged /errors requests (`gate`) while counting how many run at once."""

    def __init__(self, asgi: Any) -> None:
        self._inner = httpx.ASGITransport(app=asgi)
        self.requests: list[httpx.Request] = []
        self.down = False
        self.error_list_requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.gate: asyncio.Event | None = None  # when set: /errors requests with a cursor wait

    def count(self, method: str, path_part: str) -> int:
        """How many `method` requests had `path_part` in their path."""
        return sum(1 for r in self.requests if r.method == method and path_part in r.url.path)

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


class PanelHost(App[None]):
    """Hosts one section; failures are recorded and toasted (escaped)."""

    def __init__(
        self,
        section: Callable[[], Widget],
        client: CallbackClient,
        session: Session,
        *,
        focus: str | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        if title is not None:
            self.title = title
        self._section = section
        self._client = client
        self._session = session
        self._focus = focus
        self.failures: list[ApiFailed] = []
        self.animation_level = "none"

    @property
    def client(self) -> CallbackClient:
        return self._client

    @property
    def session(self) -> Session:
        return self._session

    def compose(self) -> ComposeResult:
        yield self._section()
        yield Footer()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # No blinking cursor: snapshots must not depend on when the blink timer fired.
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def on_ready(self) -> None:
        # as the shell does when the section is shown (e.g. the keys go to the errors list)
        if self._focus is not None:
            for widget in self.query(self._focus):
                widget.focus()

    def on_api_failed(self, message: ApiFailed) -> None:
        self.failures.append(message)
        self.notify(escape(f"{message.action} failed: {message.error}"), severity="error")


@dataclass
class PanelEnv:
    """The emulator (ASGI app), its pinned clock, the section to host, and the clients made."""

    asgi: Any
    clock: FixedClock
    section: Callable[[], Widget]
    focus: str | None = None
    title: str | None = None
    tenant_file: Path | None = None
    clients: list[CallbackClient] = field(default_factory=list)

    def client(self, role: str = "Administrator") -> tuple[CallbackClient, RecordingTransport]:
        transport = RecordingTransport(self.asgi)
        client = CallbackClient("http://127.0.0.1", KEYS[role], transport=transport, max_retries=0)
        self.clients.append(client)
        return client, transport

    @property
    def admin(self) -> CallbackClient:
        """A separate client to arrange and verify emulator state."""
        return self.client("Administrator")[0]

    def host(
        self, role: str = "Administrator", *, console_api: bool = True
    ) -> tuple[PanelHost, RecordingTransport]:
        client, transport = self.client(role)
        session = Session(
            profile="test",
            base_url="http://127.0.0.1",
            key_source="test key",
            role=role if console_api else None,
            user="test",
            tenant="Demo tenant",
            ges_version=self.asgi.state.emulator.ges_version,
            console_api=console_api,
        )
        host = PanelHost(self.section, client, session, focus=self.focus, title=self.title)
        return host, transport

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()
        self.asgi.state.emulator.store.close()


def new_panel_env(
    section: Callable[[], Widget],
    now: datetime | FixedClock,
    *,
    seed_errors: int = 0,
    focus: str | None = None,
    title: str | None = None,
    ges_version: str | None = None,
    tenant_file: Path | None = None,
) -> PanelEnv:
    """An in-memory emulator on a pinned clock (`now`, or that FixedClock), fixed keys."""
    clock = now if isinstance(now, FixedClock) else FixedClock(now)
    asgi = create_app(
        ":memory:",
        clock=clock,
        keys=KEYS,
        seed_errors=seed_errors,
        ges_version=ges_version,
        tenant_file=tenant_file,
    )
    return PanelEnv(asgi, clock, section, focus, title, tenant_file)


# -- the sections -------------------------------------------------------------------------

CALLBACKS_T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # Wed: 09:00 New York, 15:00 Berlin
DEVELOPER_T0 = datetime(2026, 11, 27, 14, 30, tzinfo=UTC)  # a Friday afternoon
# Wed 25 Nov 2026, 15:00 UTC: Sales_US (New York) 10:00 open, Tech_APAC (Tokyo) closed.
TOOLS_T0 = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
TOOLS_ZONE = ZoneInfo("Europe/Paris")  # the user's zone in the Tools tests
SEED_ERRORS = 600  # enough for several pages of the error log, small enough to seed fast


# The titles are the window titles in the stored snapshots (once the hosts' class names).


def callbacks_env() -> PanelEnv:
    return new_panel_env(CallbacksSection, CALLBACKS_T0, title="CallbacksHost")


def developer_env() -> PanelEnv:
    """Errors list focused first, as the shell does when the Developer section is shown."""
    return new_panel_env(
        DeveloperSection,
        DEVELOPER_T0,
        seed_errors=SEED_ERRORS,
        focus="#errors-table",
        title="DeveloperHost",
    )


def tools_env(clock: FixedClock, **options: Any) -> PanelEnv:
    """On `clock` (one clock for every emulator of a test); options as `new_panel_env`."""
    return new_panel_env(ToolsSection, clock, title="ToolsHost", **options)


# -- driving and reading the screen --------------------------------------------------------


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let workers finish and the messages they post be handled: at least `rounds` turns,
    more while workers are still running (a worker's result may start another)."""
    for turn in range(max(rounds, 10)):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if turn + 1 >= rounds and not any(w.is_running for w in pilot.app.workers):
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


async def paste(pilot: Pilot[Any], text: str) -> None:
    """What a terminal sends for a paste (bracketed paste) into the focused widget."""
    focused = pilot.app.focused
    assert focused is not None, "nothing has focus"
    focused.post_message(events.Paste(text))
    await pilot.pause()


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


def text_of(app: App[Any], selector: str) -> str:
    """What the widgets matching `selector` on the current screen show, joined, flattened."""
    return flat(" ".join(str(w.render()) for w in app.screen.query(selector)))


def static_text(widget: Widget) -> str:
    """The plain text a Static/Label shows (markup strings and Rich renderables alike)."""
    assert isinstance(widget, Static)
    content = widget.content
    if isinstance(content, str | Content):
        return str(widget.render())  # markup parsed only where the widget parses it
    if isinstance(content, Text):
        return content.plain
    console = Console(width=max(widget.size.width, 60), file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


def footer_text(app: App[Any]) -> str:
    """The key hints in the footer (the screen's last line)."""
    return screen_text(app).rstrip("\n").splitlines()[-1]


def table_rows(table: DataTable[Any]) -> list[list[str]]:
    """Every row of a DataTable as plain strings."""
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def rich_rows(widget: Widget) -> dict[str, list[str]]:
    """A Static showing a Rich table: first cell -> the other cells, as plain text."""
    assert isinstance(widget, Static)
    table = widget.content
    assert isinstance(table, Table), f"expected a table, got {table!r}"
    rows: dict[str, list[str]] = {}
    for index in range(table.row_count):
        cells = [
            str(getattr(col._cells[index], "plain", col._cells[index])) for col in table.columns
        ]
        rows[cells[0]] = cells[1:]
    return rows


# -- the Book form (Callbacks) -------------------------------------------------------------


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
