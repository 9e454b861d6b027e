"""Fixtures every test module may use; shared plain helpers are in helpers.py."""

from collections.abc import AsyncIterator

import pytest
from mcp import Client

from seekrflow_sandbox import FakeClock, Sandbox
from tests.helpers import SCREENSHOTS, SOAK, START, connect, matrix_table, server_for


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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fault matrix (tests/test_faults.py), the soak's counts (tests/test_soak.py) and the
    dashboard's screenshots (tests/apps), when they ran."""
    lines = matrix_table()
    if lines:
        terminalreporter.section("fault matrix")
        for line in lines:
            terminalreporter.write_line(line)
    if SOAK:
        terminalreporter.section("chaos soak")
        terminalreporter.write_line(", ".join(f"{name.replace('_', ' ')}: {value}" for name, value in SOAK.items()))
    for folder in SCREENSHOTS:
        terminalreporter.section("dashboard screenshots")
        terminalreporter.write_line(str(folder))
