"""The console shell: the palette lists every section's action, the status bar's age and
width, and the app keys (ctrl+e from text fields, no bare-q quit from forms)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from shell_helpers import SIZE, palette_options, settle
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList, TabbedContent

from callback_tui.app import CallbackConsole
from callback_tui.mock.clock import FixedClock
from screens.dialogs import PromptDialog
from screens.last_errors import LastErrorsScreen
from screens.main_screen import MainScreen
from screens.status_bar import StatusBar, StatusInfo, TenantRefreshed


def shown_status(app: CallbackConsole) -> str:
    """What the status bar shows now (its last render, not a fresh computation)."""
    return str(app.main_screen.query_one(StatusBar).content)


async def test_tenant_config_age_rerenders_on_its_own(
    make_console: Any, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing else changes on screen, yet the shown age follows the clock (a timer)."""
    monkeypatch.setattr(StatusBar, "AGE_REFRESH_S", 0.05)
    app = await make_console(role="Administrator")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: "tenant cfg 0s ago" in shown_status(app))
        clock.advance(timedelta(minutes=8))
        await settle(pilot, lambda: "tenant cfg 8m ago" in shown_status(app), tries=400)


async def test_a_tenant_refetch_resets_the_status_bar_age(
    make_console: Any, clock: FixedClock
) -> None:
    app = await make_console(role="Administrator")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: "tenant cfg 0s ago" in shown_status(app))
        clock.advance(timedelta(minutes=20))
        refetched_at = clock.now() - timedelta(seconds=5)
        # What the Tools tab's tenant panel posts after a (re)fetch; it bubbles to the App.
        app.main_screen.status_bar.post_message(TenantRefreshed(refetched_at))
        await settle(pilot, lambda: "tenant cfg 5s ago" in shown_status(app))


def test_status_bar_keeps_health_role_tenant_and_ges_at_80_columns(
    clock: FixedClock, pin_console_clock: Any
) -> None:
    pin_console_clock(clock, None)
    info = StatusInfo(
        profile="mock",
        base_url="http://127.0.0.1:45678",
        role="Administrator",
        key_source="mock demo key",
        health="ok",
        tenant_refreshed=clock.now() - timedelta(minutes=12),
        ges_version="9.0.100.07",
    )
    bar = StatusBar(info)
    full = bar.render_text(width=200).plain
    assert full == (
        "mock │ http://127.0.0.1:45678 │ Administrator │ online │ key: mock demo key │ "
        "tenant cfg 12m ago │ GES 9.0.100.07"
    )
    narrow = bar.render_text(width=78).plain
    assert len(narrow) <= 78
    for must in ("Administrator", "online", "cfg 12m", "GES 9.0.100.07", "127.0.0.1:45678"):
        assert must in narrow
    tiny = bar.render_text(width=30).plain
    assert tiny.startswith("Administrator │ online")


def test_status_bar_abbreviates_a_long_key_source_before_cutting_ges(
    clock: FixedClock, pin_console_clock: Any
) -> None:
    pin_console_clock(clock, None)
    info = StatusInfo(
        profile="lab",
        base_url="http://127.0.0.1:45678",
        role="Supervisor",
        key_source="prompt (in memory, this session only)",
        health="ok",
        tenant_refreshed=clock.now(),
        ges_version="9.0.100.07",
    )
    text = StatusBar(info).render_text(width=118).plain
    assert "key: prompt, memory" in text and text.endswith("GES 9.0.100.07")
    assert "http://127.0.0.1:45678" in text  # only what is needed is shortened


async def test_status_bar_at_80_columns_in_the_console(make_console: Any) -> None:
    app = await make_console(role="Administrator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "cfg 0s" in shown_status(app))
        shown = shown_status(app)
        assert "Administrator │ online" in shown and "GES " in shown
        assert "…" not in shown


async def choose_in_palette(
    app: CallbackConsole, pilot: Any, query: str, name: str, *, also_listed: str = ""
) -> None:
    """Open the palette, type `query`, move to the option called `name` and run it."""
    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*query)
    await settle(pilot, lambda: any(o.startswith(name) for o in palette_options(app)))
    assert any(o.startswith(also_listed) for o in palette_options(app))
    index = next(i for i, o in enumerate(palette_options(app)) if o.startswith(name))
    command_list = app.screen.query_one("CommandList", OptionList)
    command_list.highlighted = index
    await pilot.press("enter")


