"""The views of the reading tools: a page of jobs, one job, its failures, and every job's."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from seekrflow_mcp.seekrflow.models import (
    AlignmentJob,
    DataJob,
    DataJobDetail,
    IngestionJob,
)
from seekrflow_mcp.text.sanitize import WORD_LIMIT, token
from seekrflow_mcp.triage.causes import Cause
from seekrflow_mcp.triage.facts import FileFacts, JobFacts
from seekrflow_mcp.triage.groups import Group, cause_count, message_of
from seekrflow_mcp.triage.meanings import status_meaning
from seekrflow_mcp.triage.queries import JobFilter, JobPage, Scan, Unread
from seekrflow_mcp.triage.suggest import MAX_ACTIONS, Suggester
from seekrflow_mcp.triage.views import (
    AlignmentView,
    Blocker,
    CauseCount,
    EstimateView,
    EventView,
    FailedFile,
    FailureGroup,
    FailureSummaryView,
    FileCounts,
    FilePage,
    FileState,
    FileView,
    IngestionRunView,
    JobFailures,
    JobListView,
    JobRef,
    JobRow,
    JobView,
    QueueView,
    SharedCause,
    SuggestedAction,
    TimelinePage,
    UnreadableJob,
)

RUNS_SHOWN = 5
EVENTS_SHOWN = 5
PLAN_CALLS = 10
NAME_ALL_UP_TO = 50  # open failures a summary names every one of
FILES_PER_GROUP = 10
OVERVIEW_JOBS_SHOWN = 10
# The order of a file page: what needs attention first.
_STATE_ORDER: dict[FileState, int] = {
    "failed": 0,
    "queued": 1,
    "running": 2,
    "completed": 3,
    "ready_without_ingestion": 4,
    "unknown": 5,
}

# -- list_data_jobs -------------------------------------------------------------------------


def _row(job: DataJob) -> JobRow:
    return JobRow(
        id=job.id,
        name=job.name,
        job_type=job.job_type,
        status=job.status,
        status_meaning=status_meaning(job.status),
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


def list_view(scan: Scan, query: JobFilter, suggest: Suggester) -> JobListView:
    """A page of the jobs that match, from every job the tool scanned."""
    needle = query.name_contains.casefold() if query.name_contains else None
    matches = [
        job
        for job in scan.jobs
        if (not query.statuses or job.status in query.statuses) and (needle is None or needle in job.name.casefold())
    ]
    counts: dict[str, int] = {}
    for job in matches:
        status = token(job.status, WORD_LIMIT)  # two raw spellings that read the same count as one
        counts[status] = counts.get(status, 0) + 1
    end = query.offset + query.limit
    page = matches[query.offset : end]
    return JobListView(
        jobs=[_row(job) for job in page],
        counts_by_status=dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
        matched=len(matches),
        offset=query.offset,
        next_offset=end if end < len(matches) else None,
        scanned=len(scan.jobs),
        complete=scan.complete,
        suggested_actions=suggest.for_list(page),
    )


# -- get_data_job ---------------------------------------------------------------------------


def _file_counts(facts: JobFacts) -> FileCounts:
    return FileCounts(
        total=len(facts.files),
        queued=facts.count("queued"),
        running=facts.count("running"),
        completed=facts.count("completed"),
        failed=facts.count("failed"),
        ready_without_ingestion=facts.count("ready_without_ingestion"),
    )


def _cause_counts(groups: list[Group]) -> list[CauseCount]:
    return [cause_count(group) for group in groups]


def _queue(facts: JobFacts) -> QueueView | None:
    queued, running = facts.count("queued"), facts.count("running")
    if not queued and not running:
        return None
    positions = [position for f in facts.files if (position := f.queue_position) is not None]
    return QueueView(
        queued=queued,
        running=running,
        next_position=min(positions) if positions else None,
        last_position=max(positions) if positions else None,
    )


T = TypeVar("T")


def _newest_first(items: Sequence[T], moment: Callable[[T], datetime]) -> list[T]:
    """Newest first; between equal times, the later one in the payload first."""
    order = sorted(range(len(items)), key=lambda i: (moment(items[i]), i), reverse=True)
    return [items[i] for i in order]


def _run(run: IngestionJob) -> IngestionRunView:
    statuses = [record.status for record in run.records]
    files = set(run.file_ids)
    files.update(record.alignment_file_id for record in run.records)  # a third of `|`'s time at 100,000
    return IngestionRunView(
        id=run.id,
        status=run.status,
        created_at=run.created_at,
        files=len(files),
        completed=statuses.count("completed"),
        failed=statuses.count("failed"),
        queued=statuses.count("queued"),
        running=statuses.count("running"),
    )


def _progress(value: float | str | None) -> float | None:
    """A percentage, whether SeekrFlow sends 42.5 or "42.5%"; None when it is not a number."""
    if value is None:
        return None
    try:
        number = float(value.strip().removesuffix("%")) if isinstance(value, str) else float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def alignment_view(job: AlignmentJob) -> AlignmentView:
    return AlignmentView(
        id=job.id,
        status=job.status,
        current_step=job.current_step,
        progress=_progress(job.progress),
        eta_minutes=None if job.eta_minutes is None else round(job.eta_minutes),
        status_message=job.status_message,
    )


def _events(detail: DataJobDetail) -> list[EventView]:
    return [
        EventView(timestamp=event.timestamp, event_type=event.event_type, message=event.message)
        for event in _newest_first(detail.timeline, lambda event: event.timestamp)
    ]


def _file_view(f: FileFacts) -> FileView:
    return FileView(
        file_id=f.file_id,
        name=f.name,
        type=f.type,
        state=f.state,
        attempts=f.attempts,
        queue_position=f.queue_position,
        cause=f.cause.code if f.cause is not None else None,
        error_message=f.latest.error_message if f.state == "failed" and f.latest is not None else None,
        updated_at=f.updated_at,
    )


def _in_page_order(facts: JobFacts, state: FileState | None) -> list[FileFacts]:
    """The files a file page shows, in its order: what needs attention first (`_STATE_ORDER`),
    queued files by queue position, otherwise as in the payload."""
    order = [state] if state is not None else sorted(_STATE_ORDER, key=_STATE_ORDER.__getitem__)
    files: list[FileFacts] = []
    for each in order:
        found = facts.by_state.get(each, [])
        files += sorted(found, key=lambda f: f.queue_position or 0) if each == "queued" else found
    return files


def _file_page(matching: list[FileFacts], page: JobPage) -> FilePage:
    end = page.offset + page.limit
    return FilePage(
        state=page.state,
        items=[_file_view(f) for f in matching[page.offset : end]],
        offset=page.offset,
        matched=len(matching),
        next_offset=end if end < len(matching) else None,
    )


def _timeline_page(events: list[EventView], page: JobPage) -> TimelinePage:
    end = page.offset + page.limit
    return TimelinePage(
        items=events[page.offset : end],
        offset=page.offset,
        total=len(events),
        next_offset=end if end < len(events) else None,
    )


def job_view(facts: JobFacts, page: JobPage, suggest: Suggester, estimate: EstimateView | None = None) -> JobView:
    """`estimate`: the time left (`triage.estimate`), computed once by the caller, which knows the time."""
    return job_pages(facts, page, suggest, estimate)(page.limit)


def job_pages(
    facts: JobFacts, page: JobPage, suggest: Suggester, estimate: EstimateView | None = None
) -> Callable[[int], JobView]:
    """`job_view` with pages of any size: what the size does not change is worked out once, for
    a text that must try a smaller page."""
    detail = facts.detail
    runs = _newest_first(detail.ingestion_jobs, lambda run: run.created_at)
    events = _events(detail)
    matching = _in_page_order(facts, page.state) if page.files else None
    # Raw text: the view's types clean it when each page's view is made.
    summary: dict[str, Any] = {
        "id": detail.id,
        "name": detail.name,
        "job_type": detail.job_type,
        "status": detail.status,
        "status_meaning": status_meaning(detail.status),
        "status_message": detail.status_message,
        "created_at": detail.created_at,
        "updated_at": detail.updated_at,
        "ready": facts.readiness.ready,
        "alignment_state": facts.alignment_state,
        "blockers": facts.readiness.blockers,
        "file_counts": _file_counts(facts),
        "open_failures": len(facts.open_failures),
        "resolved_failures": facts.resolved_failures,
        "failures": _cause_counts(facts.groups),
        "queue": _queue(facts),
        "estimate": estimate,
        "ingestion_runs": [_run(run) for run in runs[:RUNS_SHOWN]],
        "more_ingestion_runs": max(0, len(runs) - RUNS_SHOWN),
        "alignment": alignment_view(detail.alignment_job) if detail.alignment_job is not None else None,
        "recent_events": events[:EVENTS_SHOWN],
    }

    def build(size: int) -> JobView:
        sized = replace(page, limit=size)
        file_page = _file_page(matching, sized) if matching is not None else None
        timeline = _timeline_page(events, sized) if page.timeline else None
        actions = suggest.for_job(facts, sized, (file_page, timeline))
        return JobView(
            **summary,
            files=file_page,
            timeline=timeline,
            waiting_on_user=_waiting_on_user(facts, actions),
            suggested_actions=actions,
        )

    return build


# -- summarize_failures ---------------------------------------------------------------------


def _failure_group(group: Group, files_per_group: int) -> FailureGroup:
    cause = group.cause
    return FailureGroup(
        cause=cause.code,
        title=group.title,
        count=len(group.files),
        retryable=cause.retryable,
        action=cause.action,
        message=message_of(group.files[0]),
        fix=cause.fix,
        fix_by_seekrflow=cause.fix_by_seekrflow,
        files=[FailedFile(file_id=f.file_id, name=f.name, attempts=f.attempts) for f in group.files[:files_per_group]],
        more_files=max(0, len(group.files) - files_per_group),
    )


def _job_ref(detail: DataJob) -> JobRef:
    return JobRef(id=detail.id, name=detail.name, status=detail.status)


def _waiting_on_user(facts: JobFacts, actions: list[SuggestedAction]) -> bool:
    """No call of this server can move the job on: what blocks it is the user's to do."""
    return not actions and not facts.alignment_started and bool(facts.readiness.blockers)


