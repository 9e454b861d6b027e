"""Every tool through the official MCP `Client`, in memory, against the sandbox."""

from typing import Any

import pytest
from inline_snapshot import snapshot
from mcp import Client
from mcp.types import CallToolResult, TextContent
from pydantic import SecretStr

from seekrflow_mcp.config import Settings
from seekrflow_mcp.seekrflow.models import RESOURCE_ID_PATTERN
from seekrflow_mcp.server import build_server
from seekrflow_sandbox import FakeClock, Fault, Sandbox, world
from tests.helpers import assert_clean, call, connect, posts, server_for, text

pytestmark = pytest.mark.anyio

JOB = world.NEEDS_REVIEW_JOB
EMPTY = "file-00000000-0000-0000-0000-000000abc004"  # empty-notes.docx
LOCKED = "file-00000000-0000-0000-0000-000000abc005"  # scanned-contract.pdf
POSTER = "file-00000000-0000-0000-0000-000000abc006"  # poster-a0.pdf
MISSING = "file-00000000-0000-0000-0000-000000abc007"  # missing-upload.pdf
FARE = "file-00000000-0000-0000-0000-000000abc008"  # fare-classes.pptx, temporary outage
LOUNGE = "file-00000000-0000-0000-0000-000000abc00a"  # lounge-access.pdf, internal failure
PETS = "file-00000000-0000-0000-0000-000000abc00b"  # pets-policy.pdf, temporary outage
IROPS = "file-00000000-0000-0000-0000-000000abc009"  # irops-playbook.pdf, failed then retried
OPEN_FAILURES = [EMPTY, LOCKED, POSTER, MISSING, FARE, LOUNGE, PETS]
FAQ = "file-00000000-0000-0000-0000-000000004d01"  # faq.md, attached, needs no ingestion
REPLACE = [EMPTY, LOCKED, POSTER, MISSING]  # the files only a corrected upload can fix
READY_FILES = [  # everything attached to world.READY_JOB
    "file-00000000-0000-0000-0000-000000cab001",  # cabin-crew-manual.pdf
    "file-00000000-0000-0000-0000-000000cab002",  # safety-demo-script.docx
    "file-00000000-0000-0000-0000-000000cab003",  # crew-faq.md
]
UNKNOWN_JOB = "dj-00000000-0000-4000-8000-000000000000"
READERS = {"list_data_jobs", "get_data_job", "summarize_failures"}
WRITERS = {"add_files", "remove_files", "retry_failed_files", "start_alignment"}


def lines_starting(result: CallToolResult, prefix: str) -> list[str]:
    return [line for line in text(result).splitlines() if line.startswith(prefix)]


# -- one full answer per tool, as the client receives it --------------------------------


