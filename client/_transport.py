"""HTTP transport: the only module that imports httpx.

Injects `x-api-key` (one `httpx.Auth`), logs redacted requests/responses, applies timeouts,
TLS and proxy rules, and retries what is safe to retry. It returns a plain `RawResponse`;
decoding the GES envelope is `_envelope`'s job.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import random
import ssl
from collections.abc import Awaitable, Callable, Generator, Mapping
from os import PathLike, fspath
from pathlib import Path
from typing import Any

import httpx

from ._raw import RawResponse, parse_retry_after
from ._redact import Redactor
from ._secret import Secret
from .errors import ApiConnectionError, ApiTimeoutError, CallbackClientError, ProtocolError

logger = logging.getLogger("callback_tui.client")

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 30.0
MAX_CONNECTIONS = 8
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Only GET is retried after the request may have reached the server: a POST create or
# cancel retried blindly could book twice. Connect failures are retried for every method.
IDEMPOTENT_METHODS = frozenset({"GET"})

SleepFn = Callable[[float], Awaitable[None]]
VerifyType = bool | str | PathLike[str]


class _ApiKeyAuth(httpx.Auth):
    """Puts `x-api-key` on every request, in this one place."""

    def __init__(self, key: Secret) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["x-api-key"] = self._key.reveal()
        yield request

    def __repr__(self) -> str:
        return f"_ApiKeyAuth({self._key!r})"


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ssl_verify(verify: VerifyType) -> bool | ssl.SSLContext:
    if isinstance(verify, bool):
        return verify
    path = Path(fspath(verify))
    if not path.exists():
        raise ValueError(f"verify: CA bundle {str(path)!r} does not exist")
    if path.is_dir():
        return ssl.create_default_context(capath=str(path))
    return ssl.create_default_context(cafile=str(path))


def backoff_delay(attempt: int, rng: Callable[[], float] = random.random) -> float:
    """0.5 s doubling to 8 s, with 'equal jitter' (half fixed, half random)."""
    ceiling = min(BACKOFF_MAX, BACKOFF_FIRST * (2.0**attempt))
    return ceiling / 2 + ceiling / 2 * rng()


class Transport:
    """Sends requests with auth, logging, timeouts and safe retries."""

    def __init__(
        self,
        base_url: str,
        api_key: Secret,
        *,
        timeout: float | None = None,
        max_retries: int = 2,
        transport: object | None = None,
        verify: VerifyType = True,
        sleep: SleepFn | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError("transport must be an httpx.AsyncBaseTransport")
        self.base_url = base_url.rstrip("/")
        try:
            url = httpx.URL(self.base_url)
        except httpx.InvalidURL:
            url = httpx.URL()
        if url.scheme not in {"http", "https"} or not url.host:
            raise ValueError(f"base_url: expected http(s)://host[:port], got {base_url!r}")
        self.max_retries = max_retries
        self._sleep: SleepFn = sleep if sleep is not None else asyncio.sleep
        self._redact = Redactor(api_key.reveal())
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=_ApiKeyAuth(api_key),
            timeout=httpx.Timeout(
                READ_TIMEOUT if timeout is None else timeout, connect=CONNECT_TIMEOUT
            ),
            verify=_ssl_verify(verify),
            # Environment proxies apply, except to loopback (the bundled emulator).
            trust_env=not is_loopback(url.host),
            # httpx slows down beyond ~8 requests in flight (encode/httpx#3215); more wait here.
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS),
            transport=transport,
            headers={"accept": "application/json"},
            event_hooks={"request": [self._log_request], "response": [self._log_response]},
        )

    @property
    def redactor(self) -> Redactor:
        return self._redact

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _log_request(self, request: httpx.Request) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "-> %s %s %s",
                request.method,
                self._redact.url(str(request.url)),
                self._redact.body(request.content),
            )

    async def _log_response(self, response: httpx.Response) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "<- %s %s %d corrId=%s",
                response.request.method,
                self._redact.url(str(response.request.url)),
                response.status_code,
                response.headers.get("x-correlation-id", "-"),
            )

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> RawResponse:
        """Send one call, retrying what is safe; raise `ApiConnectionError`/`ApiTimeoutError`."""
        idempotent = method.upper() in IDEMPOTENT_METHODS
        attempt = 0
        while True:
            failure: CallbackClientError | None = None
            retry_failure = False
            response: httpx.Response | None = None
            try:
                response = await self._http.request(
                    method, path, params=params, json=json, headers=headers
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                # Nothing was sent: safe to retry whatever the method.
                failure = self._failure(exc, method, path, sent=False)
                retry_failure = True
            except httpx.TransportError as exc:
                failure = self._failure(exc, method, path, sent=True)
                retry_failure = idempotent
            except httpx.DecodingError as exc:
                # An answer came, but its content-encoding is broken: not retried.
                failure = ProtocolError(
                    f"the answer could not be decoded ({self._redact.text(str(exc))})"
                )
            if failure is not None:
                # Raised outside the `except` so no httpx exception is chained to it.
                if not retry_failure or attempt >= self.max_retries:
                    raise failure
                await self._wait(attempt, None, method, path, str(failure))
                attempt += 1
                continue
            assert response is not None
            raw = RawResponse(
                status_code=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                content=response.content,
                content_type=response.headers.get("content-type", ""),
            )
            if not (
                idempotent and raw.status_code in RETRYABLE_STATUSES and attempt < self.max_retries
            ):
                return raw
            retry_after = parse_retry_after(raw.header("retry-after"))
            if retry_after is not None and retry_after > RETRY_AFTER_MAX:
                return raw  # the decoder raises with `.retry_after`
            await self._wait(attempt, retry_after, method, path, f"HTTP {raw.status_code}")
            attempt += 1

    async def _wait(
        self, attempt: int, retry_after: float | None, method: str, path: str, why: str
    ) -> None:
        delay = backoff_delay(attempt) if retry_after is None else retry_after
        logger.info(
            "retrying %s %s after %s in %.2f s (retry %d of %d)",
            method,
            self._redact.url(path),
            why,
            delay,
            attempt + 1,
            self.max_retries,
        )
        await self._sleep(delay)

    def _failure(
        self, exc: httpx.TransportError, method: str, path: str, *, sent: bool
    ) -> ApiConnectionError:
        detail = self._redact.text(str(exc) or type(exc).__name__)
        where = f"{method} {self._redact.url(self.base_url + path)}"
        if isinstance(exc, httpx.TimeoutException):
            return ApiTimeoutError(
                f"timed out: {where} ({type(exc).__name__}: {detail})", request_sent=sent
            )
        verb = "could not connect" if not sent else "connection failed"
        return ApiConnectionError(
            f"{verb}: {where} ({type(exc).__name__}: {detail})", request_sent=sent
        )


class _InProcessTransport(httpx.ASGITransport):
    """ASGITransport whose incomplete answers fail like a dropped connection.

    httpx asserts that the app completed its answer; an app that returns without one (a
    dropped connection, as the emulator's fault injection does) must read as a broken
    connection, not as a bare AssertionError.
    """

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except AssertionError as exc:
            raise httpx.RemoteProtocolError(
                "the server closed the connection without a complete answer", request=request
            ) from exc


def asgi_transport(app: Any) -> object:
    """An httpx transport that calls an ASGI app in-process (e.g. the bundled emulator)."""
    return _InProcessTransport(app=app)


class _RedactHttpxLog(logging.Filter):
    """httpx logs each request URL at INFO; strip phone numbers from its query strings."""

    _redactor = Redactor()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._redactor.text(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def _install_httpx_log_filter() -> None:
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactHttpxLog) for f in httpx_logger.filters):
        httpx_logger.addFilter(_RedactHttpxLog())


_install_httpx_log_filter()
