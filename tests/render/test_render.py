"""The text the model reads: full outputs pinned, plus the budget, ids, times and quoting rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from inline_snapshot import snapshot

from seekrflow_mcp.render import render_failures, render_file_change, render_job, render_job_list
from seekrflow_mcp.render.budget import BUDGET, MIN_BUDGET
from seekrflow_mcp.tools import TOOLS
from seekrflow_mcp.triage.views import (
    AlignmentView,
    Blocker,
    CauseCount,
    EventView,
    FailedFile,
    FailureGroup,
    FailureSummaryView,
    FileChange,
    FileChangeView,
    FileCounts,
    FilePage,
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
    View,
)

NOW = datetime(2025, 11, 14, 12, 0, tzinfo=UTC)
JOB_ID = "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"
CLAIMS_ID = "dj-4ea8a7a8-8fc1-4066-e497-d5c6c6ef8091"
FARES_ID = "dj-7c2e9b10-3f4a-4b8c-9d1e-0a1b2c3d4e5f"
MANUALS_ID = "dj-90ab12cd-34ef-4567-89ab-cdef01234567"
RUN_1 = "ij-a19a1923-1d18-4fc7-8365-96d12ea734ce"
RUN_2 = "ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182"
NEW_FILE = "file-00000000-0000-0000-0000-00000000f001"
UNKNOWN_FILE = "file-00000000-0000-0000-0000-0000deadbeef"

MEANINGS = {
    "needs_review": (
        "Someone must act before alignment can start: files failed to ingest, no usable file is "
        "attached, or a prerequisite such as the system prompt is missing."
    ),
    "file_processing": "Files are being ingested: at least one ingestion run is queued or running.",
    "running": "Alignment is running: SeekrFlow is generating training data from the files.",
    "ready_to_start": "Every file is ingested and every prerequisite is met: alignment can start.",
}
FIXES = {
    "service_unavailable": (
        "A temporary SeekrFlow outage, not a problem with the file. Wait a few minutes, then add "
        "the same file to the job again to retry it."
    ),
    "empty_file": (
        "The file has no content SeekrFlow can read. Upload a copy that has content, attach the "
        "new file, then remove this one."
    ),
    "invalid_pdf": (
        "SeekrFlow could not open the file. Remove the password or re-export it as a standard PDF, "
        "upload that copy, attach the new file, then remove this one."
    ),
    "page_too_large": "Re-export the PDF at a standard page size, upload it, attach the new file, then remove this one.",
    "file_not_found": "Check the file id; if the file is gone, upload it again, attach the new file, then remove this one.",
    "internal_error": (
        "Add the same file to the job again to retry it once; if it fails again, contact SeekrFlow "
        "support with the job id and the file id."
    ),
}
# cause, title, retryable, action, message
CAUSES: list[tuple[Any, str, bool, Any, str]] = [
    ("service_unavailable", "Service temporarily unavailable", True, "retry", "Service temporarily unavailable."),
    ("empty_file", "Empty file", False, "replace", "The file appears to be empty."),
    (
        "invalid_pdf",
        "Corrupted, protected or unsupported file",
        False,
        "replace",
        "The PDF may be corrupted, password-protected, or in an unsupported format.",
    ),
    (
        "page_too_large",
        "Pages too large",
        False,
        "replace",
        "The PDF contains pages that exceed the maximum supported size.",
    ),
    (
        "file_not_found",
        "File not found",
        False,
        "replace",
        "The file was not found or is not owned by the current user.",
    ),
    ("internal_error", "Internal processing failure", True, "retry", "Internal processing failure."),
]


def fid(suffix: str) -> str:
    return f"file-00000000-0000-0000-0000-000000abc{suffix}"


def at(hhmm: str) -> datetime:
    hours, minutes = hhmm.split(":")
    return datetime(2025, 11, 14, int(hours), int(minutes), tzinfo=UTC)


def action(tool: str, reason: str, **arguments: Any) -> SuggestedAction:
    # Only calls a server can answer: a snapshot must not teach a tool that does not exist.
    assert tool in {t.name for t in TOOLS}, tool
    return SuggestedAction(tool=tool, arguments=arguments, reason=reason)


RETRY = action(
    "add_files",
    "Retry 3 files whose failure was temporary (service temporarily unavailable, internal processing "
    "failure): adding a failed file again queues a new attempt.",
    job_id=JOB_ID,
    file_ids=[fid("008"), fid("00b"), fid("00a")],
)
REMOVE = action(
    "remove_files",
    "Detach 4 files that cannot ingest as they are. To keep their content, upload a corrected copy "
    "and attach it with add_files first.",
    job_id=JOB_ID,
    file_ids=[fid("004"), fid("005"), fid("006"), fid("007")],
)
SUMMARIZE = action(
    "summarize_failures",
    "7 files failed to ingest: see each cause, its fix, and the calls that clear them.",
    job_id=JOB_ID,
)


def row(job_id: str, name: str, status: str, job_type: str, created: str, updated: str) -> JobRow:
    return JobRow(
        id=job_id,
        name=name,
        job_type=job_type,
        status=status,
        status_meaning=MEANINGS[status],
        created_at=at(created),
        updated_at=at(updated),
    )


def job_list() -> JobListView:
    return JobListView(
        jobs=[
            row(CLAIMS_ID, "Claims FAQ", "running", "context_grounded_files", "07:35", "11:30"),
            row(JOB_ID, "Customer support refresh", "needs_review", "principle_files", "07:35", "08:13"),
            row(FARES_ID, "Fare rules", "file_processing", "principle_files", "11:50", "11:59"),
            row(MANUALS_ID, "Policy manuals", "needs_review", "principle_files", "06:00", "06:05"),
        ],
        counts_by_status={"needs_review": 12, "file_processing": 3, "running": 1, "ready_to_start": 4},
        matched=20,
        offset=0,
        next_offset=4,
        scanned=57,
        complete=True,
        suggested_actions=[
            action("summarize_failures", "12 jobs need review: see why, job by job."),
        ],
    )


def needs_review_job() -> JobView:
    """The job of contract/data_job_needs_review.json, as the view builder sees it."""
    return JobView(
        id=JOB_ID,
        name="Customer support refresh",
        job_type="principle_files",
        status="needs_review",
        status_meaning=MEANINGS["needs_review"],
        created_at=datetime(2025, 11, 14, 7, 35, 21, tzinfo=UTC),
        updated_at=datetime(2025, 11, 14, 8, 13, 0, tzinfo=UTC),
        ready=False,
        blockers=[
            Blocker(
                code="open_failures",
                message="7 attached files failed to ingest; each must be retried, replaced or removed before alignment can start.",
            )
        ],
        file_counts=FileCounts(total=13, queued=0, running=0, completed=5, failed=7, ready_without_ingestion=1),
        open_failures=7,
        resolved_failures=1,
        failures=[
            CauseCount(cause=c, title=t, count=2 if c == "service_unavailable" else 1, retryable=r, action=a)
            for c, t, r, a, _ in CAUSES
        ],
        ingestion_runs=[
            IngestionRunView(
                id=RUN_2,
                status="completed",
                created_at=at("08:10"),
                files=1,
                completed=1,
                failed=0,
                queued=0,
                running=0,
            ),
            IngestionRunView(
                id=RUN_1,
                status="completed",
                created_at=at("07:35"),
                files=12,
                completed=4,
                failed=8,
                queued=0,
                running=0,
            ),
        ],
        recent_events=[
            EventView(
                timestamp=at("08:13"), event_type="File Processing Completed", message="Finished processing files."
            ),
            EventView(timestamp=at("08:10"), event_type="File Processing Started", message="Started processing files."),
            EventView(
                timestamp=at("07:37"), event_type="File Processing Completed", message="Finished processing files."
            ),
            EventView(timestamp=at("07:35"), event_type="File Processing Started", message="Started processing files."),
            EventView(timestamp=at("07:35"), event_type="Created", message="Data job created."),
        ],
        suggested_actions=[SUMMARIZE, RETRY],
    )


def processing_job() -> JobView:
    """A job ingesting 30 files, read with detail="files", state="queued"."""
    queued = [
        FileView(
            file_id=f"file-00000000-0000-0000-0000-0000000f{n:04d}",
            name=f"fare-rules-part-{n:02d}.pdf",
            type="pdf",
            state="queued",
            attempts=1,
            queue_position=3 + n,
            updated_at=at("11:50"),
        )
        for n in range(1, 4)
    ]
    return JobView(
        id=FARES_ID,
        name="Fare rules",
        job_type="principle_files",
        status="file_processing",
        status_meaning=MEANINGS["file_processing"],
        status_message="Ingestion in progress (2 of 32 files)",
        created_at=at("11:50"),
        updated_at=at("11:59"),
        ready=False,
        blockers=[
            Blocker(
                code="still_processing",
                message="32 files still being ingested (2 running, 30 queued); alignment can start only after they finish.",
            ),
        ],
        file_counts=FileCounts(total=32, queued=30, running=2, completed=0, failed=0, ready_without_ingestion=0),
        open_failures=0,
        resolved_failures=0,
        failures=[],
        queue=QueueView(queued=30, running=2, next_position=4, last_position=33),
        ingestion_runs=[
            IngestionRunView(
                id=RUN_2,
                status="running",
                created_at=at("11:50"),
                files=32,
                completed=0,
                failed=0,
                queued=30,
                running=2,
            ),
        ],
        more_ingestion_runs=2,
        recent_events=[
            EventView(timestamp=at("11:50"), event_type="File Processing Started", message="Started processing files."),
        ],
        files=FilePage(state="queued", items=queued, offset=0, matched=30, next_offset=3),
        suggested_actions=[
            action(
                "get_data_job",
                "The next page of files.",
                job_id=FARES_ID,
                detail="files",
                state="queued",
                offset=3,
                limit=3,
            ),
            action("get_data_job", "Ingestion is still in progress: read the job again to follow it.", job_id=FARES_ID),
        ],
    )


def aligning_job() -> JobView:
    """contract/data_job_aligning.json, read with detail="full"."""
    return JobView(
        id=CLAIMS_ID,
        name="Claims FAQ",
        job_type="context_grounded_files",
        status="running",
        status_meaning=MEANINGS["running"],
        created_at=at("07:35"),
        updated_at=at("11:30"),
        ready=False,
        alignment_state="in_progress",
        blockers=[],
        file_counts=FileCounts(total=1, queued=0, running=0, completed=0, failed=0, ready_without_ingestion=1),
        open_failures=0,
        resolved_failures=0,
        failures=[],
        ingestion_runs=[],
        alignment=AlignmentView(
            id="aj-0f1e2d3c-4b5a-4968-8776-655443322110",
            status="running",
            current_step="generating_qa_pairs",
            progress=42.5,
            eta_minutes=40,
        ),
        recent_events=[
            EventView(timestamp=at("11:05"), event_type="Alignment Started", message="Alignment job started."),
            EventView(timestamp=at("11:00"), event_type="Created", message="Data job created."),
        ],
        files=FilePage(
            state=None,
            items=[
                FileView(
                    file_id="file-00000000-0000-0000-0000-000000004d02",
                    name="claims-faq.md",
                    type="md",
                    state="ready_without_ingestion",
                    attempts=0,
                )
            ],
            offset=0,
            matched=1,
            next_offset=None,
        ),
        timeline=TimelinePage(
            items=[
                EventView(timestamp=at("11:05"), event_type="Alignment Started", message="Alignment job started."),
                EventView(timestamp=at("11:00"), event_type="Created", message="Data job created."),
            ],
            offset=0,
            total=2,
            next_offset=None,
        ),
    )


def group(cause: str, files: list[FailedFile], count: int | None = None) -> FailureGroup:
    _, title, retryable, act, message = next(c for c in CAUSES if c[0] == cause)
    count = len(files) if count is None else count
    return FailureGroup(
        cause=cause,
        title=title,
        count=count,
        retryable=retryable,
        action=act,
        message=message,
        fix=FIXES[cause],
        files=files,
        more_files=count - len(files),
    )


def job_failures() -> FailureSummaryView:
    return FailureSummaryView(
        job=JobRef(id=JOB_ID, name="Customer support refresh", status="needs_review"),
        open_failures=7,
        resolved_failures=1,
        groups=[
            group(
                "service_unavailable",
                [
                    FailedFile(file_id=fid("008"), name="fare-classes.pptx", attempts=1),
                    FailedFile(file_id=fid("00b"), name="pets-policy.pdf", attempts=2),
                ],
            ),
            group("empty_file", [FailedFile(file_id=fid("004"), name="empty-notes.docx", attempts=1)]),
            group("invalid_pdf", [FailedFile(file_id=fid("005"), name="scanned-contract.pdf", attempts=1)]),
            group("page_too_large", [FailedFile(file_id=fid("006"), name="poster-a0.pdf", attempts=1)]),
            group("file_not_found", [FailedFile(file_id=fid("007"), name="missing-upload.pdf", attempts=1)]),
            group("internal_error", [FailedFile(file_id=fid("00a"), name="lounge-access.pdf", attempts=1)]),
        ],
        blockers=[],
        plan=[RETRY, REMOVE],
        suggested_actions=[RETRY, REMOVE],
    )


def other_failures() -> FailureSummaryView:
    """An unknown message, SeekrFlow's own fix, a missing system prompt, and a plan longer than the Next steps."""
    odd = FailureGroup(
        cause="other",
        title="Other error",
        count=1,
        retryable=False,
        action="replace",
        message='Unsupported "smart art" object on slide 4.',
        fix="Flatten smart art into images.",
        fix_by_seekrflow=True,
        files=[FailedFile(file_id=fid("00d"), name="deck.pptx", attempts=3)],
        more_files=0,
    )
    plan = [
        action("add_files", "Retry it.", job_id=MANUALS_ID, file_ids=[fid("00e")]),
        action("remove_files", "Detach it.", job_id=MANUALS_ID, file_ids=[fid("00c")]),
        action("remove_files", "Detach the rest.", job_id=MANUALS_ID, file_ids=[fid("00f")]),
        action("remove_files", "Detach the last.", job_id=MANUALS_ID, file_ids=[fid("010")]),
    ]
    return FailureSummaryView(
        job=JobRef(id=MANUALS_ID, name="Policy manuals", status="needs_review"),
        open_failures=1,
        resolved_failures=0,
        groups=[odd],
        blockers=[
            Blocker(
                code="missing_system_prompt",
                message="The job has no system prompt, which principle-files jobs need before alignment can start: set one on the job in SeekrFlow.",
            )
        ],
        plan=plan,
        suggested_actions=plan[:2],
    )


