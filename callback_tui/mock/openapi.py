"""OpenAPI 3.1 document of both API families (placeholder, filled below)."""

from __future__ import annotations

from typing import Any


def document(ges_version: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "callback-tui emulator", "version": ges_version},
        "paths": {},
    }
