"""A job's facts, computed once per read: each attached file's state from its latest attempt,
the open and resolved failures, the failures grouped by cause, and readiness with every
blocker. Every view, plan and suggested call of a job is built from these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import cast

import msgspec

from seekrflow_mcp.seekrflow.models import DataJobDetail, DataJobFile, FileRecord
from seekrflow_mcp.seekrflow.parsing import collector_paused
from seekrflow_mcp.seekrflow.vocabulary import ALIGNED, ALIGNMENT_STATUSES, RECORD_STATUSES
from seekrflow_mcp.text.sanitize import ID_LIMIT, NAME_LIMIT, clean
from seekrflow_mcp.triage.causes import Cause, classify, spent
from seekrflow_mcp.triage.groups import Group, group_failures
from seekrflow_mcp.triage.readiness import VIABLE, Readiness, readiness
from seekrflow_mcp.triage.views import AlignmentState, FileState


class FileFacts(msgspec.Struct, gc=False, eq=False):
    """An attached file and its latest attempt. Text is as SeekrFlow sent it. A large job has
    a hundred thousand of these and a result shows a few: what only a shown file needs is
    worked out when asked for. Read-only by convention (but for `shown_name`, that cache).

    A Struct: built in C, several times faster than a class with `__init__`, and, holding no
    reference cycles, left out of the collector's walks (`gc=False`). Each is itself, as an
    object is (`eq=False`): two entries of one file are two files."""

    file_id: str  # exactly as sent, to match the ids a caller gives
    attached: DataJobFile
    latest: FileRecord | None
    state: FileState
    attempts: int
    failures: int  # attempts that failed
    cause: Cause | None  # when failed
    shown_name: str | None = None  # `name`, once worked out

    @property
    def raw_name(self) -> str | None:
        return self.attached.name or (self.latest.filename if self.latest is not None else None)

    @property
    def type(self) -> str | None:
        return self.attached.type

    @property
    def resolved(self) -> bool:
        """Failed before, and its latest attempt completed."""
        return self.state == "completed" and self.failures > 0

    @property
    def updated_at(self) -> datetime | None:
        return _last_change(self.latest) if self.latest is not None else self.attached.created_at

    @property
    def name(self) -> str:
        """What to call it: its name, or its id when it has none."""
        if self.shown_name is None:
            self.shown_name = clean(self.raw_name, NAME_LIMIT) or clean(self.file_id, ID_LIMIT)
        return self.shown_name

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
    by_state: dict[FileState, list[FileFacts]] = field(repr=False)  # each in payload order

    @cached_property
    def by_id(self) -> dict[str, FileFacts]:
        return {f.file_id: f for f in self.files}

    @property
    def open_failures(self) -> list[FileFacts]:
        return self.by_state.get("failed", [])

    @cached_property
    def resolved_failures(self) -> int:
        return sum(1 for f in self.by_state.get("completed", ()) if f.resolved)

    @property
    def alignment_started(self) -> bool:
        return alignment_started(self.detail)

    @property
    def alignment_state(self) -> AlignmentState:
        if not self.alignment_started:
            return "not_started"
        return "finished" if self.detail.status in ALIGNED else "in_progress"

    def count(self, state: FileState) -> int:
        return len(self.by_state.get(state, ()))

    @property
    def ingesting(self) -> bool:
        """Files or an ingestion run are still queued or running."""
        return any(b.code == "still_processing" for b in self.readiness.blockers)


def job_facts(detail: DataJobDetail) -> JobFacts:
    # A large job's 100,000s of file facts hold no cycles: the collector would only walk them,
    # and the job's models, again and again while they are made.
    with collector_paused():
        files, by_state = _files(detail)
    return JobFacts(
        detail=detail,
        files=files,
        groups=group_failures(by_state.get("failed", [])),
        readiness=readiness(
            detail, {state: len(fs) for state, fs in by_state.items()}, started=alignment_started(detail)
        ),
        by_state=by_state,
    )


def alignment_started(detail: DataJobDetail) -> bool:
    return (
        detail.alignment_job is not None or detail.alignment_job_id is not None or detail.status in ALIGNMENT_STATUSES
    )


@dataclass
class _History:
    """Each file's live records, read in one pass: a deleted record is no longer part of the
    job, so it neither decides a file's state nor counts as an attempt."""

    latest: dict[str, FileRecord]  # by `created_at`; on a tie, the later one in the payload
    # (attempts, failed attempts) of the files with more than one; most files have one.
    retried: dict[str, tuple[int, int]]

    @classmethod
    def of(cls, detail: DataJobDetail) -> _History:
        latest: dict[str, FileRecord] = {}
        retried: dict[str, tuple[int, int]] = {}
        for run in detail.ingestion_jobs:
            for record in run.records:
                if record.deleted:
                    continue
                file_id = record.alignment_file_id
                seen = latest.get(file_id)
                if seen is None:
                    latest[file_id] = record
                    continue
                # The second record: `seen` is the first.
                attempts, failures = retried.get(file_id) or _one(seen)
                retried[file_id] = (attempts + 1, failures + int(record.status == "failed"))
                if record.created_at >= seen.created_at:
                    latest[file_id] = record
        return cls(latest, retried)


