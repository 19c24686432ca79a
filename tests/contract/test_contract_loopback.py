"""The client against the emulator over a real loopback socket (uvicorn started by the test)."""

from __future__ import annotations

import pytest
from contract_env import KEYS, NOW

from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from client import ApiConnectionError, CallbackClient, NotFoundError


async def test_round_trip_over_loopback_and_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "mock.db"
    server = MockServer(str(db), clock=FixedClock(NOW), keys=KEYS).start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        async with CallbackClient(server.url, KEYS["Administrator"]) as client:
            ref = await client.callbacks.create("Support_247", "+442071234567")
            assert (await client.me()).role == "Administrator"
            with pytest.raises(NotFoundError) as caught:
                await client.errors.get("00000000-0000-1000-8000-000000000000")
            assert caught.value.correlation_id
    finally:
        server.stop()

    # The server is gone: a connect error, with no correlation ID, said so.
    async with CallbackClient(server.url, KEYS["Administrator"], max_retries=0) as client:
        with pytest.raises(ApiConnectionError) as down:
            await client.queues.status("Support_247")
        assert "correlation ID" in str(down.value)

    # Same database file, new process-equivalent: the acknowledged write is still there.
    again = MockServer(str(db), clock=FixedClock(NOW), keys=KEYS).start()
    try:
        async with CallbackClient(again.url, KEYS["Administrator"]) as client:
            got = await client.callbacks.retrieve(ref.id)
            assert got.phone_number and got.service_name == "Support_247"
    finally:
        again.stop()
