"""Developer > Errors: list, search, filters, detail, copy, paging, histogram, failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from panel_harness import DEVELOPER_T0 as T0
from panel_harness import KEYS, PanelEnv, paste, settle, static_text
from textual.widgets import DataTable, Input, Sparkline, Static

from client import ApiConnectionError, PermissionDeniedError
from screens.developer.error_detail import ErrorDetailScreen
from screens.developer.errors_panel import ErrorsPanel


def table_ids(app: Any) -> list[str]:
    table = app.query_one("#errors-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def message(app: Any) -> str:
    return static_text(app.query_one("#errors-message", Static))


async def search(pilot: Any, text: str) -> None:
    await pilot.press("slash")
    field = pilot.app.query_one("#search", Input)
    assert pilot.app.focused is field
    await pilot.press("ctrl+u")
    await paste(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def server_page(env: PanelEnv, **filters: object) -> list[str]:
    client, _ = env.client()
    page = await client.errors.list(limit=100, **filters)
    return [r.corr_id for r in page.items]


async def test_list_shows_the_seed_columns_newest_first(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one("#errors-table", DataTable)
        labels = [str(column.label) for column in table.columns.values()]
        assert labels == ["Correlation ID", "URL", "Method", "Time Stamp", "Status Code"]
        assert table.row_count == ErrorsPanel.PAGE_SIZE
        stamps = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert stamps == sorted(stamps, reverse=True)
        assert table_ids(app) == await server_page(dev_env)
        client, _ = dev_env.client()
        urls = [r.url for r in (await client.errors.list(limit=100)).items]
        assert any("[REDACTED]" in url for url in urls)
        shown = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        for url, cell in zip(urls, shown, strict=True):  # server text verbatim, brackets too
            assert cell == url or (cell.endswith("…") and url.startswith(cell[:-1]))
        assert app.focused is table
        status = static_text(app.query_one("#errors-status", Static))
        assert "Page 1" in status and "rows 1–100" in status
        assert not app.failures


async def test_search_by_full_id_and_by_prefix(dev_env: PanelEnv) -> None:
    target = (await server_page(dev_env))[37]
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, f'  "{target}" ')  # pasted with quotes and blanks
        assert table_ids(app) == [target]
        assert app.focused is app.query_one("#errors-table", DataTable)

        await search(pilot, target[:8])
        ids = table_ids(app)
        assert target in ids
        assert all(i.startswith(target[:8]) for i in ids)
        assert not app.failures


async def test_unknown_id_says_so(dev_env: PanelEnv) -> None:
    unknown = "deadbeef-0000-1000-8000-000000000000"
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, unknown)
        assert table_ids(app) == []
        assert message(app) == f"No error with correlation ID {unknown}."
        assert not app.failures and app.is_running


async def test_short_or_garbage_search_is_refused_without_a_request(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = transport.error_list_requests
        await search(pilot, "ab1")
        assert "at least 4 characters" in message(app)
        await search(pilot, "hello world")
        assert "only hex digits" in message(app)
        assert app.query_one("#search", Input).has_class("-bad")
        assert transport.error_list_requests == before
        assert len(table_ids(app)) == ErrorsPanel.PAGE_SIZE  # the list is unchanged


async def test_filters_by_status_method_and_time(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert app.focused is app.query_one("#status", Input)
        await pilot.press(*"50001")
        await pilot.press("tab")
        await pilot.press(*"get")
        await pilot.press("tab")
        await pilot.press(*"2h")
        await pilot.press("enter")
        await settle(pilot)
        table = app.query_one("#errors-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows, "the seed has GET 50001 errors in the last two hours"
        assert {str(r[4]) for r in rows} == {"50001"}
        assert {str(r[2]) for r in rows} == {"GET"}
        since = T0 - timedelta(hours=2)
        assert all(str(r[3]) >= since.strftime("%Y-%m-%dT%H:%M") for r in rows)
        expected = await server_page(dev_env, status=50001, method="GET", since=since)
        assert table_ids(app) == expected
        assert "status 50001 · method GET" in static_text(app.query_one("#errors-status"))

        await pilot.press("u")  # clear filters
        await settle(pilot)
        assert len(table_ids(app)) == ErrorsPanel.PAGE_SIZE


async def test_bad_time_filter_marks_the_field(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", "tab", "tab")
        await pilot.press(*"yesterday")
        await pilot.press("enter")
        await settle(pilot)
        assert "Since 'yesterday'" in message(app)
        assert app.query_one("#since", Input).has_class("-bad")


async def test_detail_shows_record_request_and_response_body(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDetailScreen)
        target = table_ids(app)[2]
        assert app.screen.correlation_id == target
        response = static_text(app.screen.query_one("#detail-response"))
        assert '"status": {' in response and f'"corrId": "{target}"' in response
        request = static_text(app.screen.query_one("#detail-request"))
        assert request.split()[0] in {"GET", "POST", "PUT", "DELETE"}
        for secret in KEYS.values():
            assert secret not in request
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ErrorDetailScreen)


async def test_copy_id_puts_it_on_the_clipboard_with_a_toast(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "c")
        await pilot.pause()
        target = table_ids(app)[1]
        assert app.clipboard == target
        assert any(target in str(n.message) for n in app._notifications)
        await pilot.press("y")  # the vi-style key does the same
        assert app.clipboard == target


async def test_next_and_prev_page_follow_the_cursor(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = table_ids(app)
        await pilot.press("n")
        await settle(pilot)
        second = table_ids(app)
        assert len(second) == ErrorsPanel.PAGE_SIZE and not set(first) & set(second)
        table = app.query_one("#errors-table", DataTable)
        last_of_first = await server_page(dev_env)
        assert last_of_first == first
        assert "cursor" in transport.requests[-1].url.params
        assert str(table.get_row_at(0)[3]) <= str(table.get_row_at(0)[3])
        assert "Page 2" in static_text(app.query_one("#errors-status"))
        await pilot.press("n")
        await settle(pilot)
        third = table_ids(app)
        await pilot.press("p")
        await settle(pilot)
        assert table_ids(app) == second
        await pilot.press("p")
        await settle(pilot)
        assert table_ids(app) == first
        assert not set(third) & (set(first) | set(second))
        await pilot.press("p")  # already on the first page: says so, no request
        await settle(pilot)
        assert table_ids(app) == first


async def test_histogram_shows_errors_per_hour(dev_env: PanelEnv) -> None:
    client, _ = dev_env.client()
    histogram = await client.errors.histogram()
    expected = [bucket.count for bucket in histogram.counts]
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert list(app.query_one("#histogram", Sparkline).data or []) == expected
        label = static_text(app.query_one("#histogram-label"))
        assert f"{sum(expected)} total" in label and "Errors/hour" in label


async def test_backend_down_mid_session_is_a_toast_not_a_crash(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = table_ids(app)
        transport.down = True
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running
        assert app.failures and isinstance(app.failures[-1].error, ApiConnectionError)
        assert any(n.severity == "error" for n in app._notifications)
        assert table_ids(app) == shown  # the last good page stays
        await pilot.press("enter")  # detail also fails cleanly
        await settle(pilot)
        assert not isinstance(app.screen, ErrorDetailScreen)
        transport.down = False
        await pilot.press("r")
        await settle(pilot)
        assert table_ids(app) == shown and message(app) == ""


async def test_a_role_without_the_developer_tab_gets_a_403_message(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host("Supervisor")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert any(isinstance(f.error, PermissionDeniedError) for f in app.failures)
        assert table_ids(app) == []
        assert message(app).startswith("Your role may not read the error log (HTTP 403)")


async def test_without_the_console_api_the_section_says_not_available(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host(console_api=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "is not available on this backend" in static_text(app.query_one("NotAvailable"))
        assert not transport.requests
