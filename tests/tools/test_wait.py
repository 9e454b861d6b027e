"""wait_for_ingestion: polls until the job leaves file_processing or the timeout passes, with
progress notifications, on the sandbox's fake clock (its sleep advances the clock)."""

import shutil
import sys
from pathlib import Path

import anyio
import anyio.lowlevel
import pytest
from inline_snapshot import snapshot
from mcp import Client, StdioServerParameters

from seekrflow_sandbox import Sandbox, world
from tests.helpers import HANG, call, connect, server_for, text

pytestmark = pytest.mark.anyio

JOB = world.PROCESSING_JOB
COMMAND = shutil.which("seekrflow-mcp", path=str(Path(sys.executable).parent))
Progress = tuple[float, float | None, str | None]


async def _wait(client: Client, **arguments: object) -> tuple[dict[str, object], str, list[Progress]]:
    seen: list[Progress] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    result = await client.call_tool("wait_for_ingestion", arguments, progress_callback=on_progress)
    assert not result.is_error, text(result)
    assert result.structured_content is not None
    return result.structured_content, text(result), seen


async def test_a_wait_that_times_out_says_so_and_how_to_keep_waiting(client: Client, sandbox: Sandbox) -> None:
    view, said, progress = await _wait(client, job_id=JOB, timeout_seconds=5)
    assert (view["finished"], view["elapsed_seconds"], view["files_settled"], view["files_total"]) == (False, 5.0, 3, 8)
    # Read at 0, 2 and 5 s: the pause grows (2 s, then 3 s), and the last one ends at the timeout.
    # The high end grows once a running file outlasts every finished one (7.5 s by then).
    assert len(sandbox.requests) == 3
    assert progress == [
        (3.0, 8.0, "3 of 8 files settled; time left about 1–21 s"),
        (3.0, 8.0, "3 of 8 files settled; time left about 1–21 s"),
        (3.0, 8.0, "3 of 8 files settled; time left about 1–27 s"),
    ]
    assert view["estimate"] == view["job"]["estimate"]  # type: ignore[index]
    assert view["job"]["suggested_actions"] == []  # type: ignore[index]
    assert view["suggested_actions"] == [
        {
            "tool": "wait_for_ingestion",
            "arguments": {"job_id": JOB, "timeout_seconds": 27},
            "reason": "Ingestion is still in progress: keep waiting for it.",
        }
    ]
    assert said == snapshot("""\
Still ingesting after 5 s (the most this call waits is 5 s): 3 of 8 files settled.

## `Engineering handbook` (dj-2c86e5e6-6daf-4e44-c275-b3a4a4cd6e7f)
Status: file_processing — Files are being ingested: at least one ingestion run is queued or running.
`context_grounded_files` job · created 2026-11-28T11:58Z (1m ago) · updated 2026-11-28T11:59Z (just now)
Not ready to start alignment:
- 5 files still being ingested (2 running, 3 queued); alignment can start only after they finish.
Files: 8 attached — 3 queued, 2 running, 3 completed.
Queue: 3 of this job's files queued (positions 1–3), 2 running.
Time left: about 1–27 s — 3 files queued, 2 running; about 3.8 s a file so far (1.5–6 s, 3 finished), 2 at once.

Ingestion runs, newest first:
- ij-7d9e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f — running, started 2026-11-28T11:59Z (13s ago) — 8 files: 3 completed, 3 queued, 2 running

Recent events, newest first:
- 2026-11-28T11:59Z (13s ago) `File Processing Started`: "Started processing files."
- 2026-11-28T11:58Z (1m ago) `Created`: "Data job created."

Next steps:
- `wait_for_ingestion(job_id="dj-2c86e5e6-6daf-4e44-c275-b3a4a4cd6e7f", timeout_seconds=27)` — Ingestion is still in progress: keep waiting for it.\
""")


