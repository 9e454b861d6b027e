"""Ids of the seeded jobs and files, and the large job's counts: what tests and benchmarks name the seeded world by."""

from __future__ import annotations

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

LARGE_JOB_FILES = 5_000
LARGE_JOB_OPEN_FAILURES = 3_000
