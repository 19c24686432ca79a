"""Fixtures for the client tests: a respx router, an instant `sleep`, a client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import respx
from client_fakes import BASE, KEY, SleepRecorder

from client import CallbackClient


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False, assert_all_mocked=True) as mock:
        yield mock


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
async def client(sleeps: SleepRecorder) -> AsyncIterator[CallbackClient]:
    async with CallbackClient(BASE, KEY, sleep=sleeps) as c:
        yield c
