"""One-line status bar: profile, base URL, role, key source, backend health, tenant config, GES."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from screens import clock

HEALTH_STYLES = {
    "connecting": "yellow",
    "ok": "green",
    "down": "bold red",
    "auth": "bold red",
    "no console API": "yellow",
    "error": "bold red",
}


@dataclass(frozen=True)
class StatusInfo:
    profile: str = ""
    base_url: str = ""
    role: str | None = None
    key_source: str = ""
    health: str = "connecting"  # a key of HEALTH_STYLES
    health_detail: str = ""
    tenant_refreshed: datetime | None = None
    ges_version: str | None = None


def age_text(then: datetime, now: datetime | None = None) -> str:
    """`12m ago` from `now` (default: the console's clock)."""
    seconds = int(((now or clock.now()) - then).total_seconds())
    if seconds < 0:
        return "just now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


class StatusBar(Static):
    """Docked at the top of the main screen; `update_info(**changes)` redraws it."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top; height: 1; background: $panel; color: $text; padding: 0 1;
    }
    """

    def __init__(self, info: StatusInfo, *, id: str | None = "status-bar") -> None:
        super().__init__(id=id)
        self.info = info

    def on_mount(self) -> None:
        self._redraw()

    def update_info(self, **changes: object) -> None:
        self.info = replace(self.info, **changes)  # type: ignore[arg-type]
        self._redraw()

    def _redraw(self) -> None:
        self.update(self.render_text())

    def render_text(self) -> Text:
        info = self.info
        text = Text(no_wrap=True, overflow="ellipsis")
        sep = (" │ ", "dim")
        text.append(info.profile or "-", "bold")
        text.append(*sep)
        text.append(info.base_url or "-")
        text.append(*sep)
        text.append(info.role or "role unknown", "bold")
        text.append(*sep)
        label = {
            "ok": "online",
            "down": "CONNECTION LOST",
            "connecting": "connecting…",
            "auth": "key rejected",
        }.get(info.health, info.health)
        text.append(label, HEALTH_STYLES.get(info.health, ""))
        if info.health_detail:
            text.append(f" ({info.health_detail})", "dim")
        text.append(*sep)
        text.append(f"key: {info.key_source or '-'}")
        if info.tenant_refreshed is not None:
            text.append(*sep)
            text.append(f"tenant cfg {age_text(info.tenant_refreshed)}")
        if info.ges_version:
            text.append(*sep)
            text.append(f"GES {info.ges_version}")
        return text
