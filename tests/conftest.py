"""Suite-wide isolation: no test reads or writes the user's real config, data or key."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("user")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("CALLBACK_TUI_CONFIG_DIR", "config/callback-tui"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    for var in ("CALLBACK_API_KEY", "CALLBACK_BASE_URL", "CALLBACK_PROFILE", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
