"""Running purges: automatically (per each service's mode) and on demand from the console.

Automatic purges record the moment the rule fired (the end of the business day, or due time +
N minutes), so a lazily noticed purge still tells the right story. "Purge now" treats now as the
end of the business day: every open callback already due (desired time <= now) is purged;
callbacks scheduled for later are kept.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .envelope import dt_to_ms, iso_ms, ms_to_dt
from .rules.purge import CallbackRecord, next_purge, purge_candidates, purge_due_at
from .rules.settings import ServiceSettings

if TYPE_CHECKING:
    from .app import Emulator

PURGED = "PURGED"


def next_purge_at(settings: ServiceSettings, now: datetime) -> datetime | None:
    return next_purge(settings, now)


def _open_with_state(em: Emulator, service: str | None, now: datetime) -> list[tuple[Any, str]]:
    from .domain import state_of

    out = []
    for row in em.store.open_callbacks(service):
        state, _ = state_of(em, row, now)
        if state != "COMPLETED":
            out.append((row, state))
    return out


def auto_purge(em: Emulator, now: datetime) -> int:
    """Purge what each service's mode says is due by `now`; the number purged."""
    total = 0
    for name, settings in list(em.services.items()):
        rows = _open_with_state(em, name, now)
        if not rows:
            continue
        records = [
            CallbackRecord(row.id, ms_to_dt(row.desired_ms), ms_to_dt(row.created_ms), state)
            for row, state in rows
        ]
        ids = set(purge_candidates(settings, records, now))
        if not ids:
            continue
        when: list[tuple[str, int]] = []
        for row, _state in rows:
            if row.id in ids:
                due = purge_due_at(settings, ms_to_dt(row.desired_ms), ms_to_dt(row.created_ms))
                at = min(now, due) if due is not None else now
                when.append((row.id, dt_to_ms(at)))
        total += em.store.finish_each(when, "COMPLETED", PURGED)
    return total


def purge_now(em: Emulator, service: str | None, dry_run: bool) -> dict[str, Any]:
    now = em.clock.now()
    now_ms = dt_to_ms(now)
    due = [(row, state) for row, state in _open_with_state(em, service, now)
           if row.desired_ms <= now_ms]  # fmt: skip
    due.sort(key=lambda pair: (pair[0].desired_ms, pair[0].id))
    ids = [row.id for row, _ in due]
    if not dry_run and ids:
        em.store.finish_each([(i, now_ms) for i in ids], "COMPLETED", PURGED)
    return {
        "dryRun": dry_run,
        "count": len(ids),
        "ids": ids,
        "byState": dict(Counter(state for _, state in due)),
        "oldest": iso_ms(due[0][0].desired_ms) if due else None,
        "newest": iso_ms(due[-1][0].desired_ms) if due else None,
    }
