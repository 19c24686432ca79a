"""One well-formed request per emulator endpoint and the roles docs/api.md allows for it.

Written from the role table of docs/api.md, independently of the emulator's own tables, so a
drift on either side fails the access tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from reliability_env import NOW, OPEN_SERVICE

from callback_tui.mock.tenant import DEMO_GWS_BASE_URL, DEMO_GWS_CLIENT_ID, DEMO_GWS_CLIENT_SECRET

V3 = "/engagement/v3"
C = "/console/v1"


@dataclass(frozen=True)
class Call:
    """A request template: `make(ctx)` gives (path, params, json); ctx holds fresh ids."""

    method: str
    route: str
    roles: str  # letters of docs/api.md: A S D G
    make: Callable[[dict[str, str]], tuple[str, dict[str, str] | None, Any]]

    @property
    def label(self) -> str:
        return f"{self.method} {self.route}"


def _fixed(path: str, params: dict[str, str] | None = None, body: Any = None) -> Any:
    return lambda ctx: (path, params, body)


LATER = (NOW + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")

CALLS: list[Call] = [
    Call("POST", f"{V3}/callbacks/create", "ASD",
         _fixed(f"{V3}/callbacks/create", None,
                {"serviceName": OPEN_SERVICE, "phoneNumber": "+15551234567"})),
    Call("POST", f"{V3}/callbacks/cancel", "ASD",
         lambda ctx: (f"{V3}/callbacks/cancel", None, {"id": ctx["fresh"]})),
    Call("POST", f"{V3}/callbacks/retrieve", "ASDG",
         lambda ctx: (f"{V3}/callbacks/retrieve", None, {"id": ctx["cb"]})),
    Call("GET", f"{V3}/callbacks/open-for/{{service-name}}", "ASDG",
         _fixed(f"{V3}/callbacks/open-for/{OPEN_SERVICE}")),
    Call("GET", f"{V3}/callbacks/availability/{{service-name}}", "ASDG",
         _fixed(f"{V3}/callbacks/availability/{OPEN_SERVICE}")),
    Call("GET", f"{V3}/callbacks/queue-status/{{queue-name}}", "ASDG",
         _fixed(f"{V3}/callbacks/queue-status/{OPEN_SERVICE}")),
    Call("GET", f"{V3}/estimated-wait-time", "ASDG",
         _fixed(f"{V3}/estimated-wait-time", {"virtual-queues": OPEN_SERVICE})),
    Call("POST", f"{V3}/statistics/operations/get-statistic-ex", "ASDG",
         _fixed(f"{V3}/statistics/operations/get-statistic-ex", None, {})),
    Call("GET", f"{C}/me", "ASDG", _fixed(f"{C}/me")),
    Call("GET", f"{C}/errors", "AD", _fixed(f"{C}/errors", {"limit": "5"})),
    Call("GET", f"{C}/errors/histogram", "AD", _fixed(f"{C}/errors/histogram")),
    Call("GET", f"{C}/errors/{{corrId}}", "AD",
         lambda ctx: (f"{C}/errors/{ctx['corr']}", None, None)),
    Call("GET", f"{C}/cors/origins", "AD", _fixed(f"{C}/cors/origins")),
    Call("POST", f"{C}/api-keys/validate", "AD",
         _fixed(f"{C}/api-keys/validate", None, {"apiKey": "not-a-key-at-all"})),
    Call("GET", f"{C}/credentials", "AD", _fixed(f"{C}/credentials")),
    Call("PUT", f"{C}/credentials/{{kind}}", "AD",
         _fixed(f"{C}/credentials/captcha", None,
                {"siteKey": "site-key-access", "secretKey": "secret-key-access-123"})),
    Call("POST", f"{C}/credentials/{{kind}}/test", "AD",
         _fixed(f"{C}/credentials/gws/test", None, {})),
    Call("DELETE", f"{C}/credentials/{{kind}}", "AD", _fixed(f"{C}/credentials/push")),
    Call("GET", f"{C}/tenant", "ASD", _fixed(f"{C}/tenant")),
    Call("POST", f"{C}/tenant/refetch", "ASD", _fixed(f"{C}/tenant/refetch", None, {})),
    Call("GET", f"{C}/services", "ASD", _fixed(f"{C}/services")),
    Call("GET", f"{C}/services/{{name}}", "ASD", _fixed(f"{C}/services/{OPEN_SERVICE}")),
    Call("PUT", f"{C}/services/{{name}}/purge", "A",
         _fixed(f"{C}/services/Support_247/purge", None,
                {"mode": "afterDuration", "afterMinutes": 600})),
    Call("POST", f"{C}/purge (dryRun true)", "ASD",
         _fixed(f"{C}/purge", None, {"service": "Tech_APAC", "dryRun": True})),
    Call("POST", f"{C}/purge (dryRun false)", "AS",
         _fixed(f"{C}/purge", None, {"service": "Tech_APAC", "dryRun": False})),
    Call("GET", f"{C}/callbacks", "ASDG", _fixed(f"{C}/callbacks", {"limit": "5"})),
    Call("GET", f"{C}/callbacks/{{id}}", "ASDG",
         lambda ctx: (f"{C}/callbacks/{ctx['cb']}", None, None)),
    Call("POST", f"{C}/callbacks/reschedule", "ASD",
         lambda ctx: (f"{C}/callbacks/reschedule", None, {"id": ctx["cb"], "desiredTime": LATER})),
]  # fmt: skip


async def prepare(http: httpx.AsyncClient) -> dict[str, str]:
    """Fresh ids for one request (as Administrator): a callback to read, one to cancel, an
    error's corrId; GWS credentials registered so statistics can answer."""
    ctx: dict[str, str] = {}
    for name in ("cb", "fresh"):
        r = await http.post(
            f"{V3}/callbacks/create",
            json={"serviceName": OPEN_SERVICE, "phoneNumber": "+15557654321"},
        )
        ctx[name] = r.json()["data"]["id"]
    r = await http.get(f"{C}/callbacks/{uuid.uuid4()}")  # a 404 to get an error record
    ctx["corr"] = r.headers["x-correlation-id"]
    r = await http.put(
        f"{C}/credentials/gws",
        json={
            "baseUrl": DEMO_GWS_BASE_URL,
            "clientId": DEMO_GWS_CLIENT_ID,
            "clientSecret": DEMO_GWS_CLIENT_SECRET,
        },
    )
    assert r.status_code == 200, r.text
    return ctx