_RECORD_STATE: dict[str, FileState] = {status: cast(FileState, status) for status in RECORD_STATUSES}


def _one(record: FileRecord) -> tuple[int, int]:
    """(attempts, failed attempts) of a file with this one record."""
    return 1, int(record.status == "failed")


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


# The same messages come back call after call (a job read again, its failure summary, the
# next job): the process remembers the causes of short ones, so a call classifies only what is new.
_REMEMBERED_CHARS = 2_000
_remembered = lru_cache(maxsize=1_024)(classify)


class _Causes:
    """`classify` and `spent`, once per distinct message and fix of a job: thousands of failed
    files share a handful of messages, and reading one is the costliest step of a file's facts."""

    def __init__(self) -> None:
        self._read: dict[tuple[str | None, str | None], Cause] = {}
        self._spent: dict[Cause, Cause] = {}

    def of(self, error_message: str | None, suggested_fix: str | None, failures: int) -> Cause:
        key = (error_message, suggested_fix)
        cause = self._read.get(key)
        if cause is None:
            short = len(error_message or "") + len(suggested_fix or "") <= _REMEMBERED_CHARS
            cause = self._read[key] = (_remembered if short else classify)(error_message, suggested_fix)
        if cause.retryable and failures > cause.retries:
            again = self._spent.get(cause)
            if again is None:
                again = self._spent[cause] = spent(cause)
            return again
        return cause


def _files(detail: DataJobDetail) -> tuple[list[FileFacts], dict[FileState, list[FileFacts]]]:
    """The attached files, in payload order, and each state's files. Records of files no longer
    attached are history. A large job has 100,000s of files, so this is one pass, with `_state`
    and a file's counts written out for a file with a record, and each distinct message's cause
    looked up once."""
    history = _History.of(detail)
    latest_of, retried = history.latest.get, history.retried.get
    causes = _Causes()
    cause_of: dict[tuple[str | None, str | None, int], Cause] = {}
    files: list[FileFacts] = []
    by_state: dict[FileState, list[FileFacts]] = {}
    for attached in detail.files:
        file_id = attached.file_id
        latest = latest_of(file_id)
        state: FileState
        if latest is None:
            attempts = failures = 0
            state = _state(attached, None)
        else:
            status = latest.status
            attempts, failures = retried(file_id) or (1, 1 if status == "failed" else 0)
            state = _RECORD_STATE.get(status, "unknown")
        cause = None
        if state == "failed":
            key = (
                (latest.error_message, latest.suggested_fix, failures)
                if latest is not None
                else (None, attached.suggested_fix, failures)
            )
            cause = cause_of.get(key)
            if cause is None:
                cause = cause_of[key] = causes.of(*key)
        facts = FileFacts(file_id, attached, latest, state, attempts, failures, cause)
        files.append(facts)
        bucket = by_state.get(state)
        if bucket is None:
            by_state[state] = [facts]
        else:
            bucket.append(facts)
    return files, by_state
