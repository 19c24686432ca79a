"""CALLBACK_SETTINGS: one row per callback service, parsed from and rendered to a human dict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callback_tui.mock.rules.hours import (
    MINUTES_PER_DAY,
    SpecialDay,
    WeeklyInterval,
    describe_special_days,
    describe_weekly,
    fmt_span,
    format_weekly,
    parse_special_days,
    parse_weekly,
)

__all__ = [
    "SETTING_DEFINITIONS",
    "PurgeMode",
    "ServiceSettings",
    "SettingDefinition",
    "SpecialDay",
    "WeeklyInterval",
    "settings_rows",
]


class PurgeMode(StrEnum):
    END_OF_BUSINESS_DAY = "endOfBusinessDay"
    AFTER_DURATION = "afterDuration"
    OFF = "off"


@dataclass(frozen=True)
class ServiceSettings:
    """The CALLBACK_SETTINGS row of one callback service (virtual queue)."""

    name: str
    timezone: str
    business_hours: tuple[WeeklyInterval, ...]
    special_days: tuple[SpecialDay, ...] = ()
    slot_duration_min: int = 30
    slot_capacity: int = 5
    immediate_enabled: bool = True
    scheduled_enabled: bool = True
    immediate_offer_hours: tuple[WeeklyInterval, ...] | None = None
    immediate_blackout_min: int = 0
    purge_mode: PurgeMode = PurgeMode.END_OF_BUSINESS_DAY
    purge_after_min: int = 1440
    agents: int = 5
    aht_sec: int = 300
    route_point: str = ""
    survey_rp: str = ""
    priority: int = 1
    max_priority: int = 100
    description: str = ""
    _special_index: dict[date, SpecialDay] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # Derived per-day data (rules.calendar); lives and dies with this immutable row.
    memo: dict[object, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        _require(
            bool(self.name) and isinstance(self.name, str), "name", "must be a non-empty string"
        )
        _require(_zone_ok(self.timezone), "timezone", f"unknown time zone {self.timezone!r}")
        _check_int(self.slot_duration_min, "slotDurationMin", 5, MINUTES_PER_DAY)
        _check_int(self.slot_capacity, "slotCapacity", 0, 100_000)
        _check_int(self.immediate_blackout_min, "immediateBlackoutMin", 0, MINUTES_PER_DAY)
        _check_int(self.purge_after_min, "purgeAfterMin", 1, 60 * 24 * 365)
        _check_int(self.agents, "agents", 0, 100_000)
        _check_int(self.aht_sec, "ahtSec", 1, 86_400)
        _check_int(self.max_priority, "maxPriority", 0, 1_000_000)
        _check_int(self.priority, "priority", 0, self.max_priority)
        for key, value in (
            ("immediateEnabled", self.immediate_enabled),
            ("scheduledEnabled", self.scheduled_enabled),
        ):
            _require(isinstance(value, bool), key, "must be true or false")
        _require(isinstance(self.purge_mode, PurgeMode), "purgeMode", "must be a PurgeMode")
        index: dict[date, SpecialDay] = {}
        for day in self.special_days:
            _require(day.date not in index, "specialDays", f"{day.date} is listed twice")
            index[day.date] = day
        object.__setattr__(self, "_special_index", index)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def special_day(self, day: date) -> SpecialDay | None:
        return self._special_index.get(day)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServiceSettings:
        """Parse the human-editable camelCase form; ValueError names the offending field."""
        if not isinstance(data, Mapping):
            raise ValueError("settings: must be an object")
        unknown = sorted(set(data) - set(_FIELD_KEYS))
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown setting (known: {', '.join(_FIELD_KEYS)})")
        for key in ("name", "timezone", "businessHours"):
            if key not in data:
                raise ValueError(f"{key}: is required")
        kwargs: dict[str, Any] = {
            "name": _str(data, "name"),
            "timezone": _str(data, "timezone"),
            "business_hours": parse_weekly(data["businessHours"], "businessHours"),
            "special_days": parse_special_days(data.get("specialDays") or {}),
        }
        offer = data.get("immediateOfferHours")
        kwargs["immediate_offer_hours"] = (
            None if offer is None else parse_weekly(offer, "immediateOfferHours")
        )
        for key, attr in _SCALARS.items():
            if key in data:
                kwargs[attr] = _scalar(data, key)
        if "purgeMode" in data:
            try:
                kwargs["purge_mode"] = PurgeMode(data["purgeMode"])
            except ValueError:
                modes = ", ".join(m.value for m in PurgeMode)
                raise ValueError(f"purgeMode: must be one of {modes}") from None
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """The camelCase form; `from_dict(s.to_dict()) == s`."""
        out: dict[str, Any] = {
            "name": self.name,
            "timezone": self.timezone,
            "businessHours": format_weekly(self.business_hours),
            "specialDays": {
                d.date.isoformat(): (
                    {"name": d.name, "hours": [fmt_span(s, e) for s, e in d.intervals]}
                    if d.name
                    else [fmt_span(s, e) for s, e in d.intervals]
                )
                for d in sorted(self.special_days, key=lambda d: d.date)
            },
            "immediateOfferHours": (
                None
                if self.immediate_offer_hours is None
                else format_weekly(self.immediate_offer_hours)
            ),
            "purgeMode": self.purge_mode.value,
        }
        for key, attr in _SCALARS.items():
            out[key] = getattr(self, attr)
        return out


_SCALARS: dict[str, str] = {
    "slotDurationMin": "slot_duration_min",
    "slotCapacity": "slot_capacity",
    "immediateEnabled": "immediate_enabled",
    "scheduledEnabled": "scheduled_enabled",
    "immediateBlackoutMin": "immediate_blackout_min",
    "purgeAfterMin": "purge_after_min",
    "agents": "agents",
    "ahtSec": "aht_sec",
    "routePoint": "route_point",
    "surveyRP": "survey_rp",
    "priority": "priority",
    "maxPriority": "max_priority",
    "description": "description",
}
_BOOL_KEYS = {"immediateEnabled", "scheduledEnabled"}
_STR_KEYS = {"routePoint", "surveyRP", "description"}
_FIELD_KEYS = (
    "name",
    "timezone",
    "businessHours",
    "specialDays",
    "immediateOfferHours",
    "purgeMode",
    *_SCALARS,
)


def _require(ok: bool, key: str, message: str) -> None:
    if not ok:
        raise ValueError(f"{key}: {message}")


def _check_int(value: object, key: str, low: int, high: int) -> None:
    ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    _require(ok, key, f"must be an integer from {low} to {high}, got {value!r}")


def _zone_ok(name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    _require(isinstance(value, str), key, "must be a string")
    return str(value)


def _scalar(data: Mapping[str, Any], key: str) -> Any:
    value = data[key]
    if key in _BOOL_KEYS:
        _require(isinstance(value, bool), key, f"must be true or false, got {value!r}")
    elif key in _STR_KEYS:
        _require(isinstance(value, str), key, f"must be a string, got {value!r}")
    else:
        _require(
            isinstance(value, int) and not isinstance(value, bool),
            key,
            f"must be an integer, got {value!r}",
        )
    return value


# --- The CALLBACK_SETTINGS parameters table, as the Callback UI shows it -----------------------


@dataclass(frozen=True)
class SettingDefinition:
    """One CALLBACK_SETTINGS parameter: display name, whether an API booking honours it, and why."""

    key: str  # camelCase key in the settings dict
    name: str
    web_callback: bool
    requires: str | None
    description: str


# web_callback: does a callback booked through POST /callbacks/create honour this setting?
# (the seed: create ignores office hours, Immediate/Scheduled Enabled and slot availability;
# route point, survey RP, priority and userData are honoured). requires: the request parameter
# that must be true for the API to read the setting at all.
# fmt: off
_D = SettingDefinition
SETTING_DEFINITIONS: tuple[SettingDefinition, ...] = (
    _D("timezone", "Time Zone", True, "alwaysCheckCapacity",
       "Zone of Business Hours and slots; desiredTime itself is absolute (UTC)."),
    _D("businessHours", "Business Hours", False, None,
       "Weekly opening hours; create books outside them, open-for and availability read them."),
    _D("specialDays", "Special Days", False, None,
       "Holidays and exceptional hours that replace the weekday's Business Hours."),
    _D("slotDurationMin", "Slot Duration", True, "alwaysCheckCapacity",
       "Length of a scheduled-callback slot in minutes; create checks it only on request."),
    _D("slotCapacity", "Slot Capacity", True, "alwaysCheckCapacity",
       "Scheduled callbacks allowed per slot; a full slot is refused (429) only on request."),
    _D("immediateEnabled", "Immediate Enabled", False, None,
       "Offer immediate callbacks; create books them anyway, queue-status reports it."),
    _D("scheduledEnabled", "Scheduled Enabled", False, None,
       "Offer scheduled callbacks; create books them anyway, queue-status reports it."),
    _D("immediateOfferHours", "Immediate Offer Hours", False, "queryImmediateOfferHours",
       "Narrower window for offering immediate callbacks (open-for flags, queue-status)."),
    _D("immediateBlackoutMin", "Immediate Blackout (minutes)", False,
       "returnWithinImmediateOfferTime",
       "Stop offering immediate callbacks this long before close (without Offer Hours)."),
    _D("routePoint", "Route Point", True, None,
       "Outbound route point; the request's routePoint overrides it."),
    _D("surveyRP", "Survey Route Point", True, None,
       "Post-call survey route point; the request's surveyRP overrides it."),
    _D("priority", "Priority", True, None,
       "Initial virtual-queue priority; the request's priority overrides it."),
    _D("maxPriority", "Priority Limit", True, None,
       "Highest priority a callback can reach, whatever the request asks."),
    _D("purgeMode", "Purge Mode", True, None,
       "When open callbacks are purged: at end of business day, after a duration, or never."),
    _D("purgeAfterMin", "Purge After (minutes)", True, None,
       "Age past the desired time after which afterDuration mode purges a callback."),
    _D("agents", "Agents", False, None,
       "Agents logged in to the queue (emulator: drives estimated wait time)."),
    _D("ahtSec", "Average Handle Time", False, None,
       "Average seconds an agent spends per callback (emulator: drives EWT and progress)."),
)
# fmt: on


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def setting_value(settings: ServiceSettings, key: str) -> str:
    """The human string the console shows for one setting."""
    s = settings
    match key:
        case "timezone":
            return s.timezone
        case "businessHours":
            return describe_weekly(s.business_hours)
        case "specialDays":
            return describe_special_days(s.special_days)
        case "slotDurationMin":
            return f"{s.slot_duration_min} min"
        case "immediateEnabled":
            return _yes_no(s.immediate_enabled)
        case "scheduledEnabled":
            return _yes_no(s.scheduled_enabled)
        case "immediateOfferHours":
            offer = s.immediate_offer_hours
            return "not configured" if offer is None else describe_weekly(offer)
        case "immediateBlackoutMin":
            return f"{s.immediate_blackout_min} min"
        case "purgeMode":
            return s.purge_mode.value
        case "purgeAfterMin":
            return f"{s.purge_after_min} min"
        case "ahtSec":
            return f"{s.aht_sec} s"
        case "routePoint" | "surveyRP":
            return str(getattr(s, _SCALARS[key])) or "(none)"
    return str(getattr(s, _SCALARS[key]))


def settings_rows(settings: ServiceSettings) -> list[dict[str, Any]]:
    """docs/api.md `Setting` rows: {name, value, webCallback, requires, description}."""
    return [
        {
            "name": d.name,
            "value": setting_value(settings, d.key),
            "webCallback": d.web_callback,
            "requires": d.requires,
            "description": d.description,
        }
        for d in SETTING_DEFINITIONS
    ]
