"""The ingestion errors SeekrFlow documents ("Troubleshoot common errors"), word for word."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Failure:
    """What a failed record reports: `error_message` and `suggested_fix`."""

    message: str
    fix: str


EMPTY = Failure("The file appears to be empty.", "Upload a file with content.")
INVALID_PDF = Failure(
    "The PDF may be corrupted, password-protected, or in an unsupported format.",
    "Upload a valid, unprotected PDF.",
)
PAGE_TOO_LARGE = Failure(
    "The PDF contains pages that exceed the maximum supported size.",
    "Re-export the PDF with smaller page dimensions.",
)
NOT_FOUND = Failure(
    "The file was not found or is not owned by the current user.",
    "Re-upload the file or verify the correct `file_id`.",
)
UNAVAILABLE = Failure("Service temporarily unavailable.", "Retry the job after a brief wait.")
INTERNAL = Failure("Internal processing failure.", "If the issue persists, contact support.")

DOCUMENTED = (EMPTY, INVALID_PDF, PAGE_TOO_LARGE, NOT_FOUND, UNAVAILABLE, INTERNAL)
