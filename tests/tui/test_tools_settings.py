"""Tools > Service settings: CALLBACK_SETTINGS with the Web Callback (API) column."""

from __future__ import annotations

from panel_harness import settle, static_text, table_rows


async def test_settings_table_marks_what_the_api_honours(make_env) -> None:
    app, _ = make_env().host("Developer")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        # alt+3 focuses the service picker; the second service (after the blank) is Sales_US.
        await pilot.press("alt+3", "s", "enter", "home", "down", "down", "enter")
        await settle(pilot)
        table = app.query_one("#settings-table")
        header = [str(column.label) for column in table.columns.values()]
        assert header == ["Parameter", "Value", "Web Callback (API)", "Only when", "Description"]
        rows = {row[0]: row[1:] for row in table_rows(table)}
        assert rows["Business Hours"][:3] == ["Mon-Fri 08:00-18:00; Sat 10:00-14:00", "—", ""]
        assert rows["Slot Capacity"][:3] == ["3", "✓", "alwaysCheckCapacity = true"]
        assert rows["Route Point"][:3] == ["7001", "✓", ""]
        assert rows["Immediate Offer Hours"][1:3] == ["—", "queryImmediateOfferHours = true"]
        assert "create books outside them" in rows["Business Hours"][3]
        await pilot.press("tab", "down")  # to the list; its highlighted setting, whole, below
        detail = str(app.query_one("#settings-detail").render())
        assert detail.startswith("Business Hours: Weekly opening hours; create books outside")
        assert "honours only the settings marked ✓" in static_text(
            app.query_one("#settings-explain")
        )


async def test_switching_service_refills_the_table(make_env) -> None:
    app, _ = make_env().host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("alt+3")
        rows = {row[0]: row[1] for row in table_rows(app.query_one("#settings-table"))}
        assert rows["Time Zone"] == "Europe/Berlin"  # first service, Billing_EU
        await pilot.press("s", "enter", "home", "down", "down", "down", "down", "enter")
        await settle(pilot)
        rows = {row[0]: row[1] for row in table_rows(app.query_one("#settings-table"))}
        assert rows["Time Zone"] == "Asia/Tokyo"
        assert rows["Immediate Enabled"] == "No"
