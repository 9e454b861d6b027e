"""The seeded jobs that reproduce the payloads in `tests/contract/` (same ids, names, messages),
and the corrected files uploaded for the needs-review one.

Their timestamps are the contract's, shifted so that the contract's moment of capture
(`clock.CONTRACT_NOW`) falls on the sandbox's now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from seekrflow_sandbox import assumptions, failures
from seekrflow_sandbox.ingestion import IngestionRun, Record
from seekrflow_sandbox.store import Store
from seekrflow_sandbox.world_builders import Attempt, add_file, add_job, add_run, align, attach
from seekrflow_sandbox.world_ids import (
    ALIGNING_JOB,
    FILLED_NOTES_FILE,
    MISSING_PROMPT_JOB,
    NEEDS_REVIEW_JOB,
    PROCESSING_JOB,
    READY_JOB,
    REFUND_RULES_V2_FILE,
    RESIZED_POSTER_FILE,
    REUPLOADED_MISSING_FILE,
    UNLOCKED_CONTRACT_FILE,
)

At = Callable[[str], datetime]  # a contract timestamp -> the same moment in this world

PROMPT = "You are an airline support expert. Always cite the policy section."
_DESCRIPTION = "Prep PDFs and Markdown for Q4 fine-tuning"


def needs_review(store: Store, at: At) -> None:
    job = add_job(
        store,
        NEEDS_REVIEW_JOB,
        "Customer support refresh",
        "principle_files",
        at("2025-11-14T07:35:21.000525Z"),
        description=_DESCRIPTION,
        system_prompt=PROMPT,
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
        stored = add_file(
            store,
            f"file-00000000-0000-0000-0000-000000abc{tail}",
            name,
            uploaded,
            size,
            defect=defect,
            deleted=tail == "007",
        )
        attempts.append((stored, f"rec-{n:04d}-c{tail}", f"mf-{n:05d}", started, ko if failure else ok, failure))
    add_run(
        store,
        job,
        "ij-a19a1923-1d18-4fc7-8365-96d12ea734ce",
        at("2025-11-14T07:35:22.000526Z"),
        attempts,
        records_created=at("2025-11-14T07:35:00.000504Z"),
    )
    faq = add_file(
        store, "file-00000000-0000-0000-0000-000000004d01", "faq.md", at("2025-11-14T07:31:00.000452Z"), 12_340
    )
    attach(job, faq)
    irops = store.files["file-00000000-0000-0000-0000-000000abc009"]
    add_run(
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


def processing(store: Store, now: datetime) -> None:
    """Enqueued 8 s ago on the real queue, with durations that leave records 1-3 done,
    4-5 running on worker-0 and worker-1, 6-8 queued at positions 1-3; all done 16 s later."""
    enqueued = now - timedelta(seconds=8)
    job = add_job(
        store, PROCESSING_JOB, "Engineering handbook", "context_grounded_files", enqueued - timedelta(minutes=1)
    )
    run_id = "ij-7d9e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f"
    records = []
    for n, seconds in enumerate((4, 6, 1.5, 8, 9, 5, 5, 5), start=1):
        stored = add_file(
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
        attach(job, stored)
    store.record_run(job, IngestionRun(run_id, enqueued, records))


def missing_prompt(store: Store, at: At) -> None:
    job = add_job(
        store, MISSING_PROMPT_JOB, "Brand voice principles", "principle_files", at("2025-11-14T10:00:00.000070Z")
    )
    guide = add_file(
        store,
        "file-00000000-0000-0000-0000-000000fed001",
        "style-guide.docx",
        at("2025-11-14T09:59:00.000830Z"),
        310_226,
    )
    add_run(
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


def aligning(store: Store, at: At, now: datetime) -> None:
    created = at("2025-11-14T11:00:00.000077Z")
    job = add_job(store, ALIGNING_JOB, "Claims FAQ", "context_grounded_files", created)
    attach(job, add_file(store, "file-00000000-0000-0000-0000-000000004d02", "claims-faq.md", created, 48_112))
    started = at("2025-11-14T11:05:00.000142Z")
    # 42.5 % done with 40 minutes to go, as in the contract.
    ends = now + timedelta(minutes=40)
    align(
        job,
        "aj-0f1e2d3c-4b5a-4968-8776-655443322110",
        started,
        running_at=ends - timedelta(minutes=40 / 0.575),
        ends_at=ends,
    )


def ready(store: Store, at: At) -> None:
    job = add_job(
        store,
        READY_JOB,
        "Cabin crew manual",
        "principle_files",
        at("2025-11-14T06:50:00.000311Z"),
        description=_DESCRIPTION,
        system_prompt=PROMPT,
    )
    uploaded = at("2025-11-14T06:45:00.000402Z")
    manual = add_file(store, "file-00000000-0000-0000-0000-000000cab001", "cabin-crew-manual.pdf", uploaded, 2_804_113)
    script = add_file(store, "file-00000000-0000-0000-0000-000000cab002", "safety-demo-script.docx", uploaded, 96_540)
    started, ended = at("2025-11-14T06:52:00.000118Z"), at("2025-11-14T06:55:00.000240Z")
    add_run(
        store,
        job,
        "ij-6f1a0b12-3c4d-4e5f-a061-7c8d9e0f1a2b",
        at("2025-11-14T06:51:00.000101Z"),
        [
            (manual, "rec-0001-e001", "mf-00001", started, ended, None),
            (script, "rec-0002-e002", "mf-00002", started, ended, None),
        ],
    )
    attach(job, add_file(store, "file-00000000-0000-0000-0000-000000cab003", "crew-faq.md", uploaded, 22_871))


def corrections(store: Store, at: At) -> None:
    """Uploaded after the needs-review job failed, not attached yet."""
    add_file(store, REFUND_RULES_V2_FILE, "refund-rules-v2.pdf", at("2025-11-14T12:00:00.000084Z"), 482_113)
    add_file(store, FILLED_NOTES_FILE, "empty-notes-v2.docx", at("2025-11-14T11:56:00.000031Z"), 18_220)
    add_file(
        store, UNLOCKED_CONTRACT_FILE, "scanned-contract-unlocked.pdf", at("2025-11-14T11:57:00.000047Z"), 3_702_554
    )
    add_file(store, RESIZED_POSTER_FILE, "poster-a0-a4.pdf", at("2025-11-14T11:58:00.000059Z"), 1_104_918)
    add_file(store, REUPLOADED_MISSING_FILE, "missing-upload.pdf", at("2025-11-14T11:59:00.000066Z"), 642_001)
    add_file(
        store,
        "file-00000000-0000-0000-0000-0000000f7001",
        "support-qa-pairs.jsonl",
        at("2025-11-14T11:40:00.000012Z"),
        2_048_377,
        purpose="fine-tune",
    )
