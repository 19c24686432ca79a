"""Console API, Developer tab: me, errors, CORS origins, API key validation, credentials."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from . import credentials as creds
from . import domain, tenant
from .auth import ANY, DEVELOPER_TAB
from .envelope import bad, dt_to_ms, iso_z, not_found
from .routing import endpoint, role_of
from .validate import json_object, query_limit, query_time

if TYPE_CHECKING:
    from .app import Emulator

P = "/console/v1"
USER_OF_ROLE = {
    "Administrator": "demo.admin",
    "Supervisor": "demo.supervisor",
    "Developer": "demo.developer",
    "Agent": "demo.agent",
}


async def me(request: Request, em: Emulator) -> Any:
    role = role_of(request)
    t = em.doc["tenant"]
    return {
        "tenant": {"id": t.get("id", ""), "name": t.get("name", "")},
        "user": USER_OF_ROLE.get(role, role.lower()),
        "role": role,
        "gesVersion": em.ges_version,
    }


async def errors_list(request: Request, em: Emulator) -> Any:
    qp = request.query_params
    since, until = query_time(request, "since"), query_time(request, "until")
    limit = query_limit(request)
    return await run_in_threadpool(
        em.errors.search,
        q=qp.get("q") or None,
        statuses=qp.get("status") or None,
        method=qp.get("method") or None,
        since_ms=dt_to_ms(since) if since else None,
        until_ms=dt_to_ms(until) if until else None,
        cursor=qp.get("cursor") or None,
        limit=limit,
    )


async def errors_histogram(request: Request, em: Emulator) -> Any:
    until = query_time(request, "until") or em.clock.now()
    since = query_time(request, "since") or until - timedelta(hours=24)
    if since >= until:
        raise bad("since: must be before until")
    bucket = request.query_params.get("bucket") or "hour"
    if bucket not in ("minute", "hour", "day"):
        raise bad("bucket: must be minute, hour or day")
    counts = await run_in_threadpool(em.errors.histogram, dt_to_ms(since), dt_to_ms(until), bucket)
    return {"bucket": bucket, "since": iso_z(since), "until": iso_z(until), "counts": counts}


async def error_detail(request: Request, em: Emulator) -> Any:
    corr = request.path_params["corr_id"]
    detail = await run_in_threadpool(em.errors.get, corr)
    if detail is None:
        raise not_found(f"corrId: no error recorded with correlation ID {corr[:60]!r}")
    return detail


async def cors_origins(request: Request, em: Emulator) -> Any:
    where = str(em.tenant_path) if em.tenant_path else "no tenant file: in-memory emulator"
    return {
        "origins": list(em.doc["cors"]["origins"]),
        "howToUpdate": tenant.HOW_TO_UPDATE.format(file=where),
    }


async def validate_key(request: Request, em: Emulator) -> Any:
    body = await json_object(request)
    key = body.get("apiKey")
    if not isinstance(key, str):
        raise bad("apiKey: is required (a string)")
    if len(key) > 200:
        return {"valid": False, "role": None}
    role = em.role_for(key)
    return {"valid": role is not None, "role": role}


def _kind(request: Request) -> str:
    kind = request.path_params["kind"]
    if kind not in creds.KINDS:
        raise not_found(f"kind: unknown credential kind {kind[:40]!r} (gws, push or captcha)")
    return str(kind)


async def credentials_list(request: Request, em: Emulator) -> Any:
    return [creds.credential_view(k, em.store.get_credential(k)) for k in creds.KINDS]


async def credential_put(request: Request, em: Emulator) -> Any:
    kind = _kind(request)
    body = await json_object(request)
    fields, private = creds.register(kind, body)
    em.store.put_credential(kind, fields, private, dt_to_ms(em.clock.now()))
    return creds.credential_view(kind, em.store.get_credential(kind))


async def credential_delete(request: Request, em: Emulator) -> Any:
    kind = _kind(request)
    em.store.delete_credential(kind)
    return creds.credential_view(kind, None)


async def credential_test(request: Request, em: Emulator) -> Any:
    kind = _kind(request)
    row = em.store.get_credential(kind)
    now = em.clock.now()
    if row is None:
        raise bad(f"kind: no {kind} credentials registered; register them first (PUT)")
    fields, private, _updated, _last = row
    failure: str | None
    if kind == "gws":
        checks, failure = creds.test_gws(fields, private, em.doc["gws"]["accounts"])
        if failure is None:
            stats = domain.statistics(em, now)
            checks.append(
                {
                    "name": "statistics",
                    "ok": True,
                    "detail": f"get-statistic-ex answered ({len(stats['statistics'])} statistics)",
                }
            )
    elif kind == "push":
        checks = private["checks"]
        bad_items = [c for c in checks if not c["ok"]]
        failure = "; ".join(c["detail"] for c in bad_items) if bad_items else None
    else:
        checks, failure = creds.test_captcha(fields, private, em.doc["captcha"]["pairs"])
    ok = failure is None
    result = {
        "kind": kind,
        "ok": ok,
        "detail": "all checks passed" if ok else failure,
        "checks": checks,
        "testedAt": iso_z(now),
    }
    em.store.set_credential_test(kind, result)
    return result


def routes() -> list[Route]:
    dev = DEVELOPER_TAB
    return [
        endpoint(f"{P}/me", "GET", ANY, me),
        endpoint(f"{P}/errors", "GET", dev, errors_list),
        endpoint(f"{P}/errors/histogram", "GET", dev, errors_histogram),
        endpoint(f"{P}/errors/{{corr_id}}", "GET", dev, error_detail),
        endpoint(f"{P}/cors/origins", "GET", dev, cors_origins),
        endpoint(f"{P}/api-keys/validate", "POST", dev, validate_key),
        endpoint(f"{P}/credentials", "GET", dev, credentials_list),
        endpoint(f"{P}/credentials/{{kind}}", "PUT", dev, credential_put),
        endpoint(f"{P}/credentials/{{kind}}", "DELETE", dev, credential_delete),
        endpoint(f"{P}/credentials/{{kind}}/test", "POST", dev, credential_test),
    ]
