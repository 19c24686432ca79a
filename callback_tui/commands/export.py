"""`errors export`: every matching error to CSV, a JSON array or JSON lines, streamed by page.

Memory stays bounded whatever the count: one page is written while at most `PREFETCH_PAGES`
more are fetched (the keyset cursor makes pages sequential, so one request is in flight at a
time); a JSON array is written as `[`, the records joined by `,\n`, then `]`, never held whole.
A file is written as FILE.part (mode 0600, like the console's exports: error records are
tenant data) and renamed when complete, so an interrupted export never leaves a truncated file
that looks finished.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from callback_tui.commands import values
from callback_tui.commands.context import (
    EXIT_API,
    EXIT_OK,
    CommandFailed,
    Invocation,
    UsageError,
    run_command,
)
from callback_tui.commands.output import to_wire, wire_time

if TYPE_CHECKING:
    from client import ErrorRecord

PAGE_SIZE = 500
PREFETCH_PAGES = 2
PROGRESS_INTERVAL_S = 0.25
FORMATS = ("csv", "json", "jsonl")
FILE_MODE = 0o600
CSV_HEADER = ("corrId", "url", "method", "timestamp", "statusCode", "httpStatus", "message")


def add_export_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from callback_tui.commands.errors import add_filters

    parser = sub.add_parser(
        "export",
        parents=[common],
        help="write matching errors to a CSV, JSON or JSON-lines file",
        description="Export recorded errors, newest first, streamed from the server page by "
        "page. --format json writes one JSON array (as the console's export does), jsonl one "
        "JSON object per line. The file is created with mode 0600. Progress goes to stderr on "
        "a terminal.",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="csv (with a header row), json (one array) or jsonl (one object per line)",
    )
    parser.add_argument(
        "--out", required=True, metavar="FILE", help="file to write, or - for stdout"
    )
    parser.add_argument(
        "--query",
        type=values.corr_id_or_prefix,
        metavar="ID_OR_PREFIX",
        help="only errors whose correlation ID starts with this",
    )
    add_filters(parser, default_limit=None)
    parser.add_argument(
        "--limit",
        type=values.bounded_int(1, 100_000_000),
        metavar="N",
        help="at most N errors (default: all)",
    )
    parser.set_defaults(func=lambda args: run_command(args, _export))


def _check_out(path_text: str) -> Path | None:
    if path_text == "-":
        return None
    path = Path(path_text).expanduser()
    if path.is_dir():
        raise UsageError(f"{path_text} is a directory; give a file name", "--out")
    if not path.parent.exists():
        raise UsageError(f"folder {path.parent} does not exist", "--out")
    return path


def open_private(path: Path) -> IO[str]:
    """A new file only the user can read (0600), replacing any leftover of an earlier run."""
    try:
        path.unlink(missing_ok=True)
        # O_EXCL: the mode applies only to a file this call creates (and never via a symlink).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as exc:
        raise UsageError(f"cannot create {path}: {exc.strerror or exc}", "--out") from None
    if hasattr(os, "fchmod"):
        os.fchmod(fd, FILE_MODE)  # whatever the umask
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


class TextSink(Protocol):
    def write(self, text: str, /) -> int: ...


class FileSink:
    """The export file: a failed write (disk full) is a clear message and exit 1, not a trace."""

    def __init__(self, stream: IO[str], path: Path) -> None:
        self._stream = stream
        self._path = path

    def write(self, text: str, /) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self.failed(self._path, exc) from None

    @staticmethod
    def failed(path: Path, exc: OSError) -> CommandFailed:
        return CommandFailed(f"writing {path} failed: {exc.strerror or exc}", EXIT_API)


class RowWriter:
    """Writes records in the chosen format to an open text stream; `close()` ends the document.

    Each page is formatted in memory and written with one call, so the sink sees one write
    per page, not one per row.
    """

    def __init__(self, stream: TextSink, fmt: str) -> None:
        self._stream = stream
        self._fmt = fmt
        self._rows = 0
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(CSV_HEADER)
            self._flush_buffer()

    def _flush_buffer(self) -> None:
        self._stream.write(self._buffer.getvalue())
        self._buffer.seek(0)
        self._buffer.truncate()

    def write(self, records: list[ErrorRecord]) -> None:
        if self._csv is not None:
            self._csv.writerows(
                (
                    r.corr_id,
                    r.url,
                    r.method,
                    wire_time(r.timestamp),
                    "" if r.status_code is None else r.status_code,
                    r.http_status,
                    r.message or "",
                )
                for r in records
            )
            self._flush_buffer()
        elif records:
            dumps = json.dumps
            lines = [dumps(to_wire(r), ensure_ascii=False) for r in records]
            if self._fmt == "jsonl":
                self._stream.write("\n".join(lines) + "\n")
            else:
                # A JSON array, one record per line: "[\n" a ",\n" b ... "\n]\n".
                self._stream.write(("[\n" if self._rows == 0 else ",\n") + ",\n".join(lines))
        self._rows += len(records)

    def close(self) -> None:
        if self._fmt == "json":
            self._stream.write("\n]\n" if self._rows else "[]\n")


class Progress:
    """`exported 12,500 errors (4,100/s)` on stderr, redrawn in place; only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self._last = 0.0

    def update(self, rows: int, *, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self._last < PROGRESS_INTERVAL_S:
            return
        self._last = now
        rate = rows / max(now - self.started, 1e-6)
        sys.stderr.write(f"\rexported {rows:,} errors ({rate:,.0f}/s)")
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


async def _pages(
    inv: Invocation, queue: asyncio.Queue[list[ErrorRecord] | None], filters: dict[str, Any]
) -> None:
    limit: int | None = inv.args.limit
    cursor: str | None = None
    fetched = 0
    try:
        while limit is None or fetched < limit:
            size = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - fetched)
            page = await inv.client.errors.list(limit=size, cursor=cursor, **filters)
            items = page.items[:size]
            fetched += len(items)
            if items:
                await queue.put(items)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    except asyncio.CancelledError:
        raise  # the writer failed and stopped us; nobody reads the queue any more
    except BaseException:
        await queue.put(None)  # wake the writer; it then re-raises our error
        raise
    await queue.put(None)


