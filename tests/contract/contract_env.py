"""Constants shared by the contract tests (a pinned clock and fixed demo keys)."""

from __future__ import annotations

from datetime import UTC, datetime

# Wednesday 25 Nov 2026, 14:00 UTC = 09:00 in New York (Sales_US open, inside its offer hours).
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
KEYS = {
    "Administrator": "A" * 8 + "dmin0000000000000000000000000000",
    "Supervisor": "S" * 8 + "uper0000000000000000000000000000",
    "Developer": "D" * 8 + "evel0000000000000000000000000000",
    "Agent": "G" * 8 + "gent0000000000000000000000000000",
}
