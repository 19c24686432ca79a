"""Recent failed calls (newest first): what failed, GES code, correlation ID; copy and details."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from screens.base import copy_text
from screens.dialogs import TextDialog
from screens.text import escape


@dataclass(frozen=True)
class FailureRecord:
    """One failed call as the user saw it in the toast."""

    at: datetime
    action: str
    message: str
    http_status: int | None = None
    code: int | None = None
    correlation_id: str | None = None
    # "api", "forbidden", "auth", "protocol", "unexpected"; no answer at all: "connection"
    # (the request did not reach the server) or "no-answer" (it may have been processed).
    kind: str = "api"

    @property
    def time_text(self) -> str:
        return self.at.astimezone(UTC).strftime("%H:%M:%S")

    def full_text(self) -> str:
        lines = [
            f"Time:            {self.at.astimezone(UTC).isoformat(timespec='seconds')}",
            f"Action:          {self.action}",
            f"HTTP status:     {self.http_status if self.http_status is not None else '-'}",
            f"GES code:        {self.code if self.code is not None else '-'}",
            f"Correlation ID:  {self.correlation_id or '(none: no answer from the server)'}",
            "",
            self.message,
        ]
        return "\n".join(lines)


class LastErrorsScreen(ModalScreen[None]):
    """The recent-failures list; `c`/`y` copies the correlation ID, enter shows the full text."""

    DEFAULT_CSS = """
    LastErrorsScreen { align: center middle; }
    LastErrorsScreen > Vertical {
        width: 95%; height: 80%; border: thick $primary; background: $surface; padding: 0 1;
    }
    LastErrorsScreen .title { text-style: bold; padding: 0 0 1 0; }
    LastErrorsScreen DataTable { height: 1fr; }
    LastErrorsScreen #empty { color: $text-muted; padding: 1 0; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="last_errors.close"),
        Binding("c,y", "copy_id", "Copy ID", id="last_errors.copy"),
        Binding("enter", "show_full", "Details", id="last_errors.details", show=True),
    ]

    def __init__(self, records: Iterable[FailureRecord]) -> None:
        super().__init__()
        self._records = list(records)[::-1]  # newest first

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Last errors ({len(self._records)})", classes="title")
            if not self._records:
                yield Static("No failed calls in this session.", id="empty")
            table: DataTable[str | Text] = DataTable(cursor_type="row", id="last-errors")
            table.display = bool(self._records)
            yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The correlation ID comes before the message so that it is never cut off.
        table.add_columns("Time", "Action", "HTTP", "GES code", "Correlation ID", "Message")
        for index, rec in enumerate(self._records):
            table.add_row(
                rec.time_text,
                Text(_one_line(rec.action, 28)),
                str(rec.http_status) if rec.http_status is not None else "-",
                str(rec.code) if rec.code is not None else "-",
                Text(rec.correlation_id or "(none)"),
                Text(_one_line(rec.message, 60)),
                key=str(index),
            )
        table.focus()

    def _selected(self) -> FailureRecord | None:
        table = self.query_one(DataTable)
        if not self._records or table.cursor_row < 0:
            return None
        return self._records[min(table.cursor_row, len(self._records) - 1)]

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy_id(self) -> None:
        rec = self._selected()
        if rec is None:
            return
        if not rec.correlation_id:
            self.notify(
                "This failure has no correlation ID: the request got no answer from the server.",
                title="Nothing to copy",
                severity="warning",
            )
            return
        copy_text(self, rec.correlation_id, "Correlation ID")

    def action_show_full(self) -> None:
        rec = self._selected()
        if rec is not None:
            # The title is fixed text: server text belongs in the body, which is not markup.
            self.app.push_screen(
                TextDialog(
                    "Failed call", rec.full_text(), copy_value=rec.correlation_id or rec.full_text()
                )
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_full()


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def toast_markup(rec: FailureRecord, role: str | None) -> tuple[str, str]:
    """(title, body) for the error toast; the body is markup with every server part escaped,
    the title is plain text (Textual does not parse markup in toast titles)."""
    corr = rec.correlation_id
    if rec.kind == "connection":
        note = "Backend unreachable — no correlation ID (the request did not reach the server)"
        return "Backend unreachable", f"{note}\n{escape(rec.message)}"
    if rec.kind == "no-answer":
        note = (
            "No answer from the backend — no correlation ID (the server may still have "
            "processed the request)"
        )
        return "No answer from the backend", f"{note}\n{escape(rec.message)}"
    parts = []
    if rec.code is not None or rec.http_status is not None:
        parts.append(f"GES {rec.code if rec.code is not None else '-'} (HTTP {rec.http_status})")
    parts.append(escape(rec.message))
    parts.append(f"Correlation ID: {escape(corr)}" if corr else "No correlation ID")
    parts.append("[dim]ctrl+e: last errors (c copies the ID)[/dim]")
    if rec.kind == "forbidden":
        title = f"Not allowed for role {role or 'unknown'}"
    elif rec.kind == "auth":
        title = "Invalid API key (401)" if rec.code in (None, 40100) else "Not authorised (401)"
    else:
        title = f"{rec.action} failed"
    return title, "\n".join(parts)
