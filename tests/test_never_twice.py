"""A change is sent at most once per tool call, whatever happens to it on the way.

Each write tool's change request meets a fault that leaves its outcome unknown (the server
failed, timed out, or cut the answer after doing the work): it must reach the sandbox once,
never again in the same call, and the result must say the outcome is unknown and give the
exact read that checks it. A connection refused never reaches the sandbox: that is retried,
and the result says nothing was changed.
"""

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from mcp import Client

from seekrflow_sandbox import FakeClock, Fault, Sandbox
from tests.helpers import START, TOOL_CALLS, advancing, call, connect, server_for, text

pytestmark = pytest.mark.anyio

# Each write tool, and the API route its change goes to.
WRITES = {
    "add_files": "add_files",
    "remove_files": "remove_files",
    "retry_failed_files": "add_files",
    "start_alignment": "start_data_job",
    "upload_file": "upload_file",
}
UNKNOWN_OUTCOME = {
    "500": Fault(kind="status", status=500),
    "502": Fault(kind="status", status=502),
    "503": Fault(kind="status", status=503),
    "504": Fault(kind="status", status=504),
    "HTML error page": Fault(kind="html", status=502),
    "read timeout": Fault(kind="stall", seconds=600),
    "reset mid-body": Fault(kind="reset"),
    "dropped mid-body": Fault(kind="drop"),
    "malformed JSON": Fault(kind="malformed_json"),
    "HTML page as 200": Fault(kind="html", status=200),
    "drifted answer": Fault(kind="drift", variant="null_lists"),
}


@pytest.fixture
def roots(tmp_path: Path) -> Path:
    (tmp_path / "refund-rules-v3.pdf").write_bytes(b"%PDF-1.7 " + b"x" * 2000)
    return tmp_path


@pytest.fixture
def sandbox() -> Sandbox:
    sandbox = Sandbox(clock=FakeClock(START))
    sandbox.faults.sleep = advancing(sandbox)
    return sandbox


@pytest.fixture
async def client(sandbox: Sandbox, roots: Path) -> AsyncIterator[Client]:
    # Retries as configured by default: a retried change would show in the request log.
    async with connect(server_for(sandbox, upload_roots=[roots])) as c:
        yield c


def sent(sandbox: Sandbox, route: str) -> int:
    from seekrflow_sandbox.routes import route_name

    return sum(route_name(method, path) == route for method, path in sandbox.requests)


@pytest.mark.parametrize("fault", list(UNKNOWN_OUTCOME))
@pytest.mark.parametrize("tool", list(WRITES))
async def test_a_change_whose_outcome_is_unknown_is_sent_once(
    sandbox: Sandbox, client: Client, tool: str, fault: str
) -> None:
    route = WRITES[tool]
    for _ in range(4):
        sandbox.faults.push(Fault(**{**UNKNOWN_OUTCOME[fault].__dict__, "route": route}))
    result = await call(client, tool, **TOOL_CALLS[tool][1])
    assert sent(sandbox, route) == 1
    said = text(result)
    if fault == "drifted answer":
        return  # an answer that reads with what is known is an answer: the change was made
    assert result.is_error is True
    if tool == "upload_file":
        assert said.endswith(
            'Before uploading it again, `list_files(name_contains="refund-rules-v3.pdf")` shows whether it arrived.'
        )
    else:
        job_id = TOOL_CALLS[tool][1]["job_id"]
        assert said.endswith(f'Check with `get_data_job(job_id="{job_id}")` before repeating it.')
    assert re.search(r"may or may not have been applied|probably applied", said)


@pytest.mark.parametrize("tool", list(WRITES))
async def test_a_change_refused_at_connect_is_retried_and_sent_once(
    sandbox: Sandbox, client: Client, tool: str
) -> None:
    route = WRITES[tool]
    sandbox.faults.push(Fault(kind="connect_error", route=route))
    result = await call(client, tool, **TOOL_CALLS[tool][1])
    assert result.is_error is not True, text(result)
    assert sent(sandbox, route) == 1


@pytest.mark.parametrize("tool", list(WRITES))
async def test_a_change_that_never_reached_seekrflow_says_nothing_changed(
    sandbox: Sandbox, client: Client, tool: str
) -> None:
    route = WRITES[tool]
    for _ in range(4):
        sandbox.faults.push(Fault(kind="connect_error", route=route))
    result = await call(client, tool, **TOOL_CALLS[tool][1])
    assert result.is_error is True
    assert sent(sandbox, route) == 0
    assert "could not be reached" in text(result)
    assert f"Call `{tool}(" in text(result)
