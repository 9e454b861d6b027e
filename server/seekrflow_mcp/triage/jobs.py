"""Data jobs, read the way a person needs them: the state of each file, whether alignment can
start, what failed and why, and the calls that would fix it.

Everything here is a pure function of API models. `can_write` says whether the writing tools
(`add_files`, `remove_files`) exist on this server: a suggested call must always be one the
model can make, so those tools are only named when it is true.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar, cast

from seekrflow_mcp.seekrflow.models import (
    AlignmentJob,
    AlignmentStatus,
    DataJob,
    DataJobDetail,
    DataJobFile,
    FileRecord,
    IngestionJob,
    JobStatus,
    JobType,
    RecordStatus,
)
from seekrflow_mcp.triage.causes import CATALOG, OTHER, Cause, classify
from seekrflow_mcp.triage.text import ID_LIMIT, MESSAGE_LIMIT, NAME_LIMIT, WORD_LIMIT, clean
from seekrflow_mcp.triage.views import (
    AlignmentView,
    Blocker,
    CauseCount,
    Detail,
    EventView,
    FailedFile,
    FailureGroup,
    FailureSummaryView,
    FileChange,
    FileChangeView,
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
    RemainingFiles,
    Skipped,
    SuggestedAction,
    TimelinePage,
)

MAX_ACTIONS = 3
# A suggested call is written out whole in the text the model reads, so it carries few ids:
# ten ids are about 500 characters, a hundred (what the API takes) would fill the budget.
IDS_PER_CALL = 10
PLAN_CALLS = 10
OTHER_GROUPS = 5
_VARIOUS = replace(
    OTHER,
    fix=(
        "Each of these files failed with its own message, one this server does not know; "
        '`get_data_job` with detail="files", state="failed" shows each. Upload corrected copies, '
        "attach them, then remove these files."
    ),
)
RUNS_SHOWN = 5
EVENTS_SHOWN = 5

STATUS_MEANINGS: dict[str, str] = {
    "file_processing": "Files are being ingested: at least one ingestion run is queued or running.",
    "needs_review": (
        "Someone must act before alignment can start: files failed to ingest, no usable file is "
        "attached, or a prerequisite such as the system prompt is missing."
    ),
    "ready_to_start": "Every file is ingested and every prerequisite is met: alignment can start.",
    "pending": "Alignment was requested and is waiting to be scheduled.",
    "queued": "Alignment is queued and starts when capacity frees up.",
    "running": "Alignment is running: SeekrFlow is generating training data from the files.",
    "completed": "Alignment finished; its output is ready for fine-tuning.",
    "failed": "Alignment failed; the job's status message or timeline may say why.",
    "cancelled": "Alignment was cancelled before it finished.",
    "stopped": "Alignment was stopped before it finished.",
}

_ALIGNMENT_STATUSES = frozenset(AlignmentStatus)
_RECORD_STATES = frozenset(RecordStatus)
_IN_PROGRESS = frozenset({RecordStatus.QUEUED, RecordStatus.RUNNING})
_ALIGNING = frozenset({AlignmentStatus.PENDING, AlignmentStatus.QUEUED, AlignmentStatus.RUNNING})
# What alignment can use, now or once ingestion finishes.
_VIABLE = frozenset({"completed", "queued", "running", "ready_without_ingestion"})
# The order of a file page: what needs attention first.
_STATE_ORDER: dict[str, int] = {
    "failed": 0,
    "queued": 1,
    "running": 2,
    "completed": 3,
    "ready_without_ingestion": 4,
    "unknown": 5,
}
_CAUSE_ORDER = {cause.code: index for index, cause in enumerate(CATALOG)}
_VECTOR_DATABASE = re.compile(r"vector[\s_-]*(database|db)", re.IGNORECASE)


def status_meaning(status: str) -> str:
    known = STATUS_MEANINGS.get(status)
    if known is not None:
        return known
    return (
        f'SeekrFlow reports the status "{clean(status, WORD_LIMIT)}", which this server does not '
        "know; the job's status message and timeline may explain it."
    )


# -- the state of each file ---------------------------------------------------------------


@dataclass(frozen=True)
class _File:
    """An attached file and its latest attempt."""

    file_id: str  # exactly as SeekrFlow sent it, to match the ids a caller gives
    name: str
    type: str | None
    state: FileState
    attempts: int
    latest: FileRecord | None
    resolved: bool  # failed before, and its latest attempt completed
    cause: Cause | None  # when failed
    updated_at: datetime | None


def _records_by_file(detail: DataJobDetail) -> dict[str, list[FileRecord]]:
    """Every live record of each file, in payload order: a deleted record is no longer part of
    the job, so it neither decides a file's state nor counts as an attempt."""
    records: dict[str, list[FileRecord]] = {}
    for run in detail.ingestion_jobs:
        for record in run.records:
            if not record.deleted:
                records.setdefault(record.alignment_file_id, []).append(record)
    return records


