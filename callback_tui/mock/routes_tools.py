"""Console API, Tools tab and callbacks: tenant, services, purge, callbacks list and reschedule."""

from __future__ import annotations

import base64
import dataclasses
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from . import domain, purging
from .auth import ADMIN_ONLY, ANY, PURGE_NOW, TOOLS_TAB, WRITERS, require_role
from .envelope import ApiError, bad, dt_to_ms, iso_z, not_found
from .routes_ges import service_or_404
from .routing import endpoint, role_of
from .rules.settings import PurgeMode, settings_rows
from .validate import (
    check_uuid,
    json_object,
    opt_bool,
    opt_int,
    opt_str,
    parse_aware_time,
    query_limit,
    query_time,
    req_str,
)

if TYPE_CHECKING:
    from .app import Emulator
    from .rules.settings import ServiceSettings

P = "/console/v1"
STATES = ("SCHEDULED", "QUEUED", "ROUTING", "PROCESSING", "COMPLETED")


def tenant_config(em: Emulator) -> dict[str, Any]:
    from .tenant import public_view

    t = em.doc["tenant"]
    source = str(em.tenant_path) if em.tenant_path else "database (in-memory emulator, no file)"
    return {
        "id": t.get("id", ""),
        "name": t.get("name", ""),
        "region": t.get("region", ""),
        "settings": public_view(em.doc),
        "lastRefreshed": iso_z(em.last_refreshed),
        "refreshIntervalMin": int(em.refresh_interval.total_seconds() // 60),
        "nextRefresh": iso_z(em.last_refreshed + em.refresh_interval),
        "source": source,
    }


async def get_tenant(request: Request, em: Emulator) -> Any:
    return tenant_config(em)


async def refetch(request: Request, em: Emulator) -> Any:
    changes = await run_in_threadpool(em.refetch)
    return {**tenant_config(em), "changes": changes}


def service_json(em: Emulator, settings: ServiceSettings) -> dict[str, Any]:
    next_purge = purging.next_purge_at(settings, em.clock.now())
    return {
        "name": settings.name,
        "timezone": settings.timezone,
        "settings": settings_rows(settings),
        "purge": {
            "mode": settings.purge_mode.value,
            "afterMinutes": settings.purge_after_min,
            "nextPurge": iso_z(next_purge),
        },
    }


async def services(request: Request, em: Emulator) -> Any:
    return [service_json(em, s) for _, s in sorted(em.services.items())]


async def service(request: Request, em: Emulator) -> Any:
    return service_json(em, service_or_404(em, request.path_params["name"], "name"))


async def set_purge(request: Request, em: Emulator) -> Any:
    settings = service_or_404(em, request.path_params["name"], "name")
    body = await json_object(request)
    mode_text = req_str(body, "mode", max_len=40)
    try:
        mode = PurgeMode(mode_text)
    except ValueError:
        raise bad("mode: must be endOfBusinessDay, afterDuration or off") from None
    after = opt_int(body, "afterMinutes", lo=1, hi=60 * 24 * 365)
    if mode is PurgeMode.AFTER_DURATION and after is None and "afterMinutes" in body:
        raise bad("afterMinutes: is required for afterDuration")
    changed = dataclasses.replace(
        settings,
        purge_mode=mode,
        purge_after_min=after if after is not None else settings.purge_after_min,
    )
    await run_in_threadpool(em.save_service, changed)
    return service_json(em, em.services[settings.name])


async def purge(request: Request, em: Emulator) -> Any:
    body = await json_object(request, optional=True)
    dry_run = opt_bool(body, "dryRun")
    if dry_run is None:
        raise bad("dryRun: is required (true to preview, false to purge now)")
    name = opt_str(body, "service", max_len=200)
    if name is not None and name not in em.services:
        raise not_found(f"service: unknown callback service {name[:100]!r}")
    if not dry_run:
        require_role(role_of(request), PURGE_NOW, "POST", f"{P}/purge (dryRun: false)")
    return await run_in_threadpool(purging.purge_now, em, name, dry_run)


def _encode(desired_ms: int, cb_id: str) -> str:
    return base64.urlsafe_b64encode(f"{desired_ms}|{cb_id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[int, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ms, cb_id = raw.split("|", 1)
        return int(ms), cb_id
    except (ValueError, UnicodeDecodeError):
        raise bad("cursor: not a cursor returned by this list") from None


async def callbacks_list(request: Request, em: Emulator) -> Any:
    qp = request.query_params
    limit = query_limit(request)
    where: list[str] = []
    args: list[Any] = []
    if qp.get("service"):
        where.append("service = ?")
        args.append(qp["service"])
    state = (qp.get("state") or "").upper() or None
    if state is not None and state not in STATES:
        raise bad(f"state: must be one of {', '.join(STATES)}")
    if qp.get("phone"):
        digits = "".join(ch for ch in qp["phone"] if ch.isdigit())
        if not digits:
            raise bad("phone: must contain digits")
        # instr() on a digits column: a partial number matches anywhere, no LIKE wildcards.
        where.append("instr(phone_digits, ?) > 0")
        args.append(digits)
    since, until = query_time(request, "from"), query_time(request, "to")
    if since:
        where.append("desired_ms >= ?")
        args.append(dt_to_ms(since))
    if until:
        where.append("desired_ms < ?")
        args.append(dt_to_ms(until))
    cursor = _decode(qp["cursor"]) if qp.get("cursor") else None
    now = em.clock.now()
    return await run_in_threadpool(
        domain.page_callbacks, em, where, args, cursor, limit, state, now, _encode
    )


async def callback_detail(request: Request, em: Emulator) -> Any:
    cb_id = check_uuid("id", request.path_params["cb_id"])
    row = em.store.get_callback(cb_id)
    if row is None:
        raise not_found(f"id: no callback {cb_id}")
    now = em.clock.now()
    return {**domain.callback_json(em, row, now), "history": domain.history(em, row, now)}


async def reschedule(request: Request, em: Emulator) -> Any:
    body = await json_object(request)
    cb_id = check_uuid("id", req_str(body, "id", max_len=100))
    raw = body.get("desiredTime")
    if not isinstance(raw, str):
        raise bad("desiredTime: is required (ISO-8601 with an offset or Z)")
    desired = parse_aware_time("desiredTime", raw)
    check = opt_bool(body, "alwaysCheckCapacity") or False
    row = em.store.get_callback(cb_id)
    if row is None:
        raise not_found(f"id: no callback {cb_id}")
    now = em.clock.now()
    state, _ = domain.state_of(em, row, now)
    if state == "COMPLETED":
        raise bad(f"id: callback {cb_id} is already COMPLETED")
    if state in ("ROUTING", "PROCESSING"):
        raise bad(f"id: callback {cb_id} is {state}; it can no longer be rescheduled")
    settings = em.services.get(row.service)
    if check and settings is not None:
        start, end, capacity = domain.slot_for(settings, desired)
        taken = len(em.store.slot_counts(row.service, dt_to_ms(start), dt_to_ms(end)))
        if taken >= capacity:
            raise ApiError(
                42900,
                f"desiredTime: the slot starting {iso_z(start)} is full (capacity {capacity})",
                data={"slots": domain.proposed(em, settings, desired, now)},
            )
    event = {"state": "SCHEDULED", "at": iso_z(now), "reason": f"RESCHEDULED to {iso_z(desired)}"}
    em.store.reschedule(cb_id, dt_to_ms(desired), event)
    updated = em.store.get_callback(cb_id)
    assert updated is not None
    return domain.callback_json(em, updated, now)


def routes() -> list[Route]:
    return [
        endpoint(f"{P}/tenant", "GET", TOOLS_TAB, get_tenant),
        endpoint(f"{P}/tenant/refetch", "POST", TOOLS_TAB, refetch),
        endpoint(f"{P}/services", "GET", TOOLS_TAB, services),
        endpoint(f"{P}/services/{{name}}", "GET", TOOLS_TAB, service),
        endpoint(f"{P}/services/{{name}}/purge", "PUT", ADMIN_ONLY, set_purge),
        endpoint(f"{P}/purge", "POST", TOOLS_TAB, purge),
        endpoint(f"{P}/callbacks", "GET", ANY, callbacks_list),
        endpoint(f"{P}/callbacks/reschedule", "POST", WRITERS, reschedule),
        endpoint(f"{P}/callbacks/{{cb_id}}", "GET", ANY, callback_detail),
    ]
