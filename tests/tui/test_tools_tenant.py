"""Tools > Refetch Tenant Configuration against the in-process emulator (keyboard only)."""

from __future__ import annotations

import tomllib
from datetime import timedelta

import tomli_w
from panel_harness import settle, static_text, table_rows
from textual.widgets import DataTable


async def test_shows_configuration_and_its_age(make_env, pinned) -> None:
    env = make_env()
    app, _ = env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Demo Tenant (id demo-tenant-0001)" in static_text(app.query_one("#tenant-summary"))
        settings = {row[0]: row[1] for row in table_rows(app.query_one("#tenant-settings"))}
        assert settings["services.Sales_US.slotCapacity"] == "3"
        # The console's clock moves on: the age is recomputed from lastRefreshed/nextRefresh.
        pinned.advance(timedelta(minutes=12))
        app.query_one("#tenant-panel")._show_age()
        age = static_text(app.query_one("#tenant-age"))
        assert "12 min ago, next automatic refresh in 18 min (every 30 min)" in age


async def test_refetch_without_edit_says_no_changes(make_env) -> None:
    env = make_env()
    app, _ = env.host("Supervisor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")  # the settings list has the keys at once
        await settle(pilot)
        assert "No changes." in static_text(app.query_one("#tenant-changes"))
        assert app.failures == []


async def test_refetch_after_editing_the_tenant_file_shows_the_change(make_env, pinned) -> None:
    env = make_env(tenant_file=True)
    app, _ = env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert env.tenant_file is not None
        doc = tomllib.loads(env.tenant_file.read_text(encoding="utf-8"))
        doc["services"]["Sales_US"]["slotCapacity"] = 7
        doc["tenant"]["name"] = "Renamed Tenant"
        env.tenant_file.write_text(tomli_w.dumps(doc), encoding="utf-8")
        pinned.advance(timedelta(minutes=5))
        await pilot.press("r")  # the settings list has the keys at once
        await settle(pilot)
        changes = static_text(app.query_one("#tenant-changes"))
        assert "1 change(s)" in changes
        assert "services.Sales_US.slotCapacity: 3 -> 7" in changes
        settings = table_rows(app.query_one("#tenant-settings", DataTable))
        assert ["services.Sales_US.slotCapacity", "7"] in settings
        assert "Renamed Tenant" in static_text(app.query_one("#tenant-summary"))
        assert "just now, next automatic refresh in 30 min" in static_text(
            app.query_one("#tenant-age")
        )


async def test_without_console_api_the_panel_says_not_available(make_env) -> None:
    env = make_env()
    app, _ = env.host(console_api=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "is not available on this backend" in static_text(
            app.query_one("#tenant-panel NotAvailable")
        )
        assert app.failures == []


async def test_refetch_of_a_broken_tenant_file_reports_the_error(make_env) -> None:
    env = make_env(tenant_file=True)
    app, _ = env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        env.tenant_file.write_text("[tenant\nname = ", encoding="utf-8")
        await pilot.press("r")  # the settings list has the keys at once
        await settle(pilot)
        assert "Refetch failed" in static_text(app.query_one("#tenant-changes"))
        (failure,) = app.failures
        assert failure.action == "refetch the tenant configuration"
        assert failure.error.code == 5701
        assert "could not re-read the configuration" in failure.error.message


async def test_failed_load_says_which_key_retries(make_env) -> None:
    env = make_env()
    app, transport = env.host()
    transport.down = True
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        summary = static_text(app.query_one("#tenant-summary"))
        assert summary == "Could not load the configuration. Press ctrl+r to try again."
        assert [f.action for f in app.failures] == ["load the tenant configuration"]
        transport.down = False
        await pilot.press("ctrl+r")  # as the panel says; the list has the keys at once
        await settle(pilot)
        assert "Demo Tenant (id demo-tenant-0001)" in static_text(app.query_one("#tenant-summary"))
