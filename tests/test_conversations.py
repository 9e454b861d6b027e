"""Five conversations, each from the user's first question to its end, through the real client
against the sandbox, following only the Next steps the tools print (the first one each time).
Each counts the calls after the first question: the target is four at most."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from seekrflow_sandbox import FakeClock, Sandbox, world
from tests.helpers import START, call, connect, seed_job, server_for, text

pytestmark = pytest.mark.anyio

OUTAGE = ("Service temporarily unavailable.", None)
EMPTY = ("The file appears to be empty.", None)
LOCKED = ("The PDF may be corrupted, password-protected, or in an unsupported format.", None)
TARGET = 4


async def follow(client: Client, result: Any, limit: int = 8) -> tuple[list[str], Any]:
    """Make the first Next step of each result until there is none: the calls made, the last result."""
    calls: list[str] = []
    while result.structured_content["suggested_actions"] and len(calls) < limit:
        step = result.structured_content["suggested_actions"][0]
        result = await call(client, step["tool"], **step["arguments"])
        assert result.is_error is not True, text(result)
        calls.append(step["tool"])
        if step["tool"] == "start_alignment":
            break
    return calls, result


async def test_a_transient_failure_retried_to_alignment_started(client: Client, sandbox: Sandbox) -> None:
    job, _ = seed_job(sandbox, {"fares.pdf": [OUTAGE]})
    calls, last = await follow(client, await call(client, "summarize_failures", job_id=job))
    assert calls == ["retry_failed_files", "wait_for_ingestion", "start_alignment"]
    assert last.structured_content["started"] is True
    assert len(calls) <= TARGET


async def test_a_password_protected_pdf_replaced_by_an_upload(sandbox: Sandbox, tmp_path: Path) -> None:
    job, ids = seed_job(sandbox, {"contract.pdf": [LOCKED]})
    corrected = tmp_path / "contract-unlocked.pdf"
    corrected.write_bytes(b"%PDF-1.7 unlocked" * 100)
    async with connect(server_for(sandbox, upload_roots=[tmp_path])) as client:
        summary = await call(client, "summarize_failures", job_id=job)
        assert "password-protected" in text(summary)
        # The user hands over the corrected file; from there, only the Next steps.
        uploaded = await call(client, "upload_file", path=str(corrected), job_id=job)
        calls, last = await follow(client, uploaded)
    calls = ["upload_file", *calls]
    # Five, one over the target: the upload and the attach are two calls by design (the upload
    # returns the call that attaches it), then the removal, the wait and the start.
    assert calls == ["upload_file", "add_files", "remove_files", "wait_for_ingestion", "start_alignment"]
    assert last.structured_content["started"] is True
    assert ids["contract.pdf"] not in text(last)


async def test_broken_files_removed_and_alignment_started(client: Client, sandbox: Sandbox) -> None:
    job, _ = seed_job(sandbox, {"blank.pdf": [EMPTY], "locked.pdf": [LOCKED]})
    calls, last = await follow(client, await call(client, "summarize_failures", job_id=job))
    assert calls == ["remove_files", "start_alignment"]
    assert last.structured_content["started"] is True


async def test_a_missing_system_prompt_is_the_users_to_set(client: Client) -> None:
    summary = await call(client, "summarize_failures", job_id=world.MISSING_PROMPT_JOB)
    calls, _ = await follow(client, summary)
    assert calls == []
    said = text(summary)
    assert "no system prompt" in said
    assert "set one on the job in SeekrFlow" in said
    assert "No call of this server can clear this: it needs you in SeekrFlow" in said


async def test_a_job_whose_every_file_failed(client: Client, sandbox: Sandbox) -> None:
    job, _ = seed_job(sandbox, {"a.pdf": [OUTAGE], "b.pdf": [OUTAGE], "c.pdf": [EMPTY]})
    sandbox.store.jobs[job].attached.pop(f"file-test-{len(sandbox.store.jobs) - 1:04}-ok", None)
    calls, last = await follow(client, await call(client, "summarize_failures", job_id=job))
    assert calls == ["retry_failed_files", "remove_files", "wait_for_ingestion", "start_alignment"]
    assert last.structured_content["started"] is True
    assert len(calls) <= TARGET


def test_the_fake_clock_is_what_waits_move() -> None:
    assert isinstance(Sandbox(clock=FakeClock(START)).clock, FakeClock)
