"""The preflight, shown: open-for, queue-status and availability side by side, then warnings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from client.preflight import PreflightFacts, PreflightWarning, describe_time, slot_at
from screens.callbacks.preflight import explain_open_for, explain_queue, slots_in_window
from screens.text import escape


def _rows(rows: list[tuple[str, str]]) -> str:
    return "\n".join(f"{escape(value)}\n  [dim]{escape(meaning)}[/dim]" for value, meaning in rows)


class PreflightColumns(Horizontal):
    """Three boxes: what open-for, queue-status and availability returned, with meanings."""

    DEFAULT_CSS = """
    PreflightColumns { height: auto; min-height: 6; max-height: 14; }
    PreflightColumns > Static {
        width: 1fr; height: auto; min-height: 6; max-height: 14;
        border: round $primary-background-lighten-2; padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        for name in ("open-for", "queue-status", "availability"):
            box = Static("[dim]not checked yet[/dim]", id=f"pf-{name}")
            box.border_title = name
            yield box

    def show(self, facts: PreflightFacts) -> None:
        open_for = self.query_one("#pf-open-for", Static)
        queue = self.query_one("#pf-queue-status", Static)
        slots = self.query_one("#pf-availability", Static)
        open_for.update(
            _rows(explain_open_for(facts.open_for))
            if facts.open_for is not None
            else self._failed(facts, "open-for")
        )
        queue.update(
            _rows(explain_queue(facts.queue))
            if facts.queue is not None
            else self._failed(facts, "queue-status")
        )
        slots.update(self._availability(facts))

    @staticmethod
    def _failed(facts: PreflightFacts, check: str) -> str:
        return f"[b $error]failed[/]\n{escape(facts.failures.get(check, 'no answer'))}"

    def _availability(self, facts: PreflightFacts) -> str:
        if facts.slots is None:
            return self._failed(facts, "availability")
        if not facts.slots:
            return "no slots in business hours around that time"
        chosen = slot_at(facts.slots, facts.at, facts.slot_minutes) if facts.scheduled else None
        # Where the requested time falls when no slot holds it (closed, between days).
        missing = (
            f"▶{facts.at.astimezone(facts.zone):%a %d %H:%M}  [b $warning]requested: no slot[/]"
        )
        pending = facts.scheduled and chosen is None
        lines = []
        for slot in slots_in_window(facts.slots, facts.at, facts.now, keep=chosen):
            if pending and slot.start > facts.at:
                lines.append(missing)
                pending = False
            local = slot.start.astimezone(facts.zone)
            state = "[b $error]full[/]" if slot.full else f"{slot.capacity}/{slot.total} free"
            marker = "▶" if slot is chosen else " "
            lines.append(f"{marker}{local:%a %d %H:%M}  {state}")
        if pending:
            lines.append(missing)
        if not lines:
            lines.append("[dim]no slots left after now in this window[/dim]")
        duration = f"{facts.slot_minutes} min slots" if facts.slot_minutes else "slots"
        return f"[dim]{duration}, {escape(facts.zone.key)}[/dim]\n" + "\n".join(lines)

    def reset(self, text: str = "[dim]not checked yet[/dim]") -> None:
        for box in self.query(Static):
            box.update(text)


class WarningList(Vertical):
    """The warnings in words (or "all checks passed"), plus informational notes."""

    DEFAULT_CSS = """
    WarningList { height: auto; }
    WarningList > Static { height: auto; }
    WarningList > Vertical { height: auto; }
    WarningList #pf-summary { text-style: bold; }
    WarningList .pf-warning { color: $warning; }
    WarningList .pf-note { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Preflight: not run yet (enter in a field, or ctrl+r).", id="pf-summary")
        yield Vertical(id="pf-items")

    def show(
        self,
        facts: PreflightFacts,
        warnings: list[PreflightWarning],
        notes: list[str],
        *,
        doing: str = "booking",
    ) -> None:
        kind = "scheduled callback at" if facts.scheduled else "immediate callback, now:"
        when = describe_time(facts.at, facts.zone)
        summary = f"Preflight for {escape(facts.service)}, {kind} {when}"
        verdict = (
            f"[$warning]{len(warnings)} warning(s): {doing} needs a confirm[/]"
            if warnings
            else "[$success]all checks passed[/]"
        )
        self.query_one("#pf-summary", Static).update(f"{summary}\n{verdict}")
        items = self.query_one("#pf-items", Vertical)
        items.remove_children()
        items.mount_all(
            [Static(f"⚠ {escape(w.text)}", classes="pf-warning") for w in warnings]
            + [Static(f"ⓘ {escape(n)}", classes="pf-note") for n in notes]
        )

    def pending(self, text: str) -> None:
        self.query_one("#pf-summary", Static).update(escape(text))
        self.query_one("#pf-items", Vertical).remove_children()
