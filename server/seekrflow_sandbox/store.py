"""The sandbox's state, and every change the API can make to it.

Operations raise `ApiError` for a refusal the API reports as `{"detail": "..."}`. Status,
queue positions and progress are never stored: `Job.status` and the payload renderers
derive them from timestamps and the clock on each request.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from seekrflow_sandbox import assumptions, failures
from seekrflow_sandbox.alignment import ACTIVE, AlignmentRun
from seekrflow_sandbox.clock import Clock
from seekrflow_sandbox.failures import Failure
from seekrflow_sandbox.ids import IdFactory
from seekrflow_sandbox.ingestion import FAILED, QUEUED, RUNNING, IngestionQueue, IngestionRun, Record

PRINCIPLE_FILES = "principle_files"
CONTEXT_GROUNDED_VECTOR_DB = "context_grounded_vector_db"


class ApiError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(eq=False)
class StoredFile:
    id: str
    filename: str
    type: str
    purpose: str
    bytes: int
    created_at: datetime
    defect: Failure | None = None  # what every ingestion of this file reports
    transient_first: bool = False  # its first ingestion hits the transient error
    deleted: bool = False
    attempts: int = 0  # ingestion records ever made of it, in any job


@dataclass(frozen=True)
class Event:
    timestamp: datetime
    event_type: str
    message: str
    metadata: dict[str, Any]


@dataclass(eq=False)
class Job:
    id: str
    name: str
    job_type: str
    created_at: datetime
    updated_at: datetime  # of the last change made through the API
    description: str | None = None
    system_prompt: str | None = None
    system_prompt_updated_at: datetime | None = None
    instructions: str | None = None
    instructions_updated_at: datetime | None = None
    vector_database_id: str | None = None
    deleted: bool = False
    attached: dict[str, StoredFile] = field(default_factory=dict)  # in attachment order
    attempts: dict[str, list[Record]] = field(default_factory=dict)  # per file, oldest first
    runs: list[IngestionRun] = field(default_factory=list)
    alignment: AlignmentRun | None = None
    events: list[Event] = field(default_factory=list)  # those written when they happen

    def latest(self, file_id: str) -> Record | None:
        records = self.attempts.get(file_id)
        return records[-1] if records else None

    def processing(self, now: datetime) -> bool:
        return any(run.status(now) in (QUEUED, RUNNING) for run in self.runs)

    def failed_files(self, now: datetime) -> list[str]:
        """Attached files whose latest attempt failed."""
        return [
            file_id
            for file_id in self.attached
            if (record := self.latest(file_id)) is not None and record.status(now) == FAILED
        ]

    def missing_prerequisites(self) -> list[str]:
        missing = []
        if self.job_type == PRINCIPLE_FILES and not (self.system_prompt or "").strip():
            missing.append(assumptions.MISSING_SYSTEM_PROMPT)
        if self.job_type == CONTEXT_GROUNDED_VECTOR_DB and not self.vector_database_id:
            missing.append(assumptions.MISSING_VECTOR_DATABASE)
        if not self.attached:
            missing.append(assumptions.NO_FILES)
        return missing

    def status(self, now: datetime) -> tuple[str, str | None]:
        """(status, status_message), derived from scratch."""
        if self.alignment is not None:
            return self.alignment.status(now), self.alignment.status_message(now)
        if self.processing(now):
            return "file_processing", None
        missing = self.missing_prerequisites()
        if missing or self.failed_files(now):
            return "needs_review", missing[0] if missing else None
        return "ready_to_start", None

    def blockers(self, now: datetime) -> list[str]:
        """Why alignment cannot start, as sentences."""
        reasons = []
        if self.processing(now):
            waiting = sum(1 for run in self.runs for r in run.records if r.status(now) in (QUEUED, RUNNING))
            reasons.append(f"Ingestion is still running ({waiting} files queued or running).")
        failed = self.failed_files(now)
        if failed:
            reasons.append(
                f"{len(failed)} attached files failed ingestion: attach corrected files or remove the failed ones."
            )
        return reasons + self.missing_prerequisites()

    def updated_at_now(self, now: datetime) -> datetime:
        moments = [self.updated_at, *(run.updated_at(now) for run in self.runs)]
        if self.alignment is not None:
            moments.append(self.alignment.updated_at(now))
        return max(moments)


class Store:
    def __init__(self, clock: Clock, seed: int) -> None:
        self.clock = clock
        self.seed = seed
        self.ids = IdFactory(seed)
        self.queue = IngestionQueue()
        self.files: dict[str, StoredFile] = {}
        self.jobs: dict[str, Job] = {}

    # --- files ------------------------------------------------------------------------

    def upload(self, filename: str, size: int, purpose: str) -> StoredFile:
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        problems = assumptions.upload_problems(purpose, suffix, size)
        if problems:
            raise ApiError(assumptions.UNSUPPORTED_UPLOAD, " ".join(problems))
        file_id = self.ids.new("file")
        stored = StoredFile(
            id=file_id,
            filename=filename,
            type=suffix,
            purpose=purpose,
            bytes=size,
            created_at=self.clock.now(),
            defect=assumptions.intrinsic_failure(filename, size),
            transient_first=self._unlucky(file_id),
        )
        self.files[file_id] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        try:
            return self.files[file_id]
        except KeyError:
            raise ApiError(assumptions.UNKNOWN_ID, "File not found") from None

    def _unlucky(self, file_id: str) -> bool:
        digest = hashlib.sha256(f"{self.seed}:transient:{file_id}".encode()).digest()
        return int.from_bytes(digest[:8]) / 2**64 < assumptions.TRANSIENT_FAILURE_RATE

    # --- data jobs --------------------------------------------------------------------

    def job(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None or job.deleted:
            raise ApiError(assumptions.UNKNOWN_ID, "Data job not found")
        return job

    def create_job(self, name: str, job_type: str, system_prompt: str | None, instructions: str | None) -> Job:
        now = self.clock.now()
        job = Job(
            id=self.ids.new("dj"),
            name=name,
            job_type=job_type,
            created_at=now,
            updated_at=now,
            system_prompt=system_prompt,
            system_prompt_updated_at=now if system_prompt is not None else None,
            instructions=instructions,
            instructions_updated_at=now if instructions is not None else None,
            events=[Event(now, "Created", "Data job created.", {})],
        )
        self.jobs[job.id] = job
        return job

    def update_job(self, job: Job, changes: dict[str, Any]) -> None:
        now = self.clock.now()
        if "name" in changes:
            job.name = changes["name"]
        if "system_prompt" in changes:
            job.system_prompt = changes["system_prompt"]
            job.system_prompt_updated_at = now
        if "instructions" in changes:
            job.instructions = changes["instructions"]
            job.instructions_updated_at = now
        if "vector_database_id" in changes:
            job.vector_database_id = changes["vector_database_id"]
        if changes:
            job.updated_at = now

    def add_files(self, job: Job, file_ids: list[str], method: str) -> None:
        self._refuse_if_aligning(job)
        unique = list(dict.fromkeys(file_ids))
        unknown = [file_id for file_id in unique if file_id not in self.files]
        if unknown:
            raise ApiError(assumptions.UNKNOWN_ID, f"File not found: {', '.join(unknown)}")
        files = [self.files[file_id] for file_id in unique]
        for f in files:
            if f.type not in assumptions.DATA_JOB_SOURCE_TYPES:
                raise ApiError(
                    assumptions.NOT_A_SOURCE,
                    f"File {f.id} is a {f.type} file; data jobs accept "
                    f"{', '.join(sorted(assumptions.DATA_JOB_SOURCE_TYPES))}.",
                )
        now = self.clock.now()
        to_ingest = []
        changed = False
        for f in files:
            if f.id in job.attached:
                latest = job.latest(f.id)
                if not assumptions.reattach_starts_new_attempt(latest.status(now) if latest else None):
                    continue
            else:
                job.attached[f.id] = f
                changed = True
            if f.type != "md":  # Markdown is alignment-ready as it is [doc]
                to_ingest.append(f)
        if to_ingest:
            self.record_run(job, self._schedule(to_ingest, method, now))
        if changed or to_ingest:
            job.updated_at = now

    def _schedule(self, files: list[StoredFile], method: str, now: datetime) -> IngestionRun:
        run_id = self.ids.new("ij")
        records = []
        for f in files:
            index, worker, start, end = self.queue.schedule(now, assumptions.ingestion_time(f.bytes, method))
            records.append(
                Record(
                    record_id=self.ids.new("rec"),
                    run_id=run_id,
                    file_id=f.id,
                    filename=f.filename,
                    method=method,
                    metaflow_job_id=self.ids.metaflow(),
                    worker_id=f"worker-{worker}",
                    created_at=now,
                    processing_at=start,
                    finished_at=end,
                    failure=self.outcome(f),
                    queue_index=index,
                )
            )
        return IngestionRun(run_id, now, records)

    def outcome(self, f: StoredFile) -> Failure | None:
        """How the next ingestion of `f` ends: from the file itself, then the seeded luck."""
        if f.deleted:
            return failures.NOT_FOUND
        if f.defect is not None:
            return f.defect
        if f.attempts == 0 and f.transient_first:
            return failures.UNAVAILABLE
        return None

    def record_run(self, job: Job, run: IngestionRun) -> None:
        for record in run.records:
            job.attempts.setdefault(record.file_id, []).append(record)
            self.files[record.file_id].attempts += 1
        job.runs.append(run)

    def remove_files(self, job: Job, file_ids: list[str]) -> None:
        self._refuse_if_aligning(job)
        unique = list(dict.fromkeys(file_ids))
        missing = [file_id for file_id in unique if file_id not in job.attached]
        if missing:
            raise ApiError(assumptions.NOT_ATTACHED, f"Not attached to this data job: {', '.join(missing)}")
        now = self.clock.now()
        for file_id in unique:
            del job.attached[file_id]
            for record in job.attempts.get(file_id, []):
                record.deleted = True
        job.events.append(Event(now, "Files Removed", f"Removed {len(unique)} file(s).", {"file_ids": unique}))
        job.updated_at = now

    def start(self, job: Job) -> None:
        now = self.clock.now()
        if job.alignment is not None:
            raise ApiError(
                assumptions.NOT_READY,
                f"Alignment was already started for this data job ({job.alignment.id}, {job.alignment.status(now)}).",
            )
        status, _ = job.status(now)
        if status != "ready_to_start":
            raise ApiError(
                assumptions.NOT_READY,
                f"The data job is {status}, not ready_to_start. " + " ".join(job.blockers(now)),
            )
        queued_at = now + assumptions.ALIGNMENT_PENDING
        running_at = queued_at + assumptions.ALIGNMENT_QUEUED
        job.alignment = AlignmentRun(
            id=self.ids.new("aj"),
            created_at=now,
            queued_at=queued_at,
            running_at=running_at,
            ends_at=running_at + assumptions.ALIGNMENT_RUNNING,
        )
        job.events.append(
            Event(now, "Alignment Started", "Alignment job started.", {"alignment_job_id": job.alignment.id})
        )
        job.updated_at = now

    def cancel(self, job: Job) -> None:
        now = self.clock.now()
        if job.alignment is None:
            raise ApiError(
                assumptions.NOTHING_TO_CANCEL,
                "Nothing to cancel: alignment has not been started (ingestion cannot be cancelled; "
                "remove files instead).",
            )
        status = job.alignment.status(now)
        if status not in ACTIVE:
            raise ApiError(assumptions.NOTHING_TO_CANCEL, f"Nothing to cancel: the alignment job is already {status}.")
        job.alignment.cancel(now)
        job.updated_at = now

    def delete(self, job: Job) -> None:
        job.deleted = True
        job.updated_at = self.clock.now()

    def _refuse_if_aligning(self, job: Job) -> None:
        if job.alignment is not None:
            raise ApiError(
                assumptions.FILES_FROZEN, "Alignment has started for this data job: its files can no longer change."
            )