async def test_a_wait_until_the_job_is_ready(client: Client, sandbox: Sandbox) -> None:
    start = sandbox.clock.now()
    view, said, progress = await _wait(client, job_id=JOB)
    assert view["finished"] is True
    # The last file ends 15.5 s in; the wait reads at 0, 2, 5, 9.5 and 16.25 s.
    assert view["elapsed_seconds"] == 16.2
    assert (sandbox.clock.now() - start).total_seconds() == 16.25
    assert view["estimate"] is None
    assert [settled for settled, _, _ in progress] == [3, 3, 3, 5, 8]
    assert progress[-1] == (8.0, 8.0, "8 of 8 files settled")
    assert said == snapshot("""\
Ingestion is over (waited 16 s): 8 of 8 files settled; status ready_to_start.

## `Engineering handbook` (dj-2c86e5e6-6daf-4e44-c275-b3a4a4cd6e7f)
Status: ready_to_start — Every file is ingested and every prerequisite is met: alignment can start.
`context_grounded_files` job · created 2026-11-28T11:58Z (1m ago) · updated 2026-11-28T12:00Z (just now)
Ready to start alignment.
Files: 8 attached — 8 completed.

Ingestion runs, newest first:
- ij-7d9e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f — completed, started 2026-11-28T11:59Z (24s ago) — 8 files: 8 completed

Recent events, newest first:
- 2026-11-28T12:00Z (just now) `File Processing Completed`: "Finished processing files."
- 2026-11-28T11:59Z (24s ago) `File Processing Started`: "Started processing files."
- 2026-11-28T11:58Z (1m ago) `Created`: "Data job created."

Next steps:
- `start_alignment(job_id="dj-2c86e5e6-6daf-4e44-c275-b3a4a4cd6e7f")` — Every file is ingested and nothing blocks the job: start alignment.\
""")


async def test_a_job_not_ingesting_is_read_once(client: Client, sandbox: Sandbox) -> None:
    view, said, progress = await _wait(client, job_id=world.NEEDS_REVIEW_JOB, timeout_seconds=45)
    assert (view["finished"], view["elapsed_seconds"]) == (True, 0.0)
    assert len(sandbox.requests) == 1
    assert len(progress) == 1
    assert said.startswith("Ingestion is over (waited 0 s): 13 of 13 files settled; status needs_review.")
    # The job's own next steps: what the job needs now.
    assert [a["tool"] for a in view["suggested_actions"]] == ["summarize_failures", "retry_failed_files"]  # type: ignore[index]


@pytest.mark.parametrize("timeout", [0, 46])
async def test_the_timeout_is_bounded(client: Client, sandbox: Sandbox, timeout: int) -> None:
    result = await call(client, "wait_for_ingestion", job_id=JOB, timeout_seconds=timeout)
    assert result.is_error
    assert "timeout_seconds" in text(result)
    assert sandbox.requests == []


async def test_an_unknown_job_is_an_answer() -> None:
    sandbox = Sandbox()
    async with connect(server_for(sandbox)) as c:
        missing = "dj-00000000-0000-0000-0000-000000000000"
        result = await call(c, "wait_for_ingestion", job_id=missing, timeout_seconds=1)
    assert result.is_error
    assert text(result) == (
        f"Data job {missing} was not found. `list_data_jobs()` shows the jobs this API key can see."
    )


async def test_cancelling_the_call_stops_the_polling(sandbox: Sandbox) -> None:
    # Each pause of the tool ends when the test hands it a ticket, so the test decides when it polls.
    tickets, pauses = anyio.create_memory_object_stream[None](100)

    async def sleep(seconds: float) -> None:
        sandbox.clock.advance(seconds)  # type: ignore[attr-defined]
        await pauses.receive()

    async def until(count: int) -> None:
        with anyio.fail_after(HANG):
            while len(sandbox.requests) < count:
                await anyio.lowlevel.checkpoint()

    with tickets, pauses:
        async with connect(server_for(sandbox, sleep=sleep)) as c, anyio.create_task_group() as group:
            scope = anyio.CancelScope()

            async def waiting() -> None:
                with scope:
                    await c.call_tool("wait_for_ingestion", {"job_id": JOB, "timeout_seconds": 45})

            group.start_soon(waiting)
            await until(1)
            tickets.send_nowait(None)
            await until(2)  # polling: a ticket, a read
            scope.cancel()
            # Were the tool still polling, these tickets would let it read the job five more times.
            for _ in range(5):
                tickets.send_nowait(None)
            for _ in range(100):
                await anyio.lowlevel.checkpoint()
    assert len(sandbox.requests) == 2


@pytest.mark.skipif(COMMAND is None, reason="the console script is not installed")
async def test_progress_reaches_a_client_over_stdio() -> None:
    # The demo's sandbox runs on the real clock: its processing job ingests for about 16 s after
    # start-up, so a 2 s wait begun at once is still waiting and reports at least once.
    assert COMMAND is not None
    seen: list[Progress] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    async with Client(StdioServerParameters(command=COMMAND, args=["serve", "--demo"])) as client:
        with anyio.fail_after(HANG):
            result = await client.call_tool(
                "wait_for_ingestion", {"job_id": JOB, "timeout_seconds": 2}, progress_callback=on_progress
            )
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["finished"] is False
    assert seen
    assert all(total == 8 for _, total, _ in seen)
    assert all(message and message.startswith(f"{int(p)} of 8 files settled") for p, _, message in seen)
