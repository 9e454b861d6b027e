"""The text of the writing tools: what was sent, changed, skipped, refused, and what is left."""

from __future__ import annotations

from typing import Literal

from seekrflow_mcp.render.budget import BUDGET, Block, Keep, Listing, bullets, fit, more
from seekrflow_mcp.render.calls import hint
from seekrflow_mcp.render.phrases import cause_line, file_ref
from seekrflow_mcp.text.words import code, plural
from seekrflow_mcp.triage.views import (
    FileChange,
    FileChangeView,
    Skipped,
)


def render_file_change(view: FileChangeView, verb: Literal["add", "remove", "retry"], budget: int = BUDGET) -> str:
    done = {"add": "added", "remove": "removed", "retry": "retried"}[verb]
    files = plural(len(view.changed) + view.more_changed, "file")
    if view.refused:
        outcome = f"Nothing was {done}. {view.refused}"
    elif view.dry_run:
        outcome = f"Dry run, nothing changed: this would {verb} {files}" + (":" if view.changed else ".")
    elif view.applied and view.changed:
        confirmed = ", as the user confirmed" if view.confirmation == "accepted" else ""
        outcome = f"{done.capitalize()} {files}{confirmed}:"
    else:
        outcome = f"Nothing was {done}."
    body: Block = [Keep(f"## Data job {view.job_id} — {verb} files"), Keep(outcome)]

    # On a refusal nothing changed, so the files it would have changed count among the ones sent but not changed.
    changed = [] if view.refused else view.changed
    if changed:
        # Files added are on the job and page through get_data_job; removed ones are gone.
        fetch = hint("get_data_job", detail="files") if view.applied and verb != "remove" else None
        lines = [_change_line(c) for c in changed]
        body.append(bullets(lines, lambda shown: more(len(lines) - shown + view.more_changed, fetch=fetch)))
    if view.skipped:
        skipped = len(view.skipped) + view.more_skipped
        lines = [f"- {_skipped_line(s)}" for s in view.skipped]
        body += [f"Skipped {skipped}:", bullets(lines, lambda shown: more(len(lines) - shown + view.more_skipped))]
    if view.others:
        failing = sum(c.count for c in view.others)
        body += [f"Not retried, {plural(failing, 'failed file')} that need something else:"]
        body += [cause_line(c) for c in view.others]
    if view.unknown_file_ids:
        label = "Not attached to this job:" if verb == "remove" else "Not found:"
        body += [label, _id_list(view.unknown_file_ids)]
    listed = {c.file_id for c in changed} | {s.file_id for s in view.skipped} | set(view.unknown_file_ids)
    # Sent yet neither changed nor skipped: SeekrFlow did not take them. A capped list of
    # changes cannot tell, so it says nothing of the rest.
    others = [] if view.more_changed else [f for f in view.file_ids if f not in listed]
    if others:
        body += [f"Sent, not {done}:", _id_list(others)]
    if view.remaining is not None:
        if view.applied:
            label = "Files left"
        elif view.dry_run and not view.refused:
            label = "Files that would be left"
        else:
            label = "Files attached"
        body.append(
            f"{label}: {view.remaining.total}, {view.remaining.viable} of them viable "
            "(completed, in progress, or Markdown)."
        )
    when = "after" if view.applied else "now"
    body.append(Keep(f"Status {when}: {view.status_after} — {view.status_meaning_after}"))
    return fit(body, view.suggested_actions, budget)


def _change_line(change: FileChange) -> str:
    position = f" — queued at position {change.queue_position}" if change.queue_position is not None else ""
    return f"- {file_ref(change.name, change.file_id)}{position}"


def _id_list(lines: list[str]) -> Listing:
    return bullets([f"- {line}" for line in lines], lambda shown: more(len(lines) - shown))


def _skipped_line(skipped: Skipped) -> str:
    named = f"{code(skipped.name)} ({skipped.file_id})" if skipped.name else skipped.file_id
    fix = f" {skipped.fix}" if skipped.fix else ""
    return f"{named} — {skipped.reason}.{fix}" if fix else f"{named} — {skipped.reason}"
