"""Values of the Tools tab in words, business hours parsing and the purge explanation."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console

from screens.tools import meanings
from screens.tools.hours import parse_business_hours
from screens.tools.purge_help import business_day_end, explain
from screens.tools.slot_grid import BUSY_GLYPH, PAST_GLYPH, build_grid, grid_table
from screens.tools.table_fit import fit_widths

NY = ZoneInfo("America/New_York")
# Wednesday 25 Nov 2026, 10:00 in New York.
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
SALES_HOURS = parse_business_hours(
    "Mon-Fri 08:00-18:00; Sat 10:00-14:00",
    "2026-11-26 closed (Thanksgiving); 2026-12-24 08:00-12:00 (Christmas Eve)",
)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "closed"), (-5, "closed"), (3600, "open for 1 h"), (8100, "open for 2 h 15 min")],
)
def test_open_for_words(seconds: int, words: str) -> None:
    assert meanings.open_for_words(seconds) == words


def test_offer_hours_words_cover_minus_one_zero_and_seconds() -> None:
    assert meanings.offer_hours_words(-1) == "Immediate Offer Hours not configured"
    assert meanings.offer_hours_words(0) == "outside Immediate Offer Hours"
    assert meanings.offer_hours_words(5400) == (
        "within Immediate Offer Hours, 1 h 30 min until the offer window ends"
    )


def test_refresh_summary_reads_like_the_issue() -> None:
    last = NOW - timedelta(minutes=12)
    text = meanings.refresh_summary(last, last + timedelta(minutes=30), 30, NOW)
    assert text == "12 min ago, next automatic refresh in 18 min (every 30 min)"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("100.0.003.0156", True),
        ("100.0.003.0210", True),
        ("100.0.003.0155", False),
        ("99.9.999.9999", False),
        ("not-a-version", None),
        (None, None),
    ],
)
def test_extra_open_for_outputs_start_at_0156(version: str | None, expected: bool | None) -> None:
    assert meanings.has_extra_open_for(version) is expected


def test_business_hours_text_and_structured_forms_agree() -> None:
    structured = parse_business_hours(
        {"mon-fri": ["08:00-18:00"], "sat": ["10:00-14:00"]},
        {"2026-11-26": {"name": "Thanksgiving", "hours": []}, "2026-12-24": ["08:00-12:00"]},
    )
    assert structured.weekly == SALES_HOURS.weekly
    assert structured.special == SALES_HOURS.special
    assert SALES_HOURS.special_names[date(2026, 11, 26)] == "Thanksgiving"


def test_overnight_shift_ends_the_next_morning() -> None:
    hours = parse_business_hours({"fri": ["22:00-02:00"]})
    end = business_day_end(hours, date(2026, 11, 27), NY)
    assert end == datetime(2026, 11, 28, 2, 0, tzinfo=NY)


def test_callback_within_hours_is_purged_tonight() -> None:
    text = explain("Sales_US", NY, SALES_HOURS, "endOfBusinessDay", None, time(17, 0), NOW)
    assert "WILL be purged tonight if it is still open at today 18:00" in text


def test_callback_after_close_is_not_purged_tonight_and_says_why() -> None:
    text = explain("Sales_US", NY, SALES_HOURS, "endOfBusinessDay", None, time(19, 0), NOW)
    assert "will NOT be purged tonight" in text
    assert "after today's business day ends (today 18:00)" in text
    # Thursday is Thanksgiving (closed): the next business day is Friday.
    assert "next opening (Fri 27 Nov 08:00)" in text
    assert "purged at Fri 27 Nov 18:00" in text


def test_closed_day_has_no_purge_tonight() -> None:
    thanksgiving = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    text = explain("Sales_US", NY, SALES_HOURS, "endOfBusinessDay", None, time(19, 0), thanksgiving)
    assert "is closed today (Thanksgiving)" in text
    assert "will NOT be purged tonight" in text


def test_after_duration_and_off() -> None:
    soon = explain("Support", NY, None, "afterDuration", 240, time(19, 0), NOW)
    assert "WILL be purged tonight" in soon and "today 23:00" in soon
    late = explain("Support", NY, None, "afterDuration", 1440, time(19, 0), NOW)
    assert "will NOT be purged tonight" in late and "tomorrow (Thu 26 Nov) 19:00" in late
    off = explain("Tech", NY, None, "off", None, time(19, 0), NOW)
    assert "will NOT be purged tonight: purging is off for Tech" in off


def test_grid_places_cells_and_keeps_closed_days() -> None:
    data = build_grid(
        [("2026-11-25T09:00:00.000", 0, 3), (datetime(2026, 11, 25, 9, 30), 2, 3)],
        [date(2026, 11, 25), date(2026, 11, 26)],
    )
    assert data.days == [date(2026, 11, 25), date(2026, 11, 26)]
    assert data.times == ["09:00", "09:30"]
    busy = data.cells[(date(2026, 11, 25), "09:00")]
    assert busy.busy and busy.text().plain == f"{BUSY_GLYPH}0/3"
    assert data.cells[(date(2026, 11, 25), "09:30")].text().plain == "2/3"
    assert data.busy_count == 1


def test_grid_tells_past_from_closed() -> None:
    """Before the cutoff a cell is past (slot or not); a day without slots says closed; a
    day whose slots are all over says so instead of looking closed."""
    wed, thu, fri = date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)
    data = build_grid(
        [
            ("2026-11-25T09:00:00.000", 3, 3),
            ("2026-11-25T09:30:00.000", 3, 3),
            ("2026-11-27T09:00:00.000", 3, 3),
            ("2026-11-27T09:30:00.000", 1, 3),
        ],
        [wed, thu, fri],
        cutoff=datetime(2026, 11, 25, 9, 15),
    )
    console = Console(width=80, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(grid_table(data, "America/New_York"))
    lines = {
        line.split()[0] + " " + line.split()[1]: line.split()[2:]
        for line in capture.get().splitlines()
        if line.startswith(("Wed", "Thu", "Fri"))
    }
    assert lines["Wed 25"] == ["Nov", PAST_GLYPH, "3/3"]
    assert lines["Thu 26"] == ["Nov", "closed"]
    assert lines["Fri 27"] == ["Nov", "3/3", "1/3"]
    late = build_grid([("2026-11-25T09:00:00.000", 3, 3)], [wed], datetime(2026, 11, 25, 20, 0))
    with console.capture() as capture:
        console.print(grid_table(late, "America/New_York"))
    assert "Wed 25 Nov no slot left" in capture.get()


def test_fit_widths_shrinks_only_the_flexible_columns() -> None:
    natural = {"name": 10, "value": 60, "description": 40}
    widths = fit_widths(natural, {"value": 12, "description": 12}, 70)
    assert widths["name"] == 10
    assert sum(widths.values()) == 70
    assert widths["value"] > widths["description"] >= 12
    assert fit_widths(natural, {"value": 12}, 200) == natural  # fits: content width
    assert fit_widths(natural, {"value": 50}, 70)["value"] == 50  # never under the minimum


def test_purge_times_match_the_emulators_rules() -> None:
    """The console's reading of the settings rows gives the emulator's purge moments."""
    from callback_tui.mock.rules.purge import purge_due_at
    from callback_tui.mock.rules.settings import ServiceSettings, settings_rows
    from callback_tui.mock.seed import demo_services
    from client.models import Service, Setting
    from screens.tools.purge_help import next_day_end, service_hours

    overnight = {
        "name": "Night_Shift",
        "timezone": "Europe/Paris",
        "businessHours": {"mon-fri": ["22:00-02:00"], "sat": ["00:00-24:00"]},
        "specialDays": {"2026-12-24": {"name": "Christmas Eve", "hours": ["10:00-12:00"]}},
    }
    checked = 0
    for data in [*demo_services(NOW), overnight]:
        # Business hours are what matters here: compare every service in end-of-day mode.
        settings = ServiceSettings.from_dict({**data, "purgeMode": "endOfBusinessDay"})
        rows = [Setting.model_validate(row) for row in settings_rows(settings)]
        service = Service(name=settings.name, timezone=settings.timezone, settings=rows)
        hours = service_hours(service)
        assert hours is not None
        zone = ZoneInfo(settings.timezone)
        for day in (date(2026, 11, 25), date(2026, 11, 28), date(2026, 12, 24)):
            for minute in range(0, 24 * 60, 90):
                desired = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
                expected = purge_due_at(settings, desired, desired)
                assert next_day_end(hours, desired, zone) == expected, (settings.name, desired)
                checked += 1
    assert checked == 5 * 3 * 16


def test_grid_says_closed_once_for_a_day_without_slots() -> None:
    data = build_grid([("2026-11-27T08:00:00.000", 2, 2)], [date(2026, 11, 27), date(2026, 11, 28)])
    console = Console(width=60, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(grid_table(data, "Asia/Tokyo"))
    lines = capture.get().splitlines()
    assert "Slots (Asia/Tokyo)" in lines[0]
    assert next(line for line in lines if "Fri 27 Nov" in line).split()[-1] == "2/2"
    assert next(line for line in lines if "Sat 28 Nov" in line).split() == [
        "Sat",
        "28",
        "Nov",
        "closed",
    ]
