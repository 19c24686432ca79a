"""Typed async client for the GES Callback backend (GES public API + the console API).

    async with CallbackClient("http://127.0.0.1:8123", api_key) as client:
        ref = await client.callbacks.create("support", "+15551234567")
        print(ref.id, ref.correlation_id)

Groups: `callbacks` (create, cancel, retrieve, list, iter_pages, get, reschedule),
`availability` (open_for, slots), `queues.status`, `wait_times.estimate`, `statistics.get`,
`me()`, `errors` (list, search, iter_pages, get, histogram), `cors.origins`,
`api_keys.validate`, `credentials` (list, register, delete, test), `tenant` (get, refetch),
`services` (list, get, set_purge), `purge` (preview, run).

Results are pydantic models (snake_case attributes, camelCase on the wire, unknown fields kept)
with `.correlation_id`. Console lists are `Page[T]` (`items`, `next_cursor`); whole lists
(EWT, services, credentials) are `ListResult[T]` (`items`, `len()`, indexing). Datetimes are
aware UTC, except `Slot.local_time` (naive, in the requested zone, as on the wire). Every error
is a `CallbackClientError` (see `client.errors`). `import client` does not import httpx; the
first use of `CallbackClient` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._secret import Secret
from .errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    CallbackClientError,
    NotFoundError,
    PermissionDeniedError,
    ProtocolError,
    ServerError,
    SlotFullError,
)
from .models import (
    Availability,
    Callback,
    CallbackDetail,
    CallbackRef,
    CorsOrigins,
    Credential,
    CredentialCheck,
    CredentialKind,
    CredentialList,
    CredentialTest,
    ErrorDetail,
    ErrorRecord,
    EstimatedWaitTime,
    EstimatedWaitTimes,
    Histogram,
    HistogramBucketSize,
    HistogramCount,
    HistoryEntry,
    KeyValidation,
    Me,
    OpenFor,
    Page,
    PurgeMode,
    PurgeResult,
    PurgeSettings,
    QueueStatus,
    RequestSummary,
    Service,
    ServiceList,
    Setting,
    Slot,
    Statistics,
    TenantChange,
    TenantConfig,
    TenantRef,
    TenantRefetch,
)

if TYPE_CHECKING:
    from ._client import CallbackClient


def __getattr__(name: str) -> Any:
    # httpx (~50-80 ms to import) loads only when the client itself is first used, so
    # importing models, errors or Secret stays cheap.
    if name == "CallbackClient":
        from ._client import CallbackClient

        return CallbackClient
    raise AttributeError(f"module 'client' has no attribute {name!r}")


__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AuthenticationError",
    "Availability",
    "BadRequestError",
    "Callback",
    "CallbackClient",
    "CallbackClientError",
    "CallbackDetail",
    "CallbackRef",
    "CorsOrigins",
    "Credential",
    "CredentialCheck",
    "CredentialKind",
    "CredentialList",
    "CredentialTest",
    "ErrorDetail",
    "ErrorRecord",
    "EstimatedWaitTime",
    "EstimatedWaitTimes",
    "Histogram",
    "HistogramBucketSize",
    "HistogramCount",
    "HistoryEntry",
    "KeyValidation",
    "Me",
    "NotFoundError",
    "OpenFor",
    "Page",
    "PermissionDeniedError",
    "ProtocolError",
    "PurgeMode",
    "PurgeResult",
    "PurgeSettings",
    "QueueStatus",
    "RequestSummary",
    "Secret",
    "ServerError",
    "Service",
    "ServiceList",
    "Setting",
    "Slot",
    "SlotFullError",
    "Statistics",
    "TenantChange",
    "TenantConfig",
    "TenantRef",
    "TenantRefetch",
]
