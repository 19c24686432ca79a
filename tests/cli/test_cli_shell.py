"""`callback-tui` shell commands: profile add/list/show/remove, locate config, argv key refusal."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from callback_tui.cli import main
from callback_tui.config import load_config

KEY = "argv-secret-key-0123456789abcdefghij"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALLBACK_TUI_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    for name in ("CALLBACK_BASE_URL", "CALLBACK_PROFILE", "CALLBACK_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


@pytest.mark.parametrize(
    "argv",
    [
        ["--api-key", KEY],
        [f"--api-key={KEY}"],
        ["--profile", "prod", "--api-key", KEY],
        ["profile", "add", "x", "--base-url", "https://x", "--api-key", KEY],
    ],
)
def test_api_key_on_argv_is_refused_without_echoing_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert "never accepted as a command-line argument" in err
    assert "--api-key-stdin" in err and "CALLBACK_API_KEY" in err
    assert KEY not in out + err


def test_locate_config_prints_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["locate", "config"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "config.toml")


def test_locate_data_prints_the_emulator_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["locate", "data"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "data" / "callback-tui" / "mock.db")


def test_profile_add_list_show_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "add", "prod", "--base-url", "https://prod.example.com/"]) == 0
    assert main(["profile", "add", "lab", "--base-url", "http://lab:8080", "--no-verify"]) == 0
    capsys.readouterr()

    assert main(["profile", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing == [
        "  lab              http://lab:8080",
        "* prod             https://prod.example.com",
    ]

    assert main(["profile", "show", "lab", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == {
        "name": "lab",
        "default": False,
        "base_url": "http://lab:8080",
        "verify": False,
        # No keyring backend here: nothing is stored, whatever the profile asks for.
        "key_storage": "none",
        "key_storage_configured": "keyring",
        "key_storage_detail": "none (this session only: no OS keyring backend is available "
        "(headless session?))",
    }

    assert main(["profile", "add", "lab", "--base-url", "http://lab:9090", "--default"]) == 0
    assert load_config().default_profile == "lab"
    assert main(["profile", "remove", "lab"]) == 0
    assert main(["profile", "list", "--json"]) == 0
    out = capsys.readouterr().out
    rows = json.loads(out[out.index("[") :])
    assert rows == [{"name": "prod", "base_url": "https://prod.example.com", "default": True}]


def test_profile_remove_unknown_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "remove", "ghost"]) == 2
    assert "no profile named 'ghost'" in capsys.readouterr().err


def test_profile_add_rejects_bad_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "add", "x", "--base-url", "not-a-url"]) == 2
    assert "base URL must look like" in capsys.readouterr().err


def test_store_key_in_file_is_0600_and_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    argv = ["profile", "add", "lab", "--base-url", "http://lab", "--store-key-in-file"]
    assert main([*argv, "--api-key-stdin"]) == 0
    out, err = capsys.readouterr()
    key_file = tmp_path / "keys" / "lab.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text() == KEY
    assert "plain text" in err and KEY not in out + err
    assert KEY not in (tmp_path / "config.toml").read_text()
    assert main(["profile", "remove", "lab"]) == 0
    assert not key_file.exists()


def test_profile_add_without_keyring_keeps_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["profile", "add", "p", "--base-url", "http://p", "--api-key-stdin"]) == 0
    out, err = capsys.readouterr()
    assert "in memory for this session only" in err
    assert KEY not in out + err
    assert not (tmp_path / "keys").exists()


def test_mock_server_help_is_delegated(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mock-server", "--help"]) == 0
    assert "callback-tui mock-server" in capsys.readouterr().out


def test_help_lists_own_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ("--mock", "--fresh", "--profile", "--api-key-stdin", "profile", "locate"):
        assert word in out


def test_console_with_unknown_profile_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "add", "prod", "--base-url", "https://prod.example.com"]) == 0
    assert main(["--profile", "qa"]) == 2
    assert "no profile named 'qa' (known profiles: prod)" in capsys.readouterr().err


def test_console_without_any_key_and_no_terminal_says_how_to_give_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--base-url", "https://prod.example.com"]) == 2
    err = capsys.readouterr().err
    assert "no API key" in err and "--api-key-stdin" in err and "CALLBACK_API_KEY" in err


def test_api_key_stdin_without_a_backend_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--api-key-stdin"]) == 2
    assert "--api-key-stdin needs a profile or --base-url" in capsys.readouterr().err


def test_profile_show_says_where_the_key_really_is_without_a_keyring(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No keyring backend (the null one here): the key is not "in the keyring"."""
    assert main(["profile", "add", "lab", "--base-url", "http://lab:8080"]) == 0
    capsys.readouterr()
    assert main(["profile", "show", "lab"]) == 0
    lines = capsys.readouterr().out.splitlines()
    (storage,) = [line for line in lines if line.startswith("key_storage")]
    assert storage.split(None, 1)[1].startswith("none (this session only: ")
    assert "keyring" not in storage.split(":")[0]


def test_profile_show_with_a_working_keyring_says_whether_a_key_is_stored(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from callback_tui import secrets

    values: dict[tuple[str, str], str] = {}

    class Keyring:
        def get_password(self, service: str, user: str) -> str | None:
            return values.get((service, user))

        def set_password(self, service: str, user: str, value: str) -> None:
            values[(service, user)] = value

    real_store = secrets.KeyStore
    monkeypatch.setattr(secrets, "KeyStore", lambda *a, **k: real_store(Keyring()))
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    argv = ["profile", "add", "prod", "--base-url", "https://prod.example.com", "--api-key-stdin"]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(["profile", "show", "prod", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["key_storage"] == "keyring"
    assert shown["key_storage_detail"] == "OS keyring (key stored)"
    assert KEY not in json.dumps(shown)


@pytest.mark.parametrize(
    "argv",
    [
        ["--fresh", "queue-status", "Q1"],
        ["--fresh"],
        ["--db", "/tmp/x.db", "--fresh", "profile", "list"],
    ],
)
def test_fresh_without_mock_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--fresh" in err and "only apply with --mock" in err


def test_fresh_mock_warns_and_keeps_an_edited_tenant_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from callback_tui.app import CallbackConsole

    db = tmp_path / "data" / "mock.db"
    db.parent.mkdir()
    db.write_bytes(b"old seed")
    tenant = db.with_name("tenant.toml")
    tenant.write_text("# my edits\n")
    monkeypatch.setattr(CallbackConsole, "run", lambda self: 0)  # no TUI in this test
    assert main(["--mock", "--fresh", "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert f"warning: --fresh: the emulator's tenant file {tenant} was reset" in err
    assert str(tenant) + ".bak" in err
    assert not db.exists() and not tenant.exists()
    assert (tmp_path / "data" / "tenant.toml.bak").read_text() == "# my edits\n"


def test_help_says_what_fresh_does_to_the_tenant_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "tenant.toml is reset too" in out and "tenant.toml.bak" in out
