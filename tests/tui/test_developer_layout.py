"""Developer > Errors at 80 and 200 columns, and what the histogram above the list counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from panel_harness import PanelEnv, paste, screen_text, settle, static_text
from textual.widgets import DataTable, Input

SEED_HEADERS = ("Correlation ID", "URL", "Method", "Time Stamp", "Status Code")


def header_line(app: Any) -> str:
    return next(line for line in screen_text(app).splitlines() if "Correlation ID" in line)


def row_keys(table: DataTable[Any]) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


async def test_at_80_columns_all_five_seed_columns_and_placeholders_are_readable(
    dev_env: PanelEnv,
) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = header_line(app)
        for name in SEED_HEADERS:
            assert name in header, f"{name!r} not visible in {header!r}"
        table = app.query_one("#errors-table", DataTable)
        first = table.get_row_at(0)
        full_id = row_keys(table)[0]
        assert len(full_id) == 36 and str(first[0]).endswith("…")
        assert full_id.startswith(str(first[0])[:-1])  # shortened, the key keeps the whole ID
        assert len(str(first[3])) == len("11-27 08:12:40")  # short time, still to the second
        shown = screen_text(app)
        assert str(first[3]) in shown and str(first[4]) in shown
        # the placeholders are whole words, not "status:" cut in half
        for field in app.query("ErrorFilterBar Input").results(Input):
            visible = field.content_size.width
            assert len(field.placeholder) <= visible, (field.placeholder, visible)
        for word in ("status", "method", "since", "until"):
            assert word in shown
        await pilot.press("c")  # copy takes the full ID from the row key
        await settle(pilot)
        assert app.clipboard == full_id


async def test_at_200_columns_the_url_takes_the_free_width(dev_env: PanelEnv) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        table = app.query_one("#errors-table", DataTable)
        widths = {str(c.label): c.width for c in table.columns.values()}
        assert widths["Correlation ID"] == 36 and widths["Time Stamp"] == 24
        assert widths["URL"] >= 100
        urls = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert not any(url.endswith("…") for url in urls if len(url) < widths["URL"])
        assert any(url.startswith("/engagement/v3/callbacks/") for url in urls)
        long_urls = [u for u in urls if len(u) > 28]
        assert long_urls, "the seed has URLs longer than the old 28-cell column"
        assert all(not u.endswith("…") for u in long_urls)
        await pilot.resize_terminal(80, 24)  # on_resize recomputes; the rows stay
        await settle(pilot)
        assert all(name in header_line(app) for name in SEED_HEADERS)
        assert table.row_count == len(urls)


async def test_histogram_label_says_it_ignores_status_and_method(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert "not filtered" not in static_text(app.query_one("#histogram-label"))
        await pilot.press("f")
        await paste(pilot, "404")
        await pilot.press("tab")
        await paste(pilot, "GET")
        await pilot.press("tab")
        await paste(pilot, "6h")
        await pilot.press("enter")
        await settle(pilot)
        label = static_text(app.query_one("#histogram-label"))
        asked = [r for r in transport.requests if r.url.path.endswith("/histogram")][-1]
        since, until = (
            datetime.fromisoformat(asked.url.params[name].replace("Z", "+00:00"))
            for name in ("since", "until")
        )
        # the filter's range (the panel counts from its estimate of the server's clock)
        assert abs(since - (dev_env.clock.now() - timedelta(hours=6))) < timedelta(seconds=5)
        assert abs(until - since - timedelta(hours=6)) < timedelta(seconds=1)
        client, _ = dev_env.client()
        histogram = await client.errors.histogram(since=since, until=until)
        in_range = sum(bucket.count for bucket in histogram.counts)
        assert f"{in_range} total" in label
        assert "all errors, not filtered by status/method" in label
        assert app.query_one("#errors-table", DataTable).row_count < in_range
        await pilot.press("u")  # clear the filters: the note goes with them
        await settle(pilot)
        assert "not filtered" not in static_text(app.query_one("#histogram-label"))