def _latest(records: Sequence[FileRecord]) -> FileRecord:
    """The latest record by `created_at`; on a tie, the later one in the payload."""
    latest = records[0]
    for record in records[1:]:
        if record.created_at >= latest.created_at:
            latest = record
    return latest


def _state(attached: DataJobFile, latest: FileRecord | None) -> FileState:
    if latest is not None:
        return cast(FileState, latest.status) if latest.status in _RECORD_STATES else "unknown"
    if attached.record_id is None or (attached.type or "").lower() == "md":
        return "ready_without_ingestion"
    # A record the detail does not include: the file entry's own status is all there is.
    return cast(FileState, attached.status) if attached.status in _RECORD_STATES else "unknown"


def _last_change(record: FileRecord) -> datetime:
    moments = (record.created_at, record.processing_at, record.completed_at, record.failed_at)
    return max(moment for moment in moments if moment is not None)


def _file(attached: DataJobFile, history: list[FileRecord]) -> _File:
    latest = _latest(history) if history else None
    state = _state(attached, latest)
    cause = None
    if state == "failed":
        cause = (
            classify(latest.error_message, latest.suggested_fix)
            if latest is not None
            else classify(None, attached.suggested_fix)
        )
    raw_name = attached.name or (latest.filename if latest is not None else None)
    return _File(
        file_id=attached.file_id,
        name=clean(raw_name, NAME_LIMIT) or clean(attached.file_id, ID_LIMIT),
        type=clean(attached.type, WORD_LIMIT) or None,
        state=state,
        attempts=len(history),
        latest=latest,
        resolved=state == "completed" and any(r.status == RecordStatus.FAILED for r in history),
        cause=cause,
        updated_at=_last_change(latest) if latest is not None else attached.created_at,
    )


def _files(detail: DataJobDetail) -> list[_File]:
    """The attached files, in payload order. Records of files no longer attached are history."""
    history = _records_by_file(detail)
    return [_file(attached, history.get(attached.file_id, [])) for attached in detail.files]


def _count(files: Iterable[_File], state: FileState) -> int:
    return sum(1 for f in files if f.state == state)


def _open_failures(files: Iterable[_File]) -> list[_File]:
    return [f for f in files if f.state == "failed"]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# -- readiness ----------------------------------------------------------------------------


def _alignment_started(detail: DataJobDetail) -> bool:
    return (
        detail.alignment_job is not None
        or detail.alignment_job_id is not None
        or detail.status in _ALIGNMENT_STATUSES
    )


def readiness(detail: DataJobDetail) -> tuple[bool, list[Blocker]]:
    """Whether alignment can start now and, if not, every reason. A job whose alignment has
    started is past this stage: not ready, and nothing blocks it."""
    return _readiness(detail, _files(detail))


def _readiness(detail: DataJobDetail, files: list[_File]) -> tuple[bool, list[Blocker]]:
    if _alignment_started(detail):
        return False, []
    blockers = _blockers(detail, files)
    # Only SeekrFlow's own verdict lets `/start` through: with no blocker found, a job still
    # in `needs_review` is waiting for a reason SeekrFlow has not told us.
    return detail.status == JobStatus.READY_TO_START and not blockers, blockers


