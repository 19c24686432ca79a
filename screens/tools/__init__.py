"""The Tools tab: Refetch Tenant Configuration, Purging, Service settings, Service check."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from screens.base import Panel

__all__ = ["ToolsSection"]

TOOL_TABS = (
    ("tools-tenant", "Tenant configuration"),
    ("tools-purge", "Purging"),
    ("tools-settings", "Service settings"),
    ("tools-check", "Service check"),
)
TOOL_IDS = [pane_id for pane_id, _ in TOOL_TABS]
# `[` and `]` share one footer hint; they reach the app in every terminal (tmux included),
# unlike alt+digit, which some terminals turn into a character (macOS: alt+2 -> ™).
_STEP_GROUP = Binding.Group("Tool")


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
    """Inner tabs of the Tools section; `]` / `[` (or alt+1..alt+4) switch between them."""

    DEFAULT_CSS = """
    ToolsSection > TabbedContent { height: 1fr; }
    ToolsSection TabPane { padding: 0; }
    """

    BINDINGS = [
        Binding(
            "left_square_bracket", "step_tool(-1)", "Previous tool", id="tools.tab.prev",
            group=_STEP_GROUP, tooltip="Show the previous tool",
        ),
        Binding(
            "right_square_bracket", "step_tool(1)", "Next tool", id="tools.tab.next",
            group=_STEP_GROUP, tooltip="Show the next tool (tenant, purging, settings, check)",
        ),
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
        first = TOOL_IDS[0]
        self._built.add(first)
        with TabbedContent(id="tools-tabs", initial=first):
            for pane_id, title in TOOL_TABS:
                with TabPane(title, id=pane_id):
                    if pane_id == first:
                        yield build_tool(pane_id)
                    else:
                        yield PendingTool(f"Loading {title}…")

    @property
    def _tabs(self) -> TabbedContent:
        return self.query_one("#tools-tabs", TabbedContent)

    async def _ensure_built(self, pane_id: str) -> None:
        if pane_id in self._built:
            return
        self._built.add(pane_id)
        pane = self._tabs.get_pane(pane_id)
        await pane.query_children(PendingTool).remove()
        await pane.mount(build_tool(pane_id))

    @on(TabbedContent.TabActivated, "#tools-tabs")
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()  # the shell's own section tabs listen for this message too
        if event.pane.id is not None:
            await self._ensure_built(event.pane.id)
        self.call_after_refresh(self._focus_active_tool, False)

    def _on_show(self, event: events.Show) -> None:
        # The section was shown (key `3`, the section tabs): the shell focuses the first list
        # it finds, else the first focusable widget, which for a tool without a list is our
        # tab strip, where the tool's keys do nothing. Hand the keys to the shown tool.
        self.call_after_refresh(self._focus_active_tool, True)

    async def action_show_tool(self, pane_id: str) -> None:
        # Park the focus on our tab strip first: a focused widget in the pane being hidden
        # would hand focus to its neighbour, and TabbedContent switches back to the pane of
        # any focused widget. On the strip (not None) a quick second `]` still reaches us.
        if self.app.focused is not None and self in self.app.focused.ancestors:
            self.screen.set_focus(self._tabs.query_one(Tabs))
        self._tabs.active = pane_id
        await self._ensure_built(pane_id)
        self.call_after_refresh(self._focus_active_tool, True)

    async def action_step_tool(self, step: int) -> None:
        current = self._tabs.active
        index = TOOL_IDS.index(current) if current in TOOL_IDS else 0
        await self.action_show_tool(TOOL_IDS[(index + step) % len(TOOL_IDS)])

    def active_tool(self) -> Widget | None:
        """The panel of the shown inner tab (None while it is still being built)."""
        pane = self._tabs.active_pane
        if pane is None:
            return None
        return next((child for child in pane.children if isinstance(child, Panel)), None)

    def _focus_active_tool(self, take_strip: bool) -> None:
        """Put the keys into the shown tool, unless the section is hidden or the user is
        moving along the tab strip. With `take_strip` (the section or tool was just shown
        by a key) focus on the strip is only a stand-in and gives way."""
        if not self.is_shown():
            return
        focused = self.app.focused
        if focused is not None:
            if self not in focused.ancestors:
                return  # the keys are elsewhere (another section, a dialog): leave them there
            if isinstance(focused, Tabs):
                if not take_strip:
                    return
            else:
                tool = self.active_tool()
                if tool is not None and tool in focused.ancestors:
                    return  # already inside the shown tool
        tool = self.active_tool()
        if tool is None or not tool.is_on_screen:
            return
        focus_default = getattr(tool, "focus_default", None)
        if not (callable(focus_default) and focus_default()):
            # Nothing to type into (e.g. "not available on this backend"): the tab strip
            # keeps `[` / `]` working.
            self.screen.set_focus(self._tabs.query_one(Tabs))
