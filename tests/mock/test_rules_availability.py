"""availability: slots, capacity, reportBusy, maxTimeSlots and every range parameter of ref §1.4."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callback_tui.mock.rules.availability import (
    availability,
    parse_query_range,
    proposed_slots,
    slot_start_for,
)
from callback_tui.mock.rules.params import parse_bool, parse_max_time_slots
from callback_tui.mock.rules.settings import ServiceSettings


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ms(dt: datetime) -> str:
    return str(int(dt.timestamp() * 1000))


OFFICE = ServiceSettings.from_dict(
    {
        "name": "office",
        "timezone": "Europe/Paris",
        "businessHours": {"mon-fri": ["08:00-10:00", "10:15-11:00"], "sat": ["09:00-10:00"]},
        "specialDays": {"2026-12-25": []},
        "slotDurationMin": 30,
        "slotCapacity": 3,
    }
)
NOW = utc(2026, 11, 27, 6, 7)  # Friday 07:07 in Paris


def local_times(data: dict[str, object]) -> list[tuple[str, int]]:
    return [(s["localTime"][11:16], s["capacity"]) for s in data["slots"]]  # type: ignore[attr-defined,index]


def test_slots_are_aligned_to_each_interval_start_and_trailing_pieces_dropped() -> None:
    data = availability(OFFICE, utc(2026, 11, 27), utc(2026, 11, 28), {}, tz_name="Europe/Paris")
    assert local_times(data) == [
        ("08:00", 3),
        ("08:30", 3),
        ("09:00", 3),
        ("09:30", 3),
        ("10:15", 3),
    ]  # fmt: skip  (10:45-11:00 is shorter than a slot)
    assert data["durationMin"] == 30
    assert data["timezone"] == "Europe/Paris"
    assert data["slots"][0] == {  # type: ignore[index]
        "utcTime": "2026-11-27T07:00:00.000Z",
        "localTime": "2026-11-27T08:00:00.000",
        "capacity": 3,
        "total": 3,
    }


def test_capacity_is_what_is_left_and_full_slots_are_hidden_unless_report_busy() -> None:
    booked = {utc(2026, 11, 27, 7): 3, utc(2026, 11, 27, 7, 30): 1, utc(2026, 11, 27, 8): 9}
    day = (utc(2026, 11, 27), utc(2026, 11, 28))
    hidden = availability(OFFICE, *day, booked, tz_name="Europe/Paris")
    assert local_times(hidden) == [("08:30", 2), ("09:30", 3), ("10:15", 3)]
    busy = availability(OFFICE, *day, booked, report_busy=True, tz_name="Europe/Paris")
    assert local_times(busy) == [
        ("08:00", 0),
        ("08:30", 2),
        ("09:00", 0),
        ("09:30", 3),
        ("10:15", 3),
    ]
    assert {s["total"] for s in busy["slots"]} == {3}  # type: ignore[index]


def test_max_time_slots_counts_returned_slots() -> None:
    booked = {utc(2026, 11, 27, 7): 3}
    day = (utc(2026, 11, 27), utc(2026, 11, 28))
    capped = availability(OFFICE, *day, booked, max_time_slots=2, tz_name="Europe/Paris")
    assert local_times(capped) == [("08:30", 3), ("09:00", 3)]
    capped_busy = availability(
        OFFICE, *day, booked, max_time_slots=2, report_busy=True, tz_name="Europe/Paris"
    )
    assert local_times(capped_busy) == [("08:00", 0), ("08:30", 3)]


def test_only_slots_starting_in_range_and_local_time_in_the_requested_zone() -> None:
    data = availability(
        OFFICE, utc(2026, 11, 27, 7, 30), utc(2026, 11, 27, 8, 30), {}, tz_name="America/New_York"
    )
    assert [(s["utcTime"], s["localTime"]) for s in data["slots"]] == [  # type: ignore[index]
        ("2026-11-27T07:30:00.000Z", "2026-11-27T02:30:00.000"),
        ("2026-11-27T08:00:00.000Z", "2026-11-27T03:00:00.000"),
    ]
    assert data["timezone"] == "America/New_York"


def test_weekend_and_holiday() -> None:
    weekend = availability(OFFICE, utc(2026, 11, 28), utc(2026, 11, 30), {}, tz_name="UTC")
    assert [s["utcTime"] for s in weekend["slots"]] == [  # type: ignore[index]
        "2026-11-28T08:00:00.000Z", "2026-11-28T08:30:00.000Z",
    ]  # fmt: skip
    christmas = availability(OFFICE, utc(2026, 12, 25), utc(2026, 12, 26), {}, tz_name="UTC")
    assert christmas["slots"] == []


def test_slots_on_a_25_hour_day() -> None:
    always = ServiceSettings.from_dict(
        {
            "name": "ny",
            "timezone": "America/New_York",
            "businessHours": {"mon-sun": ["00:00-24:00"]},
            "slotDurationMin": 60,
            "slotCapacity": 1,
        }
    )
    data = availability(
        always, utc(2026, 11, 1, 4), utc(2026, 11, 2, 5), {}, tz_name="America/New_York"
    )
    hours = [s["localTime"][11:13] for s in data["slots"]]  # type: ignore[index]
    assert len(hours) == 25
    assert hours[:4] == ["00", "01", "01", "02"]  # 01:00 EDT, then 01:00 EST


def test_slot_start_for() -> None:
    assert slot_start_for(OFFICE, utc(2026, 11, 27, 8, 17)) == utc(2026, 11, 27, 8)
    assert slot_start_for(OFFICE, utc(2026, 11, 27, 7)) == utc(2026, 11, 27, 7)
    assert slot_start_for(OFFICE, utc(2026, 11, 27, 9, 50)) is None  # 10:50 local: trailing piece
    assert slot_start_for(OFFICE, utc(2026, 11, 27, 9, 5)) is None  # 10:05 local: closed
    assert slot_start_for(OFFICE, utc(2026, 11, 29, 9)) is None  # Sunday


def test_proposed_slots_are_the_nearest_free_ones_in_time_order() -> None:
    booked = {utc(2026, 11, 27, 8): 3, utc(2026, 11, 27, 8, 30): 3}
    assert proposed_slots(OFFICE, utc(2026, 11, 27, 8), booked, limit=3) == {
        "2026-11-27T07:00:00.000Z": "3",
        "2026-11-27T07:30:00.000Z": "3",
        "2026-11-27T09:15:00.000Z": "3",
    }
    partly = {utc(2026, 11, 27, 7, 30): 2}
    got = proposed_slots(OFFICE, utc(2026, 11, 27, 7, 40), partly, limit=2)
    assert got == {"2026-11-27T07:30:00.000Z": "1", "2026-11-27T08:00:00.000Z": "3"}
    later = proposed_slots(
        OFFICE, utc(2026, 11, 27, 8), booked, limit=2, not_before=utc(2026, 11, 27, 7, 45)
    )
    assert later == {"2026-11-27T09:15:00.000Z": "3", "2026-11-28T08:00:00.000Z": "3"}  # Sat
    assert len(proposed_slots(OFFICE, utc(2026, 11, 27, 8), {})) == 10


# --- parameters (ref §1.4) --------------------------------------------------------------------


def test_bare_call_is_the_rest_of_today() -> None:
    assert parse_query_range({}, NOW) == (NOW, utc(2026, 11, 28), "UTC")
    assert parse_query_range({"timezone": "Europe/Paris"}, NOW) == (
        NOW,
        utc(2026, 11, 27, 23),
        "Europe/Paris",
    )


def test_start_end_in_utc_and_in_local_time() -> None:
    utc_range = {"start": "2026-11-30T08:00:00.000Z", "end": "2026-11-30T12:00:00.000Z"}
    assert parse_query_range(utc_range, NOW) == (utc(2026, 11, 30, 8), utc(2026, 11, 30, 12), "UTC")
    # Without timezone a time without offset is UTC.
    assert parse_query_range({"start": "2026-11-30T08:00:00.000"}, NOW)[0] == utc(2026, 11, 30, 8)
    local = {
        "start": "2026-11-30T08:00:00.000",
        "end": "2026-11-30T12:00:00.000",
        "timezone": "Europe/Paris",
    }
    assert parse_query_range(local, NOW) == (
        utc(2026, 11, 30, 7),
        utc(2026, 11, 30, 11),
        "Europe/Paris",
    )
    # An explicit end equal to start means that whole local day, like a missing end.
    same = {"start": "2026-11-30T08:00:00.000Z", "end": "2026-11-30T08:00:00.000Z"}
    assert parse_query_range(same, NOW)[1] == utc(2026, 12, 1)


def test_start_ms_and_end_ms() -> None:
    got = parse_query_range(
        {"startMS": ms(utc(2026, 11, 30, 7)), "endMS": ms(utc(2026, 12, 2, 7))}, NOW
    )
    assert got == (utc(2026, 11, 30, 7), utc(2026, 12, 2, 7), "UTC")
    got = parse_query_range({"startMS": ms(utc(2026, 11, 30, 7)), "numberOfDays": "1"}, NOW)
    assert got[:2] == (utc(2026, 11, 30, 7), utc(2026, 12, 1, 7))
    # startMS with neither endMS nor numberOfDays: end = start, i.e. the rest of that day.
    got = parse_query_range({"startMS": ms(utc(2026, 11, 30, 7)), "timezone": "Europe/Paris"}, NOW)
    assert got[:2] == (utc(2026, 11, 30, 7), utc(2026, 11, 30, 23))


def test_number_of_days_counts_local_days_across_dst() -> None:
    got = parse_query_range(
        {"start": "2026-10-24T00:00:00.000", "numberOfDays": "2", "timezone": "Europe/Paris"}, NOW
    )
    assert got[:2] == (utc(2026, 10, 23, 22), utc(2026, 10, 25, 23))
    assert got[1] - got[0] == timedelta(hours=49)
    assert parse_query_range({"numberOfDays": "31"}, NOW)[1] == NOW + timedelta(days=31)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-11-30T08:00:00.000Z", "startMS": "1795766400000"}, "startMS"),
        ({"end": "2026-11-30T08:00:00.000Z", "numberOfDays": "2"}, "numberOfDays"),
        ({"endMS": "1795766400000", "end": "2026-11-30T08:00:00.000Z"}, "endMS"),
        ({"numberOfDays": "32"}, "numberOfDays"),
        ({"numberOfDays": "0"}, "numberOfDays"),
        ({"numberOfDays": "two"}, "numberOfDays"),
        ({"end": "2027-01-01T00:00:00.000Z"}, "end"),  # 35 days
        ({"start": "2026-01-01T00:00:00.000Z", "end": "2036-01-01T00:00:00.000Z"}, "end"),
        ({"endMS": ms(NOW + timedelta(days=31, seconds=1))}, "endMS"),
        ({"end": "2026-11-26T00:00:00.000Z"}, "end"),  # before start
        ({"start": "tomorrow"}, "start"),
        ({"start": "2026-13-01T00:00:00.000Z"}, "start"),
        ({"end": "2026-11-30 8h"}, "end"),
        ({"startMS": "abc"}, "startMS"),
        ({"startMS": "1e12"}, "startMS"),
        ({"startMS": "99999999999999999999"}, "startMS"),
        ({"endMS": "-5"}, "endMS"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"start": "2026-03-29T02:30:00.000", "timezone": "Europe/Paris"}, "start"),  # DST gap
        ({"start": "2026-10-25T02:30:00.000", "timezone": "Europe/Paris"}, "start"),  # DST fold
    ],
)
def test_bad_parameters_name_the_parameter(params: dict[str, str], field: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_query_range(params, NOW)
    assert str(info.value).startswith(f"{field}:")


def test_exactly_31_days_is_allowed() -> None:
    start, end, _ = parse_query_range({"endMS": ms(NOW + timedelta(days=31))}, NOW)
    assert end - start == timedelta(days=31)


def test_dst_local_times_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="does not exist in Europe/Paris"):
        parse_query_range({"start": "2026-03-29T02:30:00.000", "timezone": "Europe/Paris"}, NOW)
    with pytest.raises(ValueError, match="ambiguous in Europe/Paris"):
        parse_query_range({"start": "2026-10-25T02:30:00.000", "timezone": "Europe/Paris"}, NOW)


def test_report_busy_and_max_time_slots_parsing() -> None:
    assert parse_bool({}, "reportBusy") is False
    assert parse_bool({"reportBusy": "TRUE"}, "reportBusy") is True
    assert parse_bool({"reportBusy": "false"}, "reportBusy") is False
    with pytest.raises(ValueError, match=r"^reportBusy:"):
        parse_bool({"reportBusy": "yes"}, "reportBusy")
    assert parse_max_time_slots({}) is None
    assert parse_max_time_slots({"maxTimeSlots": "5"}) == 5
    for bad in ("0", "-1", "1000000000", "ten", "2.5"):
        with pytest.raises(ValueError, match=r"^maxTimeSlots:"):
            parse_max_time_slots({"maxTimeSlots": bad})
