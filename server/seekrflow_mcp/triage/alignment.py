"""Starting alignment: whether it may be sent, and the view of what happened."""

from __future__ import annotations

from seekrflow_mcp.text.sanitize import ID_LIMIT, token
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.meanings import status_meaning
from seekrflow_mcp.triage.reads import alignment_view
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import StartView
from seekrflow_mcp.triage.writes import frozen


def why_not_start(facts: JobFacts) -> str | None:
    """Why a start must not be sent: the job's alignment already started, or it is not ready.
    A start is not idempotent, so nothing is sent on a guess."""
    refused = frozen(facts, consequence="it cannot start again")
    if refused is not None:
        return refused
    if facts.readiness.ready:
        return None
    job_id = token(facts.detail.id, ID_LIMIT)
    blockers = facts.readiness.blockers
    if not blockers:
        return (
            f"Data job {job_id} is not ready to start (SeekrFlow reports {facts.detail.status!r}) and has not "
            "said why; nothing was sent."
        )
    return f"Data job {job_id} is not ready to start: {plural(len(blockers), 'blocker')} first; nothing was sent."


def start_view(before: JobFacts, after: JobFacts | None, refused: str | None, suggest: Suggester) -> StartView:
    """`after` is the job SeekrFlow answered the start with; None when nothing was sent."""
    job = after or before
    detail = job.detail
    return StartView(
        job_id=detail.id,
        started=after is not None,
        refused=refused,
        status=detail.status,
        status_meaning=status_meaning(detail.status),
        blockers=before.readiness.blockers if refused else [],
        alignment=alignment_view(detail.alignment_job) if detail.alignment_job is not None else None,
        suggested_actions=suggest.after_start(job, started=after is not None),
    )
