"""The seeded world: data jobs in every status, built relative to the clock's now.

The first five jobs reproduce the payloads in `tests/contract/` (same ids, names, messages);
their timestamps are the contract's, shifted so that the contract's moment of capture
(`clock.CONTRACT_NOW`) falls on the sandbox's now. The world does not depend on the seed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from seekrflow_sandbox import assumptions, failures
from seekrflow_sandbox.alignment import AlignmentRun
from seekrflow_sandbox.clock import CONTRACT_NOW
from seekrflow_sandbox.failures import Failure
from seekrflow_sandbox.ingestion import IngestionRun, Record
from seekrflow_sandbox.store import Event, Job, Store, StoredFile
from seekrflow_sandbox.timestamps import parse

# Jobs, one per situation.
NEEDS_REVIEW_JOB = "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d"  # every documented error, a retried file, Markdown
PROCESSING_JOB = "dj-2c86e5e6-6daf-4e44-c275-b3a4a4cd6e7f"  # ingesting now: 3 done, 2 running, 3 queued
MISSING_PROMPT_JOB = "dj-3d97f6f7-7eb0-4f55-d386-c4b5b5de7f80"  # principle_files without a system prompt
ALIGNING_JOB = "dj-4ea8a7a8-8fc1-4066-e497-d5c6c6ef8091"  # alignment running
READY_JOB = "dj-5fb9b8b9-90d2-4177-f5a8-e6d7d7f091a2"  # ready_to_start
LARGE_JOB = "dj-6a1c9d0e-a1f3-4299-a6ba-f8e9e9f2b3c4"  # 5,000 files, 3,000 failed
NO_FILES_JOB = "dj-7b2d0e1f-b204-43aa-b7cb-09fafa03c4d5"  # needs_review: nothing attached
VECTOR_DB_JOB = "dj-8c3e1f20-c315-44bb-88dc-1a0b0b14d5e6"  # needs_review: no vector database
PENDING_JOB = "dj-9d4f2031-d426-45cc-99ed-2b1c1c25e6f7"  # alignment pending
QUEUED_JOB = "dj-ae503142-e537-46dd-aafe-3c2d2d36f708"  # alignment queued
COMPLETED_JOB = "dj-bf614253-f648-47ee-bb0f-4d3e3e470819"  # alignment completed
FAILED_JOB = "dj-c0725364-0759-48ff-8c10-5e4f4f58192a"  # alignment failed
CANCELLED_JOB = "dj-d1836475-186a-4900-9d21-6f50506a2a3b"  # alignment cancelled
STOPPED_JOB = "dj-e2947586-297b-4a11-ae32-706161b7b4c4"  # alignment stopped

# Uploaded but not attached: the corrected versions that fix NEEDS_REVIEW_JOB.
REFUND_RULES_V2_FILE = "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9"
FILLED_NOTES_FILE = "file-00000000-0000-0000-0000-000000c0f004"  # for empty-notes.docx
UNLOCKED_CONTRACT_FILE = "file-00000000-0000-0000-0000-000000c0f005"  # for scanned-contract.pdf
RESIZED_POSTER_FILE = "file-00000000-0000-0000-0000-000000c0f006"  # for poster-a0.pdf
REUPLOADED_MISSING_FILE = "file-00000000-0000-0000-0000-000000c0f007"  # for missing-upload.pdf

At = Callable[[str], datetime]  # a contract timestamp -> the same moment in this world
# One finished attempt: (file, record id, metaflow id, started, ended, failure or None).
Attempt = tuple[StoredFile, str, str, datetime, datetime, Failure | None]

LARGE_JOB_FILES = 5_000
LARGE_JOB_OPEN_FAILURES = 3_000

_PROMPT = "You are an airline support expert. Always cite the policy section."
_DESCRIPTION = "Prep PDFs and Markdown for Q4 fine-tuning"

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


def populate(store: Store) -> None:
    now = store.clock.now()

    def at(contract_time: str) -> datetime:
        return now + (parse(contract_time) - CONTRACT_NOW)

    _needs_review(store, at)
    _processing(store, now)
    _missing_prompt(store, at)
    _aligning(store, at, now)
    _ready(store, at)
    _large(store, now)
    _no_files(store, now)
    _vector_db(store, now)
    _alignment_outcomes(store, now)
    _corrections(store, at)


def _suffix(filename: str) -> str:
    return filename.rsplit(".", 1)[-1]


def _file(
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


def _job(
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


def _attach(job: Job, *files: StoredFile) -> None:
    for f in files:
        job.attached.setdefault(f.id, f)


def _history(
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
    _attach(job, *(attempt[0] for attempt in attempts))
    store.record_run(job, IngestionRun(run_id, created, records))


def _needs_review(store: Store, at: At) -> None:
    job = _job(
        store,
        NEEDS_REVIEW_JOB,
        "Customer support refresh",
        "principle_files",
        at("2025-11-14T07:35:21.000525Z"),
        description=_DESCRIPTION,
        system_prompt=_PROMPT,
    )
    uploaded = at("2025-11-14T07:30:00.000439Z")
    started, ok, ko = (at(f"2025-11-14T07:{t}Z") for t in ("36:00.000517", "38:00.000543", "37:00.000530"))
    sources = [
        ("001", "baggage-policy.pdf", 1_204_331, None),
        ("002", "refund-rules.pdf", 475_902, None),
        ("003", "loyalty-terms.docx", 88_410, None),
        ("004", "empty-notes.docx", 0, failures.EMPTY),
        ("005", "scanned-contract.pdf", 3_870_112, failures.INVALID_PDF),
        ("006", "poster-a0.pdf", 9_412_775, failures.PAGE_TOO_LARGE),
        ("007", "missing-upload.pdf", 642_001, failures.NOT_FOUND),
        ("008", "fare-classes.pptx", 2_310_448, failures.UNAVAILABLE),
        ("009", "irops-playbook.pdf", 1_998_020, failures.UNAVAILABLE),
        ("00a", "lounge-access.pdf", 356_778, failures.INTERNAL),
        ("00b", "pets-policy.pdf", 201_556, failures.UNAVAILABLE),
        ("00c", "seat-maps.pdf", 5_120_930, None),
    ]
    attempts: list[Attempt] = []
    for n, (tail, name, size, failure) in enumerate(sources, start=1):
        # Re-attaching a file fails again when the file is to blame: its name, its size, or
        # (for these two) what happened to it.
        defect = failures.INVALID_PDF if tail == "005" else assumptions.intrinsic_failure(name, size)
        stored = _file(
            store,
            f"file-00000000-0000-0000-0000-000000abc{tail}",
            name,
            uploaded,
            size,
            defect=defect,
            deleted=tail == "007",
        )
        attempts.append((stored, f"rec-{n:04d}-c{tail}", f"mf-{n:05d}", started, ko if failure else ok, failure))
    _history(
        store,
        job,
        "ij-a19a1923-1d18-4fc7-8365-96d12ea734ce",
        at("2025-11-14T07:35:22.000526Z"),
        attempts,
        records_created=at("2025-11-14T07:35:00.000504Z"),
    )
    faq = _file(store, "file-00000000-0000-0000-0000-000000004d01", "faq.md", at("2025-11-14T07:31:00.000452Z"), 12_340)
    _attach(job, faq)
    irops = store.files["file-00000000-0000-0000-0000-000000abc009"]
    _history(
        store,
        job,
        "ij-5e0c7b21-9a4d-4f0e-b1c2-3d4e5f607182",
        at("2025-11-14T08:10:00.000186Z"),
        [
            (
                irops,
                "rec-0099-c009",
                "mf-00099",
                at("2025-11-14T08:11:00.000199Z"),
                at("2025-11-14T08:13:00.000225Z"),
                None,
            )
        ],
    )


def _processing(store: Store, now: datetime) -> None:
    """Enqueued 8 s ago on the real queue, with durations that leave records 1-3 done,
    4-5 running on worker-0 and worker-1, 6-8 queued at positions 1-3; all done 16 s later."""
    enqueued = now - timedelta(seconds=8)
    job = _job(store, PROCESSING_JOB, "Engineering handbook", "context_grounded_files", enqueued - timedelta(minutes=1))
    run_id = "ij-7d9e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
    records = []
    for n, seconds in enumerate((4, 6, 1.5, 8, 9, 5, 5, 5), start=1):
        stored = _file(
            store,
            f"file-00000000-0000-0000-0000-000000def{n:03d}",
            f"handbook-part-{n:02d}.pdf",
            enqueued - timedelta(minutes=2),
            700_000 + 13_331 * n,
        )
        index, worker, start, end = store.queue.schedule(enqueued, timedelta(seconds=seconds))
        records.append(
            Record(
                record_id=f"rec-{n:04d}-f{n:03d}",
                run_id=run_id,
                file_id=stored.id,
                filename=stored.filename,
                method="speed-optimized",
                metaflow_job_id=f"mf-{n:05d}",
                worker_id=f"worker-{worker}",
                created_at=enqueued,
                processing_at=start,
                finished_at=end,
                failure=None,
                queue_index=index,
            )
        )
        _attach(job, stored)
    store.record_run(job, IngestionRun(run_id, enqueued, records))


def _missing_prompt(store: Store, at: At) -> None:
    job = _job(
        store, MISSING_PROMPT_JOB, "Brand voice principles", "principle_files", at("2025-11-14T10:00:00.000070Z")
    )
    guide = _file(
        store,
        "file-00000000-0000-0000-0000-000000fed001",
        "style-guide.docx",
        at("2025-11-14T09:59:00.000830Z"),
        310_226,
    )
    _history(
        store,
        job,
        "ij-8e0f9a01-2b3c-4d4e-9f50-6b7c8d9e0f1a",
        at("2025-11-14T10:00:00.000070Z"),
        [
            (
                guide,
                "rec-0001-d001",
                "mf-00001",
                at("2025-11-14T10:01:00.000083Z"),
                at("2025-11-14T10:03:00.000109Z"),
                None,
            )
        ],
    )


def _aligning(store: Store, at: At, now: datetime) -> None:
    created = at("2025-11-14T11:00:00.000077Z")
    job = _job(store, ALIGNING_JOB, "Claims FAQ", "context_grounded_files", created)
    _attach(job, _file(store, "file-00000000-0000-0000-0000-000000004d02", "claims-faq.md", created, 48_112))
    started = at("2025-11-14T11:05:00.000142Z")
    # 42.5 % done with 40 minutes to go, as in the contract.
    ends = now + timedelta(minutes=40)
    _align(
        job,
        "aj-0f1e2d3c-4b5a-4968-8776-655443322110",
        started,
        running_at=ends - timedelta(minutes=40 / 0.575),
        ends_at=ends,
    )


def _align(
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


def _ready(store: Store, at: At) -> None:
    job = _job(
        store,
        READY_JOB,
        "Cabin crew manual",
        "principle_files",
        at("2025-11-14T06:50:00.000311Z"),
        description=_DESCRIPTION,
        system_prompt=_PROMPT,
    )
    uploaded = at("2025-11-14T06:45:00.000402Z")
    manual = _file(store, "file-00000000-0000-0000-0000-000000cab001", "cabin-crew-manual.pdf", uploaded, 2_804_113)
    script = _file(store, "file-00000000-0000-0000-0000-000000cab002", "safety-demo-script.docx", uploaded, 96_540)
    started, ended = at("2025-11-14T06:52:00.000118Z"), at("2025-11-14T06:55:00.000240Z")
    _history(
        store,
        job,
        "ij-6f1a0b12-3c4d-4e5f-a061-7c8d9e0f1a2b",
        at("2025-11-14T06:51:00.000101Z"),
        [
            (manual, "rec-0001-e001", "mf-00001", started, ended, None),
            (script, "rec-0002-e002", "mf-00002", started, ended, None),
        ],
    )
    _attach(job, _file(store, "file-00000000-0000-0000-0000-000000cab003", "crew-faq.md", uploaded, 22_871))


def _large(store: Store, now: datetime) -> None:
    """5,000 files: 100 Markdown, 3,400 failed on the first run; 500 of the retryable ones
    retried, 400 of those successfully, which leaves 3,000 open failures."""
    created = now - timedelta(days=2)
    job = _job(store, LARGE_JOB, "Fleet maintenance archive", "context_grounded_files", created)
    extensions = ("pdf", "pdf", "docx", "pptx")
    first: list[Attempt] = []
    retry: list[Attempt] = []
    first_run = created + timedelta(seconds=10)
    retry_run = now - timedelta(days=1)
    failed = 0
    for i in range(1, LARGE_JOB_FILES + 1):
        file_id = f"file-00000000-0000-0000-0001-{i:012x}"
        if i % 50 == 0:
            _attach(job, _file(store, file_id, f"maintenance-notes-{i:04d}.md", created, 4_000 + i))
            continue
        k = len(first)
        failure = _LARGE_JOB_FAILURES[failed % len(_LARGE_JOB_FAILURES)] if k % 49 < 34 else None
        failed += failure is not None
        passing = failure is None or failure in _LARGE_JOB_PASSING
        stored = _file(
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
    _history(store, job, "ij-00000000-0000-4000-8000-00000000a001", first_run, first)
    _history(store, job, "ij-00000000-0000-4000-8000-00000000a002", retry_run, retry)


def _no_files(store: Store, now: datetime) -> None:
    _job(store, NO_FILES_JOB, "New hire onboarding", "context_grounded_files", now - timedelta(minutes=20))


def _vector_db(store: Store, now: datetime) -> None:
    created = now - timedelta(hours=6)
    job = _job(store, VECTOR_DB_JOB, "Policy search index", "context_grounded_vector_db", created)
    files = [
        _file(store, f"file-00000000-0000-0000-0000-0000000db00{n}", name, created, size)
        for n, (name, size) in enumerate((("privacy-policy.pdf", 402_118), ("terms-of-carriage.pdf", 1_730_554)), 1)
    ]
    start = created + timedelta(minutes=1)
    _history(
        store,
        job,
        "ij-00000000-0000-4000-8000-0000000db001",
        start,
        [
            (f, f"rec-000{n}-db0{n}", f"mf-0000{n}", start, start + timedelta(minutes=2), None)
            for n, f in enumerate(files, 1)
        ],
    )


def _alignment_outcomes(store: Store, now: datetime) -> None:
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
        job = _job(
            store, job_id, name, job_type, created, system_prompt=_PROMPT if job_type == "principle_files" else None
        )
        source = _file(store, f"file-00000000-0000-0000-0000-0000000a1{n:03d}", f"{slug}.pdf", created, 300_000 * n)
        start = created + timedelta(minutes=1)
        _history(
            store,
            job,
            f"ij-00000000-0000-4000-8000-0000000a1{n:03d}",
            start,
            [(source, f"rec-0001-a1{n:02d}", "mf-00001", start, start + timedelta(minutes=2), None)],
        )
        _attach(
            job, _file(store, f"file-00000000-0000-0000-0000-0000000a2{n:03d}", f"{slug}-faq.md", created, 9_000 + n)
        )
        _align(job, f"aj-00000000-0000-4000-8000-0000000a1{n:03d}", aligned, **plan)  # type: ignore[arg-type]


def _corrections(store: Store, at: At) -> None:
    """Uploaded after the needs-review job failed, not attached yet."""
    _file(store, REFUND_RULES_V2_FILE, "refund-rules-v2.pdf", at("2025-11-14T12:00:00.000084Z"), 482_113)
    _file(store, FILLED_NOTES_FILE, "empty-notes-v2.docx", at("2025-11-14T11:56:00.000031Z"), 18_220)
    _file(store, UNLOCKED_CONTRACT_FILE, "scanned-contract-unlocked.pdf", at("2025-11-14T11:57:00.000047Z"), 3_702_554)
    _file(store, RESIZED_POSTER_FILE, "poster-a0-a4.pdf", at("2025-11-14T11:58:00.000059Z"), 1_104_918)
    _file(store, REUPLOADED_MISSING_FILE, "missing-upload.pdf", at("2025-11-14T11:59:00.000066Z"), 642_001)
    _file(
        store,
        "file-00000000-0000-0000-0000-0000000f7001",
        "support-qa-pairs.jsonl",
        at("2025-11-14T11:40:00.000012Z"),
        2_048_377,
        purpose="fine-tune",
    )
