"""`errors search|show|list|export`: the server's record of failed API calls."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from callback_tui.commands import values
from callback_tui.commands.context import EXIT_OK, Invocation, UsageError, run_command
from callback_tui.commands.export import add_export_parser
from callback_tui.commands.output import Column, Output

if TYPE_CHECKING:
    from client import ErrorRecord

PAGE_SIZE_MAX = 500
LIMIT_MAX = 10_000_000
# The width of the URL column is that of the longest URL among the first rows (so a short list
# stays compact), within these bounds; a longer URL is cut with "…" (--json or `errors show`
# give it whole).
URL_WIDTH_MIN = 12
URL_WIDTH_MAX = 100
WIDTH_SAMPLE = 100


def columns(url_width: int) -> tuple[Column, ...]:
    """The seed's columns in its order (Correlation ID, URL, Method, Time Stamp, Status Code),
    then the HTTP status that `--status` also filters on."""
    return (
        Column("Correlation ID", 36),
        Column("URL", url_width),
        Column("Method", 7),
        Column("Time Stamp", 24),
        Column("Status Code", 11, "right"),
        Column("HTTP", 4, "right"),
    )


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "errors",
        help="search, show, list and export recorded API errors",
        description="The server's record of failed API calls (console API, Developer tab).",
    )
    sub = parser.add_subparsers(dest="errors_command", metavar="COMMAND", required=True)

    search = sub.add_parser(
        "search",
        parents=[common],
        help="find errors by correlation ID or its first characters",
        description="Find recorded errors by full correlation ID or a prefix of at least 4 "
        "characters, newest first. A full ID that matches shows the whole record.",
    )
    search.add_argument("id_or_prefix", metavar="ID_OR_PREFIX", type=values.corr_id_or_prefix)
    add_filters(search, default_limit=50)
    search.set_defaults(func=lambda args: run_command(args, _search))

    show = sub.add_parser(
        "show",
        parents=[common],
        help="one error with its request summary and response body",
    )
    show.add_argument("corr_id", metavar="CORRID", type=values.corr_id)
    show.set_defaults(func=lambda args: run_command(args, _show))

    listing = sub.add_parser(
        "list",
        parents=[common],
        help="recorded errors, newest first",
        description="Recorded errors, newest first; --json prints one JSON object per line.",
    )
    add_filters(listing, default_limit=50)
    listing.set_defaults(func=lambda args: run_command(args, _list))

    add_export_parser(sub, common)


def add_filters(parser: argparse.ArgumentParser, *, default_limit: int | None) -> None:
    parser.add_argument(
        "--since",
        type=values.past_time,
        metavar="TIME",
        help="only errors at or after: ISO time with offset, or a span ago like 2h, 3d",
    )
    parser.add_argument(
        "--until", type=values.past_time, metavar="TIME", help="only errors before this time"
    )
    parser.add_argument(
        "--status",
        type=values.status_list,
        metavar="CODES",
        help="HTTP statuses or GES codes, comma separated (e.g. 500,503 or 50001)",
    )
    parser.add_argument(
        "--method", type=values.http_method, metavar="METHOD", help="HTTP method, e.g. POST"
    )
    if default_limit is not None:
        parser.add_argument(
            "--limit",
            type=values.bounded_int(1, LIMIT_MAX),
            default=default_limit,
            metavar="N",
            help=f"at most N errors (default {default_limit})",
        )


def filters_of(args: argparse.Namespace) -> dict[str, Any]:
    if args.since and args.until and args.since >= args.until:
        raise UsageError("must be after --since", "--until")
    return {
        "status": args.status,
        "method": args.method,
        "since": args.since,
        "until": args.until,
    }


async def iter_records(
    inv: Invocation, *, limit: int | None, page_size: int = PAGE_SIZE_MAX, **filters: Any
) -> AsyncIterator[ErrorRecord]:
    """Records newest first, one page (keyset cursor) at a time, stopping at `limit`."""
    cursor: str | None = None
    seen = 0
    while True:
        size = page_size if limit is None else max(1, min(page_size, limit - seen))
        page = await inv.client.errors.list(limit=size, cursor=cursor, **filters)
        for record in page.items:
            yield record
            seen += 1
            if limit is not None and seen >= limit:
                return
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def record_cells(record: ErrorRecord, url_width: int) -> list[Any]:
    url = record.url if len(record.url) <= url_width else record.url[: url_width - 1] + "…"
    return [
        record.corr_id,
        url,
        record.method,
        record.timestamp,
        record.status_code,
        record.http_status,
    ]


def url_width(records: list[ErrorRecord]) -> int:
    longest = max((len(r.url) for r in records), default=0)
    return max(URL_WIDTH_MIN, min(URL_WIDTH_MAX, longest))


async def print_records(inv: Invocation, records: AsyncIterator[ErrorRecord], *, empty: str) -> int:
    """Stream records: JSON lines, or a fixed-width table with its header printed once."""
    out = inv.out
    count = 0
    if out.json_mode:
        async for record in records:
            out.json_line(record)
            count += 1
    else:
        # The first rows set the URL column's width; the rest stream behind them.
        first: list[ErrorRecord] = []
        async for record in records:
            first.append(record)
            if len(first) >= WIDTH_SAMPLE:
                break
        width = url_width(first)
        table = columns(width)
        if first:
            out.stream_header(table)
        for record in first:
            out.stream_row(table, record_cells(record, width))
        count = len(first)
        async for record in records:
            out.stream_row(table, record_cells(record, width))
            count += 1
    out.flush()
    if count == 0:
        out.info(empty)
    return count


async def _search(inv: Invocation) -> int:
    args = inv.args
    records = iter_records(inv, limit=args.limit, q=args.id_or_prefix, **filters_of(args))
    if len(args.id_or_prefix) == 36 and not inv.out.json_mode:
        found = [record async for record in records]
        if len(found) == 1:
            print_record(inv.out, found[0])
            return EXIT_OK

        async def replay() -> AsyncIterator[ErrorRecord]:
            for record in found:
                yield record

        records = replay()
    await print_records(inv, records, empty=f"no recorded error matches {args.id_or_prefix}")
    return EXIT_OK


def print_record(out: Output, record: Any) -> None:
    out.fields(
        [
            ("Correlation ID", record.corr_id),
            ("URL", record.url),
            ("Method", record.method),
            ("Time Stamp", record.timestamp),
            ("Status Code", record.status_code),
            ("HTTP status", record.http_status),
            ("Message", record.message),
        ]
    )


async def _show(inv: Invocation) -> int:
    detail = await inv.client.errors.get(inv.args.corr_id)
    out = inv.out
    if out.json_mode:
        out.document(detail)
        return EXIT_OK
    print_record(out, detail)
    request = detail.request
    if request is not None:
        out.line()
        out.fields(
            [
                ("Method", request.method),
                ("URL", request.url),
                ("Query", request.query or None),
                ("Headers", request.headers or None),
                ("Body", request.body_summary),
            ],
            title="Request",
        )
    if detail.response_body is not None:
        import json

        from callback_tui.commands.output import to_wire

        out.line()
        out.line("Response body", style="bold")
        out.line(json.dumps(to_wire(detail.response_body), indent=2, ensure_ascii=False))
    return EXIT_OK


async def _list(inv: Invocation) -> int:
    args = inv.args
    records = iter_records(inv, limit=args.limit, **filters_of(args))
    await print_records(inv, records, empty="no recorded errors match")
    return EXIT_OK