async def test_list_the_jobs_needing_review(client: Client) -> None:
    result = await call(client, "list_data_jobs", status=["needs_review"])
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Data jobs
5 matching: 5 needs_review.
- `New hire onboarding` (dj-7b2d0e1f-b204-43aa-b7cb-09fafa03c4d5) — needs_review: Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing. · context_grounded_files · created 20m ago, updated 20m ago
- `Brand voice principles` (dj-3d97f6f7-7eb0-4f55-d386-c4b5b5de7f80) — needs_review · principle_files · created 2h ago, updated 2h ago
- `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d) — needs_review · principle_files · created 4h ago, updated 3h ago
- `Policy search index` (dj-8c3e1f20-c315-44bb-88dc-1a0b0b14d5e6) — needs_review · context_grounded_vector_db · created 6h ago, updated 5h ago
- `Fleet maintenance archive` (dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4) — needs_review · context_grounded_files · created 2d ago, updated 23h ago
Showing 1–5 of 5 matching.
Looked at 14 jobs, the whole list.

Next steps:
- `summarize_failures()` — 5 jobs on this page need review: see why, job by job, and what fixes each.\
"""
                )
            ],
            structured_content={
                "jobs": [
                    {
                        "id": "dj-7b2d0e1f-b204-43aa-b7cb-09fafa03c4d5",
                        "name": "New hire onboarding",
                        "job_type": "context_grounded_files",
                        "status": "needs_review",
                        "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                        "created_at": "2026-11-28T11:40:00Z",
                        "updated_at": "2026-11-28T11:40:00Z",
                    },
                    {
                        "id": "dj-3d97f6f7-7eb0-4f55-d386-c4b5b5de7f80",
                        "name": "Brand voice principles",
                        "job_type": "principle_files",
                        "status": "needs_review",
                        "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                        "created_at": "2026-11-28T09:55:00.000070Z",
                        "updated_at": "2026-11-28T09:58:00.000109Z",
                    },
                    {
                        "id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                        "name": "Customer support refresh",
                        "job_type": "principle_files",
                        "status": "needs_review",
                        "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                        "created_at": "2026-11-28T07:30:21.000525Z",
                        "updated_at": "2026-11-28T08:08:00.000225Z",
                    },
                    {
                        "id": "dj-8c3e1f20-c315-44bb-88dc-1a0b0b14d5e6",
                        "name": "Policy search index",
                        "job_type": "context_grounded_vector_db",
                        "status": "needs_review",
                        "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                        "created_at": "2026-11-28T06:00:00Z",
                        "updated_at": "2026-11-28T06:03:00Z",
                    },
                    {
                        "id": "dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4",
                        "name": "Fleet maintenance archive",
                        "job_type": "context_grounded_files",
                        "status": "needs_review",
                        "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                        "created_at": "2026-11-26T12:00:00Z",
                        "updated_at": "2026-11-27T12:01:43Z",
                    },
                ],
                "counts_by_status": {"needs_review": 5},
                "matched": 5,
                "offset": 0,
                "next_offset": None,
                "scanned": 14,
                "complete": True,
                "suggested_actions": [
                    {
                        "tool": "summarize_failures",
                        "arguments": {},
                        "reason": "5 jobs on this page need review: see why, job by job, and what fixes each.",
                    }
                ],
            },
        )
    )


async def test_read_the_job_needing_review(client: Client) -> None:
    result = await call(client, "get_data_job", job_id=JOB)
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d)
Status: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.
`principle_files` job · created 2026-11-28T07:30Z (4h ago) · updated 2026-11-28T08:08Z (3h ago)
Not ready to start alignment:
- 7 attached files failed to ingest; each must be retried, replaced or removed before alignment can start.
Files: 13 attached — 5 completed, 7 failed, 1 ready without ingestion (Markdown).

Open failures: 7 in 6 causes; 1 resolved by a later retry:
- Service temporarily unavailable × 2 (retry can fix it)
- Empty file × 1 (a retry won't fix it; upload a corrected file)
- Corrupted, protected or unsupported file × 1 (a retry won't fix it; upload a corrected file)
- Pages too large × 1 (a retry won't fix it; upload a corrected file)
- File not found × 1 (a retry won't fix it; upload a corrected file)
- Internal processing failure × 1 (retry can fix it)

Ingestion runs, newest first:
- ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182 — completed, started 2026-11-28T08:05Z (3h ago) — 1 file: 1 completed
- ij-a19a1923-1d18-4fc7-8365-96d12ea734ce — completed, started 2026-11-28T07:30Z (4h ago) — 12 files: 4 completed, 8 failed

Recent events, newest first:
- 2026-11-28T08:08Z (3h ago) `File Processing Completed`: "Finished processing files."
- 2026-11-28T08:05Z (3h ago) `File Processing Started`: "Started processing files."
- 2026-11-28T07:33Z (4h ago) `File Processing Completed`: "Finished processing files."
- 2026-11-28T07:30Z (4h ago) `File Processing Started`: "Started processing files."
- 2026-11-28T07:30Z (4h ago) `Created`: "Data job created."

Next steps:
- `summarize_failures(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — 7 files failed to ingest: see each cause, its fix, and the calls that clear them.
- `retry_failed_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.\
"""
                )
            ],
            structured_content={
                "id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                "name": "Customer support refresh",
                "job_type": "principle_files",
                "status": "needs_review",
                "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                "status_message": None,
                "created_at": "2026-11-28T07:30:21.000525Z",
                "updated_at": "2026-11-28T08:08:00.000225Z",
                "ready": False,
                "alignment_state": "not_started",
                "blockers": [
                    {
                        "code": "open_failures",
                        "message": "7 attached files failed to ingest; each must be retried, replaced or removed before alignment can start.",
                    }
                ],
                "file_counts": {
                    "total": 13,
                    "queued": 0,
                    "running": 0,
                    "completed": 5,
                    "failed": 7,
                    "ready_without_ingestion": 1,
                },
                "open_failures": 7,
                "resolved_failures": 1,
                "failures": [
                    {
                        "cause": "service_unavailable",
                        "title": "Service temporarily unavailable",
                        "count": 2,
                        "retryable": True,
                        "action": "retry",
                    },
                    {"cause": "empty_file", "title": "Empty file", "count": 1, "retryable": False, "action": "replace"},
                    {
                        "cause": "invalid_pdf",
                        "title": "Corrupted, protected or unsupported file",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                    },
                    {
                        "cause": "page_too_large",
                        "title": "Pages too large",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                    },
                    {
                        "cause": "file_not_found",
                        "title": "File not found",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                    },
                    {
                        "cause": "internal_error",
                        "title": "Internal processing failure",
                        "count": 1,
                        "retryable": True,
                        "action": "retry",
                    },
                ],
                "queue": None,
                "estimate": None,
                "ingestion_runs": [
                    {
                        "id": "ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182",
                        "status": "completed",
                        "created_at": "2026-11-28T08:05:00.000186Z",
                        "files": 1,
                        "completed": 1,
                        "failed": 0,
                        "queued": 0,
                        "running": 0,
                    },
                    {
                        "id": "ij-a19a1923-1d18-4fc7-8365-96d12ea734ce",
                        "status": "completed",
                        "created_at": "2026-11-28T07:30:22.000526Z",
                        "files": 12,
                        "completed": 4,
                        "failed": 8,
                        "queued": 0,
                        "running": 0,
                    },
                ],
                "more_ingestion_runs": 0,
                "alignment": None,
                "recent_events": [
                    {
                        "timestamp": "2026-11-28T08:08:00.000225Z",
                        "event_type": "File Processing Completed",
                        "message": "Finished processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T08:05:00.000186Z",
                        "event_type": "File Processing Started",
                        "message": "Started processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T07:33:00.000543Z",
                        "event_type": "File Processing Completed",
                        "message": "Finished processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T07:30:22.000526Z",
                        "event_type": "File Processing Started",
                        "message": "Started processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T07:30:21.000525Z",
                        "event_type": "Created",
                        "message": "Data job created.",
                    },
                ],
                "waiting_on_user": False,
                "files": None,
                "timeline": None,
                "suggested_actions": [
                    {
                        "tool": "summarize_failures",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "7 files failed to ingest: see each cause, its fix, and the calls that clear them.",
                    },
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                ],
            },
        )
    )


async def test_read_the_failed_files_of_a_job(client: Client) -> None:
    result = await call(client, "get_data_job", job_id=JOB, detail="files", state="failed")
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d)
Status: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.
`principle_files` job · created 2026-11-28T07:30Z (4h ago) · updated 2026-11-28T08:08Z (3h ago)
Not ready to start alignment:
- 7 attached files failed to ingest; each must be retried, replaced or removed before alignment can start.
Files: 13 attached — 5 completed, 7 failed, 1 ready without ingestion (Markdown).

Open failures: 7 in 6 causes; 1 resolved by a later retry:
- Service temporarily unavailable × 2 (retry can fix it)
- Empty file × 1 (a retry won't fix it; upload a corrected file)
- Corrupted, protected or unsupported file × 1 (a retry won't fix it; upload a corrected file)
- Pages too large × 1 (a retry won't fix it; upload a corrected file)
- File not found × 1 (a retry won't fix it; upload a corrected file)
- Internal processing failure × 1 (retry can fix it)

Ingestion runs, newest first:
- ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182 — completed, started 2026-11-28T08:05Z (3h ago) — 1 file: 1 completed
- ij-a19a1923-1d18-4fc7-8365-96d12ea734ce — completed, started 2026-11-28T07:30Z (4h ago) — 12 files: 4 completed, 8 failed

Recent events, newest first:
- 2026-11-28T08:08Z (3h ago) `File Processing Completed`: "Finished processing files."
- 2026-11-28T08:05Z (3h ago) `File Processing Started`: "Started processing files."
- 2026-11-28T07:33Z (4h ago) `File Processing Completed`: "Finished processing files."
- 2026-11-28T07:30Z (4h ago) `File Processing Started`: "Started processing files."
- 2026-11-28T07:30Z (4h ago) `Created`: "Data job created."

Failed files:
- `empty-notes.docx` (file-00000000-0000-0000-0000-000000abc004, docx) — failed, cause empty_file, updated 2026-11-28T07:32Z (4h ago)
- `scanned-contract.pdf` (file-00000000-0000-0000-0000-000000abc005, pdf) — failed, cause invalid_pdf, updated 2026-11-28T07:32Z (4h ago)
- `poster-a0.pdf` (file-00000000-0000-0000-0000-000000abc006, pdf) — failed, cause page_too_large, updated 2026-11-28T07:32Z (4h ago)
- `missing-upload.pdf` (file-00000000-0000-0000-0000-000000abc007, pdf) — failed, cause file_not_found, updated 2026-11-28T07:32Z (4h ago)
- `fare-classes.pptx` (file-00000000-0000-0000-0000-000000abc008, pptx) — failed, cause service_unavailable, updated 2026-11-28T07:32Z (4h ago)
- `lounge-access.pdf` (file-00000000-0000-0000-0000-000000abc00a, pdf) — failed, cause internal_error, updated 2026-11-28T07:32Z (4h ago)
- `pets-policy.pdf` (file-00000000-0000-0000-0000-000000abc00b, pdf) — failed, cause service_unavailable, updated 2026-11-28T07:32Z (4h ago)
Showing 1–7 of 7.

Next steps:
- `summarize_failures(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — 7 files failed to ingest: see each cause, its fix, and the calls that clear them.
- `retry_failed_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.\
"""
                )
            ],
            structured_content={
                "id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                "name": "Customer support refresh",
                "job_type": "principle_files",
                "status": "needs_review",
                "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                "status_message": None,
                "created_at": "2026-11-28T07:30:21.000525Z",
                "updated_at": "2026-11-28T08:08:00.000225Z",
                "ready": False,
                "alignment_state": "not_started",
                "blockers": [
                    {
                        "code": "open_failures",
                        "message": "7 attached files failed to ingest; each must be retried, replaced or removed before alignment can start.",
                    }
                ],
                "file_counts": {
                    "total": 13,
                    "queued": 0,
                    "running": 0,
                    "completed": 5,
                    "failed": 7,
                    "ready_without_ingestion": 1,
                },
                "open_failures": 7,
                "resolved_failures": 1,
                "failures": [
                    {
                        "cause": "service_unavailable",
                        "title": "Service temporarily unavailable",
                        "count": 2,
                        "retryable": True,
                        "action": "retry",
                    },
                    {"cause": "empty_file", "title": "Empty file", "count": 1, "retryable": False, "action": "replace"},
                    {
                        "cause": "invalid_pdf",
                        "title": "Corrupted, protected or unsupported file",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                    },
                    {
                        "cause": "page_too_large",
                        "title": "Pages too large",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                    },
                    {
                        "cause": "file_not_found",
                        "title": "File not found",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                    },
                    {
                        "cause": "internal_error",
                        "title": "Internal processing failure",
                        "count": 1,
                        "retryable": True,
                        "action": "retry",
                    },
                ],
                "queue": None,
                "estimate": None,
                "ingestion_runs": [
                    {
                        "id": "ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182",
                        "status": "completed",
                        "created_at": "2026-11-28T08:05:00.000186Z",
                        "files": 1,
                        "completed": 1,
                        "failed": 0,
                        "queued": 0,
                        "running": 0,
                    },
                    {
                        "id": "ij-a19a1923-1d18-4fc7-8365-96d12ea734ce",
                        "status": "completed",
                        "created_at": "2026-11-28T07:30:22.000526Z",
                        "files": 12,
                        "completed": 4,
                        "failed": 8,
                        "queued": 0,
                        "running": 0,
                    },
                ],
                "more_ingestion_runs": 0,
                "alignment": None,
                "recent_events": [
                    {
                        "timestamp": "2026-11-28T08:08:00.000225Z",
                        "event_type": "File Processing Completed",
                        "message": "Finished processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T08:05:00.000186Z",
                        "event_type": "File Processing Started",
                        "message": "Started processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T07:33:00.000543Z",
                        "event_type": "File Processing Completed",
                        "message": "Finished processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T07:30:22.000526Z",
                        "event_type": "File Processing Started",
                        "message": "Started processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T07:30:21.000525Z",
                        "event_type": "Created",
                        "message": "Data job created.",
                    },
                ],
                "waiting_on_user": False,
                "files": {
                    "state": "failed",
                    "items": [
                        {
                            "file_id": "file-00000000-0000-0000-0000-000000abc004",
                            "name": "empty-notes.docx",
                            "type": "docx",
                            "state": "failed",
                            "attempts": 1,
                            "queue_position": None,
                            "cause": "empty_file",
                            "error_message": "The file appears to be empty.",
                            "updated_at": "2026-11-28T07:32:00.000530Z",
                        },
                        {
                            "file_id": "file-00000000-0000-0000-0000-000000abc005",
                            "name": "scanned-contract.pdf",
                            "type": "pdf",
                            "state": "failed",
                            "attempts": 1,
                            "queue_position": None,
                            "cause": "invalid_pdf",
                            "error_message": "The PDF may be corrupted, password-protected, or in an unsupported format.",
                            "updated_at": "2026-11-28T07:32:00.000530Z",
                        },
                        {
                            "file_id": "file-00000000-0000-0000-0000-000000abc006",
                            "name": "poster-a0.pdf",
                            "type": "pdf",
                            "state": "failed",
                            "attempts": 1,
                            "queue_position": None,
                            "cause": "page_too_large",
                            "error_message": "The PDF contains pages that exceed the maximum supported size.",
                            "updated_at": "2026-11-28T07:32:00.000530Z",
                        },
                        {
                            "file_id": "file-00000000-0000-0000-0000-000000abc007",
                            "name": "missing-upload.pdf",
                            "type": "pdf",
                            "state": "failed",
                            "attempts": 1,
                            "queue_position": None,
                            "cause": "file_not_found",
                            "error_message": "The file was not found or is not owned by the current user.",
                            "updated_at": "2026-11-28T07:32:00.000530Z",
                        },
                        {
                            "file_id": "file-00000000-0000-0000-0000-000000abc008",
                            "name": "fare-classes.pptx",
                            "type": "pptx",
                            "state": "failed",
                            "attempts": 1,
                            "queue_position": None,
                            "cause": "service_unavailable",
                            "error_message": "Service temporarily unavailable.",
                            "updated_at": "2026-11-28T07:32:00.000530Z",
                        },
                        {
                            "file_id": "file-00000000-0000-0000-0000-000000abc00a",
                            "name": "lounge-access.pdf",
                            "type": "pdf",
                            "state": "failed",
                            "attempts": 1,
                            "queue_position": None,
                            "cause": "internal_error",
                            "error_message": "Internal processing failure.",
                            "updated_at": "2026-11-28T07:32:00.000530Z",
                        },
                        {
                            "file_id": "file-00000000-0000-0000-0000-000000abc00b",
                            "name": "pets-policy.pdf",
                            "type": "pdf",
                            "state": "failed",
                            "attempts": 1,
                            "queue_position": None,
                            "cause": "service_unavailable",
                            "error_message": "Service temporarily unavailable.",
                            "updated_at": "2026-11-28T07:32:00.000530Z",
                        },
                    ],
                    "offset": 0,
                    "matched": 7,
                    "next_offset": None,
                },
                "timeline": None,
                "suggested_actions": [
                    {
                        "tool": "summarize_failures",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "7 files failed to ingest: see each cause, its fix, and the calls that clear them.",
                    },
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                ],
            },
        )
    )


async def test_summarize_the_failures_of_a_job(client: Client) -> None:
    result = await call(client, "summarize_failures", job_id=JOB)
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Failures in `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d)
Status: needs_review.
7 open failures in 6 causes; 1 resolved by a later retry.

### Service temporarily unavailable — 2 files (retry can fix it)
Reported: "Service temporarily unavailable."
Fix: A temporary SeekrFlow outage, not a problem with the file. Wait a few minutes, then add the same file to the job again to retry it.
- `fare-classes.pptx` (file-00000000-0000-0000-0000-000000abc008)
- `pets-policy.pdf` (file-00000000-0000-0000-0000-000000abc00b)

### Empty file — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The file appears to be empty."
Fix: The file has no content SeekrFlow can read. Upload a copy that has content (open it to check it is not blank or 0 bytes), attach the new file, then remove this one.
- `empty-notes.docx` (file-00000000-0000-0000-0000-000000abc004)

### Corrupted, protected or unsupported file — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The PDF may be corrupted, password-protected, or in an unsupported format."
Fix: SeekrFlow could not open the file: it is damaged, password-protected, or not in a supported format. Remove the password, re-save or re-export it as a standard PDF, upload that copy, attach the new file, then remove this one.
- `scanned-contract.pdf` (file-00000000-0000-0000-0000-000000abc005)

### Pages too large — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The PDF contains pages that exceed the maximum supported size."
Fix: Some pages are larger than SeekrFlow accepts. Re-export the PDF at a standard page size (such as A4 or Letter; split or scale down posters and drawings), upload it, attach the new file, then remove this one.
- `poster-a0.pdf` (file-00000000-0000-0000-0000-000000abc006)

### File not found — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The file was not found or is not owned by the current user."
Fix: SeekrFlow found no file with this id that belongs to your account: it may have been deleted, or the id is wrong. Check the file id; if the file is gone, upload it again, attach the new file, then remove this one.
- `missing-upload.pdf` (file-00000000-0000-0000-0000-000000abc007)

### Internal processing failure — 1 file (retry can fix it)
Reported: "Internal processing failure."
Fix: Something failed inside SeekrFlow while processing the file. Add the same file to the job again to retry it once; if it fails again, contact SeekrFlow support with the job id and the file id.
- `lounge-access.pdf` (file-00000000-0000-0000-0000-000000abc00a)

Plan, 4 calls in order: the first 3 Next steps below, then:
4. `start_alignment(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Start alignment once every file has ingested.

Next steps:
- `retry_failed_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.
- `remove_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005", "file-00000000-0000-0000-0000-000000abc006", "file-00000000-0000-0000-0000-000000abc007"])` — Detach 4 files that cannot ingest as they are (empty file; corrupted, protected or unsupported file; pages too large; file not found). To keep their content, upload a corrected copy and attach it with add_files first.
- `wait_for_ingestion(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Wait for the files to finish ingesting.\
"""
                )
            ],
            structured_content={
                "job": {
                    "id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                    "name": "Customer support refresh",
                    "status": "needs_review",
                },
                "open_failures": 7,
                "resolved_failures": 1,
                "groups": [
                    {
                        "cause": "service_unavailable",
                        "title": "Service temporarily unavailable",
                        "count": 2,
                        "retryable": True,
                        "action": "retry",
                        "message": "Service temporarily unavailable.",
                        "fix": "A temporary SeekrFlow outage, not a problem with the file. Wait a few minutes, then add the same file to the job again to retry it.",
                        "fix_by_seekrflow": False,
                        "files": [
                            {
                                "file_id": "file-00000000-0000-0000-0000-000000abc008",
                                "name": "fare-classes.pptx",
                                "attempts": 1,
                            },
                            {
                                "file_id": "file-00000000-0000-0000-0000-000000abc00b",
                                "name": "pets-policy.pdf",
                                "attempts": 1,
                            },
                        ],
                        "more_files": 0,
                    },
                    {
                        "cause": "empty_file",
                        "title": "Empty file",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                        "message": "The file appears to be empty.",
                        "fix": "The file has no content SeekrFlow can read. Upload a copy that has content (open it to check it is not blank or 0 bytes), attach the new file, then remove this one.",
                        "fix_by_seekrflow": False,
                        "files": [
                            {
                                "file_id": "file-00000000-0000-0000-0000-000000abc004",
                                "name": "empty-notes.docx",
                                "attempts": 1,
                            }
                        ],
                        "more_files": 0,
                    },
                    {
                        "cause": "invalid_pdf",
                        "title": "Corrupted, protected or unsupported file",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                        "message": "The PDF may be corrupted, password-protected, or in an unsupported format.",
                        "fix": "SeekrFlow could not open the file: it is damaged, password-protected, or not in a supported format. Remove the password, re-save or re-export it as a standard PDF, upload that copy, attach the new file, then remove this one.",
                        "fix_by_seekrflow": False,
                        "files": [
                            {
                                "file_id": "file-00000000-0000-0000-0000-000000abc005",
                                "name": "scanned-contract.pdf",
                                "attempts": 1,
                            }
                        ],
                        "more_files": 0,
                    },
                    {
                        "cause": "page_too_large",
                        "title": "Pages too large",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                        "message": "The PDF contains pages that exceed the maximum supported size.",
                        "fix": "Some pages are larger than SeekrFlow accepts. Re-export the PDF at a standard page size (such as A4 or Letter; split or scale down posters and drawings), upload it, attach the new file, then remove this one.",
                        "fix_by_seekrflow": False,
                        "files": [
                            {
                                "file_id": "file-00000000-0000-0000-0000-000000abc006",
                                "name": "poster-a0.pdf",
                                "attempts": 1,
                            }
                        ],
                        "more_files": 0,
                    },
                    {
                        "cause": "file_not_found",
                        "title": "File not found",
                        "count": 1,
                        "retryable": False,
                        "action": "replace",
                        "message": "The file was not found or is not owned by the current user.",
                        "fix": "SeekrFlow found no file with this id that belongs to your account: it may have been deleted, or the id is wrong. Check the file id; if the file is gone, upload it again, attach the new file, then remove this one.",
                        "fix_by_seekrflow": False,
                        "files": [
                            {
                                "file_id": "file-00000000-0000-0000-0000-000000abc007",
                                "name": "missing-upload.pdf",
                                "attempts": 1,
                            }
                        ],
                        "more_files": 0,
                    },
                    {
                        "cause": "internal_error",
                        "title": "Internal processing failure",
                        "count": 1,
                        "retryable": True,
                        "action": "retry",
                        "message": "Internal processing failure.",
                        "fix": "Something failed inside SeekrFlow while processing the file. Add the same file to the job again to retry it once; if it fails again, contact SeekrFlow support with the job id and the file id.",
                        "fix_by_seekrflow": False,
                        "files": [
                            {
                                "file_id": "file-00000000-0000-0000-0000-000000abc00a",
                                "name": "lounge-access.pdf",
                                "attempts": 1,
                            }
                        ],
                        "more_files": 0,
                    },
                ],
                "blockers": [],
                "jobs": [],
                "more_jobs": 0,
                "unread_jobs": 0,
                "across_jobs": [],
                "unreadable_jobs": [],
                "scanned": None,
                "complete": None,
                "waiting_on_user": False,
                "plan": [
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                    {
                        "tool": "remove_files",
                        "arguments": {
                            "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                            "file_ids": [
                                "file-00000000-0000-0000-0000-000000abc004",
                                "file-00000000-0000-0000-0000-000000abc005",
                                "file-00000000-0000-0000-0000-000000abc006",
                                "file-00000000-0000-0000-0000-000000abc007",
                            ],
                        },
                        "reason": "Detach 4 files that cannot ingest as they are (empty file; corrupted, protected or unsupported file; pages too large; file not found). To keep their content, upload a corrected copy and attach it with add_files first.",
                    },
                    {
                        "tool": "wait_for_ingestion",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Wait for the files to finish ingesting.",
                    },
                    {
                        "tool": "start_alignment",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Start alignment once every file has ingested.",
                    },
                ],
                "more_plan_calls": 0,
                "suggested_actions": [
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                    {
                        "tool": "remove_files",
                        "arguments": {
                            "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                            "file_ids": [
                                "file-00000000-0000-0000-0000-000000abc004",
                                "file-00000000-0000-0000-0000-000000abc005",
                                "file-00000000-0000-0000-0000-000000abc006",
                                "file-00000000-0000-0000-0000-000000abc007",
                            ],
                        },
                        "reason": "Detach 4 files that cannot ingest as they are (empty file; corrupted, protected or unsupported file; pages too large; file not found). To keep their content, upload a corrected copy and attach it with add_files first.",
                    },
                    {
                        "tool": "wait_for_ingestion",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Wait for the files to finish ingesting.",
                    },
                ],
            },
        )
    )


async def test_summarize_the_failures_of_every_job_needing_review(client: Client) -> None:
    result = await call(client, "summarize_failures")
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Failures across data jobs that need review
3007 open failures in 5 jobs needing review; 401 resolved by a later retry.
- `Fleet maintenance archive` (dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4), needs_review: 3000 open failures, 400 resolved by a later retry
  - Empty file × 454 (a retry won't fix it; upload a corrected file)
  - Corrupted, protected or unsupported file × 454 (a retry won't fix it; upload a corrected file)
  - Pages too large × 454 (a retry won't fix it; upload a corrected file)
  - File not found × 454 (a retry won't fix it; upload a corrected file)
  - Service temporarily unavailable × 304 (retry can fix it)
  - Other error: "Document language could not be detected." × 226 (SeekrFlow suggests a corrected file)
  - Other error: "The document exceeds the maximum of 2,000 pages." × 226 (SeekrFlow suggests a corrected file)
  - Other error: "Embedded fonts could not be decoded." × 226 (SeekrFlow suggests a corrected file)
  - Internal processing failure × 202 (retry can fix it)
- `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d), needs_review: 7 open failures, 1 resolved by a later retry
  - Service temporarily unavailable × 2 (retry can fix it)
  - Empty file × 1 (a retry won't fix it; upload a corrected file)
  - Corrupted, protected or unsupported file × 1 (a retry won't fix it; upload a corrected file)
  - Pages too large × 1 (a retry won't fix it; upload a corrected file)
  - File not found × 1 (a retry won't fix it; upload a corrected file)
  - Internal processing failure × 1 (retry can fix it)
- `New hire onboarding` (dj-7b2d0e1f-b204-43aa-b7cb-09fafa03c4d5), needs_review: no open failures
  - Blocking: No files are attached; attach at least one file before alignment can start.
- `Brand voice principles` (dj-3d97f6f7-7eb0-4f55-d386-c4b5b5de7f80), needs_review: no open failures
  - Blocking: The job has no system prompt, which principle-files jobs need before alignment can start: set one on the job in SeekrFlow.
- `Policy search index` (dj-8c3e1f20-c315-44bb-88dc-1a0b0b14d5e6), needs_review: no open failures
  - Blocking: SeekrFlow reports no vector database for this job, which vector-database jobs need before alignment can start: set one on the job in SeekrFlow.

Across jobs:
- Empty file: 455 files in 2 jobs.
- File not found: 455 files in 2 jobs.
- Corrupted, protected or unsupported file: 455 files in 2 jobs.
- Pages too large: 455 files in 2 jobs.
- Service temporarily unavailable: 306 files in 2 jobs, likely a platform incident; retry later, one call a job.
- Internal processing failure: 203 files in 2 jobs, likely a platform incident; retry later, one call a job.
Looked at 14 jobs, the whole list.

Plan: the first 2 Next steps below, in order.

Next steps:
- `retry_failed_files(job_id="dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4")` — Retry the 506 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.
- `retry_failed_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.\
"""
                )
            ],
            structured_content={
                "job": None,
                "open_failures": 3007,
                "resolved_failures": 401,
                "groups": [],
                "blockers": [],
                "jobs": [
                    {
                        "job": {
                            "id": "dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4",
                            "name": "Fleet maintenance archive",
                            "status": "needs_review",
                        },
                        "open_failures": 3000,
                        "resolved_failures": 400,
                        "causes": [
                            {
                                "cause": "empty_file",
                                "title": "Empty file",
                                "count": 454,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "invalid_pdf",
                                "title": "Corrupted, protected or unsupported file",
                                "count": 454,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "page_too_large",
                                "title": "Pages too large",
                                "count": 454,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "file_not_found",
                                "title": "File not found",
                                "count": 454,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "service_unavailable",
                                "title": "Service temporarily unavailable",
                                "count": 304,
                                "retryable": True,
                                "action": "retry",
                            },
                            {
                                "cause": "other",
                                "title": 'Other error: "Document language could not be detected."',
                                "count": 226,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "other",
                                "title": 'Other error: "The document exceeds the maximum of 2,000 pages."',
                                "count": 226,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "other",
                                "title": 'Other error: "Embedded fonts could not be decoded."',
                                "count": 226,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "internal_error",
                                "title": "Internal processing failure",
                                "count": 202,
                                "retryable": True,
                                "action": "retry",
                            },
                        ],
                        "blockers": [],
                    },
                    {
                        "job": {
                            "id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                            "name": "Customer support refresh",
                            "status": "needs_review",
                        },
                        "open_failures": 7,
                        "resolved_failures": 1,
                        "causes": [
                            {
                                "cause": "service_unavailable",
                                "title": "Service temporarily unavailable",
                                "count": 2,
                                "retryable": True,
                                "action": "retry",
                            },
                            {
                                "cause": "empty_file",
                                "title": "Empty file",
                                "count": 1,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "invalid_pdf",
                                "title": "Corrupted, protected or unsupported file",
                                "count": 1,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "page_too_large",
                                "title": "Pages too large",
                                "count": 1,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "file_not_found",
                                "title": "File not found",
                                "count": 1,
                                "retryable": False,
                                "action": "replace",
                            },
                            {
                                "cause": "internal_error",
                                "title": "Internal processing failure",
                                "count": 1,
                                "retryable": True,
                                "action": "retry",
                            },
                        ],
                        "blockers": [],
                    },
                    {
                        "job": {
                            "id": "dj-7b2d0e1f-b204-43aa-b7cb-09fafa03c4d5",
                            "name": "New hire onboarding",
                            "status": "needs_review",
                        },
                        "open_failures": 0,
                        "resolved_failures": 0,
                        "causes": [],
                        "blockers": [
                            {
                                "code": "no_viable_files",
                                "message": "No files are attached; attach at least one file before alignment can start.",
                            }
                        ],
                    },
                    {
                        "job": {
                            "id": "dj-3d97f6f7-7eb0-4f55-d386-c4b5b5de7f80",
                            "name": "Brand voice principles",
                            "status": "needs_review",
                        },
                        "open_failures": 0,
                        "resolved_failures": 0,
                        "causes": [],
                        "blockers": [
                            {
                                "code": "missing_system_prompt",
                                "message": "The job has no system prompt, which principle-files jobs need before alignment can start: set one on the job in SeekrFlow.",
                            }
                        ],
                    },
                    {
                        "job": {
                            "id": "dj-8c3e1f20-c315-44bb-88dc-1a0b0b14d5e6",
                            "name": "Policy search index",
                            "status": "needs_review",
                        },
                        "open_failures": 0,
                        "resolved_failures": 0,
                        "causes": [],
                        "blockers": [
                            {
                                "code": "missing_vector_database",
                                "message": "SeekrFlow reports no vector database for this job, which vector-database jobs need before alignment can start: set one on the job in SeekrFlow.",
                            }
                        ],
                    },
                ],
                "more_jobs": 0,
                "unread_jobs": 0,
                "across_jobs": [
                    {"cause": "empty_file", "title": "Empty file", "files": 455, "jobs": 2, "incident": False},
                    {"cause": "file_not_found", "title": "File not found", "files": 455, "jobs": 2, "incident": False},
                    {
                        "cause": "invalid_pdf",
                        "title": "Corrupted, protected or unsupported file",
                        "files": 455,
                        "jobs": 2,
                        "incident": False,
                    },
                    {"cause": "page_too_large", "title": "Pages too large", "files": 455, "jobs": 2, "incident": False},
                    {
                        "cause": "service_unavailable",
                        "title": "Service temporarily unavailable",
                        "files": 306,
                        "jobs": 2,
                        "incident": True,
                    },
                    {
                        "cause": "internal_error",
                        "title": "Internal processing failure",
                        "files": 203,
                        "jobs": 2,
                        "incident": True,
                    },
                ],
                "unreadable_jobs": [],
                "scanned": 14,
                "complete": True,
                "waiting_on_user": False,
                "plan": [
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4"},
                        "reason": "Retry the 506 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                ],
                "more_plan_calls": 0,
                "suggested_actions": [
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4"},
                        "reason": "Retry the 506 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Retry the 3 files that failed on SeekrFlow's side, not because of the file (service temporarily unavailable; internal processing failure); one call re-sends them all.",
                    },
                ],
            },
        )
    )


async def test_retry_the_files_a_temporary_outage_failed(client: Client) -> None:
    result = await call(client, "add_files", job_id=JOB, file_ids=[FARE, PETS])
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — add files
Added 2 files:
- `fare-classes.pptx` (file-00000000-0000-0000-0000-000000abc008) — queued at position 4
- `pets-policy.pdf` (file-00000000-0000-0000-0000-000000abc00b) — queued at position 5
Status after: file_processing — Files are being ingested: at least one ingestion run is queued or running.

Next steps:
- `retry_failed_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Retry the 1 file that failed on SeekrFlow's side, not because of the file (internal processing failure); one call re-sends them all.
- `remove_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005", "file-00000000-0000-0000-0000-000000abc006", "file-00000000-0000-0000-0000-000000abc007"])` — Detach 4 files that cannot ingest as they are (empty file; corrupted, protected or unsupported file; pages too large; file not found). To keep their content, upload a corrected copy and attach it with add_files first.
- `wait_for_ingestion(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Wait for the files to finish ingesting.\
"""
                )
            ],
            structured_content={
                "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                "applied": True,
                "dry_run": False,
                "file_ids": ["file-00000000-0000-0000-0000-000000abc008", "file-00000000-0000-0000-0000-000000abc00b"],
                "more_file_ids": 0,
                "changed": [
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc008",
                        "name": "fare-classes.pptx",
                        "queue_position": 4,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc00b",
                        "name": "pets-policy.pdf",
                        "queue_position": 5,
                    },
                ],
                "more_changed": 0,
                "skipped": [],
                "more_skipped": 0,
                "others": [],
                "unknown_file_ids": [],
                "refused": None,
                "status_after": "file_processing",
                "status_meaning_after": "Files are being ingested: at least one ingestion run is queued or running.",
                "remaining": None,
                "confirmation": None,
                "suggested_actions": [
                    {
                        "tool": "retry_failed_files",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Retry the 1 file that failed on SeekrFlow's side, not because of the file (internal processing failure); one call re-sends them all.",
                    },
                    {
                        "tool": "remove_files",
                        "arguments": {
                            "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                            "file_ids": [
                                "file-00000000-0000-0000-0000-000000abc004",
                                "file-00000000-0000-0000-0000-000000abc005",
                                "file-00000000-0000-0000-0000-000000abc006",
                                "file-00000000-0000-0000-0000-000000abc007",
                            ],
                        },
                        "reason": "Detach 4 files that cannot ingest as they are (empty file; corrupted, protected or unsupported file; pages too large; file not found). To keep their content, upload a corrected copy and attach it with add_files first.",
                    },
                    {
                        "tool": "wait_for_ingestion",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Wait for the files to finish ingesting.",
                    },
                ],
            },
        )
    )


async def test_dry_run_the_removal_of_the_files_to_replace(client: Client) -> None:
    result = await call(client, "remove_files", job_id=JOB, file_ids=REPLACE, dry_run=True)
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — remove files
Dry run, nothing changed: this would remove 4 files:
- `empty-notes.docx` (file-00000000-0000-0000-0000-000000abc004)
- `scanned-contract.pdf` (file-00000000-0000-0000-0000-000000abc005)
- `poster-a0.pdf` (file-00000000-0000-0000-0000-000000abc006)
- `missing-upload.pdf` (file-00000000-0000-0000-0000-000000abc007)
Files that would be left: 9, 6 of them viable (completed, in progress, or Markdown).
Status now: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.

Next steps:
- `remove_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005", "file-00000000-0000-0000-0000-000000abc006", "file-00000000-0000-0000-0000-000000abc007"])` — Apply the removal shown here.\
"""
                )
            ],
            structured_content={
                "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                "applied": False,
                "dry_run": True,
                "file_ids": [
                    "file-00000000-0000-0000-0000-000000abc004",
                    "file-00000000-0000-0000-0000-000000abc005",
                    "file-00000000-0000-0000-0000-000000abc006",
                    "file-00000000-0000-0000-0000-000000abc007",
                ],
                "more_file_ids": 0,
                "changed": [
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc004",
                        "name": "empty-notes.docx",
                        "queue_position": None,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc005",
                        "name": "scanned-contract.pdf",
                        "queue_position": None,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc006",
                        "name": "poster-a0.pdf",
                        "queue_position": None,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc007",
                        "name": "missing-upload.pdf",
                        "queue_position": None,
                    },
                ],
                "more_changed": 0,
                "skipped": [],
                "more_skipped": 0,
                "others": [],
                "unknown_file_ids": [],
                "refused": None,
                "status_after": "needs_review",
                "status_meaning_after": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                "remaining": {"total": 9, "viable": 6},
                "confirmation": None,
                "suggested_actions": [
                    {
                        "tool": "remove_files",
                        "arguments": {
                            "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                            "file_ids": [
                                "file-00000000-0000-0000-0000-000000abc004",
                                "file-00000000-0000-0000-0000-000000abc005",
                                "file-00000000-0000-0000-0000-000000abc006",
                                "file-00000000-0000-0000-0000-000000abc007",
                            ],
                        },
                        "reason": "Apply the removal shown here.",
                    }
                ],
            },
        )
    )


