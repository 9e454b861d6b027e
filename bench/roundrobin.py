"""A round-robin reverse proxy on loopback: each request goes to the next replica in turn.

What any load balancer does without sticky sessions, so that two replicas of the server
serve one MCP client with its calls (and a confirmation's round trip) split between them.
Bodies stream both ways, Server-Sent Events included. For bench/load.py and the replica tests.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import httpx2
from starlette.types import Receive, Scope, Send

# Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own; the rest pass through.
_HOP = frozenset({b"connection", b"keep-alive", b"transfer-encoding", b"te", b"trailer", b"upgrade", b"host"})


class RoundRobin:
    def __init__(self, replicas: Sequence[str]) -> None:
        self.replicas = list(replicas)
        self._next = itertools.cycle(self.replicas)
        self.sent: list[str] = []  # which replica each request went to, in order
        self._http = httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=300), limits=httpx2.Limits(max_connections=500))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        replica = next(self._next)
        self.sent.append(replica)
        query = scope.get("query_string", b"").decode()
        request = self._http.build_request(
            scope["method"],
            replica + scope["path"] + (f"?{query}" if query else ""),
            headers=[(k, v) for k, v in scope["headers"] if k.lower() not in _HOP],
            content=body,
        )
        response = await self._http.send(request, stream=True)
        try:
            headers = [(k, v) for k, v in response.headers.raw if k.lower() not in _HOP]
            await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()
