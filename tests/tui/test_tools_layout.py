"""Tools panels at 80x24 and wide terminals: every field reachable on screen, no column cut
off at the right edge (tables fit their width, long text wraps)."""

from __future__ import annotations

import pytest
from panel_harness import screen_text, settle
from textual.widgets import DataTable

SMALL = (80, 24)


def _fits(app, selector: str) -> bool:
    """The widget lies within the terminal's width (not cut at, nor beyond, the right edge)."""
    region = app.query_one(selector).region
    return region.width > 0 and region.right <= app.size.width


def _no_horizontal_overflow(table: DataTable) -> bool:
    return table.virtual_size.width <= table.scrollable_content_region.width


async def _show(pilot, selector: str) -> None:
    pilot.app.query_one(selector).scroll_visible(animate=False)
    await settle(pilot)


async def test_service_check_is_usable_at_80x24(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("alt+4", "enter", "home", "down", "down", "enter", "ctrl+r")
        await settle(pilot)
        for field in ("#check-service", "#check-start", "#check-zone", "#check-run"):
            assert _fits(app, field), field
        await _show(pilot, "#check-openfor-box")
        assert _fits(app, "#check-openfor-box") and _fits(app, "#check-queue-box")
        text = screen_text(app)
        # The Meaning column has room: whole phrases on one line, not a word per line.
        assert "Immediate Enabled is true" in text
        assert "within Immediate Offer Hours, 7 h" in text
        await _show(pilot, "#check-queue-box")
        assert "offered now" in screen_text(app)


async def test_purging_is_usable_at_80x24(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("alt+2", "down")
        await settle(pilot)
        table = app.query_one("#purge-table", DataTable)
        assert _no_horizontal_overflow(table)
        text = screen_text(app)
        assert "Next purge (service / your time)" in text
        assert "Wed 25 Nov 18:00 EST" in text and "Thu 26 Nov 00:00 CET (yours)" in text
        await _show(pilot, "#purge-why-box")
        assert _fits(app, "#purge-booked") and _fits(app, "#purge-why-box")
        assert "19:00" in screen_text(app)


async def test_purging_keeps_five_columns_at_120(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("alt+2")
        await settle(pilot)
        table = app.query_one("#purge-table", DataTable)
        assert [str(c.label) for c in table.ordered_columns][-1] == (
            "Next purge (your time, Europe/Paris)"
        )
        assert _no_horizontal_overflow(table)


@pytest.mark.parametrize("width", [120, 200])
async def test_after_duration_text_is_not_cut(make_env, width: int) -> None:
    env = make_env()
    await env.admin.services.set_purge("Sales_US", "afterDuration", after_minutes=90)
    app, _ = env.host()
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        await pilot.press("alt+2")
        await settle(pilot)
        assert _no_horizontal_overflow(app.query_one("#purge-table", DataTable))
        text = screen_text(app)
        # Sales_US and Support_247, each in the service's and the user's column, whole.
        assert text.count("after due") == 4
        assert text.count("continuous: 1 h 30 min") == 2


@pytest.mark.parametrize("width", [120, 200])
async def test_settings_only_when_column_is_not_cut(make_env, width: int) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        # Sales_US: its Special Days value is long enough to push the columns off the edge.
        await pilot.press("alt+3", "s", "enter", "home", "down", "down", "enter")
        await settle(pilot)
        table = app.query_one("#settings-table", DataTable)
        assert _no_horizontal_overflow(table)
        text = screen_text(app)
        for requires in (
            "alwaysCheckCapacity = true",
            "queryImmediateOfferHours = true",
            "returnWithinImmediateOfferTime = true",
        ):
            assert requires in text
        assert "Christmas Eve" in text  # the long Special Days value wraps, whole
        # Description: a column where it has room, else the line under the table (whole).
        assert ("Description" in text) == (width >= 160)
        detail = app.query_one("#settings-detail")
        assert "Time Zone: Zone of Business Hours and slots" in str(detail.render())
