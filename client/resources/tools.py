"""`client.tenant`, `client.services`, `client.purge` (console API, Tools tab)."""

from __future__ import annotations

from .._caller import Resource
from .._wire import CONSOLE, body, segment
from ..models import PurgeMode, PurgeResult, Service, ServiceList, TenantConfig, TenantRefetch


class Tenant(Resource):
    async def get(self) -> TenantConfig:
        return await self._caller.call(TenantConfig, "GET", f"{CONSOLE}/tenant")

    async def refetch(self) -> TenantRefetch:
        """Re-read the tenant configuration now; `.changes` lists what changed."""
        return await self._caller.call(TenantRefetch, "POST", f"{CONSOLE}/tenant/refetch", json={})


class Services(Resource):
    async def list(self) -> ServiceList:
        return await self._caller.call(ServiceList, "GET", f"{CONSOLE}/services")

    async def get(self, name: str) -> Service:
        """A service with its CALLBACK_SETTINGS rows and purge settings."""
        return await self._caller.call(
            Service, "GET", f"{CONSOLE}/services/{segment(name, 'name')}"
        )

    async def set_purge(
        self, name: str, mode: PurgeMode, *, after_minutes: int | None = None
    ) -> Service:
        """Change the purge mode (`afterDuration` needs `after_minutes`); Administrator only."""
        return await self._caller.call(
            Service,
            "PUT",
            f"{CONSOLE}/services/{segment(name, 'name')}/purge",
            json=body(mode=mode, afterMinutes=after_minutes),
        )


class Purge(Resource):
    async def preview(self, service: str | None = None) -> PurgeResult:
        """What a purge would remove now (nothing is removed)."""
        return await self._caller.call(
            PurgeResult, "POST", f"{CONSOLE}/purge", json=body(service=service, dryRun=True)
        )

    async def run(self, service: str | None = None) -> PurgeResult:
        """Purge now (open callbacks become COMPLETED/PURGED)."""
        return await self._caller.call(
            PurgeResult, "POST", f"{CONSOLE}/purge", json=body(service=service, dryRun=False)
        )