# -- what the job needing review says, fact by fact -------------------------------------


async def test_summarize_failures_counts_open_and_resolved_failures(client: Client) -> None:
    summary = (await call(client, "summarize_failures", job_id=JOB)).structured_content
    assert summary is not None
    assert (summary["open_failures"], summary["resolved_failures"]) == (7, 1)
    groups = {group["cause"]: group for group in summary["groups"]}
    assert len(summary["groups"]) == len(groups) == 6
    assert sum(group["count"] for group in summary["groups"]) == 7
    outage = groups["service_unavailable"]
    assert (outage["count"], outage["retryable"], outage["action"]) == (2, True, "retry")
    assert {f["file_id"] for f in outage["files"]} == {FARE, PETS}
    listed = {f["file_id"] for group in summary["groups"] for f in group["files"]}
    assert listed == set(OPEN_FAILURES)
    assert IROPS not in listed  # failed once, then completed: resolved, not open
    assert "irops-playbook.pdf" not in text(await call(client, "summarize_failures", job_id=JOB))


async def test_the_job_counts_its_files_by_state_and_is_blocked_by_its_failures(client: Client) -> None:
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    # 5 ingested (one of them after a retry), faq.md needs no ingestion, 7 failed.
    assert job["file_counts"] == {
        "total": 13,
        "queued": 0,
        "running": 0,
        "completed": 5,
        "failed": 7,
        "ready_without_ingestion": 1,
    }
    assert [b["code"] for b in job["blockers"]] == ["open_failures"]
    assert (job["ready"], job["open_failures"], job["resolved_failures"]) == (False, 7, 1)


