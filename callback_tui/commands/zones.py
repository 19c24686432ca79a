"""Which time zone a command shows a service's times in: `--timezone`, else the service's own.

The service's zone comes from the console API (`GET /console/v1/services/{name}`), which only
some roles may read (docs/api.md, Roles). The role is asked first (`/me`, open to every role)
so that an Agent's command does not leave a 403 in the server's error log for nothing. When the
zone cannot be had, times are shown in UTC and `ServiceZone.note` says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from client import CallbackClient

UTC_ZONE = ZoneInfo("UTC")
# docs/api.md, Roles: "Tools tab reads: ... services" is open to these roles only.
ROLES_READING_SERVICES = frozenset({"Administrator", "Supervisor", "Developer"})


@dataclass(frozen=True)
class ServiceZone:
    zone: ZoneInfo
    origin: str  # "--timezone", "the service's zone" or "UTC"
    note: str | None = None  # why UTC was used instead of the service's zone

    def fallback_message(self, option: str = "--timezone") -> str | None:
        """The stderr line for a UTC fallback, or None when the zone is the one asked for."""
        if self.note is None:
            return None
        return f"times are shown in UTC: {self.note}; pass {option} ZONE to choose one"


async def zone_for(client: CallbackClient, service: str, given: str | None) -> ServiceZone:
    """`given` (a validated tz name) if any, else the service's configured zone, else UTC."""
    from client import ApiError, AuthenticationError, ProtocolError

    if given:
        return ServiceZone(ZoneInfo(given), "--timezone")
    try:
        me = await client.me()
        if me.role not in ROLES_READING_SERVICES:
            return _utc(f"role {me.role} may not read the service's settings")
        name = (await client.services.get(service)).timezone
    except AuthenticationError:
        raise  # the command's own call would fail the same way: exit 4 with its message
    except (ApiError, ProtocolError) as exc:
        reason = getattr(exc, "message", None) or str(exc)
        return _utc(f"the service's zone could not be read ({reason})")
    if not name:
        return _utc(f"service {service} has no time zone configured")
    try:
        return ServiceZone(ZoneInfo(name), "the service's zone")
    except (ZoneInfoNotFoundError, ValueError):
        return _utc(f"service {service} has an unknown time zone {name!r}")


def _utc(note: str) -> ServiceZone:
    return ServiceZone(UTC_ZONE, "UTC", note)
