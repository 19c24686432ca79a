"""Faults end to end (client and CLI): the emulator injects latency, 500/503 (503 with
Retry-After), dropped connections and malformed bodies on 30% of calls. Every call ends in a
typed result or a documented error (with its correlation ID when the server sent one), the CLI
exits with its documented codes, and every GET succeeds once the faults stop.
"""

from __future__ import annotations

import io
import json
import re
import sys
import types
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from fault_tools import Delays, faults, thirty_percent
from reliability_env import KEYS, NOW, OPEN_SERVICE, bounded

from callback_tui.commands.context import EXIT_API, EXIT_CONNECTION, EXIT_OK
from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from client import (
    ApiConnectionError,
    CallbackClient,
    ProtocolError,
    ServerError,
)

CORR_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ROUNDS = bounded(6, 40)

GETS: dict[str, Callable[[CallbackClient], Awaitable[Any]]] = {
    "me": lambda c: c.me(),
    "open_for": lambda c: c.availability.open_for(OPEN_SERVICE, check_immediate_enabled=True),
    "slots": lambda c: c.availability.slots(OPEN_SERVICE, max_time_slots=10),
    "queue_status": lambda c: c.queues.status(OPEN_SERVICE),
    "ewt": lambda c: c.wait_times.estimate(OPEN_SERVICE),
    "errors": lambda c: c.errors.list(limit=20),
    "histogram": lambda c: c.errors.histogram(),
    "cors": lambda c: c.cors.origins(),
    "credentials": lambda c: c.credentials.list(),
    "tenant": lambda c: c.tenant.get(),
    "services": lambda c: c.services.list(),
    "service": lambda c: c.services.get(OPEN_SERVICE),
    "callbacks": lambda c: c.callbacks.list(limit=20),
}


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(clock=FixedClock(NOW), keys=KEYS, seed_errors=100) as srv:
        yield srv


@pytest.mark.parametrize("status", [503, 500])
async def test_client_gets_survive_30_percent_faults(
    server: MockServer, status: int, figures: dict[str, Any]
) -> None:
    injected = thirty_percent(status, seed=status)
    server.emulator.faults = injected
    delays = Delays()
    outcomes: Counter[str] = Counter()
    try:
        async with CallbackClient(server.url, KEYS["Administrator"], sleep=delays) as client:
            for _ in range(ROUNDS):
                for name, call in GETS.items():
                    try:
                        await call(client)
                    except ServerError as exc:
                        assert exc.http_status == status
                        assert exc.code == (50300 if status == 503 else 50001)
                        assert exc.correlation_id and CORR_ID.fullmatch(exc.correlation_id)
                        if status == 503:
                            assert exc.retry_after == 1.0
                        outcomes["ServerError"] += 1
                    except ProtocolError as exc:
                        # A malformed answer still carried its X-Correlation-ID header.
                        assert exc.correlation_id and CORR_ID.fullmatch(exc.correlation_id), name
                        outcomes["ProtocolError"] += 1
                    except ApiConnectionError as exc:
                        assert exc.correlation_id is None and "no correlation ID" in str(exc)
                        outcomes["ApiConnectionError"] += 1
                    else:
                        outcomes["ok"] += 1
        # Retry-After (1 s) was honoured for 503s; otherwise backoff from 0.5 s.
        if status == 503:
            assert injected.injected["http_503"] > 0
            assert 1.0 in delays.asked
        assert all(0 < d <= 8.0 for d in delays.asked)
        # Faults stop: every GET succeeds at the first attempt.
        server.emulator.faults = None
        async with CallbackClient(server.url, KEYS["Administrator"], max_retries=0) as client:
            for call in GETS.values():
                await call(client)
    finally:
        server.emulator.faults = None
    calls = ROUNDS * len(GETS)
    assert sum(outcomes.values()) == calls
    assert outcomes["ok"] > calls // 2, outcomes
    figures.setdefault("faults_client", {})[f"error_status_{status}"] = {
        "calls": calls,
        "outcomes": dict(sorted(outcomes.items())),
        "faults_injected": dict(sorted(injected.injected.items())),
        "retries": len(delays.asked),
        "gets_after_faults_stop": f"{len(GETS)}/{len(GETS)} ok",
    }


