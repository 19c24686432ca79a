"""`client.queues`, `client.wait_times`, `client.statistics` (GES public API)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._caller import Resource
from .._wire import GES, query, segment
from ..models import EstimatedWaitTimes, QueueStatus
from ..models import Statistics as StatisticsResult


class Queues(Resource):
    async def status(self, name: str) -> QueueStatus:
        """EWT and whether immediate / scheduled callbacks are offered now."""
        path = f"{GES}/callbacks/queue-status/{segment(name, 'name')}"
        return await self._caller.call(QueueStatus, "GET", path)


class WaitTimes(Resource):
    async def estimate(
        self,
        queues: str | Sequence[str],
        *,
        mode: str | None = None,
        include_calls_on_hold: bool | None = None,
    ) -> EstimatedWaitTimes:
        """EWT per virtual queue; `mode` is `mode1` | `mode2` (server default) | `mode3`."""
        names = [queues] if isinstance(queues, str) else list(queues)
        if not names:
            raise ValueError("virtual-queues: give at least one queue")
        params = query(mode=mode)
        params = {
            "virtual-queues": ",".join(names),
            **params,
            **query(**{"include-calls-on-hold": include_calls_on_hold}),
        }
        return await self._caller.call(
            EstimatedWaitTimes, "GET", f"{GES}/estimated-wait-time", params=params
        )


class Statistics(Resource):
    async def get(
        self, body: Mapping[str, Any] | None = None, *, cache_control: str | None = None
    ) -> StatisticsResult:
        """GWS get-statistic-ex passthrough; 401/40101 until GWS credentials are registered."""
        headers = {"cache-control": cache_control} if cache_control else None
        return await self._caller.call(
            StatisticsResult,
            "POST",
            f"{GES}/statistics/operations/get-statistic-ex",
            json=dict(body or {}),
            headers=headers,
        )
