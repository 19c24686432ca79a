"""Loopback serving, persistence across restarts, keys, faults and the OpenAPI document."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest
from mock_helpers import NOW, client_for, data, error

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from callback_tui.mock.faults import Faults
from callback_tui.mock.server import MockServer

V3 = "/engagement/v3"


def test_mock_server_over_a_real_socket() -> None:
    server = MockServer(seed_errors=10).start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        key = server.keys["Supervisor"]
        with httpx.Client(base_url=server.url, headers={"x-api-key": key}) as client:
            me = client.get("/console/v1/me")
            assert me.status_code == 200 and me.json()["data"]["role"] == "Supervisor"
            assert client.get("/openapi.json", headers={"x-api-key": ""}).status_code == 200
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/console/v1/me", timeout=1)


async def test_persistence_across_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "mock.db")
    clock = FixedClock(NOW)
    fixed = {"Administrator": "A" * 40}
    first = create_app(db, clock=clock, keys=fixed, seed_errors=50)
    async with client_for(first) as client:
        created = await client.post(
            f"{V3}/callbacks/create", json={"serviceName": "Sales_US", "phoneNumber": "5550001111"}
        )
        cb_id = data(created)["id"]
    first.state.emulator.store.close()
    second = create_app(db, clock=clock, keys=fixed, seed_errors=50)
    assert second.state.emulator.keys["Administrator"] == "A" * 40
    async with client_for(second) as client:
        got = data(await client.post(f"{V3}/callbacks/retrieve", json={"id": cb_id}))
        assert got["phoneNumber"] == "5550001111"
        errors = data(await client.get("/console/v1/errors", params={"limit": "500"}))
        assert len(errors["items"]) == 50  # not seeded twice
    second.state.emulator.store.close()
    # Keys are stored hashed only: no plain key anywhere in the database file.
    conn = sqlite3.connect(db)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert "A" * 40 not in dump
    for key in second.state.emulator.keys.values():
        assert key not in dump


async def test_unfixed_demo_keys_change_per_start(tmp_path: Path) -> None:
    db = str(tmp_path / "mock.db")
    first = create_app(db, seed_errors=0)
    old = dict(first.state.emulator.keys)
    first.state.emulator.store.close()
    second = create_app(db, seed_errors=0)
    assert second.state.emulator.keys["Agent"] != old["Agent"]
    assert len(second.state.emulator.keys["Agent"]) == 40
    async with client_for(second, role="", **{"x-api-key": old["Agent"]}) as stale:
        assert error(await stale.get("/console/v1/me"), 401, 40100)


async def test_faults_error_with_retry_after_and_recorded() -> None:
    app = create_app(
        faults="error=1:503;paths=/engagement/v3/callbacks/availability*;seed=1", seed_errors=0
    )
    async with client_for(app) as client:
        hit = await client.get(f"{V3}/callbacks/availability/Sales_US")
        assert error(hit, 503, 50300)
        assert hit.headers["retry-after"] == "1"
        spared = await client.get(f"{V3}/callbacks/open-for/Sales_US")
        assert spared.status_code == 200
        recorded = data(
            await client.get("/console/v1/errors", params={"q": hit.headers["x-correlation-id"]})
        )
        assert recorded["items"][0]["httpStatus"] == 503


async def test_faults_malformed_bodies() -> None:
    app = create_app(faults="malformed=1;paths=/console/v1/me", seed_errors=0)
    async with client_for(app) as client:
        first, second = await client.get("/console/v1/me"), await client.get("/console/v1/me")
    bodies = sorted([first, second], key=lambda r: r.headers["content-type"])
    assert bodies[0].headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        bodies[0].json()
    assert bodies[1].status_code == 502 and bodies[1].text.startswith("<html>")


def test_faults_drop_connection_over_socket() -> None:
    with MockServer(faults="drop=1;paths=/console/v1/tenant", seed_errors=0) as server:
        headers = {"x-api-key": server.keys["Administrator"]}
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(server.url + "/console/v1/tenant", headers=headers)
        assert httpx.get(server.url + "/console/v1/me", headers=headers).status_code == 200


def test_faults_grammar() -> None:
    f = Faults.parse(
        " latency=50-300ms ; error=0.25:500; drop=0.1; malformed=0.05; paths=/a/*,POST /b; seed=7"
    )
    assert f.latency == (0.05, 0.3) and f.error_status == 500 and f.error_rate == 0.25
    assert f.matches("GET", "/a/x") and f.matches("POST", "/b") and not f.matches("GET", "/b")
    again = Faults.parse("error=0.5;seed=7")
    other = Faults.parse("error=0.5;seed=7")
    assert [bool(again.pick("GET", "/x")) for _ in range(20)] == [
        bool(other.pick("GET", "/x")) for _ in range(20)
    ]
    for spec in ("latency=fast", "error=2", "error=0.1:404", "bogus=1", "drop"):
        with pytest.raises(ValueError, match="faults:"):
            Faults.parse(spec)


async def test_openapi_document_lists_every_route(admin: httpx.AsyncClient) -> None:
    doc = (await admin.get("/openapi.json", headers={"x-api-key": ""})).json()
    assert doc["openapi"].startswith("3.1")
    paths = doc["paths"]
    for path, method in [
        ("/engagement/v3/callbacks/create", "post"),
        ("/engagement/v3/callbacks/open-for/{service-name}", "get"),
        ("/engagement/v3/estimated-wait-time", "get"),
        ("/console/v1/errors/{corrId}", "get"),
        ("/console/v1/credentials/{kind}", "delete"),
        ("/console/v1/callbacks/reschedule", "post"),
    ]:
        assert method in paths[path], (path, method)
    described = sum(len(ops) for ops in paths.values())
    served = admin._transport.app.routes
    assert len(served) == described  # every served operation is described, and no more
    assert "Status" in doc["components"]["schemas"]


def test_cli_banner_and_argument_errors(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from callback_tui.mock import cli

    assert cli.parse_keys(["admin=abcdefgh1234", "Agent=zyxwvuts9876"]) == {
        "Administrator": "abcdefgh1234",
        "Agent": "zyxwvuts9876",
    }
    for bad in (["nobody=abcdefgh1234"], ["admin"], ["admin=short"]):
        with pytest.raises(ValueError):
            cli.parse_keys(bad)
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args(["--faults", "bogus=1", "--db", ":memory:"])) == 2
    assert "faults:" in capsys.readouterr().err
    with pytest.raises(ValueError, match="gesVersion"):
        create_app(ges_version="latest", seed_errors=0)
    app = create_app(keys={"Developer": "d" * 40}, seed_errors=0)
    text = cli.banner(app.state.emulator, "http://127.0.0.1:9999")
    assert "d" * 40 in text and "curl -s -H 'x-api-key:" in text
    assert "callback-tui-demo-client" in text and "/engagement/v3/" in text


async def test_seed_scales_error_records() -> None:
    app = create_app(seed_errors=1234)
    assert app.state.emulator.errors.count() == 1234
    async with client_for(app) as client:
        page = data(await client.get("/console/v1/errors", params={"limit": "500"}))
    codes = {item["statusCode"] for item in page["items"]}
    assert {40000, 50001, 5701} <= codes
    assert any(item["url"] == "[REDACTED]" for item in page["items"])


def test_mock_server_fresh_keeps_an_edited_tenant_file_as_backup(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`mock-server --fresh` seeds anew but never silently destroys an admin's tenant file."""
    from callback_tui.mock.app import reset_data

    db = tmp_path / "mock.db"
    db.write_bytes(b"old")
    tenant = tmp_path / "tenant.toml"
    tenant.write_text("# edited by an admin\n")
    notes = reset_data(db)
    assert not db.exists() and not tenant.exists()
    assert (tmp_path / "tenant.toml.bak").read_text() == "# edited by an admin\n"
    assert notes and "tenant.toml.bak" in notes[0]
    assert reset_data(":memory:") == []
