"""The dashboard app's own tool: hosts show it to the app, not to the model (`apps`)."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult

from seekrflow_mcp.tools import fetch
from seekrflow_mcp.tools.arguments import JobId
from seekrflow_mcp.tools.context import AppState, app_state, reports_errors, result
from seekrflow_mcp.tools.reads import SUMMARY, job_page
from seekrflow_mcp.triage.dashboard import DashboardView, dashboard_view
from seekrflow_mcp.triage.estimate import estimate
from seekrflow_mcp.triage.facts import job_facts


@reports_errors
async def refresh_data_job(ctx: Context[AppState], job_id: JobId) -> Annotated[CallToolResult, DashboardView]:
    """For the job dashboard app: one job's summary, failure groups and the actions offered."""
    app = app_state(ctx)
    facts = job_facts(await fetch.job(app, job_id))
    view = dashboard_view(facts, app.suggest, estimate(facts, app.now()))
    # The text is the job's summary as get_data_job gives it: the groups are summarize_failures'.
    _, text = job_page(app, facts, SUMMARY)
    return result(view, text)
