"""The benchmark table: one row per figure with its median, spread, baseline, ratio and target."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Target:
    """`value <= 5` (kind "max") or `>= 0.5` (kind "min"), on the figure's value or its ratio."""

    kind: Literal["max", "min"]
    limit: float
    on: Literal["value", "ratio"] = "value"

    def holds(self, value: float) -> bool:
        return value <= self.limit if self.kind == "max" else value >= self.limit

    def describe(self, unit: str) -> str:
        sign = "<=" if self.kind == "max" else ">="
        if self.on == "ratio":
            return f"ratio {sign} {self.limit:g}"
        return f"{sign} {self.limit:g} {unit}".rstrip()


@dataclass
class Figure:
    """One measured figure. `samples` are per-round values; the table shows their median."""

    name: str
    unit: str
    samples: list[float]
    target: Target | None = None
    baseline: list[float] | None = None
    baseline_label: str = ""
    note: str = ""
    issue: str = ""
    error: str | None = None  # the measurement could not be taken (shown as failing)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        value, base = self.median, self.baseline_median
        if value is None or not base:
            return None
        return value / base

    @property
    def passed(self) -> bool | None:
        """True/False against the target; None when there is no target."""
        if self.error is not None:
            return False
        if self.target is None:
            return None
        value = self.ratio if self.target.on == "ratio" else self.median
        return False if value is None else self.target.holds(value)

    def to_json(self) -> dict[str, Any]:
        return {
            "figure": self.name,
            "issue": self.issue,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.samples) if self.samples else None,
            "max": max(self.samples) if self.samples else None,
            "samples": self.samples,
            "baseline": self.baseline_label or None,
            "baselineMedian": self.baseline_median,
            "baselineSamples": self.baseline,
            "ratio": self.ratio,
            "target": self.target.describe(self.unit) if self.target else None,
            "passed": self.passed,
            "note": self.note or None,
            "error": self.error,
            **({"extra": self.extra} if self.extra else {}),
        }


def _num(value: float) -> str:
    """Three significant digits, thousands separated: 4.21, 18.6, 1,234, 12,345."""
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _with_unit(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{_num(value)} {unit}".rstrip()


COLUMNS = ("Figure", "Median", "Min-max", "Baseline (same run)", "Ratio", "Target", "Result")


def rows(figures: Sequence[Figure]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for fig in figures:
        spread = "-"
        if fig.samples:
            spread = f"{_num(min(fig.samples))}-{_num(max(fig.samples))}"
        baseline = "-"
        if fig.baseline_median is not None:
            baseline = f"{_with_unit(fig.baseline_median, fig.unit)} {fig.baseline_label}".strip()
        ratio = "-" if fig.ratio is None else f"{fig.ratio:.2f}"
        result = {True: "pass", False: "FAIL", None: "-"}[fig.passed]
        if fig.error:
            result = "FAIL (not measured)"
        out.append(
            (
                fig.name,
                _with_unit(fig.median, fig.unit),
                spread,
                baseline,
                ratio,
                fig.target.describe(fig.unit) if fig.target else "-",
                result,
            )
        )
    return out


def format_table(figures: Sequence[Figure], *, title: str = "") -> str:
    """A plain-text table (no colour: it is pasted into reports)."""
    body = rows(figures)
    widths = [max(len(c), *(len(r[i]) for r in body)) for i, c in enumerate(COLUMNS)]
    right = {1, 2, 4}

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    lines = [title] if title else []
    lines += [line(COLUMNS), line(["-" * w for w in widths])]
    lines += [line(r) for r in body]
    notes = [f"- {f.name}: {f.error or f.note}" for f in figures if f.error or f.note]
    if notes:
        lines += ["", "Notes:", *notes]
    passed = sum(f.passed is True for f in figures)
    failed = sum(f.passed is False for f in figures)
    lines += ["", f"{passed} passed, {failed} failed, {len(figures) - passed - failed} untargeted"]
    return "\n".join(lines)


def to_json(figures: Sequence[Figure], meta: dict[str, Any]) -> str:
    return json.dumps({"meta": meta, "figures": [f.to_json() for f in figures]}, indent=2)
