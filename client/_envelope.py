"""Decoding the GES envelope into a typed result or the right error."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ._raw import RawResponse, parse_retry_after
from ._redact import Redactor
from .errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    ProtocolError,
    ServerError,
    SlotFullError,
)
from .models.base import ListResult, assume_utc

M = TypeVar("M", bound=BaseModel)

SLOT_FULL_CODE = 42900
_SNIPPET = 120
_STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    413: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
}


def decode(raw: RawResponse, model: type[M], redactor: Redactor) -> M:
    """The typed result of a successful envelope; raise the matching error otherwise."""
    header_corr = raw.header("x-correlation-id")
    envelope = _parse_json(raw, redactor, header_corr)
    status = envelope.get("status")
    if not isinstance(status, dict):
        raise _protocol(raw, "the answer has no GES `status` object", header_corr)
    code = _code(status.get("code"))
    if code is None:
        raise _protocol(raw, "status.code is not an integer", header_corr)
    message = status.get("message")
    message = redactor.text(message) if isinstance(message, str) else ""
    corr = status.get("corrId")
    corr = corr if isinstance(corr, str) and corr else header_corr
    data = envelope.get("data")
    if raw.status_code >= 400 or code != 0:
        raise _api_error(raw, code, message, corr, data)
    if not 200 <= raw.status_code < 300:
        raise _protocol(raw, "unexpected HTTP status for a success envelope", corr)
    if not corr:
        raise _protocol(raw, "the envelope has no status.corrId", None)
    return _validate(raw, model, data, corr)


def _parse_json(raw: RawResponse, redactor: Redactor, corr: str | None) -> dict[str, Any]:
    if not raw.content.strip():
        raise _protocol(raw, "the answer has an empty body, not a GES envelope", corr)
    parsed: Any = None
    readable = True
    try:
        parsed = json.loads(raw.content)
    except (ValueError, RecursionError):
        readable = False
    # Raised outside the `except`: no JSONDecodeError chained to what the user sees.
    if not readable:
        text = raw.content[:_SNIPPET].decode("utf-8", "replace")
        snippet = " ".join(redactor.text(text).split())
        kind = raw.content_type.split(";")[0] or "no content type"
        raise _protocol(raw, f"the answer is not JSON ({kind}): {snippet!r}", corr)
    if not isinstance(parsed, dict):
        raise _protocol(
            raw, f"the answer is a JSON {type(parsed).__name__}, not a GES envelope", corr
        )
    return parsed


def _code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,18}\s*", value):
        return int(value.strip())
    return None


def _protocol(raw: RawResponse, message: str, corr: str | None) -> ProtocolError:
    return ProtocolError(message, http_status=raw.status_code, correlation_id=corr)


def _api_error(raw: RawResponse, code: int, message: str, corr: str | None, data: Any) -> ApiError:
    retry_after = parse_retry_after(raw.header("retry-after"))
    status = raw.status_code
    if code == SLOT_FULL_CODE or (status == 429 and _has_slots(data)):
        return SlotFullError(
            status, code, message, corr, slots=_slots(data), retry_after=retry_after, data=data
        )
    if status >= 500:
        cls: type[ApiError] = ServerError
    else:
        cls = _STATUS_ERRORS.get(status, ApiError)
    return cls(status, code, message, corr, retry_after=retry_after, data=data)


def _has_slots(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("slots"), dict)


def _slots(data: Any) -> dict[datetime, int]:
    """`data.slots` ("UTC start" -> "capacity" strings); unreadable entries are skipped."""
    if not _has_slots(data):
        return {}
    slots: dict[datetime, int] = {}
    for start, capacity in data["slots"].items():
        try:
            when = assume_utc(datetime.fromisoformat(str(start).replace("Z", "+00:00")))
            slots[when] = int(capacity)
        except (TypeError, ValueError, OverflowError):
            continue
    return slots


def _validate(raw: RawResponse, model: type[M], data: Any, corr: str) -> M:
    if issubclass(model, ListResult):
        if not isinstance(data, list):
            raise _protocol(raw, f"data is not a list ({_type_name(data)})", corr)
        payload: dict[str, Any] = {"items": data}
    elif isinstance(data, dict):
        payload = dict(data)
    else:
        raise _protocol(raw, f"data is not an object ({_type_name(data)})", corr)
    payload["correlationId"] = corr
    problems = ""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        # Without the input values: they can hold phone numbers.
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'data'}: {err['msg']}"
            for err in exc.errors(include_input=False, include_url=False)[:5]
        )
    raise _protocol(raw, f"data does not match {model.__name__}: {problems}", corr)


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__
