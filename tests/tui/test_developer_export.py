"""Developer > Errors export: CSV and JSON of the filtered set, streamed, cancellable."""

from __future__ import annotations

import asyncio
import csv
import json
import os
from pathlib import Path
from typing import Any

from panel_harness import (
    KEYS,
    PanelEnv,
    flat,
    paste,
    screen_text,
    settle,
    static_text,
    wait_until,
)
from textual.widgets import Input, Static

from screens.developer.errors_export import EXPORT_FIELDS
from screens.developer.errors_panel import ErrorsPanel
from screens.dialogs import ConfirmDialog, PromptDialog


async def server_ids(env: PanelEnv, **filters: Any) -> list[str]:
    client, _ = env.client()
    ids: list[str] = []
    async for page in client.errors.iter_pages(limit=500, **filters):
        ids.extend(record.corr_id for record in page.items)
    return ids


async def filter_status(pilot: Any, status: str) -> None:
    await pilot.press("f")
    await paste(pilot, status)
    await pilot.press("enter")
    await settle(pilot)


async def export_to(pilot: Any, key: str, path: Path) -> None:
    """Press the export key, replace the proposed path, confirm, wait for the export."""
    await pilot.press(key)
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, PromptDialog)
    proposed = dialog.query_one("#prompt", Input).value
    assert proposed.endswith(".csv" if key == "e" else ".json")
    assert Path(proposed).parent == Path.cwd()
    await pilot.press("ctrl+u")  # clear the proposal (delete to line start)
    await pilot.press("end", "ctrl+u")
    await paste(pilot, str(path))
    await pilot.press("enter")
    await settle(pilot)


def secrets_absent(text: str) -> None:
    for key in KEYS.values():
        assert key not in text


async def test_export_csv_of_a_filtered_set(
    dev_env: PanelEnv, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setattr(ErrorsPanel, "EXPORT_PAGE_SIZE", 40)  # several pages from the seed
    expected = await server_ids(dev_env, status=[500])
    pages = -(-len(expected) // 40)
    assert pages >= 3
    app, transport = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await filter_status(pilot, "500")
        target = tmp_path / "errors.csv"
        await export_to(pilot, "e", target)
        with target.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert tuple(rows[0].keys()) == EXPORT_FIELDS
        assert [row["corrId"] for row in rows] == expected
        assert {row["httpStatus"] for row in rows} == {"500"}
        status = str(app.query_one("#errors-export", Static).render())
        assert f"Exported {len(expected):,} errors" in status
        secrets_absent(target.read_text(encoding="utf-8"))
        secrets_absent(screen_text(app))
        assert sorted(os.listdir(tmp_path)) == [target.name]  # no temp file left behind
        assert not app.failures
        exports = [r for r in transport.requests if r.url.params.get("limit") == "40"]
        assert len(exports) == pages  # streamed page by page, one request each
        assert all(r.url.params["status"] == "500" for r in exports)


async def test_export_json_of_a_filtered_set(dev_env: PanelEnv, tmp_path: Path) -> None:
    expected = await server_ids(dev_env, status=[5701])
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await filter_status(pilot, "5701")
        target = tmp_path / "errors.json"
        await export_to(pilot, "E", target)
        records = json.loads(target.read_text(encoding="utf-8"))
        assert [r["corrId"] for r in records] == expected
        assert all(tuple(r) == EXPORT_FIELDS and r["statusCode"] == 5701 for r in records)
        assert records[0]["timestamp"].endswith("Z")
        secrets_absent(target.read_text(encoding="utf-8"))


async def test_export_can_be_cancelled_and_leaves_no_file(
    dev_env: PanelEnv, tmp_path: Path
) -> None:
    app, transport = dev_env.host()
    transport.gate = asyncio.Event()  # the second export page never arrives until opened
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        target = tmp_path / "all.csv"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        await paste(pilot, str(target))
        await pilot.press("enter")
        panel = app.query_one(ErrorsPanel)
        status = app.query_one("#errors-export", Static)
        await wait_until(pilot, lambda: "rows (1 pages)" in str(status.render()))
        assert "x cancels" in str(status.render())
        await pilot.press("x")
        await wait_until(pilot, lambda: "cancelled" in str(status.render()))
        assert not target.exists()
        assert os.listdir(tmp_path) == []
        assert app.is_running and not panel.check_action("cancel_export", ())
        transport.gate.set()


async def test_export_to_an_unwritable_place_is_reported(dev_env: PanelEnv, tmp_path: Path) -> None:
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await export_to(pilot, "e", tmp_path / "missing-dir" / "x.csv")
        assert app.is_running
        assert any("Cannot write" in str(n.message) for n in app._notifications)


async def test_exporting_onto_an_existing_file_asks_before_replacing_it(
    dev_env: PanelEnv, tmp_path: Path
) -> None:
    target = tmp_path / "x.csv"
    target.write_text("keep me\n", encoding="utf-8")
    app, _ = dev_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await export_to(pilot, "e", target)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        await wait_until(pilot, lambda: "Replace the existing file?" in screen_text(app))
        shown = screen_text(app)
        assert "already exists; replacing it loses its content." in flat(shown)
        assert any(str(target) in static_text(w) for w in dialog.query(Static))
        assert "Keep file (n)" in shown and "Replace (y)" in shown
        await pilot.press("n")  # keep it: asked again for a path, the file untouched
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.query_one("#prompt", Input).value == str(target)
        assert target.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        with target.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(await server_ids(dev_env))
        assert sorted(os.listdir(tmp_path)) == [target.name]
