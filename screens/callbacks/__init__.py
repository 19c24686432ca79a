"""The Callbacks tab: list/query, detail, book (with preflight), cancel, reschedule."""

from __future__ import annotations

from screens.callbacks.section import CallbacksSection

__all__ = ["CallbacksSection"]
