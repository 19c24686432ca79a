"""The Tools section inside the real console shell (make_console): keys, roles, error path."""

from __future__ import annotations

from datetime import timedelta

from panel_harness import footer_text, settle, static_text
from textual.widgets import Button

from screens.tools import ToolsSection
from screens.tools.purge_mode_dialog import PurgeChoice
from screens.tools.purge_panel import PurgePanel


async def test_supervisor_refetches_and_is_refused_a_purge_mode_change(make_console) -> None:
    app = await make_console(role="Supervisor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")  # Tools; the keys go into the tenant panel at once
        await settle(pilot)
        screen = app.screen
        assert screen.query_one(ToolsSection)
        assert "r Refetch now" in footer_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert "No changes." in static_text(screen.query_one("#tenant-changes"))

        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.query_one("#purge-mode", Button).disabled
        footer = footer_text(app)
        assert "p Purge now" in footer and "P Purge all" in footer
        assert "Purge mode" not in footer  # Administrator only
        # Forced past the disabled control: the central error path records the 403.
        screen.query_one(PurgePanel).set_purge_mode("Sales_US", PurgeChoice("off", None))
        await settle(pilot)
        record = app.last_errors[-1]
        assert record.http_status == 403
        assert record.kind == "forbidden"
        assert "refused by the server (403 Forbidden" in static_text(
            screen.query_one("#purge-status")
        )


async def test_refetch_updates_the_status_bar_age(make_console, clock) -> None:
    app = await make_console(role="Administrator")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        before = app.main_screen.status_bar.info.tenant_refreshed
        clock.advance(timedelta(minutes=7))
        await pilot.press("r")
        await settle(pilot)
        after = app.main_screen.status_bar.info.tenant_refreshed
        assert before is not None and after == clock.now()
        assert after - before == timedelta(minutes=7)


async def test_agent_has_no_tools_section(make_console) -> None:
    app = await make_console(role="Agent")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert not app.screen.query(ToolsSection)
