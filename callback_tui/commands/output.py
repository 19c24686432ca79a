"""What a command prints: human tables or `--json` data on stdout, diagnostics on stderr.

Human output goes through Rich (colour only on a terminal; Rich honours NO_COLOR). `--json`
output bypasses Rich entirely so stdout holds exactly the data: one JSON document, or one JSON
object per line for streams (errors list/search, callbacks list).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Wide enough that a piped table is never wrapped mid-row.
_PIPE_WIDTH = 240


def wire_time(value: datetime) -> str:
    """The wire's time format: UTC, milliseconds, `Z` (naive values are local wire times)."""
    # isoformat is C code: an export formats a million of these.
    if value.tzinfo is None:
        return value.isoformat(timespec="milliseconds")
    if value.utcoffset():
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def to_wire(value: Any) -> Any:
    """A result model (or anything holding them) as the JSON the server sent: camelCase keys."""
    if isinstance(value, BaseModel):
        # Only what the server sent: optional fields it left out stay out.
        value = value.model_dump(by_alias=True, exclude_unset=True)
    if isinstance(value, datetime):
        return wire_time(value)
    if isinstance(value, Mapping):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    return value


def summary(value: Any, width: int = 80) -> str:
    """A nested value in a few words: `3 entries: a, b, c` or JSON cut at `width`."""
    if (
        isinstance(value, Mapping)
        and value
        and any(isinstance(v, Mapping | list) for v in value.values())
    ):
        keys = ", ".join(str(k) for k in value)
        text = f"{len(value)} entries: {keys}"
    else:
        text = human(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def human(value: Any) -> str:
    """One cell of a human table."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return wire_time(value)
    if isinstance(value, Mapping | list):
        return json.dumps(to_wire(value), ensure_ascii=False, separators=(",", ":"))
    return str(value)


@dataclass(frozen=True)
class Column:
    title: str
    width: int | None = None  # fixed width for streamed rows; None = the rest of the line
    justify: str = "left"


class Output:
    """Printing for one command run."""

    def __init__(
        self, *, json_mode: bool, stdout: TextIO | None = None, stderr: TextIO | None = None
    ) -> None:
        self.json_mode = json_mode
        self.stdout = stdout if stdout is not None else sys.stdout
        self.stderr = stderr if stderr is not None else sys.stderr
        self.console = _console(self.stdout)
        self.err_console = _console(self.stderr)

    # --- data on stdout ---------------------------------------------------------------

    def document(self, data: Any) -> None:
        """One JSON document (`--json`)."""
        self.stdout.write(json.dumps(to_wire(data), ensure_ascii=False, indent=2) + "\n")
        self.stdout.flush()

    def json_line(self, data: Any) -> None:
        """One line of a JSON-lines stream (`--json`)."""
        self.stdout.write(json.dumps(to_wire(data), ensure_ascii=False) + "\n")

    def table(
        self, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None
    ) -> None:
        table = Table(
            title=title, title_justify="left", header_style="bold", box=None, pad_edge=False
        )
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*(Text(human(cell)) for cell in row))
        self.console.print(table)

    def fields(self, pairs: Iterable[tuple[str, Any]], *, title: str | None = None) -> None:
        """A two-column "name: value" block."""
        table = Table(
            title=title, title_justify="left", show_header=False, box=None, pad_edge=False
        )
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for name, value in pairs:
            table.add_row(Text(name), value if isinstance(value, Text) else Text(human(value)))
        self.console.print(table)

    def line(self, text: str | Text = "", *, style: str | None = None) -> None:
        self.console.print(Text(text, style=style or "") if isinstance(text, str) else text)

    def stream_header(self, columns: Sequence[Column]) -> None:
        self.console.print(Text(_fixed(columns, [c.title for c in columns]), style="bold"))

    def stream_row(self, columns: Sequence[Column], cells: Sequence[Any]) -> None:
        """One row of a table printed as it arrives (header once, fixed widths)."""
        self.console.print(Text(_fixed(columns, [human(c) for c in cells])), soft_wrap=True)

    def flush(self) -> None:
        self.stdout.flush()

    # --- diagnostics on stderr --------------------------------------------------------

    def info(self, message: str) -> None:
        self.err_console.print(Text(message), soft_wrap=True)

    def warn(self, message: str, *, code: str | None = None) -> None:
        """A warning on stderr: text, or (with --json) one JSON object `{"warning", "code"}`."""
        if self.json_mode:
            body = {"warning": message} if code is None else {"warning": message, "code": code}
            self.stderr.write(json.dumps(body, ensure_ascii=False) + "\n")
            self.stderr.flush()
            return
        self.err_console.print(
            Text("warning: ", style="yellow bold") + Text(message), soft_wrap=True
        )

    def error(self, message: str, *, details: Sequence[tuple[str, Any]] = ()) -> None:
        """An error on stderr: text, or (with --json) one JSON object naming its parts."""
        if self.json_mode:
            body: dict[str, Any] = {"error": message}
            body.update({name: value for name, value in details})
            self.stderr.write(json.dumps(body, ensure_ascii=False) + "\n")
            self.stderr.flush()
            return
        self.err_console.print(Text("error: ", style="red bold") + Text(message), soft_wrap=True)
        for name, value in details:
            if value is not None:
                self.err_console.print(Text(f"  {_label(name)}: {value}"), soft_wrap=True)

    @property
    def stderr_is_tty(self) -> bool:
        return _isatty(self.stderr)

    @property
    def stdin_is_tty(self) -> bool:
        return _isatty(sys.stdin)


def _label(name: str) -> str:
    return {
        "httpStatus": "HTTP status",
        "code": "GES code",
        "correlationId": "correlation ID",
        "retryAfter": "retry after (s)",
    }.get(name, name)


def _fixed(columns: Sequence[Column], cells: Sequence[str]) -> str:
    parts = []
    for column, cell in zip(columns, cells, strict=True):
        if column.width is None:
            parts.append(cell)
        elif column.justify == "right":
            parts.append(cell.rjust(column.width))
        else:
            parts.append(cell.ljust(column.width))
    return "  ".join(parts).rstrip()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _console(stream: TextIO) -> Console:
    terminal = _isatty(stream)
    width = None if terminal else max(int(os.environ.get("COLUMNS", "0") or 0), _PIPE_WIDTH)
    return Console(
        file=stream,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
    )


def format_duration(seconds: int | float | None) -> str:
    """`3600` -> `1 h 0 min`; negatives and None are shown as given."""
    if seconds is None:
        return "-"
    if seconds < 0:
        return str(seconds)
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h {minutes} min"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"
