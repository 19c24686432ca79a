"""The console shell: role gating, the central error path, last errors, help, palette, keymap."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from shell_helpers import SIZE, palette_options, settle, status, toasts
from textual.command import CommandPalette
from textual.widgets import DataTable, HelpPanel, TabbedContent

from callback_tui import app as app_module
from callback_tui.app import CallbackConsole
from callback_tui.config import Config
from callback_tui.mock.clock import FixedClock
from client import ApiError, CallbackClient, Secret
from screens.base import ApiFailed
from screens.dialogs import TextDialog
from screens.last_errors import LastErrorsScreen
from screens.main_screen import MainScreen, SectionFailed
from screens.status_bar import StatusBar


def tab_ids(app: CallbackConsole) -> list[str]:
    tabs = app.main_screen.query_one("#sections", TabbedContent)
    return [pane.id or "" for pane in tabs.query("#sections > ContentSwitcher > TabPane")]


class Switchable(httpx.AsyncBaseTransport):
    """The emulator over ASGI, which a test can take down (connect errors)."""

    def __init__(self, asgi: Any) -> None:
        self.inner = httpx.ASGITransport(app=asgi)
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Administrator", ["callbacks", "developer", "tools"]),
        ("Supervisor", ["callbacks", "tools"]),
        ("Developer", ["callbacks", "developer", "tools"]),
        ("Agent", ["callbacks"]),
    ],
)
async def test_role_gating_hides_sections(
    make_console: Any, role: str, expected: list[str]
) -> None:
    app = await make_console(role=role)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        assert tab_ids(app) == expected
        assert f"│ {role} │" in status(app)
        # A hidden section is not mounted at all (no widget to reach by query or keys);
        # a visible one is built when its tab is first shown.
        assert app.query("CallbacksSection")
        for key, widget in (("developer", "DeveloperSection"), ("tools", "ToolsSection")):
            assert app.main_screen.switch_to(key) == (key in expected)
            await pilot.pause()
            assert bool(app.query(widget)) == (key in expected)


async def test_tenant_config_age_is_measured_on_the_consoles_clock(
    make_console: Any, clock: FixedClock
) -> None:
    """The emulator's clock is pinned days from the wall clock; the age must not say "1d ago"."""
    app = await make_console(role="Administrator")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: "tenant cfg" in status(app))
        assert "tenant cfg 0s ago" in status(app)
        clock.advance(timedelta(minutes=12))
        app.main_screen.query_one(StatusBar).update_info()
        assert "tenant cfg 12m ago" in status(app)


async def test_agent_pressing_a_hidden_section_key_is_told_not_crashed(make_console: Any) -> None:
    app = await make_console(role="Agent")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        app.set_focus(None)
        await pilot.press("2")
        await settle(pilot, lambda: toasts(app))
        assert "The Developer section is not available for role Agent." in toasts(app)
        assert app.main_screen.active_section_key() == "callbacks"


async def test_section_keys_switch_tabs(make_console: Any) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        for key, section in (("3", "tools"), ("2", "developer"), ("1", "callbacks")):
            app.set_focus(None)
            await pilot.press(key)
            await pilot.pause()
            assert app.main_screen.active_section_key() == section


async def test_api_error_becomes_toast_and_last_error_with_copyable_id(
    make_console: Any,
) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        with pytest.raises(ApiError) as caught:
            await app.client.callbacks.retrieve("no-such-callback")
        error = caught.value
        app.main_screen.query_one(StatusBar).post_message(ApiFailed(error, "Retrieve callback"))
        await settle(pilot, lambda: toasts(app))
        (text,) = toasts(app)
        assert "Retrieve callback failed" in text
        assert f"GES {error.code} (HTTP {error.http_status})" in text
        assert error.message in text
        assert f"Correlation ID: {error.correlation_id}" in text

        await pilot.press("ctrl+e")
        await settle(pilot, lambda: isinstance(app.screen, LastErrorsScreen))
        table = app.screen.query_one(DataTable)
        row = table.get_row_at(0)
        assert str(row[1]) == "Retrieve callback" and row[2] == str(error.http_status)
        assert row[3] == str(error.code) and str(row[4]) == error.correlation_id

        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == error.correlation_id
        assert any(f"Correlation ID copied: {error.correlation_id}" in t for t in toasts(app))

        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, TextDialog))
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_server_text_is_escaped_in_toasts(make_console: Any) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        error = ApiError(500, 50001, "broken [/red] text [b] url ?key=[REDACTED]", "[i]corr[/i]")
        app.main_screen.query_one(StatusBar).post_message(ApiFailed(error, "Act [x]"))
        await settle(pilot, lambda: toasts(app))
        (text,) = toasts(app)
        assert "Act [x] failed" in text
        assert "broken [/red] text [b] url ?key=[REDACTED]" in text
        assert "Correlation ID: [i]corr[/i]" in text


