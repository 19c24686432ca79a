"""Fault injection for exercising clients: latency, 500/503, dropped connections, bad bodies.

Grammar (items separated by `;`, whitespace ignored, every item optional):

    latency=200ms        added delay per matching request: `200ms`, `1.5s`, or a range `50-300ms`
    error=0.3:503        rate (0..1) of injected errors, then the HTTP status: 500 (GES 50001) or
                         503 (GES 50300, with `Retry-After: 1`); default status 503
    drop=0.1             rate of dropped connections (status line sent, then the socket closes;
                         in-process ASGI callers see the app return without a body)
    malformed=0.1        rate of malformed answers: alternately the JSON cut in half (same
                         status) or an HTML "502 Bad Gateway" page
    paths=/a*,/b/*       comma list of fnmatch globs on the URL path (default: every path
                         except /openapi.json); a glob may start with a method: `POST /x/*`
    seed=42              seed of the random generator (deterministic sequences for tests)

Example: `latency=200ms;error=0.3:503;drop=0.1;malformed=0.1;paths=/engagement/v3/callbacks/*`.
Per matching request one draw decides the outcome in the order error, drop, malformed.
"""

from __future__ import annotations

import fnmatch
import random
import re
import threading
from dataclasses import dataclass

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(ms|s)?$")


@dataclass(frozen=True)
class Fault:
    latency_s: float = 0.0
    error: int = 0
    drop: bool = False
    malformed: bool = False
    variant: int = 0

    def describe(self) -> str:
        return f"HTTP {self.error}" if self.error else "fault"


class Faults:
    def __init__(
        self,
        *,
        latency: tuple[float, float] = (0.0, 0.0),
        error_rate: float = 0.0,
        error_status: int = 503,
        drop_rate: float = 0.0,
        malformed_rate: float = 0.0,
        paths: tuple[str, ...] = (),
        seed: int | None = None,
    ) -> None:
        self.latency = latency
        self.error_rate = error_rate
        self.error_status = error_status
        self.drop_rate = drop_rate
        self.malformed_rate = malformed_rate
        self.paths = paths
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._malformed_count = 0

    @classmethod
    def parse(cls, spec: str) -> Faults:
        """Parse the grammar of the module docstring; ValueError names the bad item."""
        kwargs: dict[str, object] = {}
        for item in spec.split(";"):
            item = item.strip()
            if not item:
                continue
            name, sep, value = (p.strip() for p in item.partition("="))
            if not sep:
                raise ValueError(f"faults: {item!r} is not name=value")
            name = name.lower()
            if name == "latency":
                kwargs["latency"] = _duration(value)
            elif name == "error":
                rate, _, status = value.partition(":")
                kwargs["error_rate"] = _rate(rate, name)
                if status:
                    if status.strip() not in ("500", "503"):
                        raise ValueError("faults: error status must be 500 or 503")
                    kwargs["error_status"] = int(status)
            elif name in ("drop", "malformed"):
                kwargs[f"{name}_rate"] = _rate(value, name)
            elif name == "paths":
                kwargs["paths"] = tuple(p.strip() for p in value.split(",") if p.strip())
            elif name == "seed":
                try:
                    kwargs["seed"] = int(value)
                except ValueError:
                    raise ValueError("faults: seed must be an integer") from None
            else:
                raise ValueError(
                    f"faults: unknown item {name!r} (latency, error, drop, malformed, paths, seed)"
                )
        return cls(**kwargs)  # type: ignore[arg-type]

    def matches(self, method: str, path: str) -> bool:
        if path == "/openapi.json" and not self.paths:
            return False
        if not self.paths:
            return True
        for glob in self.paths:
            want_method, _, pattern = glob.rpartition(" ")
            if want_method and want_method.upper() != method.upper():
                continue
            if fnmatch.fnmatchcase(path, pattern):
                return True
        return False

    def pick(self, method: str, path: str) -> Fault | None:
        if not self.matches(method, path):
            return None
        with self._lock:
            low, high = self.latency
            latency = self._rng.uniform(low, high) if high > low else low
            draw = self._rng.random()
            error = drop = malformed = False
            edge = self.error_rate
            if draw < edge:
                error = True
            elif draw < (edge := edge + self.drop_rate):
                drop = True
            elif draw < edge + self.malformed_rate:
                malformed = True
                self._malformed_count += 1
            variant = self._malformed_count % 2
        if not (latency or error or drop or malformed):
            return None
        return Fault(latency, self.error_status if error else 0, drop, malformed, variant)


def _rate(text: str, name: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        raise ValueError(f"faults: {name} rate {text!r} is not a number") from None
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"faults: {name} rate must be between 0 and 1")
    return rate


def _duration(text: str) -> tuple[float, float]:
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise ValueError(f"faults: latency {text!r} is not like 200ms, 1.5s or 50-300ms")
    scale = 0.001 if (match.group(3) or "ms") == "ms" else 1.0
    low = float(match.group(1)) * scale
    high = float(match.group(2)) * scale if match.group(2) else low
    if high < low or high > 60:
        raise ValueError("faults: latency range must be increasing and at most 60 s")
    return (low, high)
