"""What each tool returns: the structured content, and the output schema hosts see.

These models are a public contract: fields may be added, never renamed. Each tool's text is
rendered from its view by `render`, so every fact here has a place in the text and nothing in
the text is missing here. Fields holding SeekrFlow text have the types of `text.sanitize`,
which clean on validation: builders pass raw strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from seekrflow_mcp.seekrflow import vocabulary
from seekrflow_mcp.text.sanitize import (
    MESSAGE_LIMIT,
    Id,
    MaybeId,
    MaybeMessage,
    MaybeToken,
    Message,
    Name,
    Token,
    Word,
    clean,
    clean_strings,
)

CauseCode = Literal[
    "empty_file",
    "invalid_pdf",
    "page_too_large",
    "file_not_found",
    "service_unavailable",
    "internal_error",
    "other",
]
Action = Literal["retry", "replace", "remove", "contact_support"]
BlockerCode = Literal[
    "still_processing",
    "open_failures",
    "no_viable_files",
    "missing_system_prompt",
    "missing_vector_database",
]
# The state of an attached file, from its latest attempt; "unknown" when SeekrFlow names one we do not know.
FileState = Literal[vocabulary.FileState, "unknown"]
Detail = Literal["summary", "files", "timeline", "full"]
# Where the job stands with alignment; once started, its files are frozen.
AlignmentState = Literal["not_started", "in_progress", "finished"]
# How the user answered when asked to confirm a removal.
Confirmation = Literal["accepted", "declined", "cancelled"]
# The message of a failure, or a sentence saying SeekrFlow gave none.
ReportedMessage = Annotated[
    str, BeforeValidator(lambda value: clean(value, MESSAGE_LIMIT) or "SeekrFlow reported no error message.")
]


def _untitled(schema: dict[str, Any]) -> None:
    # Pydantic's titles ("File Id") only restate the field names, in a schema every host reads.
    schema.pop("title", None)
    for field_schema in schema.get("properties", {}).values():
        field_schema.pop("title", None)


class View(BaseModel):
    model_config = ConfigDict(json_schema_extra=_untitled)


class SuggestedAction(View):
    """A complete tool call the model can make as written."""

    tool: str
    # Ids in a call come from SeekrFlow's payloads.
    arguments: Annotated[dict[str, Any], AfterValidator(clean_strings)]
    reason: str


class Blocker(View):
    code: BlockerCode
    message: str


class JobRef(View):
    id: Id
    name: Name
    status: Token


class JobRow(View):
    id: Id
    name: Name
    job_type: Token
    status: Token
    status_meaning: str
    created_at: datetime
    updated_at: datetime


class JobListView(View):
    jobs: list[JobRow]
    counts_by_status: dict[str, int] = Field(description="Across every job scanned that matched the filters")
    matched: int = Field(description="Jobs scanned that matched the filters")
    offset: int = Field(description="Matching jobs skipped before this page")
    next_offset: int | None = Field(description="Pass as `offset` for the next page; null when none")
    scanned: int = Field(description="Jobs looked at")
    complete: bool = Field(description="True when the scan reached the end of the list")
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)


class FileCounts(View):
    total: int
    queued: int
    running: int
    completed: int
    failed: int
    ready_without_ingestion: int


class FileView(View):
    file_id: Id
    name: Name
    type: MaybeToken
    state: FileState
    attempts: int = Field(description="Ingestion attempts recorded for this file")
    queue_position: int | None = None
    cause: CauseCode | None = None
    error_message: MaybeMessage = None
    updated_at: datetime | None = None


class FilePage(View):
    state: FileState | None = Field(description="The state filter applied, if any")
    items: list[FileView]
    offset: int
    matched: int
    next_offset: int | None


class EventView(View):
    timestamp: datetime
    event_type: Word
    message: Message


class TimelinePage(View):
    items: list[EventView] = Field(description="Newest first")
    offset: int
    total: int
    next_offset: int | None


class IngestionRunView(View):
    id: Id
    status: Token
    created_at: datetime
    files: int
    completed: int
    failed: int
    queued: int
    running: int


class QueueView(View):
    queued: int
    running: int
    next_position: int | None = Field(description="Lowest queue position among this job's queued files")
    last_position: int | None


class AlignmentView(View):
    id: MaybeId
    status: MaybeToken
    current_step: MaybeToken = None
    progress: float | None = Field(default=None, description="Percent, 0-100")
    eta_minutes: int | None = None
    status_message: MaybeMessage = None


class CauseCount(View):
    cause: CauseCode
    title: str
    count: int
    retryable: bool
    action: Action


class EstimateView(View):
    """How long until this job's queued and running files have all finished ingesting."""

    low_seconds: int | None = Field(description="Null until one of the files now ingesting has finished")
    high_seconds: int | None
    queued: int = Field(description="This job's files waiting in the queue")
    running: int
    finished: int = Field(description="Files of the runs in progress that finished: what the pace is learnt from")
    per_file_seconds: float | None = Field(description="Their mean duration")
    at_once: int | None = Field(description="The most of this job's files seen ingesting at the same time")
    basis: str = Field(description="What the estimate rests on, in words")