async def test_forbidden_is_shown_as_not_allowed_for_role(make_console: Any) -> None:
    app = await make_console(role="Agent")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)

        async def read_tenant() -> None:
            await app.client.tenant.get()

        app.run_worker(read_tenant(), exit_on_error=False, description="Read tenant")
        await settle(pilot, lambda: toasts(app))
        (text,) = toasts(app)
        assert text.startswith("Not allowed for role Agent")
        assert "GES 40300 (HTTP 403)" in text
        assert app.is_running
        assert app.last_errors[-1].kind == "forbidden"


async def test_backend_down_mid_session_then_back(
    make_console: Any, emulator: Any, console_keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "PROBE_BACKOFF_S", (0.05,))
    transport = Switchable(emulator)
    client = CallbackClient(
        "http://127.0.0.1",
        Secret(console_keys["Administrator"]),
        transport=transport,
        max_retries=0,
    )
    app = await make_console(client=client)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        transport.down = True

        async def call() -> None:
            await app.client.me()

        app.run_worker(call(), exit_on_error=False, description="Load callbacks")
        await settle(pilot, lambda: "CONNECTION LOST" in status(app))
        text = toasts(app)[0]
        assert (
            "Backend unreachable — no correlation ID (the request did not reach the server)" in text
        )
        assert app.last_errors[-1].correlation_id is None
        assert app.is_running

        transport.down = False
        await settle(pilot, lambda: "online" in status(app), tries=200)
        assert any("Connection to the backend restored." in t for t in toasts(app))
    await client.aclose()


async def test_unexpected_worker_errors_are_reported_never_fatal(make_console: Any) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)

        async def broken() -> None:
            raise ValueError("boom [red]x[/red]")

        app.run_worker(broken(), exit_on_error=False, description="Refresh list")
        app.main_screen.run_worker(broken(), exit_on_error=True, description="Careless worker")
        await settle(pilot, lambda: len(toasts(app)) == 2)
        assert app.is_running
        actions = sorted(rec.action for rec in app.last_errors)
        assert actions == ["Careless worker", "Refresh list"]
        assert all("ValueError: boom [red]x[/red]" in t for t in toasts(app))


async def test_question_mark_toggles_key_help(make_console: Any) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        app.set_focus(None)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)


async def test_palette_lists_section_jumps_and_app_actions(make_console: Any) -> None:
    app = await make_console(role="Supervisor")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"go to")
        await settle(pilot, lambda: palette_options(app))
        palette_text = " ".join(palette_options(app))
        assert "Go to Tools" in palette_text and "Go to Callbacks" in palette_text
        assert "Go to Developer" not in palette_text  # Supervisor has no Developer tab
        names = [c.name for c in app.palette_commands()]
        assert {"Last errors", "Re-enter API key", "Copy backend URL"} <= set(names)


async def test_palette_runs_a_section_jump(make_console: Any) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"go to tools")
        await settle(pilot, lambda: palette_options(app))
        await pilot.press("enter")
        await settle(pilot, lambda: app.main_screen.active_section_key() == "tools")


async def test_palette_offers_the_active_panels_actions(make_console: Any) -> None:
    app = await make_console()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        app.set_focus(None)  # not in the focus chain: still listed, as the active panel's
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"reschedule")
        await settle(pilot, lambda: palette_options(app))
        assert any(option.startswith("Callbacks: Reschedule") for option in palette_options(app))


