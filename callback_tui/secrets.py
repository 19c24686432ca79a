"""Where the API key comes from and where it is kept; the key itself is only ever a `Secret`.

Lookup order: `--api-key-stdin` -> `CALLBACK_API_KEY` -> the profile's store (OS keyring, or a
0600 file on explicit opt-in) -> masked prompt. A prompted key is kept in the OS keyring when a
real keyring backend answers within a few seconds, otherwise in memory for this session only
(and the user is told so once). Nothing here logs, formats or raises with the key's value.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from callback_tui.config import ENV_API_KEY, config_dir

if TYPE_CHECKING:
    from client import Secret

KEYRING_SERVICE = "callback-tui"
KEYRING_TIMEOUT_S = 3.0

SOURCE_STDIN = "--api-key-stdin"
SOURCE_ENV = f"env {ENV_API_KEY}"
SOURCE_KEYRING = "OS keyring"
SOURCE_FILE = "key file (0600)"
SOURCE_PROMPT_MEMORY = "prompt (in memory, this session only)"
SOURCE_PROMPT_KEYRING = "prompt (saved to OS keyring)"
SOURCE_MOCK = "mock demo key"

FILE_WARNING = (
    "The API key is stored in plain text in {path} (mode 0600). Anyone who can read your "
    "account's files can use it. Prefer the OS keyring or CALLBACK_API_KEY."
)

T = TypeVar("T")


class ApiKeyUnavailable(Exception):
    """The key cannot be obtained as asked (empty stdin, argv value...); message says why."""


class KeyringTimeout(Exception):
    pass


def _secret(value: str) -> Secret:
    from client import Secret

    return Secret(value)


def call_with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run `fn` in a daemon thread; raise KeyringTimeout if it does not answer in time.

    A stuck keyring (a locked D-Bus Secret Service over SSH) must not freeze the console.
    """
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=run, name="keyring-call", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise KeyringTimeout(f"the OS keyring did not answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def _is_real_backend(backend: Any) -> bool:
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        return bool(backend.backends)  # a chainer with nothing to chain stores nothing
    return True


class KeyStore:
    """The OS keyring behind timeouts; `backend` is injectable for tests."""

    def __init__(self, backend: Any | None = None, *, timeout: float = KEYRING_TIMEOUT_S) -> None:
        self._backend = backend
        self._timeout = timeout
        self._checked = backend is not None
        self.unavailable_reason: str | None = None

    def _load(self) -> Any | None:
        if not self._checked:
            self._checked = True
            try:
                import keyring

                backend = call_with_timeout(keyring.get_keyring, self._timeout)
            except KeyringTimeout as exc:
                self.unavailable_reason = str(exc)
                return None
            except Exception as exc:
                self.unavailable_reason = f"keyring failed to load ({type(exc).__name__})"
                return None
            if not _is_real_backend(backend):
                self.unavailable_reason = "no OS keyring backend is available (headless session?)"
                return None
            self._backend = backend
        return self._backend

    @property
    def available(self) -> bool:
        return self._load() is not None

    def _call(self, name: str, *args: str) -> tuple[bool, Any]:
        """(answered, value); a timeout or a refusal is (False, None) with a reason noted."""
        backend = self._load()
        if backend is None:
            return False, None
        method = getattr(backend, name)
        try:
            return True, call_with_timeout(lambda: method(*args), self._timeout)
        except KeyringTimeout as exc:
            self.unavailable_reason = str(exc)
            self._backend = None  # do not wait on it again this session
        except Exception as exc:
            # The backend's exception text is not shown: some include the value they got.
            self.unavailable_reason = f"the OS keyring refused ({type(exc).__name__})"
        return False, None

    def get(self, profile: str) -> Secret | None:
        _, value = self._call("get_password", KEYRING_SERVICE, profile)
        return _secret(value) if isinstance(value, str) and value else None

    def set(self, profile: str, key: Secret) -> bool:
        """True when the keyring took the key."""
        ok, _ = self._call("set_password", KEYRING_SERVICE, profile, key.reveal())
        return ok

    def delete(self, profile: str) -> None:
        self._call("delete_password", KEYRING_SERVICE, profile)


def key_file_path(profile: str, base: Path | None = None) -> Path:
    return (base or config_dir()) / "keys" / f"{profile}.key"


def write_key_file(profile: str, key: Secret, base: Path | None = None) -> tuple[Path, str]:
    """Store the key in a 0600 file (explicit opt-in only); returns the path and the warning."""
    path = key_file_path(profile, base)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key.reveal().encode("utf-8"))
    finally:
        os.close(fd)
    os.chmod(path, 0o600)  # O_CREAT's mode does not apply to an existing file
    return path, FILE_WARNING.format(path=path)


