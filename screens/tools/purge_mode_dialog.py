"""Modal to choose a service's purge mode: end of business day, after N minutes, or off."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from screens.text import escape

MODES = ("endOfBusinessDay", "afterDuration", "off")
_LABELS = {
    "endOfBusinessDay": "End of business day (offices with business hours)",
    "afterDuration": "After a duration (24/7 centres)",
    "off": "Off (never purge automatically)",
}
MAX_AFTER_MINUTES = 60 * 24 * 365


@dataclass(frozen=True)
class PurgeChoice:
    mode: str
    after_minutes: int | None


class PurgeModeDialog(ModalScreen[PurgeChoice | None]):
    """Pick a mode with the arrow keys; the minutes field counts only for "after a duration"."""

    DEFAULT_CSS = """
    PurgeModeDialog { align: center middle; }
    PurgeModeDialog > Vertical {
        width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    PurgeModeDialog .title { text-style: bold; margin-bottom: 1; }
    PurgeModeDialog RadioSet { width: 100%; }
    PurgeModeDialog #purge-minutes-row { height: auto; margin-top: 1; }
    PurgeModeDialog #purge-minutes-row Label { padding: 1 1 0 0; }
    PurgeModeDialog #purge-minutes { width: 16; }
    PurgeModeDialog #purge-mode-error { color: $error; height: auto; }
    PurgeModeDialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    PurgeModeDialog .buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tools.purge_mode.cancel"),
        Binding("ctrl+s", "save", "Save", id="tools.purge_mode.save"),
    ]

    def __init__(self, service: str, mode: str, after_minutes: int | None) -> None:
        super().__init__()
        self._service = service
        self._mode = mode if mode in MODES else MODES[0]
        self._after = after_minutes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Purge mode of {escape(self._service)}", classes="title")
            with RadioSet(id="purge-mode"):
                for mode in MODES:
                    yield RadioButton(_LABELS[mode], value=mode == self._mode, id=f"mode-{mode}")
            with Horizontal(id="purge-minutes-row"):
                yield Label("Purge after (minutes, for “after a duration”):")
                yield Input(
                    str(self._after or 1440),
                    id="purge-minutes",
                    type="integer",
                    max_length=6,
                    disabled=self._mode != "afterDuration",
                )
            yield Static("", id="purge-mode-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _selected_mode(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self._mode
        return pressed.id.removeprefix("mode-")

    @on(RadioSet.Changed)
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.query_one("#purge-minutes", Input).disabled = self._selected_mode() != "afterDuration"

    @on(Input.Submitted, "#purge-minutes")
    def _minutes_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        mode = self._selected_mode()
        minutes_input = self.query_one("#purge-minutes", Input)
        after: int | None = None
        if mode == "afterDuration":
            try:
                after = int(minutes_input.value)
            except ValueError:
                after = 0
            if not 1 <= after <= MAX_AFTER_MINUTES:
                minutes_input.add_class("-invalid")
                minutes_input.focus()
                self.query_one("#purge-mode-error", Static).update(
                    f"Minutes: a whole number from 1 to {MAX_AFTER_MINUTES}."
                )
                return
        self.dismiss(PurgeChoice(mode, after))

    def action_cancel(self) -> None:
        self.dismiss(None)