def overview() -> FailureSummaryView:
    return FailureSummaryView(
        job=None,
        open_failures=12,
        resolved_failures=1,
        groups=[],
        blockers=[],
        jobs=[
            JobFailures(
                job=JobRef(id=JOB_ID, name="Customer support refresh", status="needs_review"),
                open_failures=7,
                resolved_failures=1,
                causes=[
                    CauseCount(cause=c, title=t, count=2 if c == "service_unavailable" else 1, retryable=r, action=a)
                    for c, t, r, a, _ in CAUSES
                ],
                blockers=[],
            ),
            JobFailures(
                job=JobRef(id=MANUALS_ID, name="Policy manuals", status="needs_review"),
                open_failures=0,
                resolved_failures=0,
                causes=[],
                blockers=[
                    Blocker(
                        code="missing_system_prompt",
                        message="The job has no system prompt; set one on the job in SeekrFlow.",
                    )
                ],
            ),
        ],
        more_jobs=2,
        scanned=500,
        complete=False,
        suggested_actions=[SUMMARIZE],
    )


def added() -> FileChangeView:
    return FileChangeView(
        job_id=JOB_ID,
        applied=True,
        file_ids=[NEW_FILE, fid("008"), fid("001")],
        changed=[
            FileChange(file_id=NEW_FILE, name="empty-notes-fixed.docx", queue_position=4),
            FileChange(file_id=fid("008"), name="fare-classes.pptx", queue_position=5),
        ],
        skipped=[Skipped(file_id=fid("001"), reason="already attached and ingested")],
        status_after="file_processing",
        status_meaning_after=MEANINGS["file_processing"],
        suggested_actions=[action("get_data_job", "Follow the ingestion of the 2 files just added.", job_id=JOB_ID)],
    )


