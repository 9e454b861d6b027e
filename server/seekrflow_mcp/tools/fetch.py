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
from seekrflow_mcp.triage.queries import Scan, Unreadable

READS_AT_ONCE = 8
T = TypeVar("T")


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


async def scan(app: AppState, job_type: str | None, sort_by: SortKey, sort_order: SortOrder) -> Scan:
    """The API filters by type only: read up to `scan_limit` jobs; say whether that was all of them."""
    jobs: list[DataJob] = []
    async for found in app.client.iter_data_jobs(job_type=job_type, sort_by=sort_by, sort_order=sort_order):
        if len(jobs) == app.settings.scan_limit:
            return Scan(jobs, complete=False)
        jobs.append(found)
    return Scan(jobs, complete=True)


async def jobs(app: AppState, rows: list[DataJob]) -> tuple[list[DataJobDetail], list[Unreadable]]:
    """Each job's detail, and each one that could not be read with the reason: one job that
    fails to answer does not sink the others."""
    found = await each([row.id for row in rows], app.client.get_data_job)
    details: list[DataJobDetail] = []
    unreadable: list[Unreadable] = []
    for row, answer in zip(rows, found, strict=True):
        if isinstance(answer, errors.NotFound):
            continue  # deleted between the list and the read: nothing left to review
        if isinstance(answer, errors.SeekrFlowError):
            unreadable.append(Unreadable(job=row, reason=str(answer)))
        else:
            details.append(answer)
    return details, unreadable


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
