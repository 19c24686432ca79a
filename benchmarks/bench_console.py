"""Issue 4: console start (vs a minimal Textual app) and the Errors panel on 1,000,000 errors.

Start: each app runs in a subprocess on a pseudo-terminal (a real Textual driver, 120x40) and
reports through a pipe when its first frame is painted (`benchmarks._first_frame`, the same
hook for both apps); the clock runs from just before the process is spawned.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.measure import MB, quiet_env, run_with_peak_rss
from benchmarks.report import Figure, Target

if TYPE_CHECKING:
    from benchmarks.__main__ import Context

SIZE = (40, 120)  # rows, columns


def launch_on_pty(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> dict[str, float]:
    """Seconds from spawn to each event the child reports (`frame`, `session`)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[0], SIZE[1], 0, 0))
    read_end, write_end = os.pipe()
    env = {**env, "BENCH_REPORT_FD": str(write_end), "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        pass_fds=(write_end,),
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    os.close(write_end)

    def drain() -> None:  # the app blocks if nobody reads its screen output
        while True:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    threading.Thread(target=drain, daemon=True).start()
    events: dict[str, float] = {}
    buffer = b""
    deadline = started + timeout
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([read_end], [], [], 0.5)
            if not ready:
                continue
            chunk = os.read(read_end, 4096)
            now = time.perf_counter()
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                events[line.decode()] = now - started
    finally:
        os.close(read_end)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(master)
    if "frame" not in events:
        raise RuntimeError(f"{argv[3:]} painted no frame within {timeout:.0f} s")
    return events


def _small_mock_db(ctx: Context) -> Path:
    """An emulator database with the default seed, made before timing ("existing seed")."""
    db = ctx.tmp / "console" / "mock.db"
    if not db.exists():
        from callback_tui.mock.app import create_app

        db.parent.mkdir(parents=True, exist_ok=True)
        create_app(str(db)).state.emulator.store.close()
    return db


def run_start(ctx: Context) -> list[Figure]:
    db = _small_mock_db(ctx)
    env = quiet_env(home=ctx.tmp / "console-home")
    wrapper = [sys.executable, "-m", "benchmarks._first_frame"]
    console = [*wrapper, "console", "--mock", "--db", str(db)]
    minimal = [*wrapper, "minimal"]
    rounds = 2 if ctx.quick else 5
    launch_on_pty(console, env)  # warm the OS file cache and .pyc files for both
    launch_on_pty(minimal, env)
    frames: list[float] = []
    sessions: list[float] = []
    baseline: list[float] = []
    for r in range(rounds):
        order = (console, minimal) if r % 2 == 0 else (minimal, console)
        for argv in order:
            events = launch_on_pty(argv, env)
            if argv is minimal:
                baseline.append(events["frame"])
            else:
                frames.append(events["frame"])
                if "session" in events:
                    sessions.append(events["session"])
    figures = [
        Figure(
            "console start to first frame: callback-tui --mock",
            "s",
            frames,
            Target("max", 1.6, "ratio"),
            baseline,
            "(Header+DataTable+Footer app)",
            issue="#4",
            note="process spawn to first painted frame on a 120x40 pty; existing seed",
        ),
        Figure(
            "console start to signed in (role known): callback-tui --mock",
            "s",
            sessions,
            None,
            baseline,
            "(minimal app first frame)",
            issue="#4",
            note="includes starting the emulator and GET /console/v1/me",
        ),
    ]
    if len(sessions) < len(frames):
        figures[1].error = "the console did not sign in within 30 s in some rounds"
    return figures


def run_panel(ctx: Context) -> list[Figure]:
    """Errors panel: search-to-rows latency and console RSS while paging 1,000,000 errors."""
    server = ctx.big_server()
    env = quiet_env({"CALLBACK_API_KEY": ctx.key}, home=ctx.tmp / "panel-home")
    searches, pages = (10, 20) if ctx.quick else (30, 100)
    argv = [sys.executable, "-m", "benchmarks._errors_panel", server.url, str(ctx.big_db)]
    argv += ["--searches", str(searches), "--pages", str(pages)]
    code, _, peak, stdout, stderr = run_with_peak_rss(argv, env=env, timeout=240)
    if code != 0:
        raise RuntimeError(f"errors panel driver exited {code}: {stderr[-1500:]}")
    import json

    result = json.loads(stdout.strip().splitlines()[-1])
    n = f"{ctx.error_count:,}"
    return [
        Figure(
            f"Errors panel: search submitted to rows painted, {n} errors",
            "ms",
            result["painted_ms"] or result["search_ms"],
            Target("max", 150),
            result["http_ms"],
            "(same search, bare HTTP)",
            issue="#4",
            note="Pilot in a subprocess, headless; enter -> first frame holding the rows; "
            "median of searches by full ID and prefix",
        ),
        Figure(
            "Errors panel: the same, until Pilot sees the app idle again",
            "ms",
            result["search_ms"],
            None,
            result["http_ms"],
            "(same search, bare HTTP)",
            issue="#4",
            note="includes Pilot's settle (three idle windows of >= 20 ms): a harness floor",
        ),
        Figure(
            f"Errors panel: console peak RSS paging {result['rows_seen']:,} rows of {n}",
            "MB",
            [peak / MB],
            Target("max", 120),
            [result["rss_after_start_mb"]],
            "(same process after first frame)",
            issue="#4",
            note=f"{pages} pages forward; ru_maxrss of the console process",
        ),
    ]
