"""A Footer that rebuilds its key hints only when they change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer recomposes every key on each bindings refresh, twice per focus move
    (~15 ms each on our screens); this one coalesces the refreshes of a frame into one check
    and recomposes only when the shown keys actually changed. Measured in the Errors panel:
    rows painted after a search 63-74 ms -> 21-39 ms with the focus fix, and the footer's
    rebuilds were most of what was left.
    """

    _scheduled = False
    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._scheduled:
            self._scheduled = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._scheduled = False
        if not self.is_attached:
            return
        shown = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
