"""What each job status means, in words a person can act on."""

from __future__ import annotations

from typing import assert_never, cast

from seekrflow_mcp.seekrflow.vocabulary import JOB_STATUSES, JobStatus
from seekrflow_mcp.text.sanitize import WORD_LIMIT, clean


def status_meaning(status: str) -> str:
    if status in JOB_STATUSES:
        return _meaning(cast(JobStatus, status))
    return (
        f'SeekrFlow reports the status "{clean(status, WORD_LIMIT)}", which this server does not '
        "know; the job's status message and timeline may explain it."
    )


def _meaning(status: JobStatus) -> str:
    # A status added to the vocabulary without a meaning here is a type error.
    match status:
        case "file_processing":
            return "Files are being ingested: at least one ingestion run is queued or running."
        case "needs_review":
            return (
                "Someone must act before alignment can start: files failed to ingest, no usable file is "
                "attached, or a prerequisite such as the system prompt is missing."
            )
        case "ready_to_start":
            return "Every file is ingested and every prerequisite is met: alignment can start."
        case "pending":
            return "Alignment was requested and is waiting to be scheduled."
        case "queued":
            return "Alignment is queued and starts when capacity frees up."
        case "running":
            return "Alignment is running: SeekrFlow is generating training data from the files."
        case "completed":
            return "Alignment finished; its output is ready for fine-tuning."
        case "failed":
            return "Alignment failed; the job's status message or timeline may say why."
        case "cancelled":
            return "Alignment was cancelled before it finished."
        case "stopped":
            return "Alignment was stopped before it finished."
        case _:
            assert_never(status)
