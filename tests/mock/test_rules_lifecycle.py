"""Callback states derived from the clock, deterministic per callback id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from callback_tui.mock.rules.lifecycle import (
    CANCELLED,
    NOT_AVAILABLE,
    PURGED,
    derive_state,
    history,
    timeline,
    wait_remaining,
)
from callback_tui.mock.rules.settings import ServiceSettings


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


SVC = ServiceSettings.from_dict(
    {
        "name": "q",
        "timezone": "Europe/Paris",
        "businessHours": {"mon-fri": ["08:00-18:00"]},
        "agents": 2,
        "ahtSec": 300,
    }
)
CREATED = utc(2026, 11, 27, 9)
DESIRED = utc(2026, 11, 27, 10)


def state(now: datetime, cid: str = "cb-1", **kw: object) -> tuple[str, str | None]:
    return derive_state(DESIRED, CREATED, now, SVC, callback_id=cid, **kw)  # type: ignore[arg-type]


def test_a_scheduled_callback_walks_through_every_state() -> None:
    # cb-1's story: routed after 4:41 in queue, 41 s ringing, 4:24 with an agent.
    assert state(CREATED) == ("SCHEDULED", None)
    assert state(DESIRED - timedelta(seconds=1)) == ("SCHEDULED", None)
    assert state(DESIRED) == ("QUEUED", None)
    assert state(utc(2026, 11, 27, 10, 4, 40)) == ("QUEUED", None)
    assert state(utc(2026, 11, 27, 10, 4, 41)) == ("ROUTING", None)
    assert state(utc(2026, 11, 27, 10, 5, 22)) == ("PROCESSING", None)
    assert state(utc(2026, 11, 27, 10, 9, 45)) == ("PROCESSING", None)
    assert state(utc(2026, 11, 27, 10, 9, 46)) == ("COMPLETED", "AGENT_CONNECTED")
    assert state(utc(2027, 1, 1)) == ("COMPLETED", "AGENT_CONNECTED")
    assert history(DESIRED, CREATED, utc(2026, 11, 27, 10, 6), SVC, callback_id="cb-1") == [
        {"state": "SCHEDULED", "at": "2026-11-27T09:00:00.000Z", "reason": None},
        {"state": "QUEUED", "at": "2026-11-27T10:00:00.000Z", "reason": None},
        {"state": "ROUTING", "at": "2026-11-27T10:04:41.000Z", "reason": None},
        {"state": "PROCESSING", "at": "2026-11-27T10:05:22.000Z", "reason": None},
    ]


def test_the_story_is_deterministic_per_id_and_varies_between_ids() -> None:
    first = timeline(DESIRED, CREATED, SVC, callback_id="cb-4")
    assert first == timeline(DESIRED, CREATED, SVC, callback_id="cb-4")
    assert first != timeline(DESIRED, CREATED, SVC, callback_id="cb-5")


def test_durations_are_plausible_for_the_handle_time() -> None:
    for n in range(300):
        steps = timeline(DESIRED, CREATED, SVC, callback_id=f"id-{n}")
        at = {s.state: s.at for s in steps}
        assert [s.at for s in steps] == sorted(s.at for s in steps)
        # Queue wait: 30 s + up to two handle times shared by 2 agents.
        assert timedelta(seconds=30) <= at["ROUTING"] - DESIRED <= timedelta(seconds=330)
        if "PROCESSING" in at:
            talk = at["COMPLETED"] - at["PROCESSING"]
            assert timedelta(seconds=150) <= talk < timedelta(seconds=450)


def test_some_customers_are_not_reached() -> None:
    reasons = [
        timeline(DESIRED, CREATED, SVC, callback_id=f"id-{n}")[-1].reason for n in range(1000)
    ]
    unreached = reasons.count(NOT_AVAILABLE)
    assert 50 <= unreached <= 150
    assert reasons.count("AGENT_CONNECTED") == 1000 - unreached
    assert state(utc(2026, 11, 27, 11), cid="cb-2") == ("COMPLETED", NOT_AVAILABLE)


def test_immediate_callback_starts_queued() -> None:
    assert derive_state(CREATED, CREATED, CREATED, SVC, callback_id="x") == ("QUEUED", None)
    assert history(CREATED, CREATED, CREATED, SVC, callback_id="x") == [
        {"state": "QUEUED", "at": "2026-11-27T09:00:00.000Z", "reason": None}
    ]


def test_a_callback_due_while_closed_waits_for_the_opening() -> None:
    evening = utc(2026, 11, 27, 18)  # 19:00 Paris, closed until Monday 08:00 (07:00 UTC)
    assert derive_state(evening, CREATED, utc(2026, 11, 30, 6, 59), SVC, callback_id="cb-1") == (
        "QUEUED",
        None,
    )
    routed = next(
        s.at for s in timeline(evening, CREATED, SVC, callback_id="cb-1") if s.state == "ROUTING"
    )
    assert routed == utc(2026, 11, 30, 7, 4, 41)


def test_without_agents_it_stays_queued() -> None:
    nobody = ServiceSettings.from_dict({**SVC.to_dict(), "agents": 0})
    assert derive_state(DESIRED, CREATED, utc(2027, 1, 1), nobody, callback_id="cb-1") == (
        "QUEUED",
        None,
    )
    assert wait_remaining(DESIRED, CREATED, DESIRED, nobody, callback_id="cb-1") is None


def test_cancel_and_purge_end_the_story() -> None:
    cancelled_at = utc(2026, 11, 27, 9, 30)
    final = (CANCELLED, cancelled_at)
    assert state(utc(2026, 11, 27, 9, 29), final_state=final) == ("SCHEDULED", None)
    assert state(cancelled_at, final_state=final) == ("COMPLETED", CANCELLED)
    assert state(utc(2026, 11, 27, 12), final_state=final) == ("COMPLETED", CANCELLED)
    assert history(DESIRED, CREATED, utc(2026, 11, 27, 12), SVC, final, callback_id="cb-1") == [
        {"state": "SCHEDULED", "at": "2026-11-27T09:00:00.000Z", "reason": None},
        {"state": "COMPLETED", "at": "2026-11-27T09:30:00.000Z", "reason": CANCELLED},
    ]
    purged = (PURGED, utc(2026, 11, 27, 10, 2))  # while QUEUED
    assert [
        h["state"]
        for h in history(DESIRED, CREATED, utc(2026, 11, 28), SVC, purged, callback_id="cb-1")
    ] == [
        "SCHEDULED",
        "QUEUED",
        "COMPLETED",
    ]
    assert state(utc(2026, 11, 28), final_state=purged) == ("COMPLETED", PURGED)


def test_a_final_state_after_natural_completion_does_not_rewrite_history() -> None:
    late = (CANCELLED, utc(2026, 11, 27, 12))
    assert state(utc(2026, 11, 27, 13), final_state=late) == ("COMPLETED", "AGENT_CONNECTED")


def test_wait_remaining_counts_down_to_the_agent() -> None:
    assert wait_remaining(DESIRED, CREATED, DESIRED, SVC, callback_id="cb-1") == 322
    assert wait_remaining(DESIRED, CREATED, utc(2026, 11, 27, 10, 5), SVC, callback_id="cb-1") == 22
    assert wait_remaining(DESIRED, CREATED, utc(2026, 11, 27, 11), SVC, callback_id="cb-1") == 0
