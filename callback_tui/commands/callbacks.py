"""`callbacks book|show|cancel|reschedule|list`."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from callback_tui.commands import preflight, values
from callback_tui.commands.context import EXIT_API, EXIT_OK, Invocation, UsageError, run_command
from callback_tui.commands.output import Column, Output, format_duration
from callback_tui.commands.zones import zone_for
from client.preflight import CLI_BOOKING, CLI_RESCHEDULING, PreflightWarning, WriteKind

COLUMNS = (
    Column("ID", 36),
    Column("Desired Time", 24),
    Column("State", 10),
    Column("Reason", 16),
    Column("Service", 16),
    Column("Phone"),
)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("callbacks", help="book, show, cancel, reschedule, list")
    sub = parser.add_subparsers(dest="callbacks_command", metavar="COMMAND", required=True)

    book = sub.add_parser(
        "book",
        parents=[common],
        help="book a callback (immediate unless --at)",
        description="Book a callback. GES books regardless of office hours, queue enablement "
        "and free capacity, so the command first runs the console's preflight (open-for, "
        "queue-status, availability) and prints what it finds as warnings on stderr; --strict "
        "books nothing when there is any (exit 1). --check-capacity has the server refuse a "
        "full slot and list free ones. A time in the past is refused.",
    )
    book.add_argument("service", metavar="SERVICE", type=values.name)
    book.add_argument("phone", metavar="PHONE", type=values.phone_number)
    _add_time(book, required=False)
    book.add_argument("--priority", type=values.bounded_int(0, 1_000_000))
    book.add_argument(
        "--data",
        type=values.key_value,
        action="append",
        metavar="KEY=VALUE",
        help="userData entry (repeatable)",
    )
    book.set_defaults(func=lambda args: run_command(args, _book))

    show = sub.add_parser("show", parents=[common], help="one callback's state")
    show.add_argument("id", metavar="ID", type=values.callback_id)
    show.add_argument("--history", action="store_true", help="with its state history (console API)")
    show.set_defaults(func=lambda args: run_command(args, _show))

    cancel = sub.add_parser("cancel", parents=[common], help="cancel a callback")
    cancel.add_argument("id", metavar="ID", type=values.callback_id)
    cancel.set_defaults(func=lambda args: run_command(args, _cancel))

    reschedule = sub.add_parser(
        "reschedule",
        parents=[common],
        help="move a callback to another time",
        description="Move a callback to another time, after the same preflight as `book` "
        "(warnings on stderr; --strict moves nothing when there is any). A time in the past "
        "is refused.",
    )
    reschedule.add_argument("id", metavar="ID", type=values.callback_id)
    _add_time(reschedule, required=True)
    reschedule.set_defaults(func=lambda args: run_command(args, _reschedule))

    listing = sub.add_parser(
        "list",
        parents=[common],
        help="callbacks, newest desired time first",
        description="Callbacks, newest desired time first; --json prints one object per line.",
    )
    listing.add_argument("--service", type=values.name)
    listing.add_argument("--state", type=values.callback_state)
    listing.add_argument("--phone", type=values.phone_fragment, help="digits, partial match")
    listing.add_argument("--from", dest="from_", type=values.past_time, metavar="TIME")
    listing.add_argument("--to", type=values.past_time, metavar="TIME")
    listing.add_argument("--limit", type=values.bounded_int(1, 1_000_000), default=50)
    listing.set_defaults(func=lambda args: run_command(args, _list))


def _add_time(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--at",
        type=values.any_time,
        required=required,
        metavar="TIME",
        help="desired time: ISO with offset (2026-11-28T10:00:00+01:00), or local with --timezone",
    )
    parser.add_argument("--timezone", type=values.timezone_name, help="zone of a local --at")
    parser.add_argument(
        "--check-capacity",
        action="store_true",
        help="refuse a full slot (alwaysCheckCapacity) and list free ones",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 without booking when the preflight warns (office closed, queue not "
        "enabled, outside Immediate Offer Hours, slot full, a check failed); for cron",
    )


def desired_time(args: argparse.Namespace) -> datetime | None:
    at: datetime | None = args.at
    if at is None:
        if args.timezone:
            raise UsageError("only applies with --at", "--timezone")
        return None
    if at.tzinfo is None or at.utcoffset() is None:
        if not args.timezone:
            raise UsageError(
                f"{at.isoformat()} has no time zone: add Z or an offset, or give --timezone",
                "--at",
            )
        at = at.replace(tzinfo=ZoneInfo(args.timezone))
    preflight.refuse_past(at)
    return at


async def checked(
    inv: Invocation,
    service: str | None,
    at: datetime | None,
    *,
    action: tuple[str, str],
    write: WriteKind = CLI_BOOKING,
    current: datetime | None = None,
) -> bool:
    """Run the preflight and print its warnings; False when --strict says not to go on."""
    args = inv.args
    if service is None:  # the server did not say which service the callback belongs to
        why = "the callback's service is not known"
        warnings = [PreflightWarning("check-failed", f"Could not check: {why}.")]
    else:
        zone = await zone_for(inv.client, service, args.timezone)
        warnings = await preflight.warnings_for(
            inv.client,
            service,
            at,
            zone.zone,
            write=write,
            check_capacity=args.check_capacity,
            current=current,
        )
    return preflight.report(inv.out, warnings, strict=args.strict, action=action)


def print_callback(out: Output, cb: Any) -> None:
    rows: list[tuple[str, Any]] = [
        ("ID", cb.id),
        ("Service", cb.service_name),
        ("Phone", cb.phone_number),
        ("Desired time", cb.desired_time),
        ("State", cb.callback_state),
    ]
    if cb.callback_reason:
        rows.append(("Reason", cb.callback_reason))
    if cb.position_in_queue is not None:
        rows.append(("Position in queue", cb.position_in_queue))
    if cb.estimated_wait_time is not None:
        rows.append(("Estimated wait", format_duration(cb.estimated_wait_time)))
    rows += [("Priority", cb.priority), ("User data", cb.user_data or None)]
    rows.append(("Created", cb.created_at))
    out.fields(rows)
    history = getattr(cb, "history", None)
    if history:
        out.line()
        out.table(
            ["At", "State", "Reason"],
            [(h.at, h.state, h.reason) for h in history],
            title="History",
        )


async def _book(inv: Invocation) -> int:
    args = inv.args
    at = desired_time(args)
    if not await checked(inv, args.service, at, action=("booked", "booking")):
        return EXIT_API
    ref = await inv.client.callbacks.create(
        args.service,
        args.phone,
        desired_time=at,
        priority=args.priority,
        user_data=dict(args.data) if args.data else None,
        always_check_capacity=True if args.check_capacity else None,
    )
    if inv.out.json_mode:
        inv.out.document(ref)
    else:
        when = "immediate" if args.at is None else "scheduled"
        inv.out.line(f"Booked {when} callback {ref.id}", style="green")
    return EXIT_OK


async def _show(inv: Invocation) -> int:
    args = inv.args
    if args.history:
        callback: Any = await inv.client.callbacks.get(args.id)
    else:
        callback = await inv.client.callbacks.retrieve(args.id)
    if inv.out.json_mode:
        inv.out.document(callback)
    else:
        print_callback(inv.out, callback)
    return EXIT_OK


async def _cancel(inv: Invocation) -> int:
    ref = await inv.client.callbacks.cancel(inv.args.id)
    if inv.out.json_mode:
        inv.out.document(ref)
    else:
        inv.out.line(f"Cancelled callback {ref.id}")
    return EXIT_OK


async def _reschedule(inv: Invocation) -> int:
    args = inv.args
    at = desired_time(args)
    assert at is not None  # --at is required here
    current = await inv.client.callbacks.retrieve(args.id)
    moved = await checked(
        inv,
        current.service_name,
        at,
        action=("rescheduled", "rescheduling"),
        write=CLI_RESCHEDULING,
        current=current.desired_time,
    )
    if not moved:
        return EXIT_API
    callback = await inv.client.callbacks.reschedule(
        args.id, at, always_check_capacity=True if args.check_capacity else None
    )
    if inv.out.json_mode:
        inv.out.document(callback)
    else:
        inv.out.line(f"Rescheduled callback {callback.id}", style="green")
        print_callback(inv.out, callback)
    return EXIT_OK


async def _list(inv: Invocation) -> int:
    args = inv.args
    if args.from_ and args.to and args.from_ >= args.to:
        raise UsageError("must be after --from", "--to")
    out = inv.out
    count = 0
    cursor: str | None = None
    while count < args.limit:
        page = await inv.client.callbacks.list(
            service=args.service,
            state=args.state,
            phone=args.phone,
            from_=args.from_,
            to=args.to,
            limit=min(500, args.limit - count),
            cursor=cursor,
        )
        for cb in page.items[: args.limit - count]:
            if out.json_mode:
                out.json_line(cb)
            else:
                if count == 0:
                    out.stream_header(COLUMNS)
                cells = [
                    cb.id,
                    cb.desired_time,
                    cb.callback_state,
                    cb.callback_reason,
                    cb.service_name,
                    cb.phone_number,
                ]
                out.stream_row(COLUMNS, cells)
            count += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    out.flush()
    if count == 0:
        out.info("no callbacks match")
    return EXIT_OK
