"""Availability as a picture: rows = days, columns = slot start times, cell = free/total."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from rich import box
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

BUSY_GLYPH = "✖"
PAST_GLYPH = "░░░"
LEGEND = (
    f"free/total per slot · {BUSY_GLYPH} full (0 free) · {PAST_GLYPH} past or before the start "
    "· blank = closed (no slot)"
)

_STYLE_FREE = "bold green"
_STYLE_PART = "yellow"
_STYLE_BUSY = "bold white on red"
_STYLE_PAST = "dim"


@dataclass(frozen=True)
class Cell:
    free: int
    total: int

    @property
    def busy(self) -> bool:
        return self.free <= 0

    def text(self) -> Text:
        if self.busy:
            return Text(f"{BUSY_GLYPH}0/{self.total}", style=_STYLE_BUSY)
        style = _STYLE_FREE if self.free >= self.total else _STYLE_PART
        return Text(f"{self.free}/{self.total}", style=style)


@dataclass(frozen=True)
class SlotGridData:
    days: list[date]
    times: list[str]  # "HH:MM", local to the availability's time zone
    cells: dict[tuple[date, str], Cell]
    cutoff: datetime | None = None  # naive local: earlier cells are past (or before the start)

    def is_past(self, day: date, hhmm: str) -> bool:
        if self.cutoff is None:
            return False
        return datetime.combine(day, time.fromisoformat(hhmm)) < self.cutoff

    @property
    def busy_count(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.busy)


def _local(value: datetime | str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    # GES renders localTime without offset, e.g. 2026-11-27T09:30:00.000
    return datetime.fromisoformat(value.rstrip("Z")).replace(tzinfo=None)


def build_grid(
    slots: Iterable[tuple[datetime | str, int, int]],
    days: Sequence[date] = (),
    cutoff: datetime | None = None,
) -> SlotGridData:
    """Arrange (localTime, capacity, total) triples; `days` adds rows for days without slots;
    cells before `cutoff` (naive local) show as past."""
    cells: dict[tuple[date, str], Cell] = {}
    for local_time, capacity, total in slots:
        when = _local(local_time)
        cells[(when.date(), when.strftime("%H:%M"))] = Cell(int(capacity), int(total))
    all_days = sorted(set(days) | {day for day, _ in cells})
    times = sorted({hhmm for _, hhmm in cells})
    return SlotGridData(all_days, times, cells, cutoff)


def grid_table(data: SlotGridData, zone_name: str) -> Table:
    """The grid as a Rich table; a day without any slot says so in its row."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title=Text(f"Slots ({zone_name})"),  # the zone name comes from the server: no markup
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        expand=False,
    )
    table.add_column("Day", no_wrap=True, style="bold")
    for hhmm in data.times:
        hour, minute = hhmm.split(":")
        # Two-line headers keep a 30-minute business day within 120 columns.
        table.add_column(f"{hour}\n{minute}", justify="center", no_wrap=True, min_width=3)
    for day in data.days:
        label = day.strftime("%a %d %b")
        row_cells = [data.cells.get((day, hhmm)) for hhmm in data.times]
        past = [data.is_past(day, hhmm) for hhmm in data.times]
        row: list[Text | str] = [label]
        if not any(cell for cell, gone in zip(row_cells, past, strict=True) if not gone):
            # no slot left to show: say why once, in the label
            cutoff = data.cutoff
            if cutoff is not None and day == cutoff.date() and any(row_cells):
                row = [Text(f"{label} no slot left", style="dim")]
            elif cutoff is not None and day < cutoff.date():
                row = [Text(f"{label} past", style="dim")]
            elif not any(row_cells):
                row = [Text(f"{label} closed", style="dim")]
        row.extend(
            Text(PAST_GLYPH, style=_STYLE_PAST) if gone else (cell.text() if cell else "")
            for cell, gone in zip(row_cells, past, strict=True)
        )
        table.add_row(*row)
    return table


class SlotGrid(Static):
    """Shows a `SlotGridData`; empty until `show()` is called."""

    DEFAULT_CSS = """
    SlotGrid { width: auto; height: auto; }
    """

    def show(self, data: SlotGridData, zone_name: str) -> None:
        if not data.days:
            self.update("No slots in the requested days.")
            return
        self.update(grid_table(data, zone_name))
