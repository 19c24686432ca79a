"""The GES public API under /engagement/v3 (docs/api.md, ref/ges-api.md §1-2)."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.routing import Route

from . import domain
from .auth import ANY, WRITERS
from .envelope import ApiError, bad, dt_to_ms, iso_z, not_found
from .routing import endpoint
from .store import CallbackRow
from .validate import (
    check_uuid,
    json_object,
    opt_bool,
    opt_number,
    opt_str,
    opt_time,
    query_bool,
    req_str,
)

if TYPE_CHECKING:
    from .app import Emulator
    from .rules.settings import ServiceSettings

P = "/engagement/v3"
_JS_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
OFFER_TYPES = ("ASAP", "SCHEDULED", "COMBINED_SCHEDULED_AND_ASAP")
OFFER_TIMINGS = ("OFF-HOURS", "ON-HOURS")


def service_or_404(em: Emulator, name: str, field: str = "service-name") -> ServiceSettings:
    settings = em.services.get(name)
    if settings is None:
        raise not_found(f"{field}: unknown callback service {name[:100]!r}")
    return settings


def _user_data(body: dict[str, Any]) -> dict[str, Any]:
    value = body.get("userData")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad("userData: must be an object")
    return {k: v for k, v in value.items() if _JS_IDENT.match(k)}


def _push_targets(body: dict[str, Any]) -> list[dict[str, str]] | None:
    value = body.get("pushTargets")
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 20:
        raise bad("pushTargets: must be a list of {channel, target} (at most 20)")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise bad(f"pushTargets[{i}]: must be an object")
        channel, target = item.get("channel"), item.get("target")
        if channel != "FCM":
            raise bad(f"pushTargets[{i}].channel: must be FCM")
        if not isinstance(target, str) or not target:
            raise bad(f"pushTargets[{i}].target: is required")
        out.append({"channel": channel, "target": target})
    return out


def _enum(body: dict[str, Any], name: str, values: tuple[str, ...]) -> str | None:
    value = opt_str(body, name)
    if value is not None and value not in values:
        raise bad(f"{name}: must be one of {', '.join(values)}")
    return value


async def create(request: Request, em: Emulator) -> Any:
    body = await json_object(request)
    name = req_str(body, "serviceName", max_len=200)
    settings = em.services.get(name)
    if settings is None:
        raise bad(f"serviceName: unknown callback service {name[:100]!r}")
    raw_phone = req_str(body, "phoneNumber", max_len=40)
    phone = domain.normalize_phone(raw_phone)
    if phone is None:
        raise bad("phoneNumber: must be 7 to 15 digits, optionally with a leading +")
    desired = opt_time(body, "desiredTime")
    params: dict[str, Any] = {}
    for key in ("language", "inboundVQ", "channel", "cbOriginationIxnId", "surveyRP"):
        params[key] = opt_str(body, key)
    params["routePoint"] = opt_str(body, "routePoint")
    params["cbOfferType"] = _enum(body, "cbOfferType", OFFER_TYPES)
    params["offerTiming"] = _enum(body, "offerTiming", OFFER_TIMINGS)
    params["offerThreshold"] = opt_number(body, "offerThreshold", lo=0, hi=10**9)
    params["pushTargets"] = _push_targets(body)
    captcha = opt_str(body, "captchaToken", max_len=4000)
    params["captchaToken"] = "[provided]" if captcha else None
    priority = opt_number(body, "priority", lo=0, hi=10**6)
    check = opt_bool(body, "alwaysCheckCapacity") or False
    user_data = _user_data(body)
    now = em.clock.now()
    row = CallbackRow(
        id=str(uuid.uuid4()),
        service=name,
        phone=phone,
        desired_ms=dt_to_ms(desired or now),
        created_ms=dt_to_ms(now),
        immediate=desired is None,
        priority=priority if priority is not None else settings.priority,
        user_data=user_data,
        params={k: v for k, v in params.items() if v is not None},
    )
    if check and desired is not None:
        start, end, capacity = domain.slot_for(settings, desired)
        if not em.store.insert_if_room(row, dt_to_ms(start), dt_to_ms(end), capacity):
            slots = domain.proposed(em, settings, desired, now)
            raise ApiError(
                42900,
                f"desiredTime: the slot starting {iso_z(start)} is full "
                f"(capacity {capacity}); see data.slots",
                data={"slots": slots},
            )
    else:
        em.store.insert_callbacks([row])
    return {"id": row.id}


async def _id_body(request: Request) -> str:
    body = await json_object(request)
    return check_uuid("id", req_str(body, "id", max_len=100))


async def cancel(request: Request, em: Emulator) -> Any:
    cb_id = await _id_body(request)
    row = em.store.get_callback(cb_id)
    if row is None:
        raise not_found(f"id: no callback {cb_id}")
    now = em.clock.now()
    state, _reason = domain.state_of(em, row, now)
    if state == "COMPLETED":
        raise bad(f"id: callback {cb_id} is already COMPLETED")
    em.store.finish_callbacks([cb_id], "COMPLETED", "CANCELLED", dt_to_ms(now))
    return {"id": cb_id}


async def retrieve(request: Request, em: Emulator) -> Any:
    cb_id = await _id_body(request)
    row = em.store.get_callback(cb_id)
    if row is None:
        raise not_found(f"id: no callback {cb_id}")
    return domain.callback_json(em, row, em.clock.now())


async def open_for(request: Request, em: Emulator) -> Any:
    settings = service_or_404(em, request.path_params["name"])
    at = domain.query_start(request, em.clock.now())
    flags = {
        name: query_bool(request, name)
        for name in (
            "queryImmediateOfferHours",
            "returnWithinImmediateOfferTime",
            "checkImmediateEnabled",
        )
    }
    return domain.open_for(em, settings, at, flags)


async def availability(request: Request, em: Emulator) -> Any:
    settings = service_or_404(em, request.path_params["name"])
    return domain.availability(em, settings, request)


async def queue_status(request: Request, em: Emulator) -> Any:
    settings = service_or_404(em, request.path_params["name"], "queue-name")
    return domain.queue_status(em, settings, em.clock.now())


async def estimated_wait_time(request: Request, em: Emulator) -> Any:
    names = request.query_params.get("virtual-queues", "")
    queues = [n.strip() for n in names.split(",") if n.strip()]
    if not queues:
        raise bad("virtual-queues: is required (comma-separated virtual queue names)")
    if len(queues) > 50:
        raise bad("virtual-queues: at most 50 queues")
    mode = request.query_params.get("mode") or "mode2"
    if mode not in ("mode1", "mode2", "mode3"):
        raise bad("mode: must be mode1, mode2 or mode3")
    query_bool(request, "include-calls-on-hold")
    now = em.clock.now()
    return [domain.ewt_entry(em, q, mode, now) for q in queues]


async def statistics(request: Request, em: Emulator) -> Any:
    raw = await request.body()
    if raw.strip():
        await json_object(request)
    if em.store.get_credential("gws") is None:
        raise ApiError(
            40101,
            "statistics: GWS credentials are not registered "
            "(Developer > Credential Management > GWS)",
        )
    return domain.statistics(em, em.clock.now())


def routes() -> list[Route]:
    return [
        endpoint(f"{P}/callbacks/create", "POST", WRITERS, create),
        endpoint(f"{P}/callbacks/cancel", "POST", WRITERS, cancel),
        endpoint(f"{P}/callbacks/retrieve", "POST", ANY, retrieve),
        endpoint(f"{P}/callbacks/open-for/{{name}}", "GET", ANY, open_for),
        endpoint(f"{P}/callbacks/availability/{{name}}", "GET", ANY, availability),
        endpoint(f"{P}/callbacks/queue-status/{{name}}", "GET", ANY, queue_status),
        endpoint(f"{P}/estimated-wait-time", "GET", ANY, estimated_wait_time),
        endpoint(f"{P}/statistics/operations/get-statistic-ex", "POST", ANY, statistics),
    ]
