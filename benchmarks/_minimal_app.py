"""The baseline console: a minimal Textual app (Header, DataTable, Footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Correlation ID", "URL", "Method", "Time Stamp", "Status Code")
        for i in range(20):
            table.add_row(f"{i:08x}-0000-1000-8000-000000000000", "/x", "GET", "-", "50001")


if __name__ == "__main__":
    MinimalApp().run()
