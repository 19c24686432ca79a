"""Running one command: where to connect, which key, the client, and exit codes for failures.

Connection settings follow the console's rules (`callback_tui.config.resolve_target`: flags >
env > profile) and so does the key (`callback_tui.secrets.resolve_api_key`: `--api-key-stdin` >
`CALLBACK_API_KEY` > the profile's keyring entry > a masked prompt on a terminal). The key is
only ever held as a `Secret`; nothing here prints it.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from callback_tui.commands.output import Output

if TYPE_CHECKING:
    from client import CallbackClient, Secret

EXIT_OK = 0
EXIT_API = 1
EXIT_USAGE = 2
EXIT_CONNECTION = 3
EXIT_AUTH = 4
EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130

MOCK_ROLE = "Administrator"


class UsageError(Exception):
    """A bad combination of values or missing setting; exit 2 with the argument named."""

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument

    def __str__(self) -> str:
        text = super().__str__()
        return f"argument {self.argument}: {text}" if self.argument else text


class CommandFailed(Exception):
    """The command ran but its answer means failure (invalid key, failed test, aborted)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Connection:
    """Where a command connects and with which key (and where that key came from)."""

    base_url: str
    key: Secret
    key_source: str
    profile_name: str
    verify: bool | str = True


@dataclass
class Invocation:
    """What a command body gets: its arguments, its printer, a ready client."""

    args: argparse.Namespace
    out: Output
    client: CallbackClient
    connection: Connection


Body = Callable[[Invocation], Awaitable[int | None]]

# Tests may set this to an httpx transport (e.g. ASGITransport) to skip the socket.
transport_override: object | None = None


