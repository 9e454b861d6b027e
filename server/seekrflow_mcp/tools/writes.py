"""The writing tools: attach and detach files."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from seekrflow_mcp import render
from seekrflow_mcp.seekrflow.vocabulary import IngestionMethod
from seekrflow_mcp.tools import confirm, fetch
from seekrflow_mcp.tools.arguments import FileIds, JobId
from seekrflow_mcp.tools.context import (
    AppState,
    Refusal,
    app_state,
    reports_errors,
    result,
)
from seekrflow_mcp.triage.confirmation import removal_view
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.views import FileChangeView
from seekrflow_mcp.triage.writes import (
    add_result_view,
    plan_add,
    plan_remove,
    remove_result_view,
)


@reports_errors
async def add_files(
    ctx: Context[AppState],
    job_id: JobId,
    file_ids: FileIds,
    method: Annotated[
        IngestionMethod, Field(description="Ingestion method for files that need ingestion (Markdown skips it)")
    ] = "accuracy-optimized",
    retry_anyway: Annotated[
        bool, Field(description="Also re-send failed files whose cause a retry cannot fix")
    ] = False,
) -> Annotated[CallToolResult, FileChangeView]:
    """Attach uploaded files to a data job; ingestion starts by itself. Adding a file whose
    last attempt failed retries it, unless a retry cannot fix its cause. Files already attached
    and fine are skipped, not re-sent."""
    app = app_state(ctx)
    fetch.check_file_ids(file_ids)
    async with app.writes.hold(job_id):
        before = job_facts(await fetch.job(app, job_id))
        plan = plan_add(before, file_ids, retry_anyway=retry_anyway)
        strangers = await fetch.unknown_files(app, [f for f in plan.send if f not in before.by_id])
        if strangers:
            raise Refusal(
                f"Nothing was added: SeekrFlow has no uploaded file {', '.join(strangers)}. "
                "`list_files()` lists the uploaded files and their ids; a file not there must be uploaded first."
            )
        after = job_facts(await app.client.add_files(job_id, plan.send, method)) if plan.send else None
    view = add_result_view(before, after, plan, app.suggest)
    return result(view, render.render_file_change(view, "add"))


@reports_errors
async def remove_files(
    ctx: Context[AppState],
    job_id: JobId,
    file_ids: FileIds,
    dry_run: Annotated[
        bool, Field(description="Show what would be removed and what would remain; change nothing")
    ] = False,
    allow_no_viable_files: Annotated[
        bool, Field(description="Allow a removal that leaves no file alignment can use")
    ] = False,
    *,
    question: confirm.Question,
    answer: confirm.Answer,
) -> Annotated[CallToolResult, FileChangeView]:
    """Detach files from a data job. Every id must be attached, or nothing is removed.
    Refuses to leave the job with no usable file unless allow_no_viable_files=true.
    Asks the user to confirm where their client can."""
    app = app_state(ctx)
    fetch.check_file_ids(file_ids)
    async with app.writes.hold(job_id):
        before = job_facts(await fetch.job(app, job_id))
        plan = plan_remove(before, file_ids, allow_no_viable_files)
        if plan.refused is not None or dry_run:
            view = remove_result_view(before, None, plan, dry_run=dry_run, suggest=app.suggest)
            return result(view, render.render_file_change(view, "remove"))
        agreed = confirm.confirmation(ctx, job_id, question, answer, render.removal_question(before, plan))
        after = None
        if agreed in (None, "accepted"):
            after = job_facts(await app.client.remove_files(job_id, plan.to_remove))
    view = removal_view(before, after, plan, agreed, app.suggest)
    return result(view, render.render_file_change(view, "remove"))
