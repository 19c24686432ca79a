"""Fault tools shared by the fault tests: the emulator's faults with counters, and a
stand-in for `asyncio.sleep` between client retries."""

from __future__ import annotations

import asyncio
from collections import Counter

from callback_tui.mock.faults import Fault, Faults


class CountingFaults(Faults):
    """The emulator's faults, counting what it injected."""

    injected: Counter[str]

    def pick(self, method: str, path: str) -> Fault | None:
        fault = super().pick(method, path)
        if fault is not None:
            kind = (
                f"http_{fault.error}"
                if fault.error
                else "drop"
                if fault.drop
                else "malformed"
                if fault.malformed
                else "latency_only"
            )
            self.injected[kind] += 1
        return fault


def faults(spec: str) -> CountingFaults:
    parsed = Faults.parse(spec)
    counting = CountingFaults.__new__(CountingFaults)
    counting.__dict__.update(parsed.__dict__)
    counting.injected = Counter()
    return counting


def thirty_percent(status: int, seed: int) -> CountingFaults:
    return faults(f"latency=0-15ms;error=0.1:{status};drop=0.1;malformed=0.1;seed={seed}")


class Delays:
    """Stands in for `asyncio.sleep` between retries: records the delay, does not wait."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(0)
