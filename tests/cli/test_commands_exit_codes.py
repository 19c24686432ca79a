"""Exit codes shared by every command: 0 ok, 1 API error, 2 usage, 3 connection, 4 auth."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from callback_tui.config import Config, Profile, config_path
from tests.cli.conftest import KEYS, WRONG_KEY, Cli, assert_api_error, assert_usage_error


def test_backend_down_exits_3_without_a_correlation_id(cli: Cli, closed_port_url: str) -> None:
    result = cli("errors", "list", base_url=closed_port_url)
    assert result.code == 3
    assert "no correlation ID" in result.err and result.out == ""
    as_json = cli("queue-status", "Sales_US", "--json", base_url=closed_port_url)
    assert as_json.code == 3 and "error" in as_json.err_json()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_timeout_exits_3(cli: Cli, silent_server: str) -> None:
    # cancel is a POST: never retried after a read timeout, so this stays fast.
    ident = "00000000-0000-4000-8000-000000000000"
    result = cli("callbacks", "cancel", ident, "--timeout", "0.2", base_url=silent_server)
    assert result.code == 3, result.err
    assert "no correlation ID" in result.err
    assert_usage_error(cli("errors", "list", "--timeout", "0"), "--timeout")


def test_wrong_key_exits_4_and_is_not_echoed(cli: Cli) -> None:
    result = cli("errors", "list", key=WRONG_KEY)
    assert result.code == 4
    assert "authentication failed" in result.err and "GES code: 40100" in result.err
    as_json = cli("open-for", "Sales_US", "--json", key=WRONG_KEY)
    assert as_json.code == 4 and as_json.err_json()["code"] == 40100


def test_role_refused_exits_1_with_code_and_correlation_id(cli: Cli) -> None:
    assert_api_error(cli("errors", "list", key=KEYS["Supervisor"]), 40300)


def test_no_backend_configured_is_a_usage_error(cli: Cli) -> None:
    result = cli("errors", "list", base_url=None)
    assert result.code == 2 and "no backend configured" in result.err
    assert_usage_error(cli("errors", "list", base_url="ftp://example"), "--base-url")
    assert_usage_error(cli("errors", "list", "--profile", "ghost", base_url=None), "--profile")
    mixed = cli("errors", "list", "--mock")
    assert_usage_error(mixed, "--mock")


def test_options_before_the_subcommand_and_from_a_profile(cli: Cli) -> None:
    config = Config(path=config_path())
    config.add_profile(Profile("lab", cli.server.url), make_default=True)
    config.save()
    by_default = cli("errors", "list", "--limit", "1", "--json", base_url=None)
    assert by_default.code == 0 and len(by_default.json_lines()) == 1
    before = cli("--profile", "lab", "errors", "list", "--limit", "2", "--json", base_url=None)
    assert before.code == 0 and len(before.json_lines()) == 2
    url_first = cli("--base-url", cli.server.url, "open-for", "Sales_US", "--json", base_url=None)
    assert url_first.code == 0 and "openFor" in url_first.json()


def test_mock_runs_the_bundled_emulator(cli: Cli) -> None:
    result = cli("--mock", "errors", "list", "--limit", "2", "--json", key=None, base_url=None)
    assert result.code == 0, result.err
    assert len(result.json_lines()) == 2
    validated = cli("key", "validate", "--mock", "--json", key=None, base_url=None)
    assert validated.json() == {"valid": True, "role": "Administrator"}
