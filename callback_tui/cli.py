"""`callback-tui`: open the console (`--mock` or a profile), manage profiles, run the emulator.

Exit codes: 0 ok, 1 API/runtime error, 2 usage. Heavy imports (Textual app, client, emulator)
happen only on the path that needs them, so `callback-tui --mock` paints its first frame fast.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from callback_tui import __version__

ARGV_KEY_REFUSED = (
    "callback-tui: error: the API key is never accepted as a command-line argument (it would "
    "be kept in your shell history and shown in the process list).\n"
    "Use one of: --api-key-stdin (e.g. `pass show ges | callback-tui --api-key-stdin`), the "
    "CALLBACK_API_KEY environment variable, or the masked prompt."
)
OPTIONS_WITH_VALUES = frozenset({"--profile", "--base-url", "--db"})
OWN_COMMANDS = ("profile", "locate", "mock-server")


def _argv_has_key_value(argv: Sequence[str]) -> bool:
    return any(arg == "--api-key" or arg.startswith("--api-key=") for arg in argv)


def _first_command(argv: Sequence[str]) -> str | None:
    """The subcommand word, if any (skipping top-level options and their values)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg.startswith("-"):
            skip = arg in OPTIONS_WITH_VALUES
        else:
            return arg
    return None


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callback-tui",
        description="Terminal admin console for the GES Callback service.",
        epilog=(
            "Precedence: flags > environment (CALLBACK_BASE_URL, CALLBACK_PROFILE, "
            "CALLBACK_API_KEY) > profile. Config dir: $CALLBACK_TUI_CONFIG_DIR or the platform "
            "default (`callback-tui locate config`)."
        ),
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"callback-tui {__version__}")
    parser.add_argument(
        "--mock", action="store_true", help="run on the bundled emulator (as Administrator)"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="with --mock: start from a new seed (the emulator's tenant.toml is reset too; an "
        "edited one is kept as tenant.toml.bak and a warning is printed)",
    )
    parser.add_argument("--db", type=Path, help="with --mock: emulator database file")
    parser.add_argument("--profile", help="profile name (default: the config's default_profile)")
    parser.add_argument("--base-url", help="backend URL, e.g. https://api-usw1.genhtcc.com")
    parser.add_argument(
        "--api-key-stdin", action="store_true", help="read the API key from the first stdin line"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_profile_commands(sub)
    locate = sub.add_parser("locate", help="print where callback-tui keeps things")
    locate.add_argument(
        "what",
        choices=["config", "data"],
        help="config: the config file; data: the emulator's database (--mock, mock-server)",
    )
    sub.add_parser(
        "mock-server",
        help="run the bundled emulator alone (see `callback-tui mock-server --help`)",
        add_help=False,
    )
    if with_commands and importlib.util.find_spec("callback_tui.commands") is not None:
        commands = importlib.import_module("callback_tui.commands")
        register = getattr(commands, "register", None)
        if callable(register):
            register(sub)
    return parser


def _add_profile_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    profile = sub.add_parser("profile", help="add, list, show or remove backend profiles")
    psub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    add = psub.add_parser("add", help="add or replace a profile")
    add.add_argument("name")
    add.add_argument("--base-url", required=True)
    add.add_argument("--role-hint", help="the role you expect the key to have (shown as a hint)")
    add.add_argument("--no-verify", action="store_true", help="do not verify TLS certificates")
    add.add_argument("--ca-bundle", help="CA bundle file for TLS verification")
    add.add_argument("--default", action="store_true", help="make it the default profile")
    add.add_argument(
        "--store-key-in-file",
        action="store_true",
        help="keep the key in a plain 0600 file instead of the OS keyring (not recommended)",
    )
    add.add_argument("--api-key-stdin", action="store_true", help="read the key from stdin")
    lst = psub.add_parser("list", help="list profiles")
    lst.add_argument("--json", action="store_true")
    show = psub.add_parser("show", help="show one profile (never the key)")
    show.add_argument("name", nargs="?")
    show.add_argument("--json", action="store_true")
    remove = psub.add_parser("remove", help="remove a profile and its stored key")
    remove.add_argument("name")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if _argv_has_key_value(args_list):
        print(ARGV_KEY_REFUSED, file=sys.stderr)
        return 2
    command = _first_command(args_list)
    if command == "mock-server":
        return _run_mock_server(args_list[args_list.index("mock-server") + 1 :])
    wants_help = "-h" in args_list or "--help" in args_list
    parser = build_parser(with_commands=wants_help or command not in (None, *OWN_COMMANDS))
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0)
    from callback_tui.config import ConfigError

    mock_only = [flag for flag, given in (("--fresh", args.fresh), ("--db", args.db)) if given]
    if mock_only and not getattr(args, "mock", False):
        print(
            f"callback-tui: error: {' and '.join(mock_only)} only apply with --mock (the bundled "
            "emulator); without --mock they would be ignored",
            file=sys.stderr,
        )
        return 2
    try:
        if args.command == "profile":
            return _profile(args)
        if args.command == "locate":
            if args.what == "data":
                from callback_tui.mock.app import default_db_path

                print(default_db_path())
                return 0
            from callback_tui.config import config_path

            print(config_path())
            return 0
        handler = getattr(args, "handler", None) or getattr(args, "func", None)
        if args.command is not None and callable(handler):
            return int(handler(args) or 0)
        if args.command is not None:
            parser.error(f"{args.command}: no handler")
        return _run_console(args)
    except ConfigError as exc:
        print(f"callback-tui: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run_mock_server(rest: list[str]) -> int:
    from callback_tui.mock import cli as mock_cli

    parser = argparse.ArgumentParser(
        prog="callback-tui mock-server", description="Run the bundled emulator alone."
    )
    mock_cli.add_arguments(parser)
    try:
        args = parser.parse_args(rest)
    except SystemExit as exc:
        return int(exc.code or 0)
    return int(mock_cli.run(args) or 0)


# -- profiles ---------------------------------------------------------------------------------


def _profile(args: argparse.Namespace) -> int:
    from callback_tui.config import ConfigError, Profile, load_config, validate_base_url
    from callback_tui.secrets import KeyStore, delete_key_file

    config = load_config()
    action = args.profile_command
    if action == "add":
        profile = Profile(
            name=args.name,
            base_url=validate_base_url(args.base_url),
            role_hint=args.role_hint,
            verify=not args.no_verify,
            ca_bundle=args.ca_bundle,
            key_storage="file" if args.store_key_in_file else "keyring",
        )
        config.add_profile(profile, make_default=args.default)
        config.save()
        print(f"Saved profile {profile.name} ({profile.base_url}) in {config.path}")
        return _store_profile_key(profile, from_stdin=args.api_key_stdin)
    if action == "list":
        return _profile_list(config, as_json=args.json)
    if action == "show":
        name = args.name or config.default_profile
        if not name or name not in config.profiles:
            raise ConfigError(f"no profile named {name!r}")
        from callback_tui.secrets import describe_key_storage

        profile = config.profiles[name]
        data: dict[str, object] = {"name": name, "default": name == config.default_profile}
        data.update(profile.to_toml())
        storage, detail = describe_key_storage(name, profile.key_storage, store=KeyStore())
        data["key_storage"] = storage if args.json else detail
        if args.json:
            data["key_storage_detail"] = detail
            if storage != profile.key_storage:
                data["key_storage_configured"] = profile.key_storage
            print(json.dumps(data, indent=2))
        else:
            for field, value in data.items():
                print(f"{field:12} {value}")
        return 0
    if action == "remove":
        removed = config.remove_profile(args.name)
        config.save()
        if removed.key_storage == "file":
            delete_key_file(removed.name)
        elif removed.key_storage == "keyring":
            KeyStore().delete(removed.name)
        print(f"Removed profile {removed.name}")
        return 0
    raise ConfigError(f"unknown profile action {action!r}")


def _profile_list(config: object, *, as_json: bool) -> int:
    from callback_tui.config import Config

    assert isinstance(config, Config)
    rows = [
        {"name": p.name, "base_url": p.base_url, "default": p.name == config.default_profile}
        for p in sorted(config.profiles.values(), key=lambda p: p.name)
    ]
    if as_json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("No profiles. Add one: callback-tui profile add NAME --base-url URL")
    else:
        for row in rows:
            print(f"{'*' if row['default'] else ' '} {row['name']:16} {row['base_url']}")
    return 0


def _store_profile_key(profile: object, *, from_stdin: bool) -> int:
    """Ask for the profile's key (stdin or masked prompt) and keep it as the profile says."""
    from callback_tui.config import Profile
    from callback_tui.secrets import KeyStore, read_key_from_stdin, remember_key

    assert isinstance(profile, Profile)
    if from_stdin:
        key = read_key_from_stdin(sys.stdin)
    elif sys.stdin.isatty():
        import getpass

        from client import Secret

        entered = getpass.getpass("API key (input hidden; empty to skip): ").strip()
        if not entered:
            return 0
        key = Secret(entered)
    else:
        return 0
    kept = remember_key(profile.name, key, storage=profile.key_storage, store=KeyStore())
    if kept.notice:
        print(f"warning: {kept.notice}", file=sys.stderr)
    print(f"API key kept: {kept.source}")
    return 0


# -- the console ------------------------------------------------------------------------------


def _reattach_tty(stdin: TextIO) -> None:
    """After reading the key from a pipe, give the TUI the terminal back as its input."""
    if stdin.isatty():
        return
    try:
        tty = open("/dev/tty", encoding="utf-8")  # noqa: SIM115 - replaces stdin for the app
    except OSError:
        return
    os.dup2(tty.fileno(), 0)
    sys.stdin = tty


def _run_console(args: argparse.Namespace) -> int:
    from callback_tui.app import CallbackConsole
    from callback_tui.config import Config, ConfigError, load_config, resolve_target
    from callback_tui.launch import BackendStartup, MockStartup, SetupStartup, Startup

    notices: list[str] = []
    startup: Startup
    config: Config | None
    if args.mock:
        try:
            config = load_config()
        except ConfigError as exc:
            # The demo must open even with a broken config file; it just is not used.
            config = None
            notices.append(f"Config not used: {exc}")
        startup = MockStartup(db=args.db)
        if args.fresh:
            for note in startup.reset_data():
                # Before the TUI takes the terminal: the warning stays readable after it quits.
                print(f"callback-tui: warning: {note}", file=sys.stderr)
                notices.append(note)
    else:
        config = load_config()
        target = resolve_target(config, profile_flag=args.profile, base_url_flag=args.base_url)
        if target.base_url is None:
            if args.api_key_stdin:
                raise ConfigError("--api-key-stdin needs a profile or --base-url")
            startup = SetupStartup(config)
        else:
            import getpass

            from callback_tui.secrets import ApiKeyUnavailable, resolve_api_key

            storage = target.profile.key_storage if target.profile else "none"
            try:
                resolved = resolve_api_key(
                    target.profile_name,
                    storage=storage,
                    from_stdin=args.api_key_stdin,
                    prompt=getpass.getpass if sys.stdin.isatty() else None,
                )
            except ApiKeyUnavailable as exc:
                raise ConfigError(str(exc)) from None
            if resolved is None:
                raise ConfigError(
                    "no API key: use --api-key-stdin, CALLBACK_API_KEY, or run in a terminal "
                    "to be prompted"
                )
            if args.api_key_stdin:
                _reattach_tty(sys.stdin)
            if resolved.notice:
                notices.append(resolved.notice)
            startup = BackendStartup(target, resolved.key, resolved.source)
    app = CallbackConsole(
        None,
        startup.session,
        config=config,
        startup=startup,
        on_exit=startup.close,
        notices=notices,
    )
    try:
        code = app.run()
    finally:
        startup.close()
    return int(code or 0)
