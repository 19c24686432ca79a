"""Developer > API Key Validation: "Valid API Key" or "Invalid API Key", and the key's role."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static

from client import Secret
from screens.base import Panel
from screens.secret_input import SecretInput
from screens.text import escape

VALID = "Valid API Key"
INVALID = "Invalid API Key"
MAX_KEY_LENGTH = 512
_PASTE_NOISE = "\"'` \t\r\n"


def check_key_text(text: str) -> tuple[str | None, str | None]:
    """(key to send, None) or (None, message) for input that is not worth a request."""
    key = text.strip().strip(_PASTE_NOISE)
    if not key:
        return None, "Paste an API key into the field first."
    if len(key) > MAX_KEY_LENGTH:
        return None, f"That is not an API key: it is longer than {MAX_KEY_LENGTH} characters."
    if any(ch.isspace() or not ch.isprintable() for ch in key):
        return None, "That is not an API key: it contains spaces or control characters."
    return key, None


class KeyValidationPanel(Panel):
    """Masked key field (no copy/cut), validate button, and `v` for the console's own key."""

    DEFAULT_CSS = """
    KeyValidationPanel { border: round $primary 50%; padding: 0 1; }
    KeyValidationPanel .help { height: auto; color: $text-muted; margin-bottom: 1; }
    KeyValidationPanel Horizontal { height: auto; }
    KeyValidationPanel SecretInput { width: 1fr; }
    KeyValidationPanel Button { margin-left: 1; }
    KeyValidationPanel #key-result { height: auto; margin-top: 1; text-style: bold; }
    KeyValidationPanel #key-result.-valid { color: $success; }
    KeyValidationPanel #key-result.-invalid { color: $error; }
    KeyValidationPanel #key-result.-hint { color: $warning; }
    """
    BINDINGS = [
        Binding("v", "validate_own", "Validate my key", id="developer.keys.validate_own"),
        Binding("i", "focus_input", "Key field", id="developer.keys.focus_input"),
        Binding("escape", "leave_field", "Leave field", id="developer.keys.leave_field"),
    ]

    def __init__(self) -> None:
        super().__init__(id="key-validation-panel")
        self.border_title = "API Key Validation"

    def focus_default(self) -> None:
        self.query_one("#key-input", SecretInput).focus()

    def compose(self) -> ComposeResult:
        yield Static(
            "Paste an API key and press enter (or Validate API Key). The key stays masked and "
            "cannot be copied out of the field. Press v (outside the field) to validate the "
            "key this console is using.",
            classes="help",
        )
        with Horizontal():
            yield SecretInput(placeholder="API key", id="key-input")
            yield Button("Validate API Key", id="key-validate", variant="primary")
        yield Button("Validate my profile's key (v)", id="key-validate-own")
        yield Label("", id="key-result")

    def _result(self, text: str, kind: str) -> None:
        label = self.query_one("#key-result", Label)
        label.set_classes(f"-{kind}")
        label.update(text)

    @on(Input.Submitted, "#key-input")
    @on(Button.Pressed, "#key-validate")
    def validate_typed(self, event: Any) -> None:
        event.stop()
        key, problem = check_key_text(self.query_one("#key-input", SecretInput).value)
        if problem is not None:
            self._result(problem, "hint")
            return
        assert key is not None
        self.validate_key(Secret(key), "This key")  # masked from here on, even in a repr

    @on(Button.Pressed, "#key-validate-own")
    def _own_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_validate_own()

    def action_validate_own(self) -> None:
        self.validate_key(self.client.api_key, f"The key of profile {self.session.profile}")

    def action_leave_field(self) -> None:
        self.query_one("#key-validate-own", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":  # escape is ours only inside the key field
            return isinstance(self.app.focused, SecretInput)
        return True

    def action_focus_input(self) -> None:
        self.query_one("#key-input", SecretInput).focus()

    @work(exclusive=True, exit_on_error=False, group="developer-keys", description="Validate key")
    async def validate_key(self, key: Any, whose: str) -> None:
        """Ask the server; the key itself is never shown or logged (the client masks it)."""
        self._result("Validating…", "hint")
        try:
            answer = await self.client.api_keys.validate(key)
        except Exception as err:
            self._result("Could not validate (see the notification).", "hint")
            self.report_error(err, "validate an API key")
            return
        if answer.valid:
            role = f"\nRole: {answer.role}" if answer.role else ""
            self._result(f"{VALID}{escape(role)}", "valid")
            self.notify(f"{escape(whose)}: {VALID}{escape(role)}", timeout=4)
        else:
            self._result(INVALID, "invalid")
