"""The console API: roles, errors, CORS, keys, credentials, tenant, services, purge, callbacks."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from mock_helpers import NOW, client_for, data, error
from starlette.applications import Starlette

from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock

C = "/console/v1"
V3 = "/engagement/v3"
CB = "0b3f9540-a8c9-41e9-881c-4d0000000000"
# (method, path, body, roles allowed) per docs/api.md.
MATRIX = [
    ("GET", f"{C}/me", None, "ASDG"),
    ("GET", f"{C}/errors", None, "AD"),
    ("GET", f"{C}/errors/histogram", None, "AD"),
    ("GET", f"{C}/errors/{CB}", None, "AD"),
    ("GET", f"{C}/cors/origins", None, "AD"),
    ("POST", f"{C}/api-keys/validate", {"apiKey": "abc"}, "AD"),
    ("GET", f"{C}/credentials", None, "AD"),
    ("PUT", f"{C}/credentials/captcha", {"siteKey": "s", "secretKey": "k"}, "AD"),
    ("DELETE", f"{C}/credentials/push", None, "AD"),
    ("POST", f"{C}/credentials/captcha/test", None, "AD"),
    ("GET", f"{C}/tenant", None, "ASD"),
    ("POST", f"{C}/tenant/refetch", None, "ASD"),
    ("GET", f"{C}/services", None, "ASD"),
    ("GET", f"{C}/services/Sales_US", None, "ASD"),
    ("POST", f"{C}/purge", {"dryRun": True}, "ASD"),
    ("POST", f"{C}/purge", {"dryRun": False}, "AS"),
    ("PUT", f"{C}/services/Sales_US/purge", {"mode": "endOfBusinessDay"}, "A"),
    ("GET", f"{C}/callbacks", None, "ASDG"),
    ("GET", f"{C}/callbacks/{CB}", None, "ASDG"),
    ("POST", f"{C}/callbacks/reschedule", {"id": CB, "desiredTime": "2026-11-26T15:00:00Z"}, "ASD"),
]
ROLES = {"A": "Administrator", "S": "Supervisor", "D": "Developer", "G": "Agent"}


@pytest.mark.parametrize("letter", list(ROLES))
async def test_roles_for_every_console_endpoint(app: Starlette, letter: str) -> None:
    role = ROLES[letter]
    async with client_for(app, role) as client:
        for method, path, body, allowed in MATRIX:
            response = await client.request(method, path, json=body)
            if letter in allowed:
                status = response.status_code
                assert status not in (401, 403) and status < 500, (
                    role,
                    method,
                    path,
                    response.text,
                )
            else:
                message = error(response, 403, 40300)
                assert message.startswith(f"role {role} may not use {method} {C}/"), message


async def test_me(app: Starlette) -> None:
    async with client_for(app, "Developer") as client:
        me = data(await client.get(f"{C}/me"))
    assert me["role"] == "Developer" and me["gesVersion"] == "100.0.003.0210"
    assert me["tenant"]["name"] == "Demo Tenant"


async def test_bad_input_is_recorded_with_redacted_url(admin: httpx.AsyncClient) -> None:
    bad = await admin.get(f"{V3}/callbacks/open-for/+15551234567?apiKey=sekret123")
    corr = bad.json()["status"]["corrId"]
    found = data(await admin.get(f"{C}/errors", params={"q": corr}))
    (item,) = found["items"]
    assert item["corrId"] == corr and item["httpStatus"] == 404 and item["statusCode"] == 40400
    assert "5551234567" not in item["url"] and "sekret" not in item["url"]
    assert "[REDACTED]" in item["url"]
    detail = data(await admin.get(f"{C}/errors/{corr}"))
    assert detail["request"]["headers"]["x-api-key"] == "[REDACTED]"
    assert detail["responseBody"] == bad.json()
    assert admin.headers["x-api-key"] not in json.dumps(detail)


async def test_body_secrets_redacted_in_error_detail(admin: httpx.AsyncClient) -> None:
    bad = await admin.post(
        f"{V3}/callbacks/create", json={"serviceName": "Nope", "phoneNumber": "+15557654321"}
    )
    detail = data(await admin.get(f"{C}/errors/{bad.headers['x-correlation-id']}"))
    assert detail["request"]["bodySummary"]["phoneNumber"] == "[REDACTED]"
    assert "7654321" not in json.dumps(detail)


async def test_errors_keyset_paging_and_filters(admin: httpx.AsyncClient) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        params = {"limit": "25", **({"cursor": cursor} if cursor else {})}
        page = data(await admin.get(f"{C}/errors", params=params))
        seen += [i["corrId"] for i in page["items"]]
        cursor = page["nextCursor"]
        assert cursor
    assert len(seen) == len(set(seen)) == 75
    stamps = [i["timestamp"] for i in page["items"]]
    assert stamps == sorted(stamps, reverse=True)
    only = data(await admin.get(f"{C}/errors", params={"status": "500,5701", "method": "get"}))
    assert only["items"]
    assert all(
        i["statusCode"] in (50001, 5701) or i["httpStatus"] == 500 for i in only["items"]
    ) and all(i["method"] == "GET" for i in only["items"])
    for params, field in (
        ({"limit": "0"}, "limit:"),
        ({"limit": "1000000000"}, "limit:"),
        ({"q": "ab"}, "q:"),
        ({"cursor": "!!"}, "cursor:"),
        ({"since": "yesterday"}, "since:"),
        ({"status": "abc"}, "status:"),
    ):
        assert error(await admin.get(f"{C}/errors", params=params), 400, 40000).startswith(field)


async def test_errors_prefix_search(admin: httpx.AsyncClient) -> None:
    first = data(await admin.get(f"{C}/errors", params={"limit": "1"}))["items"][0]
    prefix = first["corrId"][:8]
    found = data(await admin.get(f"{C}/errors", params={"q": prefix}))
    assert first["corrId"] in [i["corrId"] for i in found["items"]]
    assert all(i["corrId"].startswith(prefix) for i in found["items"])
    missing = await admin.get(f"{C}/errors/ffffffff-0000-1000-8000-000000000000")
    assert error(missing, 404, 40400).startswith("corrId:")


async def test_errors_histogram(admin: httpx.AsyncClient) -> None:
    hist = data(await admin.get(f"{C}/errors/histogram", params={"bucket": "hour"}))
    assert hist["bucket"] == "hour" and len(hist["counts"]) in (24, 25)
    assert sum(c["count"] for c in hist["counts"]) > 0
    bad = await admin.get(f"{C}/errors/histogram", params={"bucket": "week"})
    assert error(bad, 400, 40000).startswith("bucket:")


async def test_cors_allowed_refused_and_null(app: Starlette) -> None:
    async with client_for(app) as client:
        ok = await client.get(f"{C}/me", headers={"origin": "https://www.example.com"})
        assert ok.headers["access-control-allow-origin"] == "https://www.example.com"
        for origin in ("https://evil.example.net", "null"):
            refused = await client.get(f"{C}/me", headers={"origin": origin})
            assert "access-control-allow-origin" not in refused.headers
        pre = await client.options(
            f"{V3}/callbacks/create",
            headers={
                "origin": "http://localhost:3000",
                "access-control-request-method": "POST",
                "access-control-request-headers": "x-api-key, content-type",
            },
        )
        assert pre.status_code == 204
        assert "x-api-key" in pre.headers["access-control-allow-headers"]
        bad_pre = await client.options(
            f"{V3}/callbacks/create",
            headers={"origin": "null", "access-control-request-method": "POST"},
        )
        assert bad_pre.status_code == 403 and "access-control-allow-origin" not in bad_pre.headers
        origins = data(await client.get(f"{C}/cors/origins"))
        assert "https://www.example.com" in origins["origins"] and origins["howToUpdate"]


async def test_api_key_validation(app: Starlette) -> None:
    async with client_for(app, "Developer") as client:
        key = app.state.emulator.keys["Supervisor"]
        good = data(await client.post(f"{C}/api-keys/validate", json={"apiKey": key}))
        assert good == {"valid": True, "role": "Supervisor"}
        bad = data(await client.post(f"{C}/api-keys/validate", json={"apiKey": "nope"}))
        assert bad == {"valid": False, "role": None}
        missing = await client.post(f"{C}/api-keys/validate", json={})
        assert error(missing, 400, 40000).startswith("apiKey:")


async def test_credentials_masked_and_tested(admin: httpx.AsyncClient) -> None:
    secret = "wrong-secret-but-long-enough-1234"
    put = data(
        await admin.put(
            f"{C}/credentials/gws",
            json={
                "baseUrl": "https://gws.mock.invalid",
                "clientId": "callback-tui-demo-client",
                "clientSecret": secret,
            },
        )
    )
    assert put["fields"]["clientSecret"] == "••••1234"
    listed = await admin.get(f"{C}/credentials")
    assert secret not in listed.text
    test = data(await admin.post(f"{C}/credentials/gws/test"))
    assert test["ok"] is False and "client secret" in test["detail"]
    await admin.put(
        f"{C}/credentials/gws",
        json={
            "baseUrl": "https://gws.mock.invalid",
            "clientId": "callback-tui-demo-client",
            "clientSecret": "demo-gws-secret-0123456789abcdef",
        },
    )
    good = data(await admin.post(f"{C}/credentials/gws/test"))
    assert good["ok"] is True and good["checks"][-1]["name"] == "statistics"
    short = await admin.put(
        f"{C}/credentials/gws", json={"baseUrl": "http://x", "clientId": "a", "clientSecret": "b"}
    )
    assert error(short, 400, 40000).startswith("baseUrl:")
    gone = data(await admin.delete(f"{C}/credentials/gws"))
    assert gone["registered"] is False
    assert error(await admin.put(f"{C}/credentials/fax", json={}), 404, 40400).startswith("kind:")


async def test_captcha_and_push_tests(admin: httpx.AsyncClient) -> None:
    await admin.put(
        f"{C}/credentials/captcha",
        json={
            "siteKey": "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
            "secretKey": "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe",
        },
    )
    assert data(await admin.post(f"{C}/credentials/captcha/test"))["ok"] is True
    await admin.put(f"{C}/credentials/captcha", json={"siteKey": "mine", "secretKey": "x" * 20})
    failed = data(await admin.post(f"{C}/credentials/captcha/test"))
    assert failed["ok"] is False and "site key" in failed["detail"]
    account = {
        "type": "service_account",
        "project_id": "demo-project",
        "private_key": "-----BEGIN PRIVATE KEY-----\n"
        + "QUJD" * 40
        + "\n-----END PRIVATE KEY-----\n",
        "client_email": "fcm@demo-project.iam.gserviceaccount.com",
        "token_uri": "http://oauth2.googleapis.com/token",
    }
    shown = data(
        await admin.put(f"{C}/credentials/push", json={"serviceAccountJson": json.dumps(account)})
    )
    assert shown["fields"]["projectId"] == "demo-project"
    assert "QUJD" not in json.dumps(shown)
    push = data(await admin.post(f"{C}/credentials/push/test"))
    assert push["ok"] is False
    assert [c["name"] for c in push["checks"] if not c["ok"]] == ["token_uri"]
    not_json = await admin.put(f"{C}/credentials/push", json={"serviceAccountJson": "{"})
    assert error(not_json, 400, 40000).startswith("serviceAccountJson:")


async def test_tenant_file_edit_and_refetch(tmp_path: Path, clock: FixedClock) -> None:
    tenant_file = tmp_path / "tenant.toml"
    app = create_app(str(tmp_path / "mock.db"), clock=clock, seed_errors=0, tenant_file=tenant_file)
    async with client_for(app) as client:
        before = data(await client.get(f"{C}/tenant"))
        assert before["refreshIntervalMin"] == 30
        assert before["nextRefresh"] == "2026-11-25T15:30:00.000Z"
        text = tenant_file.read_text().replace('name = "Demo Tenant"', 'name = "Acme Callbacks"')
        tenant_file.write_text(text.replace('"http://localhost:3000"', '"https://acme.test"'))
        clock.advance(timedelta(minutes=5))
        after = data(await client.post(f"{C}/tenant/refetch"))
        assert after["lastRefreshed"] == "2026-11-25T15:05:00.000Z"
        paths = {c["path"] for c in after["changes"]}
        assert "corsOrigins" in paths or any(p.startswith("corsOrigins") for p in paths)
        assert (await client.get(f"{C}/me")).json()["data"]["tenant"]["name"] == "Acme Callbacks"
        cors = await client.get(f"{C}/me", headers={"origin": "https://acme.test"})
        assert cors.headers["access-control-allow-origin"] == "https://acme.test"
        # And the automatic refresh: 30 minutes later the next edit shows up by itself.
        tenant_file.write_text(tenant_file.read_text().replace("Acme Callbacks", "Acme 2"))
        clock.advance(timedelta(minutes=31))
        assert (await client.get(f"{C}/me")).json()["data"]["tenant"]["name"] == "Acme 2"


async def test_services_and_purge_mode(app: Starlette) -> None:
    async with client_for(app) as client:
        services = data(await client.get(f"{C}/services"))
        names = [s["name"] for s in services]
        assert {"Sales_US", "Support_247", "Billing_EU", "Tech_APAC"} <= set(names)
        sales = data(await client.get(f"{C}/services/Sales_US"))
        assert sales["purge"]["mode"] == "endOfBusinessDay" and sales["purge"]["nextPurge"]
        assert any(s["name"] == "Slot Capacity" for s in sales["settings"])
        changed = data(
            await client.put(
                f"{C}/services/Sales_US/purge", json={"mode": "afterDuration", "afterMinutes": 90}
            )
        )
        assert changed["purge"] == {"mode": "afterDuration", "afterMinutes": 90, "nextPurge": None}
        bad = await client.put(f"{C}/services/Sales_US/purge", json={"mode": "sometimes"})
        assert error(bad, 400, 40000).startswith("mode:")
        assert error(await client.get(f"{C}/services/Nope"), 404, 40400)


async def test_purge_preview_then_run(admin: httpx.AsyncClient) -> None:
    preview = data(await admin.post(f"{C}/purge", json={"service": "Tech_APAC", "dryRun": True}))
    assert preview["count"] > 0 and preview["count"] == len(preview["ids"])
    assert preview["oldest"] <= preview["newest"]
    assert sum(preview["byState"].values()) == preview["count"]
    ran = data(await admin.post(f"{C}/purge", json={"service": "Tech_APAC", "dryRun": False}))
    assert ran["ids"] == preview["ids"]
    got = data(await admin.post(f"{V3}/callbacks/retrieve", json={"id": ran["ids"][0]}))
    assert (got["callbackState"], got["callbackReason"]) == ("COMPLETED", "PURGED")
    again = data(await admin.post(f"{C}/purge", json={"service": "Tech_APAC", "dryRun": True}))
    assert again["count"] == 0
    assert error(await admin.post(f"{C}/purge", json={}), 400, 40000).startswith("dryRun:")


async def test_automatic_purges_follow_the_clock(app: Starlette, clock: FixedClock) -> None:
    """Tech_APAC has no agents: its callbacks stay QUEUED until a purge takes them."""
    async with client_for(app) as client:
        await client.put(
            f"{C}/services/Tech_APAC/purge", json={"mode": "afterDuration", "afterMinutes": 60}
        )
        body = {"serviceName": "Tech_APAC", "phoneNumber": "5551112222"}
        cb_id = data(await client.post(f"{V3}/callbacks/create", json=body))["id"]

        async def state() -> tuple[str, str | None]:
            got = data(await client.post(f"{V3}/callbacks/retrieve", json={"id": cb_id}))
            return got["callbackState"], got.get("callbackReason")

        clock.advance(timedelta(minutes=59))
        assert await state() == ("QUEUED", None)
        clock.advance(timedelta(minutes=2))
        assert await state() == ("COMPLETED", "PURGED")
        detail = data(await client.get(f"{C}/callbacks/{cb_id}"))
        assert detail["history"][-1]["at"] == "2026-11-25T16:00:00.000Z"

        # End of business day: 20:00 in Tokyo is 11:00 UTC.
        await client.put(f"{C}/services/Tech_APAC/purge", json={"mode": "endOfBusinessDay"})
        body["desiredTime"] = "2026-11-26T02:00:00Z"
        cb_id = data(await client.post(f"{V3}/callbacks/create", json=body))["id"]
        clock.set(NOW.replace(day=26, hour=10, minute=59))
        assert await state() == ("QUEUED", None)
        clock.set(NOW.replace(day=26, hour=11, minute=1))
        assert await state() == ("COMPLETED", "PURGED")


async def test_console_callbacks_list_detail_reschedule(admin: httpx.AsyncClient) -> None:
    page = data(await admin.get(f"{C}/callbacks", params={"service": "Sales_US", "limit": "10"}))
    items = page["items"]
    assert len(items) == 10 and page["nextCursor"]
    desired = [i["desiredTime"] for i in items]
    assert desired == sorted(desired, reverse=True)
    assert all(i["serviceName"] == "Sales_US" for i in items)
    nxt = data(
        await admin.get(
            f"{C}/callbacks",
            params={"service": "Sales_US", "limit": "10", "cursor": page["nextCursor"]},
        )
    )
    assert not {i["id"] for i in items} & {i["id"] for i in nxt["items"]}
    scheduled = data(await admin.get(f"{C}/callbacks", params={"state": "SCHEDULED"}))
    assert all(i["callbackState"] == "SCHEDULED" for i in scheduled["items"])
    phone = items[0]["phoneNumber"][-6:]
    by_phone = data(await admin.get(f"{C}/callbacks", params={"phone": phone}))
    assert all(phone in i["phoneNumber"] for i in by_phone["items"])
    target = scheduled["items"][0]
    moved = data(
        await admin.post(
            f"{C}/callbacks/reschedule",
            json={"id": target["id"], "desiredTime": "2026-11-30T15:00:00Z"},
        )
    )
    assert moved["desiredTime"] == "2026-11-30T15:00:00.000Z"
    detail = data(await admin.get(f"{C}/callbacks/{target['id']}"))
    assert any("RESCHEDULED" in (h["reason"] or "") for h in detail["history"])
    for params, field in (
        ({"state": "LOST"}, "state:"),
        ({"from": "monday"}, "from:"),
        ({"limit": "501"}, "limit:"),
    ):
        assert error(await admin.get(f"{C}/callbacks", params=params), 400, 40000).startswith(field)
    assert error(await admin.get(f"{C}/callbacks/{CB}"), 404, 40400)
