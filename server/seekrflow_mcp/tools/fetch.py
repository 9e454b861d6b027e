"""Reading from SeekrFlow on a tool's behalf: one job, the job list, many jobs or files at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import check_id
from seekrflow_mcp.seekrflow.models import DataJob, DataJobDetail
from seekrflow_mcp.seekrflow.vocabulary import SortKey, SortOrder
from seekrflow_mcp.tools.context import AppState, Refusal
from seekrflow_mcp.triage.queries import Scan, Unread, Unreadable

READS_AT_ONCE = 8
# An overview reads many jobs in one call: twice the usual, still a small burst for one user
# that SeekrFlow serves well within its rate limits, while halving the rounds of waiting.
REVIEW_READS_AT_ONCE = 16
T = TypeVar("T")
K = TypeVar("K")


async def job(app: AppState, job_id: str) -> DataJobDetail:
    try:
        return await app.client.get_data_job(job_id)
    except errors.NotFound:
        raise Refusal(
            f"Data job {job_id} was not found. `list_data_jobs()` shows the jobs this API key can see."
        ) from None


def check_file_ids(file_ids: list[str]) -> None:
    for file_id in file_ids:
        check_id(file_id, "file")


async def scan(
    app: AppState,
    job_type: str | None,
    sort_by: SortKey,
    sort_order: SortOrder,
    seen: Callable[[DataJob], None] | None = None,
) -> Scan:
    """The API filters by type only: read up to `scan_limit` jobs; say whether that was all of them.
    `seen` is told of each job as its page arrives."""
    jobs: list[DataJob] = []
    async for found in app.client.iter_data_jobs(job_type=job_type, sort_by=sort_by, sort_order=sort_order):
        if len(jobs) == app.settings.scan_limit:
            return Scan(jobs, complete=False)
        jobs.append(found)
        if seen is not None:
            seen(found)
    return Scan(jobs, complete=True)


async def review(app: AppState, cap: int, keep: Callable[[DataJobDetail], K]) -> tuple[Scan, list[K], Unread]:
    """The scan of every job, and what `keep` makes of each of the first `cap` jobs needing
    review, in the list's order. Each job is read as soon as its page of the list arrives and
    reduced by `keep` as soon as it answers, so the waits overlap and only the few jobs being
    read are held at once. A job deleted since the list is gone; one that fails to answer is
    unread, with the reason, and does not sink the others."""
    stuck: list[DataJob] = []
    answers: dict[int, K | errors.SeekrFlowError] = {}
    limiter = anyio.CapacityLimiter(REVIEW_READS_AT_ONCE)

    async def read(index: int, job_id: str) -> None:
        async with limiter:
            try:
                detail = await app.client.get_data_job(job_id)
            except errors.SeekrFlowError as failure:
                answers[index] = failure
                return
        answers[index] = keep(detail)

    async with anyio.create_task_group() as group:

        def seen(row: DataJob) -> None:
            if row.status == "needs_review":
                stuck.append(row)
                if len(stuck) <= cap:
                    group.start_soon(read, len(stuck) - 1, row.id)

        scanned: Scan | errors.SeekrFlowError
        try:
            scanned = await scan(app, None, "created_at", "desc", seen)
        except errors.SeekrFlowError as failure:
            group.cancel_scope.cancel()  # without the list there is no overview: stop the reads
            scanned = failure
    if isinstance(scanned, errors.SeekrFlowError):
        raise scanned
    reviewed = stuck[:cap]
    kept, failed = _answered(reviewed, [answers[index] for index in range(len(reviewed))])
    # Jobs past the cap are counted as more to review.
    return scanned, kept, Unread(past_cap=max(0, len(stuck) - cap), failed=failed)


async def jobs(app: AppState, rows: list[DataJob]) -> tuple[list[DataJobDetail], list[Unreadable]]:
    """Each job's detail, and each one that could not be read with the reason: one job that
    fails to answer does not sink the others."""
    return _answered(rows, await each([row.id for row in rows], app.client.get_data_job))


def _answered(rows: list[DataJob], answers: list[K | errors.SeekrFlowError]) -> tuple[list[K], list[Unreadable]]:
    """What each job's read gave, in order, and each job that could not be read with the reason.
    A job deleted between the list and the read has nothing left to look at: it is neither."""
    kept: list[K] = []
    unreadable: list[Unreadable] = []
    for row, answer in zip(rows, answers, strict=True):
        if isinstance(answer, errors.NotFound):
            continue
        if isinstance(answer, errors.SeekrFlowError):
            unreadable.append(Unreadable(job=row, reason=str(answer)))
        else:
            kept.append(answer)
    return kept, unreadable


async def unknown_files(app: AppState, file_ids: list[str]) -> list[str]:
    found = await each(file_ids, app.client.get_file)
    for answer in found:
        if isinstance(answer, errors.SeekrFlowError) and not isinstance(answer, errors.NotFound):
            raise answer
    return [file_id for file_id, file in zip(file_ids, found, strict=True) if isinstance(file, errors.NotFound)]


async def each(ids: list[str], read: Callable[[str], Awaitable[T]]) -> list[T | errors.SeekrFlowError]:
    """`read` of every id, a few at a time, in order; a SeekrFlow failure is that id's answer."""
    answers: dict[int, T | errors.SeekrFlowError] = {}
    limiter = anyio.CapacityLimiter(READS_AT_ONCE)

    async def one(index: int, id_: str) -> None:
        async with limiter:
            try:
                answers[index] = await read(id_)
            except errors.SeekrFlowError as failure:
                answers[index] = failure

    async with anyio.create_task_group() as group:
        for index, id_ in enumerate(ids):
            group.start_soon(one, index, id_)
    return [answers[index] for index in range(len(ids))]
