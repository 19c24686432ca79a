"""Business hours as the console reads them: weekly intervals plus special days, per service.

The server sends them either structured (the tenant file form, `{"mon-fri": ["08:00-18:00"]}`)
or as the text of the CALLBACK_SETTINGS row (`Mon-Fri 08:00-18:00; Sat 09:00-12:00`). Both are
parsed here so the Purging panel can explain what happens on a given evening.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_INDEX = {key: i for i, key in enumerate(DAY_KEYS)} | {
    name: i
    for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
MINUTES_PER_DAY = 1440

Span = tuple[int, int]  # minutes from local midnight, end up to 1440


@dataclass(frozen=True)
class BusinessHours:
    """Opening spans per weekday (0 = Monday) and per special date ([] = closed that day)."""

    weekly: dict[int, list[Span]]
    special: dict[date, list[Span]] = field(default_factory=dict)
    special_names: dict[date, str] = field(default_factory=dict)

    def spans_on(self, day: date) -> list[Span]:
        if day in self.special:
            return self.special[day]
        return self.weekly.get(day.weekday(), [])

    def close_of(self, day: date) -> int | None:
        """Minute of the day the business day ends (last span's end), None when closed."""
        spans = self.spans_on(day)
        return max(end for _, end in spans) if spans else None

    def is_open_at(self, day: date, minute: int) -> bool:
        return any(start <= minute < end for start, end in self.spans_on(day))

    def next_business_close(self, after: datetime, zone: ZoneInfo) -> datetime | None:
        """The first end of a business day strictly after `after` (within two weeks)."""
        local = after.astimezone(zone)
        for offset in range(15):
            day = local.date() + timedelta(days=offset)
            close = self.close_of(day)
            if close is None:
                continue
            end = at_minute(day, close, zone)
            if end > after:
                return end
        return None


def at_minute(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """`day` at `minute` (1440 = next midnight) in `zone`."""
    return datetime.combine(day, time(0), tzinfo=zone) + timedelta(minutes=minute)


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _span(text: str) -> tuple[Span, Span | None]:
    """ "08:00-18:00" -> ((480, 1080), None); overnight "22:00-02:00" also gives next day's part."""
    match = _SPAN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an interval like 08:00-18:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end > start:
        return (start, end), None
    return (start, MINUTES_PER_DAY), ((0, end) if end else None)


def _days(key: str) -> list[int]:
    parts = key.strip().lower().split("-")
    if len(parts) not in (1, 2) or any(part not in _DAY_INDEX for part in parts):
        raise ValueError(f"{key!r} is not a weekday or a range like mon-fri")
    first, last = _DAY_INDEX[parts[0]], _DAY_INDEX[parts[-1]]
    return [(first + i) % 7 for i in range((last - first) % 7 + 1)]


def _add_weekly(weekly: dict[int, list[Span]], key: str, spans: list[str]) -> None:
    for text in spans:
        today, tomorrow = _span(text)
        for day in _days(key):
            weekly.setdefault(day, []).append(today)
            if tomorrow:
                weekly.setdefault((day + 1) % 7, []).append(tomorrow)


def _sorted(weekly: dict[int, list[Span]]) -> dict[int, list[Span]]:
    return {day: sorted(set(spans)) for day, spans in weekly.items()}


def parse_weekly(value: Any) -> dict[int, list[Span]]:
    """Structured `{"mon-fri": ["08:00-18:00"]}` or text `Mon-Fri 08:00-18:00; Sat 09:00-12:00`."""
    weekly: dict[int, list[Span]] = {}
    if isinstance(value, Mapping):
        for key, spans in value.items():
            if not isinstance(spans, list):
                raise ValueError(f"{key}: expected a list of intervals")
            _add_weekly(weekly, str(key), [str(s) for s in spans])
        return _sorted(weekly)
    if not isinstance(value, str):
        raise ValueError("business hours: expected an object or text")
    text = value.strip()
    if text.lower() in ("", "closed every day", "closed"):
        return {}
    for part in text.split(";"):
        days, _, spans = part.strip().partition(" ")
        _add_weekly(weekly, days, [s for s in spans.replace(" ", "").split(",") if s])
    return _sorted(weekly)


def parse_special(value: Any) -> tuple[dict[date, list[Span]], dict[date, str]]:
    """`{"2026-12-25": [], "2026-12-24": {"name": .., "hours": [..]}}` or the row's text form."""
    special: dict[date, list[Span]] = {}
    names: dict[date, str] = {}
    if value is None:
        return special, names
    if isinstance(value, Mapping):
        for key, spans in value.items():
            day = date.fromisoformat(str(key))
            if isinstance(spans, Mapping):
                names[day] = str(spans.get("name") or "")
                spans = spans.get("hours", [])
            special[day] = sorted(_span(str(s))[0] for s in spans)
        return special, names
    text = str(value).strip()
    if text.lower() in ("", "none"):
        return special, names
    for part in text.split(";"):
        match = re.match(r"^\s*(\d{4}-\d{2}-\d{2})\s+(.*?)(?:\s+\((.*)\))?\s*$", part)
        if not match:
            raise ValueError(f"{part!r} is not a special day like 2026-12-25 closed")
        day = date.fromisoformat(match.group(1))
        hours = match.group(2).strip()
        spans_text = [] if hours.lower() == "closed" else hours.replace(" ", "").split(",")
        special[day] = sorted(_span(s)[0] for s in spans_text if s)
        if match.group(3):
            names[day] = match.group(3)
    return special, names


def parse_business_hours(weekly: Any, special: Any = None) -> BusinessHours:
    days, names = parse_special(special)
    return BusinessHours(parse_weekly(weekly), days, names)


def describe_day(hours: BusinessHours, day: date) -> str:
    spans = hours.spans_on(day)
    text = ", ".join(f"{hhmm(s)}-{hhmm(e)}" for s, e in spans) if spans else "closed"
    name = hours.special_names.get(day)
    if day in hours.special:
        text += f" (special day{': ' + name if name else ''})"
    return text
