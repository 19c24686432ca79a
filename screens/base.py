"""Shared base for every panel: access to the client and session, the central error path, copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane

from screens.roles import Capability, role_can
from screens.text import escape

if TYPE_CHECKING:
    from client import CallbackClient


@dataclass(frozen=True)
class Session:
    """Who and where the console is signed in; shown in the status bar, used for gating."""

    profile: str
    base_url: str
    key_source: str  # e.g. "prompt", "stdin", "env CALLBACK_API_KEY", "keyring", "mock demo key"
    role: str | None = None  # from /console/v1/me; None on a backend without the console API
    user: str | None = None
    tenant: str | None = None
    ges_version: str | None = None
    console_api: bool = True  # False: a real GES tenant; console-only panels say so

    def can(self, capability: Capability) -> bool:
        return role_can(self.role, capability)


class ConsoleHost(Protocol):
    """What panels need from the App (attributes down)."""

    @property
    def client(self) -> CallbackClient: ...

    @property
    def session(self) -> Session: ...


class ApiFailed(Message):
    """A call failed; the App shows it (toast + last-errors list) in one place."""

    def __init__(self, error: BaseException, action: str) -> None:
        super().__init__()
        self.error = error
        self.action = action


class Panel(Widget):
    """Base for panels: `self.client`, `self.session`, `self.report_error()`, `self.copy()`.

    Network work goes in `@work(exclusive=True, exit_on_error=False, group=...)` async workers
    that post messages; handlers update widgets. Server text is escaped before it renders.
    """

    DEFAULT_CSS = """
    Panel { height: 1fr; }
    """

    @property
    def host(self) -> ConsoleHost:
        return cast("ConsoleHost", self.app)

    @property
    def client(self) -> CallbackClient:
        return self.host.client

    @property
    def session(self) -> Session:
        return self.host.session

    def is_shown(self) -> bool:
        """True when every tab pane around this panel is the active one of its tabs.

        A panel whose data arrives while its tab is hidden must not take the focus: focusing a
        widget in a hidden pane makes TabbedContent switch back to that pane.
        """
        for node in self.ancestors_with_self:
            if isinstance(node, TabPane):
                tabs = node.parent.parent if node.parent is not None else None
                if isinstance(tabs, TabbedContent) and tabs.active != node.id:
                    return False
        return True

    def report_error(self, error: BaseException, action: str) -> None:
        self.post_message(ApiFailed(error, action))

    def copy(self, text: str, what: str = "Correlation ID") -> None:
        copy_text(self, text, what)


def copy_text(widget: Widget, text: str, what: str) -> None:
    """Copy over OSC 52 (works over SSH) and always confirm with a toast showing the value."""
    widget.app.copy_to_clipboard(text)
    widget.notify(
        f"{escape(what)} copied: {escape(text)}\n"
        "(sent over OSC 52; if your terminal ignores it, select the text on screen)",
        title="Copied",
        timeout=6,
    )


class NotAvailable(Static):
    """Placeholder for console-only panels on a backend without the console API."""

    DEFAULT_CSS = """
    NotAvailable { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, what: str) -> None:
        super().__init__(
            f"[b]{escape(what)}[/b] is not available on this backend.\n\n"
            "This panel uses the console API (/console/v1), which a GES tenant does not publish. "
            "Everything of the GES public API (callbacks, open-for, availability, queue status) "
            "keeps working."
        )
