"""The main screen: status bar, role-gated section tabs (Callbacks, Developer, Tools), footer."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Container
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    ListView,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    Tree,
)

from screens.base import Session
from screens.key_footer import KeyFooter
from screens.palette import PanelActions
from screens.roles import Capability
from screens.status_bar import StatusBar, StatusInfo
from screens.text import escape


@dataclass(frozen=True)
class SectionSpec:
    key: str  # also the TabPane id
    title: str
    module: str
    widget: str
    capability: Capability


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "callbacks", "Callbacks", "screens.callbacks", "CallbacksSection", Capability.VIEW_CALLBACKS
    ),
    SectionSpec(
        "developer", "Developer", "screens.developer", "DeveloperSection", Capability.DEVELOPER_TAB
    ),
    SectionSpec("tools", "Tools", "screens.tools", "ToolsSection", Capability.TOOLS_TAB),
)


def allowed_sections(session: Session) -> list[SectionSpec]:
    """The sections the role may see. Without the console API (a GES tenant) the role is
    unknown: every section shows, its console-only panels say "not available on this
    backend" and the GES-public parts (callbacks, service check) keep working."""
    if not session.console_api:
        return list(SECTIONS)
    return [spec for spec in SECTIONS if session.can(spec.capability)]


LIST_WIDGETS = (DataTable, OptionList, ListView, Tree)
REVEAL_TIMEOUT_S = 5.0
T = TypeVar("T")


