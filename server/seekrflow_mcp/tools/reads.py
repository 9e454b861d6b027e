"""The reading tools: a page of jobs, one job, and why its files failed."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from seekrflow_mcp import render
from seekrflow_mcp.seekrflow.vocabulary import (
    FileState,
    JobStatus,
    JobType,
    SortKey,
    SortOrder,
)
from seekrflow_mcp.tools import fetch
from seekrflow_mcp.tools.arguments import JobId, OptionalJobId
from seekrflow_mcp.tools.context import AppState, app_state, reports_errors, result
from seekrflow_mcp.triage.estimate import estimate
from seekrflow_mcp.triage.facts import JobFacts, job_facts
from seekrflow_mcp.triage.queries import JobFilter, JobPage
from seekrflow_mcp.triage.reads import (
    failure_view,
    job_pages,
    list_view,
    overview_job,
    overview_of,
)
from seekrflow_mcp.triage.views import FailureSummaryView, JobListView, JobView

# Jobs needing review whose details an overview reads: all of them in any real account; the
# cap bounds one call's reads of SeekrFlow, and the result says how many it left unread.
OVERVIEW_JOBS = 200
PAGE = 25  # files or events a page of `get_data_job` shows by default
SUMMARY = JobPage(detail="summary", state=None, offset=0, limit=PAGE)


@reports_errors
async def list_data_jobs(
    ctx: Context[AppState],
    status: Annotated[
        list[JobStatus] | None,
        Field(description='Only jobs in these statuses, e.g. ["needs_review"]', max_length=10),
    ] = None,
    job_type: Annotated[JobType | None, Field(description="Only jobs of this type")] = None,
    name_contains: Annotated[
        str | None, Field(description="Only jobs whose name contains this, ignoring case", min_length=1, max_length=200)
    ] = None,
    sort_by: Annotated[SortKey, Field(description="Sort key")] = "created_at",
    sort_order: Annotated[SortOrder, Field(description="Sort direction")] = "desc",
    limit: Annotated[int, Field(description="Jobs to show", ge=1, le=100)] = 20,
    offset: Annotated[int, Field(description="Matching jobs to skip, for the next page", ge=0, le=20000)] = 0,
) -> Annotated[CallToolResult, JobListView]:
    """List data jobs with their status and what it means, and counts by status.

    The API cannot filter by status or name, so this pages through the jobs (up to the
    server's scan limit) and says how far it looked.
    """
    app = app_state(ctx)
    scanned = await fetch.scan(app, job_type, sort_by, sort_order)
    query = JobFilter(
        statuses=list(status) if status else None, name_contains=name_contains, offset=offset, limit=limit
    )
    view, text = render.render_job_list_page(
        lambda size: list_view(scanned, replace(query, limit=size), app.suggest), limit, app.now()
    )
    return result(view, text)


@reports_errors
async def get_data_job(
    ctx: Context[AppState],
    job_id: JobId,
    detail: Annotated[
        Literal["summary", "files", "timeline", "full"],
        Field(
            description="summary: status, readiness, counts, recent events; files: a page of files; "
            "timeline: a page of events; full: both pages"
        ),
    ] = "summary",
    state: Annotated[FileState | None, Field(description="With detail=files or full: only files in this state")] = None,
    offset: Annotated[int, Field(description="Files or events to skip, for the next page", ge=0, le=100000)] = 0,
    limit: Annotated[int, Field(description="Files or events per page", ge=1, le=100)] = PAGE,
) -> Annotated[CallToolResult, JobView]:
    """Read one data job: status and meaning, whether alignment can start and every blocker,
    file counts by state, queue and time left, ingestion runs, recent timeline events, failures in brief."""
    app = app_state(ctx)
    facts = job_facts(await fetch.job(app, job_id))
    view, text = job_page(app, facts, JobPage(detail=detail, state=state, offset=offset, limit=limit))
    return result(view, text)


def job_page(app: AppState, facts: JobFacts, page: JobPage) -> tuple[JobView, str]:
    """A job as `get_data_job` shows it, with as many of `page`'s items as the text holds; the
    resource of a job is its `SUMMARY`."""
    now = app.now()
    left = estimate(facts, now)
    return render.render_job_page(job_pages(facts, page, app.suggest, left), page.limit, now)


@reports_errors
async def summarize_failures(
    ctx: Context[AppState],
    job_id: OptionalJobId = None,
    files_per_group: Annotated[
        int | None,
        Field(description="Files listed per cause; default: all when 50 or fewer failed, else 10", ge=1, le=50),
    ] = None,
) -> Annotated[CallToolResult, FailureSummaryView]:
    """Why files failed and what fixes each: open failures grouped by cause, with the
    reported message, the fix, whether a retry can work, and the exact calls to make.
    Files that failed and later succeeded are counted as resolved, not listed."""
    app = app_state(ctx)
    if job_id is not None:
        view = failure_view(job_facts(await fetch.job(app, job_id)), files_per_group, app.suggest)
    else:
        scanned, jobs, unread = await fetch.review(
            app, OVERVIEW_JOBS, lambda detail: overview_job(job_facts(detail), app.suggest)
        )
        view = overview_of(jobs, scanned, unread, app.suggest)
    return result(view, render.render_failures(view))
