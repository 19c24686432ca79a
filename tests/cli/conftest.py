"""Harness for tests/cli/test_commands_*: one loopback emulator per module, the real entry point.

Nothing here is autouse, so other tests in this folder are unaffected.

Every call goes through `callback_tui.cli.main(argv)` exactly as the console script does, with
stdout/stderr captured and the API key checked to appear in neither.
"""

from __future__ import annotations

import io
import json
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer

# A Wednesday afternoon in Europe and New York: offices of the demo tenant are open.
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
KEYS = {
    "Administrator": "cli-test-admin-key-4f1d9a7c2e",
    "Supervisor": "cli-test-supervisor-key-8b3e21d0",
    "Developer": "cli-test-developer-key-c6a0f59b",
    "Agent": "cli-test-agent-key-2d7e4a81f3",
}
ADMIN = KEYS["Administrator"]
WRONG_KEY = "cli-test-wrong-key-0000deadbeef"
ALL_KEYS = (*KEYS.values(), WRONG_KEY)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def json_lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def err_json(self) -> Any:
        return json.loads(self.err.strip().splitlines()[-1])


@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No user config, keyring or data dir, no colour: the CLI sees a clean machine."""
    home = tmp_path_factory.mktemp("home")
    for name in ("CALLBACK_API_KEY", "CALLBACK_BASE_URL", "CALLBACK_PROFILE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CALLBACK_TUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    """The emulator on a real loopback port, seeded, clock pinned to NOW; one per module."""
    srv = MockServer(":memory:", clock=FixedClock(NOW), keys=KEYS)
    srv.start()
    yield srv
    srv.stop()


class Cli:
    def __init__(self, server: MockServer, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
        self.server = server
        self._monkeypatch = monkeypatch
        self._capsys = capsys

    def __call__(
        self,
        *argv: str,
        key: str | None = ADMIN,
        stdin: str | None = None,
        base_url: str | None = "server",
    ) -> Result:
        """Run `callback-tui ARGV` against the module's emulator with `key` in CALLBACK_API_KEY."""
        from callback_tui.cli import main

        args = list(argv)
        if base_url == "server":
            args += ["--base-url", self.server.url]
        elif base_url is not None:
            args += ["--base-url", base_url]
        if key is None:
            self._monkeypatch.delenv("CALLBACK_API_KEY", raising=False)
        else:
            self._monkeypatch.setenv("CALLBACK_API_KEY", key)
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        self._capsys.readouterr()
        try:
            code = main(args)
        except SystemExit as exc:  # argparse exits on usage errors
            code = int(exc.code or 0)
        captured = self._capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        assert "Traceback" not in result.err, result.err
        for secret in ALL_KEYS:
            assert secret not in result.out and secret not in result.err, "API key echoed"
        return result


@pytest.fixture
def cli(
    server: MockServer, monkeypatch: pytest.MonkeyPatch, capsys: Any, isolated_env: None
) -> Cli:
    # The CLI's "now" (past --at, spans like 2h) is the emulator's pinned clock, as a real
    # user's clock agrees with the server's.
    from callback_tui.commands import values

    monkeypatch.setattr(values, "now_utc", lambda: NOW)
    return Cli(server, monkeypatch, capsys)


@pytest.fixture(scope="session")
def closed_port_url() -> str:
    """A loopback URL nothing listens on (bound, then closed)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


def assert_usage_error(result: Result, argument: str) -> None:
    """Exit 2 with a message naming the argument, and no traceback (checked by Cli)."""
    assert result.code == 2, (result.code, result.err)
    assert f"argument {argument}" in result.err, result.err


def assert_api_error(result: Result, code: int) -> None:
    """Exit 1 with the GES code and a correlation ID on stderr."""
    assert result.code == 1, (result.code, result.err)
    assert f"GES code: {code}" in result.err, result.err
    assert "correlation ID: " in result.err
    corr = result.err.split("correlation ID: ", 1)[1].split()[0]
    assert len(corr) == 36, corr