async def test_palette_lists_every_sections_actions_from_callbacks(make_console: Any) -> None:
    """From Callbacks, a Tools or Developer action is found by name and runs in its tab."""
    app = await make_console()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        assert app.main_screen.active_section_key() == "callbacks"
        # Developer's Errors panel is not built yet: the palette switches, waits, then exports.
        assert not app.query("ErrorsPanel")
        await choose_in_palette(app, pilot, "export csv", "Developer: Errors — Export")
        await settle(pilot, lambda: isinstance(app.screen, PromptDialog), tries=300)
        assert app.main_screen.active_section_key() == "developer"
        assert "as CSV to" in app.screen.query_one(".title").render().plain
        await pilot.press("escape")

        await choose_in_palette(
            app,
            pilot,
            "service check",
            "Go to Tools: Service check",
            also_listed="Tools: Service check — Run check",
        )
        await settle(pilot, lambda: app.query("ServiceCheck"), tries=300)
        for _ in range(10):  # and it stays there once the Tools section has settled
            await pilot.pause()
        tools_tabs = app.main_screen.query_one("#tools-tabs", TabbedContent)
        assert app.main_screen.active_section_key() == "tools"
        assert tools_tabs.active == "tools-check"


@pytest.mark.parametrize(
    ("role", "absent"),
    [("Supervisor", "Developer:"), ("Agent", "Tools:"), ("Agent", "Developer:")],
)
async def test_palette_keeps_role_gating(make_console: Any, role: str, absent: str) -> None:
    app = await make_console(role=role)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        names = [c.name for c in app.palette_commands()]
        assert any(name.startswith("Callbacks: ") for name in names)
        assert not [name for name in names if name.startswith(absent)]
        if role == "Agent":  # read-only: no booking offered
            assert "Callbacks: Book" not in names


def test_every_catalogued_panel_exists_and_has_actions() -> None:
    """The palette's catalogue names real classes (a renamed panel would drop its actions)."""
    from screens.palette import PANEL_CATALOGUE, _class_bindings

    for entry in PANEL_CATALOGUE:
        panel_class = entry.panel_class()
        assert panel_class is not None, entry
        assert [b for b in _class_bindings(panel_class) if b.description], entry


async def test_ctrl_e_opens_last_errors_from_a_text_field(make_console: Any) -> None:
    """Input binds ctrl+e to end-of-line; the toasts say ctrl+e, so it must work there too."""
    app = await make_console()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        field = Input(id="scratch")
        await app.main_screen.mount(field)
        field.focus()
        await pilot.press(*"ab!", "home", "end")
        assert field.value == "ab!"  # `!` is typed, not taken as "last errors"
        assert field.cursor_position == 3  # end still moves to the end of the line
        await pilot.press("ctrl+e")
        await settle(pilot, lambda: isinstance(app.screen, LastErrorsScreen))


async def test_bare_q_never_quits_from_setup_or_dialogs_but_ctrl_q_does(
    make_console: Any,
) -> None:
    from screens.setup import SetupScreen

    app = await make_console()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        app.push_screen(SetupScreen())
        await settle(pilot, lambda: isinstance(app.screen, SetupScreen))
        for target in ("#verify", "#test", "#cancel"):
            app.screen.query_one(target).focus()
            await pilot.press("q")
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, SetupScreen), target
        app.pop_screen()
        await settle(pilot, lambda: isinstance(app.screen, MainScreen))

        app.push_screen(PromptDialog("Path"))
        await settle(pilot, lambda: isinstance(app.screen, PromptDialog))
        app.screen.query_one("#cancel").focus()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, PromptDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_bare_q_quits_from_a_list_on_the_main_screen(make_console: Any) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.focused, DataTable))
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_help_says_ctrl_e_opens_last_errors_from_text_fields_too(make_console: Any) -> None:
    from rich.console import Console

    app = await make_console()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        app.set_focus(None)
        await pilot.press("question_mark")
        await settle(pilot, lambda: app.screen.query("BindingsTable"))
        table = app.screen.query_one("BindingsTable").render()
        console = Console(record=True, width=200, file=io.StringIO())
        console.print(table)
        text = " ".join(console.export_text().split())
        assert "^e ! Last errors" in text
        assert "ctrl+e works in text fields too, ! outside them" in text
