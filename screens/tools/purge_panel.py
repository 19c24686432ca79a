"""Tools > Purging: purge mode and next purge per service, change mode, purge now, and why."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label, Static

from screens import clock
from screens.base import NotAvailable, Panel
from screens.dialogs import ConfirmDialog, TextDialog
from screens.roles import Capability
from screens.text import escape
from screens.tools import meanings, purge_help, purge_table
from screens.tools.purge_mode_dialog import PurgeChoice, PurgeModeDialog

if TYPE_CHECKING:
    from client.models import PurgeResult, Service

ALL_SERVICES = "all services"


class PurgePanel(Panel):
    """Per-service purge settings with the live next purge time and a plain-words explanation."""

    DEFAULT_CSS = """
    PurgePanel { padding: 0 1; }
    PurgePanel #purge-table { height: auto; max-height: 10; }
    PurgePanel .buttons { height: auto; margin-top: 1; }
    PurgePanel .buttons Button { margin-right: 2; }
    PurgePanel #purge-role-note { color: $text-warning; height: auto; }
    PurgePanel #purge-status { height: auto; margin-top: 1; }
    PurgePanel #purge-explain-row { height: auto; margin-top: 1; }
    PurgePanel .box { border: round $primary; height: auto; padding: 0 1; width: 1fr; }
    PurgePanel #purge-booked-row { height: auto; }
    PurgePanel #purge-booked-row Label { padding: 1 1 0 0; }
    PurgePanel #purge-booked { width: 12; }
    PurgePanel.-narrow #purge-table { max-height: 12; }  /* two-line rows */
    PurgePanel.-narrow #purge-explain-row { layout: vertical; }
    PurgePanel.-narrow #purge-explain-row .box { width: 1fr; }
    """

    BINDINGS = [
        Binding(
            "m", "change_mode", "Purge mode", id="tools.purge.mode",
            tooltip="Change the purge mode of the selected service (Administrator)",
        ),
        Binding(
            "p", "purge_now", "Purge now", id="tools.purge.now",
            tooltip="Preview, then purge the selected service's open callbacks",
        ),
        Binding(
            "P", "purge_all", "Purge all", id="tools.purge.all",
            tooltip="Preview, then purge the open callbacks of every service",
        ),
        Binding(
            "b", "focus_booked", "Explain time", id="tools.purge.explain_time",
            tooltip="Type another booking time for the explanation (HH:MM, service time)",
        ),
        Binding(
            "ctrl+r", "reload", "Reload", show=False, id="tools.purge.reload",
            tooltip="Read the services' purge settings again",
        ),
    ]  # fmt: skip

    class ServicesLoaded(Message):
        def __init__(self, services: list[Service]) -> None:
            super().__init__()
            self.services = services

    class PreviewReady(Message):
        def __init__(self, service: str | None, result: PurgeResult) -> None:
            super().__init__()
            self.service = service
            self.result = result

    class Purged(Message):
        def __init__(self, service: str | None, result: PurgeResult) -> None:
            super().__init__()
            self.service = service
            self.result = result

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._services: dict[str, Service] = {}

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        if not self.session.console_api:
            yield NotAvailable("Purging")
            return
        can_change = self.session.can(Capability.CHANGE_PURGE_MODE)
        can_purge = self.session.can(Capability.PURGE_NOW)
        with VerticalScroll():
            yield DataTable(id="purge-table", cursor_type="row")
            with Horizontal(classes="buttons"):
                yield Button("Change mode (m)", id="purge-mode", disabled=not can_change)
                yield Button("Purge now (p)", id="purge-now", variant="warning")
                yield Button("Purge all services (P)", id="purge-all")
            yield Static(self._role_note(can_change, can_purge), id="purge-role-note")
            yield Static("", id="purge-status")
            with Horizontal(id="purge-explain-row"):
                with Vertical(classes="box", id="purge-help-box") as help_box:
                    help_box.border_title = "How purging works"
                    yield Static(purge_help.HELP_TEXT, id="purge-help")
                with Vertical(classes="box", id="purge-why-box") as why_box:
                    why_box.border_title = "Selected service: what happens tonight"
                    with Horizontal(id="purge-booked-row"):
                        yield Label("A callback booked for (HH:MM, service time):")
                        yield Input("19:00", id="purge-booked", max_length=5)
                    yield Static("Select a service.", id="purge-why")

    def _role_note(self, can_change: bool, can_purge: bool) -> str:
        role = escape(self.session.role or "unknown")
        notes = []
        if not can_change:
            notes.append(f"Changing the purge mode needs the Administrator role (you are {role}).")
        if not can_purge:
            notes.append(
                "Purge now needs the Administrator or Supervisor role; "
                f"you can preview what would be purged (you are {role})."
            )
        return " ".join(notes)

    def on_mount(self) -> None:
        if not self.session.console_api:
            return
        self._set_columns(narrow=False)
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        if not self.session.console_api:
            return
        narrow = event.size.width < purge_table.NARROW_BELOW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._set_columns(narrow=narrow)
        self._fill_table()

    def _set_columns(self, *, narrow: bool) -> None:
        table = self.query_one("#purge-table", DataTable)
        purge_table.set_columns(table, narrow=narrow, local=clock.local_zone(), now=clock.now())

    def _fill_table(self, keep: str | None = None) -> None:
        table = self.query_one("#purge-table", DataTable)
        purge_table.fill(table, self._services.values(), clock.local_zone(), keep=keep)

    def focus_default(self) -> bool:
        """Focus the services list, from where m / p / P / b work."""
        if not self.session.console_api:
            return False
        self.screen.set_focus(self.query_one("#purge-table", DataTable))
        return True

    # -- bindings -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.session.console_api:
            return False
        # change_mode is hidden from footer and palette for other roles; the button is
        # disabled and a note on the panel says why.
        return action != "change_mode" or self.session.can(Capability.CHANGE_PURGE_MODE)

    def _selected(self) -> Service | None:
        table = self.query_one("#purge-table", DataTable)
        if table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self._services.get(str(row_key.value))

    def action_reload(self) -> None:
        self.load()

    def action_focus_booked(self) -> None:
        self.query_one("#purge-booked", Input).focus()

    def action_change_mode(self) -> None:
        service = self._selected()
        if service is None:
            return
        if not self.session.can(Capability.CHANGE_PURGE_MODE):
            self.notify("Changing the purge mode needs the Administrator role.", severity="warning")
            return
        purge = service.purge
        dialog = PurgeModeDialog(
            service.name,
            purge.mode if purge else "endOfBusinessDay",
            purge.after_minutes if purge else None,
        )

        def chosen(choice: PurgeChoice | None) -> None:
            if choice is not None:
                self.set_purge_mode(service.name, choice)

        self.app.push_screen(dialog, chosen)

    def action_purge_now(self) -> None:
        service = self._selected()
        if service is not None:
            self.preview(service.name)

    def action_purge_all(self) -> None:
        self.preview(None)

    @on(Button.Pressed, "#purge-mode")
    def _mode_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_change_mode()

    @on(Button.Pressed, "#purge-now")
    def _now_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_purge_now()

    @on(Button.Pressed, "#purge-all")
    def _all_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_purge_all()

    # -- workers ------------------------------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="tools.purge.load", description="Load")
    async def load(self) -> None:
        try:
            services = await self.client.services.list()
        except Exception as err:
            self.report_error(err, "load the services' purge settings")
            return
        self.post_message(self.ServicesLoaded(list(services.items)))

    @work(
        exclusive=True, exit_on_error=False, group="tools.purge.mode", description="Set purge mode"
    )
    async def set_purge_mode(self, name: str, choice: PurgeChoice) -> None:
        try:
            await self.client.services.set_purge(
                name,
                choice.mode,  # type: ignore[arg-type]  # one of MODES, checked by the dialog
                after_minutes=choice.after_minutes,
            )
        except Exception as err:
            self._status(f"Changing the purge mode of {name} failed: {_error_words(err)}")
            self.report_error(err, f"change the purge mode of {name}")
            return
        words = meanings.purge_mode_words(choice.mode, choice.after_minutes)
        self._status(f"Purge mode of {name} is now: {words}.")
        self.load()

    @work(exclusive=True, exit_on_error=False, group="tools.purge.preview", description="Preview")
    async def preview(self, service: str | None) -> None:
        try:
            result = await self.client.purge.preview(service)
        except Exception as err:
            self.report_error(err, f"preview the purge of {service or ALL_SERVICES}")
            return
        self.post_message(self.PreviewReady(service, result))

    @work(exclusive=True, exit_on_error=False, group="tools.purge.run", description="Run purge")
    async def run_purge(self, service: str | None) -> None:
        try:
            result = await self.client.purge.run(service)
        except Exception as err:
            self._status(f"Purge of {service or ALL_SERVICES} failed: {_error_words(err)}")
            self.report_error(err, f"purge {service or ALL_SERVICES}")
            return
        self.post_message(self.Purged(service, result))

    # -- handlers -----------------------------------------------------------------------------
    @on(ServicesLoaded)
    def _services_loaded(self, message: ServicesLoaded) -> None:
        message.stop()
        selected = self._selected()
        self._services = {service.name: service for service in message.services}
        self._fill_table(keep=selected.name if selected is not None else None)
        self._explain()

    @on(DataTable.RowHighlighted, "#purge-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._explain()

    @on(Input.Changed, "#purge-booked")
    def _booked_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._explain()

    @on(Input.Submitted, "#purge-booked")
    def _booked_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#purge-table", DataTable).focus()

    def _explain(self) -> None:
        service = self._selected()
        why = self.query_one("#purge-why", Static)
        booked_input = self.query_one("#purge-booked", Input)
        if service is None:
            why.update("Select a service.")
            return
        booked = _parse_hhmm(booked_input.value)
        booked_input.set_class(booked is None, "-invalid")
        if booked is None:
            why.update("Type a time as HH:MM, e.g. 19:00.")
            return
        self.query_one(
            "#purge-why-box"
        ).border_title = f"{escape(service.name)}: what happens tonight"
        why.update(escape(purge_help.explain_service(service, booked, clock.now())))

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        message.stop()
        target = message.service or ALL_SERVICES
        summary = purge_help.preview_words(message.result, clock.local_zone())
        if message.result.count == 0:
            self._status(f"Nothing to purge in {target}: {summary}")
            self.notify(f"Nothing to purge in {escape(target)}.", title="Purge")
            return
        if not self.session.can(Capability.PURGE_NOW):
            self.app.push_screen(
                TextDialog(
                    f"Purge preview: {target}",
                    summary + "\n\nPurging needs the Administrator or Supervisor role.",
                )
            )
            return
        service = message.service

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_purge(service)
            else:
                self._status(f"Purge of {target} cancelled; nothing was purged.")

        self.app.push_screen(
            ConfirmDialog(
                f"Purge {target} now?",
                summary + "\n\nThey become COMPLETED with reason PURGED. This cannot be undone.",
                yes="Purge",
                danger=True,
            ),
            answered,
        )

    @on(Purged)
    def _purged(self, message: Purged) -> None:
        message.stop()
        target = message.service or ALL_SERVICES
        count = message.result.count
        states = ", ".join(f"{n} {state}" for state, n in sorted(message.result.by_state.items()))
        text = f"Purged {count} callback{'s' if count != 1 else ''} of {target}"
        text += f" ({states})." if states else "."
        self._status(text)
        self.notify(escape(text), title="Purge done")
        self.load()

    def _status(self, text: str) -> None:
        self.query_one("#purge-status", Static).update(escape(text))


def _parse_hhmm(text: str) -> time | None:
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return time(hours, minutes)
    except ValueError:
        return None


def _error_words(err: BaseException) -> str:
    """The failure as the panel's status line says it (the toast has the full record)."""
    status = getattr(err, "http_status", None)
    code = getattr(err, "code", None)
    message = getattr(err, "message", None) or str(err)
    corr = getattr(err, "correlation_id", None)
    suffix = f" (correlation ID {corr})" if corr else ""
    if status == 403:
        return f"refused by the server (403 Forbidden, code {code}): {message}{suffix}"
    prefix = f"HTTP {status}, code {code}: " if status else ""
    return f"{prefix}{message}{suffix}"
