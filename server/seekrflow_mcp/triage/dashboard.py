"""What the dashboard app (`seekrflow_mcp.apps`) shows of one job, in one view: the job as
`get_data_job` summarizes it, its failure groups with more files named, which writing tools
this server offers, and when to look again."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.queries import JobPage
from seekrflow_mcp.triage.reads import failure_view, job_view
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import EstimateView, FailureGroup, JobView, View

# The app's buttons, each a tool of this server; a read-only server registers none of them.
DashboardAction = Literal["retry_failed_files", "remove_files", "start_alignment"]
ACTIONS: tuple[DashboardAction, ...] = ("retry_failed_files", "remove_files", "start_alignment")
# Files named per group: enough to find one by name in a large job, bounded for the frame.
FILES_PER_GROUP = 200
# How often a job still ingesting is read again: a few seconds is live enough for a person.
REFRESH_SECONDS = 5


class DashboardView(View):
    job: JobView = Field(description="The job's summary, as get_data_job gives it")
    groups: list[FailureGroup] = Field(description="Open failures by cause, largest first, as summarize_failures")
    actions: list[DashboardAction] = Field(description="The tools this server offers the app's buttons")
    refresh_seconds: int | None = Field(description="While files ingest: when to read the job again; null once settled")


def dashboard_view(facts: JobFacts, suggest: Suggester, estimate: EstimateView | None) -> DashboardView:
    job = job_view(facts, JobPage(), suggest, estimate)
    return DashboardView(
        job=job,
        groups=failure_view(facts, FILES_PER_GROUP, suggest).groups,
        actions=[action for action in ACTIONS if action in suggest.tools],
        refresh_seconds=REFRESH_SECONDS if job.status == "file_processing" else None,
    )
