"""The writing tools: what to send, what to refuse, and the view of what happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from seekrflow_mcp.text.sanitize import ID_LIMIT, WORD_LIMIT, token
from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.causes import Cause
from seekrflow_mcp.triage.facts import FileFacts, JobFacts
from seekrflow_mcp.triage.groups import Group, cause_count
from seekrflow_mcp.triage.meanings import status_meaning
from seekrflow_mcp.triage.suggest import Suggester
from seekrflow_mcp.triage.views import (
    FileChange,
    FileChangeView,
    FileState,
    RemainingFiles,
    Skipped,
)

# Ids a change view lists of what was sent: the API takes more in a call, a view need not say them all.
ID_CAP = 100


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def frozen(facts: JobFacts, consequence: str = "its files can no longer change") -> str | None:
    """Why nothing may be sent once alignment has started (`consequence` says what that stops):
    a refusal made before anything else, so that nothing reaches SeekrFlow."""
    if facts.alignment_state == "not_started":
        return None
    job_id = token(facts.detail.id, ID_LIMIT)
    status = token(facts.detail.status, WORD_LIMIT)
    if facts.alignment_state == "in_progress":
        return (
            f"Alignment of data job {job_id} has already started (status {status}), so {consequence}; nothing was sent."
        )
    return (
        f"Alignment of data job {job_id} has already finished (status {status}), so {consequence}; "
        "nothing was sent. To align other files, create a new data job in SeekrFlow."
    )


# -- add_files ------------------------------------------------------------------------------

_ADD_SKIP_REASONS: dict[FileState, str] = {
    "completed": "already attached and completed",
    "queued": "already queued",
    "running": "already processing",
    "ready_without_ingestion": "already attached (Markdown)",
    "unknown": "already attached, in a state SeekrFlow did not name",
}


@dataclass(frozen=True)
class AddPlan:
    send: list[str]  # new files, and attached files whose latest attempt failed
    skipped: list[Skipped]
    refused: str | None = None  # why nothing may be sent, when nothing may


def plan_add(facts: JobFacts, file_ids: list[str], *, retry_anyway: bool = False) -> AddPlan:
    """What to send: new files, and attached files whose latest attempt failed (attaching them
    again retries them) for a cause a retry can fix, or that nobody here can diagnose. Anything
    else attached is skipped, with the reason and, for a failure, what fixes it instead;
    `retry_anyway` sends failed files whatever their cause."""
    refused = frozen(facts)
    if refused is not None:
        return AddPlan(send=[], skipped=[], refused=refused)
    send: list[str] = []
    skipped: list[Skipped] = []
    for file_id in _unique(file_ids):
        f = facts.by_id.get(file_id)
        if f is None:
            send.append(file_id)
        elif f.state != "failed":
            skipped.append(Skipped(file_id=file_id, name=f.name, reason=_ADD_SKIP_REASONS[f.state]))
        elif retry_anyway or f.cause is None or _worth_retrying(f.cause):
            send.append(file_id)
        else:
            skipped.append(_not_worth_retrying(f, f.cause, then=" Pass retry_anyway=true to send it regardless."))
    return AddPlan(send=send, skipped=skipped)


def _worth_retrying(cause: Cause) -> bool:
    # A message nobody here knows, with no fix from SeekrFlow, may well pass on a retry.
    return cause.action == "retry" or (cause.code == "other" and cause.action == "contact_support")


def _not_worth_retrying(f: FileFacts, cause: Cause, then: str = "") -> Skipped:
    """A failed file skipped, with why and what fixes it instead; `then` says how to insist."""
    if cause.action == "contact_support":
        reason = f"failed again after {plural(cause.retries, 'retry', 'retries')} ({cause.title.lower()})"
    else:
        reason = f"failed for a cause a retry cannot fix ({cause.title.lower()})"
    fix = f"SeekrFlow's fix: {cause.fix}" if cause.fix_by_seekrflow else cause.fix
    return Skipped(file_id=f.file_id, name=f.name, reason=reason, fix=fix + then)


def add_result_view(before: JobFacts, after: JobFacts | None, plan: AddPlan, suggest: Suggester) -> FileChangeView:
    """`after` is None when nothing was sent: every id was skipped, or the job is frozen."""
    job = after or before
    changed = []
    for file_id in plan.send:
        f = job.by_id.get(file_id)
        changed.append(
            FileChange(
                file_id=file_id,
                name=f.name if f is not None else None,
                queue_position=f.queue_position if f is not None else None,
            )
        )
    return FileChangeView(
        job_id=job.detail.id,
        applied=after is not None,
        file_ids=plan.send,
        changed=changed,
        skipped=plan.skipped,
        refused=plan.refused,
        status_after=job.detail.status,
        status_meaning_after=status_meaning(job.detail.status),
        suggested_actions=suggest.after_frozen(job) if plan.refused else suggest.after_add(job, plan.send),
    )


# -- retry_failed_files ---------------------------------------------------------------------

# A retry result names this many files of each kind; the counts say how many more.
LISTED = 25


@dataclass(frozen=True)
class RetryPlan:
    send: list[str]  # open failures a retry can fix, their budget not spent
    skipped: list[Skipped]  # ids asked for that are not sent, with why
    others: list[Group]  # when no ids were asked for: the open failures that need something else
    refused: str | None = None


def plan_retry(facts: JobFacts, file_ids: list[str] | None) -> RetryPlan:
    """Every open failure worth retrying, or those of `file_ids` that are; what each of the
    others needs instead."""
    refused = frozen(facts)
    if refused is not None:
        return RetryPlan(send=[], skipped=[], others=[], refused=refused)
    if file_ids is None:
        send = [f.file_id for group in facts.groups if group.cause.action == "retry" for f in group.files]
        others = [group for group in facts.groups if group.cause.action != "retry"]
        return RetryPlan(send=send, skipped=[], others=others)
    send, skipped = [], []
    for file_id in _unique(file_ids):
        f = facts.by_id.get(file_id)
        if f is None:
            skipped.append(Skipped(file_id=file_id, reason="not attached to this job"))
        elif f.state != "failed":
            skipped.append(Skipped(file_id=file_id, name=f.name, reason=f"not failed ({f.state.replace('_', ' ')})"))
        elif f.cause is not None and f.cause.action != "retry":
            skipped.append(_not_worth_retrying(f, f.cause))
        else:
            send.append(file_id)
    return RetryPlan(send=send, skipped=skipped, others=[])


def retry_result_view(before: JobFacts, after: JobFacts | None, plan: RetryPlan, suggest: Suggester) -> FileChangeView:
    """`after` is None when nothing was sent."""
    job = after or before
    changed = [
        FileChange(file_id=file_id, name=f.name if f else None, queue_position=f.queue_position if f else None)
        for file_id in plan.send[:LISTED]
        for f in [job.by_id.get(file_id)]
    ]
    actions = suggest.after_frozen(job) if plan.refused else suggest.after_retry(job, plan.send, plan.others)
    return FileChangeView(
        job_id=job.detail.id,
        applied=after is not None,
        file_ids=plan.send[:ID_CAP],
        more_file_ids=max(0, len(plan.send) - ID_CAP),
        changed=changed,
        more_changed=max(0, len(plan.send) - LISTED),
        skipped=plan.skipped[:LISTED],
        more_skipped=max(0, len(plan.skipped) - LISTED),
        others=[cause_count(group) for group in plan.others],
        refused=plan.refused,
        status_after=job.detail.status,
        status_meaning_after=status_meaning(job.detail.status),
        suggested_actions=actions,
    )


# -- remove_files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RemovePlan:
    to_remove: list[str]  # de-duplicated, all attached
    unknown: list[str]  # given but not attached: nothing may be removed then
    remaining: RemainingFiles  # what the job would keep
    refused: str | None  # why nothing may be removed, when nothing may


def _remaining(files: Iterable[FileFacts]) -> RemainingFiles:
    kept = list(files)
    return RemainingFiles(total=len(kept), viable=sum(1 for f in kept if f.viable))


def plan_remove(facts: JobFacts, file_ids: list[str], allow_no_viable_files: bool) -> RemovePlan:
    wanted = _unique(file_ids)
    refused = frozen(facts)
    if refused is not None:
        return RemovePlan(to_remove=[], unknown=[], remaining=_remaining(facts.files), refused=refused)
    to_remove = [file_id for file_id in wanted if file_id in facts.by_id]
    unknown = [file_id for file_id in wanted if file_id not in facts.by_id]
    removed = set(to_remove)
    remaining = _remaining(f for f in facts.files if f.file_id not in removed)
    job_id = token(facts.detail.id, ID_LIMIT)
    if unknown:
        # `unknown_file_ids` has them all; a hundred ids would fill the sentence.
        named = ", ".join(unknown[:3]) + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "")
        refused = (
            f"{plural(len(unknown), 'file id')} given "
            f"{'is' if len(unknown) == 1 else 'are'} not attached to data job {job_id} "
            f'({named}). Check the ids with `get_data_job(job_id="{job_id}", detail="files")`.'
        )
    elif not remaining.viable and not allow_no_viable_files:
        refused = (
            f"Data job {job_id} would be left with no file alignment can use "
            "(completed, being ingested, or Markdown). Attach a file that ingests first, or call "
            "remove_files again with allow_no_viable_files=true to remove them anyway."
        )
    return RemovePlan(to_remove=to_remove, unknown=unknown, remaining=remaining, refused=refused)


def remove_result_view(
    before: JobFacts, after: JobFacts | None, plan: RemovePlan, *, dry_run: bool, suggest: Suggester
) -> FileChangeView:
    """`after` is None when the removal was refused or only a dry run: nothing changed."""
    job = after or before
    job_id = before.detail.id
    acted = plan.refused is None
    if after is not None:
        remaining = _remaining(after.files)
        actions = suggest.after_removal(after)
    elif acted:  # a dry run: what would remain
        remaining = plan.remaining
        leaves_nothing = not plan.remaining.viable
        actions = suggest.apply_removal(job_id, plan.to_remove, leaves_nothing=leaves_nothing) if dry_run else []
    elif before.alignment_started:  # refused: nothing changed, nor can it
        remaining = _remaining(before.files)
        actions = suggest.after_frozen(before)
    else:  # refused: nothing changed
        remaining = _remaining(before.files)
        actions = suggest.after_remove_refused(job_id)
    return FileChangeView(
        job_id=job_id,
        applied=after is not None,
        dry_run=dry_run,
        file_ids=plan.to_remove if acted else [],
        changed=[FileChange(file_id=i, name=before.by_id[i].name) for i in plan.to_remove] if acted else [],
        skipped=[],
        unknown_file_ids=plan.unknown,
        refused=plan.refused,
        status_after=job.detail.status,
        status_meaning_after=status_meaning(job.detail.status),
        remaining=remaining,
        suggested_actions=actions,
    )
