"""Console API (/console/v1): the real client against the real emulator, every endpoint."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from contract_env import KEYS, NOW

from client import BadRequestError, CallbackClient, NotFoundError, PermissionDeniedError


async def test_me_reports_role_tenant_and_version(client_for) -> None:  # type: ignore[no-untyped-def]
    for role in KEYS:
        async with client_for(role) as client:
            me = await client.me()
            assert me.role == role
            assert me.tenant.id and me.ges_version


async def test_errors_are_recorded_searchable_and_detailed(admin: CallbackClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        await admin.callbacks.create("Sales_US", "+1-555-0100-bogus")
    corr = caught.value.correlation_id
    assert corr
    exact = await admin.errors.search(corr)
    assert [r.corr_id for r in exact.items] == [corr]
    record = exact.items[0]
    assert record.method == "POST" and record.http_status == 400 and record.status_code == 40000
    prefix = await admin.errors.search(corr[:8])
    assert corr in [r.corr_id for r in prefix.items]
    detail = await admin.errors.get(corr)
    assert detail.response_body["status"]["corrId"] == corr
    assert detail.request is not None
    dumped = json.dumps(detail.model_dump(mode="json"))
    assert "555-0100" not in dumped  # the phone number is redacted
    assert KEYS["Administrator"] not in dumped
    with pytest.raises(NotFoundError):
        await admin.errors.get("ffffffff-ffff-1fff-bfff-ffffffffffff")


async def test_error_pages_are_keyset_and_newest_first(admin: CallbackClient) -> None:
    first = await admin.errors.list(limit=50)
    assert len(first.items) == 50 and first.next_cursor
    second = await admin.errors.list(limit=50, cursor=first.next_cursor)
    stamps = [r.timestamp for r in first.items + second.items]
    assert stamps == sorted(stamps, reverse=True)
    assert not {r.corr_id for r in first.items} & {r.corr_id for r in second.items}
    only_500 = await admin.errors.list(status="500", limit=20)
    assert only_500.items and all(r.http_status == 500 for r in only_500.items)
    gets = await admin.errors.list(method="GET", since=NOW - timedelta(days=1), limit=20)
    assert all(r.method == "GET" and r.timestamp >= NOW - timedelta(days=1) for r in gets.items)
    with pytest.raises(ValueError, match=r"^limit"):  # refused by the client, before any request
        await admin.errors.list(limit=10**9)


async def test_histogram(admin: CallbackClient) -> None:
    hist = await admin.errors.histogram(since=NOW - timedelta(hours=24), until=NOW, bucket="hour")
    assert hist.bucket == "hour" and len(hist.counts) in (24, 25)
    assert sum(c.count for c in hist.counts) > 0


async def test_cors_origins_and_key_validation(admin: CallbackClient) -> None:
    cors = await admin.cors.origins()
    assert cors.origins and cors.how_to_update
    valid = await admin.api_keys.validate(KEYS["Supervisor"])
    assert (valid.valid, valid.role) == (True, "Supervisor")
    invalid = await admin.api_keys.validate("Z" * 40)
    assert (invalid.valid, invalid.role) == (False, None)


async def test_credentials_write_only_and_tested(admin: CallbackClient) -> None:
    listing = await admin.credentials.list()
    assert {c.kind for c in listing.items} == {"gws", "push", "captcha"}
    assert not any(c.registered for c in listing.items)
    secret = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"
    view = await admin.credentials.register(
        "captcha", {"siteKey": "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI", "secretKey": secret}
    )
    assert view.registered and secret not in json.dumps(view.model_dump(mode="json"))
    assert str(view.fields["secretKey"]).endswith(secret[-4:])
    test = await admin.credentials.test("captcha")
    assert test.ok and test.checks
    with pytest.raises(BadRequestError) as caught:
        await admin.credentials.register("push", {"serviceAccountJson": "{not json"})
    assert caught.value.message.startswith("serviceAccountJson")
    deleted = await admin.credentials.delete("captcha")
    assert deleted.registered is False


async def test_tenant_and_refetch(admin: CallbackClient) -> None:
    tenant = await admin.tenant.get()
    assert tenant.refresh_interval_min == 30
    assert tenant.last_refreshed and tenant.next_refresh
    assert tenant.next_refresh - tenant.last_refreshed == timedelta(minutes=30)
    again = await admin.tenant.refetch()
    assert again.changes == []


async def test_services_settings_and_purge_mode(admin: CallbackClient, client_for) -> None:  # type: ignore[no-untyped-def]
    services = await admin.services.list()
    names = {s.name for s in services.items}
    assert {"Support_247", "Sales_US", "Billing_EU", "Tech_APAC"} <= names
    sales = await admin.services.get("Sales_US")
    assert sales.timezone == "America/New_York"
    assert any(s.web_callback for s in sales.settings)
    assert any(s.requires for s in sales.settings)
    assert sales.purge is not None and sales.purge.mode == "endOfBusinessDay"
    changed = await admin.services.set_purge("Sales_US", "afterDuration", after_minutes=90)
    assert changed.purge is not None
    assert (changed.purge.mode, changed.purge.after_minutes) == ("afterDuration", 90)
    async with client_for("Supervisor") as supervisor:
        with pytest.raises(PermissionDeniedError):
            await supervisor.services.set_purge("Sales_US", "off")
    with pytest.raises(NotFoundError):
        await admin.services.get("No_Such_Service")


async def test_purge_preview_then_run(admin: CallbackClient, clock) -> None:  # type: ignore[no-untyped-def]
    preview = await admin.purge.preview(service="Sales_US")
    assert preview.dry_run is True and preview.count >= 1  # the seed has due open callbacks
    assert preview.count == len(preview.ids) == sum(preview.by_state.values())
    done = await admin.purge.run(service="Sales_US")
    assert done.dry_run is False and done.count == preview.count
    purged = await admin.callbacks.retrieve(done.ids[0])
    assert (purged.callback_state, purged.callback_reason) == ("COMPLETED", "PURGED")
    assert (await admin.purge.preview(service="Sales_US")).count == 0


async def test_callbacks_list_detail_and_reschedule(admin: CallbackClient) -> None:
    page = await admin.callbacks.list(service="Sales_US", limit=20)
    assert page.items and all(c.service_name == "Sales_US" for c in page.items)
    queued = await admin.callbacks.list(state="SCHEDULED", limit=10)
    assert all(c.callback_state == "SCHEDULED" for c in queued.items)
    ref = await admin.callbacks.create(
        "Sales_US", "+15550109999", desired_time=NOW + timedelta(days=1)
    )
    by_phone = await admin.callbacks.list(phone="0109999")
    assert ref.id in [c.id for c in by_phone.items]
    detail = await admin.callbacks.get(ref.id)
    assert detail.history and detail.history[0].state == "SCHEDULED"
    new_time = NOW + timedelta(days=2, hours=1)
    moved = await admin.callbacks.reschedule(ref.id, new_time)
    assert moved.desired_time == new_time


async def test_role_matrix_on_console_endpoints(client_for) -> None:  # type: ignore[no-untyped-def]
    """Developer tab: Administrator, Developer. Tools: +Supervisor. Agents: neither."""
    expectations = {
        "Administrator": (True, True),
        "Developer": (True, True),
        "Supervisor": (False, True),
        "Agent": (False, False),
    }
    for role, (developer_tab, tools_tab) in expectations.items():
        async with client_for(role) as client:
            for call in (client.errors.list, client.cors.origins, client.credentials.list):
                if developer_tab:
                    await call()
                else:
                    with pytest.raises(PermissionDeniedError):
                        await call()
            for call in (client.tenant.get, client.services.list):
                if tools_tab:
                    await call()
                else:
                    with pytest.raises(PermissionDeniedError):
                        await call()
