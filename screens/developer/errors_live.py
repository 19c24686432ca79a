"""Live mode of the Errors panel: poll the first page, one request at a time, only when shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from screens.developer.errors_filters import ErrorFilters

if TYPE_CHECKING:
    from screens.developer.errors_panel import ErrorsPanel


class LivePoller:
    """Asks for the first page every `panel.LIVE_INTERVAL` seconds while `panel.live` is on.

    The next poll is scheduled only when the previous one has finished (`set_timer`, not
    `set_interval`), so a slow backend never sees overlapping requests. A tick while the tab is
    hidden, a dialog is open or the user paged away sends nothing and just waits for the next.
    """

    def __init__(self, panel: ErrorsPanel) -> None:
        self._panel = panel
        self._timer: Timer | None = None
        self.failing = False  # one toast per outage, not one per poll

    def start(self) -> None:
        self.stop()
        self.failing = False
        self._schedule()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _schedule(self) -> None:
        self._timer = self._panel.set_timer(self._panel.LIVE_INTERVAL, self._tick)

    def _tick(self) -> None:
        self._timer = None
        panel = self._panel
        if not panel.live:
            return
        if not panel.shown_to_user() or panel.page_number > 1:
            self._schedule()
            return
        panel.run_worker(
            self._poll(panel.filters),
            group="developer-errors-live",
            exclusive=True,
            exit_on_error=False,
        )

    async def _poll(self, filters: ErrorFilters) -> None:
        panel = self._panel
        try:
            page = await panel.client.errors.list(**filters.as_params(), limit=panel.PAGE_SIZE)
        except Exception as err:
            if not self.failing:
                panel.report_error(err, "poll for new errors")
            self.failing = True
            panel.show_message("Live: the backend does not answer; retrying.")
        else:
            if self.failing:
                panel.show_message("")
            self.failing = False
            if filters == panel.filters and panel.page_number == 1:
                panel.show_live_page(page)
        finally:
            if panel.live and self._timer is None:
                self._schedule()
