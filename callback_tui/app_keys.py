"""The console's app-wide keys, and when a bare `q` may quit."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    RadioButton,
    RadioSet,
    Select,
    Switch,
    TextArea,
)

from screens.main_screen import MainScreen

# A bare `q` must not quit while one of these has the focus: a form would be lost.
FORM_WIDGETS = (Input, TextArea, Button, Checkbox, RadioButton, RadioSet, Select, Switch)

APP_BINDINGS: list[BindingType] = [
    Binding("1", "section('callbacks')", "Callbacks", id="app.section.callbacks", show=False),
    Binding("2", "section('developer')", "Developer", id="app.section.developer", show=False),
    Binding("3", "section('tools')", "Tools", id="app.section.tools", show=False),
    Binding("question_mark", "help", "Help", id="app.help", tooltip="Show/hide the keys"),
    # Priority: ctrl+e works in text fields too (Input's end-of-line stays on `end`).
    Binding(
        "ctrl+e",
        "last_errors",
        "Last errors",
        id="app.last_errors",
        tooltip="Recent failed calls (ctrl+e works in text fields too, ! outside them)",
        priority=True,
    ),
    Binding(
        "exclamation_mark",
        "last_errors",
        "Last errors",
        id="app.last_errors_bang",
        show=False,
        tooltip="Recent failed calls (ctrl+e works in text fields too, ! outside them)",
    ),
    Binding("ctrl+t", "change_theme", "Theme", id="app.theme", show=False),
    Binding("ctrl+k", "reenter_key", "Re-enter key", id="app.reenter_key", show=False),
    Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    Binding(
        "q",
        "quit_bare",
        "Quit",
        id="app.quit_q",
        show=False,
        tooltip="Quit (main screen, outside forms only; ctrl+q works everywhere)",
    ),
]


def bare_quit_allowed(screen: Screen[object]) -> bool:
    """`q` quits only on the main screen and outside forms (setup, dialogs: ctrl+q only)."""
    if not isinstance(screen, MainScreen):
        return False
    focused: Widget | None = screen.focused
    return focused is None or not any(
        isinstance(node, FORM_WIDGETS) for node in focused.ancestors_with_self
    )
