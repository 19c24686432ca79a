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


async def _measure(url: str, key: str, rounds: int, calls: int) -> tuple[list[float], list[float]]:
    from client import CallbackClient

    ours: list[float] = []
    raw: list[float] = []
    target = f"{url}/engagement/v3/callbacks/open-for/{SERVICE}"
    headers = {"x-api-key": key}
    async with CallbackClient(url, key) as client, httpx.AsyncClient(timeout=30) as http:

        async def with_client() -> float:
            started = time.perf_counter()
            for _ in range(calls):
                await client.availability.open_for(SERVICE)
            return (time.perf_counter() - started) / calls * 1000

        async def with_httpx() -> float:
            started = time.perf_counter()
            for _ in range(calls):
                response = await http.get(target, headers=headers)
                response.raise_for_status()
                response.json()
            return (time.perf_counter() - started) / calls * 1000

        await with_client()  # warm both connections and code paths
        await with_httpx()
        for r in range(rounds):
            # Alternate which goes first so drift on the shared machine hits both alike.
            if r % 2:
                raw.append(await with_httpx())
                ours.append(await with_client())
            else:
                ours.append(await with_client())
                raw.append(await with_httpx())
    return ours, raw


def run(ctx: Context) -> list[Figure]:
    server = ctx.big_server()
    rounds, calls = (2, 100) if ctx.quick else (7, 300)
    ours, raw = asyncio.run(_measure(server.url, ctx.key, rounds, calls))
    return [
        Figure(
            "client.availability.open_for per call",
            "ms",
            ours,
            Target("max", 1.3, "ratio"),
            raw,
            "(raw httpx.AsyncClient GET + json)",
            issue="#6",
            note=f"sequential calls, {calls} per round, same emulator process and URL",
        )
    ]
