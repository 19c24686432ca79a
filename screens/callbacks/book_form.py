"""Book a callback: the form, the preflight beside it, and /callbacks/create behind a confirm."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import (
    Checkbox,
    Input,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from screens import clock
from screens.callbacks.backend import BookingPlan, book
from screens.callbacks.plan_layout import compact_input, form_field, plan_layout_css
from screens.callbacks.planning import FieldErrors, PlannedTime, PlanScreen
from screens.callbacks.preflight import PreflightWarning
from screens.callbacks.validation import (
    PHONE,
    SERVICE,
    TIME,
    USER_DATA,
    ZONE,
    FieldError,
    UserData,
    normalise_phone,
    parse_priority,
    parse_time,
    parse_user_data,
    parse_zone,
    require_future,
)
from screens.dialogs import TextDialog
from screens.text import escape

TIME_FORMAT = "%Y-%m-%d %H:%M"


class BookScreen(PlanScreen):
    """Dismisses with the new callback's id, or None when closed without booking."""

    DEFAULT_CSS = plan_layout_css("BookScreen", "book") + "BookScreen #book-title { height: 1; }"
    id_prefix = "book"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "commit", "Book", id="callbacks.book.submit", tooltip="Check, then book"),
    ]

    commit_action = "book callback"

    def __init__(self, services: dict[str, ZoneInfo] | None, *, service: str | None = None) -> None:
        super().__init__()
        self._services = services
        first = next(iter(services), None) if services else None
        self._initial_service = service if service and services and service in services else first
        self._zone_from_service: str | None = None

    def heading(self) -> str:
        return "Book a callback"

    def compose_form(self) -> ComposeResult:
        service: Select[str] | Input
        if self._services is not None:
            service = Select(
                [(name, name) for name in self._services],
                value=self._initial_service if self._initial_service else Select.NULL,
                prompt="Choose a service",
                compact=True,
            )
        else:
            service = compact_input("service name (the service list is not available)")
        yield from form_field("Service", SERVICE, service)
        yield from form_field("Phone", PHONE, compact_input("+1 555 123 4567"))
        when = RadioSet(
            RadioButton("Immediate", value=True, id="when-immediate", compact=True),
            RadioButton("Scheduled", id="when-scheduled", compact=True),
            compact=True,
        )
        yield from form_field("When", "when", when)
        yield from form_field("Date/time", TIME, compact_input("YYYY-MM-DD HH:MM (scheduled)"))
        zone_hint = (
            "the service's zone by default"
            if self._services is not None
            else "the service list is not available: type the service's zone"
        )
        yield from form_field("Time zone", ZONE, compact_input("Europe/Paris"), hint=zone_hint)
        yield from form_field("Priority", "priority", compact_input("default"))
        yield from form_field(
            "",
            "refuse",
            Checkbox("Refuse if full", compact=True, tooltip="Sends alwaysCheckCapacity"),
            hint="sends alwaysCheckCapacity: a full slot is refused (429) with free slots proposed",
        )
        yield from form_field(
            "userData",
            USER_DATA,
            TextArea(soft_wrap=False, compact=True),
            hint="key=value per line; keys must be JS identifiers",
        )

    def on_mount(self) -> None:
        zone = self._service_zone(self._initial_service)
        self._set_zone(zone.key if zone else "UTC")
        self.query_one(f"#f-{TIME}", Input).disabled = True
        if self._initial_service:
            self.query_one(f"#f-{PHONE}", Input).focus()
            self.action_check()
        else:
            self.query_one(f"#f-{SERVICE}").focus()

    # ---- form reading --------------------------------------------------------------
    def _service_zone(self, name: str | None) -> ZoneInfo | None:
        if not name or self._services is None:
            return None
        return self._services.get(name)

    def _set_zone(self, key: str) -> None:
        self.query_one(f"#f-{ZONE}", Input).value = key
        self._zone_from_service = key

    @property
    def scheduled(self) -> bool:
        return self.query_one("#when-scheduled", RadioButton).value

    def _service_value(self) -> str:
        widget = self.query_one(f"#f-{SERVICE}")
        if isinstance(widget, Select):
            value = widget.value
            if not isinstance(value, str):
                raise FieldError(SERVICE, "Choose a service.")
            return value
        name = widget.value.strip() if isinstance(widget, Input) else ""
        if not name:
            raise FieldError(SERVICE, "A service name is required.")
        if self._services is not None and name not in self._services:
            raise FieldError(SERVICE, f"Unknown service {name!r}.")
        return name

    def planned_time(self) -> PlannedTime:
        service = self._service_value()
        zone_text = self.query_one(f"#f-{ZONE}", Input).value
        if not self.scheduled:
            zone = parse_zone(zone_text) if zone_text.strip() else ZoneInfo("UTC")
            return PlannedTime(service, None, zone)
        when = parse_time(self.query_one(f"#f-{TIME}", Input).value, zone_text)
        zone = parse_zone(zone_text) if zone_text.strip() else ZoneInfo("UTC")
        return PlannedTime(service, require_future(when, clock.now()), zone)

    def validated_commit(self) -> tuple[PlannedTime, BookingPlan]:
        errors: list[FieldError] = []
        results: dict[str, object] = {}
        checks: dict[str, Callable[[], object]] = {
            "planned": self.planned_time,
            PHONE: lambda: normalise_phone(self.query_one(f"#f-{PHONE}", Input).value),
            "priority": lambda: parse_priority(self.query_one("#f-priority", Input).value),
            USER_DATA: lambda: parse_user_data(self.query_one(f"#f-{USER_DATA}", TextArea).text),
        }
        for name, check in checks.items():
            try:
                results[name] = check()
            except FieldError as error:
                errors.append(error)
        if errors:
            raise FieldErrors(errors)
        planned = results["planned"]
        user_data = results[USER_DATA]
        assert isinstance(planned, PlannedTime)
        assert isinstance(user_data, UserData)
        priority = results["priority"]
        return planned, BookingPlan(
            service=planned.service,
            phone=str(results[PHONE]),
            desired_time=planned.at,
            zone=planned.zone,
            priority=priority if isinstance(priority, int) else None,
            user_data=user_data.values,
            refuse_if_full=self.query_one("#f-refuse", Checkbox).value,
            ignored_user_data_keys=user_data.ignored_keys,
        )

    def form_warnings(self, payload: object | None) -> list[PreflightWarning]:
        """userData keys the API would silently drop: a reason to stop, like the preflight's."""
        if isinstance(payload, BookingPlan):
            ignored = payload.ignored_user_data_keys
        else:
            text = self.query_one(f"#f-{USER_DATA}", TextArea).text
            try:
                ignored = parse_user_data(text).ignored_keys
            except FieldError:
                ignored = ()
        if not ignored:
            return []
        return [
            PreflightWarning(
                "user-data-ignored",
                f"userData key(s) {', '.join(ignored)} are not JS identifiers: the API "
                "ignores them, so the callback is booked without them.",
            )
        ]

    async def commit(self, payload: BookingPlan) -> str:
        return await book(self.client, payload)

    def committed(self, result: str) -> None:
        self.dismiss(result)

    def set_time(self, start: datetime) -> None:
        self.query_one("#when-scheduled", RadioButton).value = True
        zone = self._zone_for_slots()
        time_input = self.query_one(f"#f-{TIME}", Input)
        time_input.disabled = False
        time_input.value = start.astimezone(zone).strftime(TIME_FORMAT)

    # ---- reactions -------------------------------------------------------------------
    @on(RadioSet.Changed, "#f-when")
    def _when_changed(self, event: RadioSet.Changed) -> None:
        time_input = self.query_one(f"#f-{TIME}", Input)
        time_input.disabled = not self.scheduled
        if self.scheduled and not time_input.value.strip():
            # The next full hour: a ready-made time that is not already in the past.
            start = (clock.now() + timedelta(hours=1)).astimezone(self._zone_for_slots())
            time_input.value = start.replace(minute=0, second=0, microsecond=0).strftime(
                TIME_FORMAT
            )

    @on(Select.Changed, f"#f-{SERVICE}")
    def _service_changed(self, event: Select.Changed) -> None:
        zone = self._service_zone(event.value if isinstance(event.value, str) else None)
        zone_input = self.query_one(f"#f-{ZONE}", Input)
        # Follow the service's zone unless the user typed another one.
        if zone and zone_input.value in ("", self._zone_from_service):
            self._set_zone(zone.key)
        if isinstance(event.value, str):
            self.action_check()

    def clear_field_errors(self) -> None:
        super().clear_field_errors()
        self._user_data_changed()  # the ignored-keys note is advice, not an error: keep it

    @on(TextArea.Changed, f"#f-{USER_DATA}")
    def _user_data_changed(self) -> None:
        message = self.query_one(f"#f-{USER_DATA}-error", Static)
        try:
            parsed = parse_user_data(self.query_one(f"#f-{USER_DATA}", TextArea).text)
        except FieldError:
            return  # reported on save; do not nag while typing
        if parsed.ignored_keys:
            keys = ", ".join(parsed.ignored_keys)
            message.update(
                escape(f"Not JS identifiers, the API will ignore: {keys} (booking asks to confirm)")
            )
            message.add_class("-shown")
        elif not self.query_one(f"#f-{USER_DATA}").has_class("-invalid"):
            message.remove_class("-shown")


def booked_dialog(callback_id: str) -> TextDialog:
    """The dialog that confirms a booking and lets the ID be copied."""
    return TextDialog(
        "Callback booked",
        f"New callback ID:\n\n  {callback_id}\n\nc copies it; escape closes.",
        copy_value=callback_id,
    )
