"""CALLBACK_SETTINGS parsing, validation, the parameters table, and the injectable clocks."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from callback_tui.mock.clock import Clock, FixedClock, SystemClock
from callback_tui.mock.rules.settings import (
    SETTING_DEFINITIONS,
    PurgeMode,
    ServiceSettings,
    SpecialDay,
    WeeklyInterval,
    settings_rows,
)

PARIS = {
    "name": "support-fr",
    "timezone": "Europe/Paris",
    "businessHours": {"mon-fri": ["08:00-12:00", "13:00-18:00"], "sat": ["22:00-02:00"]},
    "specialDays": {
        "2026-12-25": {"name": "Christmas", "hours": []},
        "2026-12-24": ["10:00-14:00"],
    },
    "immediateOfferHours": {"mon-fri": ["09:00-17:00"]},
    "immediateBlackoutMin": 30,
    "slotDurationMin": 15,
    "slotCapacity": 4,
    "purgeMode": "afterDuration",
    "purgeAfterMin": 90,
    "routePoint": "7001",
}


def test_fixed_clock_is_pinned_and_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 11, 27, 9, 30, tzinfo=timezone(timedelta(hours=1))))
    assert isinstance(clock, Clock)
    assert clock.now() == datetime(2026, 11, 27, 8, 30, tzinfo=UTC)
    assert clock.now().tzinfo is UTC
    assert clock.advance(timedelta(minutes=90)) == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    clock.set(datetime(2027, 1, 1, tzinfo=UTC))
    assert clock.now() == datetime(2027, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="aware"):
        clock.set(datetime(2027, 1, 1))


def test_fixed_clock_advances_are_not_lost_across_threads() -> None:
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))

    def bump() -> None:
        for _ in range(1000):
            clock.advance(timedelta(seconds=1))

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert clock.now() == datetime(2026, 1, 1, 1, 6, 40, tzinfo=UTC)


def test_system_clock_is_aware_utc() -> None:
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_from_dict_reads_the_human_form() -> None:
    s = ServiceSettings.from_dict(PARIS)
    assert s.business_hours == (
        WeeklyInterval(0, 480, 720),
        WeeklyInterval(0, 780, 1080),
        WeeklyInterval(1, 480, 720),
        WeeklyInterval(1, 780, 1080),
        WeeklyInterval(2, 480, 720),
        WeeklyInterval(2, 780, 1080),
        WeeklyInterval(3, 480, 720),
        WeeklyInterval(3, 780, 1080),
        WeeklyInterval(4, 480, 720),
        WeeklyInterval(4, 780, 1080),
        WeeklyInterval(5, 1320, 1440),  # the overnight shift is split at midnight...
        WeeklyInterval(6, 0, 120),  # ...into Sunday morning
    )
    assert s.special_days == (
        SpecialDay(date(2026, 12, 24), ((600, 840),)),
        SpecialDay(date(2026, 12, 25), (), "Christmas"),
    )
    assert s.special_day(date(2026, 12, 25)) == SpecialDay(date(2026, 12, 25), (), "Christmas")
    assert s.special_day(date(2026, 12, 26)) is None
    assert s.purge_mode is PurgeMode.AFTER_DURATION
    assert (s.slot_duration_min, s.slot_capacity, s.purge_after_min) == (15, 4, 90)
    assert s.immediate_offer_hours is not None and len(s.immediate_offer_hours) == 5


def test_to_dict_round_trips_and_is_human_editable() -> None:
    s = ServiceSettings.from_dict(PARIS)
    d = s.to_dict()
    assert d["businessHours"]["mon"] == ["08:00-12:00", "13:00-18:00"]
    assert d["businessHours"]["sat"] == ["22:00-24:00"]
    assert d["businessHours"]["sun"] == ["00:00-02:00"]
    assert d["specialDays"] == {
        "2026-12-24": ["10:00-14:00"],
        "2026-12-25": {"name": "Christmas", "hours": []},
    }
    assert d["purgeMode"] == "afterDuration"
    assert ServiceSettings.from_dict(d) == s
    minimal = ServiceSettings.from_dict(
        {"name": "x", "timezone": "UTC", "businessHours": {"monday": ["00:00-24:00"]}}
    )
    assert minimal.to_dict()["immediateOfferHours"] is None
    assert minimal.immediate_offer_hours is None


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"slotDurationMin": 0}, "slotDurationMin"),
        ({"slotDurationMin": "30"}, "slotDurationMin"),
        ({"slotCapacity": -1}, "slotCapacity"),
        ({"immediateEnabled": "yes"}, "immediateEnabled"),
        ({"purgeMode": "weekly"}, "purgeMode"),
        ({"purgeAfterMin": 0}, "purgeAfterMin"),
        ({"businessHours": {"funday": ["08:00-18:00"]}}, "businessHours.funday"),
        ({"businessHours": {"mon": ["8-18"]}}, "businessHours.mon"),
        ({"businessHours": {"mon": ["08:00-08:00"]}}, "businessHours.mon"),
        ({"businessHours": {"mon": ["25:00-26:00"]}}, "businessHours.mon"),
        ({"businessHours": ["mon 08:00-18:00"]}, "businessHours"),
        ({"immediateOfferHours": {"tue": "09:00-17:00"}}, "immediateOfferHours.tue"),
        ({"specialDays": {"2026-02-30": []}}, "specialDays.2026-02-30"),
        ({"specialDays": {"2026-12-31": ["22:00-02:00"]}}, "specialDays.2026-12-31"),
        ({"priority": 7, "maxPriority": 5}, "priority"),
        ({"slotCapcity": 3}, "slotCapcity"),
        ({"name": ""}, "name"),
    ],
)
def test_validation_names_the_field(patch: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError) as info:
        ServiceSettings.from_dict({**PARIS, **patch})
    assert str(info.value).startswith(f"{field}:")


def test_missing_required_keys_are_named() -> None:
    for key in ("name", "timezone", "businessHours"):
        data = {k: v for k, v in PARIS.items() if k != key}
        with pytest.raises(ValueError, match=f"^{key}: is required"):
            ServiceSettings.from_dict(data)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(ValueError, match=r"^weekday:"):
        WeeklyInterval(7, 0, 60)
    with pytest.raises(ValueError, match="start < end"):
        WeeklyInterval(0, 600, 600)
    with pytest.raises(ValueError, match=r"^specialDays: 2026-12-25 is listed twice"):
        ServiceSettings(
            "x",
            "UTC",
            (),
            special_days=(SpecialDay(date(2026, 12, 25)), SpecialDay(date(2026, 12, 25))),
        )


def test_definitions_cover_every_setting_with_a_web_callback_column() -> None:
    names = [d.name for d in SETTING_DEFINITIONS]
    for expected in (
        "Business Hours",
        "Slot Duration",
        "Slot Capacity",
        "Immediate Enabled",
        "Scheduled Enabled",
        "Immediate Offer Hours",
        "Immediate Blackout (minutes)",
        "Route Point",
        "Survey Route Point",
        "Priority",
        "Purge Mode",
        "Purge After (minutes)",
        "Time Zone",
        "Agents",
        "Average Handle Time",
    ):
        assert expected in names
    by_name = {d.name: d for d in SETTING_DEFINITIONS}
    # The seed: create ignores office hours, queue enablement and slot availability...
    for ignored in ("Business Hours", "Immediate Enabled", "Scheduled Enabled"):
        assert by_name[ignored].web_callback is False
    # ...honours route point, survey RP and priority...
    for honoured in ("Route Point", "Survey Route Point", "Priority"):
        assert by_name[honoured].web_callback is True
        assert by_name[honoured].requires is None
    # ...and reads capacity only when asked to.
    assert by_name["Slot Capacity"].web_callback is True
    assert by_name["Slot Capacity"].requires == "alwaysCheckCapacity"
    assert by_name["Immediate Offer Hours"].requires == "queryImmediateOfferHours"
    assert all(d.description and len(d.description) < 120 for d in SETTING_DEFINITIONS)


def test_settings_rows_show_human_values() -> None:
    rows = settings_rows(ServiceSettings.from_dict(PARIS))
    by_name = {r["name"]: r for r in rows}
    assert set(rows[0]) == {"name", "value", "webCallback", "requires", "description"}
    assert by_name["Business Hours"]["value"] == (
        "Mon-Fri 08:00-12:00, 13:00-18:00; Sat 22:00-24:00; Sun 00:00-02:00"
    )
    assert by_name["Special Days"]["value"] == (
        "2026-12-24 10:00-14:00; 2026-12-25 closed (Christmas)"
    )
    assert by_name["Immediate Offer Hours"]["value"] == "Mon-Fri 09:00-17:00"
    assert by_name["Slot Duration"]["value"] == "15 min"
    assert by_name["Immediate Enabled"]["value"] == "Yes"
    assert by_name["Purge Mode"]["value"] == "afterDuration"
    assert by_name["Purge After (minutes)"]["value"] == "90 min"
    assert by_name["Route Point"]["value"] == "7001"
    assert by_name["Survey Route Point"]["value"] == "(none)"
    assert by_name["Slot Capacity"] == {
        "name": "Slot Capacity",
        "value": "4",
        "webCallback": True,
        "requires": "alwaysCheckCapacity",
        "description": by_name["Slot Capacity"]["description"],
    }
    bare = ServiceSettings.from_dict({"name": "x", "timezone": "UTC", "businessHours": {}})
    bare_rows = {r["name"]: r["value"] for r in settings_rows(bare)}
    assert bare_rows["Immediate Offer Hours"] == "not configured"
    assert bare_rows["Business Hours"] == "closed every day"
    assert bare_rows["Special Days"] == "none"


def test_weekday_ranges_wrap_and_full_names_are_accepted() -> None:
    s = ServiceSettings.from_dict(
        {
            "name": "x",
            "timezone": "UTC",
            "businessHours": {"fri-mon": ["10:00-11:00"], "Wednesday": ["00:00-24:00"]},
        }
    )
    assert [(i.weekday, i.start_min, i.end_min) for i in s.business_hours] == [
        (0, 600, 660),
        (2, 0, 1440),
        (4, 600, 660),
        (5, 600, 660),
        (6, 600, 660),
    ]
