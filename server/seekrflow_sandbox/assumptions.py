"""Every choice the sandbox makes where SeekrFlow's documentation is silent.

Nothing here is known to match the real service: each value or rule is the project's
[assumed] reading, kept in this one module so that the day the real behaviour is learnt,
one line changes; `docs/sandbox.md` states them all in prose. Facts that *are* documented
([doc]) live elsewhere (`failures.py` for the error table, the payload shapes of
`tests/contract/` in `payloads.py`).
"""

from __future__ import annotations

import re
from datetime import timedelta

from seekrflow_sandbox import failures
from seekrflow_sandbox.failures import Failure

# --- Status codes ---------------------------------------------------------------------

# An unknown (or deleted) data job id, an unknown file id, and add-files naming a file
# that was never uploaded: 404 {"detail": ...}, FastAPI's norm for a missing resource.
UNKNOWN_ID = 404
# remove-files naming a file that is not attached: the request is wrong, not the job.
NOT_ATTACHED = 400
# An upload whose suffix is not a SeekrFlow file type (400 rather than 422: the body is
# well-formed, its content is refused).
UNSUPPORTED_UPLOAD = 400
# add-files with an uploaded file of a type data jobs do not ingest (e.g. `.jsonl`).
NOT_A_SOURCE = 400
# start when the job is not ready_to_start, or alignment already exists.
NOT_READY = 409
# cancel acts on the alignment job only (ingestion cannot be cancelled: remove the files
# instead); when no alignment job is pending, queued or running there is nothing to cancel.
NOTHING_TO_CANCEL = 409
# Once alignment has started, the job's files are frozen: add-files and remove-files fail.
FILES_FROZEN = 409
# A deleted data job answers 404 like an unknown one and leaves the list.
# Create answers 200 (FastAPI's default; the SDK accepts any 2xx); delete answers 204.
# PATCH with no body or `{}` changes nothing; `"name": null` leaves the name as it is.
# Lists sort by the requested key, ties broken by id, so pages never overlap.

# --- Identity -------------------------------------------------------------------------

# Everything belongs to the contract's one user; team_id is always null and an
# `x-team-id` header is accepted and ignored.
OWNER = "user-7f3a"

# --- Files ----------------------------------------------------------------------------

# Upload types per purpose: the SDK's AlignmentFileType and TrainingFileType lists.
ALIGNMENT_UPLOAD_TYPES = frozenset(
    {"html", "md", "rst", "rtf", "txt", "xml", "json", "jsonl", "csv", "doc", "docx", "pdf", "ppt", "pptx"}
)
TRAINING_UPLOAD_TYPES = frozenset({"jsonl", "parquet", "pt"})
# Data-job sources: the documented six.
DATA_JOB_SOURCE_TYPES = frozenset({"md", "pdf", "docx", "doc", "ppt", "pptx"})
PURPOSES = ("alignment", "fine-tune", "preference-fine-tune", "reinforcement-fine-tune", "pre-train")
# The documentation gives 4 GB for the API and 100-150 MB in the UI; the sandbox is the API.
MAX_UPLOAD_BYTES = 4 * 1024**3
# GET /files hides deleted files; GET /files/{id} still returns one, with deleted=true.
FILES_PAGE_DEFAULT = 25
FILES_PAGE_MAX = 100


def upload_problems(purpose: str, suffix: str, size: int) -> list[str]:
    """Why an upload would be refused (PUT /files answers 400, validate_metadata lists them).
    An empty file is accepted: the documented "file appears to be empty" comes later, from
    ingestion."""
    problems = []
    allowed = ALIGNMENT_UPLOAD_TYPES if purpose == "alignment" else TRAINING_UPLOAD_TYPES
    if purpose not in PURPOSES:
        problems.append(f"Unknown purpose {purpose!r}.")
    elif suffix not in allowed:
        problems.append(
            f"Unsupported file type {suffix or '(none)'!r} for purpose {purpose!r}; "
            f"supported: {', '.join(sorted(allowed))}."
        )
    if size < 0:
        problems.append("The size cannot be negative.")
    elif size > MAX_UPLOAD_BYTES:
        problems.append("The file exceeds the maximum upload size of 4 GB.")
    return problems


# --- Ingestion ------------------------------------------------------------------------

# One FIFO queue shared by every data job, served by this many workers (the contract
# shows two running); `queue_position` counts the records waiting ahead in all jobs.
WORKERS = 2
# Accepted `method` values; anything else is a 422. `best` is the API's own default [doc].
METHODS = ("accuracy-optimized", "speed-optimized", "best")
DEFAULT_METHOD = "best"


