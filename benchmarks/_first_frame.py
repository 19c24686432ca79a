"""Run a Textual app and report, on the file descriptor in BENCH_REPORT_FD, when its first frame
is painted (`frame`) and, for the console, when it is signed in (`session`); then exit.

The same hook is used for both apps: `App._ready` (called after the first compose and mount)
is wrapped, when `textual.app` is first imported, to report after the next refresh. Nothing
is imported earlier than the app itself would import it.

    python -m benchmarks._first_frame minimal
    python -m benchmarks._first_frame console --mock --db PATH
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

REPORT_FD = int(os.environ.get("BENCH_REPORT_FD", "-1"))
SESSION_TIMEOUT_S = 30.0


def _report(event: str) -> None:
    os.write(REPORT_FD, f"{event}\n".encode())


def _patch(app_class: Any) -> None:
    original = app_class._ready

    async def _ready(self: Any) -> None:
        await original(self)

        def painted() -> None:
            _report("frame")
            if getattr(self, "session", None) is None:
                self.exit()
                return
            waited = [0.0]

            def check() -> None:
                waited[0] += 0.005
                if getattr(self.session, "role", None) or waited[0] > SESSION_TIMEOUT_S:
                    _report("session" if self.session.role else "no-session")
                    timer.stop()
                    self.exit()

            timer = self.set_interval(0.005, check)

        self.call_after_refresh(painted)

    app_class._ready = _ready


class _TextualAppHook(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.loader is not None
        loader: Any = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module: ModuleType) -> None:
            exec_module(module)
            _patch(module.App)

        loader.exec_module = exec_and_patch
        return spec


def main() -> int:
    sys.meta_path.insert(0, _TextualAppHook())
    which, rest = sys.argv[1], sys.argv[2:]
    if which == "minimal":
        from benchmarks._minimal_app import MinimalApp

        MinimalApp().run()
        return 0
    from callback_tui.cli import main as cli_main

    return cli_main(rest)


if __name__ == "__main__":
    sys.exit(main())
