"""The Callbacks tab on the classic 80x24 terminal: the Book form stacks into one scrolling
column (form, warnings, free slots, preflight boxes) and the list's columns all fit."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from panel_harness import (
    PanelEnv,
    fill_scheduled,
    flat,
    open_book_form,
    screen_text,
    settle,
)
from textual.widgets import Input

from screens.callbacks.book_form import BookScreen
from screens.callbacks.list_panel import CallbackTable
from screens.callbacks.slot_picker import SlotPicker

SMALL = (80, 24)
NEW_YORK = ZoneInfo("America/New_York")
FULL_SLOT = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thu 10:00 in New York


async def fill_slot(env: PanelEnv) -> None:
    admin = env.admin
    avail = await admin.availability.slots(
        "Sales_US", start=FULL_SLOT, end=FULL_SLOT, report_busy=True
    )
    free = next(s.capacity for s in avail.slots if s.utc_time == FULL_SLOT)
    for n in range(free):
        await admin.callbacks.create("Sales_US", f"+1555040{n:04d}", desired_time=FULL_SLOT)


def on_screen(app: object, widget: object) -> bool:
    """The widget is laid out inside the terminal, at least 3 rows of it."""
    region = widget.region  # type: ignore[attr-defined]
    height = app.size.height  # type: ignore[attr-defined]
    return region.height >= 3 and region.y >= 0 and region.bottom <= height


async def test_book_form_at_80x24_shows_the_whole_warning_and_the_slot_picker(
    cb_env: PanelEnv,
) -> None:
    await fill_slot(cb_env)
    app, _ = cb_env.host()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await open_book_form(pilot, "Sales_US")
        await fill_scheduled(pilot, "+1 555 030 4041", "2026-11-26 10:10")
        screen = app.screen
        assert isinstance(screen, BookScreen) and screen.has_class("-narrow")
        # After the check the answer is scrolled into view, whole sentences.
        text = flat(screen_text(app))
        assert "1 warning(s): booking needs a confirm" in text
        assert "The slot at Thu 2026-11-26 10:00 EST (15:00 UTC) is full" in text
        assert 'tick "Refuse if full" to have the server refuse it.' in text
        # The free slots are reachable by keyboard and visible once focused.
        picker = screen.query_one(SlotPicker)
        while app.focused is not picker:
            await pilot.press("tab")
        await settle(pilot)
        assert on_screen(app, picker)
        first = picker.starts[0].astimezone(NEW_YORK)
        assert f"{first:%a %Y-%m-%d %H:%M} EST" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#f-time", Input).value == f"{first:%Y-%m-%d %H:%M}"


async def test_book_form_keeps_side_by_side_at_120x40(cb_env: PanelEnv) -> None:
    app, _ = cb_env.host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, BookScreen)
        assert not app.screen.has_class("-narrow")
        form, side = app.screen.query_one("#book-form"), app.screen.query_one("#book-side")
        assert form.region.y == side.region.y and form.region.right <= side.region.x


async def test_list_at_80x24_shows_every_column(cb_env: PanelEnv) -> None:
    app, _ = cb_env.host()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        header = next(line for line in screen_text(app).splitlines() if " ID " in line)
        assert header.split() == ["ID", "Service", "Phone", "Desired", "time", "State", "Reason"]
        await pilot.press("slash", "shift+tab", "enter")
        await pilot.press(*"COMPLETED", "enter", "escape")
        await settle(pilot)
        table = app.query_one(CallbackTable)
        assert table.selected is not None and table.selected.callback_reason
        short, reason = table.selected.id[:8], table.selected.callback_reason
        row = next(line for line in screen_text(app).splitlines() if line.startswith(f" {short}"))
        # The reason is there in full, not cut at the right edge.
        assert row.split()[-1] == reason
