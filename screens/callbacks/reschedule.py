"""Reschedule a callback: a new time (or a picked slot), the same preflight, then save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Input, Static

from client import Callback
from screens import clock
from screens.callbacks import fmt
from screens.callbacks.plan_layout import compact_input, form_field, plan_layout_css
from screens.callbacks.planning import PlannedTime, PlanScreen
from screens.callbacks.preflight import RESCHEDULING
from screens.callbacks.validation import TIME, ZONE, parse_time, parse_zone, require_future
from screens.text import escape

TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class ReschedulePlan:
    callback_id: str
    desired_time: datetime
    refuse_if_full: bool


class RescheduleScreen(PlanScreen):
    """Dismisses with the updated Callback, or None when closed without saving."""

    DEFAULT_CSS = plan_layout_css("RescheduleScreen", "rs") + (
        "RescheduleScreen #rs-current { height: auto; padding: 0 1 1 1; }"
    )
    id_prefix = "rs"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "commit", "Save", id="callbacks.reschedule.submit"),
    ]

    commit_action = "reschedule callback"
    write_kind = RESCHEDULING
    doing = "rescheduling"

    def __init__(self, callback: Callback, zone: ZoneInfo) -> None:
        super().__init__()
        self.callback = callback
        self._zone = zone

    def heading(self) -> str:
        return f"Reschedule callback {escape(self.callback.id)}"

    def compose_form(self) -> ComposeResult:
        item = self.callback
        yield Static(
            f"Service {escape(item.service_name or '—')}, phone "
            f"{escape(item.phone_number or '—')}, state {escape(item.callback_state)}\n"
            f"Now booked for {escape(fmt.local_and_utc(item.desired_time, self._zone))}",
            id="rs-current",
        )
        yield from form_field("New time", TIME, compact_input("YYYY-MM-DD HH:MM"))
        yield from form_field("Time zone", ZONE, compact_input("Europe/Paris", self._zone.key))
        yield from form_field(
            "",
            "refuse",
            Checkbox("Refuse if full", compact=True),
            hint="sends alwaysCheckCapacity: a full slot is refused (429) with free slots proposed",
        )

    def on_mount(self) -> None:
        time_input = self.query_one(f"#f-{TIME}", Input)
        current = self.callback.desired_time
        if current is not None and current > clock.now():
            time_input.value = current.astimezone(self._zone).strftime(TIME_FORMAT)
            self.action_check()
        time_input.focus()

    def planned_time(self) -> PlannedTime:
        zone_text = self.query_one(f"#f-{ZONE}", Input).value
        when = parse_time(self.query_one(f"#f-{TIME}", Input).value, zone_text)
        zone = parse_zone(zone_text) if zone_text.strip() else self._zone
        service = self.callback.service_name or ""
        return PlannedTime(service, require_future(when, clock.now()), zone)

    def validated_commit(self) -> tuple[PlannedTime, ReschedulePlan]:
        planned = self.planned_time()
        assert planned.at is not None
        refuse = self.query_one("#f-refuse", Checkbox).value
        return planned, ReschedulePlan(self.callback.id, planned.at, refuse)

    async def commit(self, payload: ReschedulePlan) -> Callback:
        return await self.client.callbacks.reschedule(
            payload.callback_id,
            payload.desired_time,
            always_check_capacity=True if payload.refuse_if_full else None,
        )

    def committed(self, result: Callback) -> None:
        self.dismiss(result)

    def set_time(self, start: datetime) -> None:
        zone = self._zone_for_slots()
        self.query_one(f"#f-{TIME}", Input).value = start.astimezone(zone).strftime(TIME_FORMAT)
