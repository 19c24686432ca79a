"""The callback table: one server page at a time, keyed by callback id."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.widgets import DataTable

from client import Callback
from screens.callbacks.fmt import local_time, short_id

COLUMNS = ("ID", "Service", "Phone", "Desired time (service zone)", "State", "Reason")

_STATE_STYLE = {
    "SCHEDULED": "cyan",
    "QUEUED": "yellow",
    "ROUTING": "magenta",
    "PROCESSING": "green",
    "COMPLETED": "dim",
}


class CallbackTable(DataTable[Text | str]):
    """Rows of the current page; the row key is the full callback id."""

    DEFAULT_CSS = """
    CallbackTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._by_id: dict[str, Callback] = {}

    def on_mount(self) -> None:
        self.add_columns(*COLUMNS)

    def show_page(
        self, items: Sequence[Callback], zone_of: Callable[[str | None], ZoneInfo]
    ) -> None:
        """Replace the rows with one page (server text goes in as plain Text, never markup)."""
        keep = self.selected_id
        self.clear()
        self._by_id = {item.id: item for item in items}
        for item in items:
            zone = zone_of(item.service_name)
            self.add_row(
                short_id(item.id),
                Text(item.service_name or "—"),
                Text(item.phone_number or "—"),
                local_time(item.desired_time, zone),
                Text(item.callback_state, style=_STATE_STYLE.get(item.callback_state, "")),
                Text(item.callback_reason or ""),
                key=item.id,
            )
        if keep in self._by_id:
            self.move_cursor(row=self.get_row_index(keep))

    @property
    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    @property
    def selected(self) -> Callback | None:
        selected = self.selected_id
        return self._by_id.get(selected) if selected else None
