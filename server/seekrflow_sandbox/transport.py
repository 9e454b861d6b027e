"""An httpx2 transport that calls the sandbox in-process, with what a network would add.

It tells the app the request's read timeout (`gateway.InProcess`) and turns the gateway's
network faults into httpx2's errors: `connect_error` into `ConnectError` (the app never
sees the request), a stall past the read timeout into `ReadTimeout`, `reset` into
`ReadError` and `drop` into the `RemoteProtocolError` a cut connection gives. A response
body reaches the client in the chunks the app sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import anyio
import httpx2

from seekrflow_sandbox.gateway import (
    IN_PROCESS,
    ConnectionDropped,
    ConnectionRefused,
    ConnectionReset,
    InProcess,
    ReadTimedOut,
)

if TYPE_CHECKING:
    from starlette.types import Message

    from seekrflow_sandbox import Sandbox


class SandboxTransport(httpx2.AsyncBaseTransport):
    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        try:
            return await _call(self._sandbox, request)
        except ConnectionRefused as exc:
            raise httpx2.ConnectError(str(exc), request=request) from exc
        except ReadTimedOut as exc:
            raise httpx2.ReadTimeout(str(exc), request=request) from exc
        except ConnectionReset as exc:
            raise httpx2.ReadError(f"[Errno 104] Connection reset by peer ({exc})", request=request) from exc
        except ConnectionDropped as exc:
            raise httpx2.RemoteProtocolError(str(exc), request=request) from exc


async def _call(sandbox: Sandbox, request: httpx2.Request) -> httpx2.Response:
    """Run the app on one request as an ASGI server would."""
    assert isinstance(request.stream, httpx2.AsyncByteStream)
    timeout: dict[str, float | None] = request.extensions.get("timeout", {})
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "scheme": request.url.scheme,
        "path": request.url.path,
        "raw_path": request.url.raw_path.split(b"?")[0],
        "query_string": request.url.query,
        "server": (request.url.host, request.url.port),
        "client": ("127.0.0.1", 123),
        "root_path": "",
        IN_PROCESS: InProcess(read_timeout=timeout.get("read")),
    }
    body = request.stream.__aiter__()
    sent_all = False
    start: Message = {}
    chunks: list[bytes] = []
    complete = anyio.Event()

    async def receive() -> Message:
        nonlocal sent_all
        if sent_all:
            await complete.wait()
            return {"type": "http.disconnect"}
        try:
            return {"type": "http.request", "body": await body.__anext__(), "more_body": True}
        except StopAsyncIteration:
            sent_all = True
            return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            if message.get("body") and request.method != "HEAD":
                chunks.append(message["body"])
            if not message.get("more_body", False):
                complete.set()

    await sandbox.app(scope, receive, send)
    assert complete.is_set(), "the app returned before its response was complete"
    return httpx2.Response(start["status"], headers=start.get("headers", []), stream=_Chunks(chunks))


class _Chunks(httpx2.AsyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            yield chunk
