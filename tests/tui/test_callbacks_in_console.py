"""The Callbacks section inside the real console (shell, footer, central error path)."""

from __future__ import annotations

from typing import Any

from panel_harness import footer_text, settle, text_of, type_text

from screens.callbacks import CallbacksSection
from screens.callbacks.book_form import BookScreen
from screens.callbacks.list_panel import CallbackTable

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
