"""`key validate`: from a pipe, env or profile; exactly "Valid API Key" / "Invalid API Key"."""

from __future__ import annotations

import pytest

from callback_tui.config import Config, Profile, config_path
from tests.cli.conftest import ADMIN, KEYS, WRONG_KEY, Cli, assert_usage_error


@pytest.mark.parametrize("role", list(KEYS))
def test_each_roles_key_from_stdin_is_valid_with_its_role(cli: Cli, role: str) -> None:
    result = cli("key", "validate", "--api-key-stdin", "--json", key=None, stdin=KEYS[role] + "\n")
    assert result.code == 0, result.err
    assert result.json() == {"valid": True, "role": role}
    assert "key from --api-key-stdin" in result.err


def test_invalid_key_from_stdin(cli: Cli) -> None:
    result = cli("key", "validate", "--api-key-stdin", key=None, stdin=WRONG_KEY)
    assert (result.code, result.out.strip()) == (4, "Invalid API Key")
    as_json = cli("key", "validate", "--api-key-stdin", "--json", key=None, stdin=WRONG_KEY)
    assert as_json.code == 4 and as_json.json() == {"valid": False, "role": None}


def test_key_from_environment(cli: Cli) -> None:
    result = cli("key", "validate", key=ADMIN)
    assert result.code == 0
    assert result.out.strip() == "Valid API Key (role: Administrator)"
    assert "key from env CALLBACK_API_KEY" in result.err


def test_stdin_wins_over_environment(cli: Cli) -> None:
    result = cli("key", "validate", "--api-key-stdin", "--json", key=ADMIN, stdin=WRONG_KEY)
    assert result.code == 4 and result.json()["valid"] is False


def test_key_stored_in_the_profiles_file(cli: Cli) -> None:
    from callback_tui.secrets import write_key_file
    from client import Secret

    config = Config(path=config_path())
    config.add_profile(Profile("lab", cli.server.url, key_storage="file"), make_default=True)
    config.save()
    write_key_file("lab", Secret(KEYS["Developer"]))
    result = cli("--profile", "lab", "key", "validate", "--json", key=None, base_url=None)
    assert result.code == 0, result.err
    assert result.json() == {"valid": True, "role": "Developer"}
    assert "key file" in result.err


def test_no_key_anywhere_is_a_usage_error(cli: Cli) -> None:
    result = cli("key", "validate", key=None)
    assert result.code == 2 and "no API key" in result.err
    empty = cli("key", "validate", "--api-key-stdin", key=None, stdin="\n")
    assert_usage_error(empty, "--api-key-stdin")


def test_key_is_never_accepted_from_argv(cli: Cli) -> None:
    result = cli("key", "validate", "--api-key", ADMIN.upper(), key=None)
    assert result.code == 2 and "never accepted as a command-line argument" in result.err
