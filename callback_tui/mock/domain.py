"""Glue between the HTTP layer and the pure rules in `rules/`: loads rows, calls the rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request

from .envelope import bad, dt_to_ms, iso_ms, iso_z, ms_to_dt
from .rules import availability as avail
from .rules import lifecycle, queue
from .rules.calendar import is_open
from .rules.openfor import open_for_result
from .rules.params import parse_query_range, parse_start
from .rules.phone import normalize_phone as _normalize_phone
from .store import CallbackRow

if TYPE_CHECKING:
    from .app import Emulator
    from .rules.settings import ServiceSettings

ACTIVE = ("QUEUED", "ROUTING", "PROCESSING")


def normalize_phone(raw: str) -> str | None:
    try:
        return _normalize_phone(raw)
    except ValueError:
        return None


def _value_error(exc: ValueError) -> Exception:
    return bad(str(exc))


# -- lifecycle ------------------------------------------------------------------------------
def _final(row: CallbackRow) -> tuple[str, datetime] | None:
    if row.final_state is None or row.final_ms is None:
        return None
    return (row.final_reason or "CANCELLED", ms_to_dt(row.final_ms))


def _steps(em: Emulator, settings: ServiceSettings, row: CallbackRow) -> list[lifecycle.Step]:
    """The callback's whole (deterministic) story, memoised: lists ask for it per row."""
    key = (row.id, row.desired_ms, row.created_ms, row.final_ms, row.final_reason)
    steps = em.timelines.get(key)
    if steps is None:
        if len(em.timelines) > 100_000:
            em.timelines.clear()
        steps = lifecycle.timeline(
            ms_to_dt(row.desired_ms), ms_to_dt(row.created_ms), settings, _final(row),
            callback_id=row.id,
        )  # fmt: skip
        em.timelines[key] = steps
    return steps


def _reached(steps: list[lifecycle.Step], now: datetime) -> list[lifecycle.Step]:
    return [s for s in steps if s.at <= now] or steps[:1]


def state_of(em: Emulator, row: CallbackRow, now: datetime) -> tuple[str, str | None]:
    settings = em.services.get(row.service)
    if settings is None:  # service removed from the tenant file: no story to tell
        if row.final_state is not None:
            return "COMPLETED", row.final_reason
        return ("SCHEDULED" if row.desired_ms > dt_to_ms(now) else "QUEUED"), None
    step = _reached(_steps(em, settings, row), now)[-1]
    return step.state, step.reason


def callback_json(em: Emulator, row: CallbackRow, now: datetime) -> dict[str, Any]:
    state, reason = state_of(em, row, now)
    out: dict[str, Any] = {
        "id": row.id,
        "serviceName": row.service,
        "phoneNumber": row.phone,
        "desiredTime": iso_ms(row.desired_ms),
        "callbackState": state,
    }
    if state == "COMPLETED":
        out["callbackReason"] = reason
    if state in ACTIVE:
        out["positionInQueue"] = queue_position(em, row, now)
        settings = em.services.get(row.service)
        wait = None
        if settings is not None:
            wait = lifecycle.wait_remaining(
                ms_to_dt(row.desired_ms), ms_to_dt(row.created_ms), now, settings,
                callback_id=row.id,
            )  # fmt: skip
        out["estimatedWaitTime"] = -1 if wait is None else wait
    out["priority"] = row.priority
    out["userData"] = row.user_data
    out["createdAt"] = iso_ms(row.created_ms)
    return out


def history(em: Emulator, row: CallbackRow, now: datetime) -> list[dict[str, Any]]:
    settings = em.services.get(row.service)
    steps: list[dict[str, Any]] = []
    if settings is not None:
        steps = [s.as_dict() for s in _reached(_steps(em, settings, row), now)]
    return sorted([*steps, *row.events], key=lambda s: str(s["at"]))


def _active(em: Emulator, service: str, now: datetime) -> list[CallbackRow]:
    """Open callbacks of a service whose desired time has passed, in queue order.

    Memoised per (service, now, database change counter): a page of callbacks asks once.
    """
    key = (service, now, em.store.conn.total_changes)
    cached = em.queues.get(key)
    if cached is not None:
        return cached
    now_ms = dt_to_ms(now)
    rows = [r for r in em.store.open_callbacks(service) if r.desired_ms <= now_ms]
    live = [r for r in rows if state_of(em, r, now)[0] in ACTIVE]
    ordered = sorted(live, key=lambda r: (-(r.priority or 0), r.desired_ms, r.id))
    if len(em.queues) > 64:
        em.queues.clear()
    em.queues[key] = ordered
    return ordered


def queued_count(em: Emulator, service: str, now: datetime) -> int:
    return sum(1 for r in _active(em, service, now) if state_of(em, r, now)[0] == "QUEUED")


def queue_position(em: Emulator, row: CallbackRow, now: datetime) -> int:
    ordered = _active(em, row.service, now)
    return next((i + 1 for i, r in enumerate(ordered) if r.id == row.id), 1)


def interactions_seen(em: Emulator, service: str, now: datetime) -> bool:
    rows = em.store.query(
        "SELECT 1 FROM callbacks WHERE service = ? AND desired_ms <= ? LIMIT 1",
        (service, dt_to_ms(now)),
    )
    return bool(rows)


# -- GES reads ------------------------------------------------------------------------------
def query_start(request: Request, now: datetime) -> datetime:
    try:
        start, _tz = parse_start(request.query_params, now)
    except ValueError as exc:
        raise _value_error(exc) from None
    return start


def ewt_seconds(em: Emulator, settings: ServiceSettings, at: datetime) -> int:
    return queue.estimated_wait(settings, queued_count(em, settings.name, at), at)


