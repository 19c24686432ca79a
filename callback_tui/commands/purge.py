"""`purge preview|run`: what a purge would remove now, and purging it."""

from __future__ import annotations

import argparse
from typing import Any

from callback_tui.commands import values
from callback_tui.commands.context import (
    EXIT_OK,
    CommandFailed,
    Invocation,
    UsageError,
    confirm,
    run_command,
)
from callback_tui.commands.output import Output

EXIT_DECLINED = 1


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("purge", help="purge open callbacks now")
    sub = parser.add_subparsers(dest="purge_command", metavar="COMMAND", required=True)
    preview = sub.add_parser(
        "preview", parents=[common], help="what a purge would remove now (nothing is removed)"
    )
    preview.add_argument("--service", type=values.name, help="one service (default: all)")
    preview.set_defaults(func=lambda args: run_command(args, _preview))
    run = sub.add_parser(
        "run",
        parents=[common],
        help="purge now (asks for confirmation unless --yes)",
        description="Purge open callbacks now: they become COMPLETED/PURGED. Shows the preview "
        "and asks on a terminal; without a terminal --yes is required.",
    )
    run.add_argument("--service", type=values.name, help="one service (default: all)")
    run.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    run.set_defaults(func=lambda args: run_command(args, _run))


def print_result(out: Output, result: Any, *, verb: str) -> None:
    out.fields(
        [
            (verb, f"{result.count} callbacks"),
            ("Oldest", result.oldest),
            ("Newest", result.newest),
        ]
    )
    if result.by_state:
        out.table(["State", "Count"], sorted(result.by_state.items()))


async def _preview(inv: Invocation) -> int:
    result = await inv.client.purge.preview(inv.args.service)
    if inv.out.json_mode:
        inv.out.document(result)
    else:
        print_result(inv.out, result, verb="Would purge")
    return EXIT_OK


async def _run(inv: Invocation) -> int:
    args, out = inv.args, inv.out
    if not args.yes:
        if not (out.stdin_is_tty and out.stderr_is_tty):
            raise UsageError("cannot ask for confirmation without a terminal: pass --yes", "--yes")
        preview = await inv.client.purge.preview(args.service)
        where = f"service {args.service}" if args.service else "all services"
        if preview.count == 0:
            out.info(f"Nothing to purge in {where}.")
            if out.json_mode:
                out.document(preview)
            return EXIT_OK
        print_result(out, preview, verb="Would purge")
        if not confirm(out, f"Purge {preview.count} callbacks in {where}?"):
            raise CommandFailed("aborted: nothing purged", EXIT_DECLINED)
    result = await inv.client.purge.run(args.service)
    if out.json_mode:
        out.document(result)
    else:
        print_result(out, result, verb="Purged")
    return EXIT_OK
