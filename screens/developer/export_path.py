"""Asking where an export goes: a path prompt, and a confirmation before replacing a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App

from screens.dialogs import ConfirmDialog, PromptDialog


def ask_export_path(
    app: App[object], title: str, proposed: str, chosen: Callable[[Path], None]
) -> None:
    """Prompt for a path; an existing file is replaced only after a yes. `chosen` gets the
    path to write; nothing is called when the user cancels."""

    def answered(answer: str | None) -> None:
        if not answer:
            return
        path = Path(answer).expanduser()
        if not path.is_file():
            chosen(path)
            return

        def replace(yes: bool | None) -> None:
            if yes:
                chosen(path)
            else:  # ask again, so another name is one edit away
                ask_export_path(app, title, answer, chosen)

        app.push_screen(
            ConfirmDialog(
                "Replace the existing file?",
                f"{path}\nalready exists; replacing it loses its content.",
                yes="Replace",
                no="Keep file",
                danger=True,
            ),
            replace,
        )

    app.push_screen(PromptDialog(title, value=proposed), answered)
