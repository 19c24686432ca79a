"""A small host App for the Tools tab tests: ToolsSection over the in-process emulator.

It implements the ConsoleHost protocol (`client`, `session`) and records every `ApiFailed`,
so the tests see what the central error path would show, without the full console shell.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from rich.table import Table
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient
from screens.base import ApiFailed, Session
from screens.tools import ToolsSection, meanings

# Wednesday 25 Nov 2026, 15:00 UTC: Sales_US (New York) 10:00 open, Tech_APAC (Tokyo) closed.
T0 = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
LOCAL_ZONE = ZoneInfo("Europe/Paris")
KEYS = {
    "Administrator": "test-admin-key-0000000000000001",
    "Supervisor": "test-super-key-0000000000000002",
    "Developer": "test-devel-key-0000000000000003",
    "Agent": "test-agent-key-0000000000000004",
}


class ToolsHost(App[None]):
    """Hosts only the Tools section; failures are recorded and shown as a toast."""

    def __init__(self, client: CallbackClient, session: Session) -> None:
        super().__init__()
        self._client = client
        self._session = session
        self.failures: list[ApiFailed] = []
        self.animation_level = "none"

    @property
    def client(self) -> CallbackClient:
        return self._client

    @property
    def session(self) -> Session:
        return self._session

    def compose(self) -> ComposeResult:
        yield ToolsSection()
        yield Footer()

    def on_api_failed(self, message: ApiFailed) -> None:
        self.failures.append(message)
        status = getattr(message.error, "http_status", "")
        self.notify(f"{message.action} failed: {status} {message.error}", severity="error")


@dataclass
class ToolsEnv:
    """The emulator (ASGI app), its clock, and a client per role."""

    asgi: Any
    clock: FixedClock
    tenant_file: Path | None
    clients: list[CallbackClient] = field(default_factory=list)

    def client(self, role: str = "Administrator") -> CallbackClient:
        client = CallbackClient.for_asgi(self.asgi, KEYS[role])
        self.clients.append(client)
        return client

    async def host(self, role: str = "Administrator", *, console_api: bool = True) -> ToolsHost:
        client = self.client(role)
        me = await client.me()
        session = Session(
            profile="test",
            base_url=client.base_url,
            key_source="test",
            role=me.role if console_api else None,
            user=me.user,
            tenant=me.tenant.name,
            ges_version=me.ges_version,
            console_api=console_api,
        )
        return ToolsHost(client, session)


MakeEnv = Callable[..., ToolsEnv]


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    """The console's now and local zone pinned to the emulator's clock and Europe/Paris."""
    clock = FixedClock(T0)
    monkeypatch.setattr(meanings, "now_utc", clock.now)
    monkeypatch.setattr(meanings, "local_zone", lambda: LOCAL_ZONE)
    return clock


@pytest.fixture
async def make_env(pinned: FixedClock, tmp_path: Path) -> Any:
    """Factory: an in-memory emulator on the pinned clock (optionally older GES / tenant file)."""
    envs: list[ToolsEnv] = []

    def make(*, ges_version: str | None = None, tenant_file: bool = False) -> ToolsEnv:
        path = tmp_path / "tenant.toml" if tenant_file else None
        asgi = create_app(
            ":memory:",
            clock=pinned,
            keys=KEYS,
            ges_version=ges_version,
            tenant_file=path,
            seed_errors=0,
        )
        env = ToolsEnv(asgi, pinned, path)
        envs.append(env)
        return env

    yield make
    for env in envs:
        for client in env.clients:
            await client.aclose()


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Let workers finish and the messages they post be handled (a worker may start another)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def text_of(widget: Widget) -> str:
    """The plain text a Static shows (markup strings and Rich renderables alike)."""
    assert isinstance(widget, Static)
    content = widget.content
    if isinstance(content, str):
        return Content.from_markup(content).plain
    if isinstance(content, Content):
        return content.plain
    console = Console(width=max(widget.size.width, 60), file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


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
