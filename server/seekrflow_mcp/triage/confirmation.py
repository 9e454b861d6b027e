"""A removal the user was asked to confirm: the view says how they answered, and when they did
not agree, that nothing was removed and what to do instead."""

from __future__ import annotations

from dataclasses import replace

from seekrflow_mcp.text.sanitize import ID_LIMIT, token
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import Confirmation, FileChangeView
from seekrflow_mcp.triage.writes import RemovePlan, remove_result_view


def removal_view(
    before: JobFacts, after: JobFacts | None, plan: RemovePlan, answer: Confirmation | None, suggest: Suggester
) -> FileChangeView:
    """The view of a removal that was due (neither a dry run nor refused): `answer` is None when
    the user was not asked, and `after` None when nothing was sent."""
    if answer is None or answer == "accepted":
        view = remove_result_view(before, after, plan, dry_run=False, suggest=suggest)
        return view.model_copy(update={"confirmation": answer})
    job_id = token(before.detail.id, ID_LIMIT)
    said = "declined" if answer == "declined" else "closed the question without answering"
    why = (
        f"The user {said} when asked to confirm removing {plural(len(plan.to_remove), 'file')} from data job {job_id}."
    )
    view = remove_result_view(before, None, replace(plan, refused=why), dry_run=False, suggest=suggest)
    return view.model_copy(
        update={"confirmation": answer, "suggested_actions": suggest.after_remove_unconfirmed(before.detail.id)}
    )