async def test_removing_every_open_failure_makes_the_job_ready(client: Client, sandbox: Sandbox) -> None:
    removed = await call(client, "remove_files", job_id=JOB, file_ids=OPEN_FAILURES)
    assert removed.is_error is not True
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/remove-files"]
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert "open_failures" not in [b["code"] for b in job["blockers"]]
    assert (job["ready"], job["status"], job["blockers"], job["open_failures"]) == (True, "ready_to_start", [], 0)
    assert job["file_counts"]["total"] == 6


# -- the writers behave like a careful person -------------------------------------------


async def test_add_files_sends_each_file_once_and_skips_what_is_fine(client: Client, sandbox: Sandbox) -> None:
    result = await call(client, "add_files", job_id=JOB, file_ids=[FARE, FARE, IROPS, FAQ, FARE])
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/add-files"]
    view = result.structured_content
    assert view is not None
    assert (result.is_error, view["applied"], view["file_ids"]) == (False, True, [FARE])
    assert view["skipped"] == [
        {"file_id": IROPS, "reason": "already attached and completed", "name": "irops-playbook.pdf", "fix": None},
        {"file_id": FAQ, "reason": "already attached (Markdown)", "name": "faq.md", "fix": None},
    ]
    assert view["changed"] == [{"file_id": FARE, "name": "fare-classes.pptx", "queue_position": 4}]
    assert view["status_after"] == "file_processing"
    said = text(result)
    assert (
        "Added 1 file:\n- `fare-classes.pptx` (file-00000000-0000-0000-0000-000000abc008) — queued at position 4"
        in said
    )
    assert (
        f"Skipped 2:\n- `irops-playbook.pdf` ({IROPS}) — already attached and completed\n"
        f"- `faq.md` ({FAQ}) — already attached (Markdown)"
    ) in said
    assert "Status after: file_processing — " in said
    # The ingestion run SeekrFlow started holds the file once.
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert (job["ingestion_runs"][0]["files"], job["queue"]["queued"]) == (1, 1)


