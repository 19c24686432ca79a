"""Tools tab keys in the real console shell: `[` / `]` between tools, footer hints, and the
keys go into the shown tool as soon as it is shown (no Tab needed), never into a hidden one."""

from __future__ import annotations

from panel_harness import footer_text, rich_rows, settle, static_text
from textual.widgets import TabbedContent

from screens.tools import ToolsSection
from screens.tools.purge_panel import PurgePanel
from screens.tools.service_check import ServiceCheck
from screens.tools.tenant_panel import TenantPanel


def _active_tool(app) -> str:
    return app.screen.query_one("#tools-tabs", TabbedContent).active


def _focus_in(app, panel_type) -> bool:
    focused = app.focused
    return focused is not None and any(isinstance(n, panel_type) for n in focused.ancestors)


async def test_brackets_step_through_the_tools_and_the_footer_says_so(make_console) -> None:
    app = await make_console(role="Administrator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        footer = footer_text(app)
        assert "[ ] Tool" in footer
        assert "r Refetch now" in footer  # the tenant panel's key, at once
        assert _focus_in(app, TenantPanel)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert _active_tool(app) == "tools-purge"
        assert _focus_in(app, PurgePanel)
        assert "p Purge now" in footer_text(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert _active_tool(app) == "tools-check"  # wraps around
        assert _focus_in(app, ServiceCheck)
        assert "^r Run check" in footer_text(app)
        assert "^l Clear start" in footer_text(app)


async def test_returning_to_tools_puts_the_keys_into_the_shown_tool(make_console) -> None:
    """The QA case: Service check has no list, so the shell's first-list rule focused the
    inner tab strip and ctrl+r did nothing until Tab."""
    app = await make_console(role="Administrator")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "left_square_bracket")  # Service check
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert _focus_in(app, ServiceCheck)
        await pilot.press("ctrl+r")  # straight away: Run check
        await settle(pilot)
        assert "openFor" in rich_rows(app.screen.query_one("#check-openfor"))


async def test_a_tool_loading_in_a_hidden_section_does_not_take_the_focus(make_console) -> None:
    app = await make_console(role="Administrator")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "right_square_bracket", "1")  # leave before Purging is built
        await settle(pilot)
        assert app.main_screen.active_section_key() == "callbacks"
        assert not _focus_in(app, ToolsSection)
        assert app.screen.query_one(PurgePanel)  # it was built meanwhile


async def test_alt_digits_still_work_where_the_terminal_sends_them(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("alt+3")
        await settle(pilot)
        assert _active_tool(app) == "tools-settings"
        assert static_text(app.query_one("#settings-explain"))
