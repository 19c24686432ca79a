"""`callback-tui mock-server`: run the emulator alone and print how to reach it.

The demo API keys are printed here on purpose (one per role): they are demo keys of a local
emulator, regenerated at every start unless fixed with `--key ROLE=KEY`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import Emulator


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 = free)")
    parser.add_argument(
        "--db", default=None, help="SQLite file (default: user data dir/mock.db; ':memory:')"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="start from a new seed (the tenant file is reset; the old one is kept as .bak)",
    )
    parser.add_argument(
        "--seed-errors", type=int, default=None, metavar="N", help="error records to seed"
    )
    parser.add_argument("--faults", default=None, metavar="SPEC", help="inject faults, e.g. "
                        "'latency=200ms;error=0.3:503;paths=/engagement/v3/*'")  # fmt: skip
    parser.add_argument(
        "--key", action="append", default=[], metavar="ROLE=KEY", help="fix a role's demo key"
    )
    parser.add_argument("--ges-version", default=None, help="emulate this GES version")
    parser.add_argument("--tenant-file", default=None, help="tenant TOML/JSON file")
    parser.add_argument("--access-log", action="store_true", help="log every request")


def parse_keys(items: list[str]) -> dict[str, str]:
    from .auth import normalise_role

    keys: dict[str, str] = {}
    for item in items:
        role, sep, key = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--key {item.split('=')[0]}=...: expected ROLE=KEY")
        if len(key) < 8:
            raise ValueError(f"--key {role}: the key must be at least 8 characters")
        keys[normalise_role(role)] = key
    return keys


def banner(em: Emulator, url: str) -> str:
    from .tenant import DEMO_GWS_BASE_URL, DEMO_GWS_CLIENT_ID, DEMO_GWS_CLIENT_SECRET

    admin = em.keys["Administrator"]
    lines = [
        f"callback-tui GES emulator {em.ges_version} listening on {url}",
        f"  database:    {em.store.path}",
        f"  tenant file: {em.tenant_path or '(none: in-memory)'}",
        "",
        "Demo API keys (local emulator only; new ones at every start unless --key fixes them):",
        *(f"  {role:<14} {key}" for role, key in em.keys.items()),
        "",
        "GWS demo credentials (Developer > Credential Management > GWS):",
        f"  baseUrl {DEMO_GWS_BASE_URL}  clientId {DEMO_GWS_CLIENT_ID}",
        f"  clientSecret {DEMO_GWS_CLIENT_SECRET}",
        "",
        "Try:",
        f"  curl -s -H 'x-api-key: {admin}' {url}/engagement/v3/callbacks/open-for/Sales_US",
        f"  curl -s -H 'x-api-key: {admin}' '{url}/console/v1/errors?limit=5'",
        f"  OpenAPI: {url}/openapi.json",
        "Press Ctrl+C to stop.",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from .app import default_db_path, reset_data
    from .faults import Faults
    from .server import run_forever

    try:
        keys = parse_keys(args.key)
        faults = Faults.parse(args.faults) if args.faults else None
    except ValueError as exc:
        print(f"callback-tui mock-server: {exc}", file=sys.stderr)
        return 2
    db = args.db or str(default_db_path())
    if args.fresh:
        for note in reset_data(db, args.tenant_file):
            print(f"callback-tui mock-server: warning: {note}", file=sys.stderr)

    def ready(em: Emulator, port: int) -> None:
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(banner(em, f"http://{host}:{port}"), flush=True)

    kwargs: dict[str, Any] = {
        "db": db,
        "keys": keys or None,
        "seed_errors": args.seed_errors,
        "faults": faults,
        "ges_version": args.ges_version,
        "tenant_file": args.tenant_file,
    }
    try:
        run_forever(args.host, args.port, access_log=args.access_log, on_ready=ready, **kwargs)
    except (OSError, ValueError) as exc:
        print(f"callback-tui mock-server: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="callback-tui mock-server")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
