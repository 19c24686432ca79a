"""One callback in full: state history, EWT/position while queued, reason, userData."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, cast
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from client import Callback, CallbackClientError, CallbackDetail
from screens.base import ApiFailed, ConsoleHost, copy_text
from screens.callbacks.fmt import describe_duration, local_and_utc, local_time
from screens.dialogs import ConfirmDialog
from screens.roles import Capability
from screens.text import escape

OPEN_STATES = ("QUEUED", "ROUTING", "PROCESSING")


def wait_words(item: Callback) -> str:
    """The estimated wait in words; GES sends a negative value when it has no estimate."""
    ewt = item.estimated_wait_time
    if ewt is None:
        return "—"
    if ewt < 0:
        return "unknown — no agents logged in"
    return describe_duration(ewt)


def describe_callback(item: Callback, zone: ZoneInfo) -> str:
    """The detail text (markup; every server value escaped)."""
    rows: list[tuple[str, str]] = [
        ("ID", escape(item.id)),
        ("Service", escape(item.service_name or "—")),
        ("Phone", escape(item.phone_number or "—")),
        ("State", f"[b]{escape(item.callback_state)}[/b]"),
    ]
    if item.callback_state in OPEN_STATES:
        position = "—" if item.position_in_queue is None else str(item.position_in_queue)
        rows.append(("In queue", f"position {position}, estimated wait {wait_words(item)}"))
    if item.callback_state == "COMPLETED":
        rows.append(("Completion reason", escape(item.callback_reason or "—")))
    rows += [
        ("Desired time", escape(local_and_utc(item.desired_time, zone))),
        ("Created", escape(local_and_utc(item.created_at, zone))),
        ("Priority", "—" if item.priority is None else str(item.priority)),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"[dim]{name.ljust(width)}[/dim]  {value}" for name, value in rows]
    lines.append("")
    lines.append("[b]userData[/b]")
    if item.user_data:
        lines += [f"  {escape(str(k))} = {escape(str(v))}" for k, v in item.user_data.items()]
    else:
        lines.append("  (none)")
    if isinstance(item, CallbackDetail):
        lines.append("")
        lines.append("[b]State history[/b]")
        for entry in item.history:
            reason = f"  ({escape(entry.reason)})" if entry.reason else ""
            when = escape(local_and_utc(entry.at, zone))
            lines.append(f"  {when}  {escape(entry.state)}{reason}")
        if not item.history:
            lines.append("  (none recorded)")
    else:
        lines.append("")
        lines.append("[dim]State history needs the console API (not available here).[/dim]")
    return "\n".join(lines)


def cancel_dialog(item: Callback, zone: ZoneInfo) -> ConfirmDialog:
    """Ask before cancelling; the answers say what they do ("Cancel" alone would be ambiguous)."""
    body = (
        f"Cancel callback {item.id}\n"
        f"service {item.service_name or '—'}, phone {item.phone_number or '—'}, "
        f"desired {local_time(item.desired_time, zone)}, now {item.callback_state}?\n\n"
        "It becomes COMPLETED with reason CANCELLED. This cannot be undone."
    )
    return ConfirmDialog(
        "Cancel this callback?", body, yes="Cancel callback", no="Keep callback", danger=True
    )


class CallbackDetailScreen(ModalScreen[str | None]):
    """Dismisses with "cancel" / "reschedule" when the user asks for one, else None."""

    DEFAULT_CSS = """
    CallbackDetailScreen { align: center middle; }
    CallbackDetailScreen > Vertical {
        width: 110; max-width: 98%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CallbackDetailScreen #detail-title { text-style: bold; }
    CallbackDetailScreen VerticalScroll { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="callbacks.detail.close"),
        Binding("c,y", "copy_id", "Copy ID", id="callbacks.detail.copy_id"),
        Binding("r", "refresh", "Refresh", id="callbacks.detail.refresh"),
        Binding("x,delete", "ask('cancel')", "Cancel callback", id="callbacks.detail.cancel"),
        Binding("s", "ask('reschedule')", "Reschedule", id="callbacks.detail.reschedule"),
    ]

    class Loaded(Message):
        def __init__(self, item: Callback) -> None:
            super().__init__()
            self.item = item

    def __init__(self, callback_id: str, zone_of: Callable[[str | None], ZoneInfo]) -> None:
        super().__init__()
        self.callback_id = callback_id
        self._zone_of = zone_of
        self.item: Callback | None = None

    @property
    def _host(self) -> ConsoleHost:
        return cast("ConsoleHost", self.app)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Callback {escape(self.callback_id)}", id="detail-title")
            with VerticalScroll():
                yield Static("Loading…", id="detail-body")
            yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cancel and reschedule only for a loaded callback that can still take them (hidden
        otherwise: not loaded, failed to load, COMPLETED, or already with an agent)."""
        if action == "ask":
            session = self._host.session
            if not session.can(Capability.BOOK_CALLBACKS):
                return False
            if parameters == ("reschedule",) and not session.console_api:
                return False  # reschedule is a console API call
            state = self.item.callback_state if self.item is not None else None
            if state is None or state == "COMPLETED":
                return False
            if parameters == ("reschedule",) and state in ("ROUTING", "PROCESSING"):
                return False  # the server refuses: the callback is already being handled
        return True

    def action_refresh(self) -> None:
        self._load()

    @work(exclusive=True, exit_on_error=False, group="callbacks-detail", description="Load")
    async def _load(self) -> None:
        client = self._host.client
        try:
            if self._host.session.console_api:
                item: Callback = await client.callbacks.get(self.callback_id)
            else:
                item = await client.callbacks.retrieve(self.callback_id)
        except CallbackClientError as error:
            self.post_message(ApiFailed(error, f"load callback {self.callback_id}"))
            self.query_one("#detail-body", Static).update(
                f"[b $error]Could not load it:[/] {escape(str(error))}"
            )
            return
        self.post_message(self.Loaded(item))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.item = event.item
        zone = self._zone_of(event.item.service_name)
        corr = event.item.correlation_id
        footer = f"\n\n[dim]Correlation ID of this answer: {escape(corr)}[/dim]" if corr else ""
        self.query_one("#detail-body", Static).update(describe_callback(event.item, zone) + footer)
        self.refresh_bindings()

    def action_copy_id(self) -> None:
        copy_text(self, self.callback_id, "Callback ID")

    def action_ask(self, what: str) -> None:
        self.dismiss(what)

    def action_close(self) -> None:
        self.dismiss(None)
