"""Cancel and reschedule from the list, and the Agent's read-only view."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from panel_harness import (
    PanelEnv,
    footer_text,
    screen_text,
    settle,
    text_of,
    type_text,
)
from textual.widgets import Button, Footer, Input

from client import PermissionDeniedError
from screens.callbacks.book_form import BookScreen
from screens.callbacks.detail import CallbackDetailScreen
from screens.callbacks.list_panel import CallbackTable
from screens.callbacks.reschedule import RescheduleScreen
from screens.dialogs import ConfirmDialog

NEW_YORK = ZoneInfo("America/New_York")


async def show_scheduled(pilot: object, service: str) -> None:
    """Filter the list to SCHEDULED callbacks of `service`, focus the results."""
    await pilot.press("slash", "shift+tab", "enter")  # type: ignore[attr-defined]
    await type_text(pilot, "SCHEDULED")  # type: ignore[arg-type]
    await pilot.press("enter", "shift+tab", "enter")  # type: ignore[attr-defined]
    await type_text(pilot, service)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("escape")  # type: ignore[attr-defined]


async def test_cancel_asks_first_then_completes_the_callback(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show_scheduled(pilot, "Sales_US")
        target = app.query_one(CallbackTable).selected_id
        assert target is not None
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert f"Cancel callback {target}" in text_of(app, "Static")
        # The two answers say what they do: no ambiguous "Cancel" next to "Cancel callback".
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert labels == ["Keep callback (n)", "Cancel callback (y)"]
        await pilot.press("n")  # changed my mind: nothing is sent
        await settle(pilot)
        assert transport.count("POST", "/callbacks/cancel") == 0
        await pilot.press("delete", "y")
        await settle(pilot)
        assert f"Cancelled callback {target}: now COMPLETED / CANCELLED" in text_of(
            app, "#cb-result"
        )
    after = await cb_env.admin.callbacks.retrieve(target)
    assert (after.callback_state, after.callback_reason) == ("COMPLETED", "CANCELLED")


async def test_reschedule_with_preflight_moves_the_desired_time(cb_env: PanelEnv) -> None:
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show_scheduled(pilot, "Sales_US")
        target = app.query_one(CallbackTable).selected_id
        assert target is not None
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, RescheduleScreen)
        # The time field has the focus; the zone is the service's.
        assert app.screen.query_one("#f-zone", Input).value == "America/New_York"
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-11-27 22:00")  # Friday night: closed
        await pilot.press("enter")
        await settle(pilot)
        warnings = text_of(app, "WarningList Static")
        assert "The office is closed at Fri 2026-11-27 22:00 EST" in warnings
        # Worded for a reschedule: it does not go through /callbacks/create.
        assert "/callbacks/reschedule moves the callback there anyway" in warnings
        assert "/callbacks/create" not in warnings
        assert "rescheduling needs a confirm" in warnings
        # Pick the first free slot offered instead (keyboard: tab to the picker, enter).
        picker = app.screen.query_one("#slot-picker")
        while app.focused is not picker:
            await pilot.press("tab")
        await pilot.press("enter")
        await settle(pilot)
        picked = app.screen.query_one("#f-time", Input).value
        assert "all checks passed" in text_of(app, "WarningList Static")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, RescheduleScreen)
        assert f"Rescheduled callback {target} to {picked} EST" in text_of(app, "#cb-result")
    after = await cb_env.admin.callbacks.retrieve(target)
    wanted = datetime.strptime(picked, "%Y-%m-%d %H:%M").replace(tzinfo=NEW_YORK)
    assert after.desired_time == wanted.astimezone(UTC)
    assert after.callback_state == "SCHEDULED"


async def test_agent_is_read_only_and_a_forced_booking_shows_the_403(cb_env: PanelEnv) -> None:
    app, transport = cb_env.host("Agent")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Read-only: your role (Agent)" in text_of(app, "#cb-note")
        footer = footer_text(app)
        assert "Copy ID" in footer and "Open by ID" in footer  # reading is allowed
        assert "Book" not in footer and "Cancel" not in footer and "Reschedule" not in footer
        await pilot.press("n", "b", "x", "s")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]  # nothing opened
        # The detail has no cancel/reschedule for an Agent either.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackDetailScreen)
        assert "Copy ID" in detail_footer(app) and "Cancel" not in detail_footer(app)
        await pilot.press("escape")
        # Forced: the form opened anyway (e.g. a stale keymap); the server still refuses.
        app.push_screen(BookScreen(None))
        await settle(pilot)
        await type_text(pilot, "Support_247")
        await pilot.press("tab")
        await type_text(pilot, "5550101010")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        status = text_of(app, "#plan-status")
        assert "Refused by the server (HTTP 403): role Agent may not use POST" in status
        assert isinstance(app.failures[-1].error, PermissionDeniedError)
        assert transport.count("POST", "/callbacks/create") == 1


def detail_footer(app: object) -> str:
    """The key line of the detail dialog (its own Footer, not the screen's last line)."""
    footer = app.screen.query_one(Footer)  # type: ignore[attr-defined]
    return screen_text(app).splitlines()[footer.region.y]  # type: ignore[arg-type]


async def open_detail_of(pilot: object, state: str, service: str) -> str:
    """Filter the list to `state` callbacks of `service`, open the first one's detail."""
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press("slash", "shift+tab", "enter")  # type: ignore[attr-defined]
    await type_text(pilot, state)  # type: ignore[arg-type]
    await pilot.press("enter", "shift+tab", "enter")  # type: ignore[attr-defined]
    await type_text(pilot, service)  # type: ignore[arg-type]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("escape", "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, CallbackDetailScreen)
    return app.screen.callback_id


async def test_queued_without_agents_says_the_wait_is_unknown(cb_env: PanelEnv) -> None:
    """GES sends estimatedWaitTime -1 when no agent is logged in (Tech_APAC at night)."""
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        callback_id = await open_detail_of(pilot, "QUEUED", "Tech_APAC")
        assert (await cb_env.admin.callbacks.retrieve(callback_id)).estimated_wait_time == -1
        body = text_of(app, "#detail-body")
        assert "estimated wait unknown — no agents logged in" in body
        assert "-1 s" not in body


async def test_detail_offers_cancel_and_reschedule_only_where_they_apply(
    cb_env: PanelEnv,
) -> None:
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_detail_of(pilot, "SCHEDULED", "Sales_US")
        footer = detail_footer(app)
        assert "Close" in footer  # the dialog's own key line
        assert "Cancel callback" in footer and "Reschedule" in footer
        await pilot.press("escape")
        await settle(pilot)
        await open_detail_of(pilot, "COMPLETED", "Sales_US")
        footer = detail_footer(app)
        assert "Copy ID" in footer
        assert "Cancel callback" not in footer and "Reschedule" not in footer
        await pilot.press("x", "s")  # hidden means inactive, too
        await settle(pilot)
        assert isinstance(app.screen, CallbackDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        # A load that fails (no such callback): nothing to act on.
        await pilot.press("g")
        await type_text(pilot, "00000000-0000-4000-8000-000000000000")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallbackDetailScreen)
        assert "Could not load it" in text_of(app, "#detail-body")
        footer = detail_footer(app)
        assert "Cancel callback" not in footer and "Reschedule" not in footer
