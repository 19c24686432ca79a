"""The Tools tab: Refetch Tenant Configuration, Purging, Service settings, Service check."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import TabbedContent, TabPane

from screens.base import Panel

__all__ = ["ToolsSection"]

TOOL_TABS = (
    ("tools-tenant", "Tenant configuration"),
    ("tools-purge", "Purging"),
    ("tools-settings", "Service settings"),
    ("tools-check", "Service check"),
)


class ToolsSection(Panel):
    """Inner tabs of the Tools section; alt+1..alt+4 (or the tab bar) switch between them."""

    DEFAULT_CSS = """
    ToolsSection > TabbedContent { height: 1fr; }
    ToolsSection TabPane { padding: 0; }
    """

    BINDINGS = [
        Binding(
            "alt+1", "show_tool('tools-tenant')", "Tenant", show=False, id="tools.show.tenant",
            tooltip="Tools: Refetch Tenant Configuration",
        ),
        Binding(
            "alt+2", "show_tool('tools-purge')", "Purging", show=False, id="tools.show.purge",
            tooltip="Tools: Purging",
        ),
        Binding(
            "alt+3", "show_tool('tools-settings')", "Settings", show=False,
            id="tools.show.settings", tooltip="Tools: Service settings",
        ),
        Binding(
            "alt+4", "show_tool('tools-check')", "Check", show=False, id="tools.show.check",
            tooltip="Tools: Service check",
        ),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        # Imported here so the shell can import the section cheaply at start-up.
        from screens.tools.purge_panel import PurgePanel
        from screens.tools.service_check import ServiceCheck
        from screens.tools.settings_panel import SettingsPanel
        from screens.tools.tenant_panel import TenantPanel

        panels = {
            "tools-tenant": TenantPanel(id="tenant-panel"),
            "tools-purge": PurgePanel(id="purge-panel"),
            "tools-settings": SettingsPanel(id="settings-panel"),
            "tools-check": ServiceCheck(id="service-check"),
        }
        with TabbedContent(id="tools-tabs"):
            for pane_id, title in TOOL_TABS:
                with TabPane(title, id=pane_id):
                    yield panels[pane_id]

    def action_show_tool(self, pane_id: str) -> None:
        tabs = self.query_one("#tools-tabs", TabbedContent)
        tabs.active = pane_id
        focusable = list(tabs.get_pane(pane_id).query("DataTable, Select, Input, Button"))
        if focusable and focusable[0].focusable:
            focusable[0].focus()