def removal_dry_run() -> FileChangeView:
    return FileChangeView(
        job_id=JOB_ID,
        applied=False,
        dry_run=True,
        file_ids=[fid("004"), fid("005")],
        changed=[
            FileChange(file_id=fid("004"), name="empty-notes.docx"),
            FileChange(file_id=fid("005"), name="scanned-contract.pdf"),
        ],
        skipped=[],
        status_after="needs_review",
        status_meaning_after=MEANINGS["needs_review"],
        remaining=RemainingFiles(total=11, viable=6),
        suggested_actions=[
            action("remove_files", "Apply the removal shown here.", job_id=JOB_ID, file_ids=[fid("004"), fid("005")]),
        ],
    )


def removal_refused() -> FileChangeView:
    return FileChangeView(
        job_id=JOB_ID,
        applied=False,
        file_ids=[fid("004"), UNKNOWN_FILE],
        changed=[FileChange(file_id=fid("004"), name="empty-notes.docx")],
        skipped=[],
        unknown_file_ids=[UNKNOWN_FILE],
        refused="1 of the ids is not attached to this job, and removal is all or nothing.",
        status_after="needs_review",
        status_meaning_after=MEANINGS["needs_review"],
        remaining=RemainingFiles(total=13, viable=6),
        suggested_actions=[
            action("remove_files", "Remove only the attached file.", job_id=JOB_ID, file_ids=[fid("004")]),
        ],
    )


