"""open-for: openFor, the three 100.0.003.0156 flags, blackout edges, `start` replacing now."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callback_tui.mock.rules.openfor import (
    immediate_offer_hours_open_for,
    open_for_result,
    version_at_least,
    within_immediate_offer_time,
)
from callback_tui.mock.rules.params import parse_start
from callback_tui.mock.rules.settings import ServiceSettings

NEW = "100.0.003.0210"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Paris office 08:00-18:00 (07:00-17:00 UTC in November).
BLACKOUT = ServiceSettings.from_dict(
    {
        "name": "blackout",
        "timezone": "Europe/Paris",
        "businessHours": {"mon-fri": ["08:00-18:00"]},
        "immediateBlackoutMin": 30,
    }
)
# Same office, Immediate Offer Hours 09:00-12:00 and 12:00-17:00 (merged: 08:00-16:00 UTC).
OFFER = ServiceSettings.from_dict(
    {
        "name": "offer",
        "timezone": "Europe/Paris",
        "businessHours": {"mon-fri": ["08:00-18:00"]},
        "immediateOfferHours": {"mon-fri": ["09:00-12:00", "12:00-17:00"]},
        "immediateBlackoutMin": 30,
        "immediateEnabled": False,
    }
)


def result(
    settings: ServiceSettings, at: datetime, ewt: int = 0, version: str = NEW
) -> dict[str, object]:
    return open_for_result(
        settings,
        at,
        ewt,
        query_immediate_offer_hours=True,
        return_within_immediate_offer_time=True,
        check_immediate_enabled=True,
        ges_version=version,
    )


def test_all_three_outputs_with_a_recent_backend() -> None:
    assert result(OFFER, utc(2026, 11, 27, 10), ewt=600) == {
        "openFor": 7 * 3600,
        "immediateOfferHoursOpenFor": 6 * 3600,  # to the end of the merged offer window
        "isWithinImmediateOfferTime": True,
        "isImmediateEnabled": False,
    }
    assert result(BLACKOUT, utc(2026, 11, 27, 10), ewt=600) == {
        "openFor": 7 * 3600,
        "immediateOfferHoursOpenFor": -1,
        "isWithinImmediateOfferTime": True,
        "isImmediateEnabled": True,
    }


def test_each_output_only_with_its_flag() -> None:
    at = utc(2026, 11, 27, 10)
    base = {
        "query_immediate_offer_hours": False,
        "return_within_immediate_offer_time": False,
        "check_immediate_enabled": False,
        "ges_version": NEW,
    }
    assert open_for_result(OFFER, at, 0, **base) == {"openFor": 25200}
    assert open_for_result(OFFER, at, 0, **{**base, "check_immediate_enabled": True}) == {
        "openFor": 25200,
        "isImmediateEnabled": False,
    }
    assert open_for_result(OFFER, at, 0, **{**base, "query_immediate_offer_hours": True}) == {
        "openFor": 25200,
        "immediateOfferHoursOpenFor": 21600,
    }


@pytest.mark.parametrize("old", ["100.0.003.0155", "100.0.002.9999", "99.9", "100.0.3.155"])
def test_older_backend_hides_the_three_outputs(old: str) -> None:
    assert result(OFFER, utc(2026, 11, 27, 10), ewt=600, version=old) == {"openFor": 25200}


def test_version_comparison_is_numeric() -> None:
    assert version_at_least("100.0.003.0156", "100.0.003.0156")
    assert version_at_least("100.0.3.156", "100.0.003.0156")
    assert version_at_least("100.0.010.0001", "100.0.003.0156")  # 10 > 3, not "010" < "003"
    assert version_at_least("101", "100.0.003.0156")
    assert not version_at_least("100.0.003", "100.0.003.0156")
    assert not version_at_least("100.0.003.0099", "100.0.003.0156")
    for bad in ("", "100.0.x", "v100", "100..3"):
        with pytest.raises(ValueError, match=r"^gesVersion:"):
            version_at_least(bad, "100.0.003.0156")


def test_immediate_offer_hours_open_for_cases() -> None:
    assert immediate_offer_hours_open_for(BLACKOUT, utc(2026, 11, 27, 10)) == -1  # not configured
    assert (
        immediate_offer_hours_open_for(OFFER, utc(2026, 11, 27, 7, 30)) == 0
    )  # open, not offering
    assert (
        immediate_offer_hours_open_for(OFFER, utc(2026, 11, 27, 16)) == 0
    )  # offer window just ended
    assert immediate_offer_hours_open_for(OFFER, utc(2026, 11, 27, 20)) == 0  # closed
    assert immediate_offer_hours_open_for(OFFER, utc(2026, 11, 28, 10)) == 0  # Saturday
    assert immediate_offer_hours_open_for(OFFER, utc(2026, 11, 27, 8)) == 8 * 3600
    assert immediate_offer_hours_open_for(OFFER, utc(2026, 11, 27, 15, 59, 1)) == 59


def test_blackout_edges_without_offer_hours() -> None:
    # Close 17:00 UTC, blackout 30 min: the last answer time that still counts is 16:30.
    assert within_immediate_offer_time(BLACKOUT, utc(2026, 11, 27, 16), 1800)
    assert not within_immediate_offer_time(BLACKOUT, utc(2026, 11, 27, 16), 1801)
    assert within_immediate_offer_time(BLACKOUT, utc(2026, 11, 27, 16, 30), 0)
    assert not within_immediate_offer_time(BLACKOUT, utc(2026, 11, 27, 16, 30, 1), 0)
    assert not within_immediate_offer_time(BLACKOUT, utc(2026, 11, 27, 6, 59), 0)  # closed now
    assert within_immediate_offer_time(BLACKOUT, utc(2026, 11, 27, 16, 30), -1)  # unknown EWT = 0


def test_offer_hours_replace_business_hours_and_blackout() -> None:
    # Offer window ends 16:00 UTC; the blackout does not apply on top of it.
    assert within_immediate_offer_time(OFFER, utc(2026, 11, 27, 15), 3600)
    assert not within_immediate_offer_time(OFFER, utc(2026, 11, 27, 15), 3601)
    assert not within_immediate_offer_time(OFFER, utc(2026, 11, 27, 7, 30), 0)  # open, not offering
    assert not within_immediate_offer_time(OFFER, utc(2026, 11, 27, 16), 0)


def test_start_replaces_now_in_every_calculation() -> None:
    now = utc(2026, 11, 27, 20)  # closed
    at, tz_name = parse_start({"start": "2026-11-27T17:00:00.000", "timezone": "Europe/Paris"}, now)
    assert (at, tz_name) == (utc(2026, 11, 27, 16), "Europe/Paris")
    assert result(OFFER, at, ewt=0) == {
        "openFor": 3600,
        "immediateOfferHoursOpenFor": 0,
        "isWithinImmediateOfferTime": False,
        "isImmediateEnabled": False,
    }
    at, tz_name = parse_start({"start": "2026-11-27T15:00:00.000Z"}, now)
    assert (at, tz_name) == (utc(2026, 11, 27, 15), "UTC")
    assert result(OFFER, at, ewt=0)["immediateOfferHoursOpenFor"] == 3600
    assert parse_start({}, now) == (now, "UTC")
    with pytest.raises(ValueError, match=r"^start:"):
        parse_start({"start": "5pm"}, now)
    with pytest.raises(ValueError, match=r"^timezone:"):
        parse_start({"start": "2026-11-27T17:00:00.000", "timezone": "Paris"}, now)
