"""The installed command over a real stdio subprocess, as an MCP host runs it."""

import shutil
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from seekrflow_sandbox import world

pytestmark = pytest.mark.anyio

COMMAND = shutil.which("seekrflow-mcp", path=str(Path(sys.executable).parent))


async def test_serve_demo_over_stdio() -> None:
    assert COMMAND is not None, "the console script is installed next to the interpreter"
    async with Client(StdioServerParameters(command=COMMAND, args=["serve", "--demo"])) as client:
        assert client.server_info.name == "seekrflow"
        assert "list_data_jobs" in (client.instructions or "")
        tools = {tool.name for tool in (await client.list_tools()).tools}
        assert tools == {
            "list_data_jobs",
            "get_data_job",
            "summarize_failures",
            "wait_for_ingestion",
            "list_files",
            "add_files",
            "remove_files",
            "retry_failed_files",
            "start_alignment",
            "refresh_data_job",
        }

        listed = await client.call_tool("list_data_jobs", {"status": ["needs_review"]})
        assert not listed.is_error
        assert world.NEEDS_REVIEW_JOB in {job["id"] for job in listed.structured_content["jobs"]}

        job = await client.call_tool("get_data_job", {"job_id": world.NEEDS_REVIEW_JOB})
        assert job.content[0].text.startswith(f"## `Customer support refresh` ({world.NEEDS_REVIEW_JOB})")
        assert job.structured_content["open_failures"] == 7

        failures = await client.call_tool("summarize_failures", {"job_id": world.NEEDS_REVIEW_JOB})
        assert "7 open failures in 6 causes; 1 resolved by a later retry." in failures.content[0].text

        missing = await client.call_tool("get_data_job", {"job_id": "dj-00000000-0000-0000-0000-000000000000"})
        assert missing.is_error
        assert missing.content[0].text == (
            "Data job dj-00000000-0000-0000-0000-000000000000 was not found. "
            "`list_data_jobs()` shows the jobs this API key can see."
        )


async def test_serve_read_only_over_stdio() -> None:
    assert COMMAND is not None
    params = StdioServerParameters(command=COMMAND, args=["serve", "--demo", "--read-only"])
    async with Client(params) as client:
        tools = {tool.name for tool in (await client.list_tools()).tools}
    assert tools == {
        "list_data_jobs",
        "get_data_job",
        "summarize_failures",
        "wait_for_ingestion",
        "list_files",
        "refresh_data_job",
    }
