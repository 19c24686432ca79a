"""Command palette provider: app commands, section jumps, and every action of every section.

The actions of sections (and inner tabs) that are not mounted yet come from `PANEL_CATALOGUE`:
their panel classes' bindings, named "Tools: Service check — Run check"; running one switches
to that section and tab first (`MainScreen.reveal_panel`) and then runs the action there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.widget import Widget

if TYPE_CHECKING:
    from screens.base import Session


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str
    callback: Callable[[], Any]


@runtime_checkable
class PaletteHost(Protocol):
    """The App offers its own commands (section jumps, last errors...) through this."""

    def palette_commands(self) -> Iterable[PaletteCommand]: ...


@runtime_checkable
class HasActivePanel(Protocol):
    """A screen that can say which section is showing (MainScreen)."""

    def active_section_widget(self) -> Widget | None: ...


@dataclass(frozen=True)
class PanelActions:
    """Where a panel lives (section, inner tab) and which class holds its bindings."""

    section: str  # a SectionSpec key
    tab: str | None  # the inner TabPane id; None: the section widget itself
    tab_title: str | None
    module: str
    widget: str
    console_only: bool  # on a backend without the console API the panel says "not available"

    def panel_class(self) -> type[Widget] | None:
        try:
            found = getattr(importlib.import_module(self.module), self.widget)
        except Exception:  # a broken section must not break the palette
            return None
        return found if isinstance(found, type) and issubclass(found, Widget) else None


PANEL_CATALOGUE: tuple[PanelActions, ...] = (
    PanelActions("callbacks", None, None, "screens.callbacks.section", "CallbacksSection", False),
    PanelActions(
        "developer", "dev-errors", "Errors", "screens.developer.errors_panel", "ErrorsPanel", True
    ),
    PanelActions(
        "developer", "dev-cors", "Allowed CORS Domains", "screens.developer.cors_panel",
        "CorsPanel", True,
    ),
    PanelActions(
        "developer", "dev-keys", "API Key Validation", "screens.developer.key_validation",
        "KeyValidationPanel", True,
    ),
    PanelActions(
        "developer", "dev-credentials", "Credential Management",
        "screens.developer.credentials_panel", "CredentialsPanel", True,
    ),
    PanelActions(
        "tools", "tools-tenant", "Tenant configuration", "screens.tools.tenant_panel",
        "TenantPanel", True,
    ),
    PanelActions(
        "tools", "tools-purge", "Purging", "screens.tools.purge_panel", "PurgePanel", True
    ),
    PanelActions(
        "tools", "tools-settings", "Service settings", "screens.tools.settings_panel",
        "SettingsPanel", True,
    ),
    PanelActions(
        "tools", "tools-check", "Service check", "screens.tools.service_check", "ServiceCheck",
        False,
    ),
)  # fmt: skip

# Keys that only move focus back out of a field: noise in a palette.
_NAVIGATION_KEYS = frozenset({"escape"})

RunPanelAction = Callable[[PanelActions, str], Any]


def _class_bindings(panel_class: type[Widget]) -> Iterator[Binding]:
    """The class's own BINDINGS (not inherited Widget ones), as Binding objects."""
    seen: set[str] = set()
    for cls in panel_class.__mro__:
        if cls.__module__.startswith("textual."):
            break
        for item in cls.__dict__.get("BINDINGS", ()):
            if isinstance(item, Binding) and item.action not in seen:
                seen.add(item.action)
                yield item


def _role_allows(panel_class: type[Widget], action: str, session: Session) -> bool:
    """The panel's own `check_action`, asked without an instance when it only reads the
    session (most do: role and console API); any other check is left to run time."""
    check = panel_class.__dict__.get("check_action")
    if check is None:
        return True
    try:
        return check(SimpleNamespace(session=session), action, ()) is not False
    except Exception:
        return True


