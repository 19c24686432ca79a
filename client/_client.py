"""`CallbackClient`: the entry point."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from ._caller import Caller
from ._secret import Secret
from ._transport import SleepFn, Transport, VerifyType, asgi_transport
from ._wire import CONSOLE
from .models import Me
from .resources import (
    ApiKeys,
    Availability,
    Callbacks,
    Cors,
    Credentials,
    Errors,
    Purge,
    Queues,
    Services,
    Statistics,
    Tenant,
    WaitTimes,
)


class CallbackClient:
    """Typed async client for the GES Callback API and the console API.

    `base_url` is the server root (`http://127.0.0.1:8123`); the client adds `/engagement/v3`
    and `/console/v1`. `timeout` is the read timeout in seconds (default 10; connect is 3).
    `verify` is True, False or a CA bundle path. `transport` is an httpx async transport
    (typed loosely so callers need not import httpx). `sleep` replaces `asyncio.sleep`
    between retries (tests).
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | Secret,
        *,
        timeout: float | None = None,
        max_retries: int = 2,
        transport: object | None = None,
        verify: VerifyType = True,
        sleep: SleepFn | None = None,
    ) -> None:
        self._api_key = Secret(api_key)
        self._transport = Transport(
            base_url,
            self._api_key,
            timeout=timeout,
            max_retries=max_retries,
            transport=transport,
            verify=verify,
            sleep=sleep,
        )
        caller = Caller(self._transport)
        self._caller = caller
        self.callbacks = Callbacks(caller)
        self.availability = Availability(caller)
        self.queues = Queues(caller)
        self.wait_times = WaitTimes(caller)
        self.statistics = Statistics(caller)
        self.errors = Errors(caller)
        self.cors = Cors(caller)
        self.api_keys = ApiKeys(caller)
        self.credentials = Credentials(caller)
        self.tenant = Tenant(caller)
        self.services = Services(caller)
        self.purge = Purge(caller)

    @classmethod
    def for_asgi(cls, app: Any, api_key: str | Secret, **kwargs: Any) -> CallbackClient:
        """A client that calls an ASGI app (e.g. the bundled emulator) in-process."""
        kwargs.setdefault("base_url", "http://127.0.0.1")
        return cls(api_key=api_key, transport=asgi_transport(app), **kwargs)

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    @property
    def api_key(self) -> Secret:
        return self._api_key

    async def me(self) -> Me:
        """Who the key belongs to: tenant, user, role, GES version (console API)."""
        return await self._caller.call(Me, "GET", f"{CONSOLE}/me")

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def __aenter__(self) -> CallbackClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"CallbackClient(base_url={self.base_url!r}, api_key={self._api_key!r})"