# -- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def run_cli(
    server: MockServer, monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Any
) -> Callable[..., tuple[int, str, str]]:
    """`callback-tui ARGV --json` in-process against the server; no real sleeping on retries."""
    monkeypatch.setenv("CALLBACK_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("CALLBACK_API_KEY", KEYS["Administrator"])
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("client._transport.asyncio", types.SimpleNamespace(sleep=Delays()))

    def run(*argv: str) -> tuple[int, str, str]:
        from callback_tui.cli import main

        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        capsys.readouterr()
        code = main([*argv, "--json", "--base-url", server.url])
        out, err = capsys.readouterr()
        assert "Traceback" not in err and KEYS["Administrator"] not in out + err
        return code, out, err

    return run


CLI_READS = [
    ["open-for", OPEN_SERVICE],
    ["queue-status", OPEN_SERVICE],
    ["availability", OPEN_SERVICE],
    ["errors", "list", "--limit", "5"],
    ["tenant", "show"],
    ["credentials", "list"],
    ["purge", "preview"],
]


@pytest.mark.parametrize(
    "spec,exit_code,expect",
    [
        ("error=1:503", EXIT_API, {"httpStatus": 503, "code": 50300, "retryAfter": 1.0}),
        ("error=1:500", EXIT_API, {"httpStatus": 500, "code": 50001}),
        ("drop=1", EXIT_CONNECTION, {}),
        ("malformed=1;seed=1", EXIT_API, {}),
        ("", EXIT_OK, {}),
    ],
)
def test_cli_exit_codes_under_each_fault(
    server: MockServer,
    run_cli: Callable[..., tuple[int, str, str]],
    spec: str,
    exit_code: int,
    expect: dict[str, Any],
) -> None:
    server.emulator.faults = faults(spec) if spec else None
    try:
        for argv in CLI_READS:
            code, _out, err = run_cli(*argv)
            assert code == exit_code, (argv, code, err)
            if code == EXIT_OK:
                continue
            error = json.loads(err.strip().splitlines()[-1])
            assert error["error"]
            for name, value in expect.items():
                assert error[name] == value, (argv, error)
            if "code" in expect:
                assert CORR_ID.fullmatch(error["correlationId"])
            if spec.startswith("drop"):
                assert "no correlation ID" in error["error"]
            if spec.startswith("malformed"):
                assert error["error"].startswith("unexpected answer from the server")
    finally:
        server.emulator.faults = None


def test_cli_under_30_percent_faults_exits_only_with_documented_codes(
    server: MockServer, run_cli: Callable[..., tuple[int, str, str]], figures: dict[str, Any]
) -> None:
    injected = thirty_percent(503, seed=99)
    server.emulator.faults = injected
    codes: Counter[int] = Counter()
    try:
        for _ in range(max(2, ROUNDS // 2)):
            for argv in CLI_READS:
                code, _out, err = run_cli(*argv)
                assert code in (EXIT_OK, EXIT_API, EXIT_CONNECTION), (argv, code, err)
                codes[code] += 1
        server.emulator.faults = None
        for argv in CLI_READS:
            assert run_cli(*argv)[0] == EXIT_OK
    finally:
        server.emulator.faults = None
    figures["faults_cli"] = {
        "commands": sum(codes.values()),
        "exit_codes": {str(k): v for k, v in sorted(codes.items())},
        "faults_injected": dict(sorted(injected.injected.items())),
    }


async def test_in_process_client_reports_a_dropped_answer_as_a_connection_error() -> None:
    """`CallbackClient.for_asgi` (the in-process transport the console's tests use): an app
    that ends without a complete answer (the emulator's `drop` fault) must surface as the
    client's `ApiConnectionError`, not as httpx's bare `AssertionError`."""
    app = create_app(":memory:", clock=FixedClock(NOW), keys=KEYS, faults="drop=1")
    async with CallbackClient.for_asgi(app, KEYS["Administrator"], max_retries=0) as client:
        with pytest.raises(ApiConnectionError):
            await client.me()
