"""The time left while files ingest: the pure estimate, and whether it brackets the sandbox's real time."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from mcp import Client

from seekrflow_mcp.render.estimates import estimate_line, span
from seekrflow_mcp.triage.estimate import estimate
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_sandbox import Sandbox, world
from tests.helpers import attached, call, record, synthetic

NOW = datetime(2025, 11, 14, 12, 5, tzinfo=UTC)
A, B, C, D, E = (f"file-00000000-0000-0000-0000-00000000e00{n}" for n in range(1, 6))


def _at(seconds: float) -> str:
    """`seconds` before NOW."""
    return (NOW - timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def done(file_id: str, started: float, ended: float) -> dict[str, Any]:
    return record(file_id, "completed", _at(30), processing_at=_at(started), completed_at=_at(ended))


def running(file_id: str, started: float) -> dict[str, Any]:
    return record(file_id, "running", _at(30), processing_at=_at(started))


def queued(file_id: str, position: int | None) -> dict[str, Any]:
    return record(file_id, "queued", _at(30), queue_position=position)


def test_no_estimate_when_nothing_is_queued_or_running() -> None:
    detail = synthetic([attached(A)], [done(A, 20, 10)])
    assert estimate(job_facts(detail), NOW) is None


def test_no_estimate_yet_when_nothing_has_finished() -> None:
    detail = synthetic([attached(A), attached(B)], [running(A, 3), queued(B, 4)])
    found = estimate(job_facts(detail), NOW)
    assert found is not None
    assert (found.low_seconds, found.high_seconds, found.queued, found.running) == (None, None, 1, 1)
    assert estimate_line(found) == (
        "Time left: no estimate yet — 1 file queued, 1 running; none of them has finished yet, "
        "so there is no pace to learn from."
    )


def test_two_at_once_learnt_from_overlapping_records() -> None:
    # A and B ran side by side for 10 s each; C runs; D and E wait at positions 1 and 2.
    records = [done(A, 20, 10), done(B, 20, 10), running(C, 4), queued(D, 1), queued(E, 2)]
    detail = synthetic([attached(f) for f in (A, B, C, D, E)], records)
    found = estimate(job_facts(detail), NOW)
    assert found is not None
    assert found.at_once == 2
    # low: a whole file for the last queued one (more than 26 s of work over twice 2 workers);
    # high: (1 running + 2 queued) × 10 s / 2 + 10 s for the last file to run alone.
    assert (found.low_seconds, found.high_seconds) == (10, 25)
    assert estimate_line(found) == (
        "Time left: about 10–25 s — 2 files queued, 1 running; about 10 s a file so far (10 s, 2 finished), 2 at once."
    )


def test_one_at_a_time_when_records_never_overlapped() -> None:
    records = [done(A, 30, 20), done(B, 20, 10), queued(C, 1)]
    detail = synthetic([attached(f) for f in (A, B, C)], records)
    found = estimate(job_facts(detail), NOW)
    assert found is not None
    assert (found.at_once, found.low_seconds, found.high_seconds) == (1, 10, 20)


def test_records_of_other_jobs_ahead_in_the_queue_count() -> None:
    # This job's one queued file waits behind 9 others: all 10 must run first.
    detail = synthetic([attached(A), attached(B)], [done(A, 20, 10), queued(B, 10)])
    found = estimate(job_facts(detail), NOW)
    assert found is not None
    # low: 10 files × 10 s over twice the 1 worker seen; high: over the 1 worker, plus one file.
    assert (found.low_seconds, found.high_seconds) == (50, 110)
    assert estimate_line(found).startswith("Time left: up to about 2 minutes — 1 file queued;")


def test_a_file_with_no_record_yet_is_waiting() -> None:
    detail = synthetic([attached(A), attached(B, record_id=None), attached(C)], [done(A, 20, 10), running(C, 2)])
    found = estimate(job_facts(detail), NOW)
    assert found is not None
    assert (found.queued, found.running) == (1, 1)


def test_a_running_file_that_outlasts_every_finished_one_widens_the_range() -> None:
    records = [done(A, 40, 30), running(B, 25), queued(C, 1)]
    detail = synthetic([attached(f) for f in (A, B, C)], records)
    found = estimate(job_facts(detail), NOW)
    assert found is not None
    # B has run 25 s, so a file may take 25 s: (1 + 1) × 25 + 25.
    assert found.high_seconds == 75


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (2, 21, "about 2–21 s"),
        (0, 14, "up to about 14 s"),
        (7, 7, "about 7 s"),
        (185, 290, "about 3–5 minutes"),
        (30, 100, "up to about 2 minutes"),
    ],
)
def test_span_rounds_outwards(low: int, high: int, words: str) -> None:
    assert span(low, high) == words


# -- against the sandbox: the range holds the time the job really took ----------------------


async def _bracket(client: Client, sandbox: Sandbox, job_id: str) -> tuple[float, int, int]:
    """Advance until the job has an estimate, take it, advance until the job stops processing;
    (the real time left, low, high)."""
    for _ in range(600):
        view = (await call(client, "get_data_job", job_id=job_id)).structured_content
        assert view is not None
        assert view["status"] == "file_processing"
        if view["estimate"]["low_seconds"] is not None:
            break
        sandbox.clock.advance(0.1)  # type: ignore[attr-defined]
    taken = sandbox.clock.now()
    low, high = view["estimate"]["low_seconds"], view["estimate"]["high_seconds"]
    for _ in range(3000):
        if (await call(client, "get_data_job", job_id=job_id)).structured_content["status"] != "file_processing":
            break
        sandbox.clock.advance(0.1)  # type: ignore[attr-defined]
    else:
        pytest.fail("the job never left file_processing")
    ended = max(r.finished_at for run in sandbox.store.jobs[job_id].runs for r in run.records)
    return (ended - taken).total_seconds(), low, high


@pytest.mark.anyio
async def test_the_estimate_brackets_the_processing_job(client: Client, sandbox: Sandbox) -> None:
    real, low, high = await _bracket(client, sandbox, world.PROCESSING_JOB)
    assert (low, high) == (1, 21)  # 3 files of 1.5–6 s seen, 2 at once
    assert low <= real <= high
    assert real == 15.5


@pytest.mark.anyio
@pytest.mark.parametrize("behind_the_processing_job", [False, True])
@pytest.mark.parametrize("method", ["accuracy-optimized", "speed-optimized"])
async def test_the_estimate_brackets_a_fresh_batch(
    client: Client, sandbox: Sandbox, method: str, behind_the_processing_job: bool
) -> None:
    if not behind_the_processing_job:
        sandbox.clock.advance(60)  # type: ignore[attr-defined]
    sizes = [150_000 * n for n in (1, 7, 3, 9, 2, 5, 8, 4)]
    ids = [sandbox.upload(f"chapter-{n}.pdf", b"x" * size) for n, size in enumerate(sizes)]
    added = await call(client, "add_files", job_id=world.NO_FILES_JOB, file_ids=ids, method=method)
    assert not added.is_error
    first = (await call(client, "get_data_job", job_id=world.NO_FILES_JOB)).structured_content
    assert first["estimate"]["low_seconds"] is None  # nothing finished yet
    real, low, high = await _bracket(client, sandbox, world.NO_FILES_JOB)
    assert low <= real <= high
