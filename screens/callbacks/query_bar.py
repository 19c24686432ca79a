"""Filters of the callback list: service, state, phone digits, desired-time range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from screens.callbacks.validation import FieldError, parse_time, phone_digits
from screens.text import escape

NARROW_WIDTH = 100  # below: narrower choices, so the date fields show a whole date
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
    """Enter in a field or a changed choice posts `QueryBar.Changed`; bad times are flagged.

    The focus stays in the field after enter (what is typed next is filter text, not a
    section key); down (or escape, the section's) goes on to the results.
    """

    DEFAULT_CSS = """
    QueryBar { height: 1; margin: 1 0; }
    QueryBar > * { margin-right: 1; }
    QueryBar Select { width: 20; }
    QueryBar #q-phone { width: 16; }
    QueryBar #q-from, QueryBar #q-to { width: 1fr; }
    QueryBar.-narrow Select { width: 16; }
    QueryBar.-narrow #q-phone { width: 12; }
    QueryBar Input:focus { background: $accent 40%; text-style: bold; }
    QueryBar Input.-invalid { background: $error 40%; }
    QueryBar Input.-invalid:focus { background: $error 60%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "results", "Results", id="callbacks.filter.results"),
        # Priority: an Input would take down for scrolling (a no-op on one line).
        Binding("down", "results", "Results", show=False, priority=True),
    ]

    class ToResults(Message):
        """The user leaves the filters for the results."""

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

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

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
        since, until = bounds["q-from"], bounds["q-to"]
        if since is not None and until is not None and since > until:
            raise FieldError(
                "q-to",
                f"'to' {until:%Y-%m-%d %H:%M} is before 'from' {since:%Y-%m-%d %H:%M} (UTC): "
                "swap them.",
            )
        return CallbackQuery(
            service=service if isinstance(service, str) else None,
            state=state if isinstance(state, str) else None,
            phone=digits or None,
            since=since,
            until=until,
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only from a text field: down in a Select opens its list.
        return action != "results" or isinstance(self.screen.focused, Input)

    def action_results(self) -> None:
        self.post_message(self.ToResults())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._emit()

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        event.stop()
        self._emit()
