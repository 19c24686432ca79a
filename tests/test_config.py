"""Config file round trip and the precedence flags > environment > profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from callback_tui.config import (
    Config,
    ConfigError,
    Profile,
    config_path,
    load_config,
    resolve_target,
)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv("CALLBACK_TUI_CONFIG_DIR", str(tmp_path))
    cfg = load_config()
    cfg.add_profile(Profile("prod", "https://prod.example.com", role_hint="Administrator"))
    cfg.add_profile(Profile("lab", "https://lab.example.com:8443", verify=False))
    cfg.keymap["app.last_errors"] = "f9"
    cfg.theme = "nord"
    cfg.save()
    return cfg


def test_config_dir_override_and_round_trip(config: Config, tmp_path: Path) -> None:
    assert config_path() == tmp_path / "config.toml"
    again = load_config()
    assert again.default_profile == "prod"  # the first profile added becomes the default
    assert again.profiles["lab"].verify is False
    assert again.profiles["prod"].role_hint == "Administrator"
    assert again.keymap == {"app.last_errors": "f9"}
    assert again.theme == "nord"


def test_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    cfg = load_config(tmp_path / "nope.toml")
    assert cfg.profiles == {} and cfg.default_profile is None


def test_broken_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[profiles.x\nbase_url=", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(path)


def test_profile_default_then_env_then_flag(config: Config) -> None:
    assert resolve_target(config, env={}).base_url == "https://prod.example.com"
    env = {"CALLBACK_PROFILE": "lab"}
    assert resolve_target(config, env=env).profile_name == "lab"
    assert resolve_target(config, env=env, profile_flag="prod").profile_name == "prod"


def test_base_url_flag_beats_env_beats_profile(config: Config) -> None:
    env = {"CALLBACK_BASE_URL": "http://env.example.com/"}
    from_env = resolve_target(config, env=env)
    assert (from_env.base_url, from_env.base_url_source) == (
        "http://env.example.com",
        "env CALLBACK_BASE_URL",
    )
    from_flag = resolve_target(config, env=env, base_url_flag="https://flag.example.com")
    assert (from_flag.base_url, from_flag.base_url_source) == (
        "https://flag.example.com",
        "--base-url",
    )
    # The profile still supplies its other options (here: the default profile's name).
    assert from_flag.profile_name == "prod"


def test_profile_keeps_tls_options_when_url_is_overridden(config: Config) -> None:
    target = resolve_target(config, profile_flag="lab", base_url_flag="https://other:1")
    assert target.verify is False
    assert target.base_url == "https://other:1"


def test_unknown_profile_is_an_error_naming_the_known_ones(config: Config) -> None:
    with pytest.raises(ConfigError, match=r"no profile named 'qa'.*lab, prod"):
        resolve_target(config, env={}, profile_flag="qa")


def test_no_profile_no_url_means_first_run(tmp_path: Path) -> None:
    target = resolve_target(Config(path=tmp_path / "c.toml"), env={})
    assert target.base_url is None and target.profile is None


def test_bad_base_url_rejected(config: Config) -> None:
    with pytest.raises(ConfigError, match="base URL"):
        resolve_target(config, env={}, base_url_flag="ftp://x")


def test_remove_default_profile_picks_another(config: Config) -> None:
    config.remove_profile("prod")
    assert config.default_profile == "lab"
    with pytest.raises(ConfigError):
        config.remove_profile("prod")