def _blockers(detail: DataJobDetail, files: list[_File]) -> list[Blocker]:
    blockers: list[Blocker] = []
    queued, running = _count(files, "queued"), _count(files, "running")
    if queued or running:
        blockers.append(Blocker(
            code="still_processing",
            message=(
                f"{_plural(queued + running, 'file')} still being ingested ({running} running, "
                f"{queued} queued); alignment can start only after they finish."
            ),
        ))
    elif any(run.status in _IN_PROGRESS for run in detail.ingestion_jobs):
        blockers.append(Blocker(
            code="still_processing",
            message="An ingestion run is still queued or running; alignment can start only after it finishes.",
        ))
    failed = len(_open_failures(files))
    if failed:
        blockers.append(Blocker(
            code="open_failures",
            message=(
                f"{_plural(failed, 'attached file')} failed to ingest; each must be retried, replaced "
                "or removed before alignment can start."
            ),
        ))
    if not any(f.state in _VIABLE for f in files):
        blockers.append(Blocker(code="no_viable_files", message=_no_viable_files(len(files))))
    if detail.job_type == JobType.PRINCIPLE_FILES and not (detail.system_prompt or "").strip():
        blockers.append(Blocker(
            code="missing_system_prompt",
            message=(
                "The job has no system prompt, which principle-files jobs need before alignment can "
                "start: set one on the job in SeekrFlow."
            ),
        ))
    # SeekrFlow may not send the vector database at all, so its absence alone proves nothing:
    # only SeekrFlow saying so, or a review status with no other explanation, does.
    if (
        detail.job_type == JobType.CONTEXT_GROUNDED_VECTOR_DB
        and not detail.vector_database_id
        and (
            _VECTOR_DATABASE.search(detail.status_message or "")
            or (detail.status == JobStatus.NEEDS_REVIEW and not blockers)
        )
    ):
        blockers.append(Blocker(
            code="missing_vector_database",
            message=(
                "SeekrFlow reports no vector database for this job, which vector-database jobs need "
                "before alignment can start: set one on the job in SeekrFlow."
            ),
        ))
    return blockers


def _no_viable_files(attached: int) -> str:
    if not attached:
        return "No files are attached; attach at least one file before alignment can start."
    if attached == 1:
        unusable = "The only attached file cannot be used: it did not ingest successfully"
    else:
        unusable = f"None of the {attached} attached files can be used: none ingested successfully"
    return (
        f"{unusable}, nothing is being ingested, and there is no Markdown file. Attach a file that "
        "ingests before alignment can start."
    )


# -- suggested calls ----------------------------------------------------------------------


def _call(tool: str, reason: str, **arguments: Any) -> SuggestedAction:
    return SuggestedAction(tool=tool, arguments=arguments, reason=reason)


def _get_job(job_id: str, reason: str) -> SuggestedAction:
    return _call("get_data_job", reason, job_id=job_id)


def _summarize(job_id: str, reason: str) -> SuggestedAction:
    return _call("summarize_failures", reason, job_id=job_id)


def _batched(
    tool: str, job_id: str, groups: list[_Group], reason: Callable[[int, str, str, str], str]
) -> list[SuggestedAction]:
    """`tool` on every file of `groups`, IDS_PER_CALL files a call. `reason(total, files, causes,
    part)` says why, given the number of files in all, the call's share ("3 files", "10 of the
    25 files"), the groups' titles, and " (part 2 of 3)" when there is more than one call."""
    ids = [clean(f.file_id, ID_LIMIT) for group in groups for f in group.files]
    causes = "; ".join(group.cause.title.lower() for group in groups)
    chunks = [ids[i : i + IDS_PER_CALL] for i in range(0, len(ids), IDS_PER_CALL)]
    calls = []
    for index, chunk in enumerate(chunks, start=1):
        files = _plural(len(chunk), "file") if len(chunk) == len(ids) else f"{len(chunk)} of the {len(ids)} files"
        part = f" (part {index} of {len(chunks)})" if len(chunks) > 1 else ""
        calls.append(_call(tool, reason(len(ids), files, causes, part), job_id=job_id, file_ids=chunk))
    return calls


# -- list_data_jobs -----------------------------------------------------------------------


