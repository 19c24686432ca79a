"""Component schemas of the OpenAPI document (envelope, GES models, console models)."""

from __future__ import annotations

from typing import Any

REF = "#/components/schemas/"


def ref(name: str) -> dict[str, Any]:
    return {"$ref": REF + name}


def obj(
    props: dict[str, Any], required: tuple[str, ...] = (), extra: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = list(required)
    if not extra:
        out["additionalProperties"] = False
    return out


S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
N = {"type": "number"}
B = {"type": "boolean"}
T = {"type": "string", "format": "date-time"}
NS = {"type": ["string", "null"]}
NT = {"type": ["string", "null"], "format": "date-time"}
ANY_OBJ = {"type": "object", "additionalProperties": True}


def array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def page(item: str) -> dict[str, Any]:
    return obj({"items": array(ref(item)), "nextCursor": NS}, ("items", "nextCursor"))


SCHEMAS: dict[str, Any] = {
    "Status": obj({"code": I, "message": S, "corrId": S}, ("code", "message", "corrId")),
    "Error": obj({"status": ref("Status")}, ("status",)),
    "SlotFull": obj(
        {
            "status": ref("Status"),
            "data": obj({"slots": {"type": "object", "additionalProperties": S}}, ("slots",)),
        },
        ("status", "data"),
    ),
    "CreateCallbackParms": obj(
        {
            "serviceName": S,
            "phoneNumber": S,
            "desiredTime": T,
            "cbOfferType": {
                "type": "string",
                "enum": ["ASAP", "SCHEDULED", "COMBINED_SCHEDULED_AND_ASAP"],
            },
            "language": S,
            "inboundVQ": S,
            "offerThreshold": N,
            "channel": S,
            "offerTiming": {"type": "string", "enum": ["OFF-HOURS", "ON-HOURS"]},
            "cbOriginationIxnId": S,
            "surveyRP": S,
            "priority": N,
            "routePoint": S,
            "userData": ANY_OBJ,
            "captchaToken": S,
            "pushTargets": array(
                obj(
                    {"channel": {"type": "string", "enum": ["FCM"]}, "target": S},
                    ("channel", "target"),
                )
            ),
            "alwaysCheckCapacity": B,
        },
        ("serviceName", "phoneNumber"),
    ),
    "CallbackIdParms": obj({"id": {"type": "string", "format": "uuid"}}, ("id",)),
    "IdData": obj({"id": S}, ("id",)),
    "Callback": obj(
        {
            "id": S,
            "serviceName": S,
            "phoneNumber": S,
            "desiredTime": T,
            "callbackState": {
                "type": "string",
                "enum": ["SCHEDULED", "QUEUED", "ROUTING", "PROCESSING", "COMPLETED"],
            },
            "callbackReason": S,
            "positionInQueue": I,
            "estimatedWaitTime": I,
            "priority": {"type": ["number", "null"]},
            "userData": ANY_OBJ,
            "createdAt": T,
        },
        (
            "id",
            "serviceName",
            "phoneNumber",
            "desiredTime",
            "callbackState",
            "userData",
            "createdAt",
        ),
    ),
    "HistoryStep": obj({"state": S, "at": T, "reason": NS}, ("state", "at")),
    "CallbackDetail": {
        "allOf": [ref("Callback"), obj({"history": array(ref("HistoryStep"))}, ("history",))]
    },
    "OpenForData": obj(
        {
            "openFor": I,
            "immediateOfferHoursOpenFor": I,
            "isWithinImmediateOfferTime": B,
            "isImmediateEnabled": B,
        },
        ("openFor",),
    ),
    "Slot": obj(
        {"utcTime": T, "localTime": S, "capacity": I, "total": I},
        ("utcTime", "localTime", "capacity", "total"),
    ),
    "Availabilities": obj(
        {"slots": array(ref("Slot")), "durationMin": I, "timezone": S},
        ("slots", "durationMin", "timezone"),
    ),
    "QueueStatus": obj(
        {"ewt": I, "offerImmediateCallback": B, "offerScheduledCallback": B},
        ("ewt", "offerImmediateCallback", "offerScheduledCallback"),
    ),
    "EstimatedWaitTime": obj(
        {
            "virtualQueue": S,
            "estimatedWaitTime": I,
            "message": S,
            "resultCode": {"type": "integer", "enum": [0, -1, -2]},
        },
        ("virtualQueue", "estimatedWaitTime", "message", "resultCode"),
    ),
    "Statistics": ANY_OBJ,
    "Me": obj(
        {
            "tenant": obj({"id": S, "name": S}, ("id", "name")),
            "user": S,
            "role": {
                "type": "string",
                "enum": ["Administrator", "Supervisor", "Developer", "Agent"],
            },
            "gesVersion": S,
        },
        ("tenant", "user", "role", "gesVersion"),
    ),
    "ErrorRecord": obj(
        {
            "corrId": S,
            "url": S,
            "method": S,
            "timestamp": T,
            "statusCode": I,
            "httpStatus": I,
            "message": S,
        },
        ("corrId", "url", "method", "timestamp", "statusCode", "httpStatus", "message"),
    ),
    "ErrorPage": page("ErrorRecord"),
    "ErrorDetail": {
        "allOf": [
            ref("ErrorRecord"),
            obj(
                {
                    "request": obj(
                        {
                            "method": S,
                            "url": S,
                            "query": ANY_OBJ,
                            "headers": ANY_OBJ,
                            "bodySummary": {},
                        }
                    ),
                    "responseBody": {},
                },
                ("request", "responseBody"),
            ),
        ]
    },
    "Histogram": obj(
        {
            "bucket": {"type": "string", "enum": ["minute", "hour", "day"]},
            "since": T,
            "until": T,
            "counts": array(obj({"start": T, "count": I}, ("start", "count"))),
        },
        ("bucket", "since", "until", "counts"),
    ),
    "CorsOrigins": obj({"origins": array(S), "howToUpdate": S}, ("origins", "howToUpdate")),
    "ApiKeyValidation": obj({"valid": B, "role": NS}, ("valid", "role")),
    "Check": obj({"name": S, "ok": B, "detail": S}, ("name", "ok", "detail")),
    "CredentialTest": obj(
        {"kind": S, "ok": B, "detail": S, "checks": array(ref("Check")), "testedAt": T},
        ("kind", "ok", "detail", "checks", "testedAt"),
    ),
    "Credential": obj(
        {
            "kind": {"type": "string", "enum": ["gws", "push", "captcha"]},
            "registered": B,
            "fields": ANY_OBJ,
            "updatedAt": NT,
            "lastTest": {"anyOf": [ref("CredentialTest"), {"type": "null"}]},
        },
        ("kind", "registered", "fields", "updatedAt", "lastTest"),
    ),
    "TenantConfig": obj(
        {
            "id": S,
            "name": S,
            "region": S,
            "settings": ANY_OBJ,
            "lastRefreshed": T,
            "refreshIntervalMin": I,
            "nextRefresh": T,
            "source": S,
        },
        (
            "id",
            "name",
            "region",
            "settings",
            "lastRefreshed",
            "refreshIntervalMin",
            "nextRefresh",
            "source",
        ),
    ),
    "TenantRefetch": {
        "allOf": [
            ref("TenantConfig"),
            obj(
                {"changes": array(obj({"path": S, "before": {}, "after": {}}, ("path",)))},
                ("changes",),
            ),
        ]
    },
    "Setting": obj(
        {"name": S, "value": S, "webCallback": B, "requires": NS, "description": S},
        ("name", "value", "webCallback", "requires", "description"),
    ),
    "Service": obj(
        {
            "name": S,
            "timezone": S,
            "settings": array(ref("Setting")),
            "purge": obj(
                {
                    "mode": {
                        "type": "string",
                        "enum": ["endOfBusinessDay", "afterDuration", "off"],
                    },
                    "afterMinutes": I,
                    "nextPurge": NT,
                },
                ("mode", "afterMinutes", "nextPurge"),
            ),
        },
        ("name", "timezone", "settings", "purge"),
    ),
    "PurgeResult": obj(
        {
            "dryRun": B,
            "count": I,
            "ids": array(S),
            "byState": {"type": "object", "additionalProperties": I},
            "oldest": NT,
            "newest": NT,
        },
        ("dryRun", "count", "ids", "byState", "oldest", "newest"),
    ),
    "CallbackPage": page("Callback"),
}

BODIES: dict[str, dict[str, Any]] = {
    "ValidateKey": obj({"apiKey": S}, ("apiKey",)),
    "CredentialFields": obj(
        {
            "baseUrl": S,
            "clientId": S,
            "clientSecret": S,
            "serviceAccountJson": S,
            "siteKey": S,
            "secretKey": S,
        }
    ),
    "PurgeMode": obj(
        {
            "mode": {"type": "string", "enum": ["endOfBusinessDay", "afterDuration", "off"]},
            "afterMinutes": {"type": "integer", "minimum": 1, "maximum": 525600},
        },
        ("mode",),
    ),
    "Purge": obj({"service": S, "dryRun": B}, ("dryRun",)),
    "Reschedule": obj(
        {"id": {"type": "string", "format": "uuid"}, "desiredTime": T, "alwaysCheckCapacity": B},
        ("id", "desiredTime"),
    ),
    "StatisticsRequest": ANY_OBJ,
}
