"""Load on a real loopback socket (MockServer: uvicorn in a thread), bounded in count and time.

- 200 concurrent bookings into one slot with `alwaysCheckCapacity`: accepted == the slot's
  remaining capacity exactly, the rest 429 / 42900, and the slot ends exactly full.
- A mixed run (2,000 requests by default, 10,000 with CALLBACK_TUI_LONG_FUZZ=1) at 32 in flight
  over 4 clients (8 each, the client's own limit): zero unexpected errors, every acknowledged
  create retrievable, and exactly one error record per error we caused on purpose.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from reliability_env import ALWAYS_OPEN_SERVICE, KEYS, NOW, OPEN_SERVICE, bounded

from callback_tui.mock.clock import FixedClock
from callback_tui.mock.server import MockServer
from client import BadRequestError, CallbackClient, NotFoundError, SlotFullError

MIXED_REQUESTS = bounded(2_000, 10_000)
IN_FLIGHT = 32
CLIENTS = 4


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(clock=FixedClock(NOW), keys=KEYS, seed_errors=200) as srv:
        yield srv


def test_keep_alive_answers_do_not_stall_on_delayed_acks(server: MockServer) -> None:
    """Sequential requests on one kept-alive connection: no ~40 ms delayed-ACK stall each
    (the emulator's listening socket must let asyncio set TCP_NODELAY)."""
    import httpx

    with httpx.Client(base_url=server.url, headers={"x-api-key": KEYS["Agent"]}) as http:
        http.get("/console/v1/me")
        took = []
        for _ in range(15):
            started = time.perf_counter()
            assert http.get("/console/v1/me").status_code == 200
            took.append(time.perf_counter() - started)
    took.sort()
    assert took[len(took) // 2] < 0.030, f"median {took[len(took) // 2] * 1000:.0f} ms"


async def _spread(
    clients: list[CallbackClient], jobs: list[Callable[[CallbackClient], Awaitable[Any]]]
) -> list[Any]:
    """Run `jobs` with len(clients) * 8 workers, each bound to one client (8 in flight each)."""
    results: list[Any] = [None] * len(jobs)
    queue = iter(enumerate(jobs))

    async def worker(client: CallbackClient) -> None:
        for index, job in queue:
            try:
                results[index] = await job(client)
            except Exception as exc:  # kept and classified by the caller
                results[index] = exc

    await asyncio.gather(*(worker(c) for c in clients for _ in range(8)))
    return results


async def test_concurrent_bookings_never_overbook_a_slot(
    server: MockServer, figures: dict[str, Any]
) -> None:
    async with CallbackClient(server.url, KEYS["Administrator"]) as probe:
        slots = await probe.availability.slots(
            ALWAYS_OPEN_SERVICE, start=NOW + timedelta(days=1), number_of_days=1, report_busy=True
        )
        slot = max(slots.slots, key=lambda s: s.capacity)
        assert slot.capacity > 0
        remaining = slot.capacity
    clients = [CallbackClient(server.url, KEYS["Supervisor"]) for _ in range(25)]
    try:
        at = slot.utc_time
        jobs = [
            (lambda c, i=i: c.callbacks.create(
                ALWAYS_OPEN_SERVICE, f"+1555{i:07d}", desired_time=at, always_check_capacity=True
            ))
            for i in range(200)
        ]  # fmt: skip
        started = time.perf_counter()
        results = await _spread(clients, jobs)
        elapsed = time.perf_counter() - started
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    accepted = [r for r in results if not isinstance(r, Exception)]
    full = [r for r in results if isinstance(r, SlotFullError)]
    other = [r for r in results if isinstance(r, Exception) and not isinstance(r, SlotFullError)]
    assert not other, other[:3]
    assert len(accepted) == remaining, f"{len(accepted)} accepted into {remaining} free places"
    assert len(full) == 200 - remaining
    assert all(e.slots and slot.utc_time not in e.slots for e in full)
    async with CallbackClient(server.url, KEYS["Administrator"]) as probe:
        after = await probe.availability.slots(
            ALWAYS_OPEN_SERVICE, start=NOW + timedelta(days=1), number_of_days=1, report_busy=True
        )
    same = next(s for s in after.slots if s.utc_time == slot.utc_time)
    assert same.capacity == 0
    figures["load_one_slot"] = {
        "concurrent_bookings": 200,
        "remaining_capacity": remaining,
        "accepted": len(accepted),
        "refused_429": len(full),
        "other_errors": len(other),
        "seconds": round(elapsed, 2),
    }


def _mixed_jobs(
    count: int, known_ids: list[str], rng: random.Random
) -> tuple[list[Callable[[CallbackClient], Awaitable[Any]]], Counter[str]]:
    """The job list and how many of each kind (the `bad_*` ones fail on purpose)."""
    kinds = (
        ["create"] * 20 + ["retrieve"] * 15 + ["open_for"] * 15 + ["slots"] * 10
        + ["queue"] * 10 + ["errors"] * 5 + ["me"] * 5 + ["list"] * 5 + ["detail"] * 5
        + ["bad_id"] * 5 + ["bad_phone"] * 5
    )  # fmt: skip
    plan = Counter[str]()
    jobs: list[Callable[[CallbackClient], Awaitable[Any]]] = []
    phones = (f"+1666{n:07d}" for n in itertools.count())
    for _ in range(count):
        kind = rng.choice(kinds)
        plan[kind] += 1
        cb = rng.choice(known_ids)
        job: Callable[[CallbackClient], Awaitable[Any]]
        if kind == "create":
            job = lambda c, p=next(phones): c.callbacks.create(ALWAYS_OPEN_SERVICE, p)  # noqa: E731
        elif kind == "retrieve":
            job = lambda c, cb=cb: c.callbacks.retrieve(cb)  # noqa: E731
        elif kind == "open_for":
            job = lambda c: c.availability.open_for(OPEN_SERVICE, query_immediate_offer_hours=True)  # noqa: E731
        elif kind == "slots":
            job = lambda c: c.availability.slots(OPEN_SERVICE, max_time_slots=20)  # noqa: E731
        elif kind == "queue":
            job = lambda c: c.queues.status(OPEN_SERVICE)  # noqa: E731
        elif kind == "errors":
            job = lambda c: c.errors.list(limit=20)  # noqa: E731
        elif kind == "me":
            job = lambda c: c.me()  # noqa: E731
        elif kind == "list":
            job = lambda c: c.callbacks.list(service=OPEN_SERVICE, limit=50)  # noqa: E731
        elif kind == "detail":
            job = lambda c, cb=cb: c.callbacks.get(cb)  # noqa: E731
        elif kind == "bad_id":
            job = lambda c: c.callbacks.retrieve(str(uuid.uuid4()))  # noqa: E731
        else:
            job = lambda c: c.callbacks.create(ALWAYS_OPEN_SERVICE, "12")  # noqa: E731
        jobs.append(job)
    return jobs, plan


async def test_mixed_load_loses_nothing_and_counts_errors_exactly(
    server: MockServer, figures: dict[str, Any]
) -> None:
    em = server.emulator
    async with CallbackClient(server.url, KEYS["Administrator"]) as admin:
        seeded = await admin.callbacks.list(service=OPEN_SERVICE, limit=50)
    known = [cb.id for cb in seeded.items]
    errors_before = em.errors.count()
    jobs, plan = _mixed_jobs(MIXED_REQUESTS, known, random.Random(7))
    clients = [CallbackClient(server.url, KEYS["Administrator"]) for _ in range(CLIENTS)]
    try:
        started = time.perf_counter()
        results = await _spread(clients, jobs)
        elapsed = time.perf_counter() - started
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))

    outcome = Counter(type(r).__name__ for r in results)
    deliberate = plan["bad_id"] + plan["bad_phone"]
    unexpected = [
        r
        for r in results
        if isinstance(r, Exception) and not isinstance(r, NotFoundError | BadRequestError)
    ]
    assert not unexpected, (outcome, unexpected[:3])
    assert outcome["NotFoundError"] == plan["bad_id"]
    assert outcome["BadRequestError"] == plan["bad_phone"]
    # Every acknowledged create is in the database, with the phone it was booked with.
    created = [r.id for r in results if type(r).__name__ == "CallbackRef"]
    assert len(created) == plan["create"]
    missing = [cb for cb in created if em.store.get_callback(cb) is None]
    assert not missing, f"{len(missing)} acknowledged creates lost"
    assert len(set(created)) == len(created), "two creates got the same id"
    # Exactly one error record per error caused on purpose, none for the successes.
    assert em.errors.count() - errors_before == deliberate
    figures["load_mixed"] = {
        "requests": len(jobs),
        "in_flight": IN_FLIGHT,
        "clients": CLIENTS,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(jobs) / elapsed),
        "plan": dict(sorted(plan.items())),
        "unexpected_errors": len(unexpected),
        "creates_acknowledged": len(created),
        "creates_lost": len(missing),
        "errors_caused": deliberate,
        "error_records_added": em.errors.count() - errors_before,
    }
