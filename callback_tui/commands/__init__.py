"""Scriptable subcommands (`callback-tui errors search ...`, `key validate`, ...).

`register(subparsers)` adds them to the shell's parser. Each leaf parser sets `func`:
`args.func(args)` runs the command and returns its exit status: 0 ok, 1 API error, 2 usage,
3 connection or timeout, 4 authentication. Every leaf also takes the global options
`--profile`, `--base-url`, `--json`, `--api-key-stdin`, `--timeout` and `--mock`; they default to
`argparse.SUPPRESS`, so the same options given before the subcommand are not overwritten.
"""

from __future__ import annotations

import argparse
from typing import Any

from callback_tui.commands import (
    callbacks,
    credentials,
    errors,
    ges,
    keys,
    purge,
    tenant,
    values,
)

MODULES = (errors, keys, ges, callbacks, tenant, purge, credentials)


def common_options() -> argparse.ArgumentParser:
    """The options every command takes (a parent parser)."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("connection and output")
    group.add_argument(
        "--profile", default=argparse.SUPPRESS, metavar="NAME", help="profile to use"
    )
    group.add_argument(
        "--base-url",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="backend root URL (overrides CALLBACK_BASE_URL and the profile)",
    )
    group.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print the data as JSON on stdout (JSON lines for lists); messages go to stderr",
    )
    group.add_argument(
        "--api-key-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the API key from the first line of stdin (never pass it as an argument)",
    )
    group.add_argument(
        "--timeout",
        type=values.bounded_float(0.05, 600.0),
        default=argparse.SUPPRESS,
        metavar="SECONDS",
        help="read timeout per request (default 10)",
    )
    group.add_argument(
        "--mock",
        action="store_true",
        default=argparse.SUPPRESS,
        help="run against the bundled emulator, started for this command",
    )
    return common


def register(subparsers: Any) -> None:
    """Add every scriptable subcommand to `subparsers` (from `add_subparsers()`)."""
    common = common_options()
    for module in MODULES:
        module.register(subparsers, common)


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand without the shell (used when `callback_tui.cli` is not at hand)."""
    parser = argparse.ArgumentParser(prog="callback-tui")
    register(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result
