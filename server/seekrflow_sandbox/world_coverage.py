"""The seeded jobs beyond the contract's, so that every status and blocker shows: a large
job, jobs blocked before alignment, and one job per alignment outcome.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from seekrflow_sandbox import failures
from seekrflow_sandbox.failures import Failure
from seekrflow_sandbox.store import Store
from seekrflow_sandbox.world_builders import Attempt, add_file, add_job, add_run, align, attach
from seekrflow_sandbox.world_contract import PROMPT
from seekrflow_sandbox.world_ids import (
    CANCELLED_JOB,
    COMPLETED_JOB,
    FAILED_JOB,
    LARGE_JOB,
    LARGE_JOB_FILES,
    NO_FILES_JOB,
    PENDING_JOB,
    QUEUED_JOB,
    STOPPED_JOB,
    VECTOR_DB_JOB,
)

# The large job's failures: every documented message, wording variants of them, and
# messages nobody documented (each with its own fix).
_LARGE_JOB_FAILURES = (
    failures.EMPTY,
    Failure("the file appears to be empty", "Upload a file with content."),
    failures.INVALID_PDF,
    Failure(
        "PDF may be corrupted, password protected or in an unsupported format (xref table not found).",
        "Upload a valid, unprotected PDF.",
    ),
    failures.PAGE_TOO_LARGE,
    Failure(
        "The PDF contains pages that exceed the maximum supported size: page 3 is 2384 x 3370 pt.",
        "Re-export the PDF with smaller page dimensions.",
    ),
    failures.NOT_FOUND,
    Failure("FILE WAS NOT FOUND OR IS NOT OWNED BY THE CURRENT USER", "Re-upload the file or verify the file_id."),
    failures.UNAVAILABLE,
    Failure("service temporarily unavailable (upstream 503), please retry", "Retry the job after a brief wait."),
    failures.INTERNAL,
    Failure("Internal processing failure: worker exited with code 137.", "If the issue persists, contact support."),
    Failure("Document language could not be detected.", "Upload a document with enough text in a supported language."),
    Failure(
        "The document exceeds the maximum of 2,000 pages.", "Split the document into parts of at most 2,000 pages."
    ),
    Failure("Embedded fonts could not be decoded.", "Re-export the PDF with standard embedded fonts."),
)
# Failures the file itself is not to blame for: retrying them can work.
_LARGE_JOB_PASSING = frozenset(_LARGE_JOB_FAILURES[i] for i in (8, 9, 10, 11))


def large(store: Store, now: datetime) -> None:
    """5,000 files: 100 Markdown, 3,400 failed on the first run; 500 of the retryable ones
    retried, 400 of those successfully, which leaves 3,000 open failures."""
    created = now - timedelta(days=2)
    job = add_job(store, LARGE_JOB, "Fleet maintenance archive", "context_grounded_files", created)
    extensions = ("pdf", "pdf", "docx", "pptx")
    first: list[Attempt] = []
    retry: list[Attempt] = []
    first_run = created + timedelta(seconds=10)
    retry_run = now - timedelta(days=1)
    failed = 0
    for i in range(1, LARGE_JOB_FILES + 1):
        file_id = f"file-00000000-0000-0000-0001-{i:012x}"
        if i % 50 == 0:
            attach(job, add_file(store, file_id, f"maintenance-notes-{i:04d}.md", created, 4_000 + i))
            continue
        k = len(first)
        failure = _LARGE_JOB_FAILURES[failed % len(_LARGE_JOB_FAILURES)] if k % 49 < 34 else None
        failed += failure is not None
        passing = failure is None or failure in _LARGE_JOB_PASSING
        stored = add_file(
            store,
            file_id,
            f"maintenance-{i:04d}.{extensions[i % 4]}",
            created - timedelta(hours=1),
            0 if failure in (failures.EMPTY, _LARGE_JOB_FAILURES[1]) else 50_000 + 37 * i,
            defect=None if passing else failure,
        )
        started = first_run + timedelta(seconds=2 * (k // 10))
        first.append(
            (
                stored,
                f"rec-l1-{k:05d}",
                f"mf-{200_000 + k}",
                started,
                started + timedelta(seconds=3 if failure else 5),
                failure,
            )
        )
        if failure is not None and passing and len(retry) < 500:
            j = len(retry)
            again = failures.UNAVAILABLE if j >= 400 else None
            started = retry_run + timedelta(seconds=2 * (j // 10))
            retry.append(
                (stored, f"rec-l2-{j:05d}", f"mf-{300_000 + j}", started, started + timedelta(seconds=5), again)
            )
    add_run(store, job, "ij-00000000-0000-4000-8000-00000000a001", first_run, first)
    add_run(store, job, "ij-00000000-0000-4000-8000-00000000a002", retry_run, retry)


def no_files(store: Store, now: datetime) -> None:
    add_job(store, NO_FILES_JOB, "New hire onboarding", "context_grounded_files", now - timedelta(minutes=20))


def vector_db(store: Store, now: datetime) -> None:
    created = now - timedelta(hours=6)
    job = add_job(store, VECTOR_DB_JOB, "Policy search index", "context_grounded_vector_db", created)
    files = [
        add_file(store, f"file-00000000-0000-0000-0000-0000000db00{n}", name, created, size)
        for n, (name, size) in enumerate((("privacy-policy.pdf", 402_118), ("terms-of-carriage.pdf", 1_730_554)), 1)
    ]
    start = created + timedelta(minutes=1)
    add_run(
        store,
        job,
        "ij-00000000-0000-4000-8000-0000000db001",
        start,
        [
            (f, f"rec-000{n}-db0{n}", f"mf-0000{n}", start, start + timedelta(minutes=2), None)
            for n, f in enumerate(files, 1)
        ],
    )


def alignment_outcomes(store: Store, now: datetime) -> None:
    """One job per alignment status the other jobs do not show."""
    hours = timedelta(hours=1)
    cases: list[tuple[str, str, str, str, datetime, dict[str, object]]] = [
        (
            PENDING_JOB,
            "Loyalty program Q&A",
            "loyalty-program",
            "principle_files",
            now - timedelta(seconds=1),
            {"running_at": now + timedelta(seconds=14), "ends_at": now + timedelta(minutes=10, seconds=14)},
        ),
        (
            QUEUED_JOB,
            "Ground operations manual",
            "ground-operations",
            "context_grounded_files",
            now - timedelta(seconds=8),
            {"running_at": now + timedelta(seconds=7), "ends_at": now + timedelta(minutes=10, seconds=7)},
        ),
        (
            COMPLETED_JOB,
            "Baggage policy assistant",
            "baggage-policy-2024",
            "principle_files",
            now - 26 * hours,
            {"running_at": now - 26 * hours + timedelta(seconds=15), "ends_at": now - 24 * hours},
        ),
        (
            FAILED_JOB,
            "Fare rules digest",
            "fare-rules",
            "context_grounded_files",
            now - 6 * hours,
            {
                "running_at": now - 6 * hours + timedelta(seconds=15),
                "ends_at": now - 5 * hours,
                "outcome": "failed",
                "message": "Alignment failed: too little usable text to generate training data.",
            },
        ),
        (
            CANCELLED_JOB,
            "Holiday schedule notes",
            "holiday-schedule",
            "context_grounded_files",
            now - 4 * hours,
            {
                "running_at": now - 4 * hours + timedelta(seconds=15),
                "ends_at": now - 3 * hours,
                "cancelled_at": now - 3.5 * hours,
            },
        ),
        (
            STOPPED_JOB,
            "Partner codeshare rules",
            "codeshare-rules",
            "principle_files",
            now - 3 * hours,
            {
                "running_at": now - 3 * hours + timedelta(seconds=15),
                "ends_at": now - 2 * hours,
                "outcome": "stopped",
                "message": "Alignment was stopped before it completed.",
            },
        ),
    ]
    for n, (job_id, name, slug, job_type, aligned, plan) in enumerate(cases, start=1):
        created = aligned - hours
        job = add_job(
            store, job_id, name, job_type, created, system_prompt=PROMPT if job_type == "principle_files" else None
        )
        source = add_file(store, f"file-00000000-0000-0000-0000-0000000a1{n:03d}", f"{slug}.pdf", created, 300_000 * n)
        start = created + timedelta(minutes=1)
        add_run(
            store,
            job,
            f"ij-00000000-0000-4000-8000-0000000a1{n:03d}",
            start,
            [(source, f"rec-0001-a1{n:02d}", "mf-00001", start, start + timedelta(minutes=2), None)],
        )
        attach(
            job, add_file(store, f"file-00000000-0000-0000-0000-0000000a2{n:03d}", f"{slug}-faq.md", created, 9_000 + n)
        )
        align(job, f"aj-00000000-0000-4000-8000-0000000a1{n:03d}", aligned, **plan)  # type: ignore[arg-type]