async def test_adding_only_files_already_fine_sends_nothing(client: Client, sandbox: Sandbox) -> None:
    result = await call(client, "add_files", job_id=JOB, file_ids=[IROPS, FAQ])
    assert posts(sandbox) == []
    view = result.structured_content
    assert view is not None
    assert (result.is_error, view["applied"], view["file_ids"], view["changed"]) == (False, False, [], [])
    assert [s["file_id"] for s in view["skipped"]] == [IROPS, FAQ]
    assert view["status_after"] == "needs_review"
    assert text(result).splitlines()[1:5] == [
        "Nothing was added.",
        "Skipped 2:",
        f"- `irops-playbook.pdf` ({IROPS}) — already attached and completed",
        f"- `faq.md` ({FAQ}) — already attached (Markdown)",
    ]


async def test_adding_a_file_never_uploaded_adds_nothing_and_names_it(client: Client, sandbox: Sandbox) -> None:
    stranger = "file-00000000-0000-0000-0000-0000deadbeef"
    result = await call(client, "add_files", job_id=JOB, file_ids=[FARE, stranger])
    assert result.is_error is True
    assert text(result) == snapshot(
        "Nothing was added: SeekrFlow has no uploaded file file-00000000-0000-0000-0000-0000deadbeef. `list_files()` lists the uploaded files and their ids; a file not there must be uploaded first."
    )
    assert posts(sandbox) == []
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert job["file_counts"]["failed"] == 7