def open_for(
    em: Emulator, settings: ServiceSettings, at: datetime, flags: dict[str, bool]
) -> dict[str, Any]:
    # EWT is a live figure: only computed when a flag needs it (keeps open-for cheap).
    ewt = ewt_seconds(em, settings, at) if flags["returnWithinImmediateOfferTime"] else 0
    return open_for_result(
        settings,
        at,
        ewt,
        query_immediate_offer_hours=flags["queryImmediateOfferHours"],
        return_within_immediate_offer_time=flags["returnWithinImmediateOfferTime"],
        check_immediate_enabled=flags["checkImmediateEnabled"],
        ges_version=em.ges_version,
    )


def booked(
    em: Emulator, settings: ServiceSettings, start: datetime, end: datetime
) -> Counter[datetime]:
    """Live scheduled bookings per slot start in [start - one slot, end + one slot)."""
    pad = timedelta(minutes=settings.slot_duration_min)
    counts: Counter[datetime] = Counter()
    for ms in em.store.slot_counts(settings.name, dt_to_ms(start - pad), dt_to_ms(end + pad)):
        slot = avail.slot_start_for(settings, ms_to_dt(ms))
        if slot is not None:
            counts[slot] += 1
    return counts


def availability(em: Emulator, settings: ServiceSettings, request: Request) -> dict[str, Any]:
    params = request.query_params
    try:
        start, end, tz_name = parse_query_range(params, em.clock.now())
        max_slots = avail_max_slots(params)
        report_busy = _bool_param(params, "reportBusy")
    except ValueError as exc:
        raise _value_error(exc) from None
    return avail.availability(
        settings,
        start,
        end,
        booked(em, settings, start, end),
        report_busy=report_busy,
        max_time_slots=max_slots,
        tz_name=tz_name,
    )


def avail_max_slots(params: Any) -> int | None:
    from .rules.params import parse_max_time_slots

    return parse_max_time_slots(params)


def _bool_param(params: Any, name: str) -> bool:
    from .rules.params import parse_bool

    return parse_bool(params, name)


def slot_for(settings: ServiceSettings, desired: datetime) -> tuple[datetime, datetime, int]:
    """(slot start, slot end, capacity); outside business hours a zero-capacity pseudo-slot."""
    step = timedelta(minutes=settings.slot_duration_min)
    start = avail.slot_start_for(settings, desired)
    if start is None:
        return desired, desired + step, 0
    return start, start + step, settings.slot_capacity


def proposed(
    em: Emulator, settings: ServiceSettings, desired: datetime, now: datetime
) -> dict[str, str]:
    window = timedelta(days=31)
    low = max(now, desired - window)
    counts = booked(em, settings, low, desired + window)
    return avail.proposed_slots(settings, desired, counts, 10, not_before=now)


def queue_status(em: Emulator, settings: ServiceSettings, now: datetime) -> dict[str, Any]:
    return queue.queue_status(
        settings,
        now,
        queued_count(em, settings.name, now),
        interactions_seen=interactions_seen(em, settings.name, now),
    )


def ewt_entry(em: Emulator, name: str, mode: str, now: datetime) -> dict[str, Any]:
    settings = em.services.get(name)
    if settings is None:
        return queue.ewt_result(None, name, 0, now)
    return queue.ewt_result(
        settings,
        name,
        queued_count(em, name, now),
        now,
        interactions_seen=interactions_seen(em, name, now),
    )


def statistics(em: Emulator, now: datetime) -> dict[str, Any]:
    """A plausible GWS get-statistic-ex answer built from the emulator's own queues."""
    stats = []
    for name, settings in sorted(em.services.items()):
        active = _active(em, name, now)
        waiting = sum(1 for r in active if state_of(em, r, now)[0] == "QUEUED")
        agents = settings.agents if is_open(settings, now) else 0
        stats.append(
            {
                "statisticId": f"{name}.CurrNumberWaitingCalls",
                "objectId": name,
                "objectType": "Queue",
                "name": "CurrNumberWaitingCalls",
                "value": waiting,
                "timestamp": iso_z(now),
            }
        )
        stats.append(
            {
                "statisticId": f"{name}.CurrentReadyAgents",
                "objectId": name,
                "objectType": "Queue",
                "name": "CurrentReadyAgents",
                "value": agents,
                "timestamp": iso_z(now),
            }
        )
    return {"statistics": stats, "serverTime": iso_z(now)}


# -- console list -----------------------------------------------------------------------------
def page_callbacks(
    em: Emulator,
    where: list[str],
    args: list[Any],
    cursor: tuple[int, str] | None,
    limit: int,
    state: str | None,
    now: datetime,
    encode: Callable[[int, str], str],
) -> dict[str, Any]:
    """Keyset page, newest desired time first; a state filter reads ahead until it is full."""
    items: list[dict[str, Any]] = []
    size = limit + 1 if state is None else max(2 * limit, 200)
    scanned = 0
    while True:
        batch = em.store.list_callbacks(where, args, cursor, size)
        for row in batch:
            if state is not None and state_of(em, row, now)[0] != state:
                cursor = (row.desired_ms, row.id)
                continue
            if len(items) == limit:  # one more match exists: the page is full
                return {"items": items, "nextCursor": encode(*cursor) if cursor else None}
            items.append(callback_json(em, row, now))
            cursor = (row.desired_ms, row.id)
        scanned += len(batch)
        if len(batch) < size:
            return {"items": items, "nextCursor": None}
        if scanned >= 20_000 and cursor is not None:  # bounded work per request
            return {"items": items, "nextCursor": encode(*cursor)}
