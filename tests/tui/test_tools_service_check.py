"""Tools > Service check: open-for meanings, old GES, start warning, form errors, slot grid."""

from __future__ import annotations

from datetime import datetime, timedelta

from panel_harness import TOOLS_T0 as T0
from panel_harness import rich_rows, settle, static_text
from textual.widgets import Input

from screens.tools.slot_grid import BUSY_GLYPH, SlotGrid

# Select options are in the order the server lists them: Billing_EU, Sales_US, Support_247, ...
SERVICE_INDEX = {"Billing_EU": 0, "Sales_US": 1, "Support_247": 2, "Tech_APAC": 3}


async def _open_check(pilot, service: str) -> None:
    """alt+4 focuses the service picker; choose the service with the arrow keys."""
    await settle(pilot)
    await pilot.press("alt+4", "enter")
    # The first option is Select's blank prompt.
    await pilot.press("home", *["down"] * (SERVICE_INDEX[service] + 1), "enter")
    await settle(pilot)


async def _fill(pilot, start: str = "", zone: str = "") -> None:
    """tab to Start and Time zone, type, then run the check with ctrl+r."""
    await pilot.press("tab", "end", "ctrl+u", *start, "tab", "end", "ctrl+u", *zone, "ctrl+r")
    await settle(pilot)


def _text(app, selector: str) -> str:
    return static_text(app.query_one(selector))