def _other_blockers(facts: JobFacts) -> list[Blocker]:
    """The groups already explain the open failures."""
    return [b for b in facts.readiness.blockers if b.code != "open_failures"]


def failure_view(facts: JobFacts, files_per_group: int | None, suggest: Suggester) -> FailureSummaryView:
    """`files_per_group` None: every failed file when there are few enough to name them all."""
    plan = suggest.plan(facts)
    actions = suggest.for_failures(facts, plan)
    if files_per_group is None:
        files_per_group = len(facts.open_failures) if len(facts.open_failures) <= NAME_ALL_UP_TO else FILES_PER_GROUP
    return FailureSummaryView(
        job=_job_ref(facts.detail),
        open_failures=len(facts.open_failures),
        resolved_failures=facts.resolved_failures,
        groups=[_failure_group(group, files_per_group) for group in facts.groups],
        blockers=_other_blockers(facts),
        plan=plan[:PLAN_CALLS],
        more_plan_calls=max(0, len(plan) - PLAN_CALLS),
        waiting_on_user=_waiting_on_user(facts, actions),
        suggested_actions=actions,
    )


@dataclass(frozen=True)
class OverviewJob:
    """What an overview keeps of a job it read, computed as the job arrives so that the job
    itself can be let go: its summary, its retry, and its files per known cause."""

    summary: JobFailures
    retries: list[SuggestedAction]
    causes: list[tuple[Cause, int]]  # unknown messages differ job to job: no evidence they are one cause


