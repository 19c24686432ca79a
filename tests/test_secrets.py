"""API key lookup order, keyring detection and timeout, memory fallback, 0600 file opt-in."""

from __future__ import annotations

import io
import stat
import threading
import time
from pathlib import Path

import pytest

from callback_tui import secrets
from callback_tui.secrets import (
    SOURCE_ENV,
    SOURCE_FILE,
    SOURCE_KEYRING,
    SOURCE_PROMPT_KEYRING,
    SOURCE_PROMPT_MEMORY,
    SOURCE_STDIN,
    ApiKeyUnavailable,
    KeyStore,
    read_key_file,
    remember_key,
    resolve_api_key,
    write_key_file,
)
from client import Secret

KEY = "k3y-value-that-must-never-show-0123456789"


class MemoryKeyring:
    """A working keyring backend."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.values.get((service, user))

    def set_password(self, service: str, user: str, value: str) -> None:
        self.values[(service, user)] = value

    def delete_password(self, service: str, user: str) -> None:
        self.values.pop((service, user), None)


class StuckKeyring(MemoryKeyring):
    """A keyring that never answers (a locked Secret Service over SSH)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, user: str) -> str | None:
        self.release.wait(10)
        return None

    set_password = get_password  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_TUI_CONFIG_DIR", str(tmp_path))


def no_prompt(_: str) -> str:
    raise AssertionError("must not prompt")


def test_stdin_beats_env_and_keyring() -> None:
    ring = MemoryKeyring()
    ring.set_password("callback-tui", "prod", "from-keyring")
    got = resolve_api_key(
        "prod",
        from_stdin=True,
        stdin=io.StringIO(KEY + "\n"),
        env={"CALLBACK_API_KEY": "from-env"},
        store=KeyStore(ring),
        prompt=no_prompt,
    )
    assert got is not None and got.key == Secret(KEY) and got.source == SOURCE_STDIN


def test_env_beats_keyring() -> None:
    ring = MemoryKeyring()
    ring.set_password("callback-tui", "prod", "from-keyring")
    got = resolve_api_key(
        "prod", env={"CALLBACK_API_KEY": KEY}, store=KeyStore(ring), prompt=no_prompt
    )
    assert got is not None and got.key == Secret(KEY) and got.source == SOURCE_ENV


def test_keyring_then_prompt_saves_to_keyring() -> None:
    ring = MemoryKeyring()
    store = KeyStore(ring)
    got = resolve_api_key("prod", env={}, store=store, prompt=lambda _: KEY)
    assert got is not None and got.source == SOURCE_PROMPT_KEYRING and got.notice is None
    assert ring.values[("callback-tui", "prod")] == KEY
    again = resolve_api_key("prod", env={}, store=store, prompt=no_prompt)
    assert again is not None and again.source == SOURCE_KEYRING and again.key == Secret(KEY)


def test_no_prompt_and_nothing_stored_is_none() -> None:
    assert resolve_api_key("prod", env={}, store=KeyStore(MemoryKeyring())) is None


def test_empty_stdin_is_a_clear_error() -> None:
    with pytest.raises(ApiKeyUnavailable, match="no key on standard input"):
        resolve_api_key("prod", from_stdin=True, stdin=io.StringIO("\n"), env={})


