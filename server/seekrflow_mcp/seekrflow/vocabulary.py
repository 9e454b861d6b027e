"""SeekrFlow's words known today: job statuses, job types, record states, ingestion methods.

The models keep each as a plain string (a status added tomorrow must still read); these are
what we compare against, what tool arguments accept, and what the status meanings cover.
"""

from __future__ import annotations

from typing import Literal, get_args

# Before alignment starts; afterwards the job mirrors its alignment's status.
PreAlignmentStatus = Literal["file_processing", "needs_review", "ready_to_start"]
AlignmentStatus = Literal["pending", "queued", "running", "completed", "failed", "cancelled", "stopped"]
JobStatus = Literal[PreAlignmentStatus, AlignmentStatus]
JobType = Literal["principle_files", "context_grounded_files", "context_grounded_vector_db"]
# Of an ingestion run and of a file's attempt in it.
RecordStatus = Literal["queued", "running", "completed", "failed"]
# An attached file's state: its latest attempt's, or Markdown's, which is never ingested.
FileState = Literal[RecordStatus, "ready_without_ingestion"]
IngestionMethod = Literal["accuracy-optimized", "speed-optimized"]
SortKey = Literal["created_at", "name", "job_type"]
# What an uploaded file is for; data jobs take `alignment` files.
FilePurpose = Literal["alignment", "fine-tune", "preference-fine-tune", "reinforcement-fine-tune", "pre-train"]
SortOrder = Literal["desc", "asc"]

JOB_STATUSES: frozenset[str] = frozenset(get_args(JobStatus))
PRE_ALIGNMENT_STATUSES: frozenset[str] = frozenset(get_args(PreAlignmentStatus))
ALIGNMENT_STATUSES: frozenset[str] = frozenset(get_args(AlignmentStatus))
RECORD_STATUSES: frozenset[str] = frozenset(get_args(RecordStatus))
# Alignment requested and not yet over; and over.
ALIGNING: frozenset[str] = frozenset({"pending", "queued", "running"})
ALIGNED: frozenset[str] = ALIGNMENT_STATUSES - ALIGNING
IN_PROGRESS: frozenset[str] = frozenset({"queued", "running"})
