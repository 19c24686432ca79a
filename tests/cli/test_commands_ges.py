"""`open-for`, `availability`, `queue-status`, `ewt`: --json is exactly the server's data."""

from __future__ import annotations

import json
from typing import Any

import httpx

from callback_tui.mock.server import MockServer
from tests.cli.conftest import ADMIN, KEYS, Cli, assert_api_error, assert_usage_error

# NOW (conftest) is Wednesday 10:00 in New York; Sales_US is open 08:00-18:00 with Immediate
# Offer Hours 09:00-17:00.
SALES = "Sales_US"


def raw_data(server: MockServer, path: str, **params: str) -> Any:
    """The `data` of the envelope, fetched without our client."""
    response = httpx.get(
        f"{server.url}/engagement/v3{path}", params=params, headers={"x-api-key": ADMIN}
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_open_for_json_is_the_servers_data(cli: Cli, server: MockServer) -> None:
    flags = ("--immediate-offer-hours", "--within-immediate-offer-time", "--immediate-enabled")
    result = cli("open-for", SALES, *flags, "--json")
    assert result.code == 0, result.err
    expected = raw_data(
        server,
        f"/callbacks/open-for/{SALES}",
        queryImmediateOfferHours="true",
        returnWithinImmediateOfferTime="true",
        checkImmediateEnabled="true",
    )
    assert result.json() == expected
    assert expected["openFor"] == 8 * 3600
    plain = cli("open-for", SALES, "--json").json()
    assert plain == {"openFor": 8 * 3600}


def test_open_for_human_explains_the_values(cli: Cli) -> None:
    result = cli("open-for", SALES, "--immediate-offer-hours", "--immediate-enabled")
    assert result.code == 0
    assert "8 h 0 min (28800 s)" in result.out
    assert "to the end of the immediate offer window" in result.out
    assert "Immediate enabled" in result.out


def test_open_for_with_a_local_start_time(cli: Cli, server: MockServer) -> None:
    args = ("--start", "2026-11-25T17:30:00", "--timezone", "America/New_York")
    result = cli("open-for", SALES, *args, "--immediate-offer-hours", "--json")
    assert result.code == 0, result.err
    assert result.json()["openFor"] == 30 * 60
    assert result.json()["immediateOfferHoursOpenFor"] == 0  # after 17:00
    closed = cli("open-for", SALES, "--start", "2026-11-25T23:30:00Z", "--json")
    assert closed.json()["openFor"] == 0
    assert "closed (0)" in cli("open-for", SALES, "--start", "2026-11-25T23:30:00Z").out


def test_open_for_bad_input(cli: Cli) -> None:
    assert_usage_error(cli("open-for", SALES, "--timezone", "Mars/Base"), "--timezone")
    assert_usage_error(cli("open-for", SALES, "--start", "tomorrow"), "--start")
    assert_api_error(cli("open-for", "No_Such_Service"), 40400)


def test_availability_json_and_table(cli: Cli, server: MockServer) -> None:
    args = ("--days", "3", "--max-slots", "5", "--timezone", "America/New_York")
    result = cli("availability", SALES, *args, "--json")
    assert result.code == 0, result.err
    expected = raw_data(
        server,
        f"/callbacks/availability/{SALES}",
        numberOfDays="3",
        maxTimeSlots="5",
        timezone="America/New_York",
    )
    assert result.json() == expected
    assert 0 < len(expected["slots"]) <= 5
    table = cli("availability", SALES, *args)
    assert "Local time" in table.out and "Free" in table.out
    first = expected["slots"][0]
    assert first["utcTime"] in table.out


def test_availability_bad_input(cli: Cli) -> None:
    assert_usage_error(cli("availability", SALES, "--days", "40"), "--days")
    assert_usage_error(cli("availability", SALES, "--max-slots", "many"), "--max-slots")


def test_queue_status(cli: Cli, server: MockServer) -> None:
    result = cli("queue-status", SALES, "--json")
    assert result.code == 0
    assert result.json() == raw_data(server, f"/callbacks/queue-status/{SALES}")
    human = cli("queue-status", SALES)
    assert "Estimated wait time" in human.out and "Offer scheduled callback" in human.out


def test_ewt_for_several_queues(cli: Cli, server: MockServer) -> None:
    result = cli("ewt", SALES, "Tech_APAC", "--mode", "mode2", "--json")
    assert result.code == 0, result.err
    items = result.json()
    assert [i["virtualQueue"] for i in items] == [SALES, "Tech_APAC"]
    assert items == raw_data(
        server, "/estimated-wait-time", **{"virtual-queues": f"{SALES},Tech_APAC", "mode": "mode2"}
    )
    human = cli("ewt", SALES)
    assert "Virtual queue" in human.out and SALES in human.out
    assert_usage_error(cli("ewt", SALES, "--mode", "mode9"), "--mode")


def test_availability_defaults_to_the_services_own_zone(cli: Cli, server: MockServer) -> None:
    args = ("--days", "1", "--max-slots", "2")
    result = cli("availability", SALES, *args, "--json")
    assert result.code == 0 and result.err == "", result.err
    expected = raw_data(
        server,
        f"/callbacks/availability/{SALES}",
        numberOfDays="1",
        maxTimeSlots="2",
        timezone="America/New_York",
    )
    assert result.json() == expected and expected["timezone"] == "America/New_York"
    table = cli("availability", SALES, *args)
    assert table.err == ""
    title = table.out.splitlines()[0]
    assert title == (
        "Sales_US: 2 slots of 30 min, local time in America/New_York (the service's zone)"
    )
    assert "2026-11-25T15:00:00.000Z  Wed 2026-11-25 10:00" in table.out  # NOW is 10:00 there
    paris = cli("availability", SALES, *args, "--timezone", "Europe/Paris")
    assert "local time in Europe/Paris" in paris.out and "Wed 2026-11-25 16:00" in paris.out


def test_availability_falls_back_to_utc_and_says_why(cli: Cli, server: MockServer) -> None:
    recorded = server.emulator.errors.count()
    args = ("availability", SALES, "--days", "1", "--max-slots", "1")
    agent = cli(*args, "--json", key=KEYS["Agent"])
    assert agent.code == 0, agent.err
    assert agent.json()["timezone"] == "UTC"
    assert agent.err == (
        "times are shown in UTC: role Agent may not read the service's settings; "
        "pass --timezone ZONE to choose one\n"
    )
    human = cli(*args, key=KEYS["Agent"])
    assert "local time in UTC" in human.out and "Wed 2026-11-25 15:00" in human.out
    # The role was asked first: no refused console call left in the server's error log.
    assert server.emulator.errors.count() == recorded


def test_ewt_names_an_unknown_queue_instead_of_no_interactions(cli: Cli) -> None:
    result = cli("ewt", "Nope", SALES)
    assert result.code == 0, result.err
    row = next(line for line in result.out.splitlines() if line.startswith("Nope"))
    assert "-1 (not configured)" in row and "no interactions" not in row
    assert result.err == "warning: virtual queue 'Nope' is not configured\n"
    as_json = cli("ewt", "Nope", SALES, "--json")
    assert as_json.code == 0 and [i["virtualQueue"] for i in as_json.json()] == ["Nope", SALES]
    assert json.loads(as_json.err) == {"warning": "virtual queue 'Nope' is not configured"}


def test_ewt_exits_1_when_no_queue_asked_is_configured(cli: Cli) -> None:
    result = cli("ewt", "Nope", "Other")
    assert result.code == 1
    assert "every virtual queue asked is not configured (Nope, Other)" in result.err
    assert "correlation ID: " in result.err
    as_json = cli("ewt", "Nope", "--json")
    assert as_json.code == 1
    assert as_json.json()[0]["message"] == "virtual queue 'Nope' is not configured"
    assert as_json.err_json()["error"].endswith("is not configured (Nope)")
    assert len(as_json.err_json()["correlationId"]) == 36