async def test_open_for_values_with_meanings_within_offer_hours(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")  # 10:00 New York: open till 18:00, offer till 17:00
        await pilot.press("ctrl+r")
        await settle(pilot)
        openfor = rich_rows(app.query_one("#check-openfor"))
        assert openfor["openFor"] == ["28800 s", "open for 8 h"]
        assert openfor["immediateOfferHoursOpenFor"] == [
            "25200 s",
            "within Immediate Offer Hours, 7 h until the offer window ends",
        ]
        assert openfor["isWithinImmediateOfferTime"] == [
            "true",
            "yes: now + EWT is inside the offer window",
        ]
        assert openfor["isImmediateEnabled"] == ["true", "Immediate Enabled is true"]
        queue = rich_rows(app.query_one("#check-queue"))
        assert queue["offerImmediateCallback"] == ["true", "offered now"]
        assert queue["ewt"][1].startswith("wait ≈")
        assert _text(app, "#check-warning") == ""  # no start: no real-time warning
        assert app.failures == []


async def test_not_configured_is_minus_one(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Billing_EU")
        await pilot.press("ctrl+r")
        await settle(pilot)
        openfor = rich_rows(app.query_one("#check-openfor"))
        assert openfor["immediateOfferHoursOpenFor"] == [
            "-1",
            "Immediate Offer Hours not configured",
        ]


async def test_start_outside_offer_hours_is_zero_and_warns(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await _fill(pilot, "2026-11-25 08:30", "America/New_York")
        openfor = rich_rows(app.query_one("#check-openfor"))
        assert openfor["openFor"] == ["34200 s", "open for 9 h 30 min"]
        assert openfor["immediateOfferHoursOpenFor"] == ["0", "outside Immediate Offer Hours"]
        warning = _text(app, "#check-warning")
        assert "Start is set" in warning and "computed in real time" in warning


async def test_closed_office_says_closed(make_env, pinned) -> None:
    pinned.set(T0 + timedelta(hours=10))  # 01:00 UTC Thursday: New York 20:00, closed
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert rich_rows(app.query_one("#check-openfor"))["openFor"] == ["0 s", "closed"]


async def test_old_ges_version_says_outputs_not_available(make_env) -> None:
    app, _ = make_env(ges_version="100.0.003.0120").host()
    assert app.session.ges_version == "100.0.003.0120"
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await pilot.press("ctrl+r")
        await settle(pilot)
        openfor = rich_rows(app.query_one("#check-openfor"))
        assert openfor["openFor"] == ["28800 s", "open for 8 h"]
        value, meaning = openfor["3 extra outputs"]
        assert value == "n/a"
        assert "are not available: this backend runs GES 100.0.003.0120" in meaning
        assert "they exist from GES 100.0.003.0156 on" in meaning
        assert set(openfor) == {"openFor", "3 extra outputs"}  # no blank rows


async def test_invalid_start_and_zone_are_caught_in_the_form(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await _fill(pilot, "25/11/2026 7pm", "Mars/Olympus")
        start = app.query_one("#check-start", Input)
        zone = app.query_one("#check-zone", Input)
        assert start.has_class("-invalid") and zone.has_class("-invalid")
        error = _text(app, "#check-error")
        assert "Start: '25/11/2026 7pm' is not a date and time like 2026-11-27 14:30" in error
        assert "Time zone: 'Mars/Olympus' is not a time zone name" in error
        assert app.focused is start
        assert _text(app, "#check-openfor") == "Not run yet."  # nothing was sent
        # Fixing the fields clears the marks and runs the check.
        await pilot.press("end", "ctrl+u", *"2026-11-26 09:00", "tab", "ctrl+u", "ctrl+r")
        await settle(pilot)
        assert not start.has_class("-invalid") and not zone.has_class("-invalid")
        assert _text(app, "#check-error") == ""
        assert "open for" in _text(app, "#check-openfor")


async def test_grid_shows_busy_slots_distinctly(make_env) -> None:
    env = make_env()
    booker = env.admin
    # Fill Thursday 26 Nov 09:00 New York (Sales_US: 3 per slot) up to its capacity.
    slot = datetime.fromisoformat("2026-11-26T09:00:00-05:00")
    availability = await booker.availability.slots(
        "Sales_US", start=slot, number_of_days=1, report_busy=True
    )
    first = next(s for s in availability.slots if s.utc_time == slot)
    for i in range(first.capacity):
        await booker.callbacks.create("Sales_US", f"+1555000{i:04d}", desired_time=slot)
    app, _ = env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await pilot.press("ctrl+r")
        await settle(pilot)
        grid = app.query_one("#check-grid", SlotGrid)
        text = static_text(grid)
        assert "Slots (America/New_York)" in text
        thursday = next(line for line in text.splitlines() if line.startswith("Thu 26 Nov"))
        cells = thursday.split()[3:]
        assert cells[2] == f"{BUSY_GLYPH}0/3"  # 08:00, 08:30, 09:00 -> the third slot
        assert all(cell.endswith("/3") for cell in cells)
        # Busy cells are red as well as marked, free ones are not.
        table = grid.content
        busy_cells = [
            cell
            for column in table.columns
            for cell in column._cells
            if getattr(cell, "plain", "").startswith(BUSY_GLYPH)
        ]
        assert busy_cells and all("on red" in str(cell.style) for cell in busy_cells)


async def test_works_without_console_api(make_env) -> None:
    app, _ = make_env().host(console_api=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("alt+4", *"Billing_EU", "ctrl+r")
        await settle(pilot)
        openfor = rich_rows(app.query_one("#check-openfor"))
        assert openfor["immediateOfferHoursOpenFor"][1] == "Immediate Offer Hours not configured"
        assert "ewt" in rich_rows(app.query_one("#check-queue"))
        assert "Slots (UTC)" in static_text(app.query_one("#check-grid"))
        # Without the service's zone, a start without offset is UTC (the wire's default):
        # 10:00 UTC is 11:00 in Berlin, open till 17:00.
        await _fill(pilot, "2026-11-26 10:00")
        assert rich_rows(app.query_one("#check-openfor"))["openFor"] == ["21600 s", "open for 6 h"]
        assert "Start is set" in _text(app, "#check-warning")
        assert app.failures == []


async def test_unknown_service_is_reported_through_the_error_path(make_env) -> None:
    app, _ = make_env().host(console_api=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("alt+4", *"No_Such", "ctrl+r")
        await settle(pilot)
        assert {f.action for f in app.failures} == {
            "run open-for on No_Such",
            "read the queue status of No_Such",
            "read the availability of No_Such",
        }
        assert all(getattr(f.error, "http_status", None) == 404 for f in app.failures)
        assert _text(app, "#check-openfor") == "Failed (see the error)."
