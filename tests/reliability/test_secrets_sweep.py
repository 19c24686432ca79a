"""Secrets: the whole console and CLI surface runs with a sentinel API key and sentinel
credential secrets, then everything the project wrote is scanned for the sentinels: screens
(SVG screenshots of every section, detail and dialog), log records (root logger at DEBUG),
error records and their details, exports (console and CLI, CSV and JSON), the config and data
directories, the emulator's database files and tenant file, CLI output, and the tracebacks of
forced crashes. Zero hits. The CLI refuses a key given on the command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import sys
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from console_driver import console_for, drive_every_screen, settle
from reliability_env import KEYS, NOW, OPEN_SERVICE
from rich.console import Console
from secret_sweep import (
    API_KEY,
    CAPTCHA_SECRET,
    GWS_SECRET,
    SENTINELS,
    SERVICE_ACCOUNT,
    WRONG_KEY,
    hits,
    scan_texts,
    scan_tree,
    svg_text,
)
from textual.widgets import Input, TabbedContent

from callback_tui.app import CallbackConsole
from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from callback_tui.mock.tenant import GOOGLE_TEST_SITE_KEY
from client import CallbackClient, CallbackClientError

V1 = "/console/v1"


def _isolate(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Every file the console may write goes under `home`; no real keyring."""
    for name in ("CALLBACK_API_KEY", "CALLBACK_BASE_URL", "CALLBACK_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("CALLBACK_TUI_CONFIG_DIR", str(home / "config"))
    for xdg in ("DATA", "CONFIG", "CACHE", "STATE"):
        monkeypatch.setenv(f"XDG_{xdg}_HOME", str(home / xdg.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(home)


async def _put_secrets_in_flight(server: MockServer) -> list[str]:
    """Register the sentinel credentials and cause errors that carry them; the corrIds."""
    corr: list[str] = []
    async with CallbackClient(server.url, API_KEY) as client:
        await client.credentials.register(
            "gws", base_url="https://gws.mock.invalid", client_id="cid", client_secret=GWS_SECRET
        )
        await client.credentials.register("push", service_account_json=SERVICE_ACCOUNT)
        await client.credentials.register(
            "captcha", site_key=GOOGLE_TEST_SITE_KEY, secret_key=CAPTCHA_SECRET
        )
        for kind in ("gws", "push", "captcha"):
            await client.credentials.test(kind)  # type: ignore[arg-type]
    bad_requests: list[tuple[str, str, dict[str, Any]]] = [
        ("PUT", f"{V1}/credentials/gws", {"json": {"baseUrl": "http://x", "clientId": "c",
                                                    "clientSecret": GWS_SECRET}}),
        ("PUT", f"{V1}/credentials/captcha", {"json": {"secretKey": CAPTCHA_SECRET}}),
        ("PUT", f"{V1}/credentials/push", {"content": SERVICE_ACCOUNT[:-5]}),
        ("POST", f"{V1}/api-keys/validate", {"content": '{"apiKey": "' + API_KEY + '"'}),
        ("POST", f"{V1}/api-keys/validate", {"json": {"apiKey": API_KEY, "x": [1] * 40_000}}),
        ("GET", f"{V1}/errors/0000?apiKey={API_KEY}&secretKey={CAPTCHA_SECRET}", {}),
    ]  # fmt: skip
    with _quiet_httpx():
        async with httpx.AsyncClient(base_url=server.url, headers={"x-api-key": API_KEY}) as http:
            for method, path, kwargs in bad_requests:
                r = await http.request(method, path, **kwargs)
                assert r.status_code >= 400, (path, r.text)
                corr.append(r.headers["x-correlation-id"])
        async with httpx.AsyncClient(base_url=server.url, headers={"x-api-key": WRONG_KEY}) as h:
            r = await h.get(f"{V1}/me")
            assert r.status_code == 401
            corr.append(r.headers["x-correlation-id"])
    return corr


@contextlib.contextmanager
def _quiet_httpx() -> Iterator[None]:
    """This test's own raw requests (secrets in query strings on purpose) are not the
    project's log records: keep httpx from logging them."""
    logger = logging.getLogger("httpx")
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = False


async def _drive_console(server: MockServer, home: Path, shots: list[str]) -> None:
    """Every section, the key check, a credential typed in, an error detail, an export."""
    client = CallbackClient(server.url, API_KEY)
    app = await console_for(client, server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await drive_every_screen(
            pilot, app, refreshes=0, after_each=lambda name: shots.append(app.export_screenshot())
        )
        assert app.main_screen.switch_to("developer")
        tabs = app.screen.query_one("#developer-tabs", TabbedContent)
        # API Key Validation: the sentinel key typed in and checked.
        tabs.active = "dev-keys"
        await settle(pilot, app)
        app.screen.query_one("#key-input", Input).value = API_KEY
        app.screen.query_one("#key-input", Input).focus()
        await pilot.press("enter")
        await settle(pilot, app)
        shots.append(app.export_screenshot())
        assert "ValidAPIKey" in svg_text(shots[-1])
        # Credential Management: a secret typed into the CAPTCHA form and registered.
        tabs.active = "dev-credentials"
        await settle(pilot, app)
        app.screen.query_one("#cred-tabs", TabbedContent).active = "cred-tab-captcha"
        await settle(pilot, app)
        app.screen.query_one("#cred-captcha-siteKey", Input).value = GOOGLE_TEST_SITE_KEY
        app.screen.query_one("#cred-captcha-secretKey", Input).value = CAPTCHA_SECRET
        app.screen.query_one("#cred-captcha-secretKey", Input).focus()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        shots.append(app.export_screenshot())
        # Errors: the newest record's detail, then an export through the console.
        tabs.active = "dev-errors"
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        shots.append(app.export_screenshot())
        while app.screen is not app.main_screen:
            app.pop_screen()
            await settle(pilot, app)
        app.screen.query_one("#errors-table").focus()
        await pilot.press("e")
        await settle(pilot, app)
        assert app.screen is not app.main_screen, "the export prompt did not open"
        app.screen.query_one(Input).value = str(home / "exports" / "console-errors.csv")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        shots.append(app.export_screenshot())
        assert app.is_running
    await client.aclose()


async def _forced_console_crash(server: MockServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """A handler crashes while a local holds the key: what the user gets on the terminal."""
    client = CallbackClient(server.url, API_KEY)
    app = await console_for(client, server.url)

    def crash(self: CallbackConsole) -> None:
        key_in_clear = self.client.api_key.reveal()
        raise RuntimeError(f"forced crash (key length {len(key_in_clear)})")

    monkeypatch.setattr(CallbackConsole, "action_help", crash)
    text = ""
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, app)
            await pilot.press("question_mark")
            await pilot.pause()
    except RuntimeError as exc:
        text += "".join(traceback.format_exception(exc))
    out = Console(file=io.StringIO(), width=160, record=True)
    for renderable in getattr(app, "_exit_renderables", []):
        out.print(renderable)
    text += out.export_text()
    await client.aclose()
    assert "forced crash" in text
    return text


async def _client_errors_with_key_in_flight(server: MockServer) -> list[str]:
    """format_exception of client errors raised while the key was being sent."""

    def echo_headers(request: httpx.Request) -> httpx.Response:
        page = f"<html><body>502 Bad Gateway<pre>{dict(request.headers)}</pre></body></html>"
        return httpx.Response(502, text=page, headers={"content-type": "text/html"})

    def verbose_failure(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused; request was {dict(request.headers)}", request=request)

    texts = []
    for handler in (echo_headers, verbose_failure):
        transport = httpx.MockTransport(handler)
        async with CallbackClient(
            "http://127.0.0.1:9", API_KEY, transport=transport, max_retries=0
        ) as client:
            with pytest.raises(CallbackClientError) as caught:
                await client.me()
            texts.append("".join(traceback.format_exception(caught.value)) + repr(caught.value))
            texts.append(repr(client))
    async with CallbackClient(server.url, WRONG_KEY) as client:
        with pytest.raises(CallbackClientError) as caught:
            await client.me()
        texts.append("".join(traceback.format_exception(caught.value)) + repr(caught.value))
    return texts


def _cli_surface(
    server: MockServer, home: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, corr: str
) -> tuple[list[str], dict[str, int]]:
    """Run the CLI commands (in this thread: the CLI runs its own event loop)."""
    from callback_tui.cli import main

    outputs: list[str] = []
    codes: dict[str, int] = {}

    def run(name: str, argv: list[str], stdin: str = "") -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(argv)
        out, err = capsys.readouterr()
        outputs.append(out + err)
        codes[name] = code
        return code

    url = ["--base-url", server.url]
    monkeypatch.setenv("CALLBACK_API_KEY", API_KEY)
    exports = home / "exports"
    commands = {
        "open-for": ["open-for", OPEN_SERVICE],
        "errors list": ["errors", "list", "--limit", "50"],
        "errors show": ["errors", "show", corr],
        "errors export csv": ["errors", "export", "--format", "csv", "--out",
                              str(exports / "cli-errors.csv"), "--limit", "500"],
        "errors export json": ["errors", "export", "--format", "json", "--out",
                               str(exports / "cli-errors.json"), "--limit", "500"],
        "credentials list": ["credentials", "list"],
        "credentials test": ["credentials", "test", "gws"],
        "key validate": ["key", "validate"],
        "callbacks book": ["callbacks", "book", OPEN_SERVICE, "+15551230000"],
        "tenant show": ["tenant", "show"],
    }  # fmt: skip
    for name, argv in commands.items():
        run(name, [*argv, *url])
        if name in ("errors list", "errors show", "credentials list", "key validate"):
            run(name + " --json", [*argv, *url, "--json"])
    assert codes["open-for"] == 0 and codes["errors list"] == 0 and codes["key validate"] == 0
    # The key through stdin, and a profile saved with it (no keyring on this machine).
    monkeypatch.delenv("CALLBACK_API_KEY")
    assert run("key validate --api-key-stdin", ["key", "validate", "--api-key-stdin", *url],
               stdin=API_KEY + "\n") == 0  # fmt: skip
    run("profile add", ["profile", "add", "sentinel", "--base-url", server.url, "--default",
                        "--api-key-stdin"], stdin=API_KEY + "\n")  # fmt: skip
    run("profile show", ["profile", "show", "sentinel", "--json"])
    # Never from argv, in any spelling; the refusal does not echo it.
    in_argv = (["--api-key", API_KEY, "errors", "list"], ["errors", "list", f"--api-key={API_KEY}"])
    for argv in in_argv:
        assert run("argv key", argv) == 2
        assert "never accepted as a command-line argument" in outputs[-1]
    return outputs, codes


async def test_no_secret_reaches_any_screen_log_record_file_or_traceback(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: Any,
    figures: dict[str, Any],
) -> None:
    home = tmp_path / "home"
    (home / "exports").mkdir(parents=True)
    _isolate(monkeypatch, home)
    caplog.set_level(logging.DEBUG)
    emu_dir = tmp_path / "emulator"
    emu_dir.mkdir()
    keys = {**KEYS, "Administrator": API_KEY}
    server = MockServer(str(emu_dir / "mock.db"), clock=FixedClock(NOW), keys=keys, seed_errors=40)
    server.start()
    found: Counter[str] = Counter()
    shots: list[str] = []
    try:
        corr = await _put_secrets_in_flight(server)
        await _drive_console(server, home, shots)
        crash_text = await _forced_console_crash(server, monkeypatch)
        client_texts = await _client_errors_with_key_in_flight(server)
        cli_outputs, codes = await asyncio.to_thread(
            _cli_surface, server, home, capsys, monkeypatch, corr[0]
        )
        async with CallbackClient(server.url, API_KEY) as client:
            records = [
                r.model_dump_json() async for page in client.errors.iter_pages(limit=500)
                for r in page.items
            ]  # fmt: skip
            details = [(await client.errors.get(c)).model_dump_json() for c in corr]
            credentials = (await client.credentials.list()).model_dump_json()
    finally:
        server.stop()

    counts = {
        "screenshots": scan_texts("screen", (svg_text(s) for s in shots), found),
        "log_records": scan_texts(
            "log", (r.getMessage() + (r.exc_text or "") for r in caplog.records), found
        ),
        "error_records": scan_texts("error record", records + details, found),
        "cli_outputs": scan_texts("cli", cli_outputs, found),
        "tracebacks": scan_texts("traceback", [crash_text, *client_texts], found),
    }
    hits("credentials view", credentials, found)
    home_files = scan_tree(home, "home", found)
    emulator_found: Counter[str] = Counter()
    emulator_files = scan_tree(emu_dir, "emulator", emulator_found)
    exported = sorted(p.name for p in (home / "exports").iterdir())
    assert {"cli-errors.csv", "cli-errors.json", "console-errors.csv"} <= set(exported)
    assert len(records) >= len(corr) and all(c in "".join(records) for c in corr)
    assert not found, dict(found)
    assert not emulator_found, dict(emulator_found)
    figures["secrets"] = {
        "sentinels": sorted(SENTINELS),
        "scanned": {**counts, "files_in_home": home_files, "emulator_files": emulator_files},
        "exports": exported,
        "cli_exit_codes": codes,
        "hits_console_side": sum(found.values()),
        "hits_emulator_files": sum(emulator_found.values()),
    }


async def test_a_key_pasted_as_a_service_name_stays_out_of_the_error_records(
    tmp_path: Path,
) -> None:
    """A user who pastes the API key where a service name goes (`callback-tui open-for KEY`)
    gets a 404; the emulator redacts key-like tokens in the recorded URL, and must do the same
    in the recorded message and response body, which the Errors panel and exports show."""
    server = MockServer(clock=FixedClock(NOW), keys={**KEYS, "Administrator": API_KEY})
    server.start()
    try:
        with _quiet_httpx():
            async with httpx.AsyncClient(
                base_url=server.url, headers={"x-api-key": API_KEY}
            ) as http:
                r = await http.get(f"/engagement/v3/callbacks/open-for/{API_KEY}")
        assert r.status_code == 404
        record = server.emulator.errors.get(r.headers["x-correlation-id"])
    finally:
        server.stop()
    assert record is not None
    assert API_KEY not in record["url"]
    assert API_KEY not in json.dumps(record), "the key is kept in the error record"
