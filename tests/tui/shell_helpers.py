"""Helpers shared by the shell's Pilot tests: what a user sees, and waiting for it."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList
from textual.widgets._toast import Toast

from callback_tui.app import CallbackConsole
from screens.status_bar import StatusBar

SIZE = (120, 40)


def toasts(app: CallbackConsole) -> list[str]:
    return [toast.render().plain for toast in app.screen.query(Toast)]


def status(app: CallbackConsole) -> str:
    return app.main_screen.query_one(StatusBar).render_text().plain


async def settle(pilot: Any, until: Any = None, tries: int = 100) -> None:
    """Let workers and refreshes run; with `until`, poll until it holds (else fail)."""
    for _ in range(tries):
        await pilot.pause()
        if until is None or until():
            return
    raise AssertionError("condition not reached")


def palette_options(app: CallbackConsole) -> list[str]:
    command_list = app.screen.query_one("CommandList", OptionList)
    return [
        str(command_list.get_option_at_index(i).prompt) for i in range(command_list.option_count)
    ]