@pytest.mark.parametrize(
    "backend_path", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"]
)
def test_fail_and_null_backends_are_not_real(
    backend_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    import keyring

    module, _, name = backend_path.rpartition(".")
    backend = getattr(importlib.import_module(module), name)()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    store = KeyStore()
    assert not store.available
    got = resolve_api_key("prod", env={}, store=store, prompt=lambda _: KEY)
    assert got is not None and got.source == SOURCE_PROMPT_MEMORY
    assert got.notice is not None and "in memory for this session only" in got.notice
    assert "no OS keyring backend" in got.notice
    assert KEY not in got.notice


def test_empty_chainer_is_not_real(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends.chainer import ChainerBackend

    class EmptyChainer(ChainerBackend):
        backends = []  # type: ignore[assignment]

    chainer = EmptyChainer()
    monkeypatch.setattr(keyring, "get_keyring", lambda: chainer)
    assert not KeyStore().available


def test_stuck_keyring_times_out_and_falls_back_to_memory() -> None:
    ring = StuckKeyring()
    store = KeyStore(ring, timeout=0.2)
    started = time.monotonic()
    try:
        got = resolve_api_key("prod", env={}, store=store, prompt=lambda _: KEY)
    finally:
        ring.release.set()
    # One timed-out call; then the keyring is not asked again this session.
    assert time.monotonic() - started < 1.5
    assert got is not None and got.source == SOURCE_PROMPT_MEMORY
    assert got.notice is not None and "did not answer within 0.2 s" in got.notice


def test_plain_file_only_on_opt_in_with_0600_and_warning(tmp_path: Path) -> None:
    kept = remember_key("lab", Secret(KEY), storage="file", store=KeyStore(MemoryKeyring()))
    path = tmp_path / "keys" / "lab.key"
    assert kept.source == SOURCE_FILE
    assert kept.notice is not None and "plain text" in kept.notice and str(path) in kept.notice
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key_file("lab") == Secret(KEY)
    got = resolve_api_key("lab", storage="file", env={}, prompt=no_prompt)
    assert got is not None and got.source == SOURCE_FILE


def test_file_mode_is_fixed_for_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "lab.key"
    path.parent.mkdir()
    path.write_text("old")
    path.chmod(0o644)
    write_key_file("lab", Secret(KEY))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keyring_storage_never_writes_a_file(tmp_path: Path) -> None:
    remember_key("prod", Secret(KEY), storage="keyring", store=KeyStore(MemoryKeyring()))
    assert not (tmp_path / "keys").exists()


def test_resolved_key_repr_masks_the_value() -> None:
    got = resolve_api_key("prod", env={"CALLBACK_API_KEY": KEY})
    assert got is not None
    assert KEY not in repr(got) and KEY not in str(got)


def test_keyring_refusal_does_not_show_its_message() -> None:
    class Refusing(MemoryKeyring):
        def set_password(self, service: str, user: str, value: str) -> None:
            raise RuntimeError(f"cannot store {value}")

    kept = remember_key("prod", Secret(KEY), storage="keyring", store=KeyStore(Refusing()))
    assert kept.source == SOURCE_PROMPT_MEMORY
    assert kept.notice is not None and "RuntimeError" in kept.notice and KEY not in kept.notice


def test_module_never_logs(caplog: pytest.LogCaptureFixture) -> None:
    resolve_api_key("prod", env={}, store=KeyStore(MemoryKeyring()), prompt=lambda _: KEY)
    assert KEY not in caplog.text
    assert not hasattr(secrets, "logger")


def test_key_storage_is_described_as_it_really_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`profile show`: a keyring profile on a machine with keyring's fail backend keeps
    nothing; a working keyring says whether the key is there; a file says where."""
    import keyring
    from keyring.backends import fail

    from callback_tui.secrets import describe_key_storage

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    storage, detail = describe_key_storage("prod", "keyring")
    assert storage == "none" and detail.startswith("none (this session only: ")

    working = MemoryKeyring()
    assert describe_key_storage("prod", "keyring", store=KeyStore(working)) == (
        "keyring",
        "OS keyring (no key stored yet)",
    )
    KeyStore(working).set("prod", Secret(KEY))
    storage, detail = describe_key_storage("prod", "keyring", store=KeyStore(working))
    assert (storage, detail) == ("keyring", "OS keyring (key stored)")

    storage, detail = describe_key_storage("lab", "file", base=tmp_path)
    assert storage == "file" and detail.endswith("no key stored yet)")
    write_key_file("lab", Secret(KEY), tmp_path)
    storage, detail = describe_key_storage("lab", "file", base=tmp_path)
    assert detail == f"file {tmp_path / 'keys' / 'lab.key'} (plain text, 0600; key stored)"
    assert KEY not in detail
