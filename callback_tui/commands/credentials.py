"""`credentials list|test KIND`: registered credentials (masked) and a real test of one."""

from __future__ import annotations

import argparse
from typing import Any

from callback_tui.commands.context import (
    EXIT_API,
    EXIT_OK,
    CommandFailed,
    Invocation,
    run_command,
)

KINDS = ("gws", "push", "captcha")
KIND_TITLES = {"gws": "GWS", "push": "Push Notification", "captcha": "CAPTCHA"}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("credentials", help="GWS, push and CAPTCHA credentials")
    sub = parser.add_subparsers(dest="credentials_command", metavar="COMMAND", required=True)
    listing = sub.add_parser(
        "list", parents=[common], help="registered credentials, secrets masked"
    )
    listing.set_defaults(func=lambda args: run_command(args, _list))
    test = sub.add_parser(
        "test",
        parents=[common],
        help="test a stored credential for real (exit 1 when a check fails)",
    )
    test.add_argument("kind", metavar="KIND", choices=KINDS, help="gws, push or captcha")
    test.set_defaults(func=lambda args: run_command(args, _test))


async def _list(inv: Invocation) -> int:
    result = await inv.client.credentials.list()
    out = inv.out
    if out.json_mode:
        out.document(result.items)
        return EXIT_OK
    rows = [
        (
            KIND_TITLES.get(c.kind, c.kind),
            c.registered,
            ", ".join(f"{k}={v}" for k, v in c.fields.items()) or None,
            c.updated_at,
            _last_test(c.last_test),
        )
        for c in result.items
    ]
    out.table(["Kind", "Registered", "Fields", "Updated", "Last test"], rows)
    return EXIT_OK


def _last_test(value: Any) -> str | None:
    if isinstance(value, dict) and "ok" in value:
        return ("passed" if value["ok"] else "failed") + (
            f" at {value['testedAt']}" if value.get("testedAt") else ""
        )
    return None if value is None else str(value)


async def _test(inv: Invocation) -> int:
    result = await inv.client.credentials.test(inv.args.kind)
    out = inv.out
    if out.json_mode:
        out.document(result)
    else:
        verdict = "passed" if result.ok else "FAILED"
        out.line(
            f"{KIND_TITLES[inv.args.kind]} credential test {verdict}: {result.detail or ''}",
            style="green" if result.ok else "red",
        )
        if result.checks:
            out.table(
                ["Check", "Result", "Detail"],
                [(c.name, "ok" if c.ok else "failed", c.detail) for c in result.checks],
            )
    if not result.ok:
        raise CommandFailed(f"{inv.args.kind} credential test failed", EXIT_API)
    return EXIT_OK
