"""Filters of the callback list: service, state, phone digits, desired-time range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from screens.callbacks.validation import FieldError, parse_time, phone_digits
from screens.text import escape

STATES = ("SCHEDULED", "QUEUED", "ROUTING", "PROCESSING", "COMPLETED")


@dataclass(frozen=True)
class CallbackQuery:
    service: str | None = None
    state: str | None = None
    phone: str | None = None  # digits, partial
    since: datetime | None = None
    until: datetime | None = None

    def __bool__(self) -> bool:
        return any((self.service, self.state, self.phone, self.since, self.until))

    def describe(self) -> str:
        parts = [
            f"service {self.service}" if self.service else "",
            f"state {self.state}" if self.state else "",
            f"phone contains {self.phone}" if self.phone else "",
            f"from {self.since:%Y-%m-%d %H:%M} UTC" if self.since else "",
            f"to {self.until:%Y-%m-%d %H:%M} UTC" if self.until else "",
        ]
        return ", ".join(p for p in parts if p) or "all callbacks"


class QueryBar(Horizontal):
    """Enter in a field or a changed choice posts `QueryBar.Changed`; bad times are flagged."""

    DEFAULT_CSS = """
    QueryBar { height: 1; margin: 1 0; }
    QueryBar > * { margin-right: 1; }
    QueryBar Select { width: 20; }
    QueryBar #q-phone { width: 16; }
    QueryBar #q-from, QueryBar #q-to { width: 1fr; }
    """

    class Changed(Message):
        def __init__(self, query: CallbackQuery) -> None:
            super().__init__()
            self.query = query

    class Invalid(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, services: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._services = services

    def compose(self) -> ComposeResult:
        yield Select(
            [(name, name) for name in self._services],
            prompt="any service",
            id="q-service",
            compact=True,
        )
        yield Select([(s, s) for s in STATES], prompt="any state", id="q-state", compact=True)
        for name, hint in (
            ("q-phone", "phone digits"),
            ("q-from", "from (UTC) YYYY-MM-DD HH:MM"),
            ("q-to", "to (UTC) YYYY-MM-DD HH:MM"),
        ):
            yield Input(placeholder=hint, id=name, compact=True, validate_on=())

    def set_services(self, services: list[str]) -> None:
        self._services = services
        self.query_one("#q-service", Select).set_options((n, n) for n in services)

    def current(self) -> CallbackQuery:
        """The query in the fields; raises FieldError naming `q-from`/`q-to`."""
        service = self.query_one("#q-service", Select).value
        state = self.query_one("#q-state", Select).value
        digits = phone_digits(self.query_one("#q-phone", Input).value)
        bounds: dict[str, datetime | None] = {}
        for name in ("q-from", "q-to"):
            field = self.query_one(f"#{name}", Input)
            text = field.value.strip()
            if not text:
                bounds[name] = None
                continue
            if len(text) == 10:  # a date alone means midnight
                text += " 00:00"
            bounds[name] = parse_time(text, "UTC", field_name=name)
        return CallbackQuery(
            service=service if isinstance(service, str) else None,
            state=state if isinstance(state, str) else None,
            phone=digits or None,
            since=bounds["q-from"],
            until=bounds["q-to"],
        )

    def _emit(self) -> None:
        for field in self.query(Input):
            field.remove_class("-invalid")
        try:
            query = self.current()
        except FieldError as error:
            self.query_one(f"#{error.field}", Input).add_class("-invalid")
            self.post_message(self.Invalid(escape(error.message)))
            return
        self.post_message(self.Changed(query))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._emit()

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        self._emit()
