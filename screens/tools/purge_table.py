"""The Purging panel's services table: five columns when wide, three two-line ones when narrow."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import DataTable

from screens.tools import meanings, purge_help
from screens.tools.table_fit import Row, fill_table, text_width

if TYPE_CHECKING:
    from client.models import Service

# Below this panel width the five columns do not fit: service and zone, and the two next purge
# times, share a cell on two lines.
NARROW_BELOW = 120


def _stamp(when: datetime | None, zone: tzinfo) -> str:
    if when is None:
        return "—"
    return f"{when.astimezone(zone):%a %d %b %H:%M %Z}"


def next_purge_cells(service: Service, local: tzinfo) -> tuple[str, str]:
    """Next purge in the service's and the user's zone; words where there is no moment."""
    purge = service.purge
    if purge is None:
        return "—", "—"
    if purge.mode == "off":
        return "never (purge is off)", "never"
    if purge.mode == "afterDuration":
        words = f"continuous: {meanings.duration_words((purge.after_minutes or 0) * 60)} after due"
        return words, words
    zone = purge_help.service_zone(service)
    return _stamp(purge.next_purge, zone), _stamp(purge.next_purge, local)


def mode_text(service: Service) -> str:
    purge = service.purge
    return meanings.purge_mode_words(purge.mode, purge.after_minutes) if purge else "—"


def local_label(local: tzinfo, now: datetime) -> str:
    return f"Next purge (your time, {meanings.zone_label(local, now)})"


def set_columns(table: DataTable[Any], *, narrow: bool, local: tzinfo, now: datetime) -> None:
    table.clear(columns=True)
    if narrow:
        table.add_column("Service / time zone", key="service")
        table.add_column("Purge mode", key="mode")
        table.add_column("Next purge (service / your time)", key="next")
        return
    table.add_column("Service", key="service")
    table.add_column("Time zone", key="zone")
    table.add_column("Purge mode", key="mode")
    table.add_column("Next purge (service time)", key="next_service")
    table.add_column(local_label(local, now), key="next_local")


def _rows(services: Iterable[Service], local: tzinfo, narrow: bool) -> list[Row]:
    rows: list[Row] = []
    for service in services:
        in_service_zone, in_local_zone = next_purge_cells(service, local)
        zone = service.timezone or "UTC"
        if narrow:
            name = Text(service.name)
            name.append(f"\n{zone}", style="dim")
            when = Text(in_service_zone)
            moment = service.purge is not None and service.purge.mode == "endOfBusinessDay"
            if moment and in_local_zone != in_service_zone:
                when.append(f"\n{in_local_zone} (yours)")
            cells: tuple[Text, ...] = (name, Text(mode_text(service)), when)
        else:
            cells = (
                Text(service.name),
                Text(zone),
                Text(mode_text(service)),
                Text(in_service_zone),
                Text(in_local_zone),
            )
        rows.append((service.name, cells))
    return rows


def fill(
    table: DataTable[Any], services: Iterable[Service], local: tzinfo, *, keep: str | None
) -> None:
    """The services' rows; the next-purge columns wrap rather than run off the edge."""
    narrow = "next" in {str(key.value) for key in table.columns}
    flexible = (
        {"mode": 10, "next": 20}
        if narrow
        else {
            key: text_width(table.columns[key].label)  # type: ignore[index]
            for key in ("next_service", "next_local")
        }
    )
    fill_table(table, _rows(services, local, narrow), flexible, keep=keep)
