"""SVG snapshots (120x40, pinned clock and zone) of the Service check grid and the Purging panel.

Update after a deliberate UI change with `pytest tests/tui/test_snapshots_tools.py
--snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime

import pytest
from panel_harness import TOOLS_T0 as T0
from panel_harness import PanelHost, settle, tools_env

from callback_tui.mock.clock import FixedClock

SIZE = (120, 40)


@pytest.fixture
def admin_host(pinned: FixedClock) -> Iterator[PanelHost]:
    """Built synchronously: snap_compare runs the app in its own event loop."""
    env = tools_env(pinned)
    # One slot booked full, so the grid shows a busy cell (Sales_US: 3 per slot).
    slot = datetime.fromisoformat("2026-11-26T09:00:00-05:00")

    async def fill_slot() -> None:
        booker = env.admin
        slots = await booker.availability.slots("Sales_US", start=slot, number_of_days=1)
        free = next(s.capacity for s in slots.slots if s.utc_time == slot)
        for i in range(free):
            await booker.callbacks.create("Sales_US", f"+1555010{i:04d}", desired_time=slot)

    asyncio.run(fill_slot())
    app, _ = env.host()
    yield app
    asyncio.run(env.aclose())


def test_service_check_grid(snap_compare, admin_host: PanelHost) -> None:
    """Sales_US on Wed 25 Nov 10:00 New York: open-for with meanings, queue, 3-day slot grid."""
    assert T0.isoformat() == "2026-11-25T15:00:00+00:00"

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("alt+4", "enter", "home", "down", "down", "enter", "ctrl+r")
        await settle(pilot)

    assert snap_compare(admin_host, terminal_size=SIZE, run_before=run_before)


def test_purging_panel(snap_compare, admin_host: PanelHost) -> None:
    """Purge modes, next purge in both zones, help text and the 19:00 explanation (Sales_US)."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("alt+2", "down")
        await settle(pilot)

    assert snap_compare(admin_host, terminal_size=SIZE, run_before=run_before)
