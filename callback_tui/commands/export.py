"""`errors export`: every matching error to CSV or JSON lines, streamed page by page.

Memory stays bounded whatever the count: one page is written while at most `PREFETCH_PAGES`
more are fetched (the keyset cursor makes pages sequential, so one request is in flight at a
time). A file is written under a temporary name and renamed when complete, so an interrupted
export never leaves a truncated file that looks finished.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from callback_tui.commands import values
from callback_tui.commands.context import (
    EXIT_OK,
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
CSV_HEADER = ("corrId", "url", "method", "timestamp", "statusCode", "httpStatus", "message")


def add_export_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    from callback_tui.commands.errors import add_filters

    parser = sub.add_parser(
        "export",
        parents=[common],
        help="write matching errors to a CSV or JSON-lines file",
        description="Export recorded errors, newest first, streamed from the server page by "
        "page. --format json writes one JSON object per line. Progress goes to stderr on a "
        "terminal.",
    )
    parser.add_argument("--format", choices=("csv", "json"), required=True)
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


class RowWriter:
    """Writes records in the chosen format to an open text stream."""

    def __init__(self, stream: IO[str], fmt: str) -> None:
        self._stream = stream
        self._csv = csv.writer(stream) if fmt == "csv" else None
        if self._csv is not None:
            self._csv.writerow(CSV_HEADER)

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
        else:
            dumps = json.dumps
            self._stream.write(
                "".join(dumps(to_wire(r), ensure_ascii=False) + "\n" for r in records)
            )


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


async def export_records(inv: Invocation, stream: IO[str], progress: Progress) -> int:
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
        try:
            # A CLI with one task: blocking file I/O here delays nothing else.
            with open(partial, "w", encoding="utf-8", newline="") as stream:  # noqa: ASYNC230
                rows = await export_records(inv, stream, progress)
            os.replace(partial, path)
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
