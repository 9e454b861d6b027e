"""What stands in front of the API: the request log, latency, faults, then the API key.

Faults act before authentication, as a gateway's would. Admin routes (`/_sandbox/…`)
need the key too but are never logged, slowed down or faulted.
"""

from __future__ import annotations

import hmac
from http.client import responses

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from seekrflow_sandbox.faults import Fault, Faults
from seekrflow_sandbox.routes import route_name

ADMIN_PREFIX = "/_sandbox"


def is_admin(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


class ConnectionDropped(Exception):
    """Raised half-way through a response so that the server cuts the connection."""


class Gateway:
    def __init__(
        self,
        app: ASGIApp,
        *,
        api_key: str,
        faults: Faults,
        requests: list[tuple[str, str]],
    ) -> None:
        self.app = app
        self._api_key = api_key.encode()
        self._faults = faults
        self._requests = requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        if is_admin(path):
            await self._authenticated(scope, receive, send)
            return
        self._requests.append((method, path))
        if self._faults.latency > 0:
            await self._faults.sleep(self._faults.latency)
        route = route_name(method, path)
        fault = self._faults.take(route)
        if fault is None and self._faults.roll(route):
            fault = Fault(kind="status", status=503, detail="Service temporarily unavailable.")
        if fault is None:
            await self._authenticated(scope, receive, send)
        elif fault.kind in ("status", "html"):
            await _replacement(fault)(scope, receive, send)
        else:
            await self._mangled(fault, scope, receive, send)

    async def _authenticated(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = Headers(scope=scope).get("authorization")
        if given is None:
            detail = "Not authenticated: send your API key in the Authorization header."
        elif not hmac.compare_digest(given.encode(), self._api_key):
            detail = "Invalid API key."
            if given.lower().startswith("bearer "):
                detail += " Send the key itself in the Authorization header, without 'Bearer'."
        else:
            await self.app(scope, receive, send)
            return
        await JSONResponse({"detail": detail}, status_code=401)(scope, receive, send)

    async def _mangled(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        """Process the request for real, then spoil the way its response travels."""
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self._authenticated(scope, receive, keep)
        body = b"".join(chunks)
        half = body[: len(body) // 2]
        if fault.kind == "malformed_json":
            # A strict prefix of a JSON object is never valid JSON.
            cut = half or b'{"detail": '
            await Response(cut, status_code=200, media_type="application/json")(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": start["status"], "headers": start.get("headers", [])})
        await send({"type": "http.response.body", "body": half, "more_body": True})
        if fault.kind == "stall":
            await self._faults.sleep(fault.seconds)
            await send({"type": "http.response.body", "body": body[len(half) :]})
            return
        raise ConnectionDropped(f"sandbox fault: connection dropped after {len(half)} of {len(body)} bytes")


def _replacement(fault: Fault) -> Response:
    headers = {"retry-after": fault.retry_after} if fault.retry_after is not None else None
    if fault.kind == "html":
        status = fault.status or 502
        title = f"{status} {responses.get(status, 'Error')}"
        page = fault.body or (
            f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            "<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
        )
        return HTMLResponse(page, status_code=status, headers=headers)
    status = fault.status or 503
    if fault.body is not None:
        return PlainTextResponse(fault.body, status_code=status, headers=headers)
    return JSONResponse({"detail": fault.detail or responses.get(status, "Error")}, status_code=status, headers=headers)
