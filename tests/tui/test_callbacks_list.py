"""The callback list: server pages, filters, detail with history, open by ID, GES-only backend."""

from __future__ import annotations

from datetime import UTC, datetime

from panel_harness import (
    PanelEnv,
    footer_text,
    settle,
    text_of,
    type_text,
)
from textual.widgets import DataTable, Input

from screens.callbacks.detail import CallbackDetailScreen
from screens.callbacks.list_panel import CallbackTable
from screens.callbacks.lookup import resolve_callback_id
from screens.dialogs import PromptDialog


def rows(app: object) -> list[list[str]]:
    table = app.query_one(CallbackTable)  # type: ignore[attr-defined]
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def headers(app: object) -> list[str]:
    return [str(c.label) for c in app.query_one(DataTable).columns.values()]  # type: ignore[attr-defined]


def column(app: object, name: str) -> list[str]:
    index = headers(app).index(name)
    return [row[index] for row in rows(app)]


async def choose(pilot: object, value: str) -> None:
    """In a focused Select: open, type to search, pick."""
    await pilot.press("enter")  # type: ignore[attr-defined]
    await type_text(pilot, value)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_pages_come_from_the_server_and_filters_narrow_them(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(rows(app)) == 50
        assert "Page 1: 50 callback(s), all callbacks. ] next page" in text_of(app, "#cb-status")
        first_page = column(app, "ID")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "Page 2" in text_of(app, "#cb-status")
        assert set(column(app, "ID")).isdisjoint(first_page)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert column(app, "ID") == first_page
        # One request per page shown: first, next, previous.
        assert transport.count("GET", "/console/v1/callbacks") == 3

        # State filter: "/" focuses the phone filter; the state Select is one to the left.
        await pilot.press("slash", "shift+tab")
        await choose(pilot, "COMPLETED")
        states = column(app, "State")
        assert states and set(states) == {"COMPLETED"}
        assert all(column(app, "Reason"))  # a completed callback always shows its reason
        expected = await cb_env.admin.callbacks.list(state="COMPLETED", limit=50)
        assert len(states) == len(expected.items)

        # Service filter on top of it.
        await pilot.press("shift+tab")
        await choose(pilot, "Tech_APAC")
        assert set(column(app, "Service")) == {"Tech_APAC"}
        assert "service Tech_APAC, state COMPLETED" in text_of(app, "#cb-status")


async def test_phone_and_time_range_filters(cb_env: PanelEnv) -> None:
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        phones = column(app, "Phone")
        digits = phones[0][-4:]
        await pilot.press("slash")
        await type_text(pilot, digits)
        await pilot.press("enter")
        await settle(pilot)
        shown = column(app, "Phone")
        assert shown and all(digits in p for p in shown)
        # Clear the phone; desired time from Thu 00:00 to Fri 00:00 UTC.
        await pilot.press("escape", "slash", "backspace", "tab")
        await type_text(pilot, "2026-11-26")
        await pilot.press("tab")
        await type_text(pilot, "2026-11-27")
        await pilot.press("enter")
        await settle(pilot)
        page = await cb_env.admin.callbacks.list(
            from_=datetime(2026, 11, 26, tzinfo=UTC), to=datetime(2026, 11, 27, tzinfo=UTC)
        )
        assert sorted(column(app, "ID")) == sorted(c.id[:8] for c in page.items)
        # A bad bound is flagged on its field; nothing else changes.
        await pilot.press("escape", "slash", "tab", "tab")
        await type_text(pilot, "someday")
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#q-to").has_class("-invalid")
        assert "Not a date/time: 'someday'" in text_of(app, "#cb-status")


async def test_detail_shows_history_user_data_and_copies_the_id(cb_env: PanelEnv) -> None:
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "shift+tab")
        await choose(pilot, "COMPLETED")
        await pilot.press("escape")  # from the filters to the results
        full_id = app.query_one(CallbackTable).selected_id
        assert full_id is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackDetailScreen)
        body = text_of(app, "#detail-body")
        detail = await cb_env.admin.callbacks.get(full_id)
        assert f"ID {full_id}" in body
        assert f"Completion reason {detail.callback_reason}" in body
        assert "State history" in body
        assert detail.history
        for entry in detail.history:
            assert entry.state in body
        assert f"customerId = {detail.user_data['customerId']}" in body
        # Desired time in the service zone and in UTC.
        assert f"{detail.desired_time:%Y-%m-%d %H:%M:%S} UTC" in body
        await pilot.press("c")
        assert app.clipboard == full_id
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CallbackDetailScreen)
        await pilot.press("y")  # copy from the list too
        assert app.clipboard == full_id


