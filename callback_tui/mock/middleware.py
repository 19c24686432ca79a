"""The one ASGI middleware around every route (pure ASGI, no per-request task switching).

In order: correlation ID, CORS (preflight + headers only for allowed origins), body limit
(413), lazy clock-driven housekeeping, injected faults, API key (401), then the routes; on the
way out `X-Correlation-ID`, `X-GES-Version`, recording of every non-2xx answer, and a catch-all
that turns any exception into a recorded 500 / 50001 envelope.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .envelope import dt_to_ms, envelope_bytes, new_corr_id
from .errors_log import redact_url, request_summary
from .redact import redact_strings, redact_text
from .validate import MAX_BODY

if TYPE_CHECKING:
    from .app import Emulator

log = logging.getLogger("callback_tui.mock")
API_PREFIXES = ("/engagement/v3/", "/console/v1/")
PREFLIGHT_METHODS = "GET, POST, PUT, DELETE, OPTIONS"
PREFLIGHT_HEADERS = "content-type, x-api-key, cache-control"


class _TooLarge(Exception):
    pass


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class EmulatorMiddleware:
    def __init__(self, app: ASGIApp, emulator: Emulator) -> None:
        self.app = app
        self.em = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        em = self.em
        corr = new_corr_id()
        scope.setdefault("state", {})["corr_id"] = corr
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method: str = scope["method"]
        path: str = scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        origin = headers.get("origin")
        allowed = origin if origin is not None and em.origin_allowed(origin) else None
        extra = [
            (b"x-correlation-id", corr.encode()),
            (b"x-ges-version", em.ges_version.encode("latin-1")),
        ]
        if allowed is not None:
            extra += [
                (b"access-control-allow-origin", allowed.encode("latin-1")),
                (b"access-control-expose-headers", b"X-Correlation-ID, X-GES-Version, Retry-After"),
                (b"vary", b"Origin"),
            ]
        raw = b""
        st: dict[str, Any] = {"status": 0, "started": False, "body": bytearray(), "ctype": ""}

        async def send_out(message: Message) -> None:
            if message["type"] == "http.response.start":
                st["status"] = message["status"]
                st["started"] = True
                hdrs = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"vary"]
                message = {**message, "headers": hdrs + extra}
            elif message["type"] == "http.response.body" and not 200 <= st["status"] < 300:
                st["body"] += message.get("body", b"")
                if not message.get("more_body", False):
                    await asyncio.to_thread(self._record, scope, headers, raw, st, query)
            await send(message)

        async def reply(
            http: int, code: int, msg: str, hdrs: list[tuple[bytes, bytes]] | None = None
        ) -> None:
            body = envelope_bytes(code, msg, corr)
            await send_out(
                {
                    "type": "http.response.start",
                    "status": http,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        *(hdrs or []),
                    ],
                }
            )
            await send_out({"type": "http.response.body", "body": body})

        try:
            if method == "OPTIONS" and origin is not None:
                if allowed is None:
                    await reply(403, 40300, f"Origin: {origin[:100]} is not an allowed CORS origin")
                    return
                if "access-control-request-method" in headers:
                    await send_out(
                        {
                            "type": "http.response.start",
                            "status": 204,
                            "headers": [
                                (b"access-control-allow-methods", PREFLIGHT_METHODS.encode()),
                                (b"access-control-allow-headers", PREFLIGHT_HEADERS.encode()),
                                (b"access-control-max-age", b"600"),
                            ],
                        }
                    )
                    await send_out({"type": "http.response.body", "body": b""})
                    return
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > MAX_BODY:
                await reply(413, 41300, "body: request body larger than 64 KiB")
                return
            try:
                raw = await _read_body(receive)
            except _TooLarge:
                await reply(413, 41300, "body: request body larger than 64 KiB")
                return
            await em.housekeeping()
            fault = em.faults.pick(method, path) if em.faults is not None else None
            if fault is not None:
                if fault.latency_s:
                    await asyncio.sleep(fault.latency_s)
                if fault.error:
                    retry = [(b"retry-after", b"1")] if fault.error == 503 else []
                    code = 50300 if fault.error == 503 else 50001
                    await reply(fault.error, code, "injected fault: " + fault.describe(), retry)
                    return
                if fault.drop:
                    # Headers out, then end without a body: uvicorn closes the connection.
                    await send({"type": "http.response.start", "status": 200, "headers": []})
                    return
            if path.startswith(API_PREFIXES):
                role = em.role_for(headers.get("x-api-key"))
                if role is None:
                    missing = "missing" if not headers.get("x-api-key") else "invalid"
                    await reply(401, 40100, f"x-api-key: {missing} API key")
                    return
                scope["state"]["role"] = role

            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": raw, "more_body": False}
                return await receive()

            target: Send = send_out
            if fault is not None and fault.malformed:
                target = _malformer(send_out, fault.variant)
            await self.app(scope, replay, target)
        except Exception:
            log.exception("unhandled error (corrId %s) on %s %s", corr, method, path)
            if not st["started"]:
                await reply(500, 50001, "internal error; quote the correlation ID to support")

    def _record(
        self, scope: Scope, headers: dict[str, str], raw: bytes, st: dict[str, Any], query: str
    ) -> None:
        try:
            envelope = json.loads(bytes(st["body"]) or b"null")
        except ValueError:
            envelope = None
        status = envelope.get("status", {}) if isinstance(envelope, dict) else {}
        if not isinstance(status, dict):
            status = {}
        code = status.get("code")
        key = headers.get("x-api-key", "")
        message = (
            redact_text(status["message"], key) if isinstance(status.get("message"), str) else None
        )
        envelope = redact_strings(envelope, key)
        url = redact_url(scope["path"], query)[:2000]
        corr = scope["state"]["corr_id"]
        rec = (
            corr,
            dt_to_ms(self.em.clock.now()),
            scope["method"],
            url,
            st["status"],
            code if isinstance(code, int) else st["status"] * 100,
            message if isinstance(message, str) else f"HTTP {st['status']}",
            json.dumps(request_summary(scope["method"], url, query, headers, raw)),
            json.dumps(envelope),
        )
        self.em.errors.record(rec)


def _malformer(send: Send, variant: int) -> Send:
    """Buffers the answer and sends it truncated (JSON cut in half) or as a proxy's HTML page."""
    start: dict[str, Any] = {}
    body = bytearray()

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        body.extend(message.get("body", b""))
        if message.get("more_body", False):
            return
        if variant == 0:
            out = bytes(body[: max(1, len(body) // 2)])
            ctype, status = b"application/json", start["status"]
        else:
            out = b"<html><body><h1>502 Bad Gateway</h1><p>upstream sent garbage</p></body></html>"
            ctype, status = b"text/html; charset=utf-8", 502
        hdrs = [
            (k, v)
            for k, v in start.get("headers", [])
            if k.lower() not in (b"content-length", b"content-type")
        ]
        hdrs += [(b"content-type", ctype), (b"content-length", str(len(out)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": hdrs})
        await send({"type": "http.response.body", "body": out})

    return wrapped
