"""Tools > Service check: open-for meanings, old GES, start warning, form errors, slot grid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from panel_harness import TOOLS_T0 as T0
from panel_harness import rich_rows, settle, static_text
from textual.widgets import Input

from screens.tools.slot_grid import BUSY_GLYPH, PAST_GLYPH, SlotGrid

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


def _grid_rows(app) -> dict[str, list[str]]:
    """Day label -> the cells of its row, as the grid shows them (slot columns only)."""
    text = static_text(app.query_one("#check-grid", SlotGrid))
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
            rows[" ".join(words[:3])] = words[3:]
    return rows


def _availability_params(transport) -> dict[str, str]:
    (request,) = [r for r in transport.requests if "/callbacks/availability/" in r.url.path]
    return dict(request.url.params)


async def test_grid_covers_whole_local_days_from_a_friday(make_env, pinned) -> None:
    """Started on Friday 10:00 New York, the grid is Fri (rest of the day), Sat and Sun, each
    whole: no Monday cut at 10:00 that would look closed from then on."""
    pinned.set(datetime(2026, 11, 27, 15, 0, tzinfo=UTC))  # Fri 10:00 New York
    app, transport = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await pilot.press("ctrl+r")
        await settle(pilot)
        params = _availability_params(transport)
        assert params["start"].startswith("2026-11-27T00:00:00")
        assert (params["numberOfDays"], params["timezone"]) == ("3", "America/New_York")
        rows = _grid_rows(app)
        assert list(rows) == ["Fri 27 Nov", "Sat 28 Nov", "Sun 29 Nov"]
        friday = rows["Fri 27 Nov"]
        assert friday[:4] == [PAST_GLYPH] * 4  # 08:00-09:30 are over: past, not closed
        assert len(friday) == 20 and all(cell.endswith("/3") for cell in friday[4:])
        saturday = rows["Sat 28 Nov"]  # Sat 10:00-14:00: 8 slots, the other columns blank
        assert len(saturday) == 8 and all(cell.endswith("/3") for cell in saturday)
        assert rows["Sun 29 Nov"] == ["closed"]
        legend = static_text(app.query_one("#check-legend"))
        assert f"{PAST_GLYPH} past or before the start" in legend
        assert "blank = closed" in legend


async def test_grid_last_day_is_whole_when_started_mid_morning(make_env) -> None:
    """Started Monday 10:00, the third day (Wednesday) is a full day, and Thursday is not
    shown as a lone 09:00 slot."""
    app, transport = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await _fill(pilot, "2026-11-30 10:00")
        rows = _grid_rows(app)
        assert list(rows) == ["Mon 30 Nov", "Tue 01 Dec", "Wed 02 Dec"]
        assert rows["Mon 30 Nov"][:4] == [PAST_GLYPH] * 4  # before the start
        assert len(rows["Wed 02 Dec"]) == 20
        assert all(cell.endswith("/3") for cell in rows["Wed 02 Dec"])
        assert _availability_params(transport)["start"].startswith("2026-11-30T00:00:00")
        assert "in the past" not in _text(app, "#check-warning")


async def test_start_in_the_past_warns_and_shows_no_bookable_slot(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_check(pilot, "Sales_US")
        await _fill(pilot, "2020-01-01 10:00")
        warning = _text(app, "#check-warning")
        assert "Start 2020-01-01 10:00 (America/New_York) is in the past" in warning
        assert "can no longer be booked" in warning
        assert "computed in real time" in warning  # the seed's warning stays
        rows = _grid_rows(app)
        assert list(rows) == ["Wed 01 Jan", "Thu 02 Jan", "Fri 03 Jan"]
        cells = [cell for row in rows.values() for cell in row]
        assert "past" in cells and not any(cell.endswith("/3") for cell in cells)


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
