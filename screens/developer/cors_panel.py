"""Developer > Allowed CORS Domains: the read-only list of origins and how to get it changed."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from screens.base import Panel
from screens.developer.failure_note import failure_note
from screens.text import escape

HOW_TO_UPDATE = (
    "This list is read-only. Hosted (Genesys Multicloud CX): contact your Genesys "
    "representative to add an origin. Private edition: update the CORS settings of your "
    "deployment (Update CORS settings)."
)


class CorsPanel(Panel):
    """Origins whose browser requests GES accepts; `/` filters the list."""

    DEFAULT_CSS = """
    CorsPanel { border: round $primary 50%; }
    CorsPanel #cors-how { height: auto; padding: 0 1 1 1; }
    CorsPanel #cors-filter { display: none; }
    CorsPanel #cors-filter.-shown { display: block; }
    CorsPanel #cors-count { height: 1; color: $text-muted; padding: 0 1; }
    CorsPanel DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="developer.cors.filter"),
        Binding("r", "refresh", "Refresh", id="developer.cors.refresh"),
        Binding("escape", "leave_filter", "Back to list", id="developer.cors.leave_filter"),
    ]

    def __init__(self) -> None:
        super().__init__(id="cors-panel")
        self.border_title = "Allowed CORS Domains"
        self._origins: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(escape(HOW_TO_UPDATE), id="cors-how")
        yield Input(placeholder="filter origins", id="cors-filter")
        yield Static("Loading…", id="cors-count")
        yield DataTable(id="cors-table", cursor_type="row", zebra_stripes=True)

    def focus_default(self) -> None:
        self.query_one(DataTable).focus()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_column("Origin", key="origin")
        self.load_origins()

    @work(exclusive=True, exit_on_error=False, group="developer-cors", description="Load origins")
    async def load_origins(self) -> None:
        try:
            answer = await self.client.cors.origins()
        except Exception as err:
            self.report_error(err, "load the allowed CORS domains")
            note = failure_note(err, "read the allowed CORS domains")
            self.query_one("#cors-count", Static).update(note)
            return
        self._origins = list(answer.origins)
        if answer.how_to_update:
            text = f"{HOW_TO_UPDATE}\nThis backend says: {answer.how_to_update}"
            self.query_one("#cors-how", Static).update(escape(text))
        self._show()

    def _show(self) -> None:
        needle = self.query_one("#cors-filter", Input).value.strip().lower()
        shown = [o for o in self._origins if needle in o.lower()]
        table = self.query_one(DataTable)
        table.clear()
        for origin in shown:
            table.add_row(Text(origin))  # Text: a str cell would be read as markup
        total = len(self._origins)
        if not total:
            count = "No origins are allowed: browsers cannot call the API from any web page."
        elif needle:
            count = f"{len(shown)} of {total} origins match {needle!r}"
        else:
            count = f"{total} allowed origin{'s' if total != 1 else ''}"
        self.query_one("#cors-count", Static).update(escape(count))

    @on(Input.Changed, "#cors-filter")
    def _filter_changed(self) -> None:
        self._show()

    @on(Input.Submitted, "#cors-filter")
    def _filter_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        field = self.query_one("#cors-filter", Input)
        field.add_class("-shown")
        field.focus()

    def action_leave_filter(self) -> None:
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_filter":
            return isinstance(self.app.focused, Input)
        return True

    def action_refresh(self) -> None:
        self.load_origins()
