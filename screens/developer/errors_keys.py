"""Keys of the Errors panel: ids (rebindable through the keymap), footer text, palette help."""

from __future__ import annotations

from textual.binding import Binding, BindingType

ERRORS_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "search",
        "Search ID",
        id="developer.errors.search",
        tooltip="Find an error by its correlation ID or a prefix of at least 4 characters",
    ),
    Binding(
        "enter",
        "open_detail",
        "Detail",
        id="developer.errors.detail",
        tooltip="Full record, request summary and response body of the selected error",
    ),
    Binding(
        "n",
        "next_page",
        "Next page",
        id="developer.errors.next_page",
        tooltip="Older errors (next server page)",
    ),
    Binding(
        "p",
        "prev_page",
        "Prev page",
        id="developer.errors.prev_page",
        tooltip="Newer errors (previous server page)",
    ),
    Binding(
        "c,y",
        "copy_id",
        "Copy ID",
        id="developer.errors.copy_id",
        tooltip="Copy the selected correlation ID (OSC 52, with a toast)",
    ),
    Binding(
        "f",
        "filters",
        "Filters",
        id="developer.errors.filters",
        tooltip="Filter by status code, method and time range (2h, 1d, ISO)",
    ),
    Binding(
        "l",
        "toggle_live",
        "Live",
        id="developer.errors.live",
        tooltip="Poll for new errors every few seconds (l again stops)",
    ),
    Binding(
        "e",
        "export('csv')",
        "Export",
        id="developer.errors.export_csv",
        tooltip="Export every page of the current filter to a CSV file",
    ),
    Binding(
        "E",
        "export('json')",
        "Export JSON",
        id="developer.errors.export_json",
        show=False,
        tooltip="Export every page of the current filter to a JSON file",
    ),
    Binding(
        "x",
        "cancel_export",
        "Cancel export",
        id="developer.errors.cancel_export",
        tooltip="Stop the running export; no file is left behind",
    ),
    Binding(
        "r",
        "refresh",
        "Refresh",
        id="developer.errors.refresh",
        tooltip="Reload the shown page and the histogram",
    ),
    Binding(
        "u",
        "clear_filters",
        "Clear filters",
        id="developer.errors.clear_filters",
        show=False,
        tooltip="Empty the search and filter fields and show all errors",
    ),
    Binding("escape", "leave_field", "Back to list", id="developer.errors.leave_field"),
]
