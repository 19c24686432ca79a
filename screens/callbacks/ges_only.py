"""What the Callbacks tab offers on a backend without the console API, as a focusable menu.

Without the list nothing in the section could take the focus, so its keys (n, g) would never
reach it and the footer would not show them; this menu holds the focus and names the keys.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

# action name -> label (the key in the label is the section's binding for that action)
GES_ACTIONS = {
    "book": "Book a callback (n)",
    "open_by_id": "Open a callback by ID (g)",
}


class GesOnlyActions(OptionList):
    """Enter on an entry posts `GesOnlyActions.Chosen` with the section action to run."""

    DEFAULT_CSS = """
    GesOnlyActions { height: auto; max-height: 6; margin: 0 2; width: 40; }
    """

    class Chosen(Message):
        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(*(Option(label, id=name) for name, label in GES_ACTIONS.items()), id=id)

    def show_actions(self, allowed: set[str]) -> None:
        """Only the actions the session may use."""
        self.clear_options()
        self.add_options(
            Option(label, id=name) for name, label in GES_ACTIONS.items() if name in allowed
        )
        if self.option_count:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))
