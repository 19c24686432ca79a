"""The console (Pilot) drives every screen while the emulator injects latency, 503 with
Retry-After, dropped connections and malformed bodies on 30% of calls: the app never exits,
the event loop never lags 100 ms or more, every failure is reported with its correlation ID
when the server sent one, and once the faults stop every screen loads without a failure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from console_driver import LagProbe, console_for, drive_every_screen, settle
from fault_tools import Delays, thirty_percent
from reliability_env import KEYS, NOW, bounded

from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from client import CallbackClient

MAX_LAG_S = 0.100
PASSES = bounded(1, 4)


@pytest.fixture
def server() -> Iterator[MockServer]:
    with MockServer(clock=FixedClock(NOW), keys=KEYS, seed_errors=300) as srv:
        yield srv


async def test_console_survives_30_percent_faults_on_every_screen(
    server: MockServer, figures: dict[str, Any]
) -> None:
    # No client retries: every injected fault reaches the UI (harsher than the default 2).
    client = CallbackClient(server.url, KEYS["Administrator"], sleep=Delays(), max_retries=0)
    app = await console_for(client, server.url)
    injected = thirty_percent(503, seed=2026)
    probe = LagProbe()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        probe.start()
        server.emulator.faults = injected
        visited: list[str] = []
        for _ in range(PASSES):
            visited = await drive_every_screen(pilot, app, refreshes=3)
        assert app.is_running and app.return_value is None, "the console exited under faults"
        under_faults = list(app.last_errors)

        # The faults stop: every screen loads again and nothing new fails.
        server.emulator.faults = None
        await drive_every_screen(pilot, app, refreshes=1)
        await settle(pilot, app)
        after = list(app.last_errors)[len(under_faults) :]
        await probe.stop()
        assert app.is_running
    await client.aclose()

    kinds = Counter(r.kind for r in under_faults)
    assert sum(injected.injected[k] for k in ("http_503", "drop", "malformed")) > 0
    assert under_faults, "30% faults over every screen caused no reported failure"
    assert kinds["unexpected"] == 0, [r.message for r in under_faults if r.kind == "unexpected"]
    for record in under_faults:
        if record.kind in ("api", "protocol"):
            # The server answered (even a malformed body came with X-Correlation-ID).
            assert record.correlation_id, record
    assert not after, [(r.action, r.message) for r in after]
    assert probe.samples > 50
    assert probe.worst < MAX_LAG_S, f"event loop lagged {probe.worst * 1000:.0f} ms"
    figures["faults_console"] = {
        "screens": visited,
        "passes": PASSES,
        "faults_injected": dict(sorted(injected.injected.items())),
        "failures_reported": dict(sorted(kinds.items())),
        "failures_after_faults_stop": len(after),
        "worst_event_loop_lag_ms": round(probe.worst * 1000, 1),
        "lag_samples": probe.samples,
        "app_exited": False,
    }
