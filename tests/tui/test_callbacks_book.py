"""Booking from the Callbacks tab: preflight warnings, confirm, slots, refuse-if-full, bad input.

The emulator's clock is pinned to Wed 2026-11-25 14:00 UTC: 09:00 in New York (Sales_US, open
08-18, Immediate Offer Hours 09-17, 3 per 30-min slot) and 15:00 in Berlin (Billing_EU, open
09-17, scheduled callbacks disabled). Support_247 (London) is open around the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from panel_harness import (
    PanelEnv,
    fill_scheduled,
    flat,
    open_book_form,
    screen_text,
    settle,
    text_of,
    type_text,
)
from textual.widgets import Input

from screens.callbacks.book_form import BookScreen
from screens.callbacks.planning import PlanScreen
from screens.dialogs import ConfirmDialog, TextDialog

SALES_SLOT_UTC = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thu 10:00 in New York


def dialog_text(app: object) -> str:
    """The body of the modal dialog on top."""
    return text_of(app, "Static")  # type: ignore[arg-type]


def status_of(app: object) -> str:
    return text_of(app, "#plan-status")  # type: ignore[arg-type]


def warnings_text(app: object) -> str:
    """Warnings, slot list title and status, and the three preflight boxes."""
    return " ".join(
        text_of(app, sel)  # type: ignore[arg-type]
        for sel in ("WarningList Static", "#slots-title", "#plan-status", "PreflightColumns Static")
    )


def slot_labels(app: object) -> list[str]:
    picker = app.screen.query_one("#slot-picker")  # type: ignore[attr-defined]
    return [flat(str(picker.get_option_at_index(i).prompt)) for i in range(picker.option_count)]


async def fill_sales_slot(env: PanelEnv, at: datetime) -> None:
    """Book the slot up to its capacity through the client, as other bookings would."""
    admin = env.admin
    avail = await admin.availability.slots("Sales_US", start=at, end=at, report_busy=True)
    free = next(s.capacity for s in avail.slots if s.utc_time == at)
    for n in range(free):
        await admin.callbacks.create("Sales_US", f"+1555000{n:04d}", desired_time=at)


async def tab_to(pilot: object, selector: str) -> None:
    """Press tab until the field `selector` has the focus."""
    target = pilot.app.screen.query_one(selector)  # type: ignore[attr-defined]
    for _ in range(20):
        if pilot.app.focused is target:  # type: ignore[attr-defined]
            return
        await pilot.press("tab")  # type: ignore[attr-defined]
    raise AssertionError(f"tab never reached {selector}")


async def created_ids(env: PanelEnv, phone_digits: str) -> list[str]:
    page = await env.admin.callbacks.list(phone=phone_digits, limit=50)
    return [c.id for c in page.items]


async def test_book_immediate_happy_path_shows_the_new_id_and_refreshes(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Support_247")
        await type_text(pilot, "+44 20 7946 0018")
        await tab_to(pilot, "#f-priority")
        await type_text(pilot, "7")
        await tab_to(pilot, "#f-user-data")
        await type_text(pilot, "customerId=C42")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # No warnings: no confirm, the booking went straight through.
        assert isinstance(app.screen, TextDialog)
        ids = await created_ids(cb_env, "442079460018")
        assert len(ids) == 1
        assert ids[0] in screen_text(app)
        await pilot.press("c")  # copies the new ID
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BookScreen)
        assert "Booked callback " + ids[0] in dialog_text(app)
    made = await cb_env.admin.callbacks.retrieve(ids[0])
    assert made.service_name == "Support_247"
    assert made.phone_number == "+442079460018"
    assert made.callback_state in ("QUEUED", "ROUTING", "PROCESSING")
    assert made.priority == 7
    assert made.user_data == {"customerId": "C42"}
    assert transport.count("GET", "/callbacks/open-for/Support_247") >= 1
    assert transport.count("GET", "/callbacks/queue-status/Support_247") >= 1
    assert transport.count("GET", "/callbacks/availability/Support_247") >= 1


async def test_closed_office_warns_and_needs_a_confirm(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")
        await fill_scheduled(pilot, "+1 555 010 2020", "2026-11-25 20:00")
        text = warnings_text(app)
        assert "The office is closed at Wed 2026-11-25 20:00 EST (01:00 UTC)" in text
        assert "openFor = 0" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "The office is closed at Wed 2026-11-25 20:00 EST" in dialog_text(app)
        await pilot.press("n")  # declined: nothing is booked
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        assert "Not sent" in status_of(app)
        assert transport.count("POST", "/callbacks/create") == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
    ids = await created_ids(cb_env, "5550102020")
    made = await cb_env.admin.callbacks.retrieve(ids[0])
    assert made.desired_time == datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


async def test_scheduled_on_a_queue_without_scheduled_callbacks_warns(cb_env: PanelEnv) -> None:
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Billing_EU")
        await fill_scheduled(pilot, "+49 30 1234567", "2026-11-26 10:00")
        text = warnings_text(app)
        assert "The queue Billing_EU is not enabled for scheduled callbacks" in text
        assert "offerScheduledCallback = false" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "not enabled for scheduled callbacks" in dialog_text(app)


async def test_full_slot_warns_and_offers_free_slots_to_pick(cb_env: PanelEnv) -> None:
    await fill_sales_slot(cb_env, SALES_SLOT_UTC)
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")
        await fill_scheduled(pilot, "+1 555 030 4040", "2026-11-26 10:10")
        text = warnings_text(app)
        assert "The slot at Thu 2026-11-26 10:00 EST (15:00 UTC) is full (3 of 3 booked)" in text
        assert "Free slots near that time" in text
        labels = slot_labels(app)
        # The full slot is never offered; its neighbours are.
        assert not any("Thu 2026-11-26 10:00 EST" in label for label in labels)
        assert "Thu 2026-11-26 10:30 EST (15:30 UTC) 3 of 3 free" in labels
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "is full" in dialog_text(app)
        await pilot.press("n")
        await settle(pilot)
        # Pick the first free slot after the full one from the list (keyboard only).
        picker = app.screen.query_one("#slot-picker")
        picker.focus()
        await pilot.press("home")
        target = next(i for i, label in enumerate(labels) if "10:30 EST" in label)
        await pilot.press(*["down"] * target, "enter")
        await settle(pilot)
        assert app.screen.query_one("#f-time", Input).value == "2026-11-26 10:30"
        assert "all checks passed" in warnings_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)  # no warning left: no confirm
    ids = await created_ids(cb_env, "5550304040")
    made = await cb_env.admin.callbacks.retrieve(ids[0])
    assert made.desired_time == datetime(2026, 11, 26, 15, 30, tzinfo=UTC)


async def test_outside_immediate_offer_hours_warns(cb_env: PanelEnv) -> None:
    cb_env.clock.set(datetime(2026, 11, 25, 13, 30, tzinfo=UTC))  # 08:30 in New York
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")
        await type_text(pilot, "+1 555 050 6060")
        await pilot.press("enter")
        await settle(pilot)
        text = warnings_text(app)
        assert "Now is outside the Immediate Offer Hours" in text
        assert "immediateOfferHoursOpenFor = 0" in text
        # One warning, for the actual reason; the office is open (no "office hours end").
        assert "1 warning(s): booking needs a confirm" in text
        assert "office hours end" not in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "outside the Immediate Offer Hours" in dialog_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
    assert len(await created_ids(cb_env, "5550506060")) == 1


async def test_refuse_if_full_gets_429_and_shows_the_proposed_slots(cb_env: PanelEnv) -> None:
    await fill_sales_slot(cb_env, SALES_SLOT_UTC)
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")
        await fill_scheduled(pilot, "+1 555 070 8080", "2026-11-26 10:00")
        app.screen.query_one("#f-refuse").focus()
        await pilot.press("space")  # tick "Refuse if full"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # past the slot-full warning: the server decides
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        text = warnings_text(app)
        assert "Refused: the slot is full (HTTP 429)" in text
        assert "The server proposes these slots" in text
        assert "Thu 2026-11-26 10:30 EST (15:30 UTC) 3 free" in slot_labels(app)
        assert transport.count("POST", "/callbacks/create") == 1
        assert app.failures and app.failures[-1].action == "book callback"
        # The picker has the focus: enter picks the first proposal and re-checks it.
        await pilot.press("enter")
        await settle(pilot)
        picked = app.screen.query_one("#f-time", Input).value
        assert picked != "2026-11-26 10:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
    assert len(await created_ids(cb_env, "5550708080")) == 1


async def test_bad_input_is_highlighted_without_any_request(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")
        before = len(transport.requests)
        await type_text(pilot, "12ab")
        await pilot.press("tab", "right", "enter")  # scheduled
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "2026-11-24 10:00")  # yesterday in New York
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        assert screen.query_one("#f-phone").has_class("-invalid")
        assert screen.query_one("#f-time").has_class("-invalid")
        text = dialog_text(app)
        assert "Not a phone number: use 7 to 15 digits" in text
        assert "That time is in the past (now is 2026-11-25 14:00 UTC)" in text
        assert "nothing was sent" in text
        # The focus went to the first bad field (phone). Fix it; clear the zone: naive time.
        await pilot.pause()
        await type_text(pilot, "5550102020")
        await pilot.press("tab", "tab")  # RadioSet, then the date/time
        await type_text(pilot, "2026-11-26 10:00")
        await pilot.press("tab", "backspace")  # the zone is selected on focus: now empty
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#f-time").has_class("-invalid")
        assert not screen.query_one("#f-phone").has_class("-invalid")
        assert "This time has no time zone" in dialog_text(app)
        # Unparsable time (the focus is back on the time field).
        await type_text(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not a date/time: 'tomorrow'" in dialog_text(app)
        # A good time (ctrl+u clears the field) in an unknown zone.
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-11-26 10:00")
        await pilot.press("tab")
        await type_text(pilot, "Mars/Olympus")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#f-zone").has_class("-invalid")
        assert "Unknown time zone 'Mars/Olympus'" in dialog_text(app)
        assert len(transport.requests) == before  # nothing reached the server
        assert transport.count("POST", "/callbacks/create") == 0


async def test_server_400_is_shown_at_its_field(cb_env: PanelEnv) -> None:
    # Without the console API the service is free text, so only the server can refuse it.
    app, transport = cb_env.host(console_api=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        assert isinstance(app.screen.focused, Input)
        await type_text(pilot, "No_Such_Service")
        await pilot.press("tab")
        await type_text(pilot, "+1 555 090 1010")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The checks themselves failed (404): that is a warning, so a confirm comes first.
        assert isinstance(app.screen, ConfirmDialog)
        assert "Could not check open-for" in dialog_text(app)
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BookScreen)
        assert screen.query_one("#f-service").has_class("-invalid")
        text = dialog_text(app)
        assert "Server: serviceName: unknown callback service 'No_Such_Service'" in text
        assert transport.count("POST", "/callbacks/create") == 1


async def test_invalid_user_data_keys_are_a_warning_that_needs_the_confirm(
    cb_env: PanelEnv,
) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Support_247")
        await type_text(pilot, "+44 20 7946 0019")
        await tab_to(pilot, "#f-user-data")
        await type_text(pilot, "customerId=C42\n1abc=2")
        await pilot.press("ctrl+r")
        await settle(pilot)
        text = warnings_text(app)
        assert "1 warning(s): booking needs a confirm" in text
        assert "userData key(s) 1abc are not JS identifiers" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "userData key(s) 1abc are not JS identifiers" in dialog_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert transport.count("POST", "/callbacks/create") == 0
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
    ids = await created_ids(cb_env, "442079460019")
    made = await cb_env.admin.callbacks.retrieve(ids[0])
    assert made.user_data == {"customerId": "C42"}


async def test_availability_column_leaves_out_slots_already_started(cb_env: PanelEnv) -> None:
    cb_env.clock.set(datetime(2026, 11, 25, 14, 24, tzinfo=UTC))  # 09:24 in New York
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")  # immediate: checked at now
        box = text_of(app, "#pf-availability")
        assert "Wed 25 09:30" in box
        for started in ("Wed 25 08:00", "Wed 25 08:30", "Wed 25 09:00"):
            assert started not in box
        assert all(not label.startswith("Wed 2026-11-25 09:00") for label in slot_labels(app))
