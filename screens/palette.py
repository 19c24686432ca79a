"""Command palette provider: app commands, section jumps, and every action of the active panel."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.widget import Widget


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

    def add(node: DOMNode, binding: Binding) -> None:
        if not binding.description or binding.system or binding.action.startswith("section"):
            return
        if type(node).__module__.startswith("textual."):
            return  # cursor moves and the like of built-in widgets: noise in a palette
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
