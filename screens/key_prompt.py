"""Re-enter the API key: says why it is asked, checks the new key before it replaces the old.

The dialog stays open while a candidate key is checked and when it is refused, so a wrong key
never costs the session that works; escape keeps the current key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from screens.secret_input import SecretInput
from screens.text import escape

if TYPE_CHECKING:
    from client import Secret

# Checks a candidate key: None when it is accepted, else what to tell the user (plain text).
KeyCheck = Callable[["Secret"], Awaitable[str | None]]

PROMPT_TITLE = "API key (hidden; paste it and press enter)"


class KeyPromptDialog(ModalScreen["Secret | None"]):
    """Dismisses with the accepted key, or None (escape: the current key stays)."""

    DEFAULT_CSS = """
    KeyPromptDialog { align: center middle; }
    KeyPromptDialog > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    KeyPromptDialog .title { text-style: bold; margin-bottom: 1; }
    KeyPromptDialog #key-reason { color: $warning; height: auto; margin-bottom: 1; }
    KeyPromptDialog #key-reason.-empty { display: none; }
    KeyPromptDialog #key-error { color: $error; height: auto; }
    KeyPromptDialog #key-checking { color: $text-muted; height: auto; }
    KeyPromptDialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    KeyPromptDialog .buttons Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Keep current key", id="key_prompt.cancel")]

    def __init__(self, *, reason: str, check: KeyCheck, keeps: str) -> None:
        """`reason`: why the prompt is shown; `keeps`: what escape leaves in place."""
        super().__init__()
        self._reason = reason
        self._check = check
        self._keeps = keeps

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(PROMPT_TITLE, classes="title")
            reason = Static(escape(self._reason), id="key-reason")
            reason.set_class(not self._reason, "-empty")
            yield reason
            yield SecretInput(placeholder="API key", id="key-input")
            yield Static("", id="key-checking")
            yield Static("", id="key-error")
            with Horizontal(classes="buttons"):
                yield Button(f"Cancel (esc): {self._keeps}", id="cancel")
                yield Button("Check and use (enter)", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#key-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.action_cancel()

    def _submit(self) -> None:
        from client import Secret

        value = self.query_one("#key-input", Input).value.strip()
        if not value:
            self._say_error("A key is required (escape keeps the current one).")
            return
        self._say_error("")
        self.query_one("#key-checking", Static).update("Checking the key with the backend…")
        self._run_check(Secret(value))

    @work(exclusive=True, group="key-check", exit_on_error=False, description="Check API key")
    async def _run_check(self, key: Secret) -> None:
        try:
            problem = await self._check(key)
        finally:
            self.query_one("#key-checking", Static).update("")
        if problem is None:
            self.dismiss(key)
            return
        self._say_error(problem)
        field = self.query_one("#key-input", Input)
        field.value = ""
        field.focus()

    def _say_error(self, text: str) -> None:
        self.query_one("#key-error", Static).update(escape(text))

    def error_text(self) -> str:
        """What the dialog currently says is wrong (tests, and the screen reader of a user)."""
        return str(self.query_one("#key-error", Static).render())

    def action_cancel(self) -> None:
        self.dismiss(None)