async def test_add_files_attaches_a_corrected_upload(client: Client, sandbox: Sandbox) -> None:
    result = await call(client, "add_files", job_id=JOB, file_ids=[world.FILLED_NOTES_FILE], method="speed-optimized")
    view = result.structured_content
    assert view is not None
    assert view["changed"] == [{"file_id": world.FILLED_NOTES_FILE, "name": "empty-notes-v2.docx", "queue_position": 4}]
    assert "- `empty-notes-v2.docx` (file-00000000-0000-0000-0000-000000c0f004) — queued at position 4" in text(result)
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert job["file_counts"]["total"] == 14


async def test_remove_files_with_one_id_not_attached_removes_nothing(client: Client, sandbox: Sandbox) -> None:
    # Uploaded, but never attached to this job.
    stranger = world.REFUND_RULES_V2_FILE
    result = await call(client, "remove_files", job_id=JOB, file_ids=[EMPTY, LOCKED, stranger])
    assert posts(sandbox) == []
    view = result.structured_content
    assert view is not None
    assert (view["applied"], view["file_ids"], view["changed"], view["unknown_file_ids"]) == (False, [], [], [stranger])
    assert f"not attached to data job {JOB} ({stranger})" in (view["refused"] or "")
    assert f"Not attached to this job:\n- {stranger}\n" in text(result)
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert job["file_counts"]["total"] == 13


