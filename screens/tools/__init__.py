"""The Tools tab: Refetch Tenant Configuration, Purging, Service settings, Service check."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static, TabbedContent, TabPane

from screens.base import Panel

__all__ = ["ToolsSection"]

TOOL_TABS = (
    ("tools-tenant", "Tenant configuration"),
    ("tools-purge", "Purging"),
    ("tools-settings", "Service settings"),
    ("tools-check", "Service check"),
)


def build_tool(pane_id: str) -> Widget:
    """The panel of one inner tab (imported on first use to keep start-up light)."""
    if pane_id == "tools-tenant":
        from screens.tools.tenant_panel import TenantPanel

        return TenantPanel(id="tenant-panel")
    if pane_id == "tools-purge":
        from screens.tools.purge_panel import PurgePanel

        return PurgePanel(id="purge-panel")
    if pane_id == "tools-settings":
        from screens.tools.settings_panel import SettingsPanel

        return SettingsPanel(id="settings-panel")
    from screens.tools.service_check import ServiceCheck

    return ServiceCheck(id="service-check")


class PendingTool(Static):
    """Stands in for a tool until its tab is first shown (no calls for tools never opened)."""

    DEFAULT_CSS = "PendingTool { padding: 1 2; color: $text-muted; }"


class ToolsSection(Panel):
    """Inner tabs of the Tools section; alt+1..alt+4 (or the tab bar) switch between them."""

    DEFAULT_CSS = """
    ToolsSection > TabbedContent { height: 1fr; }
    ToolsSection TabPane { padding: 0; }
    """

    BINDINGS = [
        Binding(
            "alt+1", "show_tool('tools-tenant')", "Tools: tenant configuration", show=False,
            id="tools.show.tenant", tooltip="Refetch Tenant Configuration",
        ),
        Binding(
            "alt+2", "show_tool('tools-purge')", "Tools: purging", show=False,
            id="tools.show.purge", tooltip="Purge modes, next purge, purge now",
        ),
        Binding(
            "alt+3", "show_tool('tools-settings')", "Tools: service settings", show=False,
            id="tools.show.settings", tooltip="CALLBACK_SETTINGS and the Web Callback column",
        ),
        Binding(
            "alt+4", "show_tool('tools-check')", "Tools: service check", show=False,
            id="tools.show.check", tooltip="open-for, queue status and the slot grid",
        ),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._built: set[str] = set()

    def compose(self) -> ComposeResult:
        first = TOOL_TABS[0][0]
        self._built.add(first)
        with TabbedContent(id="tools-tabs", initial=first):
            for pane_id, title in TOOL_TABS:
                with TabPane(title, id=pane_id):
                    if pane_id == first:
                        yield build_tool(pane_id)
                    else:
                        yield PendingTool(f"Loading {title}…")

    async def _ensure_built(self, pane_id: str) -> None:
        if pane_id in self._built:
            return
        self._built.add(pane_id)
        pane = self.query_one("#tools-tabs", TabbedContent).get_pane(pane_id)
        await pane.query_children(PendingTool).remove()
        await pane.mount(build_tool(pane_id))

    @on(TabbedContent.TabActivated, "#tools-tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()  # the shell's own section tabs listen for this message too
        if event.pane.id is not None:
            await self._ensure_built(event.pane.id)

    async def action_show_tool(self, pane_id: str) -> None:
        tabs = self.query_one("#tools-tabs", TabbedContent)
        tabs.active = pane_id
        await self._ensure_built(pane_id)
        self.call_after_refresh(self._focus_first, pane_id)

    def _focus_first(self, pane_id: str) -> None:
        """Focus the tool's main list or its first field, so its keys work at once."""
        pane = self.query_one("#tools-tabs", TabbedContent).get_pane(pane_id)
        for kind in (DataTable, Select, Input):
            candidates = [w for w in pane.query(kind) if w.focusable]
            if candidates:
                candidates[0].focus()
                return
