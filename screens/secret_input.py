"""A masked input for API keys and credential secrets: no copy, no cut, no text selection."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class SecretInput(Input):
    """`Input(password=True)` whose value cannot leave it: copy and cut are refused.

    Paste keeps every line (joined), so a pretty-printed service-account JSON survives a paste;
    JSON does not care about the whitespace between tokens.
    """

    ALLOW_SELECT = False  # screen-level selection (and its ctrl+c copy) must not see the value
    # Input's own copy/cut bindings are disabled by check_action; these take the keys instead
    # and say why nothing happened.
    BINDINGS = [
        Binding("ctrl+x", "blocked('cut')", "Cut disabled", show=False),
        Binding("ctrl+c,super+c", "blocked('copy')", "Copy disabled", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["password"] = True
        super().__init__(*args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy", "cut"):
            return False
        return super().check_action(action, parameters)

    def action_blocked(self, what: str) -> None:
        self.notify(f"You cannot {what} from a secret field.", title="Secret field", timeout=3)

    def action_cut(self) -> None:
        self.action_blocked("cut")

    def action_copy(self) -> None:
        self.action_blocked("copy")

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would paste the first line again
        if event.text:
            text = "".join(line.strip() for line in event.text.splitlines())
            start, end = self.selection
            self.replace(text, start, end)
        event.stop()