async def test_removing_every_usable_file_needs_the_override(client: Client, sandbox: Sandbox) -> None:
    refused = await call(client, "remove_files", job_id=world.READY_JOB, file_ids=READY_FILES)
    assert posts(sandbox) == []
    view = refused.structured_content
    assert view is not None
    assert (view["applied"], view["status_after"]) == (False, "ready_to_start")
    assert "allow_no_viable_files=true" in (view["refused"] or "")
    assert "would be left with no file alignment can use" in text(refused)

    done = await call(client, "remove_files", job_id=world.READY_JOB, file_ids=READY_FILES, allow_no_viable_files=True)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{world.READY_JOB}/remove-files"]
    view = done.structured_content
    assert view is not None
    assert (view["applied"], view["refused"], view["file_ids"]) == (True, None, READY_FILES)
    assert (view["remaining"], view["status_after"]) == ({"total": 0, "viable": 0}, "needs_review")
    assert "Removed 3 files:" in text(done)
    job = (await call(client, "get_data_job", job_id=world.READY_JOB)).structured_content
    assert job is not None
    assert [b["code"] for b in job["blockers"]] == ["no_viable_files"]


async def test_a_dry_run_changes_nothing_and_says_what_would_remain(client: Client, sandbox: Sandbox) -> None:
    result = await call(client, "remove_files", job_id=JOB, file_ids=REPLACE, dry_run=True)
    assert posts(sandbox) == []
    view = result.structured_content
    assert view is not None
    assert (view["applied"], view["dry_run"], view["file_ids"]) == (False, True, REPLACE)
    assert view["remaining"] == {"total": 9, "viable": 6}
    assert "Dry run, nothing changed: this would remove 4 files:" in text(result)
    assert "Files that would be left: 9, 6 of them viable" in text(result)
    # What the dry run offers to apply is exactly the removal it showed.
    assert view["suggested_actions"] == [
        {
            "tool": "remove_files",
            "arguments": {"job_id": JOB, "file_ids": REPLACE},
            "reason": "Apply the removal shown here.",
        }
    ]
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert job["file_counts"]["total"] == 13


async def test_a_removal_reports_what_remains_and_the_status_after(client: Client, sandbox: Sandbox) -> None:
    result = await call(client, "remove_files", job_id=JOB, file_ids=REPLACE)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/remove-files"]
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — remove files
Removed 4 files:
- `empty-notes.docx` (file-00000000-0000-0000-0000-000000abc004)
- `scanned-contract.pdf` (file-00000000-0000-0000-0000-000000abc005)
- `poster-a0.pdf` (file-00000000-0000-0000-0000-000000abc006)
- `missing-upload.pdf` (file-00000000-0000-0000-0000-000000abc007)
Files left: 9, 6 of them viable (completed, in progress, or Markdown).
Status after: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.

