"""`client.availability`: office open-for and bookable slots of a callback service."""

from __future__ import annotations

from datetime import datetime

from .._caller import Resource
from .._wire import GES, query, segment, start_time
from ..models import Availability as AvailabilityResult
from ..models import OpenFor


class Availability(Resource):
    """Times: `start`/`end` are aware datetimes (sent as UTC `...Z`), or, only when
    `timezone` is given, naive datetimes read as local time in that zone (sent without
    offset, as the wire wants); an aware datetime with `timezone` is converted to it.
    """

    async def open_for(
        self,
        service: str,
        *,
        start: datetime | None = None,
        timezone: str | None = None,
        query_immediate_offer_hours: bool = False,
        return_within_immediate_offer_time: bool = False,
        check_immediate_enabled: bool = False,
    ) -> OpenFor:
        """Seconds the office stays open from `start` (default now); the flags add outputs."""
        params = query(
            start=None if start is None else start_time(start, "start", timezone),
            timezone=timezone,
            queryImmediateOfferHours=query_immediate_offer_hours or None,
            returnWithinImmediateOfferTime=return_within_immediate_offer_time or None,
            checkImmediateEnabled=check_immediate_enabled or None,
        )
        path = f"{GES}/callbacks/open-for/{segment(service, 'service')}"
        return await self._caller.call(OpenFor, "GET", path, params=params)

    async def slots(
        self,
        service: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        start_ms: int | None = None,
        end_ms: int | None = None,
        number_of_days: int | None = None,
        timezone: str | None = None,
        max_time_slots: int | None = None,
        report_busy: bool = False,
    ) -> AvailabilityResult:
        """Slots of the period (at most 31 days); full ones only with `report_busy`."""
        if start is not None and start_ms is not None:
            raise ValueError("start: give start or start_ms, not both")
        if sum(x is not None for x in (end, end_ms, number_of_days)) > 1:
            raise ValueError("end: give only one of end, end_ms, number_of_days")
        params = query(
            start=None if start is None else start_time(start, "start", timezone),
            startMS=start_ms,
            end=None if end is None else start_time(end, "end", timezone),
            endMS=end_ms,
            numberOfDays=number_of_days,
            timezone=timezone,
            maxTimeSlots=max_time_slots,
            reportBusy=report_busy or None,
        )
        path = f"{GES}/callbacks/availability/{segment(service, 'service')}"
        return await self._caller.call(AvailabilityResult, "GET", path, params=params)
