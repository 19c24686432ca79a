"""`callbacks book|reschedule`: past times refused, the console's preflight warned, --strict.

NOW (conftest) is Wednesday 2026-11-25 15:00 UTC: 10:00 in New York, where Sales_US is open
08:00-18:00 (Immediate Offer Hours 09:00-17:00, 30-minute slots of capacity 3); Billing_EU has
scheduled callbacks disabled; Tech_APAC (Tokyo, 08:00-20:00) has immediate callbacks disabled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest

from callback_tui.commands import values
from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from tests.cli.conftest import NOW, Cli, Result, assert_usage_error

SALES = "Sales_US"
PHONE = "+15550102030"
CLOSED_AT = "2026-11-28T03:00:00Z"  # Friday 22:00 in New York
OPEN_AT = "2026-11-26T16:00:00Z"  # Thursday 11:00 in New York


def callbacks_of(cli: Cli, service: str) -> set[str]:
    result = cli("callbacks", "list", "--service", service, "--limit", "100000", "--json")
    assert result.code == 0, result.err
    return {item["id"] for item in result.json_lines()}


def warning_codes(result: Result) -> list[str]:
    """The codes of the JSON warnings on stderr (--json)."""
    lines = [json.loads(line) for line in result.err.splitlines() if line.strip()]
    return [line["code"] for line in lines if "warning" in line]


@pytest.fixture
def clock_at(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[datetime], None]]:
    """Move the emulator's clock and the CLI's "now" together; back to NOW afterwards."""
    clock = server.emulator.clock
    assert isinstance(clock, FixedClock)

    def move(when: datetime) -> None:
        clock.set(when)
        monkeypatch.setattr(values, "now_utc", lambda: when)

    yield move
    clock.set(NOW)


def test_a_past_time_is_refused_before_anything_is_sent(cli: Cli) -> None:
    before = callbacks_of(cli, SALES)
    for past in ("2020-01-01T10:00Z", "2026-11-25T14:00:00Z", "2026-11-25T09:59:00-05:00"):
        result = cli("callbacks", "book", SALES, PHONE, "--at", past)
        assert_usage_error(result, "--at")
        assert "is in the past (now is 2026-11-25 15:00:00 UTC)" in result.err
        assert result.out == ""
    assert callbacks_of(cli, SALES) == before
    ident = cli("callbacks", "book", SALES, PHONE, "--at", OPEN_AT, "--json").json()["id"]
    moved = cli("callbacks", "reschedule", ident, "--at", "2020-01-01T10:00Z")
    assert_usage_error(moved, "--at")
    shown = cli("callbacks", "show", ident, "--json").json()
    assert shown["desiredTime"] == "2026-11-26T16:00:00.000Z"


def test_a_closed_office_is_warned_and_strict_books_nothing(cli: Cli) -> None:
    result = cli("callbacks", "book", SALES, PHONE, "--at", CLOSED_AT)
    assert result.code == 0, result.err
    assert result.out.startswith("Booked scheduled callback ")
    assert (
        "warning: The office is closed at Fri 2026-11-27 22:00 EST (03:00 UTC): "
        "open-for returned 0. GES books it anyway." in result.err
    )
    assert "1 preflight warning; booking anyway (--strict refuses instead)" in result.err

    before = callbacks_of(cli, SALES)
    strict = cli("callbacks", "book", SALES, PHONE, "--at", CLOSED_AT, "--strict")
    assert (strict.code, strict.out) == (1, "")
    assert "is closed at Fri 2026-11-27 22:00 EST" in strict.err
    assert "error: not booked: 1 preflight warning and --strict" in strict.err
    assert callbacks_of(cli, SALES) == before


def test_an_open_slot_books_without_warnings(cli: Cli) -> None:
    result = cli("callbacks", "book", SALES, PHONE, "--at", "2026-11-26T17:00:00Z", "--strict")
    assert result.code == 0, result.err
    assert result.err == ""
    assert result.out.startswith("Booked scheduled callback ")


def test_json_mode_warnings_are_json_lines_on_stderr(cli: Cli) -> None:
    # Billing_EU: Thursday 11:00 in Berlin, open, but Scheduled Enabled is off.
    args = ("callbacks", "book", "Billing_EU", PHONE, "--at", "2026-11-26T10:00:00Z", "--json")
    result = cli(*args)
    assert result.code == 0, result.err
    assert set(result.json()) == {"id"}
    assert warning_codes(result) == ["queue-disabled"]
    warning = json.loads(result.err.splitlines()[0])
    assert "not enabled for scheduled callbacks" in warning["warning"]
    strict = cli(*args, "--strict")
    assert strict.code == 1 and strict.out == ""
    assert strict.err_json() == {
        "error": "not booked: 1 preflight warning and --strict",
        "warnings": 1,
    }


def test_a_full_slot_is_warned_with_free_ones_near_it(cli: Cli) -> None:
    at = "2026-11-30T16:00:00Z"  # Monday 11:00 in New York
    free = cli(
        "availability", SALES, "--start", at, "--max-slots", "1", "--timezone", "UTC", "--json"
    ).json()["slots"][0]
    assert free["utcTime"] == "2026-11-30T16:00:00.000Z"
    booked = []
    for _ in range(free["capacity"]):
        result = cli("callbacks", "book", SALES, PHONE, "--at", at, "--strict", "--json")
        assert result.code == 0 and result.err == "", result.err
        booked.append(result.json()["id"])
    over = cli("callbacks", "book", SALES, PHONE, "--at", "2026-11-30T16:10:00Z")
    assert over.code == 0
    assert "warning: The slot at Mon 2026-11-30 11:00 EST (16:00 UTC) is full (3 of 3" in over.err
    assert "--check-capacity has the server refuse it" in over.err
    assert "Free slots near it: 2026-11-30T15:30:00.000Z" in over.err

    refused = cli("callbacks", "book", SALES, PHONE, "--at", at, "--check-capacity", "--strict")
    assert refused.code == 1 and "not booked" in refused.err
    assert "--check-capacity: the server will refuse it" in refused.err

    # Moving a callback within its own (full) slot does not count it twice.
    within = cli("callbacks", "reschedule", booked[0], "--at", "2026-11-30T16:15:00Z", "--strict")
    assert within.code == 0, within.err
    assert "full" not in within.err


def test_reschedule_runs_the_same_preflight(cli: Cli) -> None:
    ident = cli("callbacks", "book", SALES, PHONE, "--at", OPEN_AT, "--json").json()["id"]
    strict = cli("callbacks", "reschedule", ident, "--at", CLOSED_AT, "--strict")
    assert (strict.code, strict.out) == (1, "")
    assert "closed at Fri 2026-11-27 22:00 EST (03:00 UTC)" in strict.err
    assert "GES moves it there anyway" in strict.err
    assert "not rescheduled: 1 preflight warning and --strict" in strict.err
    shown = cli("callbacks", "show", ident, "--json").json()
    assert shown["desiredTime"] == "2026-11-26T16:00:00.000Z"
    moved = cli("callbacks", "reschedule", ident, "--at", CLOSED_AT)
    assert moved.code == 0 and f"Rescheduled callback {ident}" in moved.out
    assert "1 preflight warning; rescheduling anyway" in moved.err


def test_immediate_outside_offer_hours_and_queue_not_enabled(
    cli: Cli, clock_at: Callable[[datetime], None]
) -> None:
    clock_at(datetime.fromisoformat("2026-11-25T22:30:00+00:00"))  # 17:30 in New York
    late = cli("callbacks", "book", SALES, PHONE, "--json")
    assert late.code == 0, late.err
    assert warning_codes(late) == ["outside-offer-hours"]
    assert "outside the Immediate Offer Hours" in late.err

    clock_at(datetime.fromisoformat("2026-11-26T01:00:00+00:00"))  # Thursday 10:00 in Tokyo
    apac = cli("callbacks", "book", "Tech_APAC", PHONE, "--strict")
    assert (apac.code, apac.out) == (1, "")
    assert "queue Tech_APAC is not enabled for immediate callbacks" in apac.err

    clock_at(datetime.fromisoformat("2026-11-26T04:00:00+00:00"))  # 23:00 in New York
    closed = cli("callbacks", "book", SALES, PHONE, "--json")
    assert warning_codes(closed) == ["closed"]
    assert "closed now (Wed 2026-11-25 23:00 EST (04:00 UTC))" in closed.err


def test_a_failed_check_is_a_warning_then_the_server_decides(cli: Cli) -> None:
    result = cli("callbacks", "book", "No_Such_Service", PHONE, "--strict")
    assert result.code == 1 and result.out == ""
    assert "Could not check open-for: service-name: unknown callback service" in result.err
    assert "not booked: 2 preflight warnings and --strict" in result.err
