"""The console's "now" and the user's time zone: one hook, so tests can pin both.

Every screen asks here instead of the wall clock; against the emulator, tests pin "now" to
the emulator's clock (and the zone to a fixed one), so ages and relative times hold still.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

__all__ = ["local_zone", "now", "reset", "set_clock", "set_local_zone"]


def _wall_clock() -> datetime:
    return datetime.now(UTC)


_clock: Callable[[], datetime] = _wall_clock
_zone: tzinfo | None = None


def now() -> datetime:
    """The console's idea of "now" (aware UTC)."""
    return _clock()


def local_zone() -> tzinfo:
    """The user's time zone, as the terminal's environment reports it (unless pinned)."""
    if _zone is not None:
        return _zone
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def set_clock(source: Callable[[], datetime] | None) -> None:
    """Use `source` for "now" (None restores the wall clock)."""
    global _clock
    _clock = source if source is not None else _wall_clock


def set_local_zone(zone: tzinfo | None) -> None:
    """Use `zone` as the user's zone (None restores the environment's)."""
    global _zone
    _zone = zone


def reset() -> None:
    """Back to the wall clock and the environment's zone."""
    set_clock(None)
    set_local_zone(None)
