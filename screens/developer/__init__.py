"""Developer section: Errors, Allowed CORS Domains, API Key Validation, Credential Management."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane, Tabs

from screens.base import NotAvailable, Panel
from screens.developer.cors_panel import CorsPanel
from screens.developer.credentials_panel import CredentialsPanel
from screens.developer.errors_panel import ErrorsPanel
from screens.developer.key_validation import KeyValidationPanel

__all__ = ["DeveloperSection"]

DeveloperPanel = ErrorsPanel | CorsPanel | KeyValidationPanel | CredentialsPanel
# Pane id -> (tab title, panel class). Only the shown pane's panel is mounted (and loads).
PANES: dict[str, tuple[str, type[DeveloperPanel]]] = {
    "dev-errors": ("Errors", ErrorsPanel),
    "dev-cors": ("Allowed CORS Domains", CorsPanel),
    "dev-keys": ("API Key Validation", KeyValidationPanel),
    "dev-credentials": ("Credential Management", CredentialsPanel),
}


class DeveloperSection(Panel):
    """Inner tabs of the Developer section (shown to Administrator and Developer roles).

    A panel is mounted the first time its tab is shown, so opening the section costs one
    request (the first errors page) plus the histogram, not one per panel.
    """

    DEFAULT_CSS = """
    DeveloperSection > TabbedContent { height: 1fr; }
    DeveloperSection > TabbedContent > ContentSwitcher { height: 1fr; }
    """

    BINDINGS = [
        Binding(
            "right_square_bracket", "step_tab(1)", "Next tab", id="developer.next_tab", show=False
        ),
        Binding(
            "left_square_bracket", "step_tab(-1)", "Prev tab", id="developer.prev_tab", show=False
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="developer-section")

    def show_tab(self, pane_id: str) -> None:
        """Switch the inner tab (Errors, CORS, keys, credentials) and move the keys into it."""
        # Drop focus first: a focused widget in the pane being hidden would hand focus to its
        # neighbour, and TabbedContent switches back to the pane of any focused widget.
        self.screen.set_focus(None)
        self.query_one("#developer-tabs", TabbedContent).active = pane_id

    def action_step_tab(self, step: int) -> None:
        ids = list(PANES)
        current = self.query_one("#developer-tabs", TabbedContent).active
        index = ids.index(current) if current in ids else 0
        self.show_tab(ids[(index + step) % len(ids)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.session.console_api or action != "step_tab"

    def compose(self) -> ComposeResult:
        if not self.session.console_api:
            yield NotAvailable("The Developer section (errors, CORS, keys, credentials)")
            return
        with TabbedContent(id="developer-tabs", initial="dev-errors"):
            for pane_id, (title, panel) in PANES.items():
                with TabPane(title, id=pane_id):
                    if pane_id == "dev-errors":
                        yield panel()

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # Our inner tabs are no business of the shell's tabs: stop them here.
        event.stop()
        if event.tabbed_content.id != "developer-tabs":
            return
        pane = event.pane
        if pane.id in PANES and not pane.children:
            await pane.mount(PANES[pane.id][1]())
        self.call_after_refresh(self._focus_active_panel)

    def panel(self) -> DeveloperPanel | None:
        """The panel of the shown tab (None before it is mounted)."""
        pane = self.query_one("#developer-tabs", TabbedContent).active_pane
        if pane is None or pane.id not in PANES:
            return None
        found = pane.query(PANES[pane.id][1])
        return found.first() if found else None

    def _focus_active_panel(self) -> None:
        """Put the keys into the shown panel, unless the user is moving along the tab strip."""
        focused = self.app.focused
        if isinstance(focused, Tabs) or (focused is not None and self not in focused.ancestors):
            return
        panel = self.panel()
        if panel is not None and panel.is_on_screen:
            panel.focus_default()