def catalogue_commands(
    app: Any,
    session: Session,
    sections: Iterable[tuple[str, str]],
    run: RunPanelAction,
) -> list[PaletteCommand]:
    """Every action of every section the role may see (`sections`: key, title), by name
    "Section: Tab — Action", plus a jump to each inner tab."""
    titles = dict(sections)
    commands: list[PaletteCommand] = []
    for entry in PANEL_CATALOGUE:
        if entry.section not in titles or (entry.console_only and not session.console_api):
            continue
        panel_class = entry.panel_class()
        if panel_class is None:
            continue
        prefix = titles[entry.section] + (f": {entry.tab_title}" if entry.tab_title else "")
        if entry.tab_title:
            commands.append(
                PaletteCommand(
                    f"Go to {prefix}", f"Show the {entry.tab_title} tab", partial(run, entry, "")
                )
            )
        live = _live_instance(app, panel_class)
        for binding in _class_bindings(panel_class):
            keys = {key.strip() for key in binding.key.split(",")}
            if not binding.description or keys <= _NAVIGATION_KEYS:
                continue
            if live is not None and app._check_action_state(binding.action, live) is False:
                continue
            if live is None and not _role_allows(panel_class, binding.action, session):
                continue
            key = app.get_key_display(binding)
            commands.append(
                PaletteCommand(
                    f"{prefix} — {binding.description}"
                    if entry.tab_title
                    else f"{prefix}: {binding.description}",
                    f"{binding.tooltip or binding.description} — key: {key}",
                    partial(run, entry, binding.action),
                )
            )
    return commands


def _live_instance(app: Any, panel_class: type[Widget]) -> Widget | None:
    try:
        found = app.screen.query(panel_class)
    except Exception:
        return None
    return next(iter(found), None)


def catalogued_types() -> set[str]:
    """Class names whose actions the catalogue lists (the active-section walk skips them)."""
    return {entry.widget for entry in PANEL_CATALOGUE}


def _shown(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def _node_bindings(node: DOMNode) -> Iterator[Binding]:
    # `_bindings` holds the node's merged class bindings (inherited included); there is no
    # public accessor for the bindings of a node outside the focus chain.
    bindings_map = getattr(node, "_bindings", None)
    if bindings_map is None:
        return
    for bindings in bindings_map.key_to_bindings.values():
        yield from bindings


def panel_nodes(section: Widget) -> list[Widget]:
    """The section and its visible Panel descendants (not plain inputs/tables: their keys are
    cursor moves, noise in a palette)."""
    from screens.base import Panel

    nodes: list[Widget] = [section]
    nodes += [w for w in section.query(Panel) if w is not section and _shown(w)]
    return nodes


def binding_commands(app: Any, screen: Any) -> list[PaletteCommand]:
    """Commands for the screen's active bindings plus the active panel's own actions."""
    seen: set[tuple[int, str]] = set()
    commands: list[PaletteCommand] = []

    catalogued = catalogued_types()

    def add(node: DOMNode, binding: Binding) -> None:
        if not binding.description or binding.system or binding.action.startswith("section"):
            return
        if type(node).__module__.startswith("textual."):
            return  # cursor moves and the like of built-in widgets: noise in a palette
        if type(node).__name__ in catalogued:
            return  # listed by `catalogue_commands`, with its section's name
        if (id(node), binding.action) in seen:
            return
        if app._check_action_state(binding.action, node) is False:
            return
        seen.add((id(node), binding.action))
        key = app.get_key_display(binding)
        where = type(node).__name__
        commands.append(
            PaletteCommand(
                binding.description,
                f"{binding.tooltip or where} — key: {key}",
                partial(app.run_action, binding.action, node),
            )
        )

    for active in screen.active_bindings.values():
        if active.enabled:
            add(active.node, active.binding)
    if isinstance(screen, HasActivePanel):
        section = screen.active_section_widget()
        if section is not None:
            for node in panel_nodes(section):
                for binding in _node_bindings(node):
                    add(node, binding)
    return commands


class ConsoleCommands(Provider):
    """Everything the user can do from here, searchable."""

    def _commands(self) -> list[PaletteCommand]:
        commands: list[PaletteCommand] = []
        if isinstance(self.app, PaletteHost):
            commands.extend(self.app.palette_commands())
        names = {c.name for c in commands}
        commands += [c for c in binding_commands(self.app, self.screen) if c.name not in names]
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.name), command.callback, help=command.help
                )
                continue
            # "export csv" finds "Developer: Errors — Export" through its help text: every word
            # must appear as written (a fuzzy match over a long help text matches anything).
            haystack = f"{command.name} {command.help}".lower()
            words = query.lower().split()
            if words and all(word in haystack for word in words):
                yield Hit(0.3, command.name, command.callback, help=command.help)
