"""The text of `start_alignment`."""

from __future__ import annotations

from seekrflow_mcp.render.budget import BUDGET, Block, Keep, fit
from seekrflow_mcp.text.words import percent
from seekrflow_mcp.triage.views import StartView


def render_start(view: StartView, budget: int = BUDGET) -> str:
    body: Block = [Keep(f"## Data job {view.job_id} — start alignment")]
    if view.started:
        body.append(Keep(f"Alignment requested. Status now: {view.status} — {view.status_meaning}"))
    else:
        body.append(Keep(f"Nothing was started. {view.refused}"))
        body += [Keep(f"- {b.message}") for b in view.blockers]
        body.append(Keep(f"Status now: {view.status} — {view.status_meaning}"))
    alignment = view.alignment
    if alignment is not None and alignment.id:
        done = f", {percent(alignment.progress)} done" if alignment.progress is not None else ""
        body.append(f"Alignment {alignment.id}: {alignment.status or 'no status yet'}{done}.")
    return fit(body, view.suggested_actions, budget)
