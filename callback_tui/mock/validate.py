"""Field-level request validation: every failure is a 400 whose message starts with the field."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from .envelope import ApiError, bad

MAX_BODY = 64 * 1024


async def json_object(request: Request, *, optional: bool = False) -> dict[str, Any]:
    """The request body as a JSON object, or 400/40001."""
    raw = await request.body()
    if not raw.strip():
        if optional:
            return {}
        raise ApiError(40001, "body: must be a JSON object")
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(40001, "body: not valid JSON") from None
    if not isinstance(value, dict):
        raise ApiError(40001, "body: must be a JSON object")
    return value


def opt_str(body: dict[str, Any], name: str, *, max_len: int = 1000) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad(f"{name}: must be a string")
    if len(value) > max_len:
        raise bad(f"{name}: must be at most {max_len} characters")
    return value


def req_str(body: dict[str, Any], name: str, *, max_len: int = 1000) -> str:
    value = opt_str(body, name, max_len=max_len)
    if value is None or not value.strip():
        raise bad(f"{name}: is required")
    return value


def opt_bool(body: dict[str, Any], name: str) -> bool | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise bad(f"{name}: must be true or false")
    return value


def opt_number(
    body: dict[str, Any], name: str, *, lo: float | None = None, hi: float | None = None
) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise bad(f"{name}: must be a number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise bad(f"{name}: must be between {lo} and {hi}")
    return value


def opt_int(body: dict[str, Any], name: str, *, lo: int, hi: int) -> int | None:
    value = opt_number(body, name)
    if value is None:
        return None
    if value != int(value) or not lo <= value <= hi:
        raise bad(f"{name}: must be an integer from {lo} to {hi}")
    return int(value)


def parse_aware_time(name: str, text: str) -> datetime:
    """An ISO-8601 time with an explicit offset or Z (desiredTime, since, until, from, to)."""
    if not isinstance(text, str) or not text.strip():
        raise bad(f"{name}: must be an ISO-8601 time with an offset or Z")
    candidate = text.strip()
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(candidate)
    except ValueError:
        raise bad(f"{name}: not an ISO-8601 time: {text[:40]!r}") from None
    if dt.tzinfo is None:
        raise bad(f"{name}: needs an explicit offset or Z (ambiguous local time)")
    if not 1970 <= dt.year <= 2200:
        raise bad(f"{name}: year out of range")
    return dt.astimezone(UTC)


def opt_time(body: dict[str, Any], name: str) -> datetime | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad(f"{name}: must be an ISO-8601 string")
    return parse_aware_time(name, value)


def query_time(request: Request, name: str) -> datetime | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    return parse_aware_time(name, value)


def query_bool(request: Request, name: str) -> bool:
    value = request.query_params.get(name)
    if value is None or value == "":
        return False
    lowered = value.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise bad(f"{name}: must be true or false")


def query_limit(request: Request, *, default: int = 50) -> int:
    value = request.query_params.get("limit")
    if value is None or value == "":
        return default
    try:
        limit = int(value)
    except ValueError:
        raise bad("limit: must be an integer from 1 to 500") from None
    if not 1 <= limit <= 500:
        raise bad("limit: must be an integer from 1 to 500")
    return limit


def check_uuid(name: str, value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise bad(f"{name}: must be a callback id (UUID)") from None