def ingestion_time(size: int, method: str) -> timedelta:
    """How long one file occupies a worker, whether it then succeeds or fails: seconds, not
    minutes, so that a sandbox on the system clock (`seekrflow-mcp sandbox`, `serve --demo`)
    finishes a retry while a user watches."""
    per_10mb, base = (1.0, 2.0) if method == "speed-optimized" else (2.0, 4.0)
    return timedelta(seconds=min(base + per_10mb * size / 10_000_000, 120.0))


# How an attempt ends, first rule that applies: a file deleted after upload -> not found;
# a file broken by its content or name (`intrinsic_failure`) -> that failure, every time;
# a seeded share of uploads -> the documented transient error on their first attempt
# only (in any job), so that a retry succeeds; otherwise completed.
TRANSIENT_FAILURE_RATE = 0.15

# Words in a file name that mark the file itself as broken, and words that mark it as the
# corrected version (`poster-a0-a4.pdf`, `scanned-contract-unlocked.pdf` succeed).
_BROKEN_PDF_WORDS = frozenset({"corrupt", "corrupted", "password", "protected", "encrypted", "locked"})
_OVERSIZED_WORDS = frozenset({"oversized", "poster", "a0", "a1"})
_FIXED_WORDS = frozenset({"fixed", "repaired", "unlocked", "resized", "a4", "letter"})


def intrinsic_failure(filename: str, size: int) -> Failure | None:
    """The failure a file causes every time it is ingested, judged from the file alone."""
    if size == 0:
        return failures.EMPTY
    words = set(re.split(r"[^a-z0-9]+", filename.lower().rsplit(".", 1)[0]))
    if words & _FIXED_WORDS:
        return None
    if words & _BROKEN_PDF_WORDS:
        return failures.INVALID_PDF
    if words & _OVERSIZED_WORDS:
        return failures.PAGE_TOO_LARGE
    return None


def ingestion_run_status(queued: int, running: int, failed: int, total: int) -> str:
    """An ingestion job is `completed` once every record finished, even when some failed;
    `failed` only when all of them failed."""
    if queued == total:
        return "queued"
    if queued or running:
        return "running"
    return "failed" if failed == total else "completed"


def reattach_starts_new_attempt(latest_status: str | None) -> bool:
    """Re-attaching a file whose latest attempt failed retries it: a new ingestion run with
    a new record (the failed record stays in history). Re-attaching a file that is queued,
    running, completed or Markdown changes nothing for that file."""
    return latest_status == "failed"


# Removing a file that is still queued or running does not interrupt it: its record is
# marked deleted and runs to its end, so the job stays file_processing until it does.

# --- Derived status -------------------------------------------------------------------

# status_message names the first missing prerequisite, in this order. The first message
# is the contract's; the other two follow its wording.
MISSING_SYSTEM_PROMPT = "A system prompt is required before alignment can start."
MISSING_VECTOR_DATABASE = "A vector database is required before alignment can start."
NO_FILES = "At least one file is required before alignment can start."
# A job that only has failed files has status_message null (as in the contract).
# `resolved_instructions` repeats `instructions` (no instruction templates are simulated).

# --- Timeline -------------------------------------------------------------------------

# "File Processing Started" is stamped when the run is created, even if its records then
# wait in the queue (as in the contract); "File Processing Completed" when its last record
# ends, with the run's final status. Beyond the documented three, the sandbox writes
# "Alignment Started" {alignment_job_id} (as in the contract), "Files Removed" {file_ids}
# and "Alignment Completed|Failed|Cancelled|Stopped"
# {alignment_job_id, status}.

# --- Alignment ------------------------------------------------------------------------

ALIGNMENT_PENDING = timedelta(seconds=5)
ALIGNMENT_QUEUED = timedelta(seconds=10)
ALIGNMENT_RUNNING = timedelta(minutes=10)
# (step name, progress % at which the step ends), in order.
ALIGNMENT_STEPS = (
    ("preparing_data", 10.0),
    ("generating_qa_pairs", 70.0),
    ("validating_qa_pairs", 90.0),
    ("packaging_outputs", 100.0),
)
ALIGNMENT_CANCELLED_MESSAGE = "Alignment was cancelled."
# While running, `updated_at` is now (progress is live); `progress` is the share of the
# running phase elapsed, frozen when alignment ends early; `stopped_at` is set for
# cancelled and stopped only; eta fields are null once it has ended. Output files of a
# completed alignment are not simulated: `output_files` stays empty.
