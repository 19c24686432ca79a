"""The API key never shows: repr, errors, tracebacks, logs. Phone numbers stay out of logs."""

from __future__ import annotations

import copy
import logging
import pickle
import traceback

import httpx
import pytest
import respx
from client_fakes import BASE, KEY, fail, ok

from client import (
    ApiConnectionError,
    AuthenticationError,
    CallbackClient,
    CallbackClientError,
    Secret,
    ServerError,
)

PHONE = "+15559876543"
PHONE_DIGITS = "5559876543"


def test_secret_masks_itself_everywhere() -> None:
    secret = Secret(KEY)
    assert secret.reveal() == KEY
    for shown in (str(secret), repr(secret), f"{secret}", f"{secret:>30}", format(secret)):
        assert KEY not in shown
    assert repr(secret) == f"Secret('••••{KEY[-4:]}')"
    assert repr(Secret("short")) == "Secret('**********')"
    assert Secret(secret) == secret and Secret(KEY) != Secret(KEY + "x")
    assert Secret(KEY) != KEY  # a Secret only equals a Secret
    assert copy.deepcopy(secret) is secret
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(AttributeError):
        secret.anything = 1  # type: ignore[attr-defined]


def test_client_repr_masks_the_key() -> None:
    c = CallbackClient(BASE, KEY)
    assert KEY not in repr(c) and KEY not in str(c)
    assert "••••" in repr(c)


async def test_api_errors_never_carry_the_key(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    # A careless server that echoes the key in its message.
    router.get("/console/v1/me").mock(return_value=fail(401, 40100, f"invalid API key {KEY}"))
    with pytest.raises(AuthenticationError) as caught:
        await client.me()
    err = caught.value
    assert "invalid API key [REDACTED]" in str(err)
    for text in (str(err), repr(err), "".join(traceback.format_exception(err))):
        assert KEY not in text


async def test_connect_error_traceback_does_not_carry_the_key(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        # An httpx exception whose text and request both hold the key.
        raise httpx.ConnectError(
            f"refused (x-api-key={request.headers['x-api-key']})", request=request
        )

    router.get("/console/v1/me").mock(side_effect=refuse)
    with pytest.raises(ApiConnectionError) as caught:
        await client.me()
    err = caught.value
    assert err.__cause__ is None and err.__context__ is None
    text = "".join(traceback.format_exception(err))
    assert KEY not in text and KEY not in str(err) and KEY not in repr(err)
    assert "ConnectError" in text and "did not reach the server" in text


async def test_server_error_traceback_does_not_carry_the_key(
    router: respx.MockRouter, client: CallbackClient
) -> None:
    router.post("/engagement/v3/callbacks/create").mock(
        return_value=fail(500, 50001, "internal error")
    )
    with pytest.raises(ServerError) as caught:
        await client.callbacks.create("support", PHONE)
    text = "".join(traceback.format_exception(caught.value))
    assert "internal error" in text and KEY not in text and PHONE_DIGITS not in text


async def test_logs_hold_neither_key_nor_phone_numbers(
    router: respx.MockRouter, client: CallbackClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    router.post("/engagement/v3/callbacks/create").mock(return_value=ok({"id": "cb-1"}))
    router.get("/console/v1/callbacks").mock(
        side_effect=[fail(503, 50300, "busy"), ok({"items": [], "nextCursor": None})]
    )
    router.post("/console/v1/api-keys/validate").mock(
        return_value=ok({"valid": False, "role": None})
    )
    router.put("/console/v1/credentials/gws").mock(
        return_value=ok({"kind": "gws", "registered": True, "fields": {}})
    )
    other_key = "0therKey-0123456789-abcdefghij"
    gws_secret = "gws-client-secret-0123456789"

    await client.callbacks.create("support", PHONE, user_data={"note": "hi"})
    await client.callbacks.list(phone=PHONE_DIGITS)
    await client.api_keys.validate(other_key)
    await client.credentials.register("gws", client_id="cid", client_secret=gws_secret)
    with pytest.raises(CallbackClientError):
        router.get("/console/v1/me").mock(side_effect=httpx.ConnectError(f"no {KEY}"))
        await client.me()

    ours = [r for r in caplog.records if r.name == "callback_tui.client"]
    assert any("/engagement/v3/callbacks/create" in r.getMessage() for r in ours)
    assert any("retrying GET" in r.getMessage() for r in ours)
    assert any('"phoneNumber": "[REDACTED]"' in r.getMessage() for r in ours)
    assert any(r.name == "httpx" for r in caplog.records)  # httpx's own request log, redacted
    for record in caplog.records:
        message = record.getMessage()
        for secret in (KEY, PHONE_DIGITS, other_key, gws_secret):
            assert secret not in message, (record.name, message)
    assert KEY not in caplog.text and PHONE_DIGITS not in caplog.text
