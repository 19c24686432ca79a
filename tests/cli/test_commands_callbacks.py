"""`callbacks book|show|cancel|reschedule|list` against the loopback emulator."""

from __future__ import annotations

from callback_tui.mock.server import MockServer
from tests.cli.conftest import KEYS, Cli, assert_api_error, assert_usage_error

SALES = "Sales_US"


def book(cli: Cli, *extra: str) -> str:
    result = cli("callbacks", "book", SALES, "+1 (555) 010-2030", *extra, "--json")
    assert result.code == 0, result.err
    ident: str = result.json()["id"]
    return ident


def test_book_show_cancel_round_trip(cli: Cli) -> None:
    ident = book(cli, "--data", "customerTier=gold", "--priority", "5")
    shown = cli("callbacks", "show", ident, "--json").json()
    assert shown["id"] == ident and shown["serviceName"] == SALES
    assert shown["userData"] == {"customerTier": "gold"} and shown["priority"] == 5
    assert shown["phoneNumber"] == "+15550102030"
    human = cli("callbacks", "show", ident)
    assert ident in human.out and "State" in human.out

    cancelled = cli("callbacks", "cancel", ident)
    assert cancelled.code == 0 and f"Cancelled callback {ident}" in cancelled.out
    after = cli("callbacks", "show", ident, "--history", "--json").json()
    assert (after["callbackState"], after["callbackReason"]) == ("COMPLETED", "CANCELLED")
    assert after["history"][-1]["reason"] == "CANCELLED"


def test_book_scheduled_with_local_time_and_reschedule(cli: Cli) -> None:
    ident = book(cli, "--at", "2026-11-26T11:00:00", "--timezone", "America/New_York")
    shown = cli("callbacks", "show", ident, "--json").json()
    assert shown["desiredTime"] == "2026-11-26T16:00:00.000Z"
    moved = cli("callbacks", "reschedule", ident, "--at", "2026-11-26T18:30:00Z", "--json")
    assert moved.code == 0, moved.err
    assert moved.json()["desiredTime"] == "2026-11-26T18:30:00.000Z"
    human = cli("callbacks", "reschedule", ident, "--at", "2026-11-26T19:00:00+00:00")
    assert f"Rescheduled callback {ident}" in human.out


def test_book_human_output_names_the_new_callback(cli: Cli) -> None:
    result = cli("callbacks", "book", SALES, "+15550102030", "--at", "2026-11-26T15:00:00Z")
    assert result.code == 0, result.err
    assert result.out.startswith("Booked scheduled callback ")
    ident = result.out.split()[-1]
    assert cli("callbacks", "show", ident, "--json").json()["callbackState"] == "SCHEDULED"


def test_book_refuses_bad_input_before_sending(cli: Cli) -> None:
    assert_usage_error(cli("callbacks", "book", SALES, "12ab"), "PHONE")
    naive = cli("callbacks", "book", SALES, "+15550102030", "--at", "2026-11-26T11:00:00")
    assert_usage_error(naive, "--at")
    tz_alone = cli("callbacks", "book", SALES, "+15550102030", "--timezone", "UTC")
    assert_usage_error(tz_alone, "--timezone")
    assert_usage_error(cli("callbacks", "book", SALES, "+15550102030", "--data", "x"), "--data")
    missing = cli("callbacks", "reschedule", "00000000-0000-4000-8000-000000000000")
    assert missing.code == 2 and "required: --at" in missing.err


def test_server_side_refusals_are_api_errors(cli: Cli) -> None:
    assert_api_error(cli("callbacks", "book", "No_Such_Service", "+15550102030"), 40000)
    assert_api_error(cli("callbacks", "show", "00000000-0000-4000-8000-000000000000"), 40400)
    agent = cli("callbacks", "book", SALES, "+15550102030", key=KEYS["Agent"])
    assert_api_error(agent, 40300)


def test_list_filters_and_streams_json_lines(cli: Cli) -> None:
    result = cli("callbacks", "list", "--service", SALES, "--limit", "20", "--json")
    assert result.code == 0, result.err
    items = result.json_lines()
    assert 0 < len(items) <= 20
    assert all(i["serviceName"] == SALES for i in items)
    times = [i["desiredTime"] for i in items]
    assert times == sorted(times, reverse=True)
    queued = cli("callbacks", "list", "--state", "queued", "--json").json_lines()
    assert queued and all(i["callbackState"] == "QUEUED" for i in queued)
    human = cli("callbacks", "list", "--limit", "3")
    lines = human.out.splitlines()
    assert lines[0].startswith("ID") and "Desired Time" in lines[0] and len(lines) == 4


def test_list_follows_the_cursor(cli: Cli) -> None:
    every = cli("callbacks", "list", "--limit", "1000", "--json").json_lines()
    assert len(every) > 50
    assert len({i["id"] for i in every}) == len(every)
    assert_usage_error(cli("callbacks", "list", "--state", "LOST"), "--state")
    assert_usage_error(cli("callbacks", "list", "--from", "1h", "--to", "2h"), "--to")


def test_a_malformed_callback_id_is_a_usage_error_and_nothing_is_sent(
    cli: Cli, server: MockServer
) -> None:
    recorded = server.emulator.errors.count()
    for argv in (
        ("callbacks", "cancel", "not-a-uuid"),
        ("callbacks", "show", "not-a-uuid", "--json"),
        ("callbacks", "reschedule", "1234", "--at", "2026-11-26T15:00:00Z"),
    ):
        result = cli(*argv)
        assert_usage_error(result, "ID")
        assert "is not a callback id" in result.err and result.out == ""
    # The server saw none of them: a 400 would have been recorded in its error log.
    assert server.emulator.errors.count() == recorded


def test_a_callback_id_is_accepted_in_any_case(cli: Cli) -> None:
    ident = book(cli)
    shown = cli("callbacks", "show", f" {ident.upper()} ", "--json")
    assert shown.code == 0, shown.err
    assert shown.json()["id"] == ident