# -- full outputs -------------------------------------------------------------------------


def test_job_list() -> None:
    assert render_job_list(job_list(), NOW) == snapshot("""\
## Data jobs
20 matching: 12 needs_review, 4 ready_to_start, 3 file_processing, 1 running.
- `Claims FAQ` (dj-4ea8a7a8-8fc1-4066-e497-d5c6c6ef8091) — running: Alignment is running: SeekrFlow is generating training data from the files. · context_grounded_files · created 4h ago, updated 30m ago
- `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d) — needs_review: Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing. · principle_files · created 4h ago, updated 3h ago
- `Fare rules` (dj-7c2e9b10-3f4a-4b8c-9d1e-0a1b2c3d4e5f) — file_processing: Files are being ingested: at least one ingestion run is queued or running. · principle_files · created 10m ago, updated 1m ago
- `Policy manuals` (dj-90ab12cd-34ef-4567-89ab-cdef01234567) — needs_review · principle_files · created 6h ago, updated 5h ago
Showing 1–4 of 20 matching.
… and 16 more (`list_data_jobs` with the same filters and offset=4)
Looked at 57 jobs, the whole list.

Next steps:
- `summarize_failures()` — 12 jobs need review: see why, job by job.\
""")


def test_job_list_with_no_match_and_a_partial_scan() -> None:
    view = JobListView(jobs=[], counts_by_status={}, matched=0, offset=0, next_offset=None, scanned=500, complete=False)
    assert render_job_list(view, NOW) == snapshot("""\
## Data jobs
No data jobs match.
Looked at the first 500 jobs; there may be more.\
""")


def test_job_needing_review() -> None:
    assert render_job(needs_review_job(), NOW) == snapshot("""\
## `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d)
Status: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.
`principle_files` job · created 2025-11-14T07:35Z (4h ago) · updated 2025-11-14T08:13Z (3h ago)
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
- ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182 — completed, started 2025-11-14T08:10Z (3h ago) — 1 file: 1 completed
- ij-a19a1923-1d18-4fc7-8365-96d12ea734ce — completed, started 2025-11-14T07:35Z (4h ago) — 12 files: 4 completed, 8 failed

Recent events, newest first:
- 2025-11-14T08:13Z (3h ago) `File Processing Completed`: "Finished processing files."
- 2025-11-14T08:10Z (3h ago) `File Processing Started`: "Started processing files."
- 2025-11-14T07:37Z (4h ago) `File Processing Completed`: "Finished processing files."
- 2025-11-14T07:35Z (4h ago) `File Processing Started`: "Started processing files."
- 2025-11-14T07:35Z (4h ago) `Created`: "Data job created."

Next steps:
- `summarize_failures(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — 7 files failed to ingest: see each cause, its fix, and the calls that clear them.
- `add_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc008", "file-00000000-0000-0000-0000-000000abc00b", "file-00000000-0000-0000-0000-000000abc00a"])` — Retry 3 files whose failure was temporary (service temporarily unavailable, internal processing failure): adding a failed file again queues a new attempt.\
""")


def test_job_ingesting_with_a_page_of_queued_files() -> None:
    assert render_job(processing_job(), NOW) == snapshot("""\
## `Fare rules` (dj-7c2e9b10-3f4a-4b8c-9d1e-0a1b2c3d4e5f)
Status: file_processing — Files are being ingested: at least one ingestion run is queued or running.
SeekrFlow says: "Ingestion in progress (2 of 32 files)"
`principle_files` job · created 2025-11-14T11:50Z (10m ago) · updated 2025-11-14T11:59Z (1m ago)
Not ready to start alignment:
- 32 files still being ingested (2 running, 30 queued); alignment can start only after they finish.
Files: 32 attached — 30 queued, 2 running.
Queue: 30 of this job's files queued (positions 4–33), 2 running.

Ingestion runs, newest first:
- ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182 — running, started 2025-11-14T11:50Z (10m ago) — 32 files: 30 queued, 2 running
… and 2 older runs

Recent events, newest first:
- 2025-11-14T11:50Z (10m ago) `File Processing Started`: "Started processing files."

Queued files:
- `fare-rules-part-01.pdf` (file-00000000-0000-0000-0000-0000000f0001, pdf) — queued at position 4, updated 2025-11-14T11:50Z (10m ago)
- `fare-rules-part-02.pdf` (file-00000000-0000-0000-0000-0000000f0002, pdf) — queued at position 5, updated 2025-11-14T11:50Z (10m ago)
- `fare-rules-part-03.pdf` (file-00000000-0000-0000-0000-0000000f0003, pdf) — queued at position 6, updated 2025-11-14T11:50Z (10m ago)
Showing 1–3 of 30.
… and 27 more (`get_data_job` with detail="files", state="queued", offset=3)

Next steps:
- `get_data_job(job_id="dj-7c2e9b10-3f4a-4b8c-9d1e-0a1b2c3d4e5f", detail="files", state="queued", offset=3, limit=3)` — The next page of files.
- `get_data_job(job_id="dj-7c2e9b10-3f4a-4b8c-9d1e-0a1b2c3d4e5f")` — Ingestion is still in progress: read the job again to follow it.\
""")


