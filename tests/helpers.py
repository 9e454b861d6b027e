"""Every helper the tests share. Test modules import from here, never from one another;
conftest.py holds fixtures only."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import uvicorn
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from starlette.types import ASGIApp

from seekrflow_mcp.config import Settings
from seekrflow_mcp.server import sandbox_server
from seekrflow_sandbox import Sandbox

# Real-shaped API payloads, each checked against the official SDK's models. Kept here so the
# tests run from a clone alone; test_models.py checks they still equal the shared originals.
CONTRACT = Path(__file__).resolve().parent / "contract"
SHARED_CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "contract"

# How long to wait for something that happens at once unless the machine is broken (uvicorn
# binding a loopback port, a stalled sandbox request reaching its stall). Only a hang ever
# reaches it: no passing test waits for it.
HANG = 30.0


# -- uvicorn on loopback --------------------------------------------------------------------


class _Server(uvicorn.Server):
    """A uvicorn server that calls `on_startup` once its start-up is over, however it ended
    (`started` says whether it is listening)."""

    def __init__(self, app: ASGIApp, log_level: str, on_startup: Callable[[], object]) -> None:
        super().__init__(uvicorn.Config(app, host="127.0.0.1", port=0, log_level=log_level, lifespan="off"))
        self._on_startup = on_startup

    async def startup(self, sockets: Any = None) -> None:
        try:
            await super().startup(sockets=sockets)
        finally:
            self._on_startup()

    @property
    def url(self) -> str:
        assert self.started, "uvicorn did not start"
        return f"http://127.0.0.1:{self.servers[0].sockets[0].getsockname()[1]}"


@asynccontextmanager
async def serve_http(app: ASGIApp) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yield its base URL."""
    started = anyio.Event()
    server = _Server(app, "warning", started.set)
    async with anyio.create_task_group() as group:
        group.start_soon(server.serve)
        with anyio.fail_after(HANG):
            await started.wait()
        try:
            yield server.url
        finally:
            server.should_exit = True


@contextmanager
def serve_http_in_thread(app: ASGIApp) -> Iterator[str]:
    """The same for synchronous callers (the SDK) and fixtures wider than one test."""
    started = threading.Event()
    server = _Server(app, "critical", started.set)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert started.wait(HANG), "uvicorn did not start"
    try:
        yield server.url
    finally:
        server.should_exit = True
        thread.join(HANG)


# -- the MCP server against the sandbox, through the official Client -------------------------

START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # the sandbox clock's start in the tool tests
KEY = "sk-sandbox"  # the sandbox's default key: no result may ever show it


def server_for(sandbox: Sandbox, **settings: Any) -> MCPServer[Any]:
    """The MCP server against `sandbox`, on its clock, built as the product builds it; `settings`
    are Settings fields (the key and base URL are the sandbox's)."""
    return sandbox_server(Settings(**settings), sandbox)


@asynccontextmanager
async def connect(server: MCPServer[Any]) -> AsyncIterator[Client]:
    async with Client(server, raise_exceptions=True) as c:
        yield c


def text(result: CallToolResult) -> str:
    assert len(result.content) == 1
    return result.content[0].text  # type: ignore[union-attr]


def assert_clean(result: CallToolResult, *secrets: str) -> None:
    """What no result may ever be: a traceback, a secret, or the SDK's bare crash message."""
    said = text(result) + json.dumps(result.structured_content)
    assert "Traceback" not in said
    for secret in (KEY, *secrets):
        assert secret not in said
    assert not re.fullmatch(r"Error executing tool \w+", text(result).strip())


async def call(client: Client, tool: str, **arguments: Any) -> CallToolResult:
    result = await client.call_tool(tool, arguments)
    result.meta = None  # the server's name and version, not the tool's answer
    assert_clean(result)
    return result


def posts(sandbox: Sandbox) -> list[str]:
    return [path for method, path in sandbox.requests if method == "POST"]
