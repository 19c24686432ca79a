"""The booking preflight of `callbacks book|reschedule`: the Book form's checks, for scripts.

`/callbacks/create` and reschedule book regardless of office hours, queue enablement and slot
capacity, so before writing the command runs the console's preflight (`client.preflight`: the
same calls and rules as the Book form) and prints its warnings on stderr; `--strict` turns any
warning into "do not book" (exit 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from callback_tui.commands import values
from callback_tui.commands.context import UsageError
from callback_tui.commands.output import Output, wire_time
from client.preflight import (
    PreflightFacts,
    PreflightWarning,
    WriteKind,
    assess,
    free_slots_near,
    run_preflight,
)

if TYPE_CHECKING:
    from client import CallbackClient

NEARBY_FREE = 3  # free slots named in a slot-full warning
PAST_TOLERANCE = timedelta(seconds=1)


def refuse_past(at: datetime) -> None:
    """A scheduled time in the past is a usage error, as the console's form refuses it."""
    now = values.now_utc()
    if at < now - PAST_TOLERANCE:
        raise UsageError(
            f"{wire_time(at)} is in the past (now is {now:%Y-%m-%d %H:%M:%S} UTC)", "--at"
        )


async def warnings_for(
    client: CallbackClient,
    service: str,
    at: datetime | None,
    zone: ZoneInfo,
    *,
    write: WriteKind,
    check_capacity: bool,
    current: datetime | None = None,
) -> list[PreflightWarning]:
    """The preflight's warnings for writing a callback of `service` at `at` (None: now).

    An immediate booking has no slot to check, so availability is asked only for a time.
    """
    facts = await run_preflight(
        client,
        service,
        desired_time=at,
        zone=zone,
        now=values.now_utc(),
        slots_when_immediate=False,
        current=current,
    )
    warnings = assess(facts, write, check_capacity=check_capacity)
    return [_with_free_slots(w, facts) if w.code == "slot-full" else w for w in warnings]


def _with_free_slots(warning: PreflightWarning, facts: PreflightFacts) -> PreflightWarning:
    """A script cannot pick from the console's slot list: name the free slots in the text."""
    nearby = free_slots_near(facts.slots or (), facts.at, facts.now, limit=NEARBY_FREE)
    if not nearby:
        return warning
    listed = ", ".join(f"{wire_time(s.start)} ({s.capacity} free)" for s in nearby)
    return replace(warning, text=f"{warning.text} Free slots near it: {listed}.")


def report(
    out: Output, warnings: Sequence[PreflightWarning], *, strict: bool, action: tuple[str, str]
) -> bool:
    """Print the warnings on stderr; True when the command may go on.

    `action` is the verb as ("booked", "booking") for the messages.
    """
    for warning in warnings:
        out.warn(warning.text, code=warning.code)
    if not warnings:
        return True
    done, doing = action
    count = f"{len(warnings)} preflight warning{'s' if len(warnings) > 1 else ''}"
    if strict:
        out.error(f"not {done}: {count} and --strict", details=[("warnings", len(warnings))])
        return False
    if not out.json_mode:
        out.info(f"{count}; {doing} anyway (--strict refuses instead)")
    return True
