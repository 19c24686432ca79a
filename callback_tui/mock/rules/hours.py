"""Opening hours: weekly intervals, special days, and their human text form."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_ALIASES = {
    **{k: i for i, k in enumerate(DAY_KEYS)},
    **{
        n: i
        for i, n in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")
MINUTES_PER_DAY = 1440


@dataclass(frozen=True, order=True)
class WeeklyInterval:
    """An opening interval on one weekday, in minutes from local midnight (end up to 1440)."""

    weekday: int
    start_min: int
    end_min: int

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday: must be 0 (Mon) to 6 (Sun), got {self.weekday}")
        _check_span(self.start_min, self.end_min)


@dataclass(frozen=True)
class SpecialDay:
    """A holiday or exception: replaces the weekday's hours; no intervals means closed."""

    date: date
    intervals: tuple[tuple[int, int], ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        for start, end in self.intervals:
            _check_span(start, end)


def _check_span(start: int, end: int) -> None:
    if not (0 <= start < end <= MINUTES_PER_DAY):
        raise ValueError(
            f"interval {fmt_hhmm(start)}-{fmt_hhmm(end)} must satisfy 00:00 <= start < end <= 24:00"
        )


def parse_hhmm(text: str, key: str) -> int:
    """ "08:30" -> 510; "24:00" -> 1440."""
    match = _HHMM.match(text.strip())
    if not match:
        raise ValueError(f"{key}: {text!r} is not a HH:MM time")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{key}: {text!r} is not a HH:MM time between 00:00 and 24:00")
    return hours * 60 + minutes


def fmt_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def fmt_span(start: int, end: int) -> str:
    return f"{fmt_hhmm(start)}-{fmt_hhmm(end)}"


def parse_span(text: object, key: str) -> tuple[int, int, int]:
    """ "08:00-18:00" -> (480, 1080, 0); an overnight "22:00-02:00" -> (1320, 120, 1)."""
    if not isinstance(text, str) or text.count("-") != 1:
        raise ValueError(f'{key}: {text!r} is not an interval like "08:00-18:00"')
    left, right = text.split("-")
    start, end = parse_hhmm(left, key), parse_hhmm(right, key)
    if start in (end, MINUTES_PER_DAY):
        raise ValueError(f"{key}: {text!r} is empty")
    return (start, end, 0) if end > start else (start, end, 1)


def _days_of(key: str, where: str) -> list[int]:
    """ "mon" -> [0]; "mon-fri" -> [0..4]; "sat-mon" wraps."""
    parts = key.strip().lower().split("-")
    if len(parts) not in (1, 2) or any(p not in _DAY_ALIASES for p in parts):
        raise ValueError(f"{where}.{key}: not a weekday (use mon..sun or a range like mon-fri)")
    first, last = _DAY_ALIASES[parts[0]], _DAY_ALIASES[parts[-1]]
    return [(first + i) % 7 for i in range((last - first) % 7 + 1)]


def parse_weekly(data: object, where: str) -> tuple[WeeklyInterval, ...]:
    """{"mon-fri": ["08:00-18:00"], "sat": ["22:00-02:00"]} -> sorted WeeklyIntervals."""
    if not isinstance(data, Mapping):
        raise ValueError(f'{where}: must be an object like {{"mon": ["08:00-18:00"]}}')
    out: list[WeeklyInterval] = []
    for key, spans in data.items():
        days = _days_of(str(key), where)
        if not isinstance(spans, list):
            raise ValueError(f'{where}.{key}: must be a list of "HH:MM-HH:MM" strings')
        for span in spans:
            start, end, overnight = parse_span(span, f"{where}.{key}")
            for day in days:
                if overnight:
                    out.append(WeeklyInterval(day, start, MINUTES_PER_DAY))
                    if end:
                        out.append(WeeklyInterval((day + 1) % 7, 0, end))
                else:
                    out.append(WeeklyInterval(day, start, end))
    return tuple(sorted(set(out)))


def format_weekly(intervals: Iterable[WeeklyInterval]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for iv in sorted(intervals):
        out.setdefault(DAY_KEYS[iv.weekday], []).append(fmt_span(iv.start_min, iv.end_min))
    return out


def parse_special_days(data: object) -> tuple[SpecialDay, ...]:
    """{"2026-12-24": ["10:00-14:00"], "2026-12-25": [] (closed)}; a value may also be
    {"name": "Christmas", "hours": [...]}."""
    if not isinstance(data, Mapping):
        raise ValueError("specialDays: must be an object keyed by YYYY-MM-DD")
    out: list[SpecialDay] = []
    for key, value in data.items():
        where = f"specialDays.{key}"
        try:
            day = date.fromisoformat(str(key))
        except ValueError:
            raise ValueError(f"{where}: not a YYYY-MM-DD date") from None
        name = ""
        if isinstance(value, Mapping):
            name = value.get("name") or ""
            if not isinstance(name, str):
                raise ValueError(f"{where}.name: must be a string")
            value = value.get("hours", [])
        if not isinstance(value, list):
            raise ValueError(f'{where}: must be a list of "HH:MM-HH:MM" ([] = closed)')
        spans: list[tuple[int, int]] = []
        for span in value:
            start, end, overnight = parse_span(span, where)
            if overnight:
                raise ValueError(f"{where}: {span!r} crosses midnight; split it over two days")
            spans.append((start, end))
        out.append(SpecialDay(day, tuple(sorted(spans)), name))
    return tuple(sorted(out, key=lambda d: d.date))


def describe_weekly(intervals: tuple[WeeklyInterval, ...]) -> str:
    """Mon-Fri 08:00-18:00; Sat 09:00-12:00 (consecutive days with equal hours grouped)."""
    per_day = format_weekly(intervals)
    names = [k.capitalize() for k in DAY_KEYS]
    groups: list[tuple[int, int, list[str]]] = []
    for i, key in enumerate(DAY_KEYS):
        spans = per_day.get(key)
        if not spans:
            continue
        if groups and groups[-1][1] == i - 1 and groups[-1][2] == spans:
            groups[-1] = (groups[-1][0], i, spans)
        else:
            groups.append((i, i, spans))
    if not groups:
        return "closed every day"
    parts = []
    for first, last, spans in groups:
        days = names[first] if first == last else f"{names[first]}-{names[last]}"
        parts.append(f"{days} {', '.join(spans)}")
    return "; ".join(parts)


def describe_special_days(days: tuple[SpecialDay, ...]) -> str:
    if not days:
        return "none"
    parts = []
    for d in days:
        hours = ", ".join(fmt_span(s, e) for s, e in d.intervals) or "closed"
        parts.append(f"{d.date.isoformat()} {hours}" + (f" ({d.name})" if d.name else ""))
    return "; ".join(parts)
