"""Results of the console API (`/console/v1`, our own design; see docs/api.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import ListResult, UtcDatetime, WireModel

CredentialKind = Literal["gws", "push", "captcha"]
PurgeMode = Literal["endOfBusinessDay", "afterDuration", "off"]
HistogramBucketSize = Literal["minute", "hour", "day"]


class TenantRef(WireModel):
    id: str
    name: str | None = None


class Me(WireModel):
    tenant: TenantRef
    user: str | None = None
    role: str
    ges_version: str | None = None


class ErrorRecord(WireModel):
    """One recorded API error (URL already redacted by the server)."""

    corr_id: str
    url: str
    method: str
    timestamp: UtcDatetime
    status_code: int | None = None
    """The GES code (e.g. 50001, 5701)."""
    http_status: int
    message: str | None = None


class RequestSummary(WireModel):
    method: str | None = None
    url: str | None = None
    query: dict[str, Any] = Field(default_factory=dict)
    headers: dict[str, Any] = Field(default_factory=dict)
    body_summary: Any = None


class ErrorDetail(ErrorRecord):
    request: RequestSummary | None = None
    response_body: Any = None
    """The exact error envelope that was returned."""


class HistogramCount(WireModel):
    start: UtcDatetime
    count: int


class Histogram(WireModel):
    bucket: str
    since: UtcDatetime
    until: UtcDatetime
    counts: list[HistogramCount] = Field(default_factory=list)


class CorsOrigins(WireModel):
    origins: list[str] = Field(default_factory=list)
    how_to_update: str | None = None


class KeyValidation(WireModel):
    valid: bool
    role: str | None = None


class Credential(WireModel):
    """A credential as the server shows it: secret fields masked (`••••abcd`)."""

    kind: str
    registered: bool
    fields: dict[str, Any] = Field(default_factory=dict)
    updated_at: UtcDatetime | None = None
    last_test: Any = None


class CredentialList(ListResult[Credential]):
    """gws, push and captcha."""


class CredentialCheck(WireModel):
    name: str
    ok: bool
    detail: str | None = None


class CredentialTest(WireModel):
    kind: str
    ok: bool
    detail: str | None = None
    checks: list[CredentialCheck] = Field(default_factory=list)
    tested_at: UtcDatetime | None = None


class TenantConfig(WireModel):
    id: str
    name: str | None = None
    region: str | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    last_refreshed: UtcDatetime | None = None
    refresh_interval_min: int | None = None
    next_refresh: UtcDatetime | None = None
    source: str | None = None


class TenantChange(WireModel):
    path: str
    before: Any = None
    after: Any = None


class TenantRefetch(TenantConfig):
    """The refreshed configuration and what changed."""

    changes: list[TenantChange] = Field(default_factory=list)


class Setting(WireModel):
    """A CALLBACK_SETTINGS row; `web_callback` says whether the API honours it."""

    name: str
    value: Any = None
    web_callback: bool | None = None
    requires: str | None = None
    description: str | None = None


class PurgeSettings(WireModel):
    mode: str
    after_minutes: int | None = None
    next_purge: UtcDatetime | None = None


class Service(WireModel):
    name: str
    timezone: str | None = None
    settings: list[Setting] = Field(default_factory=list)
    purge: PurgeSettings | None = None


class ServiceList(ListResult[Service]):
    """Every callback service of the tenant."""


class PurgeResult(WireModel):
    dry_run: bool
    count: int
    ids: list[str] = Field(default_factory=list)
    by_state: dict[str, int] = Field(default_factory=dict)
    oldest: UtcDatetime | None = None
    newest: UtcDatetime | None = None
