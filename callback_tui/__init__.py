"""callback-tui: terminal admin console for the GES Callback service."""

from __future__ import annotations

__version__ = "0.1.0"
