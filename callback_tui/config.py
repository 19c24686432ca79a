"""Profiles, keymap and theme in TOML under the platform config dir; flag/env/profile precedence.

`callback-tui locate config` prints the file's path (`$CALLBACK_TUI_CONFIG_DIR` overrides the
directory). Example:

    default_profile = "prod"
    theme = "nord"

    [keymap]                      # binding id -> keys (see `?` in the console)
    "app.last_errors" = "f9"

    [profiles.prod]
    base_url = "https://api-usw1.genhtcc.com"
    role_hint = "Supervisor"
    verify = true
    ca_bundle = "/etc/ssl/corp-ca.pem"

    [profiles.lab]
    base_url = "http://127.0.0.1:8080"
    key_storage = "file"          # opt-in plain 0600 file instead of the OS keyring

The API key is never written here.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

APP_NAME = "callback-tui"
CONFIG_DIR_ENV = "CALLBACK_TUI_CONFIG_DIR"
ENV_BASE_URL = "CALLBACK_BASE_URL"
ENV_PROFILE = "CALLBACK_PROFILE"
ENV_API_KEY = "CALLBACK_API_KEY"

KEY_STORAGE_CHOICES = ("keyring", "file", "none")


class ConfigError(Exception):
    """The config file or a profile request cannot be honoured; the message says why."""


def config_dir() -> Path:
    """`$CALLBACK_TUI_CONFIG_DIR`, else the platform's user config dir for callback-tui."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass(frozen=True)
class Profile:
    """One backend the console can sign in to. The API key is never stored here."""

    name: str
    base_url: str
    role_hint: str | None = None
    verify: bool = True
    ca_bundle: str | None = None
    key_storage: str = "keyring"  # "keyring", "file" (explicit opt-in, 0600) or "none"

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {"base_url": self.base_url, "verify": self.verify}
        if self.role_hint:
            data["role_hint"] = self.role_hint
        if self.ca_bundle:
            data["ca_bundle"] = self.ca_bundle
        if self.key_storage != "keyring":
            data["key_storage"] = self.key_storage
        return data

    @classmethod
    def from_toml(cls, name: str, data: Mapping[str, Any]) -> Profile:
        base_url = data.get("base_url")
        if not isinstance(base_url, str) or not base_url:
            raise ConfigError(f"profile {name!r}: base_url is missing")
        storage = str(data.get("key_storage", "keyring"))
        if storage not in KEY_STORAGE_CHOICES:
            raise ConfigError(f"profile {name!r}: key_storage must be one of {KEY_STORAGE_CHOICES}")
        ca_bundle = data.get("ca_bundle")
        role_hint = data.get("role_hint")
        return cls(
            name=name,
            base_url=base_url,
            role_hint=str(role_hint) if role_hint else None,
            verify=bool(data.get("verify", True)),
            ca_bundle=str(ca_bundle) if ca_bundle else None,
            key_storage=storage,
        )


@dataclass
class Config:
    """The whole config file: profiles, default profile, keymap overrides, theme."""

    path: Path
    profiles: dict[str, Profile] = field(default_factory=dict)
    default_profile: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None

    def to_toml(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.default_profile:
            data["default_profile"] = self.default_profile
        if self.theme:
            data["theme"] = self.theme
        if self.keymap:
            data["keymap"] = dict(self.keymap)
        if self.profiles:
            data["profiles"] = {name: p.to_toml() for name, p in sorted(self.profiles.items())}
        return data

    def save(self) -> None:
        import tomli_w

        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".toml.tmp")
        tmp.write_text(tomli_w.dumps(self.to_toml()), encoding="utf-8")
        tmp.replace(self.path)

    def add_profile(self, profile: Profile, *, make_default: bool = False) -> None:
        self.profiles[profile.name] = profile
        if make_default or self.default_profile is None:
            self.default_profile = profile.name

    def remove_profile(self, name: str) -> Profile:
        try:
            removed = self.profiles.pop(name)
        except KeyError:
            raise ConfigError(f"no profile named {name!r}") from None
        if self.default_profile == name:
            self.default_profile = next(iter(sorted(self.profiles)), None)
        return removed


def load_config(path: Path | None = None) -> Config:
    """Read config.toml (a missing file is an empty config; a broken one is a ConfigError)."""
    path = path or config_path()
    if not path.exists():
        return Config(path=path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    profiles_raw = raw.get("profiles", {})
    if not isinstance(profiles_raw, dict):
        raise ConfigError(f"{path}: [profiles] must be a table")
    profiles = {
        name: Profile.from_toml(name, body)
        for name, body in profiles_raw.items()
        if isinstance(body, dict)
    }
    keymap_raw = raw.get("keymap", {})
    keymap = {str(k): str(v) for k, v in keymap_raw.items()} if isinstance(keymap_raw, dict) else {}
    default = raw.get("default_profile")
    theme = raw.get("theme")
    return Config(
        path=path,
        profiles=profiles,
        default_profile=str(default) if default else None,
        keymap=keymap,
        theme=str(theme) if theme else None,
    )


def validate_base_url(url: str) -> str:
    """An http(s) URL with a host, without a trailing slash; raises ConfigError otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"base URL must look like https://host[:port] (got {url!r})")
    return url.rstrip("/")


@dataclass(frozen=True)
class Target:
    """Where to connect, after applying flags > environment > profile."""

    profile: Profile | None
    profile_name: str
    base_url: str | None
    base_url_source: str  # "--base-url", "env CALLBACK_BASE_URL", "profile NAME" or "none"

    @property
    def verify(self) -> bool | str:
        if self.profile is None:
            return True
        if self.profile.ca_bundle:
            return self.profile.ca_bundle
        return self.profile.verify


def resolve_target(
    config: Config,
    *,
    profile_flag: str | None = None,
    base_url_flag: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Target:
    """Apply the precedence flags > env (CALLBACK_PROFILE, CALLBACK_BASE_URL) > config file."""
    env = os.environ if env is None else env
    name: str | None
    if profile_flag:
        name = profile_flag
    elif env.get(ENV_PROFILE):
        name = env[ENV_PROFILE]
    elif config.default_profile:
        name = config.default_profile
    elif len(config.profiles) == 1:
        name = next(iter(config.profiles))
    else:
        name = None
    profile = config.profiles.get(name) if name else None
    explicit = profile_flag or env.get(ENV_PROFILE)
    if explicit and profile is None:
        known = ", ".join(sorted(config.profiles)) or "none"
        raise ConfigError(f"no profile named {explicit!r} (known profiles: {known})")

    if base_url_flag:
        base_url, source = validate_base_url(base_url_flag), "--base-url"
    elif env.get(ENV_BASE_URL):
        base_url, source = validate_base_url(env[ENV_BASE_URL]), f"env {ENV_BASE_URL}"
    elif profile is not None:
        base_url, source = profile.base_url, f"profile {profile.name}"
    else:
        base_url, source = None, "none"
    if profile is not None and base_url != profile.base_url:
        # A flag/env URL overrides the profile's; keep its other options (TLS) but show the URL.
        profile = replace(profile, base_url=base_url or profile.base_url)
    return Target(
        profile=profile,
        profile_name=profile.name if profile else (name or "(none)"),
        base_url=base_url,
        base_url_source=source,
    )
