"""A bare Starlette JSON endpoint served exactly as `callback-tui mock-server` serves the emulator.

It uses the emulator's own socket and uvicorn settings (`callback_tui.mock.server._bind` and
`_config`: one worker, pre-bound socket, access log off), so the baseline changes with them.
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BODY = {"status": {"code": 0, "message": "Successful", "corrId": "0" * 36}, "data": {"openFor": 0}}


async def bare(request: Request) -> Response:
    return JSONResponse(BODY)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    from callback_tui.mock.server import _bind, _config

    app = Starlette(routes=[Route("/bare", bare)])
    sock = _bind("127.0.0.1", args.port)
    print(f"bare Starlette listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    # run_forever's settings: access log off, log level info.
    uvicorn.Server(_config(app, access_log=False, log_level="info")).run(sockets=[sock])


if __name__ == "__main__":
    main()
