"""Request encoding rules: aware times only, safe path segments, TLS and proxy options."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest
import respx
from client_fakes import CORR, KEY, ok

from client import CallbackClient, ProtocolError
from client._transport import is_loopback

NAIVE = datetime(2026, 11, 27, 14, 30)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.callbacks.create("support", "5551234567", desired_time=NAIVE), "desiredTime"),
        (lambda c: c.callbacks.reschedule("id", NAIVE), "desiredTime"),
        (lambda c: c.callbacks.list(from_=NAIVE), "from"),
        (lambda c: c.callbacks.list(to=NAIVE), "to"),
        (lambda c: c.errors.list(since=NAIVE), "since"),
        (lambda c: c.errors.histogram(until=NAIVE), "until"),
        (lambda c: c.availability.open_for("support", start=NAIVE), "start"),
        (lambda c: c.availability.slots("support", end=NAIVE), "end"),
    ],
)
async def test_naive_datetime_is_refused_before_any_request(
    router: respx.MockRouter, client: CallbackClient, call, field: str
) -> None:
    catch_all = router.route().mock(return_value=ok({}))
    with pytest.raises(ValueError, match=f"^{field}: naive datetime"):
        await call(client)
    assert not catch_all.called


async def test_bad_arguments_are_refused_before_any_request(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    catch_all = router.route().mock(return_value=ok({}))
    with pytest.raises(ValueError, match="limit"):
        await client.errors.list(limit=501)
    with pytest.raises(ValueError, match="start"):
        await client.availability.slots("s", start=datetime.now().astimezone(), start_ms=1)
    with pytest.raises(ValueError, match="service"):
        await client.availability.open_for("")
    with pytest.raises(ValueError, match="virtual-queues"):
        await client.wait_times.estimate([])
    assert not catch_all.called


@pytest.mark.parametrize(
    ("name", "raw_path"),
    [
        ("a/b", b"/engagement/v3/callbacks/open-for/a%2Fb"),
        ("..", b"/engagement/v3/callbacks/open-for/%2E%2E"),
        ("../../console/v1/me", b"/engagement/v3/callbacks/open-for/..%2F..%2Fconsole%2Fv1%2Fme"),
        ("x?y#z", b"/engagement/v3/callbacks/open-for/x%3Fy%23z"),
        ("Sales Team", b"/engagement/v3/callbacks/open-for/Sales%20Team"),
    ],
)
async def test_service_names_cannot_escape_their_path_segment(
    router: respx.MockRouter, client: CallbackClient, name: str, raw_path: bytes
) -> None:
    catch_all = router.route().mock(return_value=ok({"openFor": 1}))
    await client.availability.open_for(name)
    assert catch_all.calls.last.request.url.raw_path == raw_path


def test_loopback_detection() -> None:
    for host in ("127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]", "LOCALHOST"):
        assert is_loopback(host), host
    for host in ("ges.example.test", "10.0.0.1", "128.0.0.1", "::2"):
        assert not is_loopback(host), host


def test_verify_with_a_missing_ca_bundle_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="CA bundle"):
        CallbackClient("https://ges.example.test", KEY, verify=tmp_path / "nope.pem")


async def test_verify_accepts_a_ca_bundle_path() -> None:
    import certifi

    async with CallbackClient("https://ges.example.test", KEY, verify=certifi.where()) as c:
        assert c.base_url == "https://ges.example.test"


@pytest.fixture
async def loopback_server() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A minimal real HTTP server on 127.0.0.1 that answers one envelope per request."""
    requests: list[bytes] = []
    body = json.dumps(
        {"status": {"code": 0, "message": "Successful", "corrId": CORR}, "data": {"openFor": 9}}
    ).encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        requests.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"http://127.0.0.1:{port}", requests


async def test_environment_proxies_are_bypassed_for_loopback(
    loopback_server: tuple[str, list[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, requests = loopback_server
    # A proxy that does not exist: using it would fail the call.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with CallbackClient(url, KEY, max_retries=0) as c:
        result = await c.availability.open_for("support")
    assert result.open_for == 9
    (head,) = requests
    assert head.startswith(b"GET /engagement/v3/callbacks/open-for/support HTTP/1.1")
    assert f"x-api-key: {KEY}".encode() in head


@pytest.mark.parametrize("base_url", ["127.0.0.1:8123", "ftp://host", "http://", ""])
def test_base_url_must_be_http_or_https(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        CallbackClient(base_url, KEY)


async def test_broken_content_encoding_is_a_protocol_error(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    route = router.get("/console/v1/me").mock(
        return_value=httpx.Response(
            200,
            stream=httpx.ByteStream(b"not gzip at all"),
            headers={"content-encoding": "gzip"},
        )
    )
    with pytest.raises(ProtocolError, match="could not be decoded"):
        await client.me()
    assert route.call_count == 1


def test_retry_after_that_is_not_a_number_of_seconds_is_ignored() -> None:
    from client._raw import parse_retry_after

    assert parse_retry_after("nan") is None
    assert parse_retry_after("inf") is None
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after("-3") == 0.0


def test_secret_json_fields_echoed_in_text_are_redacted() -> None:
    """A proxy page quoting a credential PUT body must not carry the secret into an error."""
    from client._redact import Redactor

    page = (
        '<pre>{"clientId": "demo", "clientSecret": "s3cr3t-value-0123", "private_key": "-----BEGIN'
    )
    text = Redactor().text(page)
    assert "s3cr3t-value-0123" not in text and "-----BEGIN" not in text
    assert '"clientId": "demo"' in text and '"clientSecret": "[REDACTED]"' in text
