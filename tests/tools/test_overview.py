"""The overview of every job needing review (`summarize_failures()` with no job): it reads all
of them, not the first few, and says so when a cap leaves some unread."""

from __future__ import annotations

import pytest
from mcp import Client

from seekrflow_mcp.tools import reads
from seekrflow_sandbox import Sandbox
from tests.helpers import call, seed_job, text

pytestmark = pytest.mark.anyio

EMPTY = ("The file appears to be empty.", "Upload a file with content.")
SEEDED = 40  # more than the 25 an overview once read


def seed(sandbox: Sandbox) -> dict[str, int]:
    """`SEEDED` jobs needing review, job i with i % 3 + 1 empty files; each job's open failures by id."""
    seeded: dict[str, int] = {}
    for i in range(SEEDED):
        failures = {f"blank-{n}.pdf": [EMPTY] for n in range(i % 3 + 1)}
        job_id, _ = seed_job(sandbox, failures, name=f"Overview job {i}")
        seeded[job_id] = len(failures)
    return seeded


def needing_review(view: dict[str, object]) -> int:
    return len(view["jobs"]) + view["more_jobs"] + len(view["unreadable_jobs"])  # type: ignore[arg-type, operator]


async def test_the_overview_reads_every_job_needing_review(client: Client, sandbox: Sandbox) -> None:
    before = (await call(client, "summarize_failures")).structured_content
    assert before is not None
    seeded = seed(sandbox)
    sandbox.requests.clear()

    result = await call(client, "summarize_failures")
    view = result.structured_content
    assert view is not None
    jobs = needing_review(before) + SEEDED
    assert needing_review(view) == jobs
    assert view["unread_jobs"] == 0
    assert view["open_failures"] == before["open_failures"] + sum(seeded.values())
    read = {path.rsplit("/", 1)[1] for method, path in sandbox.requests if method == "GET"}
    assert set(seeded) <= read
    assert f"{view['open_failures']} open failures in {jobs} jobs needing review" in text(result)
    # Empty files failed in every seeded job: one cause across them all.
    empty = next(c for c in view["across_jobs"] if c["cause"] == "empty_file")
    assert empty["jobs"] >= SEEDED


async def test_a_cap_on_the_jobs_read_is_said(
    client: Client, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(sandbox)
    monkeypatch.setattr(reads, "OVERVIEW_JOBS", 30)
    result = await call(client, "summarize_failures")
    view = result.structured_content
    assert view is not None
    jobs = needing_review(view)
    assert view["unread_jobs"] == jobs - 30 > 0
    assert f"30 jobs read of the {jobs} needing review" in text(result)
    gets = [path for method, path in sandbox.requests if method == "GET" and "/data-jobs/" in path]
    assert len(gets) == 30
