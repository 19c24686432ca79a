"""Tools > Service check: open-for with its three flags, queue status and a grid of slots.

Uses only the GES public API, so it keeps working on a backend without the console API (then
the service name is typed instead of picked).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical, VerticalScroll
from textual.message import Message
from textual.validation import Function
from textual.widgets import Button, Input, Label, Select, Static

from screens import clock
from screens.base import Panel
from screens.text import escape
from screens.tools.check_results import (
    NUMBER_OF_DAYS,
    REAL_TIME_WARNING,
    START_FORMAT_HINT,
    CheckRequest,
    CheckResult,
    accepts,
    grid_window,
    open_for_table,
    parse_start,
    parse_zone,
    past_start_warning,
    queue_table,
)
from screens.tools.slot_grid import LEGEND, SlotGrid, build_grid

# Below this width the one-row form and the side-by-side answers do not fit.
NARROW_BELOW = 120


class ServiceCheck(Panel):
    """Form (service, start, time zone) and the three answers side by side, then the slot grid."""

    DEFAULT_CSS = """
    ServiceCheck { padding: 0 1; }
    ServiceCheck .form { height: auto; }
    ServiceCheck .form Label { padding: 1 1 0 0; }
    ServiceCheck #check-service { width: 24; }
    ServiceCheck #check-service-name { width: 24; }
    ServiceCheck #check-start { width: 28; }
    ServiceCheck #check-zone { width: 24; }
    ServiceCheck #check-run { margin-left: 1; min-width: 14; }
    ServiceCheck #check-error { color: $error; height: auto; }
    ServiceCheck #check-warning { color: $text-warning; height: auto; }
    ServiceCheck .answers { height: auto; }
    ServiceCheck .box { border: round $primary; height: auto; width: 1fr; padding: 0 1; }
    ServiceCheck #check-openfor-box { width: 3fr; }
    ServiceCheck #check-queue-box { width: 2fr; }
    ServiceCheck #check-grid-scroll { height: auto; max-height: 14; overflow-x: auto; }
    ServiceCheck #check-legend { color: $text-muted; height: auto; }
    /* Narrow (80 columns): the form on two rows, the answers one above the other. */
    ServiceCheck.-narrow .form {
        layout: grid; grid-size: 4; grid-columns: auto 1fr auto 1fr; grid-rows: 3;
    }
    ServiceCheck.-narrow .form Select, ServiceCheck.-narrow .form Input { width: 1fr; }
    ServiceCheck.-narrow .answers { layout: vertical; }
    ServiceCheck.-narrow #check-openfor-box, ServiceCheck.-narrow #check-queue-box { width: 1fr; }
    """

    BINDINGS = [
        Binding(
            "ctrl+r,f5", "run_check", "Run check", id="tools.check.run",
            tooltip="Run open-for, queue status and availability for the chosen service",
        ),
        Binding(
            "ctrl+l", "clear_start", "Clear start", id="tools.check.clear_start",
            tooltip="Clear start time and time zone (check against now)",
        ),
    ]  # fmt: skip

    class ServicesLoaded(Message):
        def __init__(self, names: list[str], zones: dict[str, str]) -> None:
            super().__init__()
            self.names = names
            self.zones = zones

    class Checked(Message):
        def __init__(self, result: CheckResult) -> None:
            super().__init__()
            self.result = result

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._zones: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            with Horizontal(classes="form"):
                yield Label("Service")
                if self.session.console_api:
                    yield Select[str]([], id="check-service", prompt="Loading…")
                else:
                    yield Input(placeholder="service name", id="check-service-name")
                yield Label("Start")
                yield Input(
                    placeholder=f"now, or {START_FORMAT_HINT}",
                    id="check-start",
                    validators=[Function(accepts(parse_start), "not a date and time")],
                    validate_on=["blur", "submitted"],
                    valid_empty=True,
                )
                yield Label("Time zone")
                yield Input(
                    placeholder="the service's zone",
                    id="check-zone",
                    validators=[Function(accepts(parse_zone), "not a time zone")],
                    validate_on=["blur", "submitted"],
                    valid_empty=True,
                )
                yield Button("Check (ctrl+r)", id="check-run", variant="primary")
            yield Static("", id="check-error")
            yield Static("", id="check-warning")
            with Horizontal(classes="answers"):
                with Vertical(classes="box", id="check-openfor-box") as box:
                    box.border_title = "open-for (all three flags true)"
                    yield Static("Not run yet.", id="check-openfor")
                with Vertical(classes="box", id="check-queue-box") as box:
                    box.border_title = "queue-status"
                    yield Static("Not run yet.", id="check-queue")
            with Vertical(classes="box", id="check-grid-box") as box:
                box.border_title = (
                    f"availability: {NUMBER_OF_DAYS} whole days from the start day, "
                    "busy slots included"
                )
                with ScrollableContainer(id="check-grid-scroll"):
                    yield SlotGrid("Not run yet.", id="check-grid")
                yield Static(LEGEND, id="check-legend")

    def on_mount(self) -> None:
        if self.session.console_api:
            self.load_services()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def focus_default(self) -> bool:
        """Focus the service picker (or name field); ctrl+r and ctrl+l work from there."""
        picker = "#check-service" if self.session.console_api else "#check-service-name"
        self.screen.set_focus(self.query_one(picker))
        return True

    # -- services for the picker --------------------------------------------------------------
    @work(
        exclusive=True,
        exit_on_error=False,
        group="tools.check.services",
        description="Load services",
    )
    async def load_services(self) -> None:
        try:
            services = await self.client.services.list()
        except Exception as err:
            self.report_error(err, "load the services for Service check")
            return
        names = [service.name for service in services.items]
        zones = {s.name: s.timezone for s in services.items if s.timezone}
        self.post_message(self.ServicesLoaded(names, zones))

    @on(ServicesLoaded)
    def _services_loaded(self, message: ServicesLoaded) -> None:
        message.stop()
        self._zones = message.zones
        select: Select[str] = self.query_one("#check-service", Select)
        select.set_options((Text(name), name) for name in message.names)
        select.prompt = "Select a service"
        if message.names:
            select.value = message.names[0]

    # -- form -----------------------------------------------------------------------------------
    def _service_name(self) -> str:
        if self.session.console_api:
            value = self.query_one("#check-service", Select).value
            return value if isinstance(value, str) else ""
        return self.query_one("#check-service-name", Input).value.strip()

    def _read_form(self) -> CheckRequest | None:
        """The request, or None after marking the offending fields."""
        errors: list[str] = []
        start_input = self.query_one("#check-start", Input)
        zone_input = self.query_one("#check-zone", Input)
        service = self._service_name()
        service_widget = self.query_one(
            "#check-service" if self.session.console_api else "#check-service-name"
        )
        service_widget.set_class(not service, "-invalid")
        if not service:
            errors.append("Service: choose a service.")
        # validate() also marks the field (-invalid), and keeps the mark on blur.
        start_input.validate(start_input.value)
        zone_input.validate(zone_input.value)
        start: datetime | None = None
        try:
            start = parse_start(start_input.value)
        except ValueError:
            errors.append(
                f"Start: {start_input.value.strip()!r} is not a date and time like "
                f"{START_FORMAT_HINT}."
            )
        zone: str | None = None
        try:
            zone = parse_zone(zone_input.value)
        except ValueError:
            errors.append(
                f"Time zone: {zone_input.value.strip()!r} is not a time zone name "
                "like Europe/Paris or America/New_York."
            )
        if start is not None and start.tzinfo is None and zone is None:
            zone = self._zones.get(service)  # a local start means the service's time
            if zone is None:  # service's zone unknown (no console API): the wire's UTC
                start = start.replace(tzinfo=UTC)
        self.query_one("#check-error", Static).update(escape(" ".join(errors)))
        if errors:
            marked = [
                w for w in (start_input, zone_input, service_widget) if w.has_class("-invalid")
            ]
            if marked:
                marked[0].focus()
            return None
        return CheckRequest(service, start, zone)

    def action_run_check(self) -> None:
        request = self._read_form()
        if request is None:
            return
        warnings = [past_start_warning(request, clock.now())]
        warnings.append(REAL_TIME_WARNING if request.start is not None else "")
        self.query_one("#check-warning", Static).update(escape("\n".join(w for w in warnings if w)))
        for target in ("#check-openfor", "#check-queue"):
            self.query_one(target, Static).update("Checking…")
        self.query_one("#check-grid", SlotGrid).update("Checking…")
        self.run_check(request)

    def action_clear_start(self) -> None:
        for target in ("#check-start", "#check-zone"):
            field = self.query_one(target, Input)
            field.value = ""
            field.validate("")
        self.query_one("#check-error", Static).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run_check()

    @on(Button.Pressed, "#check-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run_check()

    # -- the three calls ------------------------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="tools.check.run", description="Run check")
    async def run_check(self, request: CheckRequest) -> None:
        service = request.service
        window = grid_window(request, request.zone or self._zones.get(service), clock.now())
        # The three calls are independent: in parallel, one slow link round trip instead of three.
        open_for, queue, availability = await asyncio.gather(
            self.client.availability.open_for(
                service,
                start=request.start,
                timezone=request.zone,
                query_immediate_offer_hours=True,
                return_within_immediate_offer_time=True,
                check_immediate_enabled=True,
            ),
            self.client.queues.status(service),
            self.client.availability.slots(
                service,
                start=window.start,
                number_of_days=len(window.days),
                timezone=window.zone,
                report_busy=True,
            ),
            return_exceptions=True,
        )
        result = CheckResult(request, window)
        for answer, action in (
            (open_for, f"run open-for on {service}"),
            (queue, f"read the queue status of {service}"),
            (availability, f"read the availability of {service}"),
        ):
            if isinstance(answer, BaseException):
                if not isinstance(answer, Exception):
                    raise answer  # cancellation and the like are not failures to show
                self.report_error(answer, action)
        result.open_for = None if isinstance(open_for, BaseException) else open_for
        result.queue = None if isinstance(queue, BaseException) else queue
        result.availability = None if isinstance(availability, BaseException) else availability
        self.post_message(self.Checked(result))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        message.stop()
        result = message.result
        openfor = self.query_one("#check-openfor", Static)
        if result.open_for is None:
            openfor.update("Failed (see the error).")
        else:
            openfor.update(open_for_table(result.open_for, self._ges_version()))
        queue = self.query_one("#check-queue", Static)
        queue.update(
            "Failed (see the error)." if result.queue is None else queue_table(result.queue)
        )
        grid = self.query_one("#check-grid", SlotGrid)
        if result.availability is None:
            grid.update("Failed (see the error).")
            return
        availability = result.availability
        zone_name = availability.timezone or result.window.zone or "UTC"
        triples = [(slot.local_time, slot.capacity, slot.total) for slot in availability.slots]
        grid.show(build_grid(triples, result.window.days, result.window.cutoff), zone_name)

    def _ges_version(self) -> str | None:
        version = self.session.ges_version or getattr(self.client, "ges_version", None)
        return version if isinstance(version, str) else None
