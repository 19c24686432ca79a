"""The Callbacks tab: query and page the list, open details, book, cancel, reschedule."""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from client import Callback, CallbackClientError, Page
from screens.base import NotAvailable, Panel
from screens.callbacks.book_form import BookScreen, booked_dialog
from screens.callbacks.detail import CallbackDetailScreen, cancel_dialog
from screens.callbacks.fmt import local_time, short_id, zone_or_utc
from screens.callbacks.ges_only import GesOnlyActions
from screens.callbacks.list_panel import CallbackTable
from screens.callbacks.lookup import resolve_callback_id
from screens.callbacks.query_bar import CallbackQuery, QueryBar
from screens.callbacks.reschedule import RescheduleScreen
from screens.dialogs import PromptDialog
from screens.roles import Capability
from screens.text import escape

PAGE_SIZE = 50
WRITE_ACTIONS = ("book", "cancel_callback", "reschedule")
ROW_ACTIONS = ("open_detail", "copy_id", "cancel_callback", "reschedule")


class CallbacksSection(Panel):
    """List/query callbacks (console API) and book/cancel/reschedule them (GES + console)."""

    DEFAULT_CSS = """
    CallbacksSection { layout: vertical; }
    CallbacksSection #cb-note { height: auto; padding: 0 1; color: $text-muted; }
    CallbacksSection #cb-note.-empty { display: none; }
    CallbacksSection #cb-status { height: auto; padding: 0 1; color: $text-muted; }
    CallbacksSection #cb-result { height: auto; padding: 0 1; color: $success; }
    CallbacksSection #cb-result.-empty { display: none; }
    CallbacksSection #cb-status.-error { color: $error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,b", "book", "Book", id="callbacks.book", tooltip="Book a callback"),
        Binding("enter", "open_detail", "Detail", id="callbacks.detail"),
        Binding("c,y", "copy_id", "Copy ID", id="callbacks.copy_id"),
        Binding("x,delete", "cancel_callback", "Cancel", id="callbacks.cancel"),
        Binding("s", "reschedule", "Reschedule", id="callbacks.reschedule"),
        Binding("r", "refresh", "Refresh", id="callbacks.refresh"),
        Binding("right_square_bracket", "next_page", "Next page", id="callbacks.next_page"),
        Binding("left_square_bracket", "prev_page", "Prev page", id="callbacks.prev_page"),
        Binding("slash", "focus_filters", "Filter", id="callbacks.filter"),
        Binding("g", "open_by_id", "Open by ID", id="callbacks.open_by_id"),
        Binding("escape", "focus_table", "Results", id="callbacks.results", show=False),
    ]

    class PageLoaded(Message):
        def __init__(self, page: Page[Callback], query: CallbackQuery, page_index: int) -> None:
            super().__init__()
            self.page = page
            self.query = query
            self.page_index = page_index

    class ServicesLoaded(Message):
        def __init__(self, zones: dict[str, ZoneInfo] | None) -> None:
            super().__init__()
            self.zones = zones

    class Cancelled(Message):
        def __init__(self, callback_id: str) -> None:
            super().__init__()
            self.callback_id = callback_id

    def __init__(self) -> None:
        super().__init__()
        self._zones: dict[str, ZoneInfo] | None = None
        self._query = CallbackQuery()
        self._cursors: list[str | None] = [None]  # start cursor of each page visited
        self._next_cursor: str | None = None

    # ---- layout and gating -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="cb-note")
        yield QueryBar([], id="cb-query")
        yield CallbackTable(id="cb-table")
        yield NotAvailable("The callback list")
        yield GesOnlyActions(id="cb-actions")
        yield Static("", id="cb-result", classes="-empty")
        yield Static("", id="cb-status")

    def on_mount(self) -> None:
        self.session_changed()
        self._load_services()

    def session_changed(self) -> None:
        """Re-apply role and backend gating (call after the session changes)."""
        console = self.session.console_api
        self.query_one(QueryBar).display = console
        self.query_one(CallbackTable).display = console
        self.query_one(NotAvailable).display = not console
        actions = self.query_one(GesOnlyActions)
        actions.display = not console
        actions.show_actions(
            {"open_by_id"} | ({"book"} if self.session.can(Capability.BOOK_CALLBACKS) else set())
        )
        notes = []
        if not self.session.can(Capability.BOOK_CALLBACKS):
            role = self.session.role or "unknown"
            notes.append(
                f"Read-only: your role ({escape(role)}) may view callbacks but not book, cancel "
                "or reschedule them; the server refuses those (403)."
            )
        if not console:
            notes.append(
                "This backend has no console API: the list, history and reschedule are not "
                "available. Book (n) and open a callback by ID (g) work."
            )
        elif not self.session.can(Capability.TOOLS_TAB):
            notes.append(
                "Service time zones are not readable with your role: times are shown in UTC."
            )
        note = self.query_one("#cb-note", Static)
        note.update("\n".join(notes))
        note.set_class(not notes, "-empty")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and not self.session.can(Capability.BOOK_CALLBACKS):
            return False
        console = self.session.console_api
        list_only = ("reschedule", "next_page", "prev_page", "refresh", "focus_filters")
        if action in list_only and not console:
            return False
        if action in ROW_ACTIONS and (not console or self._table.selected is None):
            return None if console else False
        if action == "next_page" and self._next_cursor is None:
            return None
        if action == "prev_page" and len(self._cursors) <= 1:
            return None
        return True

    @property
    def _table(self) -> CallbackTable:
        return self.query_one(CallbackTable)

    def zone_of(self, service: str | None) -> ZoneInfo:
        if service and self._zones and service in self._zones:
            return self._zones[service]
        return zone_or_utc(None)

    def zone_known(self, service: str | None) -> bool:
        return bool(service and self._zones and service in self._zones)

    def status(self, text: str, *, error: bool = False) -> None:
        widget = self.query_one("#cb-status", Static)
        widget.set_class(error, "-error")
        widget.update(text)

    def result(self, text: str) -> None:
        """The outcome of the last write (stays while pages reload)."""
        widget = self.query_one("#cb-result", Static)
        widget.update(text)
        widget.set_class(not text, "-empty")

    # ---- loading -------------------------------------------------------------------
    @work(
        exclusive=True, exit_on_error=False, group="callbacks-services", description="Load services"
    )
    async def _load_services(self) -> None:
        zones: dict[str, ZoneInfo] | None = None
        # Services are a Tools-tab read: Agents and GES-only backends do without (UTC shown).
        if self.session.console_api and self.session.can(Capability.TOOLS_TAB):
            try:
                services = await self.client.services.list()
            except CallbackClientError as error:
                self.report_error(error, "load callback services")
            else:
                zones = {s.name: zone_or_utc(s.timezone) for s in services.items}
        self.post_message(self.ServicesLoaded(zones))

    @on(ServicesLoaded)
    def _services_loaded(self, event: ServicesLoaded) -> None:
        self._zones = event.zones
        if event.zones:
            self.query_one(QueryBar).set_services(sorted(event.zones))
        if self.session.console_api:
            self._reload(page_index=0)

    def _reload(self, *, page_index: int | None = None) -> None:
        if page_index is not None:
            del self._cursors[page_index + 1 :]
        index = len(self._cursors) - 1
        self.status(f"Loading page {index + 1}…")
        self._load_page(self._query, self._cursors[index], index)

    @work(exclusive=True, exit_on_error=False, group="callbacks-list", description="Load page")
    async def _load_page(self, query: CallbackQuery, cursor: str | None, index: int) -> None:
        try:
            page = await self.client.callbacks.list(
                service=query.service,
                state=query.state,
                phone=query.phone,
                from_=query.since,
                to=query.until,
                limit=PAGE_SIZE,
                cursor=cursor,
            )
        except CallbackClientError as error:
            self.report_error(error, "list callbacks")
            self.status(f"Could not load callbacks: {escape(str(error))}", error=True)
            return
        self.post_message(self.PageLoaded(page, query, index))

    @on(PageLoaded)
    def _page_loaded(self, event: PageLoaded) -> None:
        if event.query != self._query:
            return  # a newer query is on its way
        self._next_cursor = event.page.next_cursor
        self._table.show_page(event.page.items, self.zone_of, self.zone_known)
        focused = self.app.focused
        first_load = focused is None or (
            focused in self.query_one(QueryBar).query("*") and not event.query
        )
        if first_load and self.is_shown():
            self._table.focus()  # first load: start on the results, not on a filter
        if self._zones is None:
            self._learn_services(event.page.items)
        more = "  ] next page" if event.page.has_more else ""
        back = "  [ previous" if event.page_index else ""
        self.status(
            f"Page {event.page_index + 1}: {len(event.page.items)} callback(s), "
            f"{escape(event.query.describe())}.{more}{back}"
        )
        self.refresh_bindings()

    def _learn_services(self, items: list[Callback]) -> None:
        names = sorted({i.service_name for i in items if i.service_name})
        if names:
            self.query_one(QueryBar).set_services(names)
            self._zones = {}  # learnt once; zones stay unknown (UTC) without the console API

    # ---- query and paging -----------------------------------------------------------
    @on(QueryBar.Changed)
    def _query_changed(self, event: QueryBar.Changed) -> None:
        if event.query == self._query and len(self._cursors) == 1:
            return
        self._query = event.query
        self._reload(page_index=0)
        # The focus stays in the filter: what is typed next must not become a section key.

    @on(QueryBar.ToResults)
    def _to_results(self, event: QueryBar.ToResults) -> None:
        event.stop()
        self._table.focus()

    @on(QueryBar.Invalid)
    def _query_invalid(self, event: QueryBar.Invalid) -> None:
        self.status(event.message, error=True)

    def action_refresh(self) -> None:
        self._reload()

    def action_next_page(self) -> None:
        if self._next_cursor is not None:
            self._cursors.append(self._next_cursor)
            self._reload()

    def action_prev_page(self) -> None:
        if len(self._cursors) > 1:
            self._cursors.pop()
            self._reload()

    def action_focus_filters(self) -> None:
        self.query_one("#q-phone").focus()

    def action_focus_table(self) -> None:
        self._table.focus()

    # ---- row actions -----------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_detail()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.refresh_bindings()

    def action_open_detail(self, callback_id: str | None = None) -> None:
        callback_id = callback_id or self._table.selected_id
        if callback_id is None:
            return
        screen = CallbackDetailScreen(callback_id, self.zone_of)
        self.app.push_screen(screen, callback=lambda what: self._after_detail(screen, what))

    def _after_detail(self, screen: CallbackDetailScreen, what: str | None) -> None:
        if screen.item is None:
            return
        if what == "cancel":
            self._confirm_cancel(screen.item)
        elif what == "reschedule":
            self._open_reschedule(screen.item)

    def action_copy_id(self) -> None:
        callback_id = self._table.selected_id
        if callback_id:
            self.copy(callback_id, "Callback ID")

    def action_open_by_id(self) -> None:
        def opened(value: str | None) -> None:
            if not value:
                return
            page = self._table.ids if self.session.console_api else None
            found = resolve_callback_id(value, page)
            if found.callback_id is None:
                self.status(escape(found.problem or "Not a callback ID."), error=True)
                return
            self.action_open_detail(found.callback_id)

        hint = "full callback ID (UUID)"
        if self.session.console_api:
            hint += ", or the short ID shown in the list"
        self.app.push_screen(PromptDialog("Open a callback by ID", placeholder=hint), opened)

    @on(GesOnlyActions.Chosen)
    def _ges_action_chosen(self, event: GesOnlyActions.Chosen) -> None:
        event.stop()
        if event.action == "book":
            self.action_book()
        elif event.action == "open_by_id":
            self.action_open_by_id()

    # ---- writes ------------------------------------------------------------------------
    def action_book(self) -> None:
        service = self._query.service
        self.app.push_screen(BookScreen(self._zones or None, service=service), self._booked)

    def _booked(self, callback_id: str | None) -> None:
        if not callback_id:
            return
        self.result(f"Booked callback {escape(callback_id)}.")
        self.app.push_screen(booked_dialog(callback_id))
        if self.session.console_api:
            self._reload(page_index=0)

    def action_cancel_callback(self) -> None:
        item = self._table.selected
        if item is not None:
            self._confirm_cancel(item)

    def _confirm_cancel(self, item: Callback) -> None:
        if item.callback_state == "COMPLETED":
            self.status(f"Callback {escape(short_id(item.id))} is already COMPLETED.", error=True)
            return

        def answered(ok: bool | None) -> None:
            if ok:
                self.status(f"Cancelling {escape(short_id(item.id))}…")
                self._cancel(item.id)

        self.app.push_screen(cancel_dialog(item, self.zone_of(item.service_name)), answered)

    @work(exclusive=True, exit_on_error=False, group="callbacks-cancel", description="Cancel")
    async def _cancel(self, callback_id: str) -> None:
        try:
            await self.client.callbacks.cancel(callback_id)
        except CallbackClientError as error:
            self.report_error(error, f"cancel callback {callback_id}")
            self.status(f"Not cancelled: {escape(str(error))}", error=True)
            return
        self.post_message(self.Cancelled(callback_id))

    @on(Cancelled)
    def _cancelled(self, event: Cancelled) -> None:
        self.result(f"Cancelled callback {escape(event.callback_id)}: now COMPLETED / CANCELLED.")
        self.notify(f"Callback {escape(short_id(event.callback_id))} cancelled.", title="Cancelled")
        if self.session.console_api:
            self._reload()

    def action_reschedule(self) -> None:
        item = self._table.selected
        if item is not None:
            self._open_reschedule(item)

    def _open_reschedule(self, item: Callback) -> None:
        if item.callback_state == "COMPLETED":
            self.status(
                f"Callback {escape(short_id(item.id))} is COMPLETED: nothing to reschedule."
            )
            return
        screen = RescheduleScreen(item, self.zone_of(item.service_name))
        self.app.push_screen(screen, self._rescheduled)

    def _rescheduled(self, result: Callback | None) -> None:
        if result is None:
            return
        zone = self.zone_of(result.service_name)
        self.result(
            f"Rescheduled callback {escape(result.id)} to "
            f"{escape(local_time(result.desired_time, zone))}."
        )
        self.notify(f"Callback {escape(short_id(result.id))} rescheduled.", title="Rescheduled")
        self._reload()
