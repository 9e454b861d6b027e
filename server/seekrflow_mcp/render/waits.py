"""The text of `wait_for_ingestion`: how the wait ended, then the job's summary."""

from __future__ import annotations

from datetime import datetime

from seekrflow_mcp.render.budget import BUDGET, Keep, fit
from seekrflow_mcp.render.jobs import job_body
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.views import WaitView


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 or value == int(value) else f"{value:.1f} s"


def _outcome(view: WaitView) -> str:
    files = f"{view.files_settled} of {plural(view.files_total, 'file')} settled"
    if view.finished:
        return f"Ingestion is over (waited {_seconds(view.elapsed_seconds)}): {files}; status {view.job.status}."
    return (
        f"Still ingesting after {_seconds(view.elapsed_seconds)} (the most this call waits is "
        f"{view.timeout_seconds} s): {files}."
    )


def render_wait(view: WaitView, now: datetime, budget: int = BUDGET) -> str:
    return fit([Keep(_outcome(view)), "", *job_body(view.job, now)], view.suggested_actions, budget)
