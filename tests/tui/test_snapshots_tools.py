"""SVG snapshots (120x40, pinned clock and zone) of the Service check grid and the Purging panel.

Update after a deliberate UI change with `pytest tests/tui/test_snapshots_tools.py
--snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime

import pytest
import tools_harness
from tools_harness import KEYS, T0, ToolsHost, settle

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient
from screens.base import Session

pinned = tools_harness.pinned  # the harness fixture, used by name below

SIZE = (120, 40)


@pytest.fixture
def admin_host(pinned: FixedClock) -> Iterator[ToolsHost]:
    """Built synchronously: snap_compare runs the app in its own event loop."""
    emulator = create_app(":memory:", clock=pinned, keys=KEYS, seed_errors=0)
    client = CallbackClient.for_asgi(emulator, KEYS["Administrator"])
    # One slot booked full, so the grid shows a busy cell (Sales_US: 3 per slot).
    slot = datetime.fromisoformat("2026-11-26T09:00:00-05:00")

    async def fill_slot() -> None:
        booker = CallbackClient.for_asgi(emulator, KEYS["Administrator"])
        slots = await booker.availability.slots("Sales_US", start=slot, number_of_days=1)
        free = next(s.capacity for s in slots.slots if s.utc_time == slot)
        for i in range(free):
            await booker.callbacks.create("Sales_US", f"+1555010{i:04d}", desired_time=slot)
        await booker.aclose()

    asyncio.run(fill_slot())
    session = Session(
        profile="test",
        base_url=client.base_url,
        key_source="test",
        role="Administrator",
        user="demo.admin",
        tenant="Demo Tenant",
        ges_version="100.0.003.0210",
    )
    yield ToolsHost(client, session)
    asyncio.run(client.aclose())


def test_service_check_grid(snap_compare, admin_host: ToolsHost) -> None:
    """Sales_US on Wed 25 Nov 10:00 New York: open-for with meanings, queue, 3-day slot grid."""
    assert T0.isoformat() == "2026-11-25T15:00:00+00:00"

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("alt+4", "enter", "home", "down", "down", "enter", "ctrl+r")
        await settle(pilot)

    assert snap_compare(admin_host, terminal_size=SIZE, run_before=run_before)


def test_purging_panel(snap_compare, admin_host: ToolsHost) -> None:
    """Purge modes, next purge in both zones, help text and the 19:00 explanation (Sales_US)."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("alt+2", "down")
        await settle(pilot)

    assert snap_compare(admin_host, terminal_size=SIZE, run_before=run_before)
