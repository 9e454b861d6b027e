"""Waiting for a job's files to finish ingesting, with progress notifications."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from seekrflow_mcp import render
from seekrflow_mcp.render.estimates import time_left
from seekrflow_mcp.tools import fetch
from seekrflow_mcp.tools.arguments import JobId
from seekrflow_mcp.tools.context import AppState, app_state, reports_errors, result
from seekrflow_mcp.triage.estimate import estimate
from seekrflow_mcp.triage.facts import JobFacts, job_facts
from seekrflow_mcp.triage.views import EstimateView, WaitView
from seekrflow_mcp.triage.waits import LONGEST_WAIT, Waited, finished, settled, wait_view

# Seconds between reads: soon at first (a small batch is over in seconds), then less often,
# so that a long wait costs a few requests, not dozens.
FIRST_POLL = 2.0
POLL_GROWTH = 1.5
LONGEST_POLL = 8.0


def _progress_message(facts: JobFacts, left: EstimateView | None) -> str:
    message = f"{settled(facts)} of {len(facts.files)} files settled"
    return message + (f"; time left {time_left(left)}" if left is not None else "")


@reports_errors
async def wait_for_ingestion(
    ctx: Context[AppState],
    job_id: JobId,
    timeout_seconds: Annotated[
        int, Field(description="The most to wait, in seconds; call again to wait longer", ge=1, le=LONGEST_WAIT)
    ] = 30,
) -> Annotated[CallToolResult, WaitView]:
    """Wait until a job's files finish ingesting (it leaves file_processing), at most
    timeout_seconds, reporting progress. Returns whether it finished, the time waited, the
    time left, and the job's summary; if not finished, the call that keeps waiting."""
    app = app_state(ctx)
    start = app.now()
    pause = FIRST_POLL
    while True:
        with app.client.budget():  # each poll may retry for a whole budget, not the wait as a whole
            facts = job_facts(await fetch.job(app, job_id))
        now = app.now()
        left = estimate(facts, now)
        remaining = timeout_seconds - (now - start).total_seconds()
        await ctx.report_progress(settled(facts), total=len(facts.files), message=_progress_message(facts, left))
        if finished(facts) or remaining <= 0:
            break
        # Cancelling the call cancels this sleep, and with it the polling.
        await app.sleep(min(pause, remaining))
        pause = min(pause * POLL_GROWTH, LONGEST_POLL)
    waited = Waited(elapsed_seconds=(now - start).total_seconds(), timeout_seconds=timeout_seconds, estimate=left)
    view = wait_view(facts, waited, app.suggest)
    return result(view, render.render_wait(view, now))
