"""A list of free slots to pick from; picking one posts `SlotPicker.Picked` with its start."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from screens.callbacks.preflight import SlotFacts


def slot_label(slot: SlotFacts, zone: ZoneInfo) -> str:
    local = slot.start.astimezone(zone)
    free = f"{slot.capacity} of {slot.total} free" if slot.total else f"{slot.capacity} free"
    return (
        f"{local:%a %Y-%m-%d %H:%M} {local.tzname()}  "
        f"({slot.start.astimezone(UTC):%H:%M} UTC)  {free}"
    )


class SlotPicker(OptionList):
    """Free slots near the requested time (or the server's proposals after a 429)."""

    DEFAULT_CSS = """
    SlotPicker { height: 1fr; min-height: 3; }
    """

    class Picked(Message):
        def __init__(self, start: datetime) -> None:
            super().__init__()
            self.start = start

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._starts: dict[str, datetime] = {}

    def set_slots(self, slots: Iterable[SlotFacts], zone: ZoneInfo) -> None:
        self.clear_options()
        self._starts = {}
        options: list[Option] = []
        for slot in slots:
            key = slot.start.astimezone(UTC).isoformat()
            self._starts[key] = slot.start
            options.append(Option(slot_label(slot, zone), id=key))
        self.add_options(options)
        if options:
            self.highlighted = 0

    @property
    def starts(self) -> list[datetime]:
        return list(self._starts.values())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        start = self._starts.get(event.option.id or "")
        if start is not None:
            self.post_message(self.Picked(start))
