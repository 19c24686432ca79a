"""Business-hours calendar: DST, special days, midnight, merged intervals (all times pinned)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from callback_tui.mock.rules.calendar import (
    business_day_ends,
    end_of_business_day,
    is_open,
    next_open,
    offer_intervals,
    open_for,
    open_intervals,
    open_span,
)
from callback_tui.mock.rules.settings import ServiceSettings
from callback_tui.mock.rules.timeutil import wall_to_utc, zone


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def svc(tz: str, hours: dict[str, list[str]], **extra: object) -> ServiceSettings:
    return ServiceSettings.from_dict(
        {"name": "svc", "timezone": tz, "businessHours": hours, **extra}
    )


OFFICE = svc(
    "Europe/Paris",
    {"mon-fri": ["08:00-12:00", "13:00-18:00"], "sat": ["09:00-12:00"]},
    specialDays={
        "2026-12-25": {"name": "Christmas", "hours": []},
        "2026-12-24": ["10:00-14:00"],
        "2026-12-27": ["10:00-11:00"],  # a Sunday opened exceptionally
    },
)
ALWAYS_PARIS = svc("Europe/Paris", {"mon-sun": ["00:00-24:00"]})
ALWAYS_NY = svc("America/New_York", {"mon-sun": ["00:00-24:00"]})


def test_weekday_intervals_in_winter_and_summer_time() -> None:
    assert open_intervals(OFFICE, date(2026, 11, 27)) == [
        (utc(2026, 11, 27, 7), utc(2026, 11, 27, 11)),
        (utc(2026, 11, 27, 12), utc(2026, 11, 27, 17)),
    ]
    assert open_intervals(OFFICE, date(2026, 7, 3)) == [
        (utc(2026, 7, 3, 6), utc(2026, 7, 3, 10)),
        (utc(2026, 7, 3, 11), utc(2026, 7, 3, 16)),
    ]
    assert open_intervals(OFFICE, date(2026, 11, 29)) == []  # Sunday


def test_special_days_replace_the_weekday() -> None:
    assert open_intervals(OFFICE, date(2026, 12, 25)) == []
    assert open_intervals(OFFICE, date(2026, 12, 24)) == [
        (utc(2026, 12, 24, 9), utc(2026, 12, 24, 13))
    ]
    assert open_intervals(OFFICE, date(2026, 12, 27)) == [
        (utc(2026, 12, 27, 9), utc(2026, 12, 27, 10))
    ]
    assert not is_open(OFFICE, utc(2026, 12, 25, 10))
    assert open_for(OFFICE, utc(2026, 12, 24, 12, 30)) == 1800
    assert open_for(OFFICE, utc(2026, 12, 24, 13)) == 0


def test_open_for_exact_seconds_and_lunch_break() -> None:
    assert open_for(OFFICE, utc(2026, 11, 27, 7)) == 4 * 3600  # opening instant counts as open
    assert open_for(OFFICE, utc(2026, 11, 27, 10, 59, 30)) == 30
    assert open_for(OFFICE, utc(2026, 11, 27, 11)) == 0  # closing instant is closed
    assert open_for(OFFICE, utc(2026, 11, 27, 11, 30)) == 0  # lunch
    assert open_for(OFFICE, utc(2026, 11, 27, 16, 0, 0, 500_000)) == 3599  # whole seconds
    assert open_for(OFFICE, utc(2026, 11, 27, 6, 59, 59)) == 0


def test_paris_spring_forward_day() -> None:
    # 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC). The local day has 23 hours.
    [(start, end)] = open_intervals(ALWAYS_PARIS, date(2026, 3, 29))
    assert (start, end) == (utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))
    assert end - start == timedelta(hours=23)
    early = svc("Europe/Paris", {"sun": ["01:00-04:00"]})
    assert open_intervals(early, date(2026, 3, 29)) == [(utc(2026, 3, 29, 0), utc(2026, 3, 29, 2))]
    # A start inside the gap opens at the jump: 02:30 never happens, 03:00 CEST does.
    gap = svc("Europe/Paris", {"sun": ["02:30-05:00"]})
    assert open_intervals(gap, date(2026, 3, 29)) == [(utc(2026, 3, 29, 1), utc(2026, 3, 29, 3))]
    # An interval wholly inside the gap does not exist that day.
    assert open_intervals(svc("Europe/Paris", {"sun": ["02:10-02:50"]}), date(2026, 3, 29)) == []


def test_paris_fall_back_day() -> None:
    # 2026-10-25: 03:00 CEST goes back to 02:00 CET (01:00 UTC). The local day has 25 hours.
    [(start, end)] = open_intervals(ALWAYS_PARIS, date(2026, 10, 25))
    assert end - start == timedelta(hours=25)
    early = svc("Europe/Paris", {"sun": ["01:00-04:00"]})
    [(s, e)] = open_intervals(early, date(2026, 10, 25))
    assert (s, e) == (utc(2026, 10, 24, 23), utc(2026, 10, 25, 3))
    assert e - s == timedelta(hours=4)
    # The repeated 02:30 is taken at its first occurrence (CEST).
    assert wall_to_utc(datetime(2026, 10, 25, 2, 30), zone("Europe/Paris")) == utc(
        2026, 10, 25, 0, 30
    )
    # An office open 08:00-18:00 on the Friday after the change is in CET again.
    assert open_intervals(OFFICE, date(2026, 10, 26))[0][0] == utc(2026, 10, 26, 7)
    assert open_intervals(OFFICE, date(2026, 10, 23))[0][0] == utc(2026, 10, 23, 6)


def test_new_york_dst_changes() -> None:
    nine_to_five = svc("America/New_York", {"mon-fri": ["09:00-17:00"]})
    assert open_intervals(nine_to_five, date(2026, 3, 6)) == [
        (utc(2026, 3, 6, 14), utc(2026, 3, 6, 22))
    ]
    assert open_intervals(nine_to_five, date(2026, 3, 9)) == [
        (utc(2026, 3, 9, 13), utc(2026, 3, 9, 21))
    ]
    assert open_intervals(nine_to_five, date(2026, 11, 2)) == [
        (utc(2026, 11, 2, 14), utc(2026, 11, 2, 22))
    ]
    [(s, e)] = open_intervals(ALWAYS_NY, date(2026, 3, 8))
    assert (s, e, e - s) == (utc(2026, 3, 8, 5), utc(2026, 3, 9, 4), timedelta(hours=23))
    [(s, e)] = open_intervals(ALWAYS_NY, date(2026, 11, 1))
    assert (s, e, e - s) == (utc(2026, 11, 1, 4), utc(2026, 11, 2, 5), timedelta(hours=25))
    assert open_for(nine_to_five, utc(2026, 11, 27, 17)) == 5 * 3600
    # Open for is measured in real seconds across the spring-forward night.
    night = svc("America/New_York", {"sat": ["22:00-24:00"], "sun": ["00:00-06:00"]})
    assert open_for(night, utc(2026, 3, 8, 3)) == 7 * 3600  # 22:00 EST .. 06:00 EDT


def test_back_to_back_intervals_merge_within_a_day() -> None:
    split = svc("UTC", {"mon": ["08:00-12:00", "12:00-14:00", "10:00-11:00", "15:00-16:00"]})
    assert open_intervals(split, date(2026, 11, 30)) == [
        (utc(2026, 11, 30, 8), utc(2026, 11, 30, 14)),
        (utc(2026, 11, 30, 15), utc(2026, 11, 30, 16)),
    ]
    assert open_for(split, utc(2026, 11, 30, 11)) == 3 * 3600


def test_intervals_merge_across_midnight_for_open_for() -> None:
    night = svc("Europe/Paris", {"sat": ["22:00-02:00"], "sun": ["02:00-03:00"]})
    # The business day itself stops at midnight...
    assert open_intervals(night, date(2026, 11, 28)) == [
        (utc(2026, 11, 28, 21), utc(2026, 11, 28, 23))
    ]
    # ...but "how long are we still open" runs on through Sunday 03:00 local.
    assert open_for(night, utc(2026, 11, 28, 22)) == 4 * 3600
    assert open_for(night, utc(2026, 11, 29, 1, 30)) == 30 * 60
    assert open_span(night, utc(2026, 11, 28, 22)) == (utc(2026, 11, 28, 21), utc(2026, 11, 29, 2))
    # Around the clock is reported up to the 7-day horizon.
    assert open_for(ALWAYS_PARIS, utc(2026, 3, 28, 12)) == 7 * 86400


def test_end_of_business_day() -> None:
    assert end_of_business_day(OFFICE, utc(2026, 11, 27, 5)) == utc(2026, 11, 27, 17)
    assert end_of_business_day(OFFICE, utc(2026, 11, 27, 20)) == utc(2026, 11, 27, 17)
    assert end_of_business_day(OFFICE, utc(2026, 11, 28, 8)) == utc(2026, 11, 28, 11)
    assert end_of_business_day(OFFICE, utc(2026, 11, 29, 8)) is None
    assert end_of_business_day(OFFICE, utc(2026, 12, 25, 8)) is None
    # 23:30 UTC on Friday is already Saturday in Paris.
    assert end_of_business_day(OFFICE, utc(2026, 11, 27, 23, 30)) == utc(2026, 11, 28, 11)
    # An overnight shift ends the next morning; a 24/7 service ends its business day at midnight.
    shift = svc("Europe/Paris", {"fri": ["22:00-24:00"], "sat": ["00:00-02:00"]})
    assert end_of_business_day(shift, utc(2026, 11, 27, 12)) == utc(2026, 11, 28, 1)
    assert end_of_business_day(ALWAYS_PARIS, utc(2026, 11, 27, 12)) == utc(2026, 11, 27, 23)


def test_business_day_ends_and_next_open() -> None:
    assert business_day_ends(OFFICE, utc(2026, 12, 24, 13), days=5) == [
        utc(2026, 12, 26, 11),
        utc(2026, 12, 27, 10),
        utc(2026, 12, 28, 17),
    ]
    assert next_open(OFFICE, utc(2026, 11, 27, 11, 30)) == utc(2026, 11, 27, 12)
    assert next_open(OFFICE, utc(2026, 11, 27, 10)) == utc(2026, 11, 27, 10)  # already open
    assert next_open(OFFICE, utc(2026, 12, 24, 13)) == utc(2026, 12, 26, 8)  # over Christmas
    assert next_open(svc("UTC", {}), utc(2026, 1, 1)) is None


def test_offer_intervals_are_clipped_to_business_hours() -> None:
    offered = svc(
        "Europe/Paris",
        {"mon-fri": ["08:00-18:00"]},
        immediateOfferHours={"mon-fri": ["07:00-09:00", "17:00-20:00"]},
        specialDays={"2026-12-25": []},
    )
    assert offer_intervals(offered, date(2026, 11, 27)) == [
        (utc(2026, 11, 27, 7), utc(2026, 11, 27, 8)),
        (utc(2026, 11, 27, 16), utc(2026, 11, 27, 17)),
    ]
    assert offer_intervals(offered, date(2026, 12, 25)) == []
    assert offer_intervals(OFFICE, date(2026, 11, 27)) is None


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        is_open(OFFICE, datetime(2026, 11, 27, 10))
