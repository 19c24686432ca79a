"""The demo tenant seeded on first start: services, holidays, callbacks, error records.

Deterministic (fixed random seed) relative to the emulator clock, so tests can count on it.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import tenant
from .envelope import dt_to_ms
from .store import CallbackRow

if TYPE_CHECKING:
    from .app import Emulator

DEFAULT_ERRORS = 3000
_UUID1_EPOCH = 0x01B21DD213814000  # 100-ns intervals from 1582-10-15 to 1970-01-01


def demo_services(now: datetime) -> list[dict[str, Any]]:
    """CALLBACK_SETTINGS rows of the demo tenant (holidays in this and next year)."""
    y = now.year
    holidays = {
        f"{y}-12-25": {"name": "Christmas Day", "hours": []},
        f"{y}-12-24": {"name": "Christmas Eve", "hours": ["08:00-12:00"]},
        f"{y + 1}-01-01": {"name": "New Year's Day", "hours": []},
        f"{y}-07-04": {"name": "Independence Day", "hours": []},
    }
    return [
        {
            "name": "Support_247",
            "timezone": "Europe/London",
            "description": "24/7 technical support; purges callbacks 4 hours after they are due",
            "businessHours": {"mon-sun": ["00:00-24:00"]},
            "slotDurationMin": 30,
            "slotCapacity": 10,
            "purgeMode": "afterDuration",
            "purgeAfterMin": 240,
            "agents": 12,
            "ahtSec": 420,
        },
        {
            "name": "Sales_US",
            "timezone": "America/New_York",
            "description": "Office hours with Immediate Offer Hours, a blackout and holidays",
            "businessHours": {"mon-fri": ["08:00-18:00"], "sat": ["10:00-14:00"]},
            "specialDays": holidays,
            "immediateOfferHours": {"mon-fri": ["09:00-17:00"]},
            "immediateBlackoutMin": 30,
            "slotDurationMin": 30,
            "slotCapacity": 3,
            "purgeMode": "endOfBusinessDay",
            "agents": 6,
            "ahtSec": 300,
            "routePoint": "7001",
            "surveyRP": "7901",
        },
        {
            "name": "Billing_EU",
            "timezone": "Europe/Berlin",
            "description": "Immediate callbacks only: scheduled callbacks are disabled",
            "businessHours": {"mon-fri": ["09:00-17:00"]},
            "specialDays": {f"{y}-12-25": [], f"{y}-12-26": [], f"{y + 1}-01-01": []},
            "scheduledEnabled": False,
            "slotDurationMin": 60,
            "slotCapacity": 4,
            "purgeMode": "endOfBusinessDay",
            "agents": 3,
            "ahtSec": 240,
        },
        {
            "name": "Tech_APAC",
            "timezone": "Asia/Tokyo",
            "description": "Scheduled only: immediate disabled and no agents logged in",
            "businessHours": {"mon-fri": ["08:00-20:00"]},
            "immediateEnabled": False,
            "slotDurationMin": 15,
            "slotCapacity": 2,
            "purgeMode": "off",
            "agents": 0,
            "ahtSec": 600,
        },
    ]


def uuid1_at(ms: int, rng: random.Random) -> str:
    """A UUID v1 whose timestamp is `ms`, like GES correlation IDs."""
    ts = ms * 10_000 + rng.randrange(10_000) + _UUID1_EPOCH
    clock_seq = rng.getrandbits(14)
    node = rng.getrandbits(48) | 0x010000000000
    value = uuid.UUID(
        fields=(
            ts & 0xFFFFFFFF,
            (ts >> 32) & 0xFFFF,
            ((ts >> 48) & 0x0FFF) | 0x1000,
            ((clock_seq >> 8) & 0x3F) | 0x80,
            clock_seq & 0xFF,
            node,
        )
    )
    return str(value)


def demo_callbacks(services: list[str], now: datetime, count: int = 320) -> list[CallbackRow]:
    rng = random.Random(1234)
    rows = []
    now_ms = dt_to_ms(now)
    for i in range(count):
        service = services[i % len(services)]
        # From three days ago to a week ahead, weighted towards the near future and recent past.
        offset_min = int(rng.triangular(-3 * 1440, 7 * 1440, 60))
        if i % 10 == 0:
            offset_min = rng.randint(-40, 5)  # recent: queued, routing or processing now
        desired = now_ms + offset_min * 60_000
        immediate = i % 4 == 0
        desired -= desired % (15 * 60_000) if not immediate else 0
        created = min(now_ms, desired) - rng.randint(5, 3000) * 60_000
        row = CallbackRow(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            service=service,
            phone=f"+1555{rng.randint(0, 9_999_999):07d}",
            desired_ms=desired,
            created_ms=created,
            immediate=immediate,
            priority=rng.choice([1, 1, 1, 5, 10]),
            user_data={"customerId": f"C{rng.randint(10000, 99999)}", "reason": "demo"},
            params={"cbOfferType": "ASAP" if immediate else "SCHEDULED", "language": "en-US"},
        )
        if i % 13 == 0:
            row.final_state, row.final_reason = "COMPLETED", "CANCELLED"
            row.final_ms = min(now_ms, desired)
        rows.append(row)
    return rows


_V3 = "/engagement/v3"
# Names a caller might mistype or guess; not services of the demo tenant, so a seeded 40400
# "unknown callback service" is what the emulator really answers for them.
UNKNOWN_SERVICES = ("Sales_UK", "Support_24x7", "Billing_US", "Tech_EMEA")
_PATHS = [
    ("GET", _V3 + "/callbacks/open-for/{u}", 40400, 404,
     "service-name: unknown callback service '{u}'"),
    ("GET", _V3 + "/callbacks/availability/{s}?start=2026-07-17T10:00:00.000Z", 50001, 500,
     "internal error"),
    ("GET", _V3 + "/callbacks/availability/{s}?numberOfDays=90", 40000, 400,
     "numberOfDays: must be an integer from 1 to 31"),
    ("POST", _V3 + "/callbacks/create", 40000, 400,
     "phoneNumber: must be 7 to 15 digits, optionally with a leading +"),
    ("POST", _V3 + "/callbacks/create", 42900, 429, "desiredTime: the requested slot is full"),
    ("POST", _V3 + "/callbacks/create", 40000, 400, "serviceName: is required"),
    ("POST", _V3 + "/callbacks/retrieve", 40400, 404, "id: no such callback"),
    ("POST", _V3 + "/callbacks/cancel", 40400, 404, "id: no such callback"),
    ("GET", _V3 + "/estimated-wait-time?virtual-queues={s}", 50001, 500, "internal error"),
    ("POST", _V3 + "/statistics/operations/get-statistic-ex", 5701, 502,
     "GWS: upstream dependency unavailable"),
    ("GET", _V3 + "/callbacks/queue-status/{s}", 40100, 401, "x-api-key: invalid API key"),
    ("GET", "[REDACTED]", 50001, 500, "internal error"),
    ("GET", "[REDACTED]", 5701, 502, "upstream dependency unavailable"),
    ("GET", _V3 + "/callbacks?phoneNumber=[REDACTED]", 40400, 404, "no such route"),
]  # fmt: skip


def demo_errors(
    services: list[str], now: datetime, count: int, *, days: float = 5.0
) -> Iterator[tuple[Any, ...]]:
    """Error records spread over the last `days` (newest within the last minutes)."""
    rng = random.Random(99)
    now_ms = dt_to_ms(now)
    span = int(days * 86_400_000)
    unknown_for = {
        name: UNKNOWN_SERVICES[i % len(UNKNOWN_SERVICES)] for i, name in enumerate(services)
    }
    for _ in range(count):
        ts = now_ms - int(span * rng.random() ** 1.3) - 1000
        method, path, code, http, message = rng.choice(_PATHS)
        service = rng.choice(services)
        # The same draw as for a known name, so every other record stays as it was.
        unknown = unknown_for[service]
        url = path.replace("{s}", service).replace("{u}", unknown)
        message = message.replace("{u}", unknown)
        corr = uuid1_at(ts, rng)
        request = (
            f'{{"method":"{method}","url":"{url}","query":{{}},'
            f'"headers":{{"x-api-key":"[REDACTED]"}},"bodySummary":null}}'
        )
        response = f'{{"status":{{"code":{code},"message":"{message}","corrId":"{corr}"}}}}'
        yield (corr, ts, method, url, http, code, message, request, response)


def seed_store(em: Emulator, seed_errors: int | None) -> None:
    now = em.clock.now()
    services = demo_services(now)
    names = [s["name"] for s in services]
    for s in services:
        em.store.put_service(s["name"], s, dt_to_ms(now))
    em.store.insert_callbacks(demo_callbacks(names, now))
    count = DEFAULT_ERRORS if seed_errors is None else seed_errors
    days = 5.0 if count <= 100_000 else 30.0
    em.errors.bulk(demo_errors(names, now, count, days=days))
    em.store.set_meta("tenant_doc", json.dumps(tenant.default_doc(services)))
    em.store.set_meta("seeded", now.isoformat())
