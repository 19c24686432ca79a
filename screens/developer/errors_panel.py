"""Developer > Errors: API errors newest first, one server page at a time (keyset cursor)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Label, Sparkline, Static
from textual.worker import Worker

from screens.base import Panel
from screens.developer.error_detail import ErrorDetailScreen
from screens.developer.errors_columns import ColumnLayout, clip, layout_for
from screens.developer.errors_export import export_errors, export_format, record_row
from screens.developer.errors_filters import (
    ErrorFilterBar,
    ErrorFilters,
    FilterError,
    format_time,
)
from screens.developer.errors_keys import ERRORS_BINDINGS
from screens.developer.errors_live import LivePoller
from screens.developer.export_path import ask_export_path
from screens.developer.failure_note import failure_note
from screens.text import escape

COLUMNS = ("Correlation ID", "URL", "Method", "Time Stamp", "Status Code")


class ErrorsPanel(Panel):
    """Errors list with search, filters, detail, copy, export, histogram and live mode."""

    PAGE_SIZE = 100
    EXPORT_PAGE_SIZE = 500
    LIVE_INTERVAL = 3.0  # seconds between the end of one poll and the start of the next

    DEFAULT_CSS = """
    ErrorsPanel { border: round $primary 50%; border-title-style: bold; }
    ErrorsPanel #errors-histogram { height: auto; }
    ErrorsPanel #histogram-label { width: auto; max-width: 85%; color: $text-muted; }
    ErrorsPanel Sparkline { width: 1fr; height: 1; margin: 0 1; }
    ErrorsPanel DataTable { height: 1fr; }
    ErrorsPanel #errors-message { height: auto; color: $warning; text-style: bold; }
    ErrorsPanel #errors-status { height: 1; color: $text-muted; }
    ErrorsPanel #errors-export { height: auto; color: $accent; }
    """

    BINDINGS = ERRORS_BINDINGS

    live: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__(id="errors-panel")
        self.border_title = "Errors"
        self.filters = ErrorFilters()
        self._page_cursor: str | None = None  # cursor that produced the shown page
        self._back: list[str | None] = []  # cursors of the pages before it (for prev)
        self._next_cursor: str | None = None
        self._records: dict[str, Any] = {}  # shown page only, keyed by correlation ID
        self._skew = timedelta()  # server clock minus ours, learnt from the histogram
        self._poller = LivePoller(self)
        self._export_worker: Worker[None] | None = None
        self._message = ""  # shown in #errors-message
        self._status = ""  # shown in #errors-status
        self._columns = ColumnLayout()
        self._histogram_text = ""  # the histogram's range and counts, without the scope note
        self._histogram_label = ""  # shown in #histogram-label

    def compose(self) -> ComposeResult:
        yield ErrorFilterBar()
        with Horizontal(id="errors-histogram"):
            yield Label("", id="histogram-label")
            yield Sparkline([], id="histogram")
        yield Static("", id="errors-message")
        yield DataTable(id="errors-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="errors-export")
        yield Static("", id="errors-status", markup=False)

    def focus_default(self) -> None:
        self.table.focus()

    def on_mount(self) -> None:
        self._add_columns()
        self._load(None, [])
        self.load_histogram()

    # -- columns ---------------------------------------------------------------------------

    def _add_columns(self) -> None:
        for label, width in zip(COLUMNS, self._columns.widths, strict=True):
            self.table.add_column(label, width=width, key=label)

    def on_resize(self) -> None:
        """Fixed widths for ID, method, time and status; the URL takes what is left."""
        layout = layout_for(self.content_size.width)
        if layout == self._columns:
            return
        self._columns = layout
        self.table.clear(columns=True)
        self._add_columns()
        self._show_rows(list(self._records.values()))

    # -- helpers ---------------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#errors-table", DataTable)

    @property
    def page_number(self) -> int:
        return len(self._back) + 1

    def server_now(self) -> datetime:
        """Our estimate of the server's clock (relative filters like `2h` count from it)."""
        return datetime.now(UTC) + self._skew

    def show_message(self, text: str) -> None:
        # Unchanged text would still cost a layout pass of the whole screen.
        if text != self._message:
            self._message = text
            self.query_one("#errors-message", Static).update(text)

    def shown_to_user(self) -> bool:
        """On screen: the tab is shown and no dialog covers it."""
        return self.is_on_screen and self.app.screen is self.screen

    def _update_title(self) -> None:
        self.border_title = "Errors · [b]live[/b]" if self.live else "Errors"

    def _update_status(self) -> None:
        rows = len(self._records)
        first = (self.page_number - 1) * self.PAGE_SIZE + 1
        shown = f"rows {first}–{first + rows - 1}" if rows else "no rows"
        more = "more: n" if self._next_cursor else "last page"
        back = " · prev: p" if self._back else ""
        text = f"Page {self.page_number} · {shown} · {more}{back} · {self.filters.describe()}" + (
            " · enter: detail" if rows else ""
        )
        if text != self._status:
            self._status = text
            # One fixed-height line: new text never changes the layout.
            self.query_one("#errors-status", Static).update(text, layout=False)

    # -- loading ---------------------------------------------------------------------------

    def _load(
        self, cursor: str | None, back: list[str | None], *, focus_table: bool = False
    ) -> None:
        self.load_page(self.filters, cursor, back, focus_table)

    @work(
        exclusive=True, exit_on_error=False, group="developer-errors-page", description="Load page"
    )
    async def load_page(
        self,
        filters: ErrorFilters,
        cursor: str | None,
        back: list[str | None],
        focus_table: bool = False,
    ) -> None:
        """Fetch one page for `filters` and show it; `back` becomes the prev-page stack."""
        try:
            page = await self.client.errors.list(
                **filters.as_params(), limit=self.PAGE_SIZE, cursor=cursor
            )
        except Exception as err:
            self.report_error(err, "load errors")
            self.show_message(failure_note(err, "read the error log"))
            if focus_table:
                self._focus_table_from_filter_bar()
            return
        self._page_cursor, self._back, self._next_cursor = cursor, back, page.next_cursor
        self._show_rows(page.items)
        self._update_histogram_label(filters)
        if not page.items:
            self.show_message(escape(filters.empty_text()))
        else:
            self.show_message("")
        self._update_status()
        if focus_table:
            self._focus_table_from_filter_bar()

    def _focus_table_from_filter_bar(self) -> None:
        """Back to the list once the answer is shown, unless the user has moved on meanwhile.

        Moving focus makes the Footer rebuild all its keys (twice); done before the request,
        that work delayed the rows by ~70 ms. `set_focus` now (not `focus()`, which waits a
        turn) restyles the table in the same frame that paints the rows.
        """
        focused = self.app.focused
        if focused is None or self.query_one(ErrorFilterBar) in focused.ancestors:
            self.screen.set_focus(self.table)

    def _show_rows(self, records: Sequence[Any]) -> None:
        table = self.table
        columns = self._columns
        keep = self._selected_id()
        table.clear()
        self._records = {}
        for record in records:
            row = record_row(record)
            corr_id = str(row["corrId"])
            self._records[corr_id] = record
            cells = (
                columns.id_cell(corr_id),  # the row key keeps the full ID for detail and copy
                clip(str(row["url"]), columns.url),
                str(row["method"]),
                columns.time_cell(str(row["timestamp"])),
                str(row["statusCode"]),
            )
            # Text, not str: DataTable would read a str as markup and eat `[x]` in URLs.
            table.add_row(*(Text(cell) for cell in cells), key=corr_id)
        if keep in self._records:
            table.move_cursor(row=table.get_row_index(keep), animate=False)

    def _selected_id(self) -> str | None:
        table = self.table
        if not self._records or table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if row_key.value is None else str(row_key.value)

    @work(
        exclusive=True,
        exit_on_error=False,
        group="developer-errors-histogram",
        description="Load histogram",
    )
    async def load_histogram(self) -> None:
        """Errors per hour (per day past a week) over the filter's range, else the last 24 h."""
        since, until = self.filters.since, self.filters.until
        if since is not None and until is None:
            until = self.server_now()
        if until is not None and since is None:
            since = until - timedelta(days=1)
        span = (until - since) if since is not None and until is not None else timedelta(days=1)
        bucket: Literal["hour", "day"] = "day" if span > timedelta(days=7) else "hour"
        asked_at = datetime.now(UTC)
        try:
            histogram = await self.client.errors.histogram(since=since, until=until, bucket=bucket)
        except Exception as err:
            self.report_error(err, "load the error histogram")
            return
        if self.filters.until is None and self.filters.since is None:
            self._skew = histogram.until - asked_at
        counts = [bucket_.count for bucket_ in histogram.counts]
        self.query_one("#histogram", Sparkline).data = counts or [0]
        peak = max(counts, default=0)
        since_text = format_time(histogram.since)[5:16].replace("T", " ")
        until_text = format_time(histogram.until)[5:16].replace("T", " ")
        self._histogram_text = (
            f"Errors/{bucket} {since_text} → {until_text} UTC · {sum(counts)} total · peak {peak}"
        )
        self._update_histogram_label(self.filters)

    def _update_histogram_label(self, filters: ErrorFilters) -> None:
        """Counts and range, and, while the list is narrowed otherwise, that they are not.

        The histogram API takes only a time range: its counts cover every error of the range
        whatever the ID, status or method filters, so the label says so.
        """
        if not self._histogram_text:
            return
        unfiltered = filters.beyond_time_range()
        label = self._histogram_text
        if unfiltered:
            label += f" · all errors, not filtered by {'/'.join(unfiltered)}"
        if label != self._histogram_label:  # unchanged text would still cost a layout pass
            self._histogram_label = label
            self.query_one("#histogram-label", Label).update(escape(label))

    # -- search and filters ----------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        self.query_one("#status", Input).focus()

    @on(ErrorFilterBar.Applied)
    def apply_filters(self) -> None:
        try:
            filters = self.query_one(ErrorFilterBar).read(self.server_now())
        except FilterError as err:
            self.show_message(escape(err.message))
            return
        range_changed = (filters.since, filters.until) != (self.filters.since, self.filters.until)
        self.filters = filters
        self.show_message("")
        self._load(None, [], focus_table=True)
        if range_changed:  # the histogram takes only the range; its label tells the rest
            self.load_histogram()

    def action_clear_filters(self) -> None:
        self.query_one(ErrorFilterBar).clear()
        self.apply_filters()

    def action_leave_field(self) -> None:
        self.table.focus()

    # -- paging ----------------------------------------------------------------------------

    def action_next_page(self) -> None:
        if self._next_cursor is None:
            self.notify("This is the last page.", timeout=3)
            return
        self._load(self._next_cursor, [*self._back, self._page_cursor])

    def action_prev_page(self) -> None:
        if not self._back:
            self.notify("This is the first page.", timeout=3)
            return
        self._load(self._back[-1], self._back[:-1])

    def action_refresh(self) -> None:
        self._load(self._page_cursor, list(self._back))
        self.load_histogram()

    # -- detail and copy -------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_detail()

    def action_open_detail(self) -> None:
        corr_id = self._selected_id()
        if corr_id is None:
            self.notify("No error selected.", timeout=3)
            return
        self.open_detail(corr_id)

    @work(
        exclusive=True,
        exit_on_error=False,
        group="developer-errors-detail",
        description="Open detail",
    )
    async def open_detail(self, corr_id: str) -> None:
        try:
            detail = await self.client.errors.get(corr_id)
        except Exception as err:
            self.report_error(err, f"open error {corr_id}")
            return
        await self.app.push_screen(ErrorDetailScreen(detail))

    def action_copy_id(self) -> None:
        corr_id = self._selected_id()
        if corr_id is None:
            self.notify("No error selected.", timeout=3)
            return
        self.copy(corr_id, "Correlation ID")

    # -- export ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_export":
            return self._exporting
        if action == "leave_field":  # only from a filter field; elsewhere escape is not ours
            return isinstance(self.app.focused, Input)
        return True

    @property
    def _exporting(self) -> bool:
        worker = self._export_worker
        return worker is not None and not worker.is_finished

    def action_export(self, fmt: str) -> None:
        if self._exporting:
            self.notify("An export is already running; x cancels it.", timeout=4)
            return
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        default = Path.cwd() / f"callback-errors-{stamp}.{fmt}"
        filters = self.filters

        title = f"Export {filters.describe()} as {fmt.upper()} to"

        def start(path: Path) -> None:
            self._export_worker = self.run_export(filters, path, export_format(path, fmt))
            self.refresh_bindings()

        ask_export_path(self.app, title, str(default), start)

    @work(
        exclusive=True,
        exit_on_error=False,
        group="developer-errors-export",
        description="Run export",
    )
    async def run_export(self, filters: ErrorFilters, path: Path, fmt: str) -> None:
        status = self.query_one("#errors-export", Static)
        name = escape(str(path))

        def progress(pages: int, rows: int) -> None:
            status.update(f"Exporting to {name}: {rows:,} rows ({pages} pages)… x cancels")

        status.update(f"Exporting to {name}… x cancels")
        try:
            pages = self.client.errors.iter_pages(
                **filters.as_params(), limit=self.EXPORT_PAGE_SIZE
            )
            count = await export_errors(pages, path, fmt, progress)
        except asyncio.CancelledError:
            status.update(f"Export to {name} cancelled; no file written.")
            raise
        except OSError as err:
            status.update("")
            self.notify(escape(f"Cannot write {path}: {err.strerror or err}"), severity="error")
            return
        except Exception as err:
            status.update(f"Export to {name} failed; no file written.")
            self.report_error(err, "export errors")
            return
        finally:
            self.call_later(self.refresh_bindings)
        status.update(f"Exported {count:,} errors to {name} ({fmt.upper()}).")
        self.notify(f"Exported {count:,} errors to {name}.", title="Export done")

    def action_cancel_export(self) -> None:
        if self._export_worker is not None and self._exporting:
            self._export_worker.cancel()

    # -- live mode -------------------------------------------------------------------------

    def action_toggle_live(self) -> None:
        self.live = not self.live

    def watch_live(self, live: bool) -> None:
        self._update_title()
        if not live:
            self._poller.stop()
            return
        if self._back:
            self._load(None, [])
        self._poller.start()
        self.notify(f"Live: new errors every {self.LIVE_INTERVAL:g} s; l stops.", timeout=3)

    def show_live_page(self, page: Any) -> None:
        """A polled first page: shown only when it brings errors we do not show yet."""
        new = [r for r in page.items if str(record_row(r)["corrId"]) not in self._records]
        if not new:
            return
        self._page_cursor, self._next_cursor = None, page.next_cursor
        self._show_rows(page.items)
        self.show_message("")
        self._update_status()
        self.load_histogram()
        self.notify(f"{len(new)} new error{'s' if len(new) != 1 else ''}.", timeout=3)
