"""Layout of the Book and Reschedule screens: compact form rows, and the breakpoint below
which the form, warnings, free slots and preflight boxes stack into one scrolling column."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

FIELD_CSS = """
.field { height: auto; margin-bottom: 1; }
.field-row { height: auto; }
.field-row > Label { width: 14; color: $text-muted; padding-left: 1; }
.field-row > Input, .field-row > Select, .field-row > TextArea { width: 1fr; }
.field-row > TextArea { height: 4; }
.field-row > RadioSet { width: 1fr; layout: horizontal; }
.field-error { color: $error; height: auto; padding-left: 14; display: none; }
.field-error.-shown { display: block; }
.-invalid > SelectCurrent, TextArea.-invalid { background-tint: $error 30%; }
.field-hint { color: $text-muted; padding-left: 14; height: auto; }
"""


def plan_layout_css(screen: str, prefix: str) -> str:
    """CSS of `PlanScreen.compose`'s layout for `screen`, whose ids start with `prefix`."""
    return (
        FIELD_CSS
        + f"""
    {screen} {{ layout: vertical; }}
    {screen} #{prefix}-title {{ text-style: bold; padding: 0 1; }}
    {screen} #{prefix}-top {{ height: 1fr; }}
    {screen} #{prefix}-form {{ width: 58; height: 1fr; padding-right: 1; }}
    {screen} #{prefix}-side {{ width: 1fr; height: 1fr; padding: 0 1; }}
    {screen} #slots-title {{ margin-top: 1; }}
    {screen} #plan-status {{ height: auto; padding: 0 1; }}
    {screen} #plan-status.-error {{ color: $error; }}
    {screen}.-narrow #{prefix}-top {{ layout: vertical; height: auto; }}
    {screen}.-narrow #{prefix}-form {{ width: 1fr; height: auto; padding-right: 0; }}
    {screen}.-narrow #{prefix}-side {{ width: 1fr; height: auto; }}
    {screen}.-narrow .field {{ margin-bottom: 0; }}
    {screen}.-narrow SlotPicker {{ height: 8; }}
    {screen}.-narrow PreflightColumns {{ layout: vertical; max-height: 60; }}
    {screen}.-narrow PreflightColumns > Static {{ max-height: 30; }}
    """
    )


# Below this size the form, the warnings, the slots and the preflight boxes are stacked in
# one scrolling column: side by side they would be cut (80x24 is the classic terminal).
NARROW_WIDTH = 110
SHORT_HEIGHT = 32


def form_field(label: str, name: str, widget: Widget, *, hint: str = "") -> ComposeResult:
    """One compact row: label and input (id `f-<name>`); the error line (`f-<name>-error`) under."""
    widget.id = f"f-{name}"
    with Vertical(classes="field", id=f"field-{name}"):
        with Horizontal(classes="field-row"):
            yield Label(label)
            yield widget
        yield Static("", classes="field-error", id=f"f-{name}-error")
        if hint:
            yield Static(hint, classes="field-hint")


def compact_input(placeholder: str, value: str = "") -> Input:
    """A one-row input whose -invalid class only the form sets (no built-in validation)."""
    return Input(value, placeholder=placeholder, compact=True, validate_on=())
