"""`client.callbacks`: create, cancel, retrieve (GES) and list, get, reschedule (console)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from .._caller import Resource, follow_cursor
from .._wire import CONSOLE, GES, body, check_limit, query, segment, utc_time
from ..models import Callback, CallbackDetail, CallbackRef, Page


class Callbacks(Resource):
    async def create(
        self,
        service_name: str,
        phone_number: str,
        *,
        desired_time: datetime | None = None,
        priority: int | None = None,
        user_data: Mapping[str, Any] | None = None,
        always_check_capacity: bool | None = None,
        cb_offer_type: str | None = None,
        language: str | None = None,
        inbound_vq: str | None = None,
        offer_threshold: float | None = None,
        channel: str | None = None,
        offer_timing: str | None = None,
        cb_origination_ixn_id: str | None = None,
        survey_rp: str | None = None,
        route_point: str | None = None,
        captcha_token: str | None = None,
        push_targets: Sequence[Mapping[str, str]] | None = None,
        **extra_fields: Any,
    ) -> CallbackRef:
        """Book a callback (`desired_time` None = immediate). Never retried once sent.

        `extra_fields` are sent as given, under their wire (camelCase) names.
        """
        payload = body(**extra_fields)
        # Named arguments win over an extra field of the same wire name.
        payload |= body(
            serviceName=service_name,
            phoneNumber=phone_number,
            desiredTime=None if desired_time is None else utc_time(desired_time, "desiredTime"),
            cbOfferType=cb_offer_type,
            language=language,
            inboundVQ=inbound_vq,
            offerThreshold=offer_threshold,
            channel=channel,
            offerTiming=offer_timing,
            cbOriginationIxnId=cb_origination_ixn_id,
            surveyRP=survey_rp,
            priority=priority,
            routePoint=route_point,
            userData=user_data,
            captchaToken=captcha_token,
            pushTargets=push_targets,
            alwaysCheckCapacity=always_check_capacity,
        )
        return await self._caller.call(CallbackRef, "POST", f"{GES}/callbacks/create", json=payload)

    async def cancel(self, id: str) -> CallbackRef:
        """Cancel (the callback becomes COMPLETED/CANCELLED)."""
        return await self._caller.call(
            CallbackRef, "POST", f"{GES}/callbacks/cancel", json={"id": id}
        )

    async def retrieve(self, id: str) -> Callback:
        """GES `POST /callbacks/retrieve`: the callback's current state."""
        return await self._caller.call(
            Callback, "POST", f"{GES}/callbacks/retrieve", json={"id": id}
        )

    async def list(
        self,
        *,
        service: str | None = None,
        state: str | None = None,
        phone: str | None = None,
        from_: datetime | None = None,
        to: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Callback]:
        """Console list, newest `desiredTime` first; `from_`/`to` bound `desiredTime`."""
        params = query(
            service=service,
            state=state,
            phone=phone,
            **{
                "from": None if from_ is None else utc_time(from_, "from"),
                "to": None if to is None else utc_time(to, "to"),
            },
            limit=check_limit(limit),
            cursor=cursor,
        )
        return await self._caller.call(Page[Callback], "GET", f"{CONSOLE}/callbacks", params=params)

    async def iter_pages(
        self, *, max_pages: int | None = None, **filters: Any
    ) -> AsyncIterator[Page[Callback]]:
        """Pages of `list(**filters)`, one request at a time, following `next_cursor`."""
        async for page in follow_cursor(self.list, max_pages, filters):
            yield page

    async def get(self, id: str) -> CallbackDetail:
        """Console detail: the callback and its state history."""
        return await self._caller.call(
            CallbackDetail, "GET", f"{CONSOLE}/callbacks/{segment(id, 'id')}"
        )

    async def reschedule(
        self, id: str, desired_time: datetime, *, always_check_capacity: bool | None = None
    ) -> Callback:
        payload = body(
            id=id,
            desiredTime=utc_time(desired_time, "desiredTime"),
            alwaysCheckCapacity=always_check_capacity,
        )
        return await self._caller.call(
            Callback, "POST", f"{CONSOLE}/callbacks/reschedule", json=payload
        )