class JobView(View):
    id: Id
    name: Name
    job_type: Token
    status: Token
    status_meaning: str
    status_message: MaybeMessage = None
    created_at: datetime
    updated_at: datetime
    ready: bool = Field(description="Alignment can start now")
    alignment_state: AlignmentState = Field(
        default="not_started", description="Once started, the job's files can no longer change"
    )
    blockers: list[Blocker]
    file_counts: FileCounts
    open_failures: int
    resolved_failures: int
    failures: list[CauseCount] = Field(description="Open failures by cause, largest first")
    queue: QueueView | None = None
    estimate: EstimateView | None = Field(
        default=None, description="Time left while files are queued or running; null otherwise"
    )
    ingestion_runs: list[IngestionRunView] = Field(description="Newest first, capped")
    more_ingestion_runs: int = 0
    alignment: AlignmentView | None = None
    recent_events: list[EventView] = Field(description="Newest first, capped")
    waiting_on_user: bool = Field(
        default=False, description="Only the user can clear what blocks the job, in SeekrFlow"
    )
    files: FilePage | None = Field(default=None, description="With detail=files or full")
    timeline: TimelinePage | None = Field(default=None, description="With detail=timeline or full")
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)


class WaitView(View):
    job_id: Id
    finished: bool = Field(description="The job left file_processing (or was not in it)")
    elapsed_seconds: float = Field(description="How long this call waited")
    timeout_seconds: int
    files_settled: int = Field(description="Attached files completed, failed, or ready without ingestion")
    files_total: int
    estimate: EstimateView | None = Field(description="Time left, while files are queued or running")
    job: JobView = Field(description="The job's summary after the wait, as get_data_job gives it")
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)


class FailedFile(View):
    file_id: Id
    name: Name
    attempts: int


class FailureGroup(View):
    cause: CauseCode
    title: str
    count: int
    retryable: bool = Field(description="Whether adding the same file again can succeed")
    action: Action
    message: ReportedMessage = Field(
        description="The error message SeekrFlow reported (the first one seen in the group)"
    )
    fix: str
    fix_by_seekrflow: bool = Field(default=False, description="The fix is SeekrFlow's own, for a message unknown here")
    files: list[FailedFile]
    more_files: int


class JobFailures(View):
    job: JobRef
    open_failures: int
    resolved_failures: int
    causes: list[CauseCount]
    blockers: list[Blocker]


class UnreadableJob(View):
    job: JobRef
    reason: Message = Field(description="What SeekrFlow answered instead of the job")


class SharedCause(View):
    """One cause of failure seen in several jobs."""

    cause: CauseCode
    title: str
    files: int
    jobs: int
    incident: bool = Field(description="A cause on SeekrFlow's side: several jobs at once suggest a platform incident")


class FailureSummaryView(View):
    job: JobRef | None = Field(description="Null when summarizing every job needing review")
    open_failures: int = Field(description="Attached files whose latest attempt failed")
    resolved_failures: int = Field(description="Files that failed before and have since succeeded")
    groups: list[FailureGroup] = Field(description="Largest first; one job only")
    blockers: list[Blocker]
    jobs: list[JobFailures] = Field(default=[], description="Every job needing review, when no job was given")
    more_jobs: int = 0
    unread_jobs: int = Field(default=0, description="Jobs needing review not read: their failures are not counted")
    across_jobs: list[SharedCause] = Field(default=[], description="Causes seen in several jobs, when no job was given")
    unreadable_jobs: list[UnreadableJob] = Field(
        default=[], description="Jobs needing review that could not be read, with the reason"
    )
    scanned: int | None = None
    complete: bool | None = None
    waiting_on_user: bool = Field(
        default=False, description="Only the user can clear what blocks the job, in SeekrFlow"
    )
    plan: list[SuggestedAction] = Field(default=[], description="The calls that would clear the failures, in order")
    more_plan_calls: int = Field(default=0, description="Calls of the plan beyond those listed")
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)


class FileChange(View):
    file_id: Id
    name: Name | None = None
    queue_position: int | None = None


class Skipped(View):
    file_id: Id
    reason: str
    name: Name | None = None
    fix: str | None = Field(default=None, description="What would fix it instead, when a retry cannot")


class RemainingFiles(View):
    total: int
    viable: int = Field(description="Completed, in progress, or Markdown: files alignment can use")


class FileChangeView(View):
    job_id: Id
    applied: bool
    dry_run: bool = False
    file_ids: list[str] = Field(description="What was sent to SeekrFlow (or would be, on a dry run); capped")
    more_file_ids: int = Field(default=0, description="Ids sent beyond those listed")
    changed: list[FileChange] = Field(description="Files queued (add, retry) or removed; capped")
    more_changed: int = 0
    skipped: list[Skipped]
    more_skipped: int = 0
    others: list[CauseCount] = Field(default=[], description="Open failures a retry was not sent for, by cause")
    unknown_file_ids: list[str] = []
    refused: str | None = Field(default=None, description="Why nothing was done, when nothing was")
    status_after: Token
    status_meaning_after: str
    remaining: RemainingFiles | None = None
    confirmation: Confirmation | None = Field(
        default=None, description="The user's answer when their client asked them to confirm; absent when not asked"
    )
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)


class StartView(View):
    job_id: Id
    started: bool = Field(description="The start was sent and SeekrFlow accepted it")
    refused: str | None = Field(default=None, description="Why nothing was sent, when nothing was")
    status: Token
    status_meaning: str
    blockers: list[Blocker] = Field(description="What must be cleared first, when the job is not ready")
    alignment: AlignmentView | None = None
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)
