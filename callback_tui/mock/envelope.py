"""The GES envelope, correlation IDs, the emulator's status-code table and wire time formats."""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .redact import redact_text

GES_VERSION_DEFAULT = "100.0.003.0210"

# GES code -> (HTTP status, default message). docs/api.md "GES status codes".
CODES: dict[int, tuple[int, str]] = {
    0: (200, "Successful"),
    40000: (400, "validation failed"),
    40001: (400, "body: must be a JSON object"),
    40100: (401, "x-api-key: missing or invalid API key"),
    40101: (401, "statistics: GWS credentials are not registered"),
    40300: (403, "role may not use this operation"),
    40400: (404, "not found"),
    40500: (405, "method not allowed"),
    41300: (413, "body: request body larger than 64 KiB"),
    42900: (429, "desiredTime: the requested slot is full"),
    50001: (500, "internal error"),
    50300: (503, "temporarily unavailable"),
    5701: (502, "upstream dependency unavailable"),
}


class ApiError(Exception):
    """Raised by handlers; becomes an error envelope with the HTTP status of its GES code."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        data: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.code = code
        self.http_status = CODES.get(code, (500, ""))[0]
        self.message = message or CODES.get(code, (500, "error"))[1]
        self.data = data
        self.headers = headers or {}
        super().__init__(self.message)


def bad(message: str) -> ApiError:
    """A 400 / 40000 validation error; the message starts with the field name."""
    return ApiError(40000, message)


def not_found(message: str) -> ApiError:
    return ApiError(40400, message)


# A random node id (multicast bit set, as RFC 4122 asks) instead of the host's MAC address.
_NODE = secrets.randbits(48) | 0x010000000000


def new_corr_id() -> str:
    """A fresh UUID v1-style correlation ID (36 chars, lowercase hex), like the seed's."""
    return str(uuid.uuid1(node=_NODE))


def corr_id_of(request: Request) -> str:
    corr = request.scope.get("state", {}).get("corr_id")
    return corr if isinstance(corr, str) else new_corr_id()


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def envelope_bytes(code: int, message: str, corr_id: str, data: Any = None) -> bytes:
    body: dict[str, Any] = {"status": {"code": code, "message": message, "corrId": corr_id}}
    if data is not None or code == 0:
        body["data"] = data
    return dumps(body)


class JSONBytes(Response):
    media_type = "application/json"


def ok(request: Request, data: Any) -> Response:
    return JSONBytes(envelope_bytes(0, "Successful", corr_id_of(request), data), status_code=200)


def error_response(request: Request, exc: ApiError) -> Response:
    # Messages quote the offending input; it may be the caller's key pasted in the wrong field.
    message = redact_text(exc.message, request.headers.get("x-api-key", ""))
    body = envelope_bytes(exc.code, message, corr_id_of(request), exc.data)
    return JSONBytes(body, status_code=exc.http_status, headers=exc.headers)


def iso_z(dt: datetime | None) -> str | None:
    """UTC ISO-8601 with milliseconds and Z, as every response time."""
    if dt is None:
        return None
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def ms_to_dt(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def dt_to_ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def iso_ms(ms: int | None) -> str | None:
    return None if ms is None else iso_z(ms_to_dt(ms))
