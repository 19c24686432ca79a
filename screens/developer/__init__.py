"""Developer section: Errors, Allowed CORS Domains, API Key Validation, Credential Management."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import TabbedContent, TabPane, Tabs

from screens.base import NotAvailable, Panel
from screens.developer.cors_panel import CorsPanel
from screens.developer.credentials_panel import CredentialsPanel
from screens.developer.errors_panel import ErrorsPanel
from screens.developer.key_validation import KeyValidationPanel

__all__ = ["DeveloperSection"]


_DeveloperPanel = ErrorsPanel | CorsPanel | KeyValidationPanel | CredentialsPanel


class DeveloperSection(Panel):
    """Inner tabs of the Developer section (shown to Administrator and Developer roles)."""

    DEFAULT_CSS = """
    DeveloperSection > TabbedContent { height: 1fr; }
    DeveloperSection > TabbedContent > ContentSwitcher { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(id="developer-section")

    def compose(self) -> ComposeResult:
        if not self.session.console_api:
            yield NotAvailable("The Developer section (errors, CORS, keys, credentials)")
            return
        with TabbedContent(id="developer-tabs"):
            with TabPane("Errors", id="dev-errors"):
                yield ErrorsPanel()
            with TabPane("Allowed CORS Domains", id="dev-cors"):
                yield CorsPanel()
            with TabPane("API Key Validation", id="dev-keys"):
                yield KeyValidationPanel()
            with TabPane("Credential Management", id="dev-credentials"):
                yield CredentialsPanel()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # Our inner tabs are no business of the shell's tabs: stop them here.
        event.stop()
        if event.tabbed_content.id == "developer-tabs":
            self.call_after_refresh(self._focus_active_panel)

    def _focus_active_panel(self) -> None:
        """Put the keys into the shown panel, unless the user is moving along the tab strip."""
        focused = self.app.focused
        if isinstance(focused, Tabs) or (focused is not None and self not in focused.ancestors):
            return
        tabs = self.query_one("#developer-tabs", TabbedContent)
        pane = tabs.active_pane
        if pane is None:
            return
        panels: list[_DeveloperPanel] = [
            *pane.query(ErrorsPanel),
            *pane.query(CorsPanel),
            *pane.query(KeyValidationPanel),
            *pane.query(CredentialsPanel),
        ]
        for panel in panels[:1]:
            if panel.is_on_screen:
                panel.focus_default()
