"""`tenant show|refetch`, `purge preview|run`, `credentials list|test` against the emulator."""

from __future__ import annotations

import io
import sys

import httpx
import pytest

from callback_tui.commands.output import Output
from callback_tui.mock.server import MockServer
from tests.cli.conftest import ADMIN, KEYS, Cli, assert_api_error, assert_usage_error


def test_tenant_show_and_refetch(cli: Cli) -> None:
    shown = cli("tenant", "show", "--json")
    assert shown.code == 0, shown.err
    config = shown.json()
    assert {"id", "lastRefreshed", "refreshIntervalMin", "nextRefresh"} <= set(config)
    human = cli("tenant", "show")
    assert "Last refreshed" in human.out and config["id"] in human.out
    refetched = cli("tenant", "refetch", "--json")
    assert refetched.code == 0 and refetched.json()["changes"] == []
    assert "No changes since the last refresh." in cli("tenant", "refetch").out
    assert_api_error(cli("tenant", "show", key=KEYS["Agent"]), 40300)


def preview_count(cli: Cli, service: str) -> int:
    result = cli("purge", "preview", "--service", service, "--json")
    assert result.code == 0, result.err
    count: int = result.json()["count"]
    return count


def test_purge_run_needs_yes_without_a_terminal(cli: Cli) -> None:
    before = preview_count(cli, "Sales_US")
    assert before > 0, "the seed has open Sales_US callbacks"
    result = cli("purge", "run", "--service", "Sales_US")
    assert_usage_error(result, "--yes")
    assert preview_count(cli, "Sales_US") == before


def test_purge_run_declined_at_the_prompt_purges_nothing(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = preview_count(cli, "Sales_US")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(Output, "stderr_is_tty", property(lambda self: True))
    monkeypatch.setattr(Output, "stdin_is_tty", property(lambda self: True))
    from callback_tui.cli import main

    monkeypatch.setenv("CALLBACK_API_KEY", ADMIN)
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code = main(["purge", "run", "--service", "Sales_US", "--base-url", cli.server.url])
    assert code == 1
    assert preview_count(cli, "Sales_US") == before


def test_purge_preview_then_run_with_yes(cli: Cli) -> None:
    preview = cli("purge", "preview", "--service", "Support_247")
    assert preview.code == 0 and "Would purge" in preview.out
    count = preview_count(cli, "Support_247")
    result = cli("purge", "run", "--service", "Support_247", "--yes", "--json")
    assert result.code == 0, result.err
    assert result.json()["count"] == count and result.json()["dryRun"] is False
    assert preview_count(cli, "Support_247") == 0
    developer = cli("purge", "run", "--yes", key=KEYS["Developer"])
    assert_api_error(developer, 40300)


def test_credentials_list_is_masked(cli: Cli) -> None:
    result = cli("credentials", "list", "--json")
    assert result.code == 0, result.err
    kinds = {c["kind"]: c for c in result.json()}
    assert set(kinds) == {"gws", "push", "captcha"}
    human = cli("credentials", "list")
    assert "Push Notification" in human.out and "CAPTCHA" in human.out


def test_credentials_test_reports_what_failed(cli: Cli, server: MockServer) -> None:
    assert_api_error(cli("credentials", "test", "captcha"), 40000)  # nothing registered yet
    secret = "cli-test-gws-secret-that-is-wrong"
    response = httpx.put(
        f"{server.url}/console/v1/credentials/gws",
        json={"baseUrl": "https://gws.example.com", "clientId": "nobody", "clientSecret": secret},
        headers={"x-api-key": ADMIN},
    )
    assert response.status_code == 200, response.text
    result = cli("credentials", "test", "gws", "--json")
    assert result.code == 1
    report = result.json()
    assert report["ok"] is False and any(not c["ok"] for c in report["checks"])
    assert "gws credential test failed" in result.err_json()["error"]
    human = cli("credentials", "test", "gws")
    assert "FAILED" in human.out and "Check" in human.out
    listed = cli("credentials", "list").out
    assert secret not in listed and secret[-4:] in listed  # masked, last 4 shown
    assert_usage_error(cli("credentials", "test", "ldap"), "KIND")
