"""Fixtures every test module may use; shared plain helpers are in helpers.py."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from mcp import Client
from xdist.workermanage import WorkerController

from seekrflow_sandbox import FakeClock, Sandbox
from tests.helpers import MATRIX, SCREENSHOTS, SOAK, START, IdP, connect, matrix_table, serve_http, server_for


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


@pytest.fixture
async def idp() -> AsyncIterator[IdP]:
    """An identity provider whose keys are served on loopback."""
    provider = IdP()
    async with serve_http(provider.app()) as url:
        provider.jwks_url = f"{url}/jwks.json"
        yield provider


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """pyproject's `-n auto`: for the suite or a folder, a worker per core (None: xdist counts
    them). No workers (0) when the command line names files or tests, since starting workers
    takes longer than those run (tests/test_readme.py: 28 s against 10 s on a busy 2-core
    machine), nor for `--inline-snapshot=fix`, which cannot write snapshots under xdist.
    An explicit `-n 2` still runs on two."""
    named = all(not Path(arg.split("::")[0]).is_dir() for arg in config.args)
    fixing = config.getoption("inline_snapshot") not in (None, "disable")
    return 0 if named or fixing else None


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, hand what its tests recorded to the controller, which prints the
    summary: the controller runs no test, so its own records stay empty."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["summary"] = {
            "matrix": [[case, tool, outcome] for (case, tool), outcome in MATRIX.items()],
            "soak": {name: str(value) for name, value in SOAK.items()},
            "screenshots": [str(folder) for folder in SCREENSHOTS],
        }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: WorkerController, error: object) -> None:
    """On the controller, a worker's records as it finishes (none if it crashed)."""
    summary = getattr(node, "workeroutput", {}).get("summary", {})
    MATRIX.update(((case, tool), outcome) for case, tool, outcome in summary.get("matrix", []))
    SOAK.update(summary.get("soak", {}))
    SCREENSHOTS.extend(Path(folder) for folder in summary.get("screenshots", []))


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
