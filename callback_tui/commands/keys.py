"""`key validate`: is this API key valid, and which role does it map to?

The key comes from `--api-key-stdin` (a pipe), `CALLBACK_API_KEY` or the profile, never from
argv, and it is never printed. The key validates itself: the console's validate endpoint when
its role may use it, else `GET /console/v1/me` (every role may), and a 401 means invalid.
"""

from __future__ import annotations

import argparse
from typing import Any

from callback_tui.commands.context import (
    EXIT_AUTH,
    EXIT_OK,
    Invocation,
    run_command,
)

VALID = "Valid API Key"
INVALID = "Invalid API Key"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("key", help="API key checks")
    sub = parser.add_subparsers(dest="key_command", metavar="COMMAND", required=True)
    validate = sub.add_parser(
        "validate",
        parents=[common],
        help="say whether the API key is valid and its role",
        description='Validate the API key given with --api-key-stdin (e.g. `printf %%s "$KEY" '
        "| callback-tui key validate --api-key-stdin`), CALLBACK_API_KEY or the profile. "
        "Exit status 0 when valid, 4 when invalid.",
    )
    validate.set_defaults(func=lambda args: run_command(args, _validate))


async def _validate(inv: Invocation) -> int:
    from client import AuthenticationError, PermissionDeniedError

    client = inv.client
    valid: bool
    role: str | None
    try:
        result = await client.api_keys.validate(inv.connection.key)
        valid, role = result.valid, result.role
    except AuthenticationError:
        valid, role = False, None
    except PermissionDeniedError:
        # A Supervisor or Agent key may not call the validator, but it did authenticate.
        me = await client.me()
        valid, role = True, me.role
    out = inv.out
    if out.json_mode:
        out.document({"valid": valid, "role": role})
    elif valid:
        out.line(f"{VALID} (role: {role or 'unknown'})", style="green")
    else:
        out.line(INVALID, style="red")
    out.info(f"key from {inv.connection.key_source}")
    return EXIT_OK if valid else EXIT_AUTH
