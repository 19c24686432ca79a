"""`client.errors`: the server's record of failed API calls (console API)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from .._caller import Resource, follow_cursor
from .._wire import CONSOLE, check_limit, query, segment, utc_time
from ..models import ErrorDetail, ErrorRecord, Histogram, HistogramBucketSize, Page

StatusFilter = int | str | Sequence[int | str]


class Errors(Resource):
    async def list(
        self,
        *,
        q: str | None = None,
        status: StatusFilter | None = None,
        method: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[ErrorRecord]:
        """Newest first. `q`: exact correlation ID or prefix (>= 4 chars); `status`: HTTP
        statuses or GES codes (one or several)."""
        params = query(
            q=q,
            status=[status] if isinstance(status, int | str) else status,
            method=method.upper() if method else None,
            since=None if since is None else utc_time(since, "since"),
            until=None if until is None else utc_time(until, "until"),
            limit=check_limit(limit),
            cursor=cursor,
        )
        return await self._caller.call(Page[ErrorRecord], "GET", f"{CONSOLE}/errors", params=params)

    async def search(self, id_or_prefix: str, **filters: Any) -> Page[ErrorRecord]:
        """Errors whose correlation ID is `id_or_prefix` or starts with it."""
        return await self.list(q=id_or_prefix.strip(), **filters)

    async def iter_pages(
        self, *, max_pages: int | None = None, **filters: Any
    ) -> AsyncIterator[Page[ErrorRecord]]:
        """Pages of `list(**filters)`, one request at a time, following `next_cursor`."""
        async for page in follow_cursor(self.list, max_pages, filters):
            yield page

    async def get(self, corr_id: str) -> ErrorDetail:
        """One error with its request summary and the exact response body."""
        path = f"{CONSOLE}/errors/{segment(corr_id.strip(), 'corrId')}"
        return await self._caller.call(ErrorDetail, "GET", path)

    async def histogram(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        bucket: HistogramBucketSize = "hour",
    ) -> Histogram:
        """Error counts per bucket (server default: the last 24 h)."""
        params = query(
            since=None if since is None else utc_time(since, "since"),
            until=None if until is None else utc_time(until, "until"),
            bucket=bucket,
        )
        return await self._caller.call(
            Histogram, "GET", f"{CONSOLE}/errors/histogram", params=params
        )
