"""The Tools section inside the real console shell (make_console): keys, roles, error path."""

from __future__ import annotations

from panel_harness import settle, static_text
from textual.widgets import Button

from screens.palette import binding_commands
from screens.tools import ToolsSection
from screens.tools.purge_mode_dialog import PurgeChoice
from screens.tools.purge_panel import PurgePanel


async def test_supervisor_refetches_and_is_refused_a_purge_mode_change(make_console) -> None:
    app = await make_console(role="Supervisor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")  # Tools; the shell focuses the first list (tenant settings)
        await settle(pilot)
        screen = app.screen
        assert screen.query_one(ToolsSection)
        await pilot.press("r")
        await settle(pilot)
        assert "No changes." in static_text(screen.query_one("#tenant-changes"))
        names = {command.name for command in binding_commands(app, screen)}
        assert "Refetch now" in names

        await pilot.press("alt+2")
        await settle(pilot)
        assert screen.query_one("#purge-mode", Button).disabled
        names = {command.name for command in binding_commands(app, screen)}
        assert {"Purge now", "Purge all"} <= names
        assert "Purge mode" not in names  # Administrator only
        # Forced past the disabled control: the central error path records the 403.
        screen.query_one(PurgePanel).set_purge_mode("Sales_US", PurgeChoice("off", None))
        await settle(pilot)
        record = app.last_errors[-1]
        assert record.http_status == 403
        assert record.kind == "forbidden"
        assert "refused by the server (403 Forbidden" in static_text(
            screen.query_one("#purge-status")
        )


async def test_agent_has_no_tools_section(make_console) -> None:
    app = await make_console(role="Agent")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert not app.screen.query(ToolsSection)
