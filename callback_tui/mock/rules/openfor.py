"""GET /callbacks/open-for: how long the office stays open, and the three 100.0.003.0156 flags."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from callback_tui.mock.rules.calendar import open_for, open_span, seconds_between
from callback_tui.mock.rules.settings import ServiceSettings
from callback_tui.mock.rules.timeutil import require_aware

OFFER_FLAGS_SINCE = "100.0.003.0156"


@lru_cache(maxsize=64)
def parse_version(version: str) -> tuple[int, ...]:
    """ "100.0.003.0156" -> (100, 0, 3, 156); ValueError for anything else."""
    parts = version.strip().split(".")
    if not version.strip() or not all(p.isdigit() for p in parts):
        raise ValueError(f"gesVersion: {version!r} is not a dotted version like 100.0.003.0156")
    return tuple(int(p) for p in parts)


def version_at_least(version: str, minimum: str) -> bool:
    """Numeric dotted comparison; missing trailing parts count as 0 (100.0.3 == 100.0.3.0)."""
    a, b = parse_version(version), parse_version(minimum)
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)) >= b + (0,) * (width - len(b))


def immediate_offer_hours_open_for(settings: ServiceSettings, at: datetime) -> int:
    """-1 when Immediate Offer Hours are not configured, 0 outside them, else seconds to the end
    of the current (merged) offer window."""
    if settings.immediate_offer_hours is None:
        return -1
    span = open_span(settings, at, offer=True)
    return 0 if span is None else seconds_between(require_aware(at), span[1])


def within_immediate_offer_time(settings: ServiceSettings, at: datetime, ewt_sec: int) -> bool:
    """Can an immediate callback be offered at `at` with this EWT?

    With Immediate Offer Hours: `at` is inside them and `at + ewt` is no later than the end of
    that offer window. Without: the office is open at `at` and `at + ewt` is no later than
    close minus Immediate Blackout. A negative EWT (unknown) counts as 0. Answered exactly at
    the cutoff still counts as within.
    """
    at = require_aware(at)
    answered = at + timedelta(seconds=max(0, ewt_sec))
    if settings.immediate_offer_hours is not None:
        span = open_span(settings, at, offer=True)
        return span is not None and answered <= span[1]
    span = open_span(settings, at)
    if span is None:
        return False
    return answered <= span[1] - timedelta(minutes=settings.immediate_blackout_min)


def open_for_result(
    settings: ServiceSettings,
    at: datetime,
    ewt_sec: int,
    *,
    query_immediate_offer_hours: bool,
    return_within_immediate_offer_time: bool,
    check_immediate_enabled: bool,
    ges_version: str,
) -> dict[str, Any]:
    """The `data` of GET open-for. `at` is `start` when given, else now."""
    data: dict[str, Any] = {"openFor": open_for(settings, at)}
    if not version_at_least(ges_version, OFFER_FLAGS_SINCE):
        return data  # older backends ignore the three flags and never send their outputs
    if query_immediate_offer_hours:
        data["immediateOfferHoursOpenFor"] = immediate_offer_hours_open_for(settings, at)
    if return_within_immediate_offer_time:
        data["isWithinImmediateOfferTime"] = within_immediate_offer_time(settings, at, ewt_sec)
    if check_immediate_enabled:
        data["isImmediateEnabled"] = settings.immediate_enabled
    return data