def read_key_file(profile: str, base: Path | None = None) -> Secret | None:
    path = key_file_path(profile, base)
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return _secret(value) if value else None


def delete_key_file(profile: str, base: Path | None = None) -> None:
    key_file_path(profile, base).unlink(missing_ok=True)


def read_key_from_stdin(stream: TextIO) -> Secret:
    value = stream.readline().strip()
    if not value:
        raise ApiKeyUnavailable("--api-key-stdin: no key on standard input (expected one line)")
    return _secret(value)


@dataclass(frozen=True)
class ResolvedKey:
    key: Secret
    source: str  # shown in the status bar
    notice: str | None = None  # shown to the user once (keyring fallback, plain-file warning)


def memory_notice(store: KeyStore) -> str:
    reason = store.unavailable_reason or "no OS keyring"
    return (
        f"{reason}: the API key is kept in memory for this session only. Set {ENV_API_KEY} or "
        "use `callback-tui profile add NAME --store-key-in-file` to avoid typing it again."
    )


def remember_key(profile: str, key: Secret, *, storage: str, store: KeyStore) -> ResolvedKey:
    """Keep a freshly entered key as the profile asks; fall back to memory and say so."""
    if storage == "file":
        _, warning = write_key_file(profile, key)
        return ResolvedKey(key, SOURCE_FILE, warning)
    if storage == "keyring" and store.set(profile, key):
        return ResolvedKey(key, SOURCE_PROMPT_KEYRING)
    if storage == "none":
        return ResolvedKey(key, SOURCE_PROMPT_MEMORY)
    return ResolvedKey(key, SOURCE_PROMPT_MEMORY, memory_notice(store))


def describe_key_storage(
    profile: str, storage: str, *, store: KeyStore | None = None, base: Path | None = None
) -> tuple[str, str]:
    """(where the key really is kept: "keyring", "file" or "none"; what to tell the user).

    A profile asks for the keyring by default; without a real keyring backend nothing is
    stored and the key lives in memory for one session, which is what `profile show` says.
    """
    if storage == "file":
        path = key_file_path(profile, base)
        kept = "key stored" if path.exists() else "no key stored yet"
        return "file", f"file {path} (plain text, 0600; {kept})"
    if storage == "none":
        return "none", "none (this session only: asked for at each start)"
    store = store or KeyStore()
    if not store.available:
        reason = store.unavailable_reason or "no OS keyring"
        return "none", f"none (this session only: {reason})"
    stored = store.get(profile) is not None
    if not stored and store.unavailable_reason:
        return "keyring", f"OS keyring (not readable now: {store.unavailable_reason})"
    return "keyring", "OS keyring (key stored)" if stored else "OS keyring (no key stored yet)"


def resolve_api_key(
    profile: str,
    *,
    storage: str = "keyring",
    from_stdin: bool = False,
    stdin: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    store: KeyStore | None = None,
    prompt: Callable[[str], str] | None = None,
) -> ResolvedKey | None:
    """Find the API key for `profile`; None when there is none and no prompt is possible."""
    env = os.environ if env is None else env
    if from_stdin:
        import sys

        return ResolvedKey(read_key_from_stdin(stdin or sys.stdin), SOURCE_STDIN)
    if env.get(ENV_API_KEY):
        return ResolvedKey(_secret(env[ENV_API_KEY].strip()), SOURCE_ENV)
    store = store or KeyStore()
    if storage == "file":
        stored = read_key_file(profile)
        if stored is not None:
            return ResolvedKey(stored, SOURCE_FILE)
    elif storage == "keyring":
        stored = store.get(profile)
        if stored is not None:
            return ResolvedKey(stored, SOURCE_KEYRING)
    if prompt is None:
        return None
    entered = prompt(f"API key for profile {profile} (input hidden): ").strip()
    if not entered:
        raise ApiKeyUnavailable("no API key entered")
    return remember_key(profile, _secret(entered), storage=storage, store=store)
