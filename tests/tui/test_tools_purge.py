"""Tools > Purging: live values, explanation, purge now with preview, purge mode and roles."""

from __future__ import annotations

import tomllib
from datetime import timedelta

import tomli_w
from panel_harness import settle, static_text, table_rows
from textual.content import Content
from textual.widgets import Button, DataTable, Input

from client import PermissionDeniedError
from screens.dialogs import ConfirmDialog, TextDialog
from screens.tools.purge_mode_dialog import PurgeChoice, PurgeModeDialog
from screens.tools.purge_panel import PurgePanel


async def _open_purging(pilot, service_row: int = 1) -> None:
    """alt+2 shows Purging with the table focused; move to the service's row."""
    await settle(pilot)
    await pilot.press("alt+2")
    for _ in range(service_row):
        await pilot.press("down")
    await settle(pilot)


async def test_table_shows_modes_and_next_purge_in_both_zones(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        rows = {row[0]: row[1:] for row in table_rows(app.query_one("#purge-table"))}
        # Wed 25 Nov 15:00 UTC: Sales_US closes at 18:00 New York = 00:00 Paris (the user's zone).
        assert rows["Sales_US"] == [
            "America/New_York",
            "end of business day",
            "Wed 25 Nov 18:00 EST",
            "Thu 26 Nov 00:00 CET",
        ]
        assert rows["Support_247"][1:3] == ["after 4 h", "continuous: 4 h after due"]
        assert rows["Tech_APAC"][1:3] == ["off", "never (purge is off)"]
        header = [
            str(col.label) for col in app.query_one("#purge-table", DataTable).columns.values()
        ]
        assert "Next purge (your time, Europe/Paris)" in header


async def test_explains_a_1900_booking_and_another_time(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)  # Sales_US, open 08:00-18:00 on weekdays
        why = static_text(app.query_one("#purge-why"))
        assert "A callback booked for 19:00 today (Wed 25 Nov, America/New_York)" in why
        assert "will NOT be purged tonight: it is due after today's business day ends" in why
        await pilot.press("b", "end", "ctrl+u", *"17:00")
        why = static_text(app.query_one("#purge-why"))
        assert "WILL be purged tonight if it is still open at today 18:00" in why
        await pilot.press("backspace", "backspace")  # "17:"
        assert app.query_one("#purge-booked", Input).has_class("-invalid")
        assert "Type a time as HH:MM" in static_text(app.query_one("#purge-why"))


async def test_purge_now_previews_then_purges_after_confirmation(make_env) -> None:
    env = make_env()
    app, _ = env.host()
    checker = env.admin
    preview = await checker.purge.preview("Sales_US")
    assert preview.count >= 1
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        body = "\n".join(static_text(widget) for widget in dialog.query("Static"))
        noun = "callback" if preview.count == 1 else "callbacks"
        assert f"{preview.count} {noun} would be purged" in body
        assert "Oldest due" in body and "newest due" in body
        await pilot.press("y")
        await settle(pilot)
        status = static_text(app.query_one("#purge-status"))
        states = ", ".join(f"{n} {state}" for state, n in sorted(preview.by_state.items()))
        assert f"of Sales_US ({states})." in status
        assert f"Purged {preview.count} callback" in status
    for callback_id in preview.ids:
        callback = await checker.callbacks.retrieve(callback_id)
        assert (callback.callback_state, callback.callback_reason) == ("COMPLETED", "PURGED")
    assert (await checker.purge.preview("Sales_US")).count == 0


async def test_purge_now_cancelled_purges_nothing(make_env) -> None:
    env = make_env()
    app, _ = env.host("Supervisor")
    before = await env.admin.purge.preview(None)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert "cancelled; nothing was purged" in static_text(app.query_one("#purge-status"))
    assert (await env.admin.purge.preview(None)).count == before.count > 0


async def test_developer_sees_the_preview_but_cannot_purge(make_env) -> None:
    env = make_env()
    app, _ = env.host("Developer")
    before = await env.admin.purge.preview("Sales_US")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("escape")
    assert (await env.admin.purge.preview("Sales_US")).count == before.count


async def test_administrator_changes_the_purge_mode_with_the_keyboard(make_env) -> None:
    env = make_env()
    app, _ = env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, PurgeModeDialog)
        # RadioSet: down to "After a duration", enter selects; tab to minutes; enter saves.
        await pilot.press("down", "enter", "tab", "end", "ctrl+u", *"90", "enter")
        await settle(pilot)
        rows = {row[0]: row[1:] for row in table_rows(app.query_one("#purge-table"))}
        assert rows["Sales_US"][1:3] == ["after 1 h 30 min", "continuous: 1 h 30 min after due"]
        assert "Purge mode of Sales_US is now: after 1 h 30 min." in static_text(
            app.query_one("#purge-status")
        )
    service = await env.admin.services.get("Sales_US")
    assert service.purge is not None
    assert (service.purge.mode, service.purge.after_minutes) == ("afterDuration", 90)


