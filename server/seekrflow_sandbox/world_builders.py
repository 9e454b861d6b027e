"""Builders for the seeded world: files, jobs, finished ingestion runs and alignments, put straight in the store."""

from __future__ import annotations

from datetime import datetime, timedelta

from seekrflow_sandbox.alignment import AlignmentRun
from seekrflow_sandbox.failures import Failure
from seekrflow_sandbox.ingestion import IngestionRun, Record
from seekrflow_sandbox.store import Event, Job, Store, StoredFile

# One finished attempt: (file, record id, metaflow id, started, ended, failure or None).
Attempt = tuple[StoredFile, str, str, datetime, datetime, Failure | None]


def _suffix(filename: str) -> str:
    return filename.rsplit(".", 1)[-1]


def add_file(
    store: Store,
    file_id: str,
    filename: str,
    created: datetime,
    size: int,
    *,
    purpose: str = "alignment",
    defect: Failure | None = None,
    deleted: bool = False,
) -> StoredFile:
    stored = StoredFile(
        id=file_id,
        filename=filename,
        type=_suffix(filename),
        purpose=purpose,
        bytes=size,
        created_at=created,
        defect=defect,
        deleted=deleted,
    )
    store.files[file_id] = stored
    return stored


def add_job(
    store: Store,
    job_id: str,
    name: str,
    job_type: str,
    created: datetime,
    *,
    description: str | None = None,
    system_prompt: str | None = None,
) -> Job:
    job = Job(
        id=job_id,
        name=name,
        job_type=job_type,
        created_at=created,
        updated_at=created,
        description=description,
        system_prompt=system_prompt,
        system_prompt_updated_at=created if system_prompt is not None else None,
        events=[Event(created, "Created", "Data job created.", {})],
    )
    store.jobs[job_id] = job
    return job


def attach(job: Job, *files: StoredFile) -> None:
    for f in files:
        job.attached.setdefault(f.id, f)


def add_run(
    store: Store,
    job: Job,
    run_id: str,
    created: datetime,
    attempts: list[Attempt],
    *,
    records_created: datetime | None = None,
) -> None:
    """A finished ingestion run, attaching its files."""
    records = [
        Record(
            record_id=record_id,
            run_id=run_id,
            file_id=f.id,
            filename=f.filename,
            method="accuracy-optimized",
            metaflow_job_id=metaflow_id,
            worker_id="worker-0",
            created_at=records_created or created,
            processing_at=started,
            finished_at=ended,
            failure=failure,
        )
        for f, record_id, metaflow_id, started, ended, failure in attempts
    ]
    attach(job, *(attempt[0] for attempt in attempts))
    store.record_run(job, IngestionRun(run_id, created, records))


def align(
    job: Job,
    alignment_id: str,
    created: datetime,
    *,
    running_at: datetime,
    ends_at: datetime,
    outcome: str = "completed",
    message: str | None = None,
    cancelled_at: datetime | None = None,
) -> None:
    job.alignment = AlignmentRun(
        id=alignment_id,
        created_at=created,
        queued_at=min(created + timedelta(seconds=5), running_at),
        running_at=running_at,
        ends_at=ends_at,
        outcome=outcome,
        outcome_message=message,
        cancelled_at=cancelled_at,
    )
    job.events.append(Event(created, "Alignment Started", "Alignment job started.", {"alignment_job_id": alignment_id}))
