"""Send one call and decode its envelope: the single path every resource method takes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel

from ._envelope import decode

if TYPE_CHECKING:
    from ._transport import Transport

M = TypeVar("M", bound=BaseModel)


class _Paged(Protocol):
    @property
    def next_cursor(self) -> str | None: ...


P = TypeVar("P", bound=_Paged)


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


async def follow_cursor(
    fetch: Callable[..., Awaitable[P]], max_pages: int | None, filters: dict[str, Any]
) -> AsyncIterator[P]:
    """Pages of `fetch(cursor=..., **filters)`, one request at a time, following `next_cursor`."""
    cursor = filters.pop("cursor", None)
    fetched = 0
    while max_pages is None or fetched < max_pages:
        page = await fetch(cursor=cursor, **filters)
        fetched += 1
        yield page
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