def option(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    """A global option; they use SUPPRESS so a subcommand does not reset the top-level value."""
    return getattr(args, name, default)


def make_output(args: argparse.Namespace) -> Output:
    return Output(json_mode=bool(option(args, "json", False)))


def read_secret_from_stdin(what: str) -> Secret:
    """One line of stdin as a `Secret`; on a terminal, a masked prompt instead of echoing it."""
    from callback_tui.secrets import ApiKeyUnavailable, read_key_from_stdin
    from client import Secret

    if sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass(f"{what} (input hidden): ").strip()
        if not value:
            raise UsageError("no key entered", "--api-key-stdin")
        return Secret(value)
    try:
        return read_key_from_stdin(sys.stdin)
    except ApiKeyUnavailable as exc:
        raise UsageError(str(exc).removeprefix("--api-key-stdin: "), "--api-key-stdin") from None


def _prompt(text: str) -> str:
    return getpass.getpass(text)


def resolve_connection(args: argparse.Namespace, *, key: Secret | None = None) -> Connection:
    """Base URL and key from flags, env and profile, as the console resolves them."""
    from callback_tui.config import ConfigError, load_config, resolve_target
    from callback_tui.secrets import ApiKeyUnavailable, resolve_api_key

    try:
        target = resolve_target(
            load_config(),
            profile_flag=option(args, "profile"),
            base_url_flag=option(args, "base_url"),
        )
    except ConfigError as exc:
        argument = "--base-url" if "base URL" in str(exc) else "--profile"
        raise UsageError(str(exc), argument) from None
    if not target.base_url:
        raise UsageError(
            "no backend configured: pass --base-url URL, set CALLBACK_BASE_URL, add a profile "
            "(`callback-tui profile add`), or use --mock for the bundled emulator"
        )
    source = "given"
    if key is None:
        storage = target.profile.key_storage if target.profile else "none"
        interactive = sys.stdin is not None and sys.stdin.isatty() and sys.stderr.isatty()
        try:
            if option(args, "api_key_stdin", False):
                resolved_key, source = read_secret_from_stdin("API key"), "--api-key-stdin"
            else:
                resolved = resolve_api_key(
                    target.profile_name,
                    storage=storage,
                    from_stdin=False,
                    prompt=_prompt if interactive else None,
                )
                if resolved is None:
                    raise UsageError(
                        "no API key: pipe it with --api-key-stdin, set CALLBACK_API_KEY, or "
                        "store it for the profile (`callback-tui profile add`)"
                    )
                if resolved.notice and interactive:
                    print(resolved.notice, file=sys.stderr)
                resolved_key, source = resolved.key, resolved.source
        except ApiKeyUnavailable as exc:
            raise UsageError(str(exc)) from None
        key = resolved_key
    return Connection(
        base_url=target.base_url,
        key=key,
        key_source=source,
        profile_name=target.profile_name,
        verify=target.verify,
    )


@contextmanager
def mock_backend(args: argparse.Namespace) -> Iterator[Connection | None]:
    """With `--mock`: the bundled emulator on a loopback port for the length of the command."""
    if not option(args, "mock", False):
        yield None
        return
    if option(args, "base_url") or option(args, "profile"):
        raise UsageError("--mock runs the bundled emulator; drop --base-url/--profile", "--mock")
    from callback_tui.mock.app import default_db_path
    from callback_tui.mock.server import MockServer
    from client import Secret

    # The console's emulator database (or the shell's --db), so a booking made by one
    # command is there for the next one and for `callback-tui --mock`.
    db = option(args, "db") or default_db_path()
    if option(args, "fresh", False):
        from callback_tui.launch import remove_mock_db

        for note in remove_mock_db(db):
            print(f"callback-tui: warning: {note}", file=sys.stderr)
    server = MockServer(str(db))
    server.start()
    try:
        yield Connection(
            base_url=server.url,
            key=Secret(server.keys[MOCK_ROLE]),
            key_source=f"mock demo key ({MOCK_ROLE})",
            profile_name="mock",
        )
    finally:
        server.stop()


def open_client(connection: Connection, *, timeout: float | None = None) -> CallbackClient:
    from client import CallbackClient

    return CallbackClient(
        connection.base_url,
        connection.key,
        timeout=timeout,
        verify=connection.verify,
        transport=transport_override,
    )


def run_command(args: argparse.Namespace, body: Body) -> int:
    """Resolve where to connect, run `body` with a client, and turn failures into exit codes."""
    out = make_output(args)

    async def main(connection: Connection) -> int | None:
        async with open_client(connection, timeout=option(args, "timeout")) as client:
            return await body(Invocation(args, out, client, connection))

    return guarded(out, lambda: _with_connection(args, main))


def _with_connection(
    args: argparse.Namespace, main: Callable[[Connection], Coroutine[Any, Any, int | None]]
) -> int:
    with mock_backend(args) as mock:
        if mock is not None and option(args, "api_key_stdin", False):
            mock = Connection(
                mock.base_url, read_secret_from_stdin("API key"), "--api-key-stdin", "mock"
            )
        connection = mock or resolve_connection(args)
        return asyncio.run(main(connection)) or EXIT_OK


def guarded(out: Output, run: Callable[[], int]) -> int:
    """Run and map every expected failure to its exit code and a message on stderr."""
    from client import (
        ApiConnectionError,
        ApiError,
        AuthenticationError,
        CallbackClientError,
        ProtocolError,
        SlotFullError,
    )

    try:
        return run()
    except UsageError as exc:
        out.error(str(exc))
        return EXIT_USAGE
    except CommandFailed as exc:
        out.error(str(exc))
        return exc.exit_code
    except AuthenticationError as exc:
        out.error(f"authentication failed: {exc.message}", details=api_details(exc))
        return EXIT_AUTH
    except SlotFullError as exc:
        slots = ", ".join(f"{at:%Y-%m-%dT%H:%M}Z ({free} free)" for at, free in exc.slots.items())
        details = [*api_details(exc), ("proposedSlots", slots)]
        out.error(exc.message or "slot full", details=details)
        return EXIT_API
    except ApiError as exc:
        out.error(exc.message or "API error", details=api_details(exc))
        return EXIT_API
    except ApiConnectionError as exc:
        out.error(str(exc))
        return EXIT_CONNECTION
    except ProtocolError as exc:
        out.error(f"unexpected answer from the server: {exc}")
        return EXIT_API
    except CallbackClientError as exc:
        out.error(str(exc))
        return EXIT_API
    except ValueError as exc:
        # The client refuses bad values before sending (naive times, limits): a usage error.
        out.error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        out.error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def api_details(exc: Any) -> list[tuple[str, Any]]:
    details: list[tuple[str, Any]] = [
        ("httpStatus", exc.http_status),
        ("code", exc.code),
        ("correlationId", exc.correlation_id),
    ]
    if exc.retry_after is not None:
        details.append(("retryAfter", exc.retry_after))
    return details


def _silence_stdout() -> None:
    """The reader went away (`| head`): stop Python complaining when it flushes stdout at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def confirm(out: Output, question: str) -> bool:
    """Ask yes/no on the terminal (stderr prompt so stdout stays data)."""
    out.err_console.print(question + " [y/N] ", end="")
    try:
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}
