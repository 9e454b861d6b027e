"""The tools that carry a job to its end: retry what a retry can fix, start alignment."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from seekrflow_mcp import render
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.vocabulary import IngestionMethod
from seekrflow_mcp.tools import fetch
from seekrflow_mcp.tools.arguments import FileIds, JobId
from seekrflow_mcp.tools.context import AppState, Refusal, app_state, reports_errors, result
from seekrflow_mcp.triage.alignment import start_view, why_not_start
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.views import FileChangeView, StartView
from seekrflow_mcp.triage.writes import plan_retry, retry_result_view

# Files re-attached per request: the API documents no limit; this keeps each request and its
# answer modest, so that 3,000 files are 30 requests within one call.
FILES_PER_REQUEST = 100


@reports_errors
async def retry_failed_files(
    ctx: Context[AppState],
    job_id: JobId,
    file_ids: Annotated[FileIds | None, Field(description="Only these failed files; omit for all")] = None,
    method: Annotated[
        IngestionMethod, Field(description="Ingestion method for files that need ingestion (Markdown skips it)")
    ] = "accuracy-optimized",
) -> Annotated[CallToolResult, FileChangeView]:
    """Retry every failed file whose cause a retry can fix and whose retries are not spent (or
    those of file_ids), in as many requests as needed; says what each other failure needs."""
    app = app_state(ctx)
    if file_ids is not None:
        fetch.check_file_ids(file_ids)
    async with app.writes.hold(job_id):
        before = job_facts(await fetch.job(app, job_id))
        plan = plan_retry(before, file_ids)
        last = None
        for sent in range(0, len(plan.send), FILES_PER_REQUEST):
            batch = plan.send[sent : sent + FILES_PER_REQUEST]
            try:
                last = await app.client.add_files(job_id, batch, method)
            except errors.SeekrFlowError as exc:
                if not sent:
                    raise
                raise Refusal(
                    f"Retried {sent} of {len(plan.send)} files, then SeekrFlow failed: {exc} Read the job with "
                    f'`get_data_job(job_id="{job_id}")`; `retry_failed_files(job_id="{job_id}")` then re-sends '
                    "only what still failed."
                ) from None
    after = job_facts(last) if last is not None else None
    view = retry_result_view(before, after, plan, app.suggest)
    return result(view, render.render_file_change(view, "retry"))


@reports_errors
async def start_alignment(ctx: Context[AppState], job_id: JobId) -> Annotated[CallToolResult, StartView]:
    """Start alignment of a data job that is ready. When it is not, returns every blocker and the
    calls that clear them, and starts nothing. Sent at most once."""
    app = app_state(ctx)
    async with app.writes.hold(job_id):
        before = job_facts(await fetch.job(app, job_id))
        refused = why_not_start(before)
        after = None if refused else job_facts(await app.client.start_data_job(job_id))
    view = start_view(before, after, refused, app.suggest)
    return result(view, render.render_start(view))
