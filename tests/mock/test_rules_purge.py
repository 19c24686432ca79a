"""Purge: scheduling, candidates in both modes, and the sentence the console shows."""

from __future__ import annotations

from datetime import UTC, datetime

from callback_tui.mock.rules.purge import (
    CallbackRecord,
    describe_schedule,
    explain_purge,
    next_purge,
    purge_candidates,
    purge_due_at,
)
from callback_tui.mock.rules.settings import ServiceSettings


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def svc(**extra: object) -> ServiceSettings:
    base: dict[str, object] = {
        "name": "support-fr",
        "timezone": "Europe/Paris",
        # 07:00-17:00 UTC on weekdays, 08:00-11:00 UTC on Saturday (November).
        "businessHours": {"mon-fri": ["08:00-18:00"], "sat": ["09:00-12:00"]},
        "specialDays": {"2026-12-25": {"name": "Christmas", "hours": []}},
        "purgeMode": "endOfBusinessDay",
    }
    return ServiceSettings.from_dict({**base, **extra})


EOD = svc()
DURATION = svc(purgeMode="afterDuration", purgeAfterMin=60)
OFF = svc(purgeMode="off")
NOW = utc(2026, 11, 27, 10)  # Friday 11:00 in Paris


def cb(
    cid: str, desired: datetime, created: datetime | None = None, state: str = "QUEUED"
) -> CallbackRecord:
    return CallbackRecord(cid, desired, created or utc(2026, 11, 20), state)


def test_next_purge_end_of_business_day() -> None:
    assert next_purge(EOD, NOW) == utc(2026, 11, 27, 17)
    assert next_purge(EOD, utc(2026, 11, 27, 17)) == utc(2026, 11, 28, 11)  # just ran: Saturday's
    assert next_purge(EOD, utc(2026, 11, 28, 12)) == utc(2026, 11, 30, 17)  # Sunday closed
    assert next_purge(EOD, utc(2026, 12, 24, 18)) == utc(2026, 12, 26, 11)  # over Christmas
    assert next_purge(svc(businessHours={}), NOW) is None


def test_next_purge_other_modes() -> None:
    assert next_purge(DURATION, NOW) is None
    assert next_purge(OFF, NOW) is None
    assert describe_schedule(DURATION, NOW) == "continuously, callbacks still open 60 min after due"
    assert describe_schedule(OFF, NOW) == "off: callbacks are never purged automatically"
    assert describe_schedule(EOD, NOW) == (
        "at the end of each business day; next Fri 27 Nov 18:00 Europe/Paris"
    )


def test_end_of_business_day_candidates_after_close() -> None:
    after_close = utc(2026, 11, 27, 17, 30)
    callbacks = [
        cb("morning", utc(2026, 11, 27, 8)),
        cb("last-minute", utc(2026, 11, 27, 16, 59), state="SCHEDULED"),
        cb("evening", utc(2026, 11, 27, 18), state="SCHEDULED"),  # 19:00 local: after close
        cb("done", utc(2026, 11, 27, 8), state="COMPLETED"),
        cb("thursday", utc(2026, 11, 26, 9), state="PROCESSING"),
        cb("monday", utc(2026, 11, 30, 8), state="SCHEDULED"),
    ]
    assert purge_candidates(EOD, callbacks, after_close) == ["morning", "last-minute", "thursday"]
    # Before today's close only what yesterday's close left behind goes.
    assert purge_candidates(EOD, callbacks, NOW) == ["thursday"]
    # Exactly at close the business day has ended.
    assert purge_candidates(EOD, callbacks, utc(2026, 11, 27, 17)) == [
        "morning",
        "last-minute",
        "thursday",
    ]
    # The evening callback goes when Saturday's business day ends, if still open.
    assert "evening" in purge_candidates(EOD, callbacks, utc(2026, 11, 28, 11))


def test_after_duration_candidates() -> None:
    now = utc(2026, 11, 27, 12)
    callbacks = [
        cb("61-min", utc(2026, 11, 27, 10, 59)),
        cb("60-min", utc(2026, 11, 27, 11)),
        cb("59-min", utc(2026, 11, 27, 11, 1)),
        cb("immediate", utc(2026, 11, 27, 11, 30), utc(2026, 11, 27, 11, 30)),
        # Booked at 11:30 for a time already past: its age counts from creation.
        cb("backdated", utc(2026, 11, 27, 9), utc(2026, 11, 27, 11, 30)),
        cb("done", utc(2026, 11, 27, 9), state="COMPLETED"),
        cb("future", utc(2026, 11, 28, 9), state="SCHEDULED"),
    ]
    assert purge_candidates(DURATION, callbacks, now) == ["61-min", "60-min"]
    assert purge_candidates(DURATION, callbacks, utc(2026, 11, 27, 12, 30)) == [
        "61-min",
        "60-min",
        "59-min",
        "immediate",
        "backdated",
    ]
    assert purge_candidates(OFF, callbacks, utc(2030, 1, 1)) == []


def test_purge_due_at() -> None:
    assert purge_due_at(EOD, utc(2026, 11, 27, 8), utc(2026, 11, 27, 7)) == utc(2026, 11, 27, 17)
    assert purge_due_at(EOD, utc(2026, 11, 27, 18), NOW) == utc(2026, 11, 28, 11)
    assert purge_due_at(DURATION, utc(2026, 11, 27, 8), utc(2026, 11, 27, 7)) == utc(
        2026, 11, 27, 9
    )
    assert purge_due_at(OFF, utc(2026, 11, 27, 8), utc(2026, 11, 27, 7)) is None


def test_explain_a_19_00_booking_in_an_office_hours_service() -> None:
    assert explain_purge(EOD, utc(2026, 11, 27, 18), NOW) == (
        "A callback booked for 19:00 Europe/Paris is after today's business day ends at 18:00;"
        " it waits for the next opening (Sat 28 Nov 09:00) and, if still open, is purged at"
        " Sat 28 Nov 12:00 when that business day ends."
    )


def test_explain_other_bookings() -> None:
    assert explain_purge(EOD, utc(2026, 11, 27, 14), NOW) == (
        "A callback booked for 15:00 Europe/Paris is within today's business hours; the business"
        " day is open until 18:00, and if the callback is still open then it is purged at 18:00."
    )
    assert explain_purge(EOD, utc(2026, 11, 30, 6), NOW) == (
        "A callback booked for Mon 30 Nov 07:00 Europe/Paris is before Mon 30 Nov's business day"
        " opens at 08:00; the business day is open until 18:00, and if the callback is still open"
        " then it is purged at Mon 30 Nov 18:00."
    )
    assert explain_purge(EOD, utc(2026, 12, 25, 9), NOW) == (
        "A callback booked for Fri 25 Dec 10:00 Europe/Paris falls on a day support-fr is closed"
        " (Christmas); it waits for the next opening (Sat 26 Dec 09:00) and, if still open, is"
        " purged at Sat 26 Dec 12:00 when that business day ends."
    )
    assert explain_purge(DURATION, utc(2026, 11, 27, 18), NOW) == (
        "A callback booked for 19:00 Europe/Paris is purged if still open 60 min after it is due,"
        " at 20:00."
    )
    assert explain_purge(OFF, utc(2026, 11, 27, 18), NOW) == (
        "A callback booked for 19:00 Europe/Paris is never purged automatically (purge is off);"
        " it stays open until handled or cancelled."
    )
