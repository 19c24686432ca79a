"""Issue 6: client overhead per call, `client.availability.open_for` vs a raw httpx GET."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import httpx

from benchmarks.report import Figure, Target

if TYPE_CHECKING:
    from benchmarks.__main__ import Context

SERVICE = "Sales_US"
BUDGET_S = 20.0
WARM_CALLS = 20


async def _measure(
    url: str, key: str, rounds: int, most: int
) -> tuple[list[float], list[float], int]:
    """Per-call milliseconds per round for our client and for raw httpx, and calls per round."""
    from client import CallbackClient

    ours: list[float] = []
    raw: list[float] = []
    target = f"{url}/engagement/v3/callbacks/open-for/{SERVICE}"
    headers = {"x-api-key": key}
    async with CallbackClient(url, key) as client, httpx.AsyncClient(timeout=30) as http:

        async def with_client(calls: int) -> float:
            started = time.perf_counter()
            for _ in range(calls):
                await client.availability.open_for(SERVICE)
            return (time.perf_counter() - started) / calls * 1000

        async def with_httpx(calls: int) -> float:
            started = time.perf_counter()
            for _ in range(calls):
                response = await http.get(target, headers=headers)
                response.raise_for_status()
                response.json()
            return (time.perf_counter() - started) / calls * 1000

        await with_client(WARM_CALLS)  # warm both connections and code paths
        per_call_s = await with_httpx(WARM_CALLS) / 1000
        # Slow round trips shrink the sample (never below 40 calls) to keep the time.
        calls = min(most, max(40, int(BUDGET_S / (rounds * 2 * per_call_s))))
        for r in range(rounds):
            # Alternate which goes first so drift on the shared machine hits both alike.
            if r % 2:
                raw.append(await with_httpx(calls))
                ours.append(await with_client(calls))
            else:
                ours.append(await with_client(calls))
                raw.append(await with_httpx(calls))
    return ours, raw, calls


def run(ctx: Context) -> list[Figure]:
    server = ctx.big_server()
    rounds, most = (2, 100) if ctx.quick else (7, 300)
    ours, raw, calls = asyncio.run(_measure(server.url, ctx.key, rounds, most))
    return [
        Figure(
            "client.availability.open_for per call",
            "ms",
            ours,
            Target("max", 1.3, "ratio"),
            raw,
            "(raw httpx.AsyncClient GET + json)",
            issue="#6",
            note=f"sequential calls, {rounds} rounds x {calls}, same emulator process and URL",
        )
    ]
