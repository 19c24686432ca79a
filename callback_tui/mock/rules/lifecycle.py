"""Callback states derived from the clock: no background job moves a callback along.

SCHEDULED (desired time ahead) -> QUEUED (due; waits for an agent, and for the service to
open if it is closed) -> ROUTING (dialling the customer) -> PROCESSING (talking to an agent)
-> COMPLETED. Durations come from the service's agents and Average Handle Time, varied per
callback by a hash of its id (deterministic: the same callback always tells the same story).
One callback in ten is not reached and completes with NOT_AVAILABLE after ROUTING. A cancel or
purge recorded before the story ends cuts it short with COMPLETED/CANCELLED or /PURGED.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from callback_tui.mock.rules.calendar import next_open
from callback_tui.mock.rules.settings import ServiceSettings
from callback_tui.mock.rules.timeutil import iso_z, require_aware

SCHEDULED = "SCHEDULED"
QUEUED = "QUEUED"
ROUTING = "ROUTING"
PROCESSING = "PROCESSING"
COMPLETED = "COMPLETED"
STATES = (SCHEDULED, QUEUED, ROUTING, PROCESSING, COMPLETED)
OPEN_STATES = (SCHEDULED, QUEUED, ROUTING, PROCESSING)

AGENT_CONNECTED = "AGENT_CONNECTED"
NOT_AVAILABLE = "NOT_AVAILABLE"
CANCELLED = "CANCELLED"
PURGED = "PURGED"

FinalState = tuple[str, datetime]  # (reason, when): a recorded cancel or purge


@dataclass(frozen=True)
class Step:
    state: str
    at: datetime
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "at": iso_z(self.at), "reason": self.reason}


def _draws(callback_id: str) -> tuple[float, float, float, int]:
    """Four stable pseudo-random numbers from the callback id: three in [0, 1), one in 0..9."""
    digest = hashlib.sha256(callback_id.encode("utf-8")).digest()
    units = [int.from_bytes(digest[i : i + 4], "big") / 2**32 for i in (0, 4, 8)]
    return units[0], units[1], units[2], digest[12] % 10


def timeline(
    desired_time: datetime,
    created_at: datetime,
    settings: ServiceSettings,
    final_state: FinalState | None = None,
    *,
    callback_id: str = "",
) -> list[Step]:
    """The callback's whole story, including steps still in the future."""
    desired, created = require_aware(desired_time), require_aware(created_at)
    wait_u, ring_u, talk_u, bucket = _draws(callback_id)
    steps: list[Step] = []
    due = max(desired, created)
    if desired > created:
        steps.append(Step(SCHEDULED, created))
    steps.append(Step(QUEUED, due))

    complete_route = True
    agents = settings.agents
    opens = next_open(settings, due)
    if agents > 0 and opens is not None:
        # Waiting for one of `agents` to come free: up to two handle times shared among them.
        wait = timedelta(seconds=int(30 + wait_u * 2 * settings.aht_sec / agents))
        routing_at = max(due, opens) + wait
        steps.append(Step(ROUTING, routing_at))
        ring = timedelta(seconds=int(15 + ring_u * 45))
        if bucket == 0:
            steps.append(Step(COMPLETED, routing_at + ring, NOT_AVAILABLE))
        else:
            talk = timedelta(seconds=int(settings.aht_sec * (0.5 + talk_u)))
            steps.append(Step(PROCESSING, routing_at + ring))
            steps.append(Step(COMPLETED, routing_at + ring + talk, AGENT_CONNECTED))
    else:
        complete_route = False  # nobody will ever take it: it stays QUEUED until purged

    if final_state is not None:
        reason, when = final_state[0], require_aware(final_state[1])
        finished = steps[-1].at if complete_route else None
        if finished is None or when < finished:
            steps = [s for s in steps if s.at <= when] or steps[:1]
            steps.append(Step(COMPLETED, max(when, steps[-1].at), reason))
    return steps


def _past(steps: list[Step], now: datetime) -> list[Step]:
    now = require_aware(now)
    done = [s for s in steps if s.at <= now]
    return done or steps[:1]  # a callback exists from its creation: at least its first state


def derive_state(
    desired_time: datetime,
    created_at: datetime,
    now: datetime,
    settings: ServiceSettings,
    final_state: FinalState | None = None,
    *,
    callback_id: str = "",
) -> tuple[str, str | None]:
    """(callbackState, callbackReason) at `now`; the reason only when COMPLETED."""
    step = _past(
        timeline(desired_time, created_at, settings, final_state, callback_id=callback_id), now
    )[-1]
    return step.state, step.reason


def history(
    desired_time: datetime,
    created_at: datetime,
    now: datetime,
    settings: ServiceSettings,
    final_state: FinalState | None = None,
    *,
    callback_id: str = "",
) -> list[dict[str, Any]]:
    """The steps reached by `now`, oldest first, as [{state, at (UTC ISO), reason}]."""
    steps = timeline(desired_time, created_at, settings, final_state, callback_id=callback_id)
    return [s.as_dict() for s in _past(steps, now)]


def wait_remaining(
    desired_time: datetime,
    created_at: datetime,
    now: datetime,
    settings: ServiceSettings,
    *,
    callback_id: str = "",
) -> int | None:
    """Seconds until an agent takes the callback (retrieve's estimatedWaitTime); 0 once
    PROCESSING; None when no agent will take it or it is not waiting."""
    steps = timeline(desired_time, created_at, settings, callback_id=callback_id)
    processing = next((s.at for s in steps if s.state == PROCESSING), None)
    if processing is None:
        return None
    return max(0, int((processing - require_aware(now)).total_seconds()))
