"""Regenerate `errors-panel.svg` (the README's screenshot) from the running console.

    python docs/screenshots/errors_panel.py

The console runs against the in-process emulator with a pinned clock and the fixed seed, so the
picture only changes when the UI does. No socket is opened and no demo key is shown.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from callback_tui.app import CallbackConsole
from callback_tui.launch import identify
from callback_tui.mock import create_app
from callback_tui.mock.clock import FixedClock
from client import CallbackClient
from screens.base import Session
from screens.developer.errors_panel import ErrorsPanel

HERE = Path(__file__).resolve().parent
PINNED = datetime(2026, 11, 27, 14, 30, tzinfo=UTC)
SIZE = (120, 40)


async def main() -> None:
    key = "screenshot-admin-key-000000000000000001"
    emulator = create_app(":memory:", clock=FixedClock(PINNED), keys={"Administrator": key})
    client = CallbackClient.for_asgi(emulator, key)
    session = Session(profile="demo", base_url="http://127.0.0.1:8123", key_source="mock demo key")
    identified = await identify(client, session)
    app = CallbackConsole(client, identified.session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")  # the Developer section
        for _ in range(50):  # until the panel is mounted and its first page and histogram are in
            await app.workers.wait_for_complete()
            await pilot.pause()
            panels = app.screen.query(ErrorsPanel)
            if panels and panels.first().table.row_count:
                break
        await pilot.press("down", "down")
        await pilot.pause()
        app.save_screenshot(filename="errors-panel.svg", path=str(HERE))
    await client.aclose()
    emulator.state.emulator.store.close()
    print(HERE / "errors-panel.svg")


if __name__ == "__main__":
    asyncio.run(main())