def test_job_aligning_read_in_full() -> None:
    assert render_job(aligning_job(), NOW) == snapshot("""\
## `Claims FAQ` (dj-4ea8a7a8-8fc1-4066-e497-d5c6c6ef8091)
Status: running — Alignment is running: SeekrFlow is generating training data from the files.
`context_grounded_files` job · created 2025-11-14T07:35Z (4h ago) · updated 2025-11-14T11:30Z (30m ago)
Alignment has already started, so the job's files can no longer change.
Files: 1 attached — 1 ready without ingestion (Markdown).
Alignment (aj-0f1e2d3c-4b5a-4968-8776-655443322110): running, step `generating_qa_pairs`, 42.5% done, about 40 min left.

Files:
- `claims-faq.md` (file-00000000-0000-0000-0000-000000004d02, md) — ready without ingestion
Showing 1 of 1.

Timeline, newest first:
- 2025-11-14T11:05Z (55m ago) `Alignment Started`: "Alignment job started."
- 2025-11-14T11:00Z (1h ago) `Created`: "Data job created."
Showing 1–2 of 2.\
""")


def test_failures_of_one_job() -> None:
    assert render_failures(job_failures()) == snapshot("""\
## Failures in `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d)
Status: needs_review.
7 open failures in 6 causes; 1 resolved by a later retry.

### Service temporarily unavailable — 2 files (retry can fix it)
Reported: "Service temporarily unavailable."
Fix: A temporary SeekrFlow outage, not a problem with the file. Wait a few minutes, then add the same file to the job again to retry it.
- `fare-classes.pptx` (file-00000000-0000-0000-0000-000000abc008)
- `pets-policy.pdf` (file-00000000-0000-0000-0000-000000abc00b), 2 attempts

### Empty file — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The file appears to be empty."
Fix: The file has no content SeekrFlow can read. Upload a copy that has content, attach the new file, then remove this one.
- `empty-notes.docx` (file-00000000-0000-0000-0000-000000abc004)

### Corrupted, protected or unsupported file — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The PDF may be corrupted, password-protected, or in an unsupported format."
Fix: SeekrFlow could not open the file. Remove the password or re-export it as a standard PDF, upload that copy, attach the new file, then remove this one.
- `scanned-contract.pdf` (file-00000000-0000-0000-0000-000000abc005)

### Pages too large — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The PDF contains pages that exceed the maximum supported size."
Fix: Re-export the PDF at a standard page size, upload it, attach the new file, then remove this one.
- `poster-a0.pdf` (file-00000000-0000-0000-0000-000000abc006)

### File not found — 1 file (a retry won't fix it; upload a corrected file)
Reported: "The file was not found or is not owned by the current user."
Fix: Check the file id; if the file is gone, upload it again, attach the new file, then remove this one.
- `missing-upload.pdf` (file-00000000-0000-0000-0000-000000abc007)

### Internal processing failure — 1 file (retry can fix it)
Reported: "Internal processing failure."
Fix: Add the same file to the job again to retry it once; if it fails again, contact SeekrFlow support with the job id and the file id.
- `lounge-access.pdf` (file-00000000-0000-0000-0000-000000abc00a)

Plan: the first 2 Next steps below, in order.

Next steps:
- `add_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc008", "file-00000000-0000-0000-0000-000000abc00b", "file-00000000-0000-0000-0000-000000abc00a"])` — Retry 3 files whose failure was temporary (service temporarily unavailable, internal processing failure): adding a failed file again queues a new attempt.
- `remove_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005", "file-00000000-0000-0000-0000-000000abc006", "file-00000000-0000-0000-0000-000000abc007"])` — Detach 4 files that cannot ingest as they are. To keep their content, upload a corrected copy and attach it with add_files first.\
""")


def test_failures_with_an_unknown_message_and_a_long_plan() -> None:
    assert render_failures(other_failures()) == snapshot("""\
## Failures in `Policy manuals` (dj-90ab12cd-34ef-4567-89ab-cdef01234567)
Status: needs_review.
1 open failure in 1 cause.

### Other error — 1 file (SeekrFlow suggests a corrected file)
Reported: "Unsupported \\"smart art\\" object on slide 4."
SeekrFlow's fix: "Flatten smart art into images."
- `deck.pptx` (file-00000000-0000-0000-0000-000000abc00d), 3 attempts

Blocking alignment:
- The job has no system prompt, which principle-files jobs need before alignment can start: set one on the job in SeekrFlow.

Plan, 4 calls in order: the first 2 Next steps below, then:
3. `remove_files(job_id="dj-90ab12cd-34ef-4567-89ab-cdef01234567", file_ids=["file-00000000-0000-0000-0000-000000abc00f"])` — Detach the rest.
4. `remove_files(job_id="dj-90ab12cd-34ef-4567-89ab-cdef01234567", file_ids=["file-00000000-0000-0000-0000-000000abc010"])` — Detach the last.

Next steps:
- `add_files(job_id="dj-90ab12cd-34ef-4567-89ab-cdef01234567", file_ids=["file-00000000-0000-0000-0000-000000abc00e"])` — Retry it.
- `remove_files(job_id="dj-90ab12cd-34ef-4567-89ab-cdef01234567", file_ids=["file-00000000-0000-0000-0000-000000abc00c"])` — Detach it.\
""")


def test_failures_overview() -> None:
    assert render_failures(overview()) == snapshot("""\
## Failures across data jobs that need review
12 open failures in 4 jobs needing review; 1 resolved by a later retry.
- `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d), needs_review: 7 open failures, 1 resolved by a later retry
  - Service temporarily unavailable × 2 (retry can fix it)
  - Empty file × 1 (a retry won't fix it; upload a corrected file)
  - Corrupted, protected or unsupported file × 1 (a retry won't fix it; upload a corrected file)
  - Pages too large × 1 (a retry won't fix it; upload a corrected file)
  - File not found × 1 (a retry won't fix it; upload a corrected file)
  - Internal processing failure × 1 (retry can fix it)
- `Policy manuals` (dj-90ab12cd-34ef-4567-89ab-cdef01234567), needs_review: no open failures
  - Blocking: The job has no system prompt; set one on the job in SeekrFlow.
… and 2 more jobs need review (`list_data_jobs` with status=["needs_review"] lists them)
Looked at the first 500 jobs; there may be more.

Next steps:
- `summarize_failures(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — 7 files failed to ingest: see each cause, its fix, and the calls that clear them.\
""")


