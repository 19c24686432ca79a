"""Shared base of the Book and Reschedule screens: field errors, preflight, slots, confirm.

Both screens pick a time for a callback of a service, run the same preflight (open-for,
queue-status, availability), show its warnings in words, offer free slots, and go ahead past
a warning only after an explicit confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast
from zoneinfo import ZoneInfo

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from client import BadRequestError, CallbackClientError, PermissionDeniedError, SlotFullError
from client.preflight import (
    BOOKING,
    PreflightFacts,
    PreflightWarning,
    WriteKind,
    assess,
    free_slots_near,
    notes,
    run_preflight,
)
from screens import clock
from screens.base import ApiFailed, ConsoleHost, Session
from screens.callbacks import fmt
from screens.callbacks.backend import proposed_slots
from screens.callbacks.plan_layout import NARROW_WIDTH, SHORT_HEIGHT
from screens.callbacks.preflight_view import PreflightColumns, WarningList
from screens.callbacks.slot_picker import SlotPicker
from screens.callbacks.validation import FieldError, field_of_server_message
from screens.dialogs import ConfirmDialog
from screens.text import escape

if TYPE_CHECKING:
    from client import CallbackClient


@dataclass(frozen=True)
class PlannedTime:
    service: str
    at: datetime | None  # None: immediate
    zone: ZoneInfo


class PlanScreen(Screen[Any]):
    """A full screen form that checks before it commits; subclasses supply the specifics."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r,f5", "check", "Check", id="callbacks.plan.check", tooltip="Run preflight"),
        Binding("escape", "close", "Close", id="callbacks.plan.close"),
    ]

    class PreflightReady(Message):
        def __init__(self, facts: PreflightFacts, commit: Any = None) -> None:
            super().__init__()
            self.facts = facts
            self.commit = commit  # the plan to commit after the checks, or None

    class Committed(Message):
        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    class CommitRefused(Message):
        def __init__(self, error: CallbackClientError) -> None:
            super().__init__()
            self.error = error

    id_prefix: ClassVar[str] = "plan"  # ids of the layout: <prefix>-title, -top, -form, -side
    write_kind: ClassVar[WriteKind] = BOOKING  # how warnings say the write goes through anyway
    doing: ClassVar[str] = "booking"  # "<doing> needs a confirm"

    def compose(self) -> ComposeResult:
        """Title; the form beside the preflight column (warnings, free slots, status); the
        preflight boxes under both. The preflight code below works on these widgets."""
        prefix = self.id_prefix
        yield Label(self.heading(), id=f"{prefix}-title")
        with Horizontal(id=f"{prefix}-top"):
            with VerticalScroll(id=f"{prefix}-form", can_focus=False):
                yield from self.compose_form()
            with Vertical(id=f"{prefix}-side"):
                yield WarningList()
                yield Label("Free slots appear here after the preflight.", id="slots-title")
                yield SlotPicker(id="slot-picker")
                yield Static("", id="plan-status")
        yield PreflightColumns()
        yield Footer()

    # ---- what subclasses provide -------------------------------------------------------
    def heading(self) -> str:
        """The title line (markup: escape server text)."""
        raise NotImplementedError

    def compose_form(self) -> ComposeResult:
        """The form's fields."""
        raise NotImplementedError

    def planned_time(self) -> PlannedTime:
        """Service, time and zone from the form; raises FieldError."""
        raise NotImplementedError

    def validated_commit(self) -> tuple[PlannedTime, Any]:
        """The whole form validated: the time to check and what `commit()` sends.

        Raises FieldErrors (every bad field) or FieldError.
        """
        raise NotImplementedError

    async def commit(self, payload: Any) -> Any:
        """The write call (create / reschedule)."""
        raise NotImplementedError

    def set_time(self, start: datetime) -> None:
        """Put a picked slot's start into the form."""
        raise NotImplementedError

    def committed(self, result: Any) -> None:
        raise NotImplementedError

    def form_warnings(self, payload: Any | None) -> list[PreflightWarning]:
        """Warnings about the form's own input (the commit's payload, when there is one) that
        need the same explicit confirm as the preflight's."""
        return []

    # ---- layout ---------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < NARROW_WIDTH or height < SHORT_HEIGHT, "-narrow")

    # ---- shared ---------------------------------------------------------------------
    @property
    def client(self) -> CallbackClient:
        return cast("ConsoleHost", self.app).client

    @property
    def session(self) -> Session:
        return cast("ConsoleHost", self.app).session

    def report_error(self, error: BaseException, action: str) -> None:
        self.post_message(ApiFailed(error, action))

    def status(self, text: str, *, error: bool = False) -> None:
        widget = self.query_one("#plan-status", Static)
        widget.set_class(error, "-error")
        widget.update(text)

    def show_field_error(self, error: FieldError) -> None:
        target = self.query(f"#f-{error.field}")
        if target:
            target.first().add_class("-invalid")
            message = self.query_one(f"#f-{error.field}-error", Static)
            message.update(escape(error.message))
            message.add_class("-shown")
        else:
            self.status(escape(error.message), error=True)

    def clear_field_errors(self) -> None:
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        for message in self.query(".field-error"):
            message.remove_class("-shown")
            cast("Static", message).update("")

    def show_field_errors(self, errors: list[FieldError]) -> None:
        self.clear_field_errors()
        for error in errors:
            self.show_field_error(error)
        if errors:
            self.status(
                f"Fix {len(errors)} field(s) before checking or saving: nothing was sent.",
                error=True,
            )
            # Focus the first bad field in the order the form shows them.
            invalid = [w for w in self.focus_chain if w.has_class("-invalid")]
            if invalid:
                invalid[0].focus()

    def action_check(self) -> None:
        try:
            planned = self.planned_time()
        except FieldError as error:
            self.show_field_errors([error])
            return
        self.clear_field_errors()
        self._preflight(planned, None)

    def action_commit(self) -> None:
        try:
            planned, payload = self.validated_commit()
        except FieldErrors as errors:
            self.show_field_errors(errors.errors)
            return
        except FieldError as error:
            self.show_field_errors([error])
            return
        self.clear_field_errors()
        self._preflight(planned, payload)

    def action_close(self) -> None:
        if self._sending():
            self.status("Wait: the request is on its way; its answer decides what happens.")
            return
        self.dismiss(None)

    def _sending(self) -> bool:
        return any(w.group == "callbacks-commit" and w.is_running for w in self.workers)

    def _preflight(self, planned: PlannedTime, commit: Any) -> None:
        self.query_one(WarningList).pending(
            f"Checking open-for, queue-status and availability for {planned.service}…"
        )
        self.query_one(PreflightColumns).reset("[dim]checking…[/dim]")
        self._run_preflight(planned, commit)

    @work(
        exclusive=True,
        exit_on_error=False,
        group="callbacks-preflight",
        description="Run preflight",
    )
    async def _run_preflight(self, planned: PlannedTime, commit: Any) -> None:
        facts = await run_preflight(
            self.client,
            planned.service,
            desired_time=planned.at,
            zone=planned.zone,
            now=clock.now(),
            on_failure=self.report_error,
        )
        self.post_message(self.PreflightReady(facts, commit))

    @on(PreflightReady)
    def _preflight_ready(self, event: PreflightReady) -> None:
        facts = event.facts
        warnings = assess(facts, self.write_kind) + self.form_warnings(event.commit)
        self.query_one(PreflightColumns).show(facts)
        warning_list = self.query_one(WarningList)
        warning_list.show(facts, warnings, notes(facts), doing=self.doing)
        if self.has_class("-narrow"):  # stacked: the answer is below the form, bring it up
            self.call_after_refresh(warning_list.scroll_visible, top=True, animate=False)
        if facts.slots is not None:
            near = free_slots_near(facts.slots, facts.at, facts.now)
            self.query_one(SlotPicker).set_slots(near, facts.zone)
            self.query_one("#slots-title", Label).update(
                "Free slots near that time (enter picks one):"
                if near
                else "No free slots in the days around that time."
            )
        if event.commit is None:
            self.status("Preflight done." if not warnings else "Preflight found warnings.")
            return
        if not warnings:
            self._commit(event.commit)
            return
        body = "\n\n".join(f"• {w.text}" for w in warnings)
        if getattr(event.commit, "refuse_if_full", False):
            tail = (
                '"Refuse if full" is ticked: the server refuses a full slot (429) and proposes '
                "free ones; everything else goes through as asked."
            )
        else:
            tail = "The API does not stop this: it would go through as asked."
        self.app.push_screen(
            ConfirmDialog(
                f"{len(warnings)} warning(s): go ahead anyway?",
                f"{body}\n\n{tail}",
                yes="Go ahead",
                no="Back",
                danger=True,
            ),
            callback=lambda ok: self._confirmed(bool(ok), event.commit),
        )

    def _confirmed(self, ok: bool, payload: Any) -> None:
        if ok:
            self._commit(payload)
        else:
            self.status("Not sent: you declined after the warnings.")

    def _commit(self, payload: Any) -> None:
        # A write in flight is never cancelled by a second ctrl+s: it may already have landed.
        if self._sending():
            self.status("Still sending the previous request…")
            return
        self.status("Sending…")
        self._run_commit(payload)

    @work(exclusive=True, exit_on_error=False, group="callbacks-commit", description="Run commit")
    async def _run_commit(self, payload: Any) -> None:
        try:
            result = await self.commit(payload)
        except CallbackClientError as error:
            self.report_error(error, self.commit_action)
            self.post_message(self.CommitRefused(error))
            return
        self.post_message(self.Committed(result))

    commit_action = "save"

    @on(Committed)
    def _on_committed(self, event: Committed) -> None:
        self.committed(event.result)

    @on(CommitRefused)
    def _on_refused(self, event: CommitRefused) -> None:
        error = event.error
        corr = f" (correlation ID {error.correlation_id})" if error.correlation_id else ""
        if isinstance(error, SlotFullError):
            zone = self._zone_for_slots()
            self.query_one(SlotPicker).set_slots(proposed_slots(error.slots), zone)
            self.query_one("#slots-title", Label).update(
                "The server proposes these slots (enter picks one):"
            )
            self.status(
                f"Refused: the slot is full (HTTP 429){escape(corr)}. "
                f"{len(error.slots)} free slot(s) proposed below.",
                error=True,
            )
            self.query_one(SlotPicker).focus()
            return
        if isinstance(error, PermissionDeniedError):
            self.status(
                f"Refused by the server (HTTP 403): {escape(error.message)}{escape(corr)}",
                error=True,
            )
            return
        if isinstance(error, BadRequestError):
            name = field_of_server_message(error.message)
            if name is not None and self.query(f"#f-{name}"):
                self.show_field_error(FieldError(name, f"Server: {error.message}{corr}"))
            self.status(
                f"The server refused the input: {escape(error.message)}{escape(corr)}", error=True
            )
            return
        self.status(f"Failed: {escape(str(error))}", error=True)

    def _zone_for_slots(self) -> ZoneInfo:
        try:
            return self.planned_time().zone
        except FieldError:
            return ZoneInfo("UTC")

    @on(SlotPicker.Picked)
    def _slot_picked(self, event: SlotPicker.Picked) -> None:
        self.set_time(event.start)
        self.status(f"Picked {fmt.local_time(event.start, self._zone_for_slots())}; checking it…")
        self.action_check()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_check()


class FieldErrors(Exception):
    """Several bad fields at once (the form highlights all of them)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
