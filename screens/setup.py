"""First-run setup: base URL, masked API key, test the connection, save the profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from screens.secret_input import SecretInput
from screens.text import escape

if TYPE_CHECKING:
    from client import CallbackClient, Secret

ClientFactory = Callable[[str, "Secret", bool], "CallbackClient"]


@dataclass(frozen=True)
class SetupResult:
    profile: str
    base_url: str
    key: Secret
    verify: bool


def default_client_factory(base_url: str, key: Secret, verify: bool) -> CallbackClient:
    from client import CallbackClient

    return CallbackClient(base_url, key, verify=verify, max_retries=0)


def check_url(url: str) -> str | None:
    """An error message for a base URL the console cannot use, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "Base URL must look like https://host[:port]"
    return None


async def describe_connection(client: CallbackClient) -> tuple[bool, str]:
    """(usable, what happened) for the Test connection button."""
    from client import (
        ApiConnectionError,
        AuthenticationError,
        CallbackClientError,
        NotFoundError,
        ProtocolError,
    )

    try:
        me = await client.me()
    except AuthenticationError:
        return False, "Invalid API key (401): the backend refused this key."
    except (NotFoundError, ProtocolError):
        # A GES tenant without the console API: check the key with a public GES GET instead.
        try:
            await client.queues.status("callback-tui-connection-test")
        except AuthenticationError:
            return False, "Invalid API key (401): the backend refused this key."
        except NotFoundError:
            pass  # the key was accepted; the queue just does not exist
        except CallbackClientError as exc:
            return False, f"Reachable, but the GES check failed: {exc}"
        return True, (
            "Connected. This backend has no console API (/console/v1): the Developer and "
            "Tools panels will say 'not available on this backend'."
        )
    except ApiConnectionError as exc:
        return False, f"Backend unreachable: {exc.message}"
    except CallbackClientError as exc:
        return False, f"The backend answered with an error: {exc}"
    return True, f"Connected as {me.role} on tenant {me.tenant.name or me.tenant.id}."


class SetupScreen(Screen[SetupResult | None]):
    """Shown on the first run (no profile, no base URL). Dismisses with what to save."""

    DEFAULT_CSS = """
    SetupScreen { align: center middle; }
    SetupScreen > Vertical {
        width: 80; max-width: 95%; height: auto; border: thick $primary;
        background: $surface; padding: 1 2;
    }
    SetupScreen .title { text-style: bold; margin-bottom: 1; }
    SetupScreen Label { margin-top: 1; }
    SetupScreen #result { height: auto; margin-top: 1; }
    SetupScreen #result.-ok { color: $success; }
    SetupScreen #result.-bad { color: $error; }
    SetupScreen .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    SetupScreen .buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("ctrl+t", "test", "Test connection", id="setup.test", priority=True),
        Binding("ctrl+s", "save", "Save profile", id="setup.save", priority=True),
        Binding("escape", "cancel", "Quit", id="setup.cancel"),
    ]

    def __init__(self, *, base_url: str = "", client_factory: ClientFactory | None = None) -> None:
        super().__init__()
        self._base_url = base_url
        self._client_factory = client_factory or default_client_factory

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Welcome to callback-tui — connect to a Callback backend", classes="title")
            yield Static(
                "No profile is configured yet. Enter the backend URL and an API key; the key is "
                "kept in the OS keyring when there is one (otherwise in memory for this "
                "session). Try `callback-tui --mock` for the bundled emulator."
            )
            yield Label("Profile name")
            yield Input("default", id="profile")
            yield Label("Base URL")
            yield Input(self._base_url, placeholder="https://api-usw1.genhtcc.com", id="base-url")
            yield Label("API key (hidden; paste it)")
            yield SecretInput(id="api-key")
            yield Checkbox("Verify TLS certificates", value=True, id="verify")
            yield Static("", id="result")
            with Horizontal(classes="buttons"):
                yield Button("Quit (esc)", id="cancel")
                yield Button("Test connection (ctrl+t)", id="test")
                yield Button("Save and open (ctrl+s)", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#base-url" if not self._base_url else "#api-key", Input).focus()

    def _values(self) -> tuple[str, str, Secret, bool] | None:
        from client import Secret

        profile = self.query_one("#profile", Input).value.strip()
        base_url = self.query_one("#base-url", Input).value.strip().rstrip("/")
        key = self.query_one("#api-key", SecretInput).value.strip()
        problem = check_url(base_url)
        if not profile:
            problem = "A profile name is required."
        elif problem is None and not key:
            problem = "An API key is required."
        if problem:
            self._show(False, problem)
            return None
        return profile, base_url, Secret(key), self.query_one("#verify", Checkbox).value

    def _show(self, ok: bool, text: str) -> None:
        result = self.query_one("#result", Static)
        result.set_class(ok, "-ok")
        result.set_class(not ok, "-bad")
        result.update(escape(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"test": self.action_test, "save": self.action_save}.get(
            event.button.id or "", self.action_cancel
        )()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_test(self) -> None:
        values = self._values()
        if values is not None:
            self._show(True, "Testing…")
            self._test(values[1], values[2], values[3])

    @work(exclusive=True, group="setup-test", exit_on_error=False, description="Test connection")
    async def _test(self, base_url: str, key: Secret, verify: bool) -> None:
        client = self._client_factory(base_url, key, verify)
        try:
            ok, text = await describe_connection(client)
        finally:
            await client.aclose()
        self._show(ok, text)

    def action_save(self) -> None:
        values = self._values()
        if values is not None:
            profile, base_url, key, verify = values
            self.dismiss(SetupResult(profile, base_url, key, verify))

    def action_cancel(self) -> None:
        self.dismiss(None)
