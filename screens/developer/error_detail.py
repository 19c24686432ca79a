"""The full record of one API error: record, request summary and the response body."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from screens.base import copy_text
from screens.developer.errors_export import record_row
from screens.text import escape


def pretty_json(value: Any) -> str:
    """Indented JSON of a model, dict or JSON text (text that is not JSON is shown as is)."""
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json", by_alias=True)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return str(value)
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False, default=str)


def _field(source: Any, name: str, default: Any = None) -> Any:
    if isinstance(source, Mapping):
        return source.get(name, default)
    return getattr(source, name, default)


def request_summary(request: Any) -> str:
    """`GET /path` plus query, headers and body summary, one per line."""
    if request is None:
        return "(no request recorded)"
    lines = [f"{_field(request, 'method', '?')} {_field(request, 'url', '?')}"]
    for title, name in (("Query", "query"), ("Headers", "headers")):
        values = _field(request, name) or {}
        if values:
            lines.append(f"{title}:")
            lines.extend(f"  {key}: {value}" for key, value in dict(values).items())
    body = _field(request, "body_summary")
    if body is None:
        body = _field(request, "bodySummary")
    if body not in (None, "", {}):
        lines.append("Body:")
        lines.append("  " + pretty_json(body).replace("\n", "\n  "))
    return "\n".join(lines)


class ErrorDetailScreen(ModalScreen[None]):
    """Modal with every field of an `ErrorDetail`; all server text is shown without markup."""

    DEFAULT_CSS = """
    ErrorDetailScreen { align: center middle; }
    ErrorDetailScreen > Vertical {
        width: 110; max-width: 98%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ErrorDetailScreen .title { text-style: bold; }
    ErrorDetailScreen .heading { text-style: bold; color: $accent; margin-top: 1; }
    ErrorDetailScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="developer.error_detail.close"),
        Binding("c,y", "copy_id", "Copy ID", id="developer.error_detail.copy_id"),
        Binding("j", "copy_json", "Copy response JSON", id="developer.error_detail.copy_json"),
    ]

    def __init__(self, detail: Any) -> None:
        super().__init__()
        self._detail = detail
        self._row = record_row(detail)
        self._response = pretty_json(_field(detail, "response_body"))

    @property
    def correlation_id(self) -> str:
        return str(self._row["corrId"])

    def compose(self) -> ComposeResult:
        row = self._row
        with Vertical():
            yield Label(f"Error {escape(self.correlation_id)}", classes="title")
            with VerticalScroll():
                yield Label("Record", classes="heading")
                record = "\n".join(
                    f"{name:<11} {'' if value is None else value}" for name, value in row.items()
                )
                yield Static(record, markup=False, id="detail-record")
                yield Label("Request", classes="heading")
                summary = request_summary(_field(self._detail, "request"))
                yield Static(summary, markup=False, id="detail-request")
                yield Label("Response body", classes="heading")
                yield Static(self._response, markup=False, id="detail-response")
            yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy_id(self) -> None:
        copy_text(self, self.correlation_id, "Correlation ID")

    def action_copy_json(self) -> None:
        self.app.copy_to_clipboard(self._response)
        self.notify("Response body copied (OSC 52).", title="Copied", timeout=4)
