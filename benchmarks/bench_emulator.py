"""Issue 3: error search on 1,000,000 recorded errors, and open-for throughput vs bare Starlette.

The emulator runs as `callback-tui mock-server` in its own process (so its RSS is its own);
requests come from this process over loopback.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from typing import TYPE_CHECKING

import httpx

from benchmarks.measure import MB, PeakRss, ServerProcess, http_throughput, percentile, quiet_env
from benchmarks.report import Figure, Target

if TYPE_CHECKING:
    from benchmarks.__main__ import Context

ISSUE = "#3"
SEARCH_BUDGET_S = 35.0
OPEN_FOR = "/engagement/v3/callbacks/open-for/Sales_US"


def sample_ids(db: str, count: int, seed: int = 7) -> list[str]:
    """Random recorded correlation IDs, read straight from the emulator's database."""
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (top,) = conn.execute("SELECT max(rowid) FROM errors").fetchone()
        ids: list[str] = []
        while len(ids) < count:
            row = conn.execute(
                "SELECT corr_id FROM errors WHERE rowid >= ? LIMIT 1", (rng.randint(1, top),)
            ).fetchone()
            if row:
                ids.append(row[0])
        return ids
    finally:
        conn.close()


def search_figures(ctx: Context) -> list[Figure]:
    server = ctx.big_server()
    rounds, most = (2, 60) if ctx.quick else (5, 200)
    ids = sample_ids(str(ctx.big_db), rounds * most)
    headers = {"x-api-key": ctx.key}
    kinds = ("me", "exact", "prefix", "first")
    p50: dict[str, list[float]] = {k: [] for k in kinds}
    p99: dict[str, list[float]] = {k: [] for k in kinds}
    idle_rss = server.rss()
    with (
        httpx.Client(base_url=server.url, headers=headers, timeout=30) as http,
        PeakRss(server.pid) as rss,
    ):
        started = time.perf_counter()
        for warm in ids[:20]:  # connection, code paths and SQLite pages warm
            http.get("/console/v1/errors", params={"q": warm})
        per_request = (time.perf_counter() - started) / 20
        # Slow round trips shrink the sample (never below 40 per round) to keep the time.
        per_round = min(most, max(40, int(SEARCH_BUDGET_S / (rounds * 4 * per_request))))
        for r in range(rounds):
            times: dict[str, list[float]] = {k: [] for k in kinds}
            for corr in ids[r * per_round : (r + 1) * per_round]:
                requests = {
                    "me": ("/console/v1/me", None),
                    "exact": ("/console/v1/errors", {"q": corr}),
                    "prefix": ("/console/v1/errors", {"q": corr[:8]}),
                    "first": ("/console/v1/errors", {"limit": "50"}),
                }
                for kind, (path, params) in requests.items():
                    started = time.perf_counter()
                    response = http.get(path, params=params)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
                    if kind == "exact" and not response.json()["data"]["items"]:
                        raise RuntimeError(f"exact search found nothing for {corr}")
                    times[kind].append(elapsed)
            for kind in kinds:
                p50[kind].append(percentile(times[kind], 50))
                p99[kind].append(percentile(times[kind], 99))
    base = "(GET /me)"
    n = f"{ctx.error_count:,}"
    figures = [
        Figure(f"search exact corrId, {n} errors: p50", "ms", p50["exact"], Target("max", 5),
               p50["me"], base),
        Figure(f"search exact corrId, {n} errors: p99", "ms", p99["exact"], Target("max", 20),
               p99["me"], base),
        Figure(f"search 8-char prefix, {n} errors: p50", "ms", p50["prefix"], Target("max", 5),
               p50["me"], base),
        Figure(f"search 8-char prefix, {n} errors: p99", "ms", p99["prefix"], Target("max", 20),
               p99["me"], base),
        Figure("first page newest-first (50 rows): p50", "ms", p50["first"], Target("max", 20),
               p50["me"], base),
        Figure("first page newest-first (50 rows): p99", "ms", p99["first"], None,
               p99["me"], base),
        Figure(f"emulator RSS, peak while searching {n} errors", "MB", [rss.peak / MB],
               Target("max", 200), [idle_rss / MB], "(idle after start)",
               note="psutil on the `callback-tui mock-server` process"),
    ]  # fmt: skip
    for fig in figures:
        fig.issue = ISSUE
    figures[0].note = f"{rounds} rounds x {per_round} requests of each kind, keep-alive httpx"
    return figures


def throughput_figures(ctx: Context) -> list[Figure]:
    server = ctx.big_server()
    rounds, seconds = (1, 1.0) if ctx.quick else (3, 3.0)
    bare = ServerProcess(
        [sys.executable, "-m", "benchmarks._serve_bare", "--port", "0"], env=quiet_env()
    ).start()
    try:
        bare.wait_ready("/bare", {})
        headers = {"x-api-key": ctx.key}
        ours: list[float] = []
        theirs: list[float] = []
        failures = 0
        for _ in range(rounds):
            rate, bad = http_throughput(bare.url, "/bare", {}, seconds=seconds)
            theirs.append(rate)
            failures += bad
            rate, bad = http_throughput(server.url, OPEN_FOR, headers, seconds=seconds)
            ours.append(rate)
            failures += bad
    finally:
        bare.stop()
    fig = Figure(
        "GET open-for throughput, 1 uvicorn worker",
        "req/s",
        ours,
        Target("min", 0.5, "ratio"),
        theirs,
        "(bare Starlette JSON)",
        issue=ISSUE,
        note="8 keep-alive connections from a lean asyncio client; both servers uvicorn, "
        "1 worker, access log off" + (f"; {failures} non-200 answers" if failures else ""),
    )
    if failures:
        fig.error = f"{failures} non-200 answers under load"
    return [fig]


def run(ctx: Context) -> list[Figure]:
    return [*search_figures(ctx), *throughput_figures(ctx)]