async def export_records(inv: Invocation, stream: TextSink, progress: Progress) -> int:
    """Fetch (one page ahead) and write; returns the number of rows written."""
    from callback_tui.commands.errors import filters_of

    filters = filters_of(inv.args)
    filters["q"] = inv.args.query
    queue: asyncio.Queue[list[ErrorRecord] | None] = asyncio.Queue(maxsize=PREFETCH_PAGES)
    producer = asyncio.create_task(_pages(inv, queue, filters))
    writer = RowWriter(stream, inv.args.format)
    rows = 0
    try:
        while (items := await queue.get()) is not None:
            writer.write(items)
            rows += len(items)
            progress.update(rows)
        writer.close()
    finally:
        if not producer.done():
            producer.cancel()
        # Re-raises the producer's error (API, connection), if any.
        await asyncio.gather(producer, return_exceptions=False)
    progress.update(rows, final=True)
    return rows


async def _export(inv: Invocation) -> int:
    args = inv.args
    path = _check_out(args.out)
    progress = Progress(inv.out.stderr_is_tty)
    started = time.monotonic()
    if path is None:
        rows = await export_records(inv, sys.stdout, progress)
        sys.stdout.flush()
    else:
        partial = path.with_name(path.name + ".part")
        stream = open_private(partial)
        try:
            with stream:
                rows = await export_records(inv, FileSink(stream, path), progress)
            os.replace(partial, path)
        except OSError as exc:  # closing (the last flush) or the rename
            partial.unlink(missing_ok=True)
            raise FileSink.failed(path, exc) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    seconds = time.monotonic() - started
    summary = {
        "rows": rows,
        "format": args.format,
        "out": "-" if path is None else str(path),
        "seconds": round(seconds, 3),
    }
    if inv.out.json_mode and path is not None:
        inv.out.document(summary)
    else:
        where = "stdout" if path is None else str(path)
        inv.out.info(f"Exported {rows:,} errors to {where} as {args.format} in {seconds:.1f} s")
    return EXIT_OK
