"""Widths of the Errors table's columns for the space the table has.

Correlation ID, Method, Time Stamp and Status Code get fixed widths; the URL takes the rest.
On a narrow terminal the time stamp drops its year and milliseconds and, if still needed,
the correlation ID is shortened (the row key, detail and copy keep the full ID).
"""

from __future__ import annotations

from dataclasses import dataclass

FULL_ID = 36
SHORT_ID = 14  # `0b3f9540-a8c9…`, as wide as its header; the row key keeps the full ID
METHOD = 7  # OPTIONS
FULL_TIME = 24  # 2019-07-17T19:28:24.362Z
SHORT_TIME = 14  # 07-17 19:28:24
STATUS = 11  # the header "Status Code"
MIN_URL = 20
CELL_PADDING = 2  # DataTable pads each cell by one on both sides
SCROLLBAR = 2  # room kept for the vertical scrollbar


@dataclass(frozen=True)
class ColumnLayout:
    """Content widths of the five seed columns, in the seed's order."""

    corr_id: int = FULL_ID
    url: int = 28
    method: int = METHOD
    timestamp: int = FULL_TIME
    status: int = STATUS

    @property
    def widths(self) -> tuple[int, int, int, int, int]:
        return (self.corr_id, self.url, self.method, self.timestamp, self.status)

    @property
    def short_time(self) -> bool:
        return self.timestamp == SHORT_TIME

    @property
    def short_id(self) -> bool:
        return self.corr_id == SHORT_ID

    def id_cell(self, corr_id: str) -> str:
        return clip(corr_id, self.corr_id)

    def time_cell(self, wire_time: str) -> str:
        """The wire time (`2019-07-17T19:28:24.362Z`), or `07-17 19:28:24` when short."""
        if self.short_time and len(wire_time) >= 19:
            return wire_time[5:19].replace("T", " ")
        return wire_time


def layout_for(table_width: int) -> ColumnLayout:
    """The widest layout whose URL column still gets at least `MIN_URL` cells."""
    room = max(table_width - SCROLLBAR - 5 * CELL_PADDING, 0)
    for corr_id, timestamp in ((FULL_ID, FULL_TIME), (FULL_ID, SHORT_TIME), (SHORT_ID, SHORT_TIME)):
        url = room - corr_id - METHOD - timestamp - STATUS
        if url >= MIN_URL:
            return ColumnLayout(corr_id, url, METHOD, timestamp, STATUS)
    url = max(room - SHORT_ID - METHOD - SHORT_TIME - STATUS, 8)
    return ColumnLayout(SHORT_ID, url, METHOD, SHORT_TIME, STATUS)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
