"""Serving the emulator with uvicorn: `MockServer` (background thread) and `run_forever`."""

from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Any

import uvicorn

from .app import Emulator, create_app


class _DropFilter(logging.Filter):
    """Injected dropped connections are deliberate: keep uvicorn from logging them as errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP;
    # without it every keep-alive answer stalls ~40 ms on delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def _config(app: Any, *, access_log: bool, log_level: str) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_DropFilter())
    return uvicorn.Config(
        app,
        access_log=access_log,
        log_level=log_level,
        lifespan="on",
        timeout_graceful_shutdown=2,
        server_header=False,
    )


class MockServer:
    """The emulator on a pre-bound loopback socket (free port by default) in a thread."""

    def __init__(
        self,
        db: str = ":memory:",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        access_log: bool = False,
        log_level: str = "warning",
        **create_app_kwargs: Any,
    ) -> None:
        self.app = create_app(db, **create_app_kwargs)
        self.host = host
        self._sock = _bind(host, port)
        self.port: int = self._sock.getsockname()[1]
        self._server = uvicorn.Server(_config(self.app, access_log=access_log, log_level=log_level))
        self._thread: threading.Thread | None = None

    @property
    def emulator(self) -> Emulator:
        em: Emulator = self.app.state.emulator
        return em

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def keys(self) -> dict[str, str]:
        return dict(self.emulator.keys)

    def start(self, timeout: float = 5.0) -> MockServer:
        """Start serving; returns once uvicorn accepts connections."""
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name="callback-tui-mock",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("mock server failed to start")
            if time.monotonic() > deadline:
                raise TimeoutError("mock server did not start in time")
            time.sleep(0.005)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._sock.close()
        self.emulator.store.close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_forever(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    access_log: bool = False,
    on_ready: Any = None,
    **create_app_kwargs: Any,
) -> None:
    """The standalone `callback-tui mock-server`: serve until interrupted (Ctrl+C)."""
    app = create_app(create_app_kwargs.pop("db", None), **create_app_kwargs)
    sock = _bind(host, port)
    if on_ready is not None:
        on_ready(app.state.emulator, sock.getsockname()[1])
    server = uvicorn.Server(_config(app, access_log=access_log, log_level="info"))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        app.state.emulator.store.close()
