"""Values of the Tools tab in words: durations, relative times, open-for outputs, purge modes."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

# The three extra open-for outputs exist from this GES version on (seed, "Booking a callback").
EXTRA_OPEN_FOR_SINCE = "100.0.003.0156"

PURGE_MODE_WORDS = {
    "endOfBusinessDay": "end of business day",
    "afterDuration": "after a duration",
    "off": "off",
}


def zone_label(zone: tzinfo, at: datetime) -> str:
    """A short name for a zone: its IANA key if it has one, else the abbreviation at `at`."""
    key = getattr(zone, "key", None)
    if isinstance(key, str):
        return key
    return at.astimezone(zone).tzname() or "local"


def duration_words(seconds: float) -> str:
    """3 h 15 min, 45 min, 30 s; days when it is that long."""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    minutes_total = total // 60
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(f"{days} d")
    if hours:
        parts.append(f"{hours} h")
    if minutes or not parts:
        parts.append(f"{minutes} min")
    return " ".join(parts)


def relative_words(then: datetime, now: datetime) -> str:
    """ "12 min ago" for the past, "in 18 min" for the future, "now" within a minute."""
    delta = (then - now).total_seconds()
    if abs(delta) < 60:
        return "now"
    words = duration_words(abs(delta))
    return f"in {words}" if delta > 0 else f"{words} ago"


def refresh_summary(
    last: datetime, next_refresh: datetime, interval_min: int, now: datetime
) -> str:
    """ "12 min ago, next automatic refresh in 18 min (every 30 min)"."""
    last_words = relative_words(last, now)
    if last_words == "now":
        last_words = "just now"
    if next_refresh <= now:
        upcoming = "next automatic refresh is due now"
    else:
        upcoming = f"next automatic refresh {relative_words(next_refresh, now)}"
    return f"{last_words}, {upcoming} (every {interval_min} min)"


def open_for_words(seconds: int | float | None) -> str:
    if seconds is None:
        return "not returned"
    if seconds <= 0:
        return "closed"
    return f"open for {duration_words(seconds)}"


def offer_hours_words(seconds: int | float | None) -> str:
    """Meaning of `immediateOfferHoursOpenFor` (-1 / 0 / N seconds)."""
    if seconds is None:
        return "not returned"
    if seconds < 0:
        return "Immediate Offer Hours not configured"
    if seconds == 0:
        return "outside Immediate Offer Hours"
    return f"within Immediate Offer Hours, {duration_words(seconds)} until the offer window ends"


def within_offer_words(value: bool | None) -> str:
    if value is None:
        return "not returned"
    if value:
        return "yes: now + EWT is inside the offer window"
    return "no: now + EWT falls outside the offer window"


def immediate_enabled_words(value: bool | None) -> str:
    if value is None:
        return "not returned"
    return "Immediate Enabled is true" if value else "Immediate Enabled is false"


def offered_words(value: bool | None) -> str:
    if value is None:
        return "not returned"
    return "offered now" if value else "NOT offered now"


def purge_mode_words(mode: str, after_minutes: int | None) -> str:
    if mode == "afterDuration":
        return f"after {duration_words((after_minutes or 0) * 60)}"
    return PURGE_MODE_WORDS.get(mode, mode)


def version_tuple(version: str) -> tuple[int, ...] | None:
    """`100.0.003.0156` -> (100, 0, 3, 156); None when it is not a dotted number."""
    try:
        return tuple(int(part) for part in version.strip().split("."))
    except ValueError:
        return None


def has_extra_open_for(version: str | None) -> bool | None:
    """True/False when the GES version is known and parses; None when unknown."""
    if not version:
        return None
    mine, since = version_tuple(version), version_tuple(EXTRA_OPEN_FOR_SINCE)
    if mine is None or since is None:
        return None
    return mine >= since


def value_text(value: Any) -> str:
    """A settings value as one short line of text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, separators=(", ", ": "), ensure_ascii=False)
