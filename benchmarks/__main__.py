"""`python -m benchmarks`: run every benchmark of the project and print one table.

    python -m benchmarks            # the figures of record (1,000,000 errors; ~3-4 min, 2 cores)
    python -m benchmarks --quick    # a smoke run: small data, few rounds (~1 min)
    python -m benchmarks --json     # the same figures for machines
    python -m benchmarks --only emulator client

Each figure is a median over rounds with its min-max, the baseline measured in the same run,
the ratio to it, and the target from the issues. A figure that misses its target, or that
could not be measured, is printed as FAIL. CI does not run this (it is not a test).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import CALLBACK_TUI, ServerProcess, describe_machine, quiet_env
from benchmarks.report import Figure, format_table, to_json

FULL_ERRORS = 1_000_000
QUICK_ERRORS = 50_000
KEY = "bench-admin-key-7f3a9c2e5b1d4e6f"


@dataclass
class Context:
    """Shared across groups: a temp dir, the big emulator database and its server process."""

    tmp: Path
    quick: bool
    key: str = KEY
    seed_seconds: float | None = None
    _big: ServerProcess | None = field(default=None, repr=False)

    @property
    def error_count(self) -> int:
        return QUICK_ERRORS if self.quick else FULL_ERRORS

    @property
    def big_db(self) -> Path:
        return self.tmp / "big" / "mock.db"

    def ensure_big_db(self) -> Path:
        """Create the emulator database with `error_count` errors, once per run."""
        if not self.big_db.exists():
            from callback_tui.mock.app import create_app

            self.big_db.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            app = create_app(str(self.big_db), seed_errors=self.error_count)
            app.state.emulator.store.close()
            self.seed_seconds = time.perf_counter() - started
        return self.big_db

    def big_server(self) -> ServerProcess:
        """`callback-tui mock-server` on the big database (started once, shared)."""
        if self._big is None:
            db = self.ensure_big_db()
            argv = [CALLBACK_TUI, "mock-server", "--db", str(db), "--port", "0"]
            argv += ["--key", f"Administrator={self.key}"]
            server = ServerProcess(argv, env=quiet_env(home=self.tmp)).start()
            server.wait_ready("/console/v1/me", {"x-api-key": self.key})
            self._big = server
        return self._big

    def close(self) -> None:
        if self._big is not None:
            self._big.stop()
            self._big = None


def _emulator(ctx: Context) -> list[Figure]:
    from benchmarks import bench_emulator

    return bench_emulator.run(ctx)


def _client(ctx: Context) -> list[Figure]:
    from benchmarks import bench_client

    return bench_client.run(ctx)


def _export(ctx: Context) -> list[Figure]:
    from benchmarks import bench_export

    return bench_export.run(ctx)


def _console(ctx: Context) -> list[Figure]:
    from benchmarks import bench_console

    return bench_console.run_start(ctx)


def _panel(ctx: Context) -> list[Figure]:
    from benchmarks import bench_console

    return bench_console.run_panel(ctx)


GROUPS: dict[str, Callable[[Context], list[Figure]]] = {
    "emulator": _emulator,
    "client": _client,
    "export": _export,
    "console": _console,
    "panel": _panel,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="smoke run: small data, few rounds")
    parser.add_argument(
        "--only", nargs="+", choices=list(GROUPS), metavar="GROUP", help=", ".join(GROUPS)
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="callback-tui-bench-"))
    ctx = Context(tmp=tmp, quick=args.quick)
    figures: list[Figure] = []
    started = time.perf_counter()
    try:
        for name in args.only or list(GROUPS):
            print(f"[benchmarks] {name} ...", file=sys.stderr, flush=True)
            group_started = time.perf_counter()
            try:
                figures += GROUPS[name](ctx)
            except Exception as exc:
                traceback.print_exc(file=sys.stderr)
                figures.append(Figure(f"{name}: not measured", "", [], error=repr(exc)[:300]))
            took = time.perf_counter() - group_started
            print(f"[benchmarks] {name} done in {took:.0f} s", file=sys.stderr, flush=True)
    finally:
        ctx.close()
        if args.keep:
            print(f"[benchmarks] kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if ctx.seed_seconds is not None:
        figures.append(
            Figure(
                f"emulator: seed {ctx.error_count:,} errors (setup)",
                "s",
                [ctx.seed_seconds],
                issue="#3",
            )
        )
    total = time.perf_counter() - started
    meta = {**describe_machine(), "quick": args.quick, "seconds": round(total, 1)}
    if args.json:
        print(to_json(figures, meta))
    else:
        mode = "QUICK smoke run (small data; not the figures of record)" if args.quick else ""
        title = f"callback-tui benchmarks — {meta['cpus']} CPUs, Python {meta['python']}, "
        title += f"{total:.0f} s {mode}".rstrip()
        print(format_table(figures, title=title))
    return 0 if all(f.passed is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
