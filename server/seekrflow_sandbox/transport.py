"""An httpx2 transport that calls the sandbox in-process, with transport-level faults.

`drop` becomes the `httpx2.RemoteProtocolError` a cut connection gives, and a queued
`connect_error` fault becomes `httpx2.ConnectError` before the app sees the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx2

from seekrflow_sandbox.gateway import ConnectionDropped, is_admin
from seekrflow_sandbox.routes import route_name

if TYPE_CHECKING:
    from seekrflow_sandbox import Sandbox


class SandboxTransport(httpx2.AsyncBaseTransport):
    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox
        self._asgi = httpx2.ASGITransport(app=sandbox.app)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        path = request.url.path
        if not is_admin(path) and self._sandbox.faults.take(route_name(request.method, path), only="connect_error"):
            raise httpx2.ConnectError("sandbox fault: connection refused", request=request)
        try:
            return await self._asgi.handle_async_request(request)
        except ConnectionDropped as exc:
            raise httpx2.RemoteProtocolError(str(exc), request=request) from exc

    async def aclose(self) -> None:
        await self._asgi.aclose()
