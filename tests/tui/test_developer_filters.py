"""Parsing of what support staff type or paste into the Errors search and filter fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from screens.developer.errors_filters import (
    ErrorFilters,
    FilterError,
    clean_correlation_id,
    parse_filters,
    parse_method,
    parse_search,
    parse_status,
    parse_time,
)
from screens.developer.key_validation import check_key_text

NOW = datetime(2026, 11, 27, 14, 30, tzinfo=UTC)
ID = "0b3f9540-a8c9-11e9-881c-4d2a3bc3e1f0"


@pytest.mark.parametrize(
    "pasted",
    [
        ID,
        f"  {ID}\n",
        f'"{ID}"',
        f"'{ID}',",
        f"`{ID}`",
        f"corrId: {ID}",
        f"X-Correlation-ID={ID}",
        ID.upper(),
    ],
)
def test_pasted_ids_are_cleaned(pasted: str) -> None:
    assert clean_correlation_id(pasted) == ID
    assert parse_search(pasted) == ID


def test_search_prefix_rules() -> None:
    assert parse_search("") is None
    assert parse_search("0b3f") == "0b3f"
    with pytest.raises(FilterError, match="at least 4"):
        parse_search("0b3")
    with pytest.raises(FilterError, match="only hex digits"):
        parse_search("not an id")


def test_status_and_method() -> None:
    assert parse_status(" 500, 5701 ") == "500,5701"
    assert parse_status("") is None
    with pytest.raises(FilterError) as bad:
        parse_status("5xx")
    assert bad.value.field == "status"
    assert parse_method(" post ") == "POST"
    with pytest.raises(FilterError):
        parse_method("FETCH")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", NOW - timedelta(hours=2)),
        ("30m", NOW - timedelta(minutes=30)),
        ("1d", NOW - timedelta(days=1)),
        ("1w", NOW - timedelta(weeks=1)),
        ("2026-11-27T08:30Z", datetime(2026, 11, 27, 8, 30, tzinfo=UTC)),
        ("2026-11-27T09:30:00+01:00", datetime(2026, 11, 27, 8, 30, tzinfo=UTC)),
        ("2026-11-27", datetime(2026, 11, 27, tzinfo=UTC)),  # no offset: UTC
    ],
)
def test_times(text: str, expected: datetime) -> None:
    assert parse_time(text, "since", NOW) == expected


def test_range_must_be_ordered_and_params_only_hold_what_is_set() -> None:
    with pytest.raises(FilterError) as bad:
        parse_filters("", "", "", "1h", "2h", NOW)
    assert bad.value.field == "until"
    filters = parse_filters("", "500", "get", "", "", NOW)
    assert filters.as_params() == {"status": ["500"], "method": "GET"}
    assert ErrorFilters().as_params() == {} and ErrorFilters().describe() == "all errors"


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "Paste an API key"), ("a b", "contains spaces"), ("k" * 513, "longer than 512")],
)
def test_key_text_that_is_not_worth_a_request(text: str, problem: str) -> None:
    key, message = check_key_text(text)
    assert key is None and message is not None and problem in message


def test_key_text_is_trimmed() -> None:
    assert check_key_text('  "abc-123"\n') == ("abc-123", None)