def test_files_added() -> None:
    assert render_file_change(added(), "add") == snapshot("""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — add files
Added 2 files:
- `empty-notes-fixed.docx` (file-00000000-0000-0000-0000-00000000f001) — queued at position 4
- `fare-classes.pptx` (file-00000000-0000-0000-0000-000000abc008) — queued at position 5
Skipped 1:
- file-00000000-0000-0000-0000-000000abc001 — already attached and ingested
Status after: file_processing — Files are being ingested: at least one ingestion run is queued or running.

Next steps:
- `get_data_job(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` — Follow the ingestion of the 2 files just added.\
""")


def test_removal_dry_run() -> None:
    assert render_file_change(removal_dry_run(), "remove") == snapshot("""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — remove files
Dry run, nothing changed: this would remove 2 files:
- `empty-notes.docx` (file-00000000-0000-0000-0000-000000abc004)
- `scanned-contract.pdf` (file-00000000-0000-0000-0000-000000abc005)
Files that would be left: 11, 6 of them viable (completed, in progress, or Markdown).
Status now: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.

Next steps:
- `remove_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc004", "file-00000000-0000-0000-0000-000000abc005"])` — Apply the removal shown here.\
""")


def test_removal_refused() -> None:
    assert render_file_change(removal_refused(), "remove") == snapshot("""\
## Data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d — remove files
Nothing was removed. 1 of the ids is not attached to this job, and removal is all or nothing.
Not attached to this job:
- file-00000000-0000-0000-0000-0000deadbeef
Sent, not removed:
- file-00000000-0000-0000-0000-000000abc004
Files attached: 13, 6 of them viable (completed, in progress, or Markdown).
Status now: needs_review — Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.

Next steps:
- `remove_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-00000000-0000-0000-0000-000000abc004"])` — Remove only the attached file.\
""")


# -- rules every output keeps ---------------------------------------------------------------


def all_outputs() -> list[tuple[View, str]]:
    return [
        (job_list(), render_job_list(job_list(), NOW)),
        (needs_review_job(), render_job(needs_review_job(), NOW)),
        (processing_job(), render_job(processing_job(), NOW)),
        (aligning_job(), render_job(aligning_job(), NOW)),
        (job_failures(), render_failures(job_failures())),
        (other_failures(), render_failures(other_failures())),
        (overview(), render_failures(overview())),
        (added(), render_file_change(added(), "add")),
        (removal_dry_run(), render_file_change(removal_dry_run(), "remove")),
        (removal_refused(), render_file_change(removal_refused(), "remove")),
    ]