def _shown(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


class SectionFailed(Static):
    """Stands in for a section whose module failed to import or build."""

    DEFAULT_CSS = "SectionFailed { padding: 1 2; color: $error; }"


def build_section(spec: SectionSpec) -> Widget:
    """Import the section lazily; a broken section shows why instead of taking the app down."""
    try:
        module = importlib.import_module(spec.module)
        widget_class = getattr(module, spec.widget)
        widget: Widget = widget_class()
    except Exception as exc:  # any failure here must leave the rest of the console usable
        return SectionFailed(
            f"The {escape(spec.title)} section failed to load: "
            f"{escape(type(exc).__name__)}: {escape(str(exc))}"
        )
    return widget


class PendingSection(Static):
    """Stands in for a section until its tab is first shown (keeps start-up and idle work low)."""

    DEFAULT_CSS = "PendingSection { padding: 1 2; color: $text-muted; }"

    def __init__(self, spec: SectionSpec) -> None:
        super().__init__(f"Loading {spec.title}…")
        self.spec = spec


class MainScreen(Screen[None]):
    """Shows 'connecting…' until the session is known, then the sections the role may see."""

    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #body-message { padding: 1 2; height: auto; }
    MainScreen TabbedContent { height: 1fr; }
    MainScreen TabPane { padding: 0; height: 1fr; }
    """

    def __init__(self, status: StatusInfo) -> None:
        super().__init__(id="main")
        self._status = status
        self.section_keys: list[str] = []
        self._requested_section: str | None = None
        self._building = False

    def compose(self) -> ComposeResult:
        yield StatusBar(self._status)
        with Container(id="body"):
            yield Static("Connecting…", id="body-message")
        yield KeyFooter()

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def show_message(self, markup: str) -> None:
        """A note above the sections (start-up problems); empty text hides it."""
        message = self.query_one("#body-message", Static)
        message.update(markup)
        message.display = bool(markup)

    async def show_sections(self, session: Session, *, initial: str | None = None) -> None:
        """(Re)build the tabs for the session's role; a hidden section is not mounted at all."""
        self._building = True
        try:
            await self._build_sections(session, initial)
        finally:
            self._building = False
        requested, self._requested_section = self._requested_section, None
        if requested is not None and requested != self.active_section_key():
            self.switch_to(requested)
        else:
            self._focus_section()
        self.set_timer(0.05, self._realign_tab_underline)

    async def _build_sections(self, session: Session, initial: str | None) -> None:
        body = self.query_one("#body", Container)
        await body.query(TabbedContent).remove()
        specs = allowed_sections(session)
        self.section_keys = [spec.key for spec in specs]
        initial = initial if initial in self.section_keys else self.section_keys[0]
        panes = [
            TabPane(
                spec.title,
                build_section(spec) if spec.key == initial else PendingSection(spec),
                id=spec.key,
            )
            for spec in specs
        ]
        tabs = TabbedContent(initial=initial, id="sections")
        for pane in panes:
            tabs.compose_add_child(pane)  # what `with TabbedContent():` does in compose
        await body.mount(tabs)

    def _realign_tab_underline(self) -> None:
        # Tabs places its underline one refresh after mount; when the tabs are mounted while
        # a modal is closing, that happens before layout and leaves the underline at width 0
        # until the next resize. Tabs has no public "re-highlight" call.
        for tabs in self.query("#sections > Tabs").results(Tabs):
            highlight = getattr(tabs, "_highlight_active", None)
            if callable(highlight):
                highlight(animate=False)

    def switch_to(self, key: str) -> bool:
        """Show section `key`; False when the role does not have it."""
        if key not in self.section_keys:
            return False
        if self._building:
            # The tabs are being (re)built (a key pressed at sign-in): `show_sections`
            # switches once they are there; setting `active` now would crash TabbedContent.
            self._requested_section = key
            return True
        tabs = self.tabs
        if tabs is None:
            return False
        try:
            tabs.get_tab(key)
        except (NoMatches, ValueError):
            self.call_after_refresh(self.switch_to, key)  # composed on the next refresh
            return True
        # Focus left inside the pane being hidden makes TabbedContent switch straight back
        # to it when the focus moves on; the new section takes the focus right after.
        self.set_focus(None)
        tabs.active = key
        self._focus_section()
        return True

    @property
    def tabs(self) -> TabbedContent | None:
        found = self.query("#sections").results(TabbedContent)
        return next(iter(found), None)

    def active_section_key(self) -> str | None:
        tabs = self.tabs
        return (tabs.active or None) if tabs is not None else None

    def active_section_widget(self) -> Widget | None:
        tabs, key = self.tabs, self.active_section_key()
        if tabs is None or key is None:
            return None
        return next(iter(tabs.get_pane(key).children), None)

    async def reveal_panel(
        self, section_key: str, tab: str | None, panel_type: type[Widget]
    ) -> Widget | None:
        """Switch to a section and its inner tab, wait until the panel is mounted and shown,
        and put the keys into it (palette actions of sections not built yet). None when the
        role has no such section or the panel did not appear."""
        if not self.switch_to(section_key):
            return None
        if tab is not None:
            inner = await _poll(lambda: self._inner_tabs_with(section_key, tab))
            if inner is None:
                return None
            if inner.active != tab:
                # Focus left in the pane being hidden would switch the tabs straight back.
                self.set_focus(None)
                inner.active = tab
        panel = await _poll(lambda: self._shown_panel(section_key, panel_type))
        if panel is not None and not (self.focused and panel in self.focused.ancestors_with_self):
            focusable = [w for w in panel.query("*") if w.focusable and _shown(w)]
            lists = [w for w in focusable if isinstance(w, LIST_WIDGETS)]
            if lists or focusable:
                self.set_focus((lists or focusable)[0])
        return panel

    @work(group="palette-action", exclusive=True, exit_on_error=False, description="Palette")
    async def run_panel_action(self, entry: PanelActions, action: str, role: str | None) -> None:
        """A palette action of any section: show its section and tab, then run it there."""
        panel_type = entry.panel_class()
        if panel_type is None:
            return
        panel = await self.reveal_panel(entry.section, entry.tab, panel_type)
        if panel is None:
            self.notify(f"Could not open {entry.tab_title or entry.section}.", severity="warning")
        elif action and not await self.app.run_action(action, panel):
            self.notify(f"Not available here (role {role or 'unknown'}).", severity="warning")

    def _inner_tabs_with(self, section_key: str, tab: str) -> TabbedContent | None:
        if self.active_section_key() != section_key:
            return None
        section = self.active_section_widget()
        if section is None or isinstance(section, PendingSection):
            return None
        for inner in section.query(TabbedContent):
            if not inner.query(f"#{tab}"):
                continue
            # Ready once mounted with its initial tab applied (setting `active` earlier is
            # overridden by the initial tab).
            try:
                inner.get_tab(tab)
            except (NoMatches, ValueError):
                return None
            return inner if inner.active else None
        return None

    def _shown_panel(self, section_key: str, panel_type: type[Widget]) -> Widget | None:
        if self.active_section_key() != section_key:
            return None
        section = self.active_section_widget()
        if section is None:
            return None
        if isinstance(section, panel_type):
            return section
        shown = [w for w in section.query(panel_type) if _shown(w)]
        return shown[0] if shown else None

    def _focus_section(self) -> None:
        # After a refresh: a freshly mounted section has not composed its children yet.
        self.call_after_refresh(self._focus_first_in_section)

    def _focus_first_in_section(self) -> None:
        """Focus the section's main list (else its first focusable widget) so its keys work.

        A list is preferred over inputs and selects: those consume printable keys, so the
        section keys `1`-`3` would go into them instead of switching sections.
        """
        section = self.active_section_widget()
        if section is None or (self.focused is not None and section in self.focused.ancestors):
            return
        focusable = [w for w in section.query("*") if w.focusable and _shown(w)]
        lists = [w for w in focusable if isinstance(w, LIST_WIDGETS)]
        if lists or focusable:
            # Now, not `widget.focus()`'s deferred call: a focus landing after the user (or
            # the palette) has switched inner tabs would switch them straight back.
            self.set_focus((lists or focusable)[0])

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.tabbed_content.id != "sections":
            return
        pane = event.tabbed_content.get_pane(event.tab)
        for pending in list(pane.query_children(PendingSection)):
            await pending.remove()
            await pane.mount(build_section(pending.spec))
        self._focus_section()


async def _poll(probe: Callable[[], T | None]) -> T | None:
    """`probe()` once it is not None: sections and tabs mount over a few refreshes."""
    step = 0.02
    for _ in range(int(REVEAL_TIMEOUT_S / step)):
        found = probe()
        if found is not None:
            return found
        await asyncio.sleep(step)
    return None
