"""Logs: one record per tool call (tool, job id, outcome, duration), text or JSON lines on
stderr, and never a key."""

import json
import logging
import shutil
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from seekrflow_mcp.logs import JsonFormatter
from seekrflow_sandbox import Fault, Sandbox, world
from tests.helpers import KEY, call, connect, server_for

pytestmark = pytest.mark.anyio

COMMAND = shutil.which("seekrflow-mcp", path=str(Path(sys.executable).parent))
CALLS = "seekrflow_mcp.calls"


def call_records(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str | None, str]]:
    records = [r for r in caplog.records if r.name == CALLS]
    for r in records:
        assert isinstance(r.duration_ms, float)
        assert r.duration_ms >= 0
    return [(r.tool, r.job_id, r.outcome) for r in records]


async def test_one_record_per_call_with_its_outcome(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=CALLS)
    sandbox.faults.push(Fault("status", status=500, route="list_files"))
    async with connect(server_for(sandbox)) as client:
        await call(client, "get_data_job", job_id=world.NEEDS_REVIEW_JOB)
        await call(client, "list_data_jobs")
        await call(client, "list_files")  # SeekrFlow answers 500
        await call(client, "get_data_job", job_id="../etc\npasswd")  # a malformed id: no request
        await call(client, "get_data_job", job_id=world.NEEDS_REVIEW_JOB, detail="everything")  # fails the schema
        await call(client, "remove_files", job_id=world.NEEDS_REVIEW_JOB, file_ids=[])  # refused by the tool
    assert call_records(caplog) == [
        ("get_data_job", world.NEEDS_REVIEW_JOB, "ok"),
        ("list_data_jobs", None, "ok"),
        ("list_files", None, "error"),
        ("get_data_job", "invalid", "refused"),
        ("get_data_job", world.NEEDS_REVIEW_JOB, "refused"),
        ("remove_files", world.NEEDS_REVIEW_JOB, "refused"),
    ]
    first = next(r for r in caplog.records if r.name == CALLS)
    assert first.getMessage().startswith("get_data_job ok in ")
    assert first.getMessage().endswith(f" ms (job {world.NEEDS_REVIEW_JOB})")
    assert all("\n" not in r.getMessage() for r in caplog.records)


def test_a_json_line_holds_the_record_and_its_fields() -> None:
    record = logging.LogRecord(CALLS, logging.INFO, __file__, 1, "list_files %s", ("ok\u2028x",), None)
    record.__dict__.update(tool="list_files", job_id=None, outcome="ok", duration_ms=12.5)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "\u2028" not in line  # a line break to some readers
    entry = json.loads(line)
    assert entry.pop("time").endswith("+00:00")
    assert entry == {
        "level": "INFO",
        "logger": CALLS,
        "message": "list_files ok\u2028x",
        "tool": "list_files",
        "job_id": None,
        "outcome": "ok",
        "duration_ms": 12.5,
    }


async def test_serve_writes_json_lines_on_stderr_and_never_the_key(tmp_path: Path) -> None:
    assert COMMAND is not None
    key_file = tmp_path / "key"
    key_file.write_text(f"{KEY}\n")
    env = {
        "SEEKRFLOW_MCP_LOG_FORMAT": "json",
        "SEEKRFLOW_MCP_LOG_LEVEL": "DEBUG",
        "SEEKR_API_KEY_FILE": str(key_file),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    params = StdioServerParameters(command=COMMAND, args=["serve", "--demo"], env=env)
    stderr = tmp_path / "stderr"
    with stderr.open("w") as errlog:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            result = await client.call_tool("get_data_job", {"job_id": world.NEEDS_REVIEW_JOB})
            assert not result.is_error
    lines = stderr.read_text().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    calls = [e for e in entries if e["logger"] == CALLS]
    assert [(e["tool"], e["job_id"], e["outcome"]) for e in calls] == [("get_data_job", world.NEEDS_REVIEW_JOB, "ok")]
    assert {e["level"] for e in entries} >= {"INFO", "DEBUG"}
    assert KEY not in stderr.read_text()
    assert "Authorization" not in stderr.read_text()
