"""SVG snapshots (120x40, pinned emulator clock, fixed seed) of the Developer tab.

Update after a deliberate UI change with `pytest tests/tui/test_snapshots_developer.py
--snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from panel_harness import PanelEnv, PanelHost, developer_env, paste, settle

from screens.developer import DeveloperSection

SIZE = (120, 40)


@pytest.fixture
def env() -> Iterator[PanelEnv]:
    """Built synchronously: snap_compare runs the app in its own event loop."""
    env = developer_env()
    yield env
    asyncio.run(env.aclose())


@pytest.fixture
def host(env: PanelEnv) -> PanelHost:
    app, _ = env.host()
    return app


def test_errors_panel(snap_compare: Any, host: PanelHost) -> None:
    """Newest errors first, histogram of the last 24 h, footer keys; the third row selected."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)

    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_errors_panel_filtered(snap_compare: Any, host: PanelHost) -> None:
    """Status 5701 since 08:30 UTC: the filter fields, the status line, fewer rows."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("f")
        await paste(pilot, "5701")
        await pilot.press("tab", "tab")
        await paste(pilot, "2026-11-27T08:30Z")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_credential_management_form(snap_compare: Any, host: PanelHost) -> None:
    """GWS form after a rejected submit: every field marked with its own message."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.query_one(DeveloperSection).show_tab("dev-credentials")
        await settle(pilot)
        await paste(pilot, "http://gws.example.com")
        await pilot.press("tab", "tab")
        await paste(pilot, "short")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)


def test_error_detail(snap_compare: Any, host: PanelHost) -> None:
    """The detail of the third error: record, request summary (key redacted), response JSON."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)

    assert snap_compare(host, terminal_size=SIZE, run_before=run_before)
