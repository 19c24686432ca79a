"""`tenant show|refetch`: the tenant configuration and when it was last read."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from callback_tui.commands.context import EXIT_OK, Invocation, run_command
from callback_tui.commands.output import Output, human, summary


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("tenant", help="tenant configuration")
    sub = parser.add_subparsers(dest="tenant_command", metavar="COMMAND", required=True)
    show = sub.add_parser(
        "show", parents=[common], help="the configuration and when it was last refreshed"
    )
    show.set_defaults(func=lambda args: run_command(args, _show))
    refetch = sub.add_parser(
        "refetch", parents=[common], help="re-read the configuration now and show what changed"
    )
    refetch.set_defaults(func=lambda args: run_command(args, _refetch))


def ago(when: datetime | None, now: datetime | None = None) -> str:
    """`2026-11-27T14:30:00.000Z (12 min ago)` / `(in 18 min)`."""
    if when is None:
        return "-"
    now = now or datetime.now(UTC)
    minutes = round((when - now).total_seconds() / 60)
    rel = "now" if minutes == 0 else f"in {minutes} min" if minutes > 0 else f"{-minutes} min ago"
    return f"{human(when)} ({rel})"


def print_tenant(out: Output, config: Any) -> None:
    out.fields(
        [
            ("Tenant", f"{config.name or '-'} ({config.id})"),
            ("Region", config.region),
            ("Source", config.source),
            ("Last refreshed", ago(config.last_refreshed)),
            ("Refresh interval", f"{config.refresh_interval_min} min"),
            ("Next refresh", ago(config.next_refresh)),
        ]
    )
    if config.settings:
        out.line()
        out.table(
            ["Setting", "Value"],
            [(name, summary(value)) for name, value in sorted(config.settings.items())],
            title="Settings (--json shows them in full)",
        )


async def _show(inv: Invocation) -> int:
    config = await inv.client.tenant.get()
    if inv.out.json_mode:
        inv.out.document(config)
    else:
        print_tenant(inv.out, config)
    return EXIT_OK


async def _refetch(inv: Invocation) -> int:
    result = await inv.client.tenant.refetch()
    out = inv.out
    if out.json_mode:
        out.document(result)
        return EXIT_OK
    out.line("Tenant configuration refetched.", style="green")
    print_tenant(out, result)
    out.line()
    if result.changes:
        out.table(
            ["Path", "Before", "After"],
            [(c.path, c.before, c.after) for c in result.changes],
            title="Changes",
        )
    else:
        out.line("No changes since the last refresh.")
    return EXIT_OK
