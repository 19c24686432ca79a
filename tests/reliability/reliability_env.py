"""Shared constants of the reliability campaign (imported by name: tests have no packages).

`CALLBACK_TUI_LONG_FUZZ=1` switches every bounded run to its long variant (more fuzz cases,
10,000 load requests, a longer kill -9 burst). `CALLBACK_TUI_RELIABILITY_REPORT=PATH` makes the
session write the figures the tests measured (see `figures` in conftest) as JSON to PATH.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

LONG = os.environ.get("CALLBACK_TUI_LONG_FUZZ", "") not in ("", "0", "false", "no")
REPORT_ENV = "CALLBACK_TUI_RELIABILITY_REPORT"

# Fixed demo keys (40 characters, the emulator's shape) so every test knows them up front.
KEYS = {
    "Administrator": "RelAdminKey0000000000000000000000000000A",
    "Supervisor": "RelSuperKey0000000000000000000000000000S",
    "Developer": "RelDevelKey0000000000000000000000000000D",
    "Agent": "RelAgentKey0000000000000000000000000000G",
}
ROLES = tuple(KEYS)

# Wednesday 25 Nov 2026, 15:00 UTC: 10:00 in New York (Sales_US open), 16:00 in Berlin.
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
OPEN_SERVICE = "Sales_US"
ALWAYS_OPEN_SERVICE = "Support_247"


def bounded(default: int, long: int) -> int:
    """`default` in the normal run, `long` under CALLBACK_TUI_LONG_FUZZ=1."""
    return long if LONG else default
