"""What stands in front of the API: faults, the request log, latency, then the API key, which
picks the caller's account (its world goes in the scope under `ACCOUNT`).

Faults act before authentication, as a gateway's would. Admin routes (`/_sandbox/…`)
need the key too but are never logged, slowed down or faulted.

A request from the in-process transport carries an `InProcess` in its scope (under
`IN_PROCESS`): what a network would do to it, the gateway raises as an exception the
transport turns into httpx2's (`ConnectionRefused`, `ReadTimedOut`, `ConnectionReset`).
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from http.client import responses

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from seekrflow_sandbox.drift import drifted
from seekrflow_sandbox.faults import Fault, Faults
from seekrflow_sandbox.routes import route_name
from seekrflow_sandbox.store import Store

ADMIN_PREFIX = "/_sandbox"
IN_PROCESS = "seekrflow_sandbox.in_process"
ACCOUNT = "seekrflow_sandbox.account"
CHUNK = 64 * 1024
_JSON = (b"content-type", b"application/json")


def is_admin(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


@dataclass(frozen=True)
class InProcess:
    """Put in the scope by the in-process transport: the request's read timeout, if any."""

    read_timeout: float | None


class ConnectionDropped(Exception):
    """Raised half-way through a response so that the server cuts the connection."""


class ConnectionReset(ConnectionDropped):
    """A cut the in-process transport reports as a reset (over HTTP: a drop)."""


class ConnectionRefused(Exception):
    """In process only: the connection is refused before the app sees the request."""


class ReadTimedOut(Exception):
    """In process only: the client's read timeout ran out during a stall."""


class Gateway:
    def __init__(
        self,
        app: ASGIApp,
        *,
        accounts: Mapping[str, Store],
        faults: Faults,
        requests: list[tuple[str, str]],
    ) -> None:
        self.app = app
        self._accounts = accounts  # the sandbox's own: an account added later is seen
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
        fault = self._faults.next_fault(route_name(method, path))
        if fault is not None and fault.kind == "connect_error" and IN_PROCESS in scope:
            raise ConnectionRefused("sandbox fault: connection refused")
        self._requests.append((method, path))
        if self._faults.latency > 0:
            await self._faults.sleep(self._faults.latency)
        if fault is None:
            await self._authenticated(scope, receive, send)
        elif fault.kind in ("status", "html"):
            await _replacement(fault)(scope, receive, send)
        else:
            await self._mangled(fault, scope, receive, send)

    async def _authenticated(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = Headers(scope=scope).get("authorization")
        store = None if given is None else self._account(given)
        if given is None:
            detail = "Not authenticated: send your API key in the Authorization header."
        elif store is None:
            detail = "Invalid API key."
            if given.lower().startswith("bearer "):
                detail += " Send the key itself in the Authorization header, without 'Bearer'."
        else:
            await self.app({**scope, ACCOUNT: store}, receive, send)
            return
        await JSONResponse({"detail": detail}, status_code=401)(scope, receive, send)

    def _account(self, given: str) -> Store | None:
        """The world of the account whose key was given; every key is compared, in constant time."""
        found = None
        for key, store in list(self._accounts.items()):
            if hmac.compare_digest(given.encode(), key.encode()):
                found = store
        return found

    async def _mangled(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        """Process the request for real, then spoil its response or the way it travels."""
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self._authenticated(scope, receive, keep)
        body = b"".join(chunks)
        headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
        if fault.kind == "malformed_json":
            # A strict prefix of a JSON object is never valid JSON.
            cut = body[: len(body) // 2] or b'{"detail": '
            await Response(cut, status_code=200, media_type="application/json")(scope, receive, send)
        elif fault.kind == "oversize":
            padded = body + b" " * max(fault.size - len(body), 0)
            await _in_chunks(send, 200, [*_unsized(headers, b"content-type"), _JSON], padded)
        elif fault.kind == "drift":
            assert fault.variant is not None  # a Fault of kind drift always has one
            changed = drifted(body, fault.variant)
            if changed is not None:
                headers = [*_unsized(headers), (b"content-length", str(len(changed)).encode())]
            await _whole(send, start["status"], headers, body if changed is None else changed)
        else:
            await self._cut(fault, scope.get(IN_PROCESS), send, start, body)

    async def _cut(self, fault: Fault, in_process: InProcess | None, send: Send, start: Message, body: bytes) -> None:
        """Half the body, then a stall or the end of the connection."""
        half = body[: len(body) // 2]
        await send({"type": "http.response.start", "status": start["status"], "headers": start.get("headers", [])})
        await send({"type": "http.response.body", "body": half, "more_body": True})
        if fault.kind == "stall":
            timeout = in_process.read_timeout if in_process is not None else None
            if timeout is not None and fault.seconds > timeout:
                await self._faults.sleep(timeout)
                raise ReadTimedOut(f"sandbox fault: stalled {fault.seconds} s, past the read timeout of {timeout} s")
            await self._faults.sleep(fault.seconds)
            await send({"type": "http.response.body", "body": body[len(half) :]})
            return
        sent = f"after {len(half)} of {len(body)} bytes"
        if fault.kind == "reset":
            raise ConnectionReset(f"sandbox fault: connection reset {sent}")
        raise ConnectionDropped(f"sandbox fault: connection dropped {sent}")


def _unsized(headers: list[tuple[bytes, bytes]], *also: bytes) -> list[tuple[bytes, bytes]]:
    """The headers without Content-Length (and the others named in `also`)."""
    dropped = {b"content-length", *also}
    return [(name, value) for name, value in headers if name.lower() not in dropped]


async def _whole(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _in_chunks(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    for at in range(0, len(body), CHUNK):
        await send({"type": "http.response.body", "body": body[at : at + CHUNK], "more_body": True})
    await send({"type": "http.response.body", "body": b""})


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
