"""Simulated queue figures: estimated wait time, queue-status and the EWT API's result codes.

Agents are logged in only while the service is open (outside business hours nobody is there),
so an office-hours queue reports "no agents logged in" at night, as a real one would.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from callback_tui.mock.rules.calendar import is_open
from callback_tui.mock.rules.openfor import within_immediate_offer_time
from callback_tui.mock.rules.settings import ServiceSettings

RESULT_OK = 0
RESULT_NO_INTERACTIONS = -1
RESULT_NO_AGENTS = -2


def agents_logged_in(settings: ServiceSettings, at: datetime) -> int:
    return settings.agents if is_open(settings, at) else 0


def estimated_wait(settings: ServiceSettings, queued_ahead: int, at: datetime) -> int:
    """Seconds until an interaction joining now reaches an agent; -1 with no agent logged in.

    Each logged-in agent clears one interaction per Average Handle Time:
    ceil(queued_ahead * aht / agents).
    """
    agents = agents_logged_in(settings, at)
    if agents <= 0:
        return -1
    return math.ceil(max(0, queued_ahead) * settings.aht_sec / agents)


def queue_status(
    settings: ServiceSettings, at: datetime, queued: int, *, interactions_seen: bool = True
) -> dict[str, Any]:
    """`data` of GET queue-status (ref §1.3).

    ewt -1 with offerImmediateCallback false: no agents logged in. ewt -1 with true: no
    interactions on the queue yet (the offer is then judged with a zero wait).
    """
    ewt = estimated_wait(settings, queued, at)
    if ewt < 0:
        offer_immediate = False
    else:
        if not interactions_seen:
            ewt = -1
        offer_immediate = settings.immediate_enabled and within_immediate_offer_time(
            settings, at, max(ewt, 0)
        )
    return {
        "ewt": ewt,
        "offerImmediateCallback": offer_immediate,
        "offerScheduledCallback": settings.scheduled_enabled,
    }


def ewt_result(
    settings: ServiceSettings | None,
    name: str,
    queued: int,
    at: datetime,
    *,
    interactions_seen: bool = True,
) -> dict[str, Any]:
    """One element of GET estimated-wait-time.

    resultCode 0 valid, -1 no interactions in the VQ yet, -2 no agents logged in. A virtual
    queue the tenant does not know has, by definition, never seen an interaction: -1, with a
    message saying it is not configured (the batch call still answers for the other queues).
    """
    if settings is None:
        return _ewt(name, -1, f"virtual queue {name!r} is not configured", RESULT_NO_INTERACTIONS)
    ewt = estimated_wait(settings, queued, at)
    if ewt < 0:
        why = "no agents logged in" if settings.agents else "no agents assigned"
        if settings.agents and not is_open(settings, at):
            why += " (outside business hours)"
        return _ewt(name, -1, why, RESULT_NO_AGENTS)
    if not interactions_seen:
        return _ewt(name, -1, "no interactions in this virtual queue yet", RESULT_NO_INTERACTIONS)
    return _ewt(name, ewt, "Successful", RESULT_OK)


def _ewt(name: str, ewt: int, message: str, code: int) -> dict[str, Any]:
    return {"virtualQueue": name, "estimatedWaitTime": ewt, "message": message, "resultCode": code}
