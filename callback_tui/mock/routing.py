"""Route registration: every endpoint declares the roles that may call it (docs/api.md)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .auth import require_role
from .envelope import ok

if TYPE_CHECKING:
    from .app import Emulator

Handler = Callable[[Request, "Emulator"], Awaitable[Any]]


def emulator_of(request: Request) -> Emulator:
    em: Emulator = request.app.state.emulator
    return em


def role_of(request: Request) -> str:
    return str(request.scope.get("state", {}).get("role", ""))


def endpoint(path: str, method: str, roles: frozenset[str], handler: Handler) -> Route:
    """A Route whose handler returns `data` (wrapped in the success envelope) or a Response."""

    async def run(request: Request) -> Response:
        require_role(role_of(request), roles, request.method, request.url.path)
        result = await handler(request, emulator_of(request))
        if isinstance(result, Response):
            return result
        return ok(request, result)

    run.__name__ = handler.__name__
    return Route(path, run, methods=[method])
