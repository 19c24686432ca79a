"""The Callbacks section inside the real console (shell, footer, central error path)."""

from __future__ import annotations

from typing import Any

from panel_harness import KEYS, footer_text, settle, text_of, type_text

from callback_tui.app import CallbackConsole
from client import CallbackClient, Secret
from screens.base import Session
from screens.callbacks import CallbacksSection
from screens.callbacks.book_form import BookScreen
from screens.callbacks.detail import CallbackDetailScreen
from screens.callbacks.ges_only import GesOnlyActions
from screens.callbacks.list_panel import CallbackTable
from screens.dialogs import PromptDialog

SIZE = (120, 40)


async def test_callbacks_tab_lists_and_books_in_the_console(make_console: Any) -> None:
    app = await make_console(role="Supervisor")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        section = app.main_screen.query_one(CallbacksSection)
        assert section.query_one(CallbackTable).row_count == 50
        assert "n Book" in footer_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main_screen


async def test_forced_agent_booking_reaches_the_central_error_path(make_console: Any) -> None:
    app = await make_console(role="Agent")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Read-only: your role (Agent)" in text_of(app, "#cb-note")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is app.main_screen  # no Book for an Agent
        app.push_screen(BookScreen(None))
        await settle(pilot)
        await type_text(pilot, "Support_247")
        await pilot.press("tab")
        await type_text(pilot, "5550101010")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "HTTP 403" in text_of(app, "#plan-status")
        record = app.last_errors[-1]
        assert (record.kind, record.http_status, record.action) == (
            "forbidden",
            403,
            "book callback",
        )


async def test_without_the_console_api_book_and_open_by_id_take_their_keys(
    emulator: Any, clock: Any, pin_console_clock: Any
) -> None:
    """The list is hidden there; the section must still hold the focus, or n and g never
    reach it (and the footer would not show them)."""
    pin_console_clock(clock, None)
    client = CallbackClient.for_asgi(emulator, Secret(KEYS["Administrator"]), max_retries=0)
    session = Session(
        profile="test", base_url="http://127.0.0.1", key_source="test key", console_api=False
    )
    some = (await client.callbacks.list(limit=1)).items[0]
    app = CallbackConsole(client, session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, GesOnlyActions)
        footer = footer_text(app)
        assert "n Book" in footer and "g Open by ID" in footer
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await type_text(pilot, some.id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackDetailScreen)
        assert f"State {some.callback_state}" in text_of(app, "#detail-body")
        await pilot.press("escape")
        await settle(pilot)
        # The menu works with enter too: the second entry opens by ID.
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
    await client.aclose()
