"""One hierarchy for everything a client call can raise.

`CallbackClientError`
├── `ApiError` — the server answered with a GES error envelope
│   ├── `BadRequestError` (400, 413), `AuthenticationError` (401),
│   │   `PermissionDeniedError` (403), `NotFoundError` (404)
│   ├── `SlotFullError` (429 / 42900, `.slots` proposes free slots)
│   └── `ServerError` (5xx, `.retry_after` when the server sent one)
├── `ApiConnectionError` — no answer: could not connect, or the connection broke
│   └── `ApiTimeoutError` — no answer in time
└── `ProtocolError` — an answer that is not a GES envelope (proxy HTML page, empty, bad JSON)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

NO_CORRELATION_SENT = "no correlation ID: the request did not reach the server"
NO_CORRELATION_UNKNOWN = (
    "no correlation ID: no answer was received (the server may still have processed the request)"
)


class CallbackClientError(Exception):
    """Base of every error raised by the client; `.correlation_id` is None when there is none."""

    http_status: int | None = None
    code: int | None = None
    correlation_id: str | None = None
    retry_after: float | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ApiError(CallbackClientError):
    """The server answered with an error envelope (any status not covered by a subclass)."""

    def __init__(
        self,
        http_status: int,
        code: int | None,
        message: str,
        correlation_id: str | None,
        *,
        retry_after: float | None = None,
        data: Any = None,
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.code = code
        self.correlation_id = correlation_id
        self.retry_after = retry_after
        self.data = data

    def __str__(self) -> str:
        code = "none" if self.code is None else str(self.code)
        corr = self.correlation_id or "none"
        text = f"{self.message or 'error'} (HTTP {self.http_status}, GES code {code}, "
        text += f"correlation ID {corr}"
        if self.retry_after is not None:
            text += f", retry after {self.retry_after:g} s"
        return text + ")"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(http_status={self.http_status!r}, code={self.code!r}, "
            f"message={self.message!r}, correlation_id={self.correlation_id!r})"
        )


class BadRequestError(ApiError):
    """400 (validation; the message starts with the field's wire name) or 413 (body too large)."""


class AuthenticationError(ApiError):
    """401: missing or invalid API key, or (40101) statistics without GWS credentials."""


class PermissionDeniedError(ApiError):
    """403: the key's role may not use this operation."""


class NotFoundError(ApiError):
    """404: unknown callback id, service, correlation ID or route."""


class SlotFullError(ApiError):
    """429 / 42900: the desired slot is full; `.slots` maps free slot starts (UTC) to capacity."""

    def __init__(
        self,
        http_status: int,
        code: int | None,
        message: str,
        correlation_id: str | None,
        *,
        slots: Mapping[datetime, int] | None = None,
        retry_after: float | None = None,
        data: Any = None,
    ) -> None:
        super().__init__(
            http_status, code, message, correlation_id, retry_after=retry_after, data=data
        )
        self.slots: dict[datetime, int] = dict(sorted((slots or {}).items()))


class ServerError(ApiError):
    """5xx: internal error, temporarily unavailable, upstream dependency down."""


class ApiConnectionError(CallbackClientError):
    """No answer: the connection failed or broke. There is no correlation ID."""

    def __init__(self, message: str, *, request_sent: bool = False) -> None:
        hint = NO_CORRELATION_UNKNOWN if request_sent else NO_CORRELATION_SENT
        super().__init__(f"{message} ({hint})")
        self.request_sent = request_sent


class ApiTimeoutError(ApiConnectionError):
    """No answer in time. There is no correlation ID."""


class ProtocolError(CallbackClientError):
    """The answer is not a GES envelope, or its data does not have the documented shape."""

    def __init__(
        self, message: str, *, http_status: int | None = None, correlation_id: str | None = None
    ) -> None:
        corr = correlation_id or "none"
        status = "?" if http_status is None else str(http_status)
        super().__init__(f"{message} (HTTP {status}, correlation ID {corr})")
        self.http_status = http_status
        self.correlation_id = correlation_id
