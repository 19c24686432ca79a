"""The bundled GES emulator. `create_app()` is imported lazily to keep this package light."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Starlette:
    """See `callback_tui.mock.app.create_app`."""
    from .app import create_app as _create_app

    return _create_app(*args, **kwargs)
