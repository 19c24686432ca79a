"""Export of an error result set to CSV or JSON, streamed page by page into a temp file."""

from __future__ import annotations

import asyncio
import csv
import json
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from screens.developer.errors_filters import format_time

# Wire names, in the order of the seed's columns plus what the record adds.
EXPORT_FIELDS = ("corrId", "url", "method", "timestamp", "statusCode", "httpStatus", "message")
_ATTRIBUTES = {
    "corrId": "corr_id",
    "url": "url",
    "method": "method",
    "timestamp": "timestamp",
    "statusCode": "status_code",
    "httpStatus": "http_status",
    "message": "message",
}


def record_row(record: Any) -> dict[str, Any]:
    """One `ErrorRecord` as a wire-named dict (timestamps in the wire format)."""
    row: dict[str, Any] = {}
    for wire, attribute in _ATTRIBUTES.items():
        value = getattr(record, attribute, None)
        row[wire] = format_time(value) if isinstance(value, datetime) else value
    return row


def export_format(path: Path, default: str) -> str:
    """`csv` or `json` from the file name, else `default`."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("csv", "json") else default


class _Writer:
    """Writes rows of one format to an open text file."""

    def __init__(self, handle: IO[str], fmt: str) -> None:
        self._handle, self._fmt, self._first = handle, fmt, True
        self._csv: Any = None
        if fmt == "csv":
            self._csv = csv.DictWriter(handle, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
            self._csv.writeheader()
        else:
            handle.write("[")

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        if self._csv is not None:
            self._csv.writerows(rows)
            return
        for row in rows:
            self._handle.write("\n  " if self._first else ",\n  ")
            self._handle.write(json.dumps(row, ensure_ascii=False))
            self._first = False

    def close(self) -> None:
        if self._csv is None:
            self._handle.write("\n]\n" if not self._first else "]\n")


class _TempExport:
    """A temp file next to the target, renamed into place on commit, removed on abort."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path = path
        self._handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by commit/abort
            mode="w",
            encoding="utf-8",
            newline="",
            dir=path.parent,
            prefix=f".{path.name}.",
            suffix=".part",
            delete=False,
        )
        self._writer = _Writer(self._handle, fmt)

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._writer.write(rows)

    def commit(self) -> None:
        self._writer.close()
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self._handle.name, self.path)

    def abort(self) -> None:
        self._handle.close()
        Path(self._handle.name).unlink(missing_ok=True)


async def export_errors(
    pages: AsyncIterator[Any],
    path: Path,
    fmt: str,
    on_page: Callable[[int, int], None],
) -> int:
    """Write every page (`.items` of `ErrorRecord`) to `path` (CSV or JSON); returns the count.

    Rows go to a temp file next to `path` that is renamed into place only when the last page is
    written, so a cancelled or failed export never leaves a half file under the asked name.
    File work runs in a thread; `on_page(pages, rows)` is called after each page.
    """
    target = await asyncio.to_thread(_TempExport, path, fmt)
    page_count = row_count = 0
    try:
        async for page in pages:
            rows = [record_row(record) for record in page.items]
            await asyncio.to_thread(target.write, rows)
            page_count += 1
            row_count += len(rows)
            on_page(page_count, row_count)
        await asyncio.to_thread(target.commit)
    except BaseException:
        target.abort()  # also on cancel: no await here, the task is being cancelled
        raise
    return row_count
