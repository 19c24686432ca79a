"""Developer > Credential Management: GWS, Push Notification and CAPTCHA credentials."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Input, TabbedContent, TabPane

from client import BadRequestError
from screens.base import Panel
from screens.developer.credential_forms import (
    KIND_BY_NAME,
    KINDS,
    CredentialForm,
    describe_statistics,
    describe_test,
)
from screens.developer.failure_note import failure_note
from screens.dialogs import ConfirmDialog

if TYPE_CHECKING:
    from client import CredentialKind

# The emulator answers any get-statistic-ex body; a real GWS wants a statistic definition.
STATISTICS_SAMPLE = {
    "statistics": [
        {"objectType": "Queue", "objectId": "*", "name": "CurrNumberWaitingCalls"},
        {"objectType": "Queue", "objectId": "*", "name": "CurrentReadyAgents"},
    ]
}


def field_of_message(message: str, names: set[str]) -> str | None:
    """`clientSecret: must be …` -> `clientSecret` when it is one of the form's fields."""
    head, sep, _ = message.partition(":")
    return head.strip() if sep and head.strip() in names else None


class CredentialsPanel(Panel):
    """One tab per credential kind; the keys act on the shown tab."""

    DEFAULT_CSS = """
    CredentialsPanel { border: round $primary 50%; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Register/update", id="developer.credentials.save"),
        Binding("ctrl+t", "test", "Test", id="developer.credentials.test"),
        Binding("ctrl+r", "delete", "Delete", id="developer.credentials.delete"),
        Binding("f5", "reload", "Reload", id="developer.credentials.reload"),
        Binding("escape", "leave_field", "Leave field", id="developer.credentials.leave_field"),
    ]

    def __init__(self) -> None:
        super().__init__(id="credentials-panel")
        self.border_title = "Credential Management"
        self.credentials: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with TabbedContent(id="cred-tabs"):
            for spec in KINDS:
                with TabPane(spec.title, id=f"cred-tab-{spec.kind}"):
                    yield CredentialForm(spec)

    def focus_default(self) -> None:
        form = self.form(self.kind)
        form.field_input(form.spec.fields[0].name).focus()

    def on_mount(self) -> None:
        self.load_credentials()

    @property
    def kind(self) -> str:
        """The kind of the shown tab."""
        active = self.query_one("#cred-tabs", TabbedContent).active
        return active.removeprefix("cred-tab-") or KINDS[0].kind

    def form(self, kind: str) -> CredentialForm:
        return self.query_one(f"#cred-form-{kind}", CredentialForm)

    @work(
        exclusive=True,
        exit_on_error=False,
        group="developer-credentials-load",
        description="Load credentials",
    )
    async def load_credentials(self) -> None:
        try:
            answer = await self.client.credentials.list()
        except Exception as err:
            self.report_error(err, "load credentials")
            note = failure_note(err, "read the credentials").replace(" r retries.", " f5 retries.")
            for spec in KINDS:
                self.form(spec.kind).show_result(note)
            return
        for credential in answer.items:
            self._show(credential)

    def _show(self, credential: Any) -> None:
        if credential.kind in KIND_BY_NAME:
            self.credentials[credential.kind] = credential
            self.form(credential.kind).show_credential(credential)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        for action in ("save", "test", "delete"):
            prefix = f"cred-{action}-"
            if button.startswith(prefix):
                event.stop()
                getattr(self, f"_{action}")(button.removeprefix(prefix))

    def action_save(self) -> None:
        self._save(self.kind)

    def action_test(self) -> None:
        self._test(self.kind)

    def action_delete(self) -> None:
        self._delete(self.kind)

    def action_leave_field(self) -> None:
        """From a field to the GWS | Push Notification | CAPTCHA strip (arrows switch)."""
        self.query_one("#cred-tabs > ContentTabs").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":  # escape is ours only inside a field
            return isinstance(self.app.focused, Input)
        return True

    def action_reload(self) -> None:
        self.load_credentials()

    def _save(self, kind: str) -> None:
        values = self.form(kind).read()
        if values is not None:
            self.register(kind, values)

    def _test(self, kind: str) -> None:
        self.test(kind)

    def _delete(self, kind: str) -> None:
        title = KIND_BY_NAME[kind].title

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(kind)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the {title} credentials?",
                f"Features that use {title} stop working until new credentials are registered.",
                yes="Delete",
                no="Keep credentials",
                danger=True,
            ),
            answered,
        )

    @work(
        exclusive=True, exit_on_error=False, group="developer-credentials", description="Register"
    )
    async def register(self, kind: str, values: dict[str, str]) -> None:
        form = self.form(kind)
        form.show_result("Registering…")
        try:
            kind_ = cast("CredentialKind", kind)
            credential = await self.client.credentials.register(kind_, values)
        except Exception as err:
            if isinstance(err, BadRequestError):
                field = field_of_message(err.message, {f.name for f in form.spec.fields})
                if field is not None:
                    form.show_field_error(field, f"Server: {err.message}")
                    form.field_input(field).focus()
            form.show_result("Not registered (see the notification).")
            self.report_error(err, f"register {KIND_BY_NAME[kind].title} credentials")
            return
        form.clear_secrets()
        self._show(credential)
        form.show_result(Text("Registered. Secrets are write-only: shown masked, never returned."))
        self.notify(f"{KIND_BY_NAME[kind].title} credentials registered.", timeout=4)
        if kind == "gws":
            await self._statistics_sample(form)

    async def _statistics_sample(self, form: CredentialForm) -> None:
        try:
            stats = await self.client.statistics.get(STATISTICS_SAMPLE)
        except Exception as err:
            form.show_statistics(Text("The statistics sample failed (see the notification)."))
            self.report_error(err, "fetch a statistics sample")
            return
        form.show_statistics(describe_statistics(stats.values))

    @work(exclusive=True, exit_on_error=False, group="developer-credentials", description="Test")
    async def test(self, kind: str) -> None:
        form = self.form(kind)
        form.show_result("Testing…")
        try:
            result = await self.client.credentials.test(cast("CredentialKind", kind))
        except Exception as err:
            form.show_result("Test not run (see the notification).")
            self.report_error(err, f"test {KIND_BY_NAME[kind].title} credentials")
            return
        form.show_result(describe_test(result))
        self.load_credentials()  # the view shows the last test

    @work(exclusive=True, exit_on_error=False, group="developer-credentials", description="Delete")
    async def delete(self, kind: str) -> None:
        form = self.form(kind)
        try:
            credential = await self.client.credentials.delete(cast("CredentialKind", kind))
        except Exception as err:
            self.report_error(err, f"delete {KIND_BY_NAME[kind].title} credentials")
            return
        self._show(credential)
        form.show_result(f"{KIND_BY_NAME[kind].title} credentials deleted.")
        self.notify(f"{KIND_BY_NAME[kind].title} credentials deleted.", timeout=4)
