"""Measuring tools: percentiles, RSS of other processes, the emulator as a subprocess, HTTP load."""

from __future__ import annotations

import asyncio
import math
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psutil

MB = 1024 * 1024
BIN = Path(sys.executable).parent
CALLBACK_TUI = str(BIN / "callback-tui")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p50 of [1, 2, 3, 4] is 2; p99 of 200 values is the 198th)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


class PeakRss:
    """Polls a process's RSS in a thread; `.peak` in bytes (children not included)."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self._proc = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self.peak = 0
        self._thread = threading.Thread(target=self._run, daemon=True, name="rss-poll")

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self._interval)

    def sample(self) -> int:
        try:
            rss = int(self._proc.memory_info().rss)
        except psutil.Error:
            return self.peak
        self.peak = max(self.peak, rss)
        return rss

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def run_with_peak_rss(
    argv: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 600
) -> tuple[int, float, int, str, str]:
    """(exit status, wall seconds, peak RSS bytes from the kernel, stdout, stderr) of a child.

    `os.wait4` gives the child's own ru_maxrss: exact, and not mixed with other children.
    """
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for reader in readers:
        reader.start()
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    # Linux reports ru_maxrss in KiB.
    return proc.returncode, wall, usage.ru_maxrss * 1024, "".join(out_chunks), "".join(err_chunks)


def quiet_env(extra: dict[str, str] | None = None, *, home: Path | None = None) -> dict[str, str]:
    """An environment with no user config, keyring or colour for the processes we start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALLBACK_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env["NO_COLOR"] = "1"
    if home is not None:
        env["CALLBACK_TUI_CONFIG_DIR"] = str(home / "config")
        env["XDG_DATA_HOME"] = str(home / "data")
    env.update(extra or {})
    return env


class ServerProcess:
    """A server in a subprocess that prints `listening on http://HOST:PORT` when bound."""

    def __init__(self, argv: Sequence[str], *, env: dict[str, str] | None = None) -> None:
        self.argv = list(argv)
        self.env = env
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""
        self._lines: list[str] = []

    def start(self, timeout: float = 120.0) -> ServerProcess:
        self.proc = subprocess.Popen(
            self.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=self.env,
            text=True,
        )
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while not self.url:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"server exited: {''.join(self._lines)[-2000:]}")
            self._lines.append(line)
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                self.url = match.group(1)
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start")
        # Keep draining its output so it never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()
        return self

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.append(line)

    def wait_ready(self, path: str, headers: dict[str, str], timeout: float = 30.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(self.url + path, headers=headers, timeout=5).status_code < 500:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.url} not ready")
            time.sleep(0.05)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def rss(self) -> int:
        return int(psutil.Process(self.pid).memory_info().rss)

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    @property
    def host_port(self) -> tuple[str, int]:
        match = re.match(r"http://\[?([^\]/]+?)\]?:(\d+)", self.url)
        assert match
        return match.group(1), int(match.group(2))


async def _load_worker(
    host: str, port: int, request: bytes, stop_at: float, errors: list[str]
) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    done = 0
    try:
        while time.perf_counter() < stop_at:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if head[9:12] != b"200":
                errors.append(head[:12].decode("latin-1"))
            start = head.lower().find(b"content-length:")
            length = int(head[start + 15 : head.index(b"\r\n", start)]) if start >= 0 else 0
            await reader.readexactly(length)
            done += 1
    finally:
        writer.close()
    return done


def http_throughput(
    url: str, path: str, headers: dict[str, str], *, connections: int = 8, seconds: float = 3.0
) -> tuple[float, int]:
    """Requests per second over keep-alive connections (a lean asyncio client, so the server,
    not the load generator, is the bottleneck), and the number of non-200 answers."""
    match = re.match(r"http://\[?([^\]/]+?)\]?:(\d+)", url)
    assert match
    host, port = match.group(1), int(match.group(2))
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    errors: list[str] = []

    async def main() -> float:
        stop_at = time.perf_counter() + seconds
        started = time.perf_counter()
        counts = await asyncio.gather(
            *(_load_worker(host, port, request, stop_at, errors) for _ in range(connections))
        )
        return sum(counts) / (time.perf_counter() - started)

    return asyncio.run(main()), len(errors)


def describe_machine() -> dict[str, Any]:
    import platform

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
