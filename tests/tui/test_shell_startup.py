"""Start-up paths: wrong key (401) and re-entry, no console API (404 HTML), backend down at
start, the real `--mock` emulator on a loopback socket, and the first-run setup screen."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
from shell_helpers import SIZE, settle, status, toasts
from textual.widgets import Input

from callback_tui import app as app_module
from callback_tui.app import CallbackConsole
from callback_tui.config import load_config
from callback_tui.launch import MockStartup, SetupStartup
from callback_tui.secrets import KeyStore
from client import CallbackClient, Secret
from screens.base import Session
from screens.key_prompt import KeyPromptDialog
from screens.main_screen import MainScreen
from screens.secret_input import SecretInput
from screens.setup import SetupScreen

WRONG_KEY = "wrong-key-that-must-not-show-000000000000"


def body(app: CallbackConsole) -> str:
    return app.main_screen.query_one("#body-message").render().plain


def section_text(app: CallbackConsole) -> str:
    section = app.main_screen.active_section_widget()
    if section is None:
        return ""
    return " ".join(str(w.render()) for w in section.query("Static") if w.display)


def session() -> Session:
    return Session(profile="test", base_url="http://127.0.0.1", key_source="test key")


def html_404_for_console(emulator: Any) -> httpx.AsyncBaseTransport:
    """A GES-only backend: /console/v1/* answers a proxy's HTML 404 page."""
    inner = httpx.ASGITransport(app=emulator)

    class Transport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path.startswith("/console/v1"):
                return httpx.Response(
                    404, headers={"content-type": "text/html"}, text="<html>Not Found</html>"
                )
            return await inner.handle_async_request(request)

    return Transport()


def prompt_reason(app: CallbackConsole) -> str:
    return str(app.screen.query_one("#key-reason").render())


async def enter_key(app: CallbackConsole, pilot: Any, value: str) -> None:
    field = app.screen.query_one(SecretInput)
    field.value = value
    await pilot.press("enter")


async def test_wrong_key_offers_masked_reentry_without_restart(
    emulator: Any, console_keys: dict[str, str]
) -> None:
    def factory(key: Secret) -> CallbackClient:
        return CallbackClient.for_asgi(emulator, key, max_retries=0)

    client = factory(Secret(WRONG_KEY))
    start = Session(profile="test", base_url="http://127.0.0.1", key_source="env CALLBACK_API_KEY")
    app = CallbackConsole(client, start, identify=True, client_factory=factory)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, KeyPromptDialog))
        # The prompt says why it is there, at once (not only after escape).
        assert prompt_reason(app).startswith("CALLBACK_API_KEY was rejected (401): ")
        assert "Invalid API key (401)" in body(app)
        assert "key rejected" in status(app)
        (record,) = app.last_errors
        assert record.http_status == 401 and record.action == "Sign in (/console/v1/me)"
        assert record.correlation_id
        field = app.screen.query_one(SecretInput)
        assert field.password and field.check_action("copy", ()) is False

        await enter_key(app, pilot, "another-wrong-key-000000000000")
        await settle(pilot, lambda: "This key was rejected (401)" in app.screen.error_text())
        assert isinstance(app.screen, KeyPromptDialog)  # still asking; nothing swapped

        await enter_key(app, pilot, console_keys["Developer"])
        await settle(
            pilot, lambda: app.main_screen.section_keys == ["callbacks", "developer", "tools"]
        )
        assert "│ Developer │" in status(app) and "online" in status(app)
        assert body(app) == ""
        svg = app.export_screenshot()
        assert console_keys["Developer"] not in svg and WRONG_KEY not in svg
    await app.client.aclose()


async def test_a_rejected_new_key_keeps_the_working_session(tmp_path: Path) -> None:
    """`--mock`, ctrl+k, a wrong key: the prompt says so and escape keeps the demo key."""
    startup = MockStartup(db=tmp_path / "mock.db")
    app = CallbackConsole(None, startup.session, startup=startup, on_exit=startup.close)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys, 300)
        before = status(app)
        await pilot.press("ctrl+k")
        await settle(pilot, lambda: isinstance(app.screen, KeyPromptDialog))
        assert prompt_reason(app) == ""  # asked for by the user: no complaint to show
        await enter_key(app, pilot, WRONG_KEY)
        await settle(pilot, lambda: "This key was rejected (401)" in app.screen.error_text())
        assert app.screen.query_one(SecretInput).value == ""
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, MainScreen))
        unchanged = status(app).split(" │ tenant cfg")[0]  # the age may have ticked
        assert unchanged == before.split(" │ tenant cfg")[0] and "key: mock demo key" in unchanged
        assert (await app.client.me()).role == "Administrator"  # the demo key still works
        assert app.last_errors[-1].http_status == 401
        assert WRONG_KEY not in app.export_screenshot()
        await pilot.press("ctrl+q")


async def test_backend_without_console_api(emulator: Any, console_keys: dict[str, str]) -> None:
    client = CallbackClient(
        "http://127.0.0.1",
        Secret(console_keys["Administrator"]),
        transport=html_404_for_console(emulator),
        max_retries=0,
    )
    app = CallbackConsole(client, session(), identify=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys)
        assert "not available on this backend" in body(app)
        assert "no console API" in status(app)
        assert not app.session.console_api and app.session.role is None
        # The role is unknown: the sections show, and console-only panels say so.
        assert app.main_screen.section_keys == ["callbacks", "developer", "tools"]
        app.main_screen.switch_to("developer")
        await settle(pilot, lambda: "not available on this backend" in section_text(app))
    await client.aclose()


async def test_backend_down_at_start_then_up(
    emulator: Any, console_keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "PROBE_BACKOFF_S", (0.05,))
    inner = httpx.ASGITransport(app=emulator)
    state = {"down": True}

    class Transport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if state["down"]:
                raise httpx.ConnectError("connection refused", request=request)
            return await inner.handle_async_request(request)

    client = CallbackClient(
        "http://127.0.0.1",
        Secret(console_keys["Supervisor"]),
        transport=Transport(),
        max_retries=0,
    )
    app = CallbackConsole(client, session(), identify=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: "CONNECTION LOST" in status(app))
        assert "Backend unreachable at http://127.0.0.1" in body(app)
        assert app.main_screen.section_keys == []
        state["down"] = False
        await settle(pilot, lambda: app.main_screen.section_keys == ["callbacks", "tools"], 300)
        assert "│ Supervisor │" in status(app) and "online" in status(app)
    await client.aclose()


def port_open(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as sock:
        return sock.connect_ex((host, int(port))) == 0


async def test_mock_startup_runs_a_real_emulator_and_stops_it(tmp_path: Path) -> None:
    db = tmp_path / "mock.db"
    startup = MockStartup(db=db)
    app = CallbackConsole(None, startup.session, startup=startup, on_exit=startup.close)
    async with app.run_test(size=SIZE) as pilot:
        assert "connecting…" in status(app)  # the first frame comes before the emulator
        await settle(pilot, lambda: app.main_screen.section_keys, 300)
        url = app.session.base_url
        assert url.startswith("http://127.0.0.1:") and url in status(app)
        assert "│ Administrator │" in status(app) and "key: mock demo key" in status(app)
        assert port_open(url)
        demo_key = startup.demo_keys["Administrator"]
        assert demo_key not in app.export_screenshot()
        await pilot.press("ctrl+q")
    assert not port_open(url)
    assert db.exists()


async def test_fresh_mock_db_is_reseeded(tmp_path: Path) -> None:
    db = tmp_path / "mock.db"
    db.write_bytes(b"not a database")
    startup = MockStartup(db=db, fresh=True)
    app = CallbackConsole(None, startup.session, startup=startup, on_exit=startup.close)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.section_keys, 300)
        assert "│ Administrator │" in status(app)


async def test_first_run_setup_saves_profile_and_connects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from callback_tui.mock.server import MockServer

    monkeypatch.setenv("CALLBACK_TUI_CONFIG_DIR", str(tmp_path))
    server = MockServer(":memory:").start()
    try:
        config = load_config()
        startup = SetupStartup(config, store=KeyStore(_NoKeyring()))
        app = CallbackConsole(None, startup.session, config=config, startup=startup)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot, lambda: isinstance(app.screen, SetupScreen))
            screen = app.screen
            screen.query_one("#profile", Input).value = "lab"
            screen.query_one("#base-url", Input).value = server.url
            key_input = screen.query_one("#api-key", Input)
            key_input.value = "nonsense-key"
            await pilot.press("ctrl+t")
            await settle(pilot, lambda: "Invalid API key (401)" in _result(screen))
            key_input.value = server.keys["Supervisor"]
            await pilot.press("ctrl+t")
            await settle(pilot, lambda: "Connected as Supervisor" in _result(screen))
            assert server.keys["Supervisor"] not in app.export_screenshot()
            await pilot.press("ctrl+s")
            await settle(pilot, lambda: app.main_screen.section_keys, 300)
            assert isinstance(app.screen, MainScreen)
            assert "│ Supervisor │" in status(app)
            # 120 columns cannot hold the long form next to the GES version: abbreviated.
            assert app.session.key_source == "prompt (in memory, this session only)"
            assert "key: prompt, memory" in status(app) and "GES " in status(app)
            assert any("in memory for this session only" in t for t in toasts(app))
        saved = load_config()
        assert saved.default_profile == "lab"
        assert saved.profiles["lab"].base_url == server.url
        assert server.keys["Supervisor"] not in (tmp_path / "config.toml").read_text()
    finally:
        server.stop()


def _result(screen: Any) -> str:
    return str(screen.query_one("#result").render().plain)


class _NoKeyring:
    """A keyring that refuses to store anything."""

    def set_password(self, *args: str) -> None:
        raise RuntimeError("no keyring")


def test_secret_input_cannot_copy_or_cut() -> None:
    from screens.secret_input import SecretInput

    field = SecretInput()
    assert field.password
    assert field.check_action("copy", ()) is False
    assert field.check_action("cut", ()) is False
    assert field.check_action("paste", ()) is not False


async def test_section_key_pressed_while_tabs_mount_does_not_crash(
    emulator: Any, console_keys: dict[str, str]
) -> None:
    """`3` pressed while the section tabs are (re)built gets the section, not a crash."""
    import asyncio

    client = CallbackClient.for_asgi(emulator, Secret(console_keys["Administrator"]))
    app = CallbackConsole(client, session(), identify=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.main_screen.tabs is not None, tries=400)
        old_tabs = app.main_screen.tabs
        rebuild = asyncio.ensure_future(app.main_screen.show_sections(app.session))
        for _ in range(1000):  # until the new TabbedContent is attached, before it composes
            if app.main_screen.tabs not in (None, old_tabs):
                break
            await asyncio.sleep(0)
        assert app.main_screen.switch_to("tools")
        await rebuild
        await settle(pilot, lambda: app.main_screen.active_section_key() == "tools")
        for _ in range(10):  # and it stays there when the Callbacks list arrives
            await pilot.pause()
        assert app.main_screen.active_section_key() == "tools"
        assert app.is_running
    await client.aclose()
