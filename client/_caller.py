"""Send one call and decode its envelope: the single path every resource method takes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ._envelope import decode

if TYPE_CHECKING:
    from ._transport import Transport

M = TypeVar("M", bound=BaseModel)


class Caller:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    async def call(
        self,
        model: type[M],
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> M:
        raw = await self._transport.request(method, path, params=params, json=json, headers=headers)
        return decode(raw, model, self._transport.redactor)


class Resource:
    """Base of the `client.<group>` objects."""

    def __init__(self, caller: Caller) -> None:
        self._caller = caller
