"""Every tool through the official MCP `Client`, in memory, against the sandbox."""

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from inline_snapshot import snapshot
from mcp import Client
from mcp.types import CallToolResult
from pydantic import SecretStr

from seekrflow_mcp.config import Settings
from seekrflow_mcp.sandbox import FakeClock, Fault, Sandbox, world
from seekrflow_mcp.tools import build_server

pytestmark = pytest.mark.anyio

START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
JOB = world.NEEDS_REVIEW_JOB
EMPTY = "file-00000000-0000-0000-0000-000000abc004"  # empty-notes.docx
LOCKED = "file-00000000-0000-0000-0000-000000abc005"  # scanned-contract.pdf
POSTER = "file-00000000-0000-0000-0000-000000abc006"  # poster-a0.pdf
MISSING = "file-00000000-0000-0000-0000-000000abc007"  # missing-upload.pdf
FARE = "file-00000000-0000-0000-0000-000000abc008"  # fare-classes.pptx, temporary outage
LOUNGE = "file-00000000-0000-0000-0000-000000abc00a"  # lounge-access.pdf, internal failure
PETS = "file-00000000-0000-0000-0000-000000abc00b"  # pets-policy.pdf, temporary outage
IROPS = "file-00000000-0000-0000-0000-000000abc009"  # irops-playbook.pdf, failed then retried
OPEN_FAILURES = [EMPTY, LOCKED, POSTER, MISSING, FARE, LOUNGE, PETS]


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(clock=FakeClock(START))


def settings_for(sandbox: Sandbox, **overrides: Any) -> Settings:
    return Settings(api_key=SecretStr(sandbox.api_key), base_url="http://sandbox.test", **overrides)


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[Client]:
    server = build_server(settings_for(sandbox), transport=sandbox.transport(), now=sandbox.clock.now)
    async with Client(server, raise_exceptions=True) as c:
        yield c


def text(result: CallToolResult) -> str:
    assert len(result.content) == 1
    return result.content[0].text  # type: ignore[union-attr]


async def call(client: Client, tool: str, **arguments: Any) -> CallToolResult:
    result = await client.call_tool(tool, arguments)
    result.meta = None  # the server's name and version, not the tool's answer
    return result


def posts(sandbox: Sandbox) -> list[str]:
    return [path for method, path in sandbox.requests if method == "POST"]
