"""Base classes shared by every response model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


def assume_utc(value: datetime) -> datetime:
    # The wire sends UTC with `Z`; a server that drops the `Z` still means UTC.
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00: pydantic reports ValueErrors only
        raise ValueError("datetime out of range once converted to UTC") from None


UtcDatetime = Annotated[datetime, AfterValidator(assume_utc)]
"""An aware datetime in UTC; a value without offset is read as UTC (the wire's convention)."""


class WireModel(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields kept (`model_extra`).

    `correlation_id` is the envelope's `status.corrId`. It is set on every object a client
    method returns; records nested in a page or list leave it None (the page carries it).
    """

    model_config = ConfigDict(
        extra="allow",
        alias_generator=to_camel,
        populate_by_name=True,
        defer_build=True,
    )

    correlation_id: str | None = Field(default=None, exclude=True)


T = TypeVar("T", bound=BaseModel)


class Page(WireModel, Generic[T]):
    """One keyset page: `items`, and `next_cursor` (None on the last page)."""

    items: list[T]
    next_cursor: str | None = None

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None


class ListResult(WireModel, Generic[T]):
    """A whole (unpaged) list answer: `items`, with `len()` and indexing."""

    items: list[T]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]