async def test_fatal_traceback_never_shows_locals(make_console: Any) -> None:
    from rich.console import Console

    app = await make_console()
    secret_value = "-".join(["secret", "local", "value", "0123456789"])  # not on a source line
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        local_key = secret_value  # noqa: F841 - a local a locals dump would show
        app._fatal_error()
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(app._exit_renderables[0])
    text = console.export_text()
    assert "RuntimeError: boom" in text
    assert secret_value not in text


async def test_keymap_from_config_rebinds_and_theme_is_remembered(
    make_console: Any, tmp_path: Path
) -> None:
    config = Config(path=tmp_path / "config.toml", keymap={"app.last_errors": "f9"})
    app = await make_console(config=config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        await pilot.press("f9")
        await settle(pilot, lambda: isinstance(app.screen, LastErrorsScreen))
        assert app.screen.query_one("#empty").render().plain == "No failed calls in this session."
        await pilot.press("escape")
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in (tmp_path / "config.toml").read_text()


async def test_a_section_that_fails_to_import_shows_a_placeholder(
    make_console: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screens import main_screen

    broken = main_screen.SectionSpec(
        "tools", "Tools", "screens.no_such_module", "ToolsSection", main_screen.Capability.TOOLS_TAB
    )
    monkeypatch.setattr(main_screen, "SECTIONS", (*main_screen.SECTIONS[:2], broken))
    app = await make_console()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        app.main_screen.switch_to("tools")
        await settle(pilot, lambda: app.query(SectionFailed))
        placeholder = app.query_one(SectionFailed)
        assert "The Tools section failed to load: ModuleNotFoundError" in placeholder.render().plain


async def test_no_animation_and_no_color_respected(
    make_console: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    app = await make_console()
    assert app.animation_level == "none"
    assert app.no_color


def test_no_answer_and_unreachable_are_worded_differently() -> None:
    from callback_tui.failures import failure_record
    from client import ApiConnectionError, ApiTimeoutError
    from screens.last_errors import toast_markup

    unreachable = failure_record(ApiConnectionError("could not connect"), "Load")
    title, body = toast_markup(unreachable, "Agent")
    assert title == "Backend unreachable"
    assert body.startswith(
        "Backend unreachable — no correlation ID (the request did not reach the server)"
    )
    assert body.count("no correlation ID") == 1

    timed_out = failure_record(ApiTimeoutError("read timed out", request_sent=True), "Book")
    title, body = toast_markup(timed_out, "Agent")
    assert title == "No answer from the backend"
    assert "the server may still have processed the request" in body
    assert "did not reach the server" not in body


async def test_a_bug_quoting_the_key_does_not_show_it(
    make_console: Any, console_keys: dict[str, str]
) -> None:
    app = await make_console()
    key = console_keys["Administrator"]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)

        async def leaky() -> None:
            raise RuntimeError(f"bad header x-api-key: {key}")

        app.run_worker(leaky(), exit_on_error=False, description="Leaky task")
        await settle(pilot, lambda: toasts(app))
        assert "x-api-key: [REDACTED]" in toasts(app)[0]
        assert key not in app.export_screenshot()
        assert key not in app.last_errors[-1].full_text()


async def test_key_storage_notice_is_shown_once(make_console: Any) -> None:
    notice = "no OS keyring backend is available: the API key is kept in memory"
    app = await make_console(notices=[notice])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys and toasts(app))
        await pilot.press("ctrl+e", "escape")
        await pilot.pause()
        assert sum(notice in t for t in toasts(app)) == 1


def test_a_failed_workers_arguments_never_name_it() -> None:
    """Textual's default worker description is the call with its arguments, which may hold a
    typed key or a credential secret; the failure is named after the worker instead."""
    from types import SimpleNamespace

    from callback_tui.failures import worker_action

    leaky = SimpleNamespace(
        description="register('gws', {'clientSecret': 'S3CR3T-0123456789abcdef'})",
        name="register",
    )
    assert worker_action(leaky) == "Register"  # type: ignore[arg-type]
    given = SimpleNamespace(description="Register credentials", name="register")
    assert worker_action(given) == "Register credentials"  # type: ignore[arg-type]
