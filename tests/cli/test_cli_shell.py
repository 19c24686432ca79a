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
        "key_storage": "keyring",
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
