"""The write scope, checked before a writing tool runs.

The SDK requires `seekrflow:read` of every request; which tool a request calls is in its body
(only 2026-07-28 clients also send `Mcp-Name`), so this layer reads the JSON-RPC body, refuses
a call to a tool that changes a job unless the token also holds `seekrflow:write`, and hands
the body on untouched. A body it cannot read (too large, not JSON) goes on for the SDK to answer.
"""

from __future__ import annotations

import json
import time
from typing import Any

from mcp.server.auth.provider import TokenVerifier
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from seekrflow_mcp.remote.auth import READ_SCOPE, WRITE_SCOPE

_NEEDED = f"{READ_SCOPE} {WRITE_SCOPE}"
_DESCRIPTION = f"This tool changes a data job: it needs the scopes {READ_SCOPE} and {WRITE_SCOPE}."


class WriteScopeGate:
    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str,
        verifier: TokenVerifier,
        reading: frozenset[str],
        max_body: int,
        resource_metadata: str | None = None,
    ) -> None:
        self.app, self.path, self.verifier, self.reading = app, path, verifier, reading
        self.max_body, self.resource_metadata = max_body, resource_metadata

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        body, read, whole = await self._read(receive)
        replay = _replaying(read, receive)
        if whole and self._writes(body) and not await self._may_write(scope):
            await self._refuse(send)
            return
        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> tuple[bytes, list[Message], bool]:
        """The body (up to `max_body`), the messages read for it, and whether it is whole."""
        read: list[Message] = []
        size = 0
        while True:
            message = await receive()
            read.append(message)
            if message["type"] != "http.request":
                return b"", read, False
            size += len(message.get("body", b""))
            if size > self.max_body:
                return b"", read, False
            if not message.get("more_body", False):
                return b"".join(m.get("body", b"") for m in read), read, True

    def _writes(self, body: bytes) -> bool:
        """Whether the body calls a tool that is not known to only read (a batch: any of them)."""
        try:
            parsed = json.loads(body)
        except ValueError:
            return False
        messages = parsed if isinstance(parsed, list) else [parsed]
        return any(self._tool_name(m) not in (None, *self.reading) for m in messages)

    @staticmethod
    def _tool_name(message: Any) -> str | None:
        if not isinstance(message, dict) or message.get("method") != "tools/call":
            return None
        params = message.get("params")
        name = params.get("name") if isinstance(params, dict) else None
        return name if isinstance(name, str) else None

    async def _may_write(self, scope: Scope) -> bool:
        """False only for a token the SDK would accept that lacks a scope; any other caller goes
        on, for the SDK to answer 401."""
        header = next((value for key, value in scope["headers"] if key == b"authorization"), b"")
        scheme, _, token = header.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return True
        access = await self.verifier.verify_token(token)
        if access is None or (access.expires_at is not None and access.expires_at < int(time.time())):
            return True
        return {READ_SCOPE, WRITE_SCOPE} <= set(access.scopes)

    async def _refuse(self, send: Send) -> None:
        # RFC 6750 §3.1: 403 insufficient_scope, naming the scopes the request needs.
        challenge = f'Bearer error="insufficient_scope", scope="{_NEEDED}", error_description="{_DESCRIPTION}"'
        if self.resource_metadata:
            challenge += f', resource_metadata="{self.resource_metadata}"'
        body = json.dumps({"error": "insufficient_scope", "error_description": _DESCRIPTION}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", challenge.encode()),
        ]
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _replaying(read: list[Message], receive: Receive) -> Receive:
    """`receive` as if nothing had been read from it yet."""
    pending = list(read)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay
