"""Drive the console's Errors panel with Pilot against a running emulator; print JSON timings.

    python -m benchmarks._errors_panel URL DB [--searches N] [--pages N]   (key: CALLBACK_API_KEY)

The console is built as `callback-tui --base-url URL` builds it, headless, in this process
(the parent measures this process's peak RSS). Search: the search box is filled, enter is
pressed, and the clock stops when the table holds the matching rows and the app is idle again
(`search_ms`, the figure of record). `painted_ms` is when the first frame holding those rows
was painted: what a user sees, without Pilot's idle waits (about 60 ms) or later frames
(e.g. the Footer rebuilding its keys after focus returns to the table).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable
from typing import Any

TIMEOUT_S = 30.0


async def wait_for(pilot: Any, condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + TIMEOUT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.001)


def sample_ids(db: str, count: int) -> list[str]:
    rng = random.Random(11)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (top,) = conn.execute("SELECT max(rowid) FROM errors").fetchone()
        return [
            conn.execute(
                "SELECT corr_id FROM errors WHERE rowid >= ? LIMIT 1", (rng.randint(1, top),)
            ).fetchone()[0]
            for _ in range(count)
        ]
    finally:
        conn.close()


def build_app(url: str) -> Any:
    from callback_tui.app import CallbackConsole
    from callback_tui.config import load_config, resolve_target
    from callback_tui.launch import BackendStartup
    from client import Secret

    config = load_config()
    target = resolve_target(config, base_url_flag=url)
    startup = BackendStartup(target, Secret(os.environ["CALLBACK_API_KEY"]), "env")
    return CallbackConsole(
        None, startup.session, config=config, startup=startup, on_exit=startup.close, notices=[]
    )


async def drive(url: str, db: str, searches: int, pages: int) -> dict[str, Any]:
    import httpx
    import psutil
    from textual.widgets import Input

    from screens.developer.errors_panel import ErrorsPanel

    app = build_app(url)
    ids = sample_ids(db, searches)
    search_ms: list[float] = []
    in_table_ms: list[float] = []
    painted_ms: list[float] = []
    http_ms: list[float] = []
    headers = {"x-api-key": os.environ["CALLBACK_API_KEY"]}
    async with (
        app.run_test(size=(160, 50)) as pilot,
        httpx.AsyncClient(base_url=url, headers=headers) as http,
    ):
        await wait_for(pilot, lambda: app.session.role is not None, "sign-in")
        await wait_for(pilot, lambda: app.main_screen.tabs is not None, "sections")
        await pilot.pause()
        await pilot.press("2")  # the Developer section, as a user gets there
        await wait_for(pilot, lambda: bool(app.query(ErrorsPanel)), "the Errors panel")
        panel = app.query_one(ErrorsPanel)
        painted: dict[str, Any] = {"probe": None, "at": None}
        display = app._display

        def display_and_note(screen: Any, update: Any) -> None:
            display(screen, update)
            probe = painted["probe"]
            if update is not None and probe is not None and painted["at"] is None and probe():
                painted["at"] = time.perf_counter()

        app._display = display_and_note
        await wait_for(pilot, lambda: panel.table.row_count > 0, "the first page")
        await pilot.pause()
        rss_after_start = psutil.Process().memory_info().rss / 2**20
        search = panel.query_one("#search", Input)
        for i, corr in enumerate(ids):
            query = corr if i % 2 == 0 else corr[:8]
            search.focus()
            search.value = query
            await pilot.pause()

            def shown(query: str = query, corr: str = corr) -> bool:
                return panel.filters.q == query and corr in panel._records

            painted["probe"], painted["at"] = shown, None
            started = time.perf_counter()
            await pilot.press("enter")
            await wait_for(pilot, shown, f"rows for {query}")
            in_table_ms.append((time.perf_counter() - started) * 1000)
            await pilot.pause()  # and painted
            search_ms.append((time.perf_counter() - started) * 1000)
            painted["probe"] = None
            if painted["at"] is not None:
                painted_ms.append((painted["at"] - started) * 1000)
            started = time.perf_counter()
            response = await http.get("/console/v1/errors", params={"q": query, "limit": 100})
            response.json()
            http_ms.append((time.perf_counter() - started) * 1000)
        search.value = ""
        search.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: panel.filters.q in (None, ""), "the unfiltered list")
        await wait_for(pilot, lambda: len(panel._records) == panel.PAGE_SIZE, "a full page")
        panel.table.focus()
        rows_seen = len(panel._records)
        for page in range(2, pages + 1):
            await pilot.press("n")

            def on_page(page: int = page) -> bool:
                return bool(panel.page_number == page)

            await wait_for(pilot, on_page, f"page {page}")
            await wait_for(pilot, lambda: len(panel._records) > 0, f"rows of page {page}")
            rows_seen += len(panel._records)
        await pilot.pause()
    return {
        "search_ms": search_ms,
        "in_table_ms": in_table_ms,
        "painted_ms": painted_ms,
        "http_ms": http_ms,
        "rss_after_start_mb": rss_after_start,
        "rows_seen": rows_seen,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("db")
    parser.add_argument("--searches", type=int, default=30)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    result = asyncio.run(drive(args.url, args.db, args.searches, args.pages))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
