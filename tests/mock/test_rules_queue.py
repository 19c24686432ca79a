"""Queue simulation: EWT, queue-status offers and the EWT API's resultCodes 0/-1/-2."""

from __future__ import annotations

from datetime import UTC, datetime

from callback_tui.mock.rules.queue import estimated_wait, ewt_result, queue_status
from callback_tui.mock.rules.settings import ServiceSettings


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def svc(**extra: object) -> ServiceSettings:
    base: dict[str, object] = {
        "name": "sales",
        "timezone": "Europe/Paris",
        "businessHours": {"mon-fri": ["08:00-18:00"]},  # 07:00-17:00 UTC in November
        "agents": 5,
        "ahtSec": 300,
        "immediateBlackoutMin": 30,
    }
    return ServiceSettings.from_dict({**base, **extra})


OPEN = utc(2026, 11, 27, 10)
CLOSED = utc(2026, 11, 27, 20)


def test_estimated_wait_shares_the_queue_among_agents() -> None:
    s = svc()
    assert estimated_wait(s, 0, OPEN) == 0
    assert estimated_wait(s, 3, OPEN) == 180  # ceil(3 * 300 / 5)
    assert estimated_wait(s, 7, OPEN) == 420
    assert estimated_wait(svc(agents=3, ahtSec=100), 1, OPEN) == 34  # ceil(33.3)
    assert estimated_wait(s, 3, CLOSED) == -1  # nobody logged in at night
    assert estimated_wait(svc(agents=0), 3, OPEN) == -1


def test_queue_status_offers() -> None:
    assert queue_status(svc(), OPEN, 3) == {
        "ewt": 180,
        "offerImmediateCallback": True,
        "offerScheduledCallback": True,
    }
    assert queue_status(svc(immediateEnabled=False, scheduledEnabled=False), OPEN, 3) == {
        "ewt": 180,
        "offerImmediateCallback": False,
        "offerScheduledCallback": False,
    }
    # Closed: no agents, ewt -1 and no immediate offer; scheduled still offered.
    assert queue_status(svc(), CLOSED, 3) == {
        "ewt": -1,
        "offerImmediateCallback": False,
        "offerScheduledCallback": True,
    }


def test_queue_status_blackout_edge() -> None:
    # Close 17:00 UTC minus 30 min blackout: answered by 16:30 still offers.
    at = utc(2026, 11, 27, 16, 15)
    assert queue_status(svc(), at, 15)["ewt"] == 900
    assert queue_status(svc(), at, 15)["offerImmediateCallback"] is True  # 16:30 exactly
    assert queue_status(svc(), at, 16)["offerImmediateCallback"] is False  # 16:31


def test_queue_status_with_offer_hours() -> None:
    s = svc(immediateOfferHours={"mon-fri": ["09:00-12:00"]})  # 08:00-11:00 UTC
    assert queue_status(s, utc(2026, 11, 27, 10, 50), 10)["offerImmediateCallback"] is True
    assert queue_status(s, utc(2026, 11, 27, 10, 50), 11)["offerImmediateCallback"] is False
    assert queue_status(s, utc(2026, 11, 27, 12), 0)["offerImmediateCallback"] is False


def test_queue_status_no_interactions_yet_is_minus_one_with_an_offer() -> None:
    assert queue_status(svc(), OPEN, 0, interactions_seen=False) == {
        "ewt": -1,
        "offerImmediateCallback": True,
        "offerScheduledCallback": True,
    }


def test_ewt_result_codes() -> None:
    assert ewt_result(svc(), "sales", 3, OPEN) == {
        "virtualQueue": "sales",
        "estimatedWaitTime": 180,
        "message": "Successful",
        "resultCode": 0,
    }
    assert ewt_result(svc(), "sales", 0, OPEN, interactions_seen=False) == {
        "virtualQueue": "sales",
        "estimatedWaitTime": -1,
        "message": "no interactions in this virtual queue yet",
        "resultCode": -1,
    }
    assert ewt_result(svc(), "sales", 3, CLOSED) == {
        "virtualQueue": "sales",
        "estimatedWaitTime": -1,
        "message": "no agents logged in (outside business hours)",
        "resultCode": -2,
    }
    assert ewt_result(svc(agents=0), "sales", 3, OPEN)["message"] == "no agents assigned"
    assert ewt_result(svc(agents=0), "sales", 3, OPEN)["resultCode"] == -2
    assert ewt_result(None, "ghost", 0, OPEN) == {
        "virtualQueue": "ghost",
        "estimatedWaitTime": -1,
        "message": "virtual queue 'ghost' is not configured",
        "resultCode": -1,
    }
