"""Tools > Refetch Tenant Configuration: the configuration, its age, refetch now, what changed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Label, Static

from screens import clock
from screens.base import NotAvailable, Panel
from screens.status_bar import TenantRefreshed
from screens.text import escape
from screens.tools import meanings

if TYPE_CHECKING:
    from client.models import TenantConfig

_AGE_TICK_SECONDS = 15.0


def flatten(value: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Leaf settings as (dotted path, value), the same paths refetch reports changes with."""
    for key in sorted(value, key=str):
        path = f"{prefix}.{key}" if prefix else str(key)
        item = value[key]
        if isinstance(item, Mapping) and item:
            yield from flatten(item, path)
        else:
            yield path, item


class TenantPanel(Panel):
    """Shows the tenant configuration; `r` refetches it now and lists the changes."""

    DEFAULT_CSS = """
    TenantPanel { padding: 0 1; }
    TenantPanel .bar { height: auto; }
    TenantPanel .bar Label { width: 1fr; padding-top: 1; text-style: bold; }
    TenantPanel #tenant-summary { height: auto; margin-bottom: 1; }
    TenantPanel #tenant-age { height: auto; }
    TenantPanel #tenant-changes-title { margin-top: 1; text-style: bold; }
    TenantPanel #tenant-changes { height: auto; color: $text; }
    TenantPanel #tenant-settings { height: auto; max-height: 16; }
    """

    BINDINGS = [
        Binding(
            "r",
            "refetch",
            "Refetch now",
            id="tools.tenant.refetch",
            tooltip="Re-read the tenant configuration now and show what changed",
        ),
        Binding(
            "ctrl+r",
            "reload",
            "Reload view",
            show=False,
            id="tools.tenant.reload",
            tooltip="Read the configuration again without refetching it",
        ),
    ]

    class Loaded(Message):
        """The configuration arrived; `refetched` when it came from a refetch."""

        def __init__(self, config: TenantConfig, *, refetched: bool) -> None:
            super().__init__()
            self.config = config
            self.refetched = refetched

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._config: TenantConfig | None = None

    def compose(self) -> ComposeResult:
        if not self.session.console_api:
            yield NotAvailable("Refetch Tenant Configuration")
            return
        with VerticalScroll():
            with Horizontal(classes="bar"):
                yield Label("Tenant configuration")
                yield Button("Refetch now (r)", id="tenant-refetch", variant="primary")
            yield Static("Loading…", id="tenant-summary")
            yield Static("", id="tenant-age")
            yield Label("Changes from the last refetch", id="tenant-changes-title")
            yield Static("Not refetched in this session yet.", id="tenant-changes")
            yield Label("Settings", classes="bar")
            yield DataTable(id="tenant-settings", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        if not self.session.console_api:
            return
        table = self.query_one("#tenant-settings", DataTable)
        table.add_columns("Setting", "Value")
        self.set_interval(_AGE_TICK_SECONDS, self._show_age)
        self.load()

    def focus_default(self) -> bool:
        """Focus the settings list, from where `r` (refetch) and ctrl+r (reload) work."""
        if not self.session.console_api:
            return False
        self.screen.set_focus(self.query_one("#tenant-settings", DataTable))
        return True

    # -- actions ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("refetch", "reload"):
            return self.session.console_api
        return True

    def action_refetch(self) -> None:
        self.query_one("#tenant-changes", Static).update("Refetching…")
        self.refetch()

    def action_reload(self) -> None:
        self.load()

    @on(Button.Pressed, "#tenant-refetch")
    def _refetch_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_refetch()

    # -- workers ------------------------------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="tools.tenant.load", description="Load")
    async def load(self) -> None:
        try:
            config = await self.client.tenant.get()
        except Exception as err:
            self.report_error(err, "load the tenant configuration")
            self.query_one("#tenant-summary", Static).update(
                "Could not load the configuration. Press [b]ctrl+r[/b] to try again."
            )
            return
        self.post_message(self.Loaded(config, refetched=False))

    @work(exclusive=True, exit_on_error=False, group="tools.tenant.refetch", description="Refetch")
    async def refetch(self) -> None:
        try:
            config = await self.client.tenant.refetch()
        except Exception as err:
            self.report_error(err, "refetch the tenant configuration")
            self.query_one("#tenant-changes", Static).update("Refetch failed (see the error).")
            return
        self.post_message(self.Loaded(config, refetched=True))

    # -- rendering ----------------------------------------------------------------------------
    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        config = message.config
        self._config = config
        self.query_one("#tenant-summary", Static).update(
            f"[b]{escape(config.name or config.id)}[/b] (id {escape(config.id)}) · "
            f"region {escape(config.region or '—')} · source {escape(config.source or '—')}"
        )
        self._show_age()
        table = self.query_one("#tenant-settings", DataTable)
        table.clear()
        for path, value in flatten(config.settings):
            table.add_row(Text(path), Text(meanings.value_text(value)), key=path)
        if message.refetched:
            self._show_changes(list(getattr(config, "changes", None) or []))
        if config.last_refreshed is not None:
            self.post_message(TenantRefreshed(config.last_refreshed))  # the status bar's age

    def _show_age(self) -> None:
        config = self._config
        if config is None:
            return
        age = self.query_one("#tenant-age", Static)
        last = config.last_refreshed
        if last is None:
            age.update("The server does not say when the configuration was last refreshed.")
            return
        now = clock.now()
        interval = config.refresh_interval_min or 30
        upcoming = config.next_refresh or last + timedelta(minutes=interval)
        stamp = last.astimezone(clock.local_zone())
        age.update(
            f"Last refreshed {stamp:%Y-%m-%d %H:%M:%S %Z}: "
            + meanings.refresh_summary(last, upcoming, interval, now)
        )

    def _show_changes(self, changes: list[Any]) -> None:
        target = self.query_one("#tenant-changes", Static)
        stamp = clock.now().astimezone(clock.local_zone())
        if not changes:
            target.update(f"Refetched at {stamp:%H:%M:%S}: No changes.")
            return
        lines = [f"Refetched at {stamp:%H:%M:%S}: {len(changes)} change(s)"]
        for change in changes:
            lines.append(
                f"  {escape(str(change.path))}: "
                f"{escape(meanings.value_text(change.before))} -> "
                f"{escape(meanings.value_text(change.after))}"
            )
        target.update("\n".join(lines))
