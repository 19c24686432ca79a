"""`open-for`, `availability`, `queue-status`, `ewt`: the GES public checks of a service."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from callback_tui.commands import values
from callback_tui.commands.context import EXIT_API, EXIT_OK, Invocation, run_command
from callback_tui.commands.output import format_duration
from callback_tui.commands.zones import zone_for

NOT_REPORTED = "not reported (backends older than GES 100.0.003.0156 do not return it)"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    open_for = subparsers.add_parser(
        "open-for",
        parents=[common],
        help="how long the office of a service stays open (and the immediate-offer flags)",
    )
    open_for.add_argument("service", metavar="SERVICE", type=values.name)
    _add_start(open_for)
    open_for.add_argument(
        "--immediate-offer-hours",
        action="store_true",
        help="also ask immediateOfferHoursOpenFor (queryImmediateOfferHours=true)",
    )
    open_for.add_argument(
        "--within-immediate-offer-time",
        action="store_true",
        help="also ask isWithinImmediateOfferTime (returnWithinImmediateOfferTime=true)",
    )
    open_for.add_argument(
        "--immediate-enabled",
        action="store_true",
        help="also ask isImmediateEnabled (checkImmediateEnabled=true)",
    )
    open_for.set_defaults(func=lambda args: run_command(args, _open_for))

    availability = subparsers.add_parser(
        "availability",
        parents=[common],
        help="bookable slots of a service",
        description="Bookable slots of a service. Local times are in --timezone, else in the "
        "service's own zone (console API, roles that may read services), else in UTC with a "
        "note on stderr. A --start without offset is UTC unless --timezone is given.",
    )
    availability.add_argument("service", metavar="SERVICE", type=values.name)
    _add_start(
        availability,
        "zone of the local times, e.g. Europe/Paris (default: the service's own zone when the "
        "role may read it, else UTC, said on stderr)",
    )
    availability.add_argument(
        "--days", type=values.bounded_int(1, 31), help="number of days from start (1-31)"
    )
    availability.add_argument(
        "--max-slots", type=values.bounded_int(1, 10_000), help="at most N open slots"
    )
    availability.add_argument(
        "--report-busy", action="store_true", help="also list slots that are fully booked"
    )
    availability.set_defaults(func=lambda args: run_command(args, _availability))

    queue = subparsers.add_parser(
        "queue-status",
        parents=[common],
        help="estimated wait time and whether callbacks are offered now",
    )
    queue.add_argument("queue", metavar="QUEUE", type=values.name)
    queue.set_defaults(func=lambda args: run_command(args, _queue_status))

    ewt = subparsers.add_parser(
        "ewt",
        parents=[common],
        help="estimated wait time of one or more virtual queues",
        description="Estimated wait time of one or more virtual queues. A queue the server "
        "does not know (its message says 'not configured') is shown as such and named on "
        "stderr; the exit status stays 0 while any queue asked is known, and is 1 when none is.",
    )
    ewt.add_argument("queues", metavar="VQ", nargs="+", type=values.name)
    ewt.add_argument("--mode", choices=("mode1", "mode2", "mode3"), help="server default: mode2")
    ewt.set_defaults(func=lambda args: run_command(args, _ewt))


def _add_start(
    parser: argparse.ArgumentParser, zone_help: str = "tz database name, e.g. Europe/Paris"
) -> None:
    parser.add_argument(
        "--start",
        type=values.any_time,
        help="instead of now: local time with --timezone (2026-11-27T09:00:00), else UTC",
    )
    parser.add_argument("--timezone", type=values.timezone_name, help=zone_help)


def _start(args: argparse.Namespace) -> datetime | None:
    start: datetime | None = args.start
    if start is not None and args.timezone is None and start.tzinfo is None:
        start = start.replace(tzinfo=UTC)  # ref §1.4: without timezone, UTC is meant
    return start


def offer_hours_meaning(value: int | None) -> str:
    if value is None:
        return NOT_REPORTED
    if value < 0:
        return f"{value}: Immediate Offer Hours not configured"
    if value == 0:
        return "0: outside Immediate Offer Hours"
    return f"{format_duration(value)} ({value} s) to the end of the immediate offer window"


async def _open_for(inv: Invocation) -> int:
    args = inv.args
    result = await inv.client.availability.open_for(
        args.service,
        start=_start(args),
        timezone=args.timezone,
        query_immediate_offer_hours=args.immediate_offer_hours,
        return_within_immediate_offer_time=args.within_immediate_offer_time,
        check_immediate_enabled=args.immediate_enabled,
    )
    out = inv.out
    if out.json_mode:
        out.document(result)
        return EXIT_OK
    open_for = result.open_for
    rows: list[tuple[str, Any]] = [
        ("Service", args.service),
        (
            "Open for",
            f"{format_duration(open_for)} ({open_for} s)" if open_for > 0 else "closed (0)",
        ),
    ]
    if args.immediate_offer_hours:
        rows.append(
            ("Immediate Offer Hours", offer_hours_meaning(result.immediate_offer_hours_open_for))
        )
    if args.within_immediate_offer_time:
        within = result.is_within_immediate_offer_time
        rows.append(("Within immediate offer time", NOT_REPORTED if within is None else within))
    if args.immediate_enabled:
        enabled = result.is_immediate_enabled
        rows.append(("Immediate enabled", NOT_REPORTED if enabled is None else enabled))
    out.fields(rows)
    if args.start is not None and args.within_immediate_offer_time:
        out.info("note: values that depend on the estimated wait time are computed in real time")
    return EXIT_OK


async def _availability(inv: Invocation) -> int:
    args = inv.args
    # Without --timezone, local times are the service's (as the office sees its slots).
    zone = await zone_for(inv.client, args.service, args.timezone)
    result = await inv.client.availability.slots(
        args.service,
        start=_start(args),
        timezone=zone.zone.key,
        number_of_days=args.days,
        max_time_slots=args.max_slots,
        report_busy=args.report_busy,
    )
    out = inv.out
    fallback = zone.fallback_message()
    if fallback:
        out.info(fallback)
    if out.json_mode:
        out.document(result)
        return EXIT_OK
    shown_zone = result.timezone or zone.zone.key
    origin = " (the service's zone)" if zone.origin == "the service's zone" else ""
    count = len(result.slots)
    title = (
        f"{args.service}: {count} slot{'' if count == 1 else 's'} of "
        f"{result.duration_min or '?'} min, local time in {shown_zone}{origin}"
    )
    rows = [
        (
            slot.utc_time,
            slot.local_time.strftime("%a %Y-%m-%d %H:%M"),
            slot.capacity,
            slot.total,
            "full" if slot.is_full else "open",
        )
        for slot in result.slots
    ]
    # A line of its own: a table title would be wrapped to the (narrower) table's width.
    out.line(title)
    out.table(["UTC time", "Local time", "Free", "Total", "State"], rows)
    if not rows:
        out.info("no open slots in this period (--report-busy also lists full ones)")
    return EXIT_OK


def ewt_meaning(ewt: int, offer_immediate: bool) -> str:
    if ewt >= 0:
        return f"{format_duration(ewt)} ({ewt} s)"
    if offer_immediate:
        return f"{ewt}: no interactions on the queue yet"
    return f"{ewt}: no agents logged in to the queue"


async def _queue_status(inv: Invocation) -> int:
    args = inv.args
    status = await inv.client.queues.status(args.queue)
    out = inv.out
    if out.json_mode:
        out.document(status)
        return EXIT_OK
    out.fields(
        [
            ("Queue", args.queue),
            ("Estimated wait time", ewt_meaning(status.ewt, status.offer_immediate_callback)),
            ("Offer immediate callback", status.offer_immediate_callback),
            ("Offer scheduled callback", status.offer_scheduled_callback),
        ]
    )
    return EXIT_OK


RESULT_CODES = {0: "valid", -1: "no interactions in the VQ yet", -2: "no agents logged in"}


def not_configured(item: Any) -> bool:
    """The server's word that it does not know the queue (resultCode -1 with that message).

    GES answers an unknown virtual queue with resultCode -1 too, so the code alone would read
    as "no interactions yet"; its message ("virtual queue 'X' is not configured") tells.
    """
    return "not configured" in (item.message or "").lower()


def ewt_cell(item: Any) -> str:
    if not_configured(item):
        return "-"
    seconds: int = item.estimated_wait_time
    return format_duration(seconds) if seconds >= 0 else str(seconds)


def result_meaning(item: Any) -> str:
    if not_configured(item):
        return f"{item.result_code} (not configured)"
    return f"{item.result_code} ({RESULT_CODES.get(item.result_code, 'unknown')})"


async def _ewt(inv: Invocation) -> int:
    """Exit 0 while any queue is known (unknown ones are named on stderr); 1 when none is."""
    args = inv.args
    result = await inv.client.wait_times.estimate(args.queues, mode=args.mode)
    out = inv.out
    unknown = [item for item in result.items if not_configured(item)]
    if out.json_mode:
        out.document(result.items)
    else:
        rows = [
            (item.virtual_queue, ewt_cell(item), result_meaning(item), item.message)
            for item in result.items
        ]
        out.table(["Virtual queue", "EWT", "Result", "Message"], rows)
    if unknown and len(unknown) == len(result.items):
        names = ", ".join(item.virtual_queue for item in unknown)
        out.error(
            f"no estimated wait time: every virtual queue asked is not configured ({names})",
            details=[("correlationId", result.correlation_id)],
        )
        return EXIT_API
    for item in unknown:
        out.warn(item.message or f"virtual queue {item.virtual_queue!r} is not configured")
    return EXIT_OK
