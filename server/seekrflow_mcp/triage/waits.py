"""The view of `wait_for_ingestion`: how the wait ended, and the job's summary after it."""

from __future__ import annotations

from dataclasses import dataclass

from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.queries import JobPage
from seekrflow_mcp.triage.reads import job_view
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import EstimateView, WaitView

PROCESSING = "file_processing"
LONGEST_WAIT = 45  # seconds: the most one call waits


@dataclass(frozen=True)
class Waited:
    elapsed_seconds: float
    timeout_seconds: int
    estimate: EstimateView | None


def finished(facts: JobFacts) -> bool:
    return facts.detail.status != PROCESSING


def settled(facts: JobFacts) -> int:
    """Files with nothing left to ingest."""
    return sum(facts.count(state) for state in ("completed", "failed", "ready_without_ingestion"))


def _next_wait(waited: Waited) -> int:
    """As long as the estimate's high end, within what one call may wait; the same again without one."""
    high = waited.estimate.high_seconds if waited.estimate is not None else None
    return min(LONGEST_WAIT, max(waited.timeout_seconds, high or 0))


def wait_view(facts: JobFacts, waited: Waited, suggest: Suggester) -> WaitView:
    done = finished(facts)
    job = job_view(facts, JobPage(), suggest, waited.estimate)
    actions = suggest.for_wait(facts.detail.id, job.suggested_actions, None if done else _next_wait(waited))
    return WaitView(
        job_id=facts.detail.id,
        finished=done,
        elapsed_seconds=round(waited.elapsed_seconds, 1),
        timeout_seconds=waited.timeout_seconds,
        files_settled=settled(facts),
        files_total=len(facts.files),
        estimate=waited.estimate,
        # The wait's next steps stand for the job's: said once, in the wait.
        job=job.model_copy(update={"suggested_actions": []}),
        suggested_actions=actions,
    )
