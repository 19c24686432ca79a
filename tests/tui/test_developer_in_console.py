"""The Developer section inside the real console (shell, status bar, central error path)."""

from __future__ import annotations

from typing import Any

from panel_harness import screen_text, settle, wait_until
from textual.widgets import DataTable

from screens.developer import DeveloperSection
from screens.developer.errors_panel import ErrorsPanel

SIZE = (120, 40)


def errors_table(app: Any) -> DataTable[Any]:
    return app.main_screen.query_one("#errors-table", DataTable)


async def test_developer_section_works_in_the_console(
    make_console: Any, console_keys: dict[str, str]
) -> None:
    app = await make_console(role="Developer")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # the shell's section key
        await settle(pilot)
        await wait_until(pilot, lambda: bool(app.main_screen.query(ErrorsPanel)))
        await settle(pilot)
        table = errors_table(app)
        assert table.row_count > 0
        assert app.focused is table
        await pilot.press("c")
        first = str(table.get_row_at(0)[0])
        assert app.clipboard == first
        await pilot.press("enter")
        await settle(pilot)
        assert first in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        text = screen_text(app)
        for key in console_keys.values():
            assert key not in text
        assert app.is_running


async def test_sections_without_developer_role_do_not_mount_it(make_console: Any) -> None:
    app = await make_console(role="Supervisor")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.main_screen.query(DeveloperSection)
        assert app.is_running
