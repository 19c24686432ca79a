"""Durability: the emulator runs as a subprocess (`callback-tui mock-server --db FILE`), takes a
burst of writes (creates, and cancels of some of them), is killed with SIGKILL in the middle of
the burst, and restarted on the same file: every acknowledged write is there and the database
passes `PRAGMA integrity_check`.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reliability_env import ALWAYS_OPEN_SERVICE, KEYS, bounded

from client import ApiConnectionError, CallbackClient, CallbackClientError

KILL_AFTER = bounded(150, 1500)  # acknowledged writes before the SIGKILL
URL_LINE = re.compile(r"listening on (http://\S+)")


class EmulatorProcess:
    """`callback-tui mock-server` in a subprocess; `url` once it printed its banner."""

    def __init__(self, db: Path) -> None:
        exe = shutil.which("callback-tui", path=str(Path(sys.executable).parent))
        cmd = [exe, "mock-server"] if exe else [sys.executable, "-m", "callback_tui.mock.cli"]
        cmd += ["--db", str(db), "--port", "0", "--seed-errors", "50"]
        cmd += ["--key", f"Administrator={KEYS['Administrator']}"]
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.output: list[str] = []
        self._ready = threading.Event()
        self.url = ""
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(30):
            self.kill()
            raise RuntimeError("emulator did not start:\n" + "".join(self.output))

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)
            match = URL_LINE.search(line)
            if match and not self.url:
                self.url = match.group(1)
                self._ready.set()

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "mock.db"


async def _burst(
    proc: EmulatorProcess, created: list[str], cancelled: list[str], refused: list[str]
) -> None:
    """Write until SIGKILL; `created`/`cancelled` get only the acknowledged writes."""
    killed = asyncio.Event()

    async def writer(client: CallbackClient, worker: int) -> None:
        n = 0
        while not killed.is_set():
            n += 1
            try:
                ref = await client.callbacks.create(
                    ALWAYS_OPEN_SERVICE, f"+1777{worker:03d}{n:05d}"
                )
                created.append(ref.id)
                if n % 4 == 0:
                    await client.callbacks.cancel(ref.id)
                    cancelled.append(ref.id)
            except ApiConnectionError:
                refused.append(f"w{worker}-{n}")
                if killed.is_set() or proc.proc.poll() is not None:
                    return
            if len(created) >= KILL_AFTER and not killed.is_set():
                killed.set()
                proc.kill()  # SIGKILL while the other writers are mid-request

    async with CallbackClient(proc.url, KEYS["Administrator"], max_retries=0) as client:
        await asyncio.gather(*(writer(client, w) for w in range(8)))


async def test_acknowledged_writes_survive_kill_9(db: Path, figures: dict[str, Any]) -> None:
    first = EmulatorProcess(db)
    created: list[str] = []
    cancelled: list[str] = []
    cut: list[str] = []
    try:
        await _burst(first, created, cancelled, cut)
    finally:
        first.kill()
    assert first.proc.returncode == -signal.SIGKILL
    assert len(created) >= KILL_AFTER

    # The file as the crash left it (WAL recovered on open): sound, every acknowledged row there.
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0]: row[1] for row in con.execute("SELECT id, final_reason FROM callbacks")}
    con.close()
    lost = [cb for cb in created if cb not in stored]
    assert not lost, f"{len(lost)} acknowledged creates lost"
    assert all(stored[cb] == "CANCELLED" for cb in cancelled)

    # And the restarted emulator serves them.
    second = EmulatorProcess(db)
    try:
        async with CallbackClient(second.url, KEYS["Administrator"]) as client:
            states = await asyncio.gather(*(client.callbacks.retrieve(cb) for cb in created))
            by_id = {s.id: s for s in states}
            assert all(by_id[cb].callback_reason == "CANCELLED" for cb in cancelled)
            try:
                await client.callbacks.create(ALWAYS_OPEN_SERVICE, "+15559990000")
            except CallbackClientError as exc:  # pragma: no cover - the failure message matters
                pytest.fail(f"restarted emulator refuses writes: {exc}")
    finally:
        second.stop()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    figures["kill_9"] = {
        "creates_acknowledged": len(created),
        "cancels_acknowledged": len(cancelled),
        "creates_found_after_restart": len(created) - len(lost),
        "cancels_found_after_restart": sum(stored[cb] == "CANCELLED" for cb in cancelled),
        "requests_cut_by_the_kill": len(cut),
        "integrity_check": "ok",
    }
