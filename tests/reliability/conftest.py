"""Fixtures of the reliability campaign: the figures recorder and shared emulator helpers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reliability_env import LONG, REPORT_ENV

_FIGURES: dict[str, Any] = {}


@pytest.fixture(scope="session")
def figures() -> Iterator[dict[str, Any]]:
    """Numbers measured by the tests; written as JSON to $CALLBACK_TUI_RELIABILITY_REPORT."""
    _FIGURES.setdefault("long", LONG)
    yield _FIGURES
    target = os.environ.get(REPORT_ENV)
    if target:
        path = Path(target)
        merged: dict[str, Any] = {}
        if path.exists():
            # Several pytest invocations (one per module) may add to one report.
            try:
                merged = json.loads(path.read_text())
            except ValueError:
                merged = {}
        merged.update(_FIGURES)
        path.write_text(json.dumps(merged, indent=2, sort_keys=True, default=str))
