"""Every route of the emulator: GES public API, console API and the OpenAPI document."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import routes_console, routes_ges, routes_tools
from .envelope import JSONBytes, dumps


async def openapi_json(request: Request) -> Response:
    from .openapi import document

    em = request.app.state.emulator
    return JSONBytes(dumps(document(em.ges_version)))


def all_routes() -> list[Route]:
    return [
        *routes_ges.routes(),
        *routes_console.routes(),
        *routes_tools.routes(),
        Route("/openapi.json", openapi_json, methods=["GET"]),
    ]
