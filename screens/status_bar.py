"""One-line status bar: profile, base URL, role, key source, backend health, tenant config, GES."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from rich.text import Text
from textual.message import Message
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


class TenantRefreshed(Message):
    """The tenant configuration was (re)read; bubbles to the App, which updates the status bar.

    Posted by the Tools tab's tenant panel after it loads or refetches the configuration.
    """

    def __init__(self, last_refreshed: datetime) -> None:
        super().__init__()
        self.last_refreshed = last_refreshed


# The key source in few characters, for a narrow status bar.
SHORT_KEY_SOURCES = {
    "prompt (in memory, this session only)": "prompt, memory",
    "prompt (saved to OS keyring)": "prompt, keyring",
    "env CALLBACK_API_KEY": "env",
    "OS keyring": "keyring",
    "key file (0600)": "file",
    "mock demo key": "demo",
    "--api-key-stdin": "stdin",
}
HEALTH_LABELS = {
    "ok": "online",
    "down": "CONNECTION LOST",
    "connecting": "connecting…",
    "auth": "key rejected",
}
SEPARATOR = " │ "


@dataclass
class _Part:
    """One field of the status bar; when the bar is too narrow it is shortened (`shorten`
    ranks which first: 1 before 2...) and then dropped (`drop` ranks the same way)."""

    full: str
    short: str
    style: str = ""
    shorten: int = 0  # 0: has no short form
    drop: int = 0  # 0: never dropped
    detail: str = ""  # dim text after the field (health detail), dropped with `shorten`
    is_short: bool = False

    def text(self) -> str:
        if self.is_short:
            return self.short
        return self.full + (f" ({self.detail})" if self.detail else "")


def _short_key_source(source: str) -> str:
    if source in SHORT_KEY_SOURCES:
        return SHORT_KEY_SOURCES[source]
    return source if len(source) <= 14 else source[:13] + "…"


def _short_url(url: str) -> str:
    return url.split("://", 1)[-1]


class StatusBar(Static):
    """Docked at the top of the main screen; `update_info(**changes)` redraws it.

    The tenant configuration's age re-renders every `AGE_REFRESH_S`; when the bar is too narrow,
    fields are shortened and then dropped, health and role last (`render_text`).
    """

    AGE_REFRESH_S = 30.0
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
        self.set_interval(self.AGE_REFRESH_S, self._redraw, name="tenant-age")

    def on_resize(self) -> None:
        self._redraw()

    def update_info(self, **changes: object) -> None:
        self.info = replace(self.info, **changes)  # type: ignore[arg-type]
        self._redraw()

    def _redraw(self) -> None:
        self.update(self.render_text())

    def _parts(self) -> list[_Part]:
        info = self.info
        label = HEALTH_LABELS.get(info.health, info.health)
        key = info.key_source or "-"
        url = info.base_url or "-"
        parts = [
            _Part(info.profile or "-", info.profile or "-", "bold", drop=1),
            _Part(url, _short_url(url), shorten=4, drop=5),
            _Part(info.role or "role unknown", info.role or "role unknown", "bold"),
            _Part(label, label, HEALTH_STYLES.get(info.health, ""), 3, detail=info.health_detail),
            _Part(f"key: {key}", f"key: {_short_key_source(key)}", shorten=1, drop=2),
        ]
        if info.tenant_refreshed is not None:
            age = age_text(info.tenant_refreshed)
            parts.append(_Part(f"tenant cfg {age}", f"cfg {age}", shorten=2, drop=3))
        if info.ges_version:
            parts.append(_Part(f"GES {info.ges_version}", f"GES {info.ges_version}", drop=4))
        return parts

    def render_text(self, width: int | None = None) -> Text:
        """The bar's text for `width` cells (default: the widget's content width). Too wide:
        shorten the key source, tenant age, health detail, URL (in that order), then drop the
        profile, key source, tenant age, GES version, URL; health and role always stay."""
        if width is None:
            width = self.content_size.width if self.is_mounted else 0
        parts = self._parts()

        def fits() -> bool:
            shown = [p.text() for p in parts]
            return width <= 0 or sum(map(len, shown)) + len(SEPARATOR) * (len(shown) - 1) <= width

        for rank in range(1, 5):
            if fits():
                break
            for part in parts:
                part.is_short = part.is_short or part.shorten == rank
        for rank in range(1, 6):
            if fits():
                break
            parts = [p for p in parts if p.drop != rank]
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, part in enumerate(parts):
            if index:
                text.append(SEPARATOR, "dim")
            text.append(part.short if part.is_short else part.full, part.style)
            if part.detail and not part.is_short:
                text.append(f" ({part.detail})", "dim")
        return text