Next steps:
- `summarize_failures(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Files still fail to ingest: see why and what fixes them.\
"""
                )
            ],
            structured_content={
                "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                "applied": True,
                "dry_run": False,
                "file_ids": [
                    "file-00000000-0000-0000-0000-000000abc004",
                    "file-00000000-0000-0000-0000-000000abc005",
                    "file-00000000-0000-0000-0000-000000abc006",
                    "file-00000000-0000-0000-0000-000000abc007",
                ],
                "more_file_ids": 0,
                "changed": [
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc004",
                        "name": "empty-notes.docx",
                        "queue_position": None,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc005",
                        "name": "scanned-contract.pdf",
                        "queue_position": None,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc006",
                        "name": "poster-a0.pdf",
                        "queue_position": None,
                    },
                    {
                        "file_id": "file-00000000-0000-0000-0000-000000abc007",
                        "name": "missing-upload.pdf",
                        "queue_position": None,
                    },
                ],
                "more_changed": 0,
                "skipped": [],
                "more_skipped": 0,
                "others": [],
                "unknown_file_ids": [],
                "refused": None,
                "status_after": "needs_review",
                "status_meaning_after": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                "remaining": {"total": 9, "viable": 6},
                "confirmation": None,
                "suggested_actions": [
                    {
                        "tool": "summarize_failures",
                        "arguments": {"job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"},
                        "reason": "Files still fail to ingest: see why and what fixes them.",
                    }
                ],
            },
        )
    )
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert (job["file_counts"]["total"], job["file_counts"]["failed"]) == (9, 3)


async def test_a_refused_removal_says_once_that_nothing_was_removed(client: Client, sandbox: Sandbox) -> None:
    result = await call(client, "remove_files", job_id=JOB, file_ids=[EMPTY, world.REFUND_RULES_V2_FILE])
    assert posts(sandbox) == []
    outcome = text(result).splitlines()[1]
    assert outcome.count("Nothing was removed") == 1, outcome


async def test_a_refused_removal_counts_every_file_as_still_there(client: Client, sandbox: Sandbox) -> None:
    """Nothing was removed, so all 13 files are left; the view says what the job *would* keep."""
    result = await call(client, "remove_files", job_id=JOB, file_ids=[EMPTY, world.REFUND_RULES_V2_FILE])
    assert posts(sandbox) == []
    left = [line for line in text(result).splitlines() if line.startswith("Files left:")]
    assert left in ([], ["Files left: 13, 6 of them viable (completed, in progress, or Markdown)."]), left


# -- errors: what happened and what to do, in words ---------------------------------------

NOT_FOUND = f"Data job {UNKNOWN_JOB} was not found. `list_data_jobs()` shows the jobs this API key can see."


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("get_data_job", {"job_id": UNKNOWN_JOB}),
        ("get_data_job", {"job_id": UNKNOWN_JOB, "detail": "full"}),
        ("summarize_failures", {"job_id": UNKNOWN_JOB}),
        ("add_files", {"job_id": UNKNOWN_JOB, "file_ids": [FARE]}),
        ("remove_files", {"job_id": UNKNOWN_JOB, "file_ids": [EMPTY], "dry_run": True}),
        ("remove_files", {"job_id": UNKNOWN_JOB, "file_ids": [EMPTY]}),
    ],
)
async def test_an_unknown_job_is_named_with_the_call_that_lists_jobs(
    client: Client, sandbox: Sandbox, tool: str, arguments: dict[str, Any]
) -> None:
    result = await call(client, tool, **arguments)
    assert (result.is_error, text(result), result.structured_content) == (True, NOT_FOUND, None)
    assert posts(sandbox) == []


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("list_data_jobs", {}),
        ("get_data_job", {"job_id": JOB}),
        ("summarize_failures", {}),
        ("add_files", {"job_id": JOB, "file_ids": [FARE]}),
    ],
)
async def test_a_wrong_api_key_tells_the_user_to_set_seekr_api_key(
    sandbox: Sandbox, tool: str, arguments: dict[str, Any]
) -> None:
    wrong = "sk-wrong-0123456789"
    settings = Settings(api_key=SecretStr(wrong), base_url="http://sandbox.test")
    # build_server itself: sandbox_server would hand the server the sandbox's own key.
    async with connect(build_server(settings, transport=sandbox.transport(), now=sandbox.clock.now)) as c:
        result = await call(c, tool, **arguments)
    assert_clean(result, wrong)
    assert result.is_error is True
    assert text(result) == snapshot(
        "SeekrFlow rejected the API key (401). Check SEEKR_API_KEY: it is sent as is, with no 'Bearer' prefix. No tool call can fix this: the user must set a valid SEEKR_API_KEY in this MCP server's configuration and restart it."
    )
    assert posts(sandbox) == []


async def test_seekrflow_down_after_the_retries_says_try_again_and_nothing_changed(sandbox: Sandbox) -> None:
    for _ in range(2):  # the first try and its one retry
        sandbox.faults.push(Fault(kind="status", status=503))
    async with connect(server_for(sandbox, retries=1)) as c:
        result = await call(c, "get_data_job", job_id=JOB)
        assert result.is_error is True
        assert text(result) == snapshot(
            'SeekrFlow failed to answer for data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d (HTTP 503). SeekrFlow said: "Service Unavailable". It is likely temporary. Call `get_data_job(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` again in a minute.'
        )
        assert sandbox.requests == [("GET", f"/v1/flow/data-jobs/{JOB}")] * 2
        # Once SeekrFlow is back, the same call answers.
        again = await call(c, "get_data_job", job_id=JOB)
        assert again.is_error is not True


async def test_a_write_refused_by_an_outage_changes_nothing(client: Client, sandbox: Sandbox) -> None:
    sandbox.faults.push(Fault(kind="status", status=503, route="add_files"))
    result = await call(client, "add_files", job_id=JOB, file_ids=[FARE])
    assert result.is_error is True
    assert text(result) == snapshot(
        'SeekrFlow failed to answer for adding files to data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d (HTTP 503). SeekrFlow said: "Service Unavailable". The change may or may not have been applied. Check with `get_data_job(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` before repeating it.'
    )
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/add-files"]  # sent once: a write is never repeated
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert (job["status"], job["file_counts"]["failed"], job["queue"]) == ("needs_review", 7, None)


async def test_a_write_cut_off_midway_does_not_claim_that_nothing_changed(client: Client, sandbox: Sandbox) -> None:
    """The connection drops after SeekrFlow applied the change: the model must read the job
    before repeating it, and must not be told that nothing changed."""
    sandbox.faults.push(Fault(kind="drop", route="add_files"))
    result = await call(client, "add_files", job_id=JOB, file_ids=[FARE])
    assert result.is_error is True
    assert "the change may or may not have been applied" in text(result)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{JOB}/add-files"]  # not sent again
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert job["queue"]["queued"] == 1
    assert "Nothing was changed" not in text(result), text(result)


@pytest.mark.parametrize(
    ("tool", "arguments", "refused"),
    [
        ("get_data_job", {"job_id": "../etc"}, "'../etc' is not a valid data job id"),
        ("get_data_job", {"job_id": f"{JOB}/../../files"}, f"'{JOB}/../../files' is not a valid data job id"),
        ("get_data_job", {"job_id": ""}, "'' is not a valid data job id"),
        ("summarize_failures", {"job_id": "../etc"}, "'../etc' is not a valid data job id"),
        ("add_files", {"job_id": "../etc", "file_ids": [FARE]}, "'../etc' is not a valid data job id"),
        ("add_files", {"job_id": JOB, "file_ids": [FARE, "../etc"]}, "'../etc' is not a valid file id"),
        ("remove_files", {"job_id": JOB, "file_ids": [EMPTY, "file-1?x=1"]}, "'file-1?x=1' is not a valid file id"),
        (
            "remove_files",
            {"job_id": "dj-1 2", "file_ids": [EMPTY], "dry_run": True},
            "'dj-1 2' is not a valid data job id",
        ),
    ],
)
async def test_a_malformed_id_is_refused_before_any_request(
    client: Client, sandbox: Sandbox, tool: str, arguments: dict[str, Any], refused: str
) -> None:
    result = await call(client, tool, **arguments)
    assert result.is_error is True
    example = (
        "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9"
        if refused.endswith("file id")
        else "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"
    )
    assert text(result) == f"{refused}: SeekrFlow ids are 1-128 letters, digits, '-' or '_' (like {example})."
    assert sandbox.requests == []


async def test_the_id_pattern_is_in_the_schema(client: Client) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert tools["get_data_job"].input_schema["properties"]["job_id"]["pattern"] == RESOURCE_ID_PATTERN
    assert tools["add_files"].input_schema["properties"]["file_ids"]["items"]["pattern"] == RESOURCE_ID_PATTERN


async def test_a_failure_while_checking_files_is_reported_not_crashed(sandbox: Sandbox) -> None:
    sandbox.faults.push(Fault(kind="status", status=503, route="get_file"))
    stranger = "file-00000000-0000-0000-0000-0000deadbeef"
    async with connect(server_for(sandbox, retries=0)) as c:
        result = await call(c, "add_files", job_id=JOB, file_ids=[stranger])
    assert result.is_error is True
    assert text(result) == (
        f'SeekrFlow failed to answer for file {stranger} (HTTP 503). SeekrFlow said: "Service Unavailable". '
        f'It is likely temporary. Call `add_files(job_id="{JOB}", file_ids=["{stranger}"])` again in a minute.'
    )
    assert posts(sandbox) == []


# -- time: what the tools say as ingestion moves on ---------------------------------------


async def test_retried_files_complete_as_time_passes(client: Client, sandbox: Sandbox) -> None:
    assert isinstance(sandbox.clock, FakeClock)
    await call(client, "add_files", job_id=JOB, file_ids=[FARE, PETS])
    now = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert now is not None
    assert (now["status"], now["file_counts"]["queued"], now["file_counts"]["failed"]) == ("file_processing", 2, 5)
    assert [b["code"] for b in now["blockers"]] == ["still_processing", "open_failures"]
    assert now["queue"] == {"queued": 2, "running": 0, "next_position": 4, "last_position": 5}

    sandbox.clock.advance(600)
    later = await call(client, "get_data_job", job_id=JOB)
    job = later.structured_content
    assert job is not None
    assert job["file_counts"] == {
        "total": 13,
        "queued": 0,
        "running": 0,
        "completed": 7,
        "failed": 5,
        "ready_without_ingestion": 1,
    }
    assert (job["resolved_failures"], job["open_failures"], job["queue"]) == (3, 5, None)
    assert job["status"] == "needs_review"  # the other five failures still need a person
    assert [b["code"] for b in job["blockers"]] == ["open_failures"]
    assert job["ingestion_runs"][0] | {"id": "", "created_at": ""} == {
        "id": "",
        "status": "completed",
        "created_at": "",
        "files": 2,
        "completed": 2,
        "failed": 0,
        "queued": 0,
        "running": 0,
    }
    assert "Open failures: 5 in 5 causes; 3 resolved by a later retry:" in text(later)
    files = (await call(client, "get_data_job", job_id=JOB, detail="files", state="completed")).structured_content
    assert files is not None
    fare = next(f for f in files["files"]["items"] if f["file_id"] == FARE)
    assert (fare["state"], fare["attempts"]) == ("completed", 2)
    summary = (await call(client, "summarize_failures", job_id=JOB)).structured_content
    assert summary is not None
    assert "service_unavailable" not in [group["cause"] for group in summary["groups"]]


async def test_following_the_plan_as_written_starts_alignment(client: Client, sandbox: Sandbox) -> None:
    """Every call the summary plans is made exactly as written, in order, and it ends in alignment."""
    assert isinstance(sandbox.clock, FakeClock)
    plan = (await call(client, "summarize_failures", job_id=JOB)).structured_content["plan"]  # type: ignore[index]
    tools = [step["tool"] for step in plan]
    assert tools == ["retry_failed_files", "remove_files", "wait_for_ingestion", "start_alignment"]
    results = [await call(client, step["tool"], **step["arguments"]) for step in plan]
    assert [r.is_error for r in results] == [False] * 4
    retried, removed, waited, started = (r.structured_content for r in results)
    assert retried["applied"] is True  # type: ignore[index]
    assert removed["applied"] is True  # type: ignore[index]
    assert waited["finished"] is True  # type: ignore[index]
    assert started["started"] is True  # type: ignore[index]
    job = (await call(client, "get_data_job", job_id=JOB)).structured_content
    assert job is not None
    assert job["status"] in ("pending", "queued", "running")
    assert (job["file_counts"]["total"], job["resolved_failures"], job["open_failures"]) == (9, 4, 0)
