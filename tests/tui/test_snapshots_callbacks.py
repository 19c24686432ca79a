"""SVG snapshots (120x40, pinned clock) of the Book form showing preflight warnings.

Update after a deliberate UI change with `pytest tests/tui/test_snapshots_callbacks.py
--snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from panel_harness import PanelHost, callbacks_env, fill_scheduled, open_book_form, settle

SIZE = (120, 40)
FULL_SLOT = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thu 10:00 in New York


@pytest.fixture
def admin_host(pin_console_clock: Any) -> Iterator[PanelHost]:
    """Built synchronously: snap_compare runs the app in its own event loop."""
    env = callbacks_env()

    async def fill_slot() -> None:
        booker = env.admin
        avail = await booker.availability.slots(
            "Sales_US", start=FULL_SLOT, end=FULL_SLOT, report_busy=True
        )
        free = next(s.capacity for s in avail.slots if s.utc_time == FULL_SLOT)
        for i in range(free):
            await booker.callbacks.create("Sales_US", f"+1555020{i:04d}", desired_time=FULL_SLOT)

    asyncio.run(fill_slot())
    pin_console_clock(env.clock, None)
    app, _ = env.host()
    yield app
    asyncio.run(env.aclose())


async def _rest_on_slots(pilot: Any) -> None:
    """Focus the slot list (no blinking cursor in the picture) and let everything settle."""
    pilot.app.screen.query_one("#slot-picker").focus()
    await settle(pilot)


def test_book_form_with_full_slot_warning(snap_compare: Any, admin_host: PanelHost) -> None:
    """Sales_US, Thu 10:10 New York: the slot is full; free neighbours offered to pick."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")
        await fill_scheduled(pilot, "+1 555 030 4040", "2026-11-26 10:10")
        await _rest_on_slots(pilot)

    assert snap_compare(admin_host, terminal_size=SIZE, run_before=run_before)


def test_book_form_closed_and_scheduled_disabled(snap_compare: Any, admin_host: PanelHost) -> None:
    """Billing_EU on Saturday: the office is closed and the queue takes no scheduled callbacks."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await open_book_form(pilot, "Billing_EU")
        await fill_scheduled(pilot, "+49 30 1234567", "2026-11-28 10:00")
        await _rest_on_slots(pilot)

    assert snap_compare(admin_host, terminal_size=SIZE, run_before=run_before)


def test_confirm_lists_the_warnings(snap_compare: Any, admin_host: PanelHost) -> None:
    """Booking past warnings: the confirm dialog lists each one in words."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await open_book_form(pilot, "Billing_EU")
        await fill_scheduled(pilot, "+49 30 1234567", "2026-11-28 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(admin_host, terminal_size=SIZE, run_before=run_before)
