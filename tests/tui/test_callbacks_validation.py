"""Form checks of the Book and Reschedule forms (pure functions, no app)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from screens.callbacks.validation import (
    FieldError,
    field_of_server_message,
    normalise_phone,
    parse_priority,
    parse_time,
    parse_user_data,
    parse_zone,
    phone_digits,
    require_future,
)

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("+1 (555) 010-2020", "+15550102020"),
        ("555.010.2020", "5550102020"),
        ("+4930123", "+4930123"),
    ],
)
def test_phone_numbers_are_normalised_like_the_server_does(typed: str, sent: str) -> None:
    assert normalise_phone(typed) == sent


@pytest.mark.parametrize("typed", ["", "12ab", "123456", "+1234567890123456", "++15550102020"])
def test_bad_phone_numbers_name_the_phone_field(typed: str) -> None:
    with pytest.raises(FieldError) as caught:
        normalise_phone(typed)
    assert caught.value.field == "phone"


def test_times_are_read_in_the_zone_unless_they_carry_an_offset() -> None:
    assert parse_time("2026-11-26 10:00", "America/New_York") == datetime(
        2026, 11, 26, 15, 0, tzinfo=UTC
    )
    assert parse_time("2026-11-26T10:00:00+01:00", "America/New_York") == datetime(
        2026, 11, 26, 9, 0, tzinfo=UTC
    )
    assert parse_time("2026-11-26 10:00Z", "") == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def test_naive_time_without_zone_is_refused() -> None:
    with pytest.raises(FieldError, match="no time zone") as caught:
        parse_time("2026-11-26 10:00", "  ")
    assert caught.value.field == "time"


def test_unparsable_time_and_unknown_zone() -> None:
    with pytest.raises(FieldError, match="Not a date/time"):
        parse_time("next tuesday", "UTC")
    with pytest.raises(FieldError, match="Unknown time zone") as caught:
        parse_time("2026-11-26 10:00", "Mars/Olympus")
    assert caught.value.field == "zone"
    with pytest.raises(FieldError):
        parse_zone("")


def test_daylight_saving_gaps_and_repeats_are_refused() -> None:
    with pytest.raises(FieldError, match="does not exist"):
        parse_time("2026-03-08 02:30", "America/New_York")
    with pytest.raises(FieldError, match="occurs twice"):
        parse_time("2026-11-01 01:30", "America/New_York")


def test_past_times_are_refused() -> None:
    with pytest.raises(FieldError, match="in the past"):
        require_future(datetime(2026, 11, 25, 13, 59, tzinfo=UTC), NOW)
    assert require_future(NOW, NOW) == NOW


def test_user_data_lines_and_keys_that_the_api_ignores() -> None:
    parsed = parse_user_data("customerId = C123\n# note\n\nbad-key=x\n$ok=1\n")
    assert parsed.values == {"customerId": "C123", "bad-key": "x", "$ok": "1"}
    assert parsed.ignored_keys == ("bad-key",)
    with pytest.raises(FieldError, match="Line 1: write key=value"):
        parse_user_data("no equals sign")
    with pytest.raises(FieldError, match="appears twice"):
        parse_user_data("a=1\na=2")


def test_priority_and_misc() -> None:
    assert parse_priority("") is None
    assert parse_priority(" 5 ") == 5
    with pytest.raises(FieldError):
        parse_priority("high")
    assert phone_digits("+1 (555) 01") == "155501"


def test_server_messages_map_to_form_fields() -> None:
    assert field_of_server_message("phoneNumber: must be 7 to 15 digits") == "phone"
    assert field_of_server_message("serviceName: unknown callback service 'x'") == "service"
    assert field_of_server_message("desiredTime: needs an explicit offset") == "time"
    assert field_of_server_message("internal error") is None
