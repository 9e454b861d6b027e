"""A job's facts, computed once per read: each attached file's state from its latest attempt,
the open and resolved failures, the failures grouped by cause, and readiness with every
blocker. Every view, plan and suggested call of a job is built from these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import cast

from seekrflow_mcp.seekrflow.models import DataJobDetail, DataJobFile, FileRecord
from seekrflow_mcp.seekrflow.vocabulary import ALIGNED, ALIGNMENT_STATUSES, RECORD_STATUSES
from seekrflow_mcp.text.sanitize import ID_LIMIT, NAME_LIMIT, clean
from seekrflow_mcp.triage.causes import Cause, classify, spent
from seekrflow_mcp.triage.groups import Group, group_failures
from seekrflow_mcp.triage.readiness import Readiness, readiness
from seekrflow_mcp.triage.views import AlignmentState, FileState

# What alignment can use, now or once ingestion finishes.
VIABLE: frozenset[FileState] = frozenset({"completed", "queued", "running", "ready_without_ingestion"})


@dataclass(frozen=True)
class FileFacts:
    """An attached file and its latest attempt. Text is as SeekrFlow sent it."""

    file_id: str  # exactly as sent, to match the ids a caller gives
    raw_name: str | None
    type: str | None
    state: FileState
    attempts: int
    failures: int  # attempts that failed
    latest: FileRecord | None
    resolved: bool  # failed before, and its latest attempt completed
    cause: Cause | None  # when failed
    updated_at: datetime | None

    @cached_property
    def name(self) -> str:
        """What to call it: its name, or its id when it has none. Computed for the few files a
        result shows, not for every file of a large job."""
        return clean(self.raw_name, NAME_LIMIT) or clean(self.file_id, ID_LIMIT)

    @property
    def queue_position(self) -> int | None:
        return self.latest.queue_position if self.state == "queued" and self.latest is not None else None

    @property
    def viable(self) -> bool:
        return self.state in VIABLE


@dataclass(frozen=True)
class JobFacts:
    detail: DataJobDetail
    files: list[FileFacts]
    groups: list[Group]  # open failures by cause, largest first
    readiness: Readiness
    by_id: dict[str, FileFacts] = field(repr=False)

    @cached_property
    def open_failures(self) -> list[FileFacts]:
        return [f for f in self.files if f.state == "failed"]

    @cached_property
    def resolved_failures(self) -> int:
        return sum(1 for f in self.files if f.resolved)

    @property
    def alignment_started(self) -> bool:
        return alignment_started(self.detail)

    @property
    def alignment_state(self) -> AlignmentState:
        if not self.alignment_started:
            return "not_started"
        return "finished" if self.detail.status in ALIGNED else "in_progress"

    @cached_property
    def _counts(self) -> Counter[FileState]:
        return Counter(f.state for f in self.files)

    def count(self, state: FileState) -> int:
        return self._counts[state]

    @property
    def ingesting(self) -> bool:
        """Files or an ingestion run are still queued or running."""
        return any(b.code == "still_processing" for b in self.readiness.blockers)


def job_facts(detail: DataJobDetail) -> JobFacts:
    files = _files(detail)
    return JobFacts(
        detail=detail,
        files=files,
        groups=group_failures(files),
        readiness=readiness(detail, files, started=alignment_started(detail)),
        by_id={f.file_id: f for f in files},
    )


def alignment_started(detail: DataJobDetail) -> bool:
    return (
        detail.alignment_job is not None or detail.alignment_job_id is not None or detail.status in ALIGNMENT_STATUSES
    )


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
        return cast(FileState, latest.status) if latest.status in RECORD_STATUSES else "unknown"
    if _markdown(attached):
        return "ready_without_ingestion"
    # No record in the detail: the file entry's own status is all there is; with neither, a
    # file just attached is waiting for its first attempt.
    if attached.status in RECORD_STATUSES:
        return cast(FileState, attached.status)
    return "queued" if attached.record_id is None else "unknown"


def _markdown(attached: DataJobFile) -> bool:
    kind = (attached.type or "").lower().lstrip(".")
    name = (attached.name or "").lower()
    return kind in ("md", "markdown") or name.endswith((".md", ".markdown"))


def _last_change(record: FileRecord) -> datetime:
    moments = (record.created_at, record.processing_at, record.completed_at, record.failed_at)
    return max(moment for moment in moments if moment is not None)


def _file(attached: DataJobFile, history: list[FileRecord]) -> FileFacts:
    latest = _latest(history) if history else None
    state = _state(attached, latest)
    failures = sum(1 for record in history if record.status == "failed")
    cause = None
    if state == "failed":
        cause = (
            classify(latest.error_message, latest.suggested_fix)
            if latest is not None
            else classify(None, attached.suggested_fix)
        )
        if cause.retryable and failures > cause.retries:
            cause = spent(cause)
    return FileFacts(
        file_id=attached.file_id,
        raw_name=attached.name or (latest.filename if latest is not None else None),
        type=attached.type,
        state=state,
        attempts=len(history),
        failures=failures,
        latest=latest,
        resolved=state == "completed" and failures > 0,
        cause=cause,
        updated_at=_last_change(latest) if latest is not None else attached.created_at,
    )


def _files(detail: DataJobDetail) -> list[FileFacts]:
    """The attached files, in payload order. Records of files no longer attached are history."""
    history = _records_by_file(detail)
    return [_file(attached, history.get(attached.file_id, [])) for attached in detail.files]
