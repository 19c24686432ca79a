"""The `client.<group>` objects: thin, they build the request and name the result type."""

from __future__ import annotations

from .availability import Availability
from .callbacks import Callbacks
from .developer import ApiKeys, Cors, Credentials
from .error_log import Errors
from .ges import Queues, Statistics, WaitTimes
from .tools import Purge, Services, Tenant

__all__ = [
    "ApiKeys",
    "Availability",
    "Callbacks",
    "Cors",
    "Credentials",
    "Errors",
    "Purge",
    "Queues",
    "Services",
    "Statistics",
    "Tenant",
    "WaitTimes",
]