async def test_open_by_id_shows_position_and_wait_while_queued(cb_env: PanelEnv) -> None:
    queued = await cb_env.admin.callbacks.list(state="QUEUED", limit=1)
    item = queued.items[0]
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await type_text(pilot, item.id)
        await pilot.press("enter")
        await settle(pilot)
        body = text_of(app, "#detail-body")
        assert "State QUEUED" in body
        assert f"In queue position {item.position_in_queue}, estimated wait" in body


async def test_without_the_console_api_the_list_says_so_and_retrieve_works(
    cb_env: PanelEnv,
) -> None:
    some = (await cb_env.admin.callbacks.list(limit=1)).items[0]
    app, transport = cb_env.host(console_api=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "The callback list is not available on this backend" in text_of(app, "NotAvailable")
        assert "Book (n) and open a callback by ID (g) work" in text_of(app, "#cb-note")
        assert transport.count("GET", "/console/v1/") == 0
        await pilot.press("g")
        await type_text(pilot, some.id)
        await pilot.press("enter")
        await settle(pilot)
        body = text_of(app, "#detail-body")
        assert f"State {some.callback_state}" in body
        assert "State history needs the console API" in body
        assert transport.count("POST", "/engagement/v3/callbacks/retrieve") == 1


async def test_enter_in_a_filter_keeps_the_focus_there(cb_env: PanelEnv) -> None:
    """Typing after enter is more filter text, never a section key (b would open Book)."""
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        phone = app.query_one("#q-phone", Input)
        await pilot.press("slash")
        await type_text(pilot, "555")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is phone
        # The field with the focus stands out from the other filters.
        assert phone.styles.background != app.query_one("#q-from").styles.background
        assert "phone contains 555" in text_of(app, "#cb-status")
        assert "Results" in footer_text(app)  # the way out is shown
        await pilot.press("b", "n")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]  # no Book form
        assert phone.value == "555bn"
        await pilot.press("down")
        assert app.focused is app.query_one(CallbackTable)


async def test_a_date_range_backwards_is_refused_at_the_to_field(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = transport.count("GET", "/console/v1/callbacks")
        await pilot.press("slash", "tab")
        await type_text(pilot, "2026-11-27")
        await pilot.press("tab")
        await type_text(pilot, "2026-11-26")
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one("#q-to").has_class("-invalid")
        assert not app.query_one("#q-from").has_class("-invalid")
        assert (
            "'to' 2026-11-26 00:00 is before 'from' 2026-11-27 00:00 (UTC): swap them."
            in text_of(app, "#cb-status")
        )
        assert transport.count("GET", "/console/v1/callbacks") == before  # nothing asked
        assert app.focused is app.query_one("#q-to")


async def test_agent_times_are_labelled_utc_and_admin_times_service_zone(
    cb_env: PanelEnv,
) -> None:
    """An Agent may not read the services (their zones): the column says UTC, truthfully."""
    app, _ = cb_env.host("Agent")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Desired time (UTC)" in headers(app)
        assert all(t.endswith(" UTC") for t in column(app, "Desired time (UTC)"))
        assert "times are shown in UTC" in text_of(app, "#cb-note")
    app, _ = cb_env.host("Administrator")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Desired time (service zone)" in headers(app)
        assert not any(t.endswith(" UTC") for t in column(app, "Desired time (service zone)"))


async def test_open_by_short_id_resolves_it_on_the_page(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one(CallbackTable)
        full = table.ids[3]
        assert column(app, "ID")[3] == full[:8]
        await pilot.press("g")
        assert isinstance(app.screen, PromptDialog)
        await type_text(pilot, full[:8])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackDetailScreen)
        assert f"ID {full}" in text_of(app, "#detail-body")
        await pilot.press("escape")
        await settle(pilot)
        # A short ID that is on no row of the page: said here, nothing sent.
        missing = next(
            p
            for p in ("0000", "ffff", "1234", "abcd")
            if not any(i.startswith(p) for i in table.ids)
        )
        sent = len(transport.requests)
        await pilot.press("g")
        await type_text(pilot, missing)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        assert "paste the full ID" in text_of(app, "#cb-status")
        assert len(transport.requests) == sent


def test_short_id_lookup_rules() -> None:
    page = ["5eec1717-574b-467f-86a5-b24845ccd18b", "5eec2222-574b-467f-86a5-b24845ccd18b"]
    assert resolve_callback_id(" 5EEC1717 ", page).callback_id == page[0]
    assert resolve_callback_id(page[1].upper(), []).callback_id == page[1]  # full: as is
    assert "2 callbacks on this page start with 5eec" in (
        resolve_callback_id("5eec", page).problem or ""
    )
    assert "paste the whole UUID" in (resolve_callback_id("5eec1717", None).problem or "")
    assert "not a callback ID" in (resolve_callback_id("hello", page).problem or "")
