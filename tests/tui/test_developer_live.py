"""Developer > Errors live mode: picks up new errors, never overlaps polls, pauses when hidden."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from panel_harness import PanelEnv, settle, wait_until
from textual.widgets import DataTable

from client import BadRequestError
from screens.developer import DeveloperSection
from screens.developer.errors_panel import ErrorsPanel


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch: Any) -> None:
    monkeypatch.setattr(ErrorsPanel, "LIVE_INTERVAL", 0.02)


def first_id(app: Any) -> str:
    return str(app.query_one("#errors-table", DataTable).get_row_at(0)[0])


async def cause_a_400(env: PanelEnv) -> str:
    client, _ = env.client("Developer")
    with pytest.raises(BadRequestError) as failed:
        await client.callbacks.create("Support_247", "12")
    assert failed.value.correlation_id
    return failed.value.correlation_id


async def test_live_mode_picks_up_a_new_error(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = app.query_one(ErrorsPanel)
        await pilot.press("l")
        assert panel.live and "live" in str(panel.border_title)
        dev_env.clock.advance(timedelta(minutes=1))
        new_id = await cause_a_400(dev_env)
        await wait_until(pilot, lambda: first_id(app) == new_id)
        # notify() posts a message handled after the rows: wait for the toast itself.
        await wait_until(
            pilot, lambda: any("1 new error" in str(n.message) for n in app._notifications)
        )
        polls = transport.error_list_requests
        await wait_until(pilot, lambda: transport.error_list_requests >= polls + 3)
        assert transport.max_in_flight == 1  # the next poll starts after the last one ended
        await pilot.press("l")
        assert not panel.live and str(panel.border_title) == "Errors"
        await settle(pilot)
        stopped_at = transport.error_list_requests
        await pilot.pause(0.15)
        assert transport.error_list_requests == stopped_at


async def test_live_mode_pauses_while_the_tab_is_hidden(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        base = transport.error_list_requests
        await wait_until(pilot, lambda: transport.error_list_requests > base)
        app.query_one(DeveloperSection).show_tab("dev-cors")
        await settle(pilot)
        hidden_at = transport.error_list_requests
        await pilot.pause(0.2)  # ten poll intervals: none may go out while hidden
        assert transport.error_list_requests == hidden_at
        app.query_one(DeveloperSection).show_tab("dev-errors")
        await wait_until(pilot, lambda: transport.error_list_requests > hidden_at)


async def test_live_mode_survives_the_backend_going_down(dev_env: PanelEnv) -> None:
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        transport.down = True
        base = len(transport.requests)
        await wait_until(pilot, lambda: len(transport.requests) >= base + 3)
        assert app.is_running
        assert len(app.failures) == 1  # one toast per outage, not one per poll
        transport.down = False
        dev_env.clock.advance(timedelta(minutes=1))
        new_id = await cause_a_400(dev_env)
        await wait_until(pilot, lambda: first_id(app) == new_id)
