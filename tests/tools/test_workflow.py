"""retry_failed_files and start_alignment: in as many requests as needed, never sent twice."""

from __future__ import annotations

import pytest
from mcp import Client

from seekrflow_sandbox import Fault, Sandbox, world
from tests.helpers import call, posts, seed_job, text

pytestmark = pytest.mark.anyio

OUTAGE = ("Service temporarily unavailable.", None)


async def test_any_number_of_failures_is_one_call_of_many_requests(client: Client, sandbox: Sandbox) -> None:
    job, _ = seed_job(sandbox, {f"doc-{n:03}.pdf": [OUTAGE] for n in range(250)})
    result = await call(client, "retry_failed_files", job_id=job)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{job}/add-files"] * 3
    view = result.structured_content
    assert view is not None
    assert (view["applied"], len(view["file_ids"]), view["more_file_ids"]) == (True, 100, 150)
    assert (len(view["changed"]), view["more_changed"]) == (25, 225)
    assert "Retried 250 files:" in text(result)
    assert "… and 225 more" in text(result)


async def test_a_failed_retry_request_is_not_sent_again_and_names_the_read(client: Client, sandbox: Sandbox) -> None:
    job, _ = seed_job(sandbox, {f"doc-{n:03}.pdf": [OUTAGE] for n in range(150)})
    sandbox.faults.push(Fault(kind="status", status=500, route="add_files"))
    first = await call(client, "retry_failed_files", job_id=job)
    assert first.is_error is True
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{job}/add-files"]  # a 5xx on a change is never re-sent
    assert f'`get_data_job(job_id="{job}")`' in text(first)


async def test_a_start_is_refused_with_its_blockers_when_the_job_is_not_ready(client: Client, sandbox: Sandbox) -> None:
    result = await call(client, "start_alignment", job_id=world.NEEDS_REVIEW_JOB)
    assert posts(sandbox) == []
    view = result.structured_content
    assert view is not None
    assert view["started"] is False
    assert [b["code"] for b in view["blockers"]] == ["open_failures"]
    assert view["suggested_actions"][0]["tool"] == "retry_failed_files"
    assert "Nothing was started." in text(result)


async def test_a_start_is_sent_once_even_when_its_answer_is_lost(client: Client, sandbox: Sandbox) -> None:
    sandbox.faults.push(Fault(kind="drop", route="start_data_job"))
    result = await call(client, "start_alignment", job_id=world.READY_JOB)
    assert result.is_error is True
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{world.READY_JOB}/start"]
    assert "may or may not have been applied" in text(result)
    assert f'`get_data_job(job_id="{world.READY_JOB}")`' in text(result)
    again = await call(client, "start_alignment", job_id=world.READY_JOB)
    assert "has already started" in text(again)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{world.READY_JOB}/start"]
