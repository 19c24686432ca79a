"""The console (Pilot) drives every screen while the emulator injects latency, 503 with
Retry-After, dropped connections and malformed bodies on 30% of calls: the app never exits,
every failure is reported with its correlation ID when the server sent one, and once the
faults stop every screen loads without a failure.

Event-loop lag (a probe sleeping 10 ms ticks on the app's loop), two measures:
- while calls are slow (server latency) the loop never stalls 100 ms: no I/O blocks the UI;
- over the whole drive, laying out and painting screens and sections stalls it too. On the
  shared 2-core CI machine a bare Textual app needs 80-380 ms for a plain tab switch (measured
  in the same run and reported), so an absolute 100 ms bound on painting would measure the
  machine; the drive's worst stall is bounded at 1 s and reported with where it happened.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from console_driver import (
    LagProbe,
    baseline_tab_switch_lag,
    console_for,
    drive_every_screen,
    settle,
)
from fault_tools import Delays, faults, thirty_percent
from reliability_env import KEYS, NOW, bounded

from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from client import CallbackClient

MAX_IO_LAG_S = 0.100
MAX_PAINT_STALL_S = 1.0
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
    injected = thirty_percent(503, seed=7)
    probe = LagProbe()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        probe.start()
        server.emulator.faults = injected
        visited: list[str] = []
        for _ in range(PASSES):
            visited = await drive_every_screen(pilot, app, refreshes=2, after_each=probe.mark)
        assert app.is_running and app.return_value is None, "the console exited under faults"
        under_faults = list(app.last_errors)

        # The faults stop: every screen loads again and nothing new fails.
        server.emulator.faults = None
        probe.mark("faults stopped")
        await drive_every_screen(pilot, app, refreshes=1, after_each=probe.mark)
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
    baseline = await baseline_tab_switch_lag()
    worst_moments = sorted(probe.spikes, key=lambda spike: -spike[1])[:5]
    assert probe.worst < MAX_PAINT_STALL_S, (
        f"event loop stalled {probe.worst * 1000:.0f} ms (bare Textual tab switch: "
        f"{baseline * 1000:.0f} ms); worst moments: {worst_moments}"
    )
    figures["faults_console"] = {
        "screens": visited,
        "passes": PASSES,
        "faults_injected": dict(sorted(injected.injected.items())),
        "failures_reported": dict(sorted(kinds.items())),
        "failures_after_faults_stop": len(after),
        "worst_event_loop_lag_ms": round(probe.worst * 1000, 1),
        "baseline_bare_textual_tab_switch_ms": round(baseline * 1000, 1),
        "stalls_over_100ms": len([s for s in probe.spikes if s[1] >= 100]),
        "worst_moments_ms": worst_moments,
        "lag_samples": probe.samples,
        "app_exited": False,
    }


async def test_slow_calls_never_stall_the_event_loop(
    server: MockServer, figures: dict[str, Any]
) -> None:
    """With every call taking 1 s at the server, the loop stays responsive (< 100 ms) while
    the calls are in flight: refreshes of every shown panel, measured once their loading state
    has been painted (painting is the other measure)."""
    client = CallbackClient(server.url, KEYS["Administrator"], max_retries=0)
    app = await console_for(client, server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main_screen.switch_to("developer")
        await settle(pilot, app)
        server.emulator.faults = faults("latency=1s")
        probe = LagProbe()
        probe.start()
        windows = 0
        worst = 0.0
        for _ in range(bounded(3, 12)):
            for widget in list(app.screen.query("*")):
                if hasattr(type(widget), "action_refresh") and widget.is_on_screen:
                    await widget.run_action("refresh")
            await pilot.pause()  # the loading state is painted
            probe.worst = 0.0
            await asyncio.sleep(0.5)  # calls in flight: measure
            assert any(w.is_running for w in app.workers), "no call was in flight"
            worst = max(worst, probe.worst)
            windows += 1
            await settle(pilot, app)
        await probe.stop()
        server.emulator.faults = None
    await client.aclose()
    assert worst < MAX_IO_LAG_S, f"event loop stalled {worst * 1000:.0f} ms during slow calls"
    figures["slow_calls_lag"] = {"windows": windows, "worst_lag_ms": round(worst * 1000, 1)}
