"""State -> the JSON SeekrFlow sends, with exactly the keys of `tests/contract/`.

Every function takes `now`: statuses, queue positions, progress and the timeline are
read off the clock here, never stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from seekrflow_sandbox import alignment as alignment_steps
from seekrflow_sandbox import assumptions
from seekrflow_sandbox.alignment import ACTIVE, AlignmentRun
from seekrflow_sandbox.ingestion import COMPLETED, FAILED, QUEUED, RUNNING, IngestionQueue, IngestionRun, Record
from seekrflow_sandbox.store import Job, StoredFile
from seekrflow_sandbox.timestamps import iso

Json = dict[str, Any]


def _iso_or_none(moment: datetime | None) -> str | None:
    return iso(moment) if moment is not None else None


def job_row(job: Job, now: datetime) -> Json:
    status, message = job.status(now)
    return {
        "id": job.id,
        "user_id": assumptions.OWNER,
        "team_id": None,
        "name": job.name,
        "description": job.description,
        "job_type": job.job_type,
        "alignment_job_id": job.alignment.id if job.alignment else None,
        "origin_data_job_id": None,
        "deleted": job.deleted,
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at_now(now)),
        "status": status,
        "status_message": message,
        "system_prompt": job.system_prompt,
        "system_prompt_updated_at": _iso_or_none(job.system_prompt_updated_at),
        "instructions": job.instructions,
        "instructions_updated_at": _iso_or_none(job.instructions_updated_at),
        "resolved_instructions": job.instructions,
    }


def job_detail(job: Job, now: datetime, queue: IngestionQueue) -> Json:
    return job_row(job, now) | {
        "additional_alignment_file_ids": [],
        "ingestion_jobs": [ingestion_job(run, now, queue) for run in job.runs],
        "alignment_job": alignment_job(job.alignment, now) if job.alignment else None,
        "files": [job_file(job, f, now) for f in job.attached.values()],
        "fine_tuning_job_ids": [],
        "timeline": timeline(job, now),
    }


def ingestion_job(run: IngestionRun, now: datetime, queue: IngestionQueue) -> Json:
    return {
        "id": run.id,
        "status": run.status(now),
        "created_at": iso(run.created_at),
        "updated_at": iso(run.updated_at(now)),
        "file_ids": run.file_ids,
        "records": [record(r, now, queue) for r in run.records],
    }


def record(r: Record, now: datetime, queue: IngestionQueue) -> Json:
    status = r.status(now)
    failure = r.failure if status == FAILED else None
    return {
        "record_id": r.record_id,
        "ingestion_job_id": r.run_id,
        "alignment_file_id": r.file_id,
        "user_id": assumptions.OWNER,
        "team_id": None,
        "filename": r.filename,
        "metaflow_job_id": None if status == QUEUED else r.metaflow_job_id,
        "method": r.method,
        "status": status,
        "queue_position": queue.position(r.queue_index, now)
        if status == QUEUED and r.queue_index is not None
        else None,
        "error_message": failure.message if failure else None,
        "suggested_fix": failure.fix if failure else None,
        "worker_id": r.worker_id if status == RUNNING else None,
        "deleted": r.deleted,
        "created_at": iso(r.created_at),
        "processing_at": None if status == QUEUED else iso(r.processing_at),
        "completed_at": iso(r.finished_at) if status == COMPLETED else None,
        "failed_at": iso(r.finished_at) if status == FAILED else None,
    }


def job_file(job: Job, f: StoredFile, now: datetime) -> Json:
    latest = job.latest(f.id)
    status = latest.status(now) if latest else None
    return {
        "file_id": f.id,
        "record_id": latest.record_id if latest else None,
        "name": f.filename,
        "type": f.type,
        "created_at": iso(f.created_at),
        "status": status,
        "suggested_fix": latest.failure.fix if latest and latest.failure and status == FAILED else None,
    }


def alignment_job(a: AlignmentRun, now: datetime) -> Json:
    status = a.status(now)
    progress = a.progress(now)
    active = status in ACTIVE
    # The step shows while running, and stays where it was when alignment ended early.
    in_step = status == "running" or (status in ("failed", "stopped", "cancelled") and progress > 0)
    step, step_progress = alignment_steps.step(progress) if in_step else (None, 0)
    return {
        "id": a.id,
        "created_at": iso(a.created_at),
        "updated_at": iso(a.updated_at(now)),
        "stopped_at": _iso_or_none(a.ended_at(now)) if status in ("cancelled", "stopped") else None,
        "status": status,
        "current_step": step,
        "progress": progress,
        "step_progress": 100 if status == "completed" else step_progress,
        "estimated_completion_at": iso(a.ends_at) if active else None,
        "eta_minutes": a.eta_minutes(now) if active else None,
        "status_message": a.status_message(now),
        "output_files": [],
    }


def timeline(job: Job, now: datetime) -> list[Json]:
    """Events written when they happened, plus those that follow from time passing
    (a run ending, alignment ending), sorted by time; ties keep the order they happened in."""
    events: list[tuple[datetime, str, str, Json]] = [
        (e.timestamp, e.event_type, e.message, e.metadata) for e in job.events
    ]
    for run in job.runs:
        count = len(run.records)
        events.append(
            (
                run.created_at,
                "File Processing Started",
                "Started processing files.",
                {"ingestion_job_id": run.id, "status": "running", "record_count": count},
            )
        )
        if now >= run.finished_at:
            events.append(
                (
                    run.finished_at,
                    "File Processing Completed",
                    "Finished processing files.",
                    {"ingestion_job_id": run.id, "status": run.final_status, "record_count": count},
                )
            )
    ended = job.alignment.ended_at(now) if job.alignment else None
    if job.alignment and ended is not None:
        status = job.alignment.status(now)
        events.append(
            (
                ended,
                f"Alignment {status.capitalize()}",
                f"Alignment job {status}.",
                {"alignment_job_id": job.alignment.id, "status": status},
            )
        )
    events.sort(key=lambda event: event[0])
    return [
        {"timestamp": iso(moment), "event_type": kind, "message": message, "metadata": metadata}
        for moment, kind, message, metadata in events
    ]


def file(f: StoredFile) -> Json:
    return {
        "id": f.id,
        "object": "file",
        "created_at": iso(f.created_at),
        "type": f.type,
        "purpose": f.purpose,
        "filename": f.filename,
        "bytes": f.bytes,
        "created_by": assumptions.OWNER,
        "origin_file_id": None,
        "deleted": f.deleted,
    }
