"""Tools > Service settings: each service's CALLBACK_SETTINGS with the Web Callback (API) column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static

from screens.base import NotAvailable, Panel
from screens.tools import meanings
from screens.tools.table_fit import cursor_key, fill_table

if TYPE_CHECKING:
    from client.models import Service, Setting

COLUMNS = (
    ("name", "Parameter"),
    ("value", "Value"),
    ("web", "Web Callback (API)"),
    ("requires", "Only when"),
    ("description", "Description"),
)
# Value and Description give way (and wrap) so that Web Callback and Only when stay visible.
FLEXIBLE_COLUMNS = {"value": 20, "description": 30}
# Narrower than this, Description leaves the table (it would wrap a word per line) and only
# the line under the table shows it, for the highlighted setting.
DESCRIPTION_COLUMN_FROM = 160

WEB_CALLBACK_YES = "✓"
WEB_CALLBACK_NO = "—"

EXPLANATION = (
    "A callback booked through the API (POST /callbacks/create) honours only the settings "
    f"marked {WEB_CALLBACK_YES} in the Web Callback (API) column; some of those only when the "
    'request parameter in "Only when" is true. The API books regardless of Business Hours, '
    "Immediate/Scheduled Enabled and slot availability: check with Service check first."
)


def web_callback_cell(setting: Setting) -> Text:
    if setting.web_callback is None:
        return Text("?", style="dim")
    if setting.web_callback:
        return Text(WEB_CALLBACK_YES, style="bold green")
    return Text(WEB_CALLBACK_NO, style="dim")


def requires_cell(setting: Setting) -> Text:
    if not setting.requires:
        return Text("")
    return Text(f"{setting.requires} = true")


class SettingsPanel(Panel):
    """Pick a service; its settings rows fill the table."""

    DEFAULT_CSS = """
    SettingsPanel { padding: 0 1; }
    SettingsPanel .bar { height: auto; }
    SettingsPanel .bar Label { padding: 1 1 0 0; }
    SettingsPanel #settings-service { width: 40; }
    SettingsPanel #settings-explain { height: auto; color: $text-muted; margin: 1 0; }
    SettingsPanel #settings-table { height: 1fr; }
    SettingsPanel #settings-detail { height: auto; max-height: 4; margin-top: 1; }
    """

    BINDINGS = [
        Binding(
            "ctrl+r", "reload", "Reload", id="tools.settings.reload",
            tooltip="Read the services' CALLBACK_SETTINGS again",
        ),
        Binding(
            "s", "focus_service", "Service", id="tools.settings.service",
            tooltip="Choose the service whose settings are shown",
        ),
    ]  # fmt: skip

    class ServicesLoaded(Message):
        def __init__(self, services: list[Service]) -> None:
            super().__init__()
            self.services = services

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._services: dict[str, Service] = {}

    def compose(self) -> ComposeResult:
        if not self.session.console_api:
            yield NotAvailable("Service settings")
            return
        with Vertical():
            with Horizontal(classes="bar"):
                yield Label("Service:")
                yield Select[str]([], id="settings-service", prompt="Loading services…")
            yield Static(EXPLANATION, id="settings-explain")
            yield DataTable(id="settings-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="settings-detail")

    def on_mount(self) -> None:
        if not self.session.console_api:
            return
        self._set_columns(with_description=False)
        self.load()

    def _set_columns(self, *, with_description: bool) -> None:
        table = self.query_one("#settings-table", DataTable)
        table.clear(columns=True)
        for key, label in COLUMNS if with_description else COLUMNS[:-1]:
            table.add_column(label, key=key)

    def focus_default(self) -> bool:
        """Focus the settings list (`s` moves to the service picker)."""
        if not self.session.console_api:
            return False
        self.screen.set_focus(self.query_one("#settings-table", DataTable))
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.session.console_api

    def action_reload(self) -> None:
        self.load()

    def action_focus_service(self) -> None:
        self.query_one("#settings-service", Select).focus()

    @work(exclusive=True, exit_on_error=False, group="tools.settings", description="Load")
    async def load(self) -> None:
        try:
            services = await self.client.services.list()
        except Exception as err:
            self.report_error(err, "load the services' CALLBACK_SETTINGS")
            return
        self.post_message(self.ServicesLoaded(list(services.items)))

    @on(ServicesLoaded)
    def _loaded(self, message: ServicesLoaded) -> None:
        message.stop()
        self._services = {service.name: service for service in message.services}
        select: Select[str] = self.query_one("#settings-service", Select)
        current = select.value
        select.set_options((Text(name), name) for name in self._services)
        select.prompt = "Select a service"
        if isinstance(current, str) and current in self._services:
            select.value = current
        elif self._services:
            select.value = next(iter(self._services))
        self._show()

    @on(Select.Changed, "#settings-service")
    def _service_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show()

    def on_resize(self, event: events.Resize) -> None:
        if not self.session.console_api:
            return
        wide = event.size.width >= DESCRIPTION_COLUMN_FROM
        table = self.query_one("#settings-table", DataTable)
        if wide != ("description" in {str(key.value) for key in table.columns}):
            self._set_columns(with_description=wide)
        self._show()

    @on(DataTable.RowHighlighted, "#settings-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _service(self) -> Service | None:
        value = self.query_one("#settings-service", Select).value
        return self._services.get(value) if isinstance(value, str) else None

    def _show_detail(self) -> None:
        """The highlighted setting's description, whole, under the table."""
        detail = self.query_one("#settings-detail", Static)
        service, key = self._service(), cursor_key(self.query_one("#settings-table", DataTable))
        setting = next((s for s in service.settings if s.name == key), None) if service else None
        if setting is None:
            detail.update("")
            return
        text = Text(f"{setting.name}: ", style="bold")
        text.append(setting.description or "no description")
        detail.update(text)

    def _show(self) -> None:
        table = self.query_one("#settings-table", DataTable)
        service = self._service()
        count = len(table.columns)
        rows = [
            (
                setting.name,
                (
                    Text(setting.name, style="bold"),
                    Text(meanings.value_text(setting.value)),
                    web_callback_cell(setting),
                    requires_cell(setting),
                    Text(setting.description or ""),
                )[:count],
            )
            for setting in (service.settings if service is not None else [])
        ]
        fill_table(table, rows, FLEXIBLE_COLUMNS, keep=None)
        self._show_detail()
