"""Fixtures every test module may use; shared plain helpers are in helpers.py."""

from collections.abc import AsyncIterator

import pytest
from mcp import Client

from seekrflow_sandbox import FakeClock, Sandbox
from tests.helpers import START, connect, server_for


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sandbox() -> Sandbox:
    """The seeded world on a fake clock at START."""
    return Sandbox(clock=FakeClock(START))


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[Client]:
    """The official MCP client, in memory, on a server backed by `sandbox`."""
    async with connect(server_for(sandbox)) as c:
        yield c