async def test_purge_mode_dialog_refuses_bad_minutes(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        await pilot.press("m")
        await settle(pilot)
        minutes = app.screen.query_one("#purge-minutes", Input)
        assert minutes.disabled  # end of business day needs no minutes
        await pilot.press("down", "enter")
        assert not minutes.disabled
        await pilot.press("tab", "end", "ctrl+u", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PurgeModeDialog)
        assert app.screen.query_one("#purge-minutes", Input).has_class("-invalid")
        assert "from 1 to" in static_text(app.screen.query_one("#purge-mode-error"))


async def test_supervisor_cannot_change_the_purge_mode(make_env) -> None:
    env = make_env()
    app, _ = env.host("Supervisor")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        assert app.query_one("#purge-mode", Button).disabled
        note = static_text(app.query_one("#purge-role-note"))
        assert "Changing the purge mode needs the Administrator role (you are Supervisor)" in note
        await pilot.press("m")
        await settle(pilot)
        assert not isinstance(app.screen, PurgeModeDialog)
        # Forced past the UI, the server refuses and the panel says so.
        app.query_one(PurgePanel).set_purge_mode("Sales_US", PurgeChoice("off", None))
        await settle(pilot)
        assert len(app.failures) == 1
        failure = app.failures[0]
        assert isinstance(failure.error, PermissionDeniedError)
        assert failure.error.http_status == 403
        status = static_text(app.query_one("#purge-status"))
        assert "refused by the server (403 Forbidden, code 40300)" in status
        assert "role Supervisor may not use" in status
    service = await env.admin.services.get("Sales_US")
    assert service.purge is not None and service.purge.mode == "endOfBusinessDay"


async def test_next_purge_moves_on_after_the_business_day(make_env, pinned) -> None:
    app, _ = make_env().host()
    pinned.advance(timedelta(hours=4))  # 19:00 UTC = 14:00 New York, still before close
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)
        rows = {row[0]: row[1:] for row in table_rows(app.query_one("#purge-table"))}
        assert rows["Billing_EU"][2] == "Thu 26 Nov 17:00 CET"  # Berlin closed at 17:00
        assert rows["Sales_US"][2] == "Wed 25 Nov 18:00 EST"


async def test_server_text_is_shown_literally_not_as_markup(make_env) -> None:
    env = make_env(tenant_file=True)
    weird = "Ops_[b]x[/b]"
    doc = tomllib.loads(env.tenant_file.read_text(encoding="utf-8"))
    doc["services"][weird] = {**doc["services"]["Sales_US"], "name": weird}
    env.tenant_file.write_text(tomli_w.dumps(doc), encoding="utf-8")
    await env.admin.tenant.refetch()
    app, _ = env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_purging(pilot)  # sorted by name: Billing_EU, Ops_[b]x[/b], Sales_US, ...
        rows = {row[0]: row[1:] for row in table_rows(app.query_one("#purge-table"))}
        assert weird in rows
        title = app.query_one("#purge-why-box").border_title
        assert Content.from_markup(title).plain == f"{weird}: what happens tonight"
        assert app.failures == []
