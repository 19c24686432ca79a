"""The callback table: one server page at a time, keyed by callback id."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from client import Callback
from screens.callbacks.fmt import short_id

COLUMNS = ("ID", "Service", "Phone", "Desired time", "State", "Reason")
DESIRED = COLUMNS.index("Desired time")
# Narrower than this, the desired time drops its year so that every column fits (80x24).
COMPACT_WIDTH = 100

ZoneOf = Callable[[str | None], ZoneInfo]
ZoneKnown = Callable[[str | None], bool]


def desired_header(known: list[bool], *, compact: bool = False) -> str:
    """Say in which zone the desired times are: the services' (when every zone is known),
    UTC (when none is, e.g. for an Agent, who may not read the services), or mixed. Each
    time also names its zone (`EST`, `UTC`); the compact header leaves the rest to that."""
    if known and not any(known):
        return "Desired (UTC)" if compact else "Desired time (UTC)"
    if compact or not known:
        return "Desired time"
    return "Desired time (service zone)" if all(known) else "Desired time (zone shown)"


def desired_text(item: Callback, zone: ZoneInfo, *, compact: bool) -> str:
    """`2026-11-27 09:30 EST` (compact: `11-27 09:30 EST`) in `zone`."""
    if item.desired_time is None:
        return "—"
    local = item.desired_time.astimezone(zone)
    shape = "%m-%d %H:%M" if compact else "%Y-%m-%d %H:%M"
    return f"{local:{shape}} {local.tzname()}"


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
        self._zone_of: ZoneOf | None = None
        self._zone_known: ZoneKnown | None = None
        self._compact = False

    def on_mount(self) -> None:
        self.add_columns(*COLUMNS)

    def on_resize(self, event: events.Resize) -> None:
        compact = event.size.width < COMPACT_WIDTH
        if compact != self._compact:
            self._compact = compact
            if self._zone_of is not None and self._zone_known is not None:
                self.show_page(list(self._by_id.values()), self._zone_of, self._zone_known)

    def show_page(self, items: Sequence[Callback], zone_of: ZoneOf, zone_known: ZoneKnown) -> None:
        """Replace the rows with one page (server text goes in as plain Text, never markup)."""
        keep = self.selected_id
        self._zone_of, self._zone_known = zone_of, zone_known
        self.clear(columns=True)
        headers = list(COLUMNS)
        known = [zone_known(item.service_name) for item in items]
        headers[DESIRED] = desired_header(known, compact=self._compact)
        self.add_columns(*headers)
        self._by_id = {item.id: item for item in items}
        for item in items:
            zone = zone_of(item.service_name)
            self.add_row(
                short_id(item.id),
                Text(item.service_name or "—"),
                Text(item.phone_number or "—"),
                desired_text(item, zone, compact=self._compact),
                Text(item.callback_state, style=_STATE_STYLE.get(item.callback_state, "")),
                Text(item.callback_reason or ""),
                key=item.id,
            )
        if keep in self._by_id:
            self.move_cursor(row=self.get_row_index(keep))

    @property
    def ids(self) -> list[str]:
        """The full ids of the rows on this page."""
        return list(self._by_id)

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