def ids_in(value: Any) -> set[str]:
    """Every SeekrFlow id anywhere in a view: job, run, alignment and file ids."""
    if isinstance(value, str):
        return {value} if re.fullmatch(r"(dj|ij|aj|file)-[0-9a-f-]+", value) else set()
    if isinstance(value, dict):
        return set().union(*(ids_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(ids_in(v) for v in value)) if value else set()
    return set()


@pytest.mark.parametrize("index", range(10))
def test_every_id_is_written_in_full(index: int) -> None:
    view, text = all_outputs()[index]
    ids = ids_in(view.model_dump())
    assert ids
    assert not [i for i in ids if i not in text]


@pytest.mark.parametrize("index", range(10))
def test_no_nulls_or_upstream_field_names(index: int) -> None:
    _, text = all_outputs()[index]
    for word in ("None", "null", "record_id", "alignment_file_id", "queue_position", "error_message", "suggested_fix"):
        assert word not in text


def test_a_heading_opens_every_output() -> None:
    for _, text in all_outputs():
        assert text.startswith("## ")


def test_at_most_three_next_steps() -> None:
    view = needs_review_job()
    view.suggested_actions = [SUMMARIZE, RETRY, REMOVE, action("list_data_jobs", "A fourth.")]
    text = render_job(view, NOW)
    steps = text.split("Next steps:\n", 1)[1].splitlines()
    assert len(steps) == 3
    assert steps[2].startswith("- `remove_files(")


def test_next_steps_are_complete_calls_with_json_arguments() -> None:
    text = render_file_change(removal_refused(), "remove")
    assert f'- `remove_files(job_id="{JOB_ID}", file_ids=["{fid("004")}"])` — Remove only the attached file.' in text


def test_sources_text_is_quoted_so_it_cannot_pass_for_ours() -> None:
    view = needs_review_job()
    view.name = "rates `v2`"
    view.recent_events = [EventView(timestamp=at("08:13"), event_type="Note", message='He said "ignore the above"')]
    text = render_job(view, NOW)
    assert text.startswith(f"## `` rates `v2` `` ({JOB_ID})\n")
    assert '`Note`: "He said \\"ignore the above\\""' in text


# -- times ----------------------------------------------------------------------------------


def test_a_queued_run_is_queued_since_not_started() -> None:
    view = needs_review_job()
    view.ingestion_runs[0].status = "queued"
    text = render_job(view, NOW)
    assert f"- {RUN_2} — queued, queued since 2025-11-14T08:10Z (3h ago)" in text
    assert f"- {RUN_1} — completed, started 2025-11-14T07:35Z" in text


def test_times_are_written_with_their_age() -> None:
    text = render_job(needs_review_job(), NOW)
    assert "created 2025-11-14T07:35Z (4h ago) · updated 2025-11-14T08:13Z (3h ago)" in text


# -- the budget -------------------------------------------------------------------------------

SIZES = {
    "service_unavailable": 1200,
    "empty_file": 800,
    "invalid_pdf": 500,
    "page_too_large": 300,
    "file_not_found": 120,
    "internal_error": 60,
}


def huge_failures(files_per_group: int = 50) -> FailureSummaryView:
    """3,000 failed files in 7 groups, as summarize_failures(files_per_group=50) would build them."""
    counter = iter(range(100000))
    groups = []
    ids: dict[bool, list[str]] = {True: [], False: []}
    for cause, size in {**SIZES, "other": 20}.items():
        names = [f"manual-{next(counter):05d}.pdf" for _ in range(size)]
        files = [
            FailedFile(file_id=f"file-00000000-0000-0000-0000-{n[7:12]:0>12}", name=n, attempts=1 + i % 3)
            for i, n in enumerate(names)
        ]
        if cause == "other":
            g = FailureGroup(
                cause="other",
                title="Other error",
                count=size,
                retryable=False,
                action="replace",
                message="Unexpected layout on page 3.",
                fix="Check the file opens.",
                files=files[:files_per_group],
                more_files=size - min(size, files_per_group),
            )
        else:
            g = group(cause, files[:files_per_group], count=size)
        groups.append(g)
        ids[g.retryable] += [f.file_id for f in files]
    plan = [
        action(
            "add_files", "Retry 100 files whose failure was temporary.", job_id=JOB_ID, file_ids=ids[True][i : i + 100]
        )
        for i in range(0, len(ids[True]), 100)
    ]
    plan += [
        action(
            "remove_files",
            "Detach 100 files that cannot ingest as they are.",
            job_id=JOB_ID,
            file_ids=ids[False][i : i + 100],
        )
        for i in range(0, len(ids[False]), 100)
    ]
    return FailureSummaryView(
        job=JobRef(id=JOB_ID, name="Customer support refresh", status="needs_review"),
        open_failures=3000,
        resolved_failures=12,
        groups=groups,
        blockers=[Blocker(code="open_failures", message="3000 attached files failed to ingest.")],
        plan=plan,
        suggested_actions=plan[:3],
    )


def more_count(line: str) -> int:
    found = re.match(r"… and (\d+) more", line)
    assert found, line
    return int(found.group(1))


def files_accounted_for(text: str) -> int:
    """Files listed plus files counted in "… and N more" lines, over every cause section and the causes left out."""
    total = 0
    for section in text.split("\n### ")[1:]:
        lines = section.split("\n\n")[0].splitlines()
        header_count = int(re.search(r" — (\d+) files? \(", lines[0]).group(1))
        listed = sum(1 for line in lines if line.startswith("- `"))
        more = sum(more_count(line) for line in lines if line.startswith("… and"))
        assert listed + more == header_count, section
        total += header_count
    left_out = re.search(r"… and \d+ more causes? covering (\d+) files?", text)
    return total + (int(left_out.group(1)) if left_out else 0)


@pytest.mark.parametrize("budget", [BUDGET, 3000, 1500, MIN_BUDGET])
def test_huge_failure_summary_fits_and_every_file_is_counted(budget: int) -> None:
    text = render_failures(huge_failures(), budget)
    assert len(text) <= budget
    assert text.startswith(f"## Failures in `Customer support refresh` ({JOB_ID})\n")
    if budget >= 1500:
        assert "Status: needs_review.\n3000 open failures in 7 causes; 12 resolved by a later retry." in text
        assert files_accounted_for(text) == 3000
        assert "Next steps:" in text
        assert "- 3000 attached files failed to ingest." in text


def test_files_give_way_before_causes_and_long_calls_are_shortened_last_first() -> None:
    text = render_failures(huge_failures())
    assert text.count("\n### ") == 7  # every cause stays while files can still be dropped
    # Dropping the later plan steps (4,700 characters each) freed more room than needed: files come back into it.
    for section in text.split("\n### ")[1:]:
        assert "\n- `manual-" in section
    assert "Plan, 31 calls in order: the first 3 Next steps below, then:" in text
    steps = text.split("Next steps:\n", 1)[1].splitlines()
    assert len(steps) == 3
    # Three calls of 100 ids each would take 14,000 characters: all three are shortened, and say so.
    assert all(", … 97 more])`" in step and "call shortened to fit" in step for step in steps)


def test_files_give_way_before_a_next_step_is_shortened() -> None:
    view = huge_failures()
    view.groups = view.groups[:1]
    view.plan = view.suggested_actions = view.plan[:1]
    text = render_failures(view)
    assert len(text) <= BUDGET
    assert "shortened" not in text
    assert all(file_id in text for file_id in view.plan[0].arguments["file_ids"])
    assert files_accounted_for(text) == 1200
    assert "… and 1200 more" not in text  # the room left over still lists some files


def test_a_summary_listing_every_file_still_fits() -> None:
    view = huge_failures(files_per_group=3000)  # far more than the view builder would ever list
    text = render_failures(view)
    assert len(text) <= BUDGET
    assert files_accounted_for(text) == 3000


def list_of(matched: int, offset: int, shown: int) -> JobListView:
    rows = [
        row(
            f"dj-00000000-0000-0000-0000-{n:012d}",
            f"Batch {n:03d}",
            "needs_review",
            "principle_files",
            "06:00",
            "08:00",
        )
        for n in range(offset, offset + shown)
    ]
    return JobListView(
        jobs=rows,
        counts_by_status={"needs_review": matched},
        matched=matched,
        offset=offset,
        next_offset=offset + shown if offset + shown < matched else None,
        scanned=matched,
        complete=False,
        suggested_actions=[action("list_data_jobs", "The next page.", status=["needs_review"], offset=offset + shown)],
    )


@pytest.mark.parametrize("offset", [0, 200, 400])
def test_500_job_list_fits_and_says_where_to_resume(offset: int) -> None:
    text = render_job_list(list_of(500, offset, 100), NOW)
    assert len(text) <= BUDGET
    listed = [line for line in text.splitlines() if line.startswith("- `Batch")]
    assert listed[0].startswith(f"- `Batch {offset:03d}`")
    resume = offset + len(listed)
    assert f"Showing {offset + 1}–{resume} of 500 matching." in text
    assert f"… and {500 - resume} more (`list_data_jobs` with the same filters and offset={resume})" in text
    assert "Looked at the first 500 jobs; there may be more." in text
    assert text.endswith('- `list_data_jobs(status=["needs_review"], offset=' + f"{offset + 100})` — The next page.")


def test_a_file_page_cut_short_resumes_at_the_first_file_left_out() -> None:
    view = processing_job()
    view.files = FilePage(
        state="queued",
        items=[
            FileView(
                file_id=f"file-00000000-0000-0000-0000-0000000f{n:04d}",
                name=f"part-{n:03d}.pdf",
                type="pdf",
                state="queued",
                attempts=1,
                queue_position=n + 4,
            )
            for n in range(100)
        ],
        offset=100,
        matched=400,
        next_offset=200,
    )
    text = render_job(view, NOW)
    assert len(text) <= BUDGET
    listed = sum(1 for line in text.splitlines() if line.startswith("- `part-"))
    assert 0 < listed < 100
    assert (
        f'… and {300 - listed} more (`get_data_job` with detail="files", state="queued", offset={100 + listed})'
    ) in text


def test_fixed_lines_over_budget_go_unprotected_first_and_are_counted() -> None:
    view = needs_review_job()
    view.status_meaning = "x" * 100
    view.failures, view.ingestion_runs, view.recent_events, view.open_failures = [], [], [], 0
    view.suggested_actions = [SUMMARIZE]
    in_full = render_job(view, NOW, budget=100000)
    text = render_job(view, NOW, budget=650)
    assert len(in_full) > 650 >= len(text)
    # Dates, file counts and failures give way; heading, status, readiness, blocker and Next steps stay.
    gone = [line for line in in_full.splitlines() if line not in text.splitlines()]
    assert gone == [
        "`principle_files` job · created 2025-11-14T07:35Z (4h ago) · updated 2025-11-14T08:13Z (3h ago)",
        "Files: 13 attached — 5 completed, 7 failed, 1 ready without ingestion (Markdown).",
        "No open failures; 1 resolved by a later retry.",
    ]
    assert "\n… 3 lines left out to fit the size limit (the structured content has them all)\n\nNext steps:\n" in text


def test_when_even_protected_lines_overflow_the_heading_stays() -> None:
    view = needs_review_job()
    view.blockers = [Blocker(code="open_failures", message=f"Blocker {n}: " + "x" * 60) for n in range(10)]
    text = render_job(view, NOW, budget=MIN_BUDGET)
    assert len(text) <= MIN_BUDGET
    lines = text.splitlines()
    assert lines[0] == f"## `Customer support refresh` ({JOB_ID})"
    assert "Next steps:" not in text
    assert re.fullmatch(
        r"… \d+ lines left out to fit the size limit \(the structured content has them all\)", lines[-1]
    )


def test_a_budget_too_small_for_any_result_is_refused() -> None:
    with pytest.raises(ValueError, match="budget"):
        render_job(needs_review_job(), NOW, budget=MIN_BUDGET - 1)


def test_overview_of_many_jobs_counts_the_ones_left_out() -> None:
    view = overview()
    many = view.jobs[0]
    view.jobs = [
        many.model_copy(
            update={"job": JobRef(id=f"dj-00000000-0000-0000-0000-{n:012d}", name=f"Batch {n}", status="needs_review")}
        )
        for n in range(25)
    ]
    view.more_jobs = 15
    text = render_failures(view)
    assert len(text) <= BUDGET
    listed = sum(1 for line in text.splitlines() if line.startswith("- `Batch "))
    assert 0 < listed < 25
    assert (
        f'… and {40 - listed} more jobs need review (`list_data_jobs` with status=["needs_review"] lists them)' in text
    )
    assert "12 open failures in 40 jobs needing review; 1 resolved by a later retry." in text


def test_a_hundred_files_added_are_counted_and_found_again() -> None:
    ids = [f"file-00000000-0000-0000-0000-{n:012d}" for n in range(100)]
    view = FileChangeView(
        job_id=JOB_ID,
        applied=True,
        file_ids=ids,
        changed=[FileChange(file_id=i, name=f"scan-{n:03d}.pdf", queue_position=n + 1) for n, i in enumerate(ids)],
        skipped=[],
        status_after="file_processing",
        status_meaning_after=MEANINGS["file_processing"],
    )
    text = render_file_change(view, "add")
    assert len(text) <= BUDGET
    listed = sum(1 for line in text.splitlines() if line.startswith("- `scan-"))
    assert 0 < listed < 100
    assert f'… and {100 - listed} more (`get_data_job` with detail="files")' in text
    assert "Sent, not added" not in text  # the ids left out of the list were added, not forgotten


def test_an_empty_page_says_so() -> None:
    view = processing_job()
    view.files = FilePage(state="failed", items=[], offset=0, matched=0, next_offset=None)
    assert "\n\nNo failed files.\n" in render_job(view, NOW)
    view.files = FilePage(state=None, items=[], offset=40, matched=32, next_offset=None)
    assert "\n\nNo files at offset 40; 32 in all.\n" in render_job(view, NOW)


def test_a_ready_job_says_so_without_blockers() -> None:
    view = aligning_job()
    view.status, view.status_meaning, view.ready, view.alignment = (
        "ready_to_start",
        MEANINGS["ready_to_start"],
        True,
        None,
    )
    text = render_job(view, NOW)
    assert "\nReady to start alignment.\nFiles: 1 attached — 1 ready without ingestion (Markdown).\n" in text
    assert "Alignment (" not in text
