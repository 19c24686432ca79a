"""The OpenAPI 3.1 document served at /openapi.json: both API families, as served.

Built from one table of operations so it cannot drift from the routes silently: a test checks
that every served route is described here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .openapi_schemas import ANY_OBJ, BODIES, SCHEMAS, I, S, array, obj, ref


def _q(name: str, schema: dict[str, Any] | None = None, required: bool = False) -> dict[str, Any]:
    # An empty optional value (`?bucket=`) is served as if absent: say so (allowEmptyValue).
    return {"name": name, "in": "query", "required": required, "schema": schema or S,
            "allowEmptyValue": not required}  # fmt: skip


def _p(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": S}


BOOL_Q = {"type": "string", "enum": ["true", "false"]}
LIMIT = {"type": "integer", "minimum": 1, "maximum": 500}
OPEN_FOR_Q = [
    _q("start"),
    _q("timezone"),
    _q("queryImmediateOfferHours", BOOL_Q),
    _q("returnWithinImmediateOfferTime", BOOL_Q),
    _q("checkImmediateEnabled", BOOL_Q),
]
AVAIL_Q = [
    _q("start"),
    _q("startMS", I),
    _q("end"),
    _q("endMS", I),
    _q("numberOfDays", {"type": "integer", "minimum": 1, "maximum": 31}),
    _q("timezone"),
    _q("maxTimeSlots", {"type": "integer", "minimum": 1}),
    _q("reportBusy", BOOL_Q),
]

V3 = "/engagement/v3"
C = "/console/v1"
# (path, method, operationId, summary, params, body schema name, data schema, extra codes)
OPS: list[tuple[str, str, str, str, list[dict[str, Any]], str | None, Any, tuple[int, ...]]] = [
    (
        f"{V3}/callbacks/create",
        "post",
        "bookCallbackExternal",
        "Book a callback",
        [],
        "CreateCallbackParms",
        ref("IdData"),
        (429,),
    ),
    (
        f"{V3}/callbacks/cancel",
        "post",
        "cancelCallback",
        "Cancel a callback",
        [],
        "CallbackIdParms",
        ref("IdData"),
        (),
    ),
    (
        f"{V3}/callbacks/retrieve",
        "post",
        "queryCallbackById",
        "Get a callback",
        [],
        "CallbackIdParms",
        ref("Callback"),
        (),
    ),
    (
        f"{V3}/callbacks/open-for/{{service-name}}",
        "get",
        "openFor",
        "Office open duration",
        [_p("service-name"), *OPEN_FOR_Q],
        None,
        ref("OpenForData"),
        (),
    ),
    (
        f"{V3}/callbacks/availability/{{service-name}}",
        "get",
        "queryAvailabilityV2",
        "Available slots",
        [_p("service-name"), *AVAIL_Q],
        None,
        ref("Availabilities"),
        (),
    ),
    (
        f"{V3}/callbacks/queue-status/{{queue-name}}",
        "get",
        "queryQueueStatus",
        "Queue status",
        [_p("queue-name")],
        None,
        ref("QueueStatus"),
        (),
    ),
    (
        f"{V3}/estimated-wait-time",
        "get",
        "estimatedWaitTimeAPI1",
        "Estimated wait times",
        [
            _q("virtual-queues", required=True),
            _q("mode", {"type": "string", "enum": ["mode1", "mode2", "mode3"]}),
            _q("include-calls-on-hold", BOOL_Q),
        ],
        None,
        array(ref("EstimatedWaitTime")),
        (),
    ),
    (
        f"{V3}/statistics/operations/get-statistic-ex",
        "post",
        "statistics",
        "GWS statistics",
        [],
        "StatisticsRequest",
        ref("Statistics"),
        (502,),
    ),
    (f"{C}/me", "get", "me", "Who am I", [], None, ref("Me"), ()),
    (
        f"{C}/errors",
        "get",
        "listErrors",
        "Recorded API errors, newest first",
        [
            _q("q"),
            _q("status"),
            _q("method"),
            _q("since"),
            _q("until"),
            _q("limit", LIMIT),
            _q("cursor"),
        ],
        None,
        ref("ErrorPage"),
        (),
    ),
    (
        f"{C}/errors/histogram",
        "get",
        "errorHistogram",
        "Error counts per bucket",
        [
            _q("since"),
            _q("until"),
            _q("bucket", {"type": "string", "enum": ["minute", "hour", "day"]}),
        ],
        None,
        ref("Histogram"),
        (),
    ),
    (
        f"{C}/errors/{{corrId}}",
        "get",
        "getError",
        "One recorded error",
        [_p("corrId")],
        None,
        ref("ErrorDetail"),
        (),
    ),
    (
        f"{C}/cors/origins",
        "get",
        "corsOrigins",
        "Allowed CORS origins (read-only)",
        [],
        None,
        ref("CorsOrigins"),
        (),
    ),
    (
        f"{C}/api-keys/validate",
        "post",
        "validateApiKey",
        "Validate an API key",
        [],
        "ValidateKey",
        ref("ApiKeyValidation"),
        (),
    ),
    (
        f"{C}/credentials",
        "get",
        "listCredentials",
        "Credentials (masked)",
        [],
        None,
        array(ref("Credential")),
        (),
    ),
    (
        f"{C}/credentials/{{kind}}",
        "put",
        "registerCredential",
        "Register credentials",
        [_p("kind")],
        "CredentialFields",
        ref("Credential"),
        (),
    ),
    (
        f"{C}/credentials/{{kind}}",
        "delete",
        "deleteCredential",
        "Delete credentials",
        [_p("kind")],
        None,
        ref("Credential"),
        (),
    ),
    (
        f"{C}/credentials/{{kind}}/test",
        "post",
        "testCredential",
        "Test credentials",
        [_p("kind")],
        None,
        ref("CredentialTest"),
        (),
    ),
    (f"{C}/tenant", "get", "getTenant", "Tenant configuration", [], None, ref("TenantConfig"), ()),
    (
        f"{C}/tenant/refetch",
        "post",
        "refetchTenant",
        "Re-read the tenant configuration now",
        [],
        None,
        ref("TenantRefetch"),
        (502,),
    ),
    (
        f"{C}/services",
        "get",
        "listServices",
        "Callback services",
        [],
        None,
        array(ref("Service")),
        (),
    ),
    (
        f"{C}/services/{{name}}",
        "get",
        "getService",
        "One callback service",
        [_p("name")],
        None,
        ref("Service"),
        (),
    ),
    (
        f"{C}/services/{{name}}/purge",
        "put",
        "setPurgeMode",
        "Change the purge mode",
        [_p("name")],
        "PurgeMode",
        ref("Service"),
        (),
    ),
    (
        f"{C}/purge",
        "post",
        "purge",
        "Purge preview (dryRun) or purge now",
        [],
        "Purge",
        ref("PurgeResult"),
        (),
    ),
    (
        f"{C}/callbacks",
        "get",
        "listCallbacks",
        "Callbacks, newest desired time first",
        [
            _q("service"),
            _q("state"),
            _q("phone"),
            _q("from"),
            _q("to"),
            _q("limit", LIMIT),
            _q("cursor"),
        ],
        None,
        ref("CallbackPage"),
        (),
    ),
    (
        f"{C}/callbacks/reschedule",
        "post",
        "rescheduleCallback",
        "Move a callback",
        [],
        "Reschedule",
        ref("Callback"),
        (429,),
    ),
    (
        f"{C}/callbacks/{{id}}",
        "get",
        "getCallback",
        "One callback with its history",
        [_p("id")],
        None,
        ref("CallbackDetail"),
        (),
    ),
]

ERROR_CODES = {
    400: "Validation failed (40000) or body not JSON (40001)",
    401: "Missing or invalid API key (40100); statistics without GWS creds (40101)",
    403: "Role may not use this operation (40300)",
    404: "Not found (40400)",
    405: "Method not allowed (40500)",
    413: "Body larger than 64 KiB (41300)",
    500: "Internal error (50001)",
    502: "Upstream unavailable (5701)",
    503: "Temporarily unavailable (50300), with Retry-After",
}


def _operation(op: tuple[Any, ...]) -> dict[str, Any]:
    _path, _method, op_id, summary, params, body, data, extra = op
    success = obj({"status": ref("Status"), "data": data}, ("status", "data"))
    responses: dict[str, Any] = {
        "200": {
            "description": "Successful (code 0)",
            "content": {"application/json": {"schema": success}},
        },
    }
    for code in (400, 401, 403, 404, 405, 413, 500, 503, *extra):
        if code == 429:
            responses["429"] = {
                "description": "Slot full (42900); data.slots proposes others",
                "content": {"application/json": {"schema": ref("SlotFull")}},
            }
        else:
            responses[str(code)] = {
                "description": ERROR_CODES[code],
                "content": {"application/json": {"schema": ref("Error")}},
            }
    out: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "tags": ["GES public API" if _path.startswith(V3) else "Console API"],
        "parameters": params,
        "responses": responses,
    }
    if body is not None:
        schema = _nulls_as_absent(SCHEMAS[body] if body in SCHEMAS else BODIES[body])
        out["requestBody"] = {
            "required": body not in ("StatisticsRequest",),
            "content": {"application/json": {"schema": schema}},
        }
    return out


def _nulls_as_absent(schema: dict[str, Any]) -> dict[str, Any]:
    """A request schema whose optional properties also admit JSON null.

    The emulator reads an optional field sent as null as absent (as a Java backend's JSON
    binding does), so the document must say null is accepted there.
    """
    props = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(props, dict):
        return schema
    required = set(schema.get("required", ()))
    nullable = {
        name: prop if name in required else {"anyOf": [prop, {"type": "null"}]}
        for name, prop in props.items()
    }
    return {**schema, "properties": nullable}


@lru_cache(maxsize=8)
def _build(ges_version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for op in OPS:
        paths.setdefault(op[0], {})[op[1]] = _operation(op)
    paths["/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document (no API key needed)",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI document",
                    "content": {"application/json": {"schema": ANY_OBJ}},
                }
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "callback-tui GES emulator",
            "version": ges_version,
            "description": (
                "GES public API (/engagement/v3, after the public GES clients) and the "
                "console API (/console/v1, callback-tui's own design). Every answer is the GES "
                "envelope {status: {code, message, corrId}, data}; every response carries "
                "X-Correlation-ID and X-GES-Version headers. See docs/api.md."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"apiKey": []}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"}},
        },
    }


def document(ges_version: str) -> dict[str, Any]:
    return _build(ges_version)