def overview_job(facts: JobFacts, suggest: Suggester) -> OverviewJob:
    return OverviewJob(
        summary=JobFailures(
            job=_job_ref(facts.detail),
            open_failures=len(facts.open_failures),
            resolved_failures=facts.resolved_failures,
            causes=_cause_counts(facts.groups),
            blockers=_other_blockers(facts),
        ),
        retries=suggest.retries(facts),
        causes=[(group.cause, len(group.files)) for group in facts.groups if group.cause.code != "other"],
    )


def overview_of(
    jobs: list[OverviewJob], scan: Scan, unread: Unread, suggest: Suggester, limit: int = OVERVIEW_JOBS_SHOWN
) -> FailureSummaryView:
    """Every job needing review that was read (what `overview_job` kept of each), worst first.
    `unread` says which jobs needing review the tool saw in the list but did not read: those
    past its cap are among the `more_jobs`, those that failed to answer are named with the
    reason; none is dropped."""
    worst_first = sorted(jobs, key=lambda job: -job.summary.open_failures)
    shown = [job.summary for job in worst_first[:limit]]
    plan = [step for job in worst_first for step in job.retries]
    return FailureSummaryView(
        job=None,
        open_failures=sum(job.summary.open_failures for job in jobs),
        resolved_failures=sum(job.summary.resolved_failures for job in jobs),
        groups=[],
        blockers=[],
        jobs=shown,
        more_jobs=len(jobs) - len(shown) + unread.past_cap,
        unread_jobs=unread.past_cap + len(unread.failed),
        unreadable_jobs=[UnreadableJob(job=_job_ref(failed.job), reason=failed.reason) for failed in unread.failed],
        across_jobs=_shared_causes(jobs),
        scanned=len(scan.jobs),
        complete=scan.complete,
        plan=plan[:PLAN_CALLS],
        more_plan_calls=max(0, len(plan) - PLAN_CALLS),
        suggested_actions=plan[:MAX_ACTIONS] or suggest.for_overview(shown),
    )


def _shared_causes(jobs: list[OverviewJob]) -> list[SharedCause]:
    """Each known cause that failed files in two jobs or more, most files first."""
    seen: dict[str, tuple[Cause, int, int]] = {}
    for job in jobs:
        for cause, failed in job.causes:
            first, files, count = seen.get(cause.code, (cause, 0, 0))
            seen[cause.code] = (first, files + failed, count + 1)
    shared = [
        SharedCause(
            cause=cause.code,
            title=cause.title,
            files=files,
            jobs=count,
            incident=cause.code in ("service_unavailable", "internal_error"),
        )
        for cause, files, count in seen.values()
        if count > 1
    ]
    return sorted(shared, key=lambda cause: (-cause.files, cause.cause))