def _row(job: DataJob) -> JobRow:
    return JobRow(
        id=clean(job.id, ID_LIMIT),
        name=clean(job.name, NAME_LIMIT),
        job_type=clean(job.job_type, WORD_LIMIT),
        status=clean(job.status, WORD_LIMIT),
        status_meaning=status_meaning(job.status),
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


def list_view(
    jobs: list[DataJob],
    *,
    statuses: list[str] | None,
    name_contains: str | None,
    offset: int,
    limit: int,
    complete: bool,
) -> JobListView:
    """A page of the jobs that match, from every job the tool scanned (the API filters neither
    by status nor by name). Every suggestion is a read: listing jobs never calls for a change."""
    needle = name_contains.casefold() if name_contains else None
    matches = [
        job
        for job in jobs
        if (not statuses or job.status in statuses) and (needle is None or needle in job.name.casefold())
    ]
    counts: dict[str, int] = {}
    for job in matches:
        status = clean(job.status, WORD_LIMIT)
        counts[status] = counts.get(status, 0) + 1
    page = matches[offset : offset + limit]
    return JobListView(
        jobs=[_row(job) for job in page],
        counts_by_status=dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
        matched=len(matches),
        offset=offset,
        next_offset=offset + limit if offset + limit < len(matches) else None,
        scanned=len(jobs),
        complete=complete,
        suggested_actions=_list_actions(page),
    )


def _list_actions(page: list[DataJob]) -> list[SuggestedAction]:
    stuck = [job for job in page if job.status == JobStatus.NEEDS_REVIEW]
    actions: list[SuggestedAction] = []
    if len(stuck) > 1:
        actions.append(_call(
            "summarize_failures",
            f"{len(stuck)} jobs on this page need review: see why, job by job, and what fixes each.",
        ))
    elif stuck:
        actions.append(_summarize(
            clean(stuck[0].id, ID_LIMIT), "This job needs review: see what blocks it and what fixes each problem."
        ))
    for job in page:
        if job.status == JobStatus.FILE_PROCESSING:
            actions.append(_get_job(clean(job.id, ID_LIMIT), "This job is ingesting files: follow its progress."))
    return actions[:MAX_ACTIONS]


# -- get_data_job -------------------------------------------------------------------------


def _file_counts(files: list[_File]) -> FileCounts:
    return FileCounts(
        total=len(files),
        queued=_count(files, "queued"),
        running=_count(files, "running"),
        completed=_count(files, "completed"),
        failed=_count(files, "failed"),
        ready_without_ingestion=_count(files, "ready_without_ingestion"),
    )


@dataclass(frozen=True)
class _Group:
    cause: Cause  # the first file's: for `other`, that file's own suggested fix
    files: list[_File]
    messages: int = 1  # distinct unknown messages merged into this group

    @property
    def title(self) -> str:
        if self.cause.code != "other":
            return self.cause.title
        if self.messages > 1:
            return f"Other errors ({self.messages} different messages)"
        message = _message(self.files[0], 60)
        return f'{self.cause.title}: "{message}"' if message else self.cause.title


def _message(f: _File, limit: int) -> str:
    return clean(f.latest.error_message if f.latest is not None else None, limit)


def _groups(files: list[_File]) -> list[_Group]:
    """Open failures by cause: largest group first, ties in catalog order. Messages the catalog
    does not know each get their own group, since each comes with its own fix; past
    OTHER_GROUPS of them (messages that carry a page number or a file name would make one
    group per file) the smallest share one group with a general fix."""
    groups: dict[tuple[str, str], _Group] = {}
    for f in files:
        if f.cause is not None:  # only failed files have one
            key = (f.cause.code, _message(f, MESSAGE_LIMIT).casefold() if f.cause.code == "other" else "")
            groups.setdefault(key, _Group(cause=f.cause, files=[])).files.append(f)
    ordered = sorted(groups.values(), key=lambda group: (-len(group.files), _CAUSE_ORDER[group.cause.code]))
    others = [group for group in ordered if group.cause.code == "other"]
    if len(others) <= OTHER_GROUPS:
        return ordered
    rest = others[OTHER_GROUPS - 1 :]
    merged = _Group(cause=_VARIOUS, files=[f for group in rest for f in group.files], messages=len(rest))
    kept = [group for group in ordered if not any(group is r for r in rest)] + [merged]
    return sorted(kept, key=lambda group: (-len(group.files), _CAUSE_ORDER[group.cause.code]))


def _cause_counts(files: list[_File]) -> list[CauseCount]:
    return [
        CauseCount(
            cause=group.cause.code,
            title=group.title,
            count=len(group.files),
            retryable=group.cause.retryable,
            action=group.cause.action,
        )
        for group in _groups(files)
    ]


def _queue(files: list[_File]) -> QueueView | None:
    positions = [position for f in files if (position := _queue_position(f)) is not None]
    queued, running = _count(files, "queued"), _count(files, "running")
    if not queued and not running:
        return None
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
    return IngestionRunView(
        id=clean(run.id, ID_LIMIT),
        status=clean(run.status, WORD_LIMIT),
        created_at=run.created_at,
        files=len(set(run.file_ids) | {record.alignment_file_id for record in run.records}),
        completed=statuses.count(RecordStatus.COMPLETED),
        failed=statuses.count(RecordStatus.FAILED),
        queued=statuses.count(RecordStatus.QUEUED),
        running=statuses.count(RecordStatus.RUNNING),
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


def _alignment(job: AlignmentJob) -> AlignmentView:
    return AlignmentView(
        id=clean(job.id, ID_LIMIT) or None,
        status=clean(job.status, WORD_LIMIT) or None,
        current_step=clean(job.current_step, WORD_LIMIT) or None,
        progress=_progress(job.progress),
        eta_minutes=None if job.eta_minutes is None else round(job.eta_minutes),
        status_message=clean(job.status_message, MESSAGE_LIMIT) or None,
    )


def _events(detail: DataJobDetail) -> list[EventView]:
    return [
        EventView(
            timestamp=event.timestamp,
            event_type=clean(event.event_type, WORD_LIMIT),
            message=clean(event.message, MESSAGE_LIMIT),
        )
        for event in _newest_first(detail.timeline, lambda event: event.timestamp)
    ]


def _queue_position(f: _File) -> int | None:
    return f.latest.queue_position if f.state == "queued" and f.latest is not None else None


def _file_view(f: _File) -> FileView:
    return FileView(
        file_id=clean(f.file_id, ID_LIMIT),
        name=f.name,
        type=f.type,
        state=f.state,
        attempts=f.attempts,
        queue_position=_queue_position(f),
        cause=f.cause.code if f.cause is not None else None,
        error_message=(
            clean(f.latest.error_message, MESSAGE_LIMIT) or None
            if f.state == "failed" and f.latest is not None
            else None
        ),
        updated_at=f.updated_at,
    )


def _file_page(files: list[_File], state: FileState | None, offset: int, limit: int) -> FilePage:
    def order(indexed: tuple[int, _File]) -> tuple[int, int, int]:
        index, f = indexed
        return _STATE_ORDER[f.state], _queue_position(f) or 0, index

    matching = [f for _, f in sorted(enumerate(files), key=order) if state is None or f.state == state]
    return FilePage(
        state=state,
        items=[_file_view(f) for f in matching[offset : offset + limit]],
        offset=offset,
        matched=len(matching),
        next_offset=offset + limit if offset + limit < len(matching) else None,
    )


def _timeline_page(events: list[EventView], offset: int, limit: int) -> TimelinePage:
    return TimelinePage(
        items=events[offset : offset + limit],
        offset=offset,
        total=len(events),
        next_offset=offset + limit if offset + limit < len(events) else None,
    )


def job_view(
    detail: DataJobDetail,
    *,
    detail_level: Detail = "summary",
    state: FileState | None = None,
    offset: int = 0,
    limit: int = 50,
    can_write: bool,
) -> JobView:
    files = _files(detail)
    ready, blockers = _readiness(detail, files)
    runs = _newest_first(detail.ingestion_jobs, lambda run: run.created_at)
    events = _events(detail)
    file_page = _file_page(files, state, offset, limit) if detail_level in ("files", "full") else None
    timeline = _timeline_page(events, offset, limit) if detail_level in ("timeline", "full") else None
    return JobView(
        id=clean(detail.id, ID_LIMIT),
        name=clean(detail.name, NAME_LIMIT),
        job_type=clean(detail.job_type, WORD_LIMIT),
        status=clean(detail.status, WORD_LIMIT),
        status_meaning=status_meaning(detail.status),
        status_message=clean(detail.status_message, MESSAGE_LIMIT) or None,
        created_at=detail.created_at,
        updated_at=detail.updated_at,
        ready=ready,
        blockers=blockers,
        file_counts=_file_counts(files),
        open_failures=len(_open_failures(files)),
        resolved_failures=sum(1 for f in files if f.resolved),
        failures=_cause_counts(files),
        queue=_queue(files),
        ingestion_runs=[_run(run) for run in runs[:RUNS_SHOWN]],
        more_ingestion_runs=max(0, len(runs) - RUNS_SHOWN),
        alignment=_alignment(detail.alignment_job) if detail.alignment_job is not None else None,
        recent_events=events[:EVENTS_SHOWN],
        files=file_page,
        timeline=timeline,
        suggested_actions=_job_actions(
            detail, files, blockers, detail_level, state, offset, limit, file_page, timeline, can_write
        ),
    )


def _job_actions(
    detail: DataJobDetail,
    files: list[_File],
    blockers: list[Blocker],
    detail_level: Detail,
    state: FileState | None,
    offset: int,
    limit: int,
    file_page: FilePage | None,
    timeline: TimelinePage | None,
    can_write: bool,
) -> list[SuggestedAction]:
    job_id = clean(detail.id, ID_LIMIT)
    failed = _open_failures(files)
    actions: list[SuggestedAction] = []
    if failed:
        actions.append(_summarize(
            job_id,
            f"{_plural(len(failed), 'file')} failed to ingest: see each cause, its fix, and the calls that clear them.",
        ))
        # Retrying a temporary failure changes nothing else, so it can be offered straight away.
        actions.extend(_retry_calls(job_id, _groups(files), can_write)[:1])
    elif any(b.code != "still_processing" for b in blockers):
        actions.append(_summarize(job_id, "See what blocks alignment and how to clear it."))
    if any(b.code == "still_processing" for b in blockers):
        actions.append(_get_job(job_id, "Ingestion is still in progress: read the job again to follow it."))
    elif detail.status in _ALIGNING:
        actions.append(_get_job(job_id, "Alignment is in progress: read the job again later to follow it."))
    # Both pages share `offset` and `limit`, so one call turns both.
    pages = (("files", file_page), ("timeline events", timeline))
    more = [what for what, page in pages if page is not None and page.next_offset is not None]
    if more:
        arguments: dict[str, Any] = {"job_id": job_id, "detail": detail_level}
        if state is not None and file_page is not None:
            arguments["state"] = state
        arguments |= {"offset": offset + limit, "limit": limit}
        actions.append(_call("get_data_job", f"The next page of {' and '.join(more)}.", **arguments))
    return actions[:MAX_ACTIONS]


# -- summarize_failures -------------------------------------------------------------------


def _retry_calls(job_id: str, groups: list[_Group], can_write: bool) -> list[SuggestedAction]:
    if not can_write:
        return []
    return _batched(
        "add_files",
        job_id,
        [group for group in groups if group.cause.retryable],
        lambda _, files, causes, part: (
            f"Retry {files} that failed on SeekrFlow's side, not because of the file ({causes}): adding a "
            f"failed file again queues a new attempt{part}."
        ),
    )


def _plan(job_id: str, files: list[_File], groups: list[_Group], can_write: bool) -> list[SuggestedAction]:
    """Every call that clears the open failures: retries first, then removals. Removing is left
    out when nothing usable would remain, since `remove_files` would refuse it; the
    `no_viable_files` blocker already says what must come first."""
    retries = _retry_calls(job_id, groups, can_write)
    keep = [group for group in groups if not group.cause.retryable]
    if not can_write or not keep:
        return retries
    if not retries and not any(f.state in _VIABLE for f in files):
        return retries
    return retries + _batched(
        "remove_files",
        job_id,
        keep,
        lambda total, files, causes, part: (
            f"Detach {files} that cannot ingest as {'it is' if total == 1 else 'they are'} ({causes}){part}. "
            "To keep their content, upload a corrected copy and attach it with add_files first."
        ),
    )


def _failure_group(group: _Group, files_per_group: int) -> FailureGroup:
    cause = group.cause
    first = group.files[0].latest
    message = clean(first.error_message if first is not None else None, MESSAGE_LIMIT)
    return FailureGroup(
        cause=cause.code,
        title=group.title,
        count=len(group.files),
        retryable=cause.retryable,
        action=cause.action,
        message=message or "SeekrFlow reported no error message.",
        fix=cause.fix,
        files=[
            FailedFile(file_id=clean(f.file_id, ID_LIMIT), name=f.name, attempts=f.attempts)
            for f in group.files[:files_per_group]
        ],
        more_files=max(0, len(group.files) - files_per_group),
    )


def _job_ref(detail: DataJob) -> JobRef:
    return JobRef(
        id=clean(detail.id, ID_LIMIT), name=clean(detail.name, NAME_LIMIT), status=clean(detail.status, WORD_LIMIT)
    )


def _other_blockers(blockers: list[Blocker]) -> list[Blocker]:
    """The groups already explain the open failures."""
    return [b for b in blockers if b.code != "open_failures"]


def failure_view(detail: DataJobDetail, *, files_per_group: int = 10, can_write: bool) -> FailureSummaryView:
    files = _files(detail)
    _, blockers = _readiness(detail, files)
    groups = _groups(files)
    job_id = clean(detail.id, ID_LIMIT)
    # Once alignment has started, files can no longer change what it runs on.
    started = _alignment_started(detail)
    plan = [] if started else _plan(job_id, files, groups, can_write)
    if plan:
        actions = plan[:MAX_ACTIONS]
    elif not groups:
        actions = [_get_job(job_id, "No open failure to clear: read the job's status and readiness.")]
    elif started:
        actions = [_get_job(job_id, "Alignment has started, so the job's files can no longer change: follow it.")]
    elif not can_write:
        actions = [_get_job(job_id, "This server cannot change files: fix them in SeekrFlow, then read the job again.")]
    else:  # `_plan` leaves out a removal that would leave nothing usable
        actions = [_get_job(
            job_id,
            "Removing these files would leave nothing usable: upload a corrected copy in SeekrFlow, attach it "
            "with add_files, then read the job again.",
        )]
    return FailureSummaryView(
        job=_job_ref(detail),
        open_failures=sum(len(group.files) for group in groups),
        resolved_failures=sum(1 for f in files if f.resolved),
        groups=[_failure_group(group, files_per_group) for group in groups],
        blockers=_other_blockers(blockers),
        plan=plan[:PLAN_CALLS],
        more_plan_calls=max(0, len(plan) - PLAN_CALLS),
        suggested_actions=actions,
    )


def overview_failure_view(
    details: list[DataJobDetail],
    *,
    scanned: int,
    complete: bool,
    limit: int = 10,
    skipped: int = 0,
) -> FailureSummaryView:
    """Every job needing review, worst first. `skipped` counts jobs needing review that the
    tool saw in the list but did not read: they are among the `more_jobs`, never dropped."""
    summaries = []
    for detail in details:
        files = _files(detail)
        _, blockers = _readiness(detail, files)
        summaries.append(JobFailures(
            job=_job_ref(detail),
            open_failures=len(_open_failures(files)),
            resolved_failures=sum(1 for f in files if f.resolved),
            causes=_cause_counts(files),
            blockers=_other_blockers(blockers),
        ))
    ranked = sorted(summaries, key=lambda summary: -summary.open_failures)
    shown = ranked[:limit]
    return FailureSummaryView(
        job=None,
        open_failures=sum(summary.open_failures for summary in summaries),
        resolved_failures=sum(summary.resolved_failures for summary in summaries),
        groups=[],
        blockers=[],
        jobs=shown,
        more_jobs=len(ranked) - len(shown) + skipped,
        unread_jobs=skipped,
        scanned=scanned,
        complete=complete,
        suggested_actions=[
            _summarize(
                summary.job.id,
                f"{_plural(summary.open_failures, 'open failure')} in this job: "
                "see the causes and the calls that fix them."
                if summary.open_failures
                else "See what blocks this job's alignment and how to clear it.",
            )
            for summary in shown[:MAX_ACTIONS]
        ],
    )


# -- add_files ----------------------------------------------------------------------------

_ADD_SKIP_REASONS: dict[str, str] = {
    "completed": "already attached and completed",
    "queued": "already queued",
    "running": "already processing",
    "ready_without_ingestion": "already attached (Markdown)",
    "unknown": "already attached, in a state SeekrFlow did not name",
}


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def plan_add(detail: DataJobDetail, file_ids: list[str]) -> tuple[list[str], list[Skipped]]:
    """What to send: new files, and attached files whose latest attempt failed (attaching them
    again retries them). Anything else attached is skipped, with the reason."""
    attached = {f.file_id: f for f in _files(detail)}
    send: list[str] = []
    skipped: list[Skipped] = []
    for file_id in _unique(file_ids):
        f = attached.get(file_id)
        if f is None or f.state == "failed":
            send.append(file_id)
        else:
            skipped.append(Skipped(file_id=file_id, name=f.name, reason=_ADD_SKIP_REASONS[f.state]))
    return send, skipped


def add_result_view(
    before: DataJobDetail,
    after: DataJobDetail | None,
    sent: list[str],
    skipped: list[Skipped],
) -> FileChangeView:
    """`after` is None when nothing was sent because every id was skipped. Every suggestion
    here is a read: what to do next depends on how ingestion goes."""
    job = after or before
    files = {f.file_id: f for f in _files(job)}
    changed = []
    for file_id in sent:
        f = files.get(file_id)
        changed.append(FileChange(
            file_id=file_id,
            name=f.name if f is not None else None,
            queue_position=_queue_position(f) if f is not None else None,
        ))
    job_id = clean(job.id, ID_LIMIT)
    actions = []
    if sent:
        actions.append(_get_job(job_id, f"Follow the ingestion of the {_plural(len(sent), 'file')} just added."))
    failed = _open_failures(files.values())
    if any(f.file_id not in sent for f in failed):
        actions.append(_summarize(job_id, "Other files of this job failed to ingest: see why and what fixes them."))
    if not actions:
        actions.append(_get_job(job_id, "Nothing was sent: read the job's status and readiness."))
    return FileChangeView(
        job_id=job_id,
        applied=after is not None,
        file_ids=sent,
        changed=changed,
        skipped=skipped,
        status_after=clean(job.status, WORD_LIMIT),
        status_meaning_after=status_meaning(job.status),
        suggested_actions=actions[:MAX_ACTIONS],
    )


# -- remove_files -------------------------------------------------------------------------


@dataclass(frozen=True)
class RemovePlan:
    to_remove: list[str]  # de-duplicated, all attached
    unknown: list[str]  # given but not attached: nothing may be removed then
    remaining: RemainingFiles  # what the job would keep
    refused: str | None  # why nothing may be removed, when nothing may


def _remaining(files: Iterable[_File]) -> RemainingFiles:
    kept = list(files)
    return RemainingFiles(total=len(kept), viable=sum(1 for f in kept if f.state in _VIABLE))


def plan_remove(detail: DataJobDetail, file_ids: list[str], allow_no_viable_files: bool) -> RemovePlan:
    files = _files(detail)
    attached = {f.file_id for f in files}
    wanted = _unique(file_ids)
    to_remove = [file_id for file_id in wanted if file_id in attached]
    unknown = [file_id for file_id in wanted if file_id not in attached]
    removed = set(to_remove)
    remaining = _remaining(f for f in files if f.file_id not in removed)
    job_id = clean(detail.id, ID_LIMIT)
    refused = None
    if unknown:
        # `unknown_file_ids` has them all; a hundred ids would fill the sentence.
        named = ", ".join(unknown[:3]) + (f" and {len(unknown) - 3} more" if len(unknown) > 3 else "")
        refused = (
            f"{_plural(len(unknown), 'file id')} given "
            f"{'is' if len(unknown) == 1 else 'are'} not attached to data job {job_id} "
            f"({named}). Check the ids with `get_data_job(job_id=\"{job_id}\", detail=\"files\")`."
        )
    elif not remaining.viable and not allow_no_viable_files:
        refused = (
            f"Data job {job_id} would be left with no file alignment can use "
            "(completed, being ingested, or Markdown). Attach a file that ingests first, or call "
            "remove_files again with allow_no_viable_files=true to remove them anyway."
        )
    return RemovePlan(to_remove=to_remove, unknown=unknown, remaining=remaining, refused=refused)


def remove_result_view(
    before: DataJobDetail,
    after: DataJobDetail | None,
    plan: RemovePlan,
    *,
    dry_run: bool,
) -> FileChangeView:
    """`after` is None when the removal was refused or only a dry run: nothing changed."""
    before_files = _files(before)
    after_files = _files(after) if after is not None else None
    names = {f.file_id: f.name for f in before_files}
    job = after or before
    job_id = clean(before.id, ID_LIMIT)
    acted = plan.refused is None
    if after_files is not None:
        remaining = _remaining(after_files)
    elif acted:  # a dry run: what would remain
        remaining = plan.remaining
    else:  # refused: nothing changed
        remaining = _remaining(before_files)
    return FileChangeView(
        job_id=job_id,
        applied=after is not None,
        dry_run=dry_run,
        file_ids=plan.to_remove if acted else [],
        changed=[FileChange(file_id=file_id, name=names[file_id]) for file_id in plan.to_remove] if acted else [],
        skipped=[],
        unknown_file_ids=plan.unknown,
        refused=plan.refused,
        status_after=clean(job.status, WORD_LIMIT),
        status_meaning_after=status_meaning(job.status),
        remaining=remaining,
        suggested_actions=_remove_actions(job_id, after_files, plan, dry_run),
    )


def _remove_actions(
    job_id: str, after_files: list[_File] | None, plan: RemovePlan, dry_run: bool
) -> list[SuggestedAction]:
    if plan.refused is not None:
        return [
            _call("get_data_job", "See which files are attached and which are usable.", job_id=job_id, detail="files")
        ]
    if after_files is not None:
        if _open_failures(after_files):
            return [_summarize(job_id, "Files still fail to ingest: see why and what fixes them.")]
        return [_get_job(job_id, "See whether alignment can start now.")]
    if dry_run:
        arguments: dict[str, Any] = {"job_id": job_id, "file_ids": plan.to_remove}
        if not plan.remaining.viable:
            # Not refused with nothing viable left: the dry run was asked with the override.
            arguments["allow_no_viable_files"] = True
        return [SuggestedAction(tool="remove_files", arguments=arguments, reason="Apply the removal shown here.")]
    return []
