"""The MCP surface: one `MCPServer`, its instructions and its tools.

This is the only module that imports `mcp`. Each tool asks the SeekrFlow client for
models, hands them to `triage` for a view, and returns the view as structured content
with its rendered text. A SeekrFlow failure becomes an `is_error` result whose sentence
says what happened and which call to make next.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal, ParamSpec, TypeVar

import anyio
from mcp.server.mcpserver import Context
from mcp.types import CallToolResult, TextContent
from pydantic import Field

from seekrflow_mcp import triage
from seekrflow_mcp.config import Settings
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import SeekrFlowClient, check_id
from seekrflow_mcp.seekrflow.models import RESOURCE_ID_PATTERN, DataJob, DataJobDetail
from seekrflow_mcp.triage import render
from seekrflow_mcp.triage.views import (
    FailureSummaryView,
    FileChangeView,
    JobListView,
    JobView,
    View,
)

log = logging.getLogger(__name__)

# The id pattern is advertised in the schema but checked by the client, before any request,
# whose refusal says what an id looks like; the SDK's own check would answer with a
# pydantic error dump.
ID_SHAPE: dict[str, object] = {"pattern": RESOURCE_ID_PATTERN}
JobId = Annotated[
    str,
    Field(
        description="The data job's id, like dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
        max_length=128,
        json_schema_extra=ID_SHAPE,
    ),
]
FileIds = Annotated[
    list[Annotated[str, Field(max_length=128, json_schema_extra=ID_SHAPE)]],
    Field(description="Uploaded file ids, like file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9", min_length=1, max_length=100),
]
JobStatusName = Literal[
    "file_processing", "needs_review", "ready_to_start",
    "pending", "queued", "running", "completed", "failed", "cancelled", "stopped",
]
FileStateName = Literal["queued", "running", "completed", "failed", "ready_without_ingestion"]

OVERVIEW_JOBS = 25  # jobs needing review whose details an overview reads
READS_AT_ONCE = 8


@dataclass(frozen=True)
class AppState:
    client: SeekrFlowClient
    settings: Settings
    now: Callable[[], datetime]


# -- results -------------------------------------------------------------------------

P = ParamSpec("P")
T = TypeVar("T")


def _result(view: View, text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=view.model_dump(mode="json"))


def _error(text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)


class Refusal(Exception):
    """Stops a tool with a sentence for the model: what happened and what to call instead."""


def reports_errors(tool: Callable[P, Awaitable[CallToolResult]]) -> Callable[P, Awaitable[CallToolResult]]:
    """A SeekrFlow failure is an answer the model can act on, not a crash."""

    @functools.wraps(tool)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> CallToolResult:
        try:
            return await tool(*args, **kwargs)
        except Refusal as refusal:
            return _error(str(refusal))
        except errors.SeekrFlowError as exc:
            log.info("%s failed: %r", tool.__name__, exc)
            return _error(_explain(exc))

    return wrapper


def _explain(exc: errors.SeekrFlowError) -> str:
    if isinstance(exc, errors.Unauthorized):
        return (
            f"{exc} No tool call can fix this: the user must set a valid SEEKR_API_KEY in this MCP "
            "server's configuration and restart it."
        )
    if isinstance(exc, errors.RateLimited):
        return f"{exc} Nothing was changed by this call."
    return str(exc)


def _ctx_state(ctx: Context[AppState]) -> AppState:
    return ctx.request_context.lifespan_context


async def _get_job(state: AppState, job_id: str) -> DataJobDetail:
    try:
        return await state.client.get_data_job(job_id)
    except errors.NotFound:
        raise Refusal(
            f"Data job {job_id} was not found. `list_data_jobs` shows the jobs this API key can see."
        ) from None


def _check_file_ids(file_ids: list[str]) -> None:
    for file_id in file_ids:
        check_id(file_id, "file")


async def _scan(state: AppState, job_type: str | None, sort_by: str, sort_order: str) -> tuple[list[DataJob], bool]:
    """The API filters by type only: read up to `scan_limit` jobs; say whether that was all of them."""
    jobs: list[DataJob] = []
    async for job in state.client.iter_data_jobs(job_type=job_type, sort_by=sort_by, sort_order=sort_order):
        if len(jobs) == state.settings.scan_limit:
            return jobs, False
        jobs.append(job)
    return jobs, True


# -- read-only tools -------------------------------------------------------------------


@reports_errors
async def list_data_jobs(
    ctx: Context[AppState],
    status: Annotated[
        list[JobStatusName] | None,
        Field(description="Only jobs in these statuses, e.g. [\"needs_review\"]", max_length=10),
    ] = None,
    job_type: Annotated[
        Literal["principle_files", "context_grounded_files", "context_grounded_vector_db"] | None,
        Field(description="Only jobs of this type"),
    ] = None,
    name_contains: Annotated[
        str | None, Field(description="Only jobs whose name contains this, ignoring case", min_length=1, max_length=200)
    ] = None,
    sort_by: Annotated[Literal["created_at", "name", "job_type"], Field(description="Sort key")] = "created_at",
    sort_order: Annotated[Literal["desc", "asc"], Field(description="Sort direction")] = "desc",
    limit: Annotated[int, Field(description="Jobs to show", ge=1, le=100)] = 20,
    offset: Annotated[int, Field(description="Matching jobs to skip, for the next page", ge=0, le=20000)] = 0,
) -> Annotated[CallToolResult, JobListView]:
    """List data jobs with their status and what it means, and counts by status.

    The API cannot filter by status or name, so this pages through the jobs (up to the
    server's scan limit) and says how far it looked.
    """
    state = _ctx_state(ctx)
    jobs, complete = await _scan(state, job_type, sort_by, sort_order)
    view = triage.list_view(
        jobs, statuses=status, name_contains=name_contains, offset=offset, limit=limit, complete=complete
    )
    return _result(view, render.render_job_list(view, state.now()))


@reports_errors
async def get_data_job(
    ctx: Context[AppState],
    job_id: JobId,
    detail: Annotated[
        Literal["summary", "files", "timeline", "full"],
        Field(description="summary: status, readiness, counts, recent events; files: a page of files; "
                          "timeline: a page of events; full: both pages"),
    ] = "summary",
    state: Annotated[
        FileStateName | None, Field(description="With detail=files or full: only files in this state")
    ] = None,
    offset: Annotated[int, Field(description="Files or events to skip, for the next page", ge=0, le=100000)] = 0,
    limit: Annotated[int, Field(description="Files or events per page", ge=1, le=100)] = 25,
) -> Annotated[CallToolResult, JobView]:
    """Read one data job: status and meaning, whether alignment can start and every blocker,
    file counts by state, queue, ingestion runs, recent timeline events, failures in brief."""
    app = _ctx_state(ctx)
    job = await _get_job(app, job_id)
    now = app.now()

    def page(size: int) -> JobView:
        return triage.job_view(
            job, detail_level=detail, state=state, offset=offset, limit=size, can_write=not app.settings.read_only
        )

    view = page(limit)
    room = render.page_room(view, now)
    if room is not None:  # a smaller page, so that no listed item goes unsaid and the next page starts right
        view = page(max(1, room))
    return _result(view, render.render_job(view, now))


@reports_errors
async def summarize_failures(
    ctx: Context[AppState],
    job_id: Annotated[
        str | None,
        Field(
            description="The data job's id; omit it for every job that needs review",
            max_length=128,
            json_schema_extra=ID_SHAPE,
        ),
    ] = None,
    files_per_group: Annotated[int, Field(description="Files listed per cause", ge=1, le=50)] = 10,
) -> Annotated[CallToolResult, FailureSummaryView]:
    """Why files failed and what fixes each: open failures grouped by cause, with the
    reported message, the fix, whether a retry can work, and the exact calls to make.
    Files that failed and later succeeded are counted as resolved, not listed."""
    app = _ctx_state(ctx)
    can_write = not app.settings.read_only
    if job_id is not None:
        job = await _get_job(app, job_id)
        view = triage.failure_view(job, files_per_group=files_per_group, can_write=can_write)
    else:
        jobs, complete = await _scan(app, None, "created_at", "desc")
        stuck = [j for j in jobs if j.status == "needs_review"]
        details = await _read_all(app, [j.id for j in stuck[:OVERVIEW_JOBS]])
        # Jobs past the cap are counted as more to review; jobs deleted since the list are gone.
        unread = max(0, len(stuck) - OVERVIEW_JOBS)
        view = triage.overview_failure_view(details, scanned=len(jobs), complete=complete, skipped=unread)
    return _result(view, render.render_failures(view, app.now()))


async def _read_all(app: AppState, job_ids: list[str]) -> list[DataJobDetail]:
    found = await _each(job_ids, app.client.get_data_job)
    # A job deleted between the list and the read has nothing left to review.
    return [job for job in found if not isinstance(job, errors.NotFound)]


async def _each(ids: list[str], read: Callable[[str], Awaitable[T]]) -> list[T | errors.NotFound]:
    """`read` of every id, a few at a time, in order; a 404 is an answer, any other failure
    stops them all and is raised as it is (not wrapped in an exception group)."""
    answers: dict[int, T | errors.NotFound] = {}
    failures: list[errors.SeekrFlowError] = []
    limiter = anyio.CapacityLimiter(READS_AT_ONCE)

    async def one(index: int, id_: str) -> None:
        async with limiter:
            try:
                answers[index] = await read(id_)
            except errors.NotFound as missing:
                answers[index] = missing
            except errors.SeekrFlowError as failure:
                failures.append(failure)
                group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        for index, id_ in enumerate(ids):
            group.start_soon(one, index, id_)
    if failures:
        raise failures[0]
    return [answers[index] for index in range(len(ids))]


# -- writing tools ---------------------------------------------------------------------


@reports_errors
async def add_files(
    ctx: Context[AppState],
    job_id: JobId,
    file_ids: FileIds,
    method: Annotated[
        Literal["accuracy-optimized", "speed-optimized"],
        Field(description="Ingestion method for files that need ingestion (Markdown skips it)"),
    ] = "accuracy-optimized",
) -> Annotated[CallToolResult, FileChangeView]:
    """Attach uploaded files to a data job; ingestion starts by itself. Adding a file whose
    last attempt failed retries it. Files already attached and fine are skipped, not re-sent."""
    app = _ctx_state(ctx)
    _check_file_ids(file_ids)
    before = await _get_job(app, job_id)
    to_send, skipped = triage.plan_add(before, file_ids)
    attached = {file.file_id for file in before.files}
    strangers = await _unknown_files(app, [f for f in to_send if f not in attached])
    if strangers:
        raise Refusal(
            f"Nothing was added: SeekrFlow has no uploaded file {', '.join(strangers)}. Upload the file in "
            "SeekrFlow first, then call `add_files` with the id it gets."
        )
    after = await app.client.add_files(job_id, to_send, method) if to_send else None
    view = triage.add_result_view(before, after, to_send, skipped)
    return _result(view, render.render_file_change(view, "add", app.now()))


async def _unknown_files(app: AppState, file_ids: list[str]) -> list[str]:
    found = await _each(file_ids, app.client.get_file)
    return [file_id for file_id, file in zip(file_ids, found, strict=True) if isinstance(file, errors.NotFound)]


@reports_errors
async def remove_files(
    ctx: Context[AppState],
    job_id: JobId,
    file_ids: FileIds,
    dry_run: Annotated[bool, Field(description="Show what would be removed and what would remain; change nothing")] = False,
    allow_no_viable_files: Annotated[
        bool, Field(description="Allow a removal that leaves no file alignment can use")
    ] = False,
) -> Annotated[CallToolResult, FileChangeView]:
    """Detach files from a data job. Every id must be attached, or nothing is removed.
    Refuses to leave the job with no usable file unless allow_no_viable_files=true."""
    app = _ctx_state(ctx)
    _check_file_ids(file_ids)
    before = await _get_job(app, job_id)
    plan = triage.plan_remove(before, file_ids, allow_no_viable_files)
    after = None
    if plan.refused is None and not dry_run:
        after = await app.client.remove_files(job_id, plan.to_remove)
    view = triage.remove_result_view(before, after, plan, dry_run=dry_run)
    return _result(view, render.render_file_change(view, "remove", app.now()))
