"""Driving the whole console with Pilot: every section and every inner panel, refreshing each,
while a probe measures how late the event loop runs (the UI's freeze time), and the same
measure on a bare Textual app as the machine's baseline."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, TabbedContent, TabPane

from callback_tui.app import CallbackConsole
from callback_tui.launch import identify
from client import CallbackClient
from screens.base import Session

INNER_TABS = {
    "developer": ("#developer-tabs", ("dev-errors", "dev-cors", "dev-keys", "dev-credentials")),
    "tools": ("#tools-tabs", ("tools-tenant", "tools-purge", "tools-settings", "tools-check")),
}
REFRESH_ACTIONS = ("refresh", "reload", "run_check")
# Screens opened from the Callbacks section (key, what): its detail, the booking form.
CALLBACK_SCREENS = (("enter", "callbacks/detail"), ("n", "callbacks/book"))


async def console_for(client: CallbackClient, base_url: str) -> CallbackConsole:
    """A console signed in with `client`'s key (identified through /console/v1/me)."""
    session = Session(profile="reliability", base_url=base_url, key_source="test key")
    identified = await identify(client, session)
    return CallbackConsole(client, identified.session)


@dataclass
class LagProbe:
    """Sleeps `tick` seconds in a loop on the app's event loop and keeps the worst overshoot."""

    tick: float = 0.01
    worst: float = 0.0
    samples: int = 0
    phase: str = "start"
    spikes: list[tuple[str, float]] = field(default_factory=list)
    _task: asyncio.Task[None] | None = field(default=None, repr=False)

    def mark(self, phase: str) -> None:
        """Name what the driver just finished: spikes are tagged with it."""
        self.phase = f"after {phase}"

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.tick)
            lag = time.perf_counter() - started - self.tick
            self.worst = max(self.worst, lag)
            self.samples += 1
            if lag >= 0.05:
                self.spikes.append((self.phase, round(lag * 1000)))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def settle(pilot: Any, app: CallbackConsole, limit_s: float = 10.0) -> None:
    """Until no worker runs (or `limit_s`): the panels' calls have ended one way or another."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
        await asyncio.sleep(0.02)
    for _ in range(2):  # focus moves and late mounts happen a refresh or two later
        await pilot.pause(0.02)


async def _refresh_shown_panels(app: CallbackConsole) -> int:
    """Run the refresh/reload action of every shown widget that has one; how many ran."""
    ran = 0
    for widget in list(app.screen.query("*")):
        # Cheap class lookup first: the probe must measure the app, not this loop.
        action = next((a for a in REFRESH_ACTIONS if hasattr(type(widget), f"action_{a}")), None)
        if action is not None and widget.is_on_screen:
            await widget.run_action(action)
            ran += 1
    return ran


async def drive_every_screen(
    pilot: Any,
    app: CallbackConsole,
    *,
    refreshes: int = 2,
    after_each: Callable[[str], None] | None = None,
) -> list[str]:
    """Show every section and inner panel of the role, refreshing each `refreshes` times."""
    visited: list[str] = []
    for section in list(app.main_screen.section_keys):
        assert app.main_screen.switch_to(section)
        await settle(pilot, app)
        panes = INNER_TABS.get(section)
        names = panes[1] if panes else ("",)
        for pane in names:
            if panes:
                tabs = app.screen.query_one(panes[0], TabbedContent)
                tabs.active = pane
                await settle(pilot, app)
            for _ in range(refreshes):
                await _refresh_shown_panels(app)
                await settle(pilot, app)
            name = f"{section}/{pane}" if pane else section
            visited.append(name)
            if after_each is not None:
                after_each(name)
        if section == "callbacks":
            visited += await _open_callback_screens(pilot, app, after_each)
    await pilot.press("ctrl+e")  # the last-errors screen
    await settle(pilot, app)
    visited.append("last-errors")
    if after_each is not None:
        after_each("last-errors")
    await _back_to_main(pilot, app)
    return visited


async def _open_callback_screens(
    pilot: Any, app: CallbackConsole, after_each: Callable[[str], None] | None
) -> list[str]:
    opened = []
    for key, name in CALLBACK_SCREENS:
        await _back_to_main(pilot, app)
        app.main_screen.switch_to("callbacks")
        await settle(pilot, app)
        await pilot.press(key)
        await settle(pilot, app)
        if app.screen is not app.main_screen:
            opened.append(name)
            await _refresh_shown_panels(app)
            await settle(pilot, app)
            if after_each is not None:
                after_each(name)
    await _back_to_main(pilot, app)
    return opened


async def _back_to_main(pilot: Any, app: CallbackConsole) -> None:
    while app.screen is not app.main_screen:
        app.pop_screen()
        await settle(pilot, app)


class BaselineApp(App[None]):
    """A bare Textual app (tabs of 50-row DataTables): how long a plain tab switch freezes the
    event loop on this machine, measured in the same run as the console."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="tabs"):
            for i in range(3):
                with TabPane(f"Tab {i}", id=f"pane{i}"):
                    yield DataTable(id=f"table{i}")
        yield Footer()

    def on_mount(self) -> None:
        for i in range(3):
            table = self.query_one(f"#table{i}", DataTable)
            table.add_columns(*(f"column {c}" for c in range(7)))
            for r in range(50):
                table.add_row(*(f"value {r}-{c} text" for c in range(7)))


async def baseline_tab_switch_lag(rounds: int = 4) -> float:
    """Worst event-loop lag (s) of a bare Textual app switching tabs."""
    app = BaselineApp()
    probe = LagProbe()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        probe.start()
        for _ in range(rounds):
            for i in range(3):
                app.query_one("#tabs", TabbedContent).active = f"pane{i}"
                for _ in range(4):
                    await pilot.pause(0.02)
        await probe.stop()
    return probe.worst
