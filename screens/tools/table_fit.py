"""Fit a DataTable's columns into the width it has: content width while it fits, else the
flexible columns shrink (down to a minimum) and their cells wrap over more lines.

DataTable sizes every column to its widest cell, so one long value (a list of special days, a
long description) pushes the columns after it off the right edge. Here the narrow columns keep
their content width and only the long-text columns give way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

Row = tuple[str, Sequence[Text]]  # row key, one cell per column


def text_width(text: Text | str) -> int:
    plain = text.plain if isinstance(text, Text) else text
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def fit_widths(
    natural: Mapping[str, int], minimum: Mapping[str, int], available: int
) -> dict[str, int]:
    """Column widths (cell padding excluded) that fit `available` if the minimums allow.

    Only the columns named in `minimum` shrink, in proportion to how much they could give.
    """
    widths = dict(natural)
    excess = sum(widths.values()) - available
    if excess <= 0:
        return widths
    slack = {key: max(0, natural[key] - low) for key, low in minimum.items() if key in natural}
    total_slack = sum(slack.values())
    if total_slack == 0:
        return widths
    take = min(excess, total_slack)
    given = 0
    for index, (key, room) in enumerate(slack.items()):
        last = index == len(slack) - 1
        share = min(room, take - given if last else round(take * room / total_slack))
        widths[key] -= share
        given += share
    return widths


def fill_table(
    table: DataTable[Any], rows: Sequence[Row], minimum: Mapping[str, int], *, keep: str | None
) -> None:
    """Replace the rows; size the columns to fit the table's width, wrapping where needed.

    The cursor goes back to row `keep` (default: the row it is on), so a reload or a resize
    keeps the selection.
    """
    columns = list(table.ordered_columns)
    keys = [str(column.key.value) for column in columns]
    natural = {key: text_width(column.label) for key, column in zip(keys, columns, strict=True)}
    for _, cells in rows:
        for key, cell in zip(keys, cells, strict=True):
            natural[key] = max(natural[key], text_width(cell))
    padding = 2 * table.cell_padding * len(columns)
    # A vertical scrollbar may appear once the rows are in: leave room for it from the start.
    available = table.size.width - table.styles.scrollbar_size_vertical - padding
    # Before the first layout the width is unknown: content width; on_resize fits it later.
    widths = fit_widths(natural, minimum, available) if available > 0 else natural
    wraps = any(widths[key] < natural[key] for key in keys) or any(
        "\n" in cell.plain for _, cells in rows for cell in cells
    )
    for key, column in zip(keys, columns, strict=True):
        column.auto_width = False
        column.width = widths[key]
    keep = keep if keep is not None else cursor_key(table)
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key, height=None if wraps else 1)
    if keep is not None and keep in {key for key, _ in rows}:
        table.move_cursor(row=table.get_row_index(keep))


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor (None for an empty table)."""
    if table.row_count == 0:
        return None
    value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None if value is None else str(value)
