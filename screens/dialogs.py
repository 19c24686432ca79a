"""Small modal dialogs shared by panels: confirm, prompt for text, show long text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from screens.secret_input import SecretInput
from screens.text import escape

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 72; max-width: 95%; height: auto; max-height: 90%;
    border: thick $primary; background: $surface; padding: 1 2;
}}
{name} .title {{ text-style: bold; margin-bottom: 1; }}
{name} .buttons {{ height: auto; margin-top: 1; align-horizontal: right; }}
{name} .buttons Button {{ margin-left: 2; }}
{name} .error {{ color: $error; height: auto; }}
"""


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no question; `y`/enter confirms, `n`/escape cancels. Dismisses with a bool.

    `yes` and `no` label the two buttons: name what each does when "Cancel" would be
    ambiguous (e.g. yes="Cancel callback", no="Keep callback").
    """

    DEFAULT_CSS = _DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(
        self, title: str, body: str, *, yes: str = "Yes", no: str = "Back", danger: bool = False
    ) -> None:
        super().__init__()
        self._title, self._body, self._danger = title, body, danger
        self._yes, self._no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(escape(self._title), classes="title")
            yield Static(escape(self._body))
            with Horizontal(classes="buttons"):
                yield Button(f"{self._no} (n)", id="no")
                yield Button(
                    f"{self._yes} (y)", id="yes", variant="error" if self._danger else "primary"
                )

    def on_mount(self) -> None:
        self.query_one("#no" if self._danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text (e.g. an export path). Dismisses with the text or None.

    With `password=True` the field is a `SecretInput`: masked, no copy or cut (API keys).
    """

    DEFAULT_CSS = _DIALOG_CSS.format(name="PromptDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(
        self, title: str, *, value: str = "", placeholder: str = "", password: bool = False
    ) -> None:
        super().__init__()
        self._title, self._value, self._placeholder = title, value, placeholder
        self._password = password

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(escape(self._title), classes="title")
            field = SecretInput if self._password else Input
            yield field(self._value, placeholder=self._placeholder, id="prompt")
            yield Static("", classes="error", id="prompt-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("OK (enter)", id="ok", variant="primary")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        value = self.query_one("#prompt", Input).value.strip()
        if not value:
            self.query_one("#prompt-error", Static).update("A value is required.")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[None]):
    """Scrollable read-only text (long errors, JSON); `c` copies, escape/q closes."""

    DEFAULT_CSS = (
        _DIALOG_CSS.format(name="TextDialog")
        + """
    TextDialog > Vertical { width: 100; height: 80%; }
    TextDialog VerticalScroll { height: 1fr; }
    """
    )
    BINDINGS = [
        Binding("escape,q", "close", "Close", id="dialog.close"),
        Binding("c,y", "copy", "Copy", id="dialog.copy"),
    ]

    def __init__(self, title: str, text: str, *, copy_value: str | None = None) -> None:
        super().__init__()
        self._title, self._text = title, text
        self._copy_value = copy_value if copy_value is not None else text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(escape(self._title), classes="title")
            with VerticalScroll():
                yield Static(self._text, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self._copy_value)
        self.notify("Copied (OSC 52).", title="Copied")
