"""The failure catalog: what an ingestion record's error message means and what to do about it.

SeekrFlow documents six messages (its ingestion guide, "Troubleshoot common errors").
The wording of a message is not a contract, so each cause is recognised by its keywords in the
normalised message, which survives changes of case, punctuation and added detail
("Service temporarily unavailable (upstream 503)"). A message nobody has seen before falls into
`other`, which keeps SeekrFlow's own suggested fix: it knows more about that error than we do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from seekrflow_mcp.text.sanitize import FIX_LIMIT, clean
from seekrflow_mcp.triage.views import Action, CauseCode


@dataclass(frozen=True)
class Cause:
    code: CauseCode
    title: str
    fix: str
    retryable: bool  # whether adding the same file again can succeed
    action: Action


EMPTY_FILE = Cause(
    code="empty_file",
    title="Empty file",
    fix=(
        "The file has no content SeekrFlow can read. Upload a copy that has content (open it to "
        "check it is not blank or 0 bytes), attach the new file, then remove this one."
    ),
    retryable=False,
    action="replace",
)
INVALID_PDF = Cause(
    code="invalid_pdf",
    title="Corrupted, protected or unsupported file",
    fix=(
        "SeekrFlow could not open the file: it is damaged, password-protected, or not in a "
        "supported format. Remove the password, re-save or re-export it as a standard PDF, "
        "upload that copy, attach the new file, then remove this one."
    ),
    retryable=False,
    action="replace",
)
PAGE_TOO_LARGE = Cause(
    code="page_too_large",
    title="Pages too large",
    fix=(
        "Some pages are larger than SeekrFlow accepts. Re-export the PDF at a standard page size "
        "(such as A4 or Letter; split or scale down posters and drawings), upload it, attach the "
        "new file, then remove this one."
    ),
    retryable=False,
    action="replace",
)
FILE_NOT_FOUND = Cause(
    code="file_not_found",
    title="File not found",
    fix=(
        "SeekrFlow found no file with this id that belongs to your account: it may have been "
        "deleted, or the id is wrong. Check the file id; if the file is gone, upload it again, "
        "attach the new file, then remove this one."
    ),
    retryable=False,
    action="replace",
)
SERVICE_UNAVAILABLE = Cause(
    code="service_unavailable",
    title="Service temporarily unavailable",
    fix=(
        "A temporary SeekrFlow outage, not a problem with the file. Wait a few minutes, then add "
        "the same file to the job again to retry it."
    ),
    retryable=True,
    action="retry",
)
INTERNAL_ERROR = Cause(
    code="internal_error",
    title="Internal processing failure",
    fix=(
        "Something failed inside SeekrFlow while processing the file. Add the same file to the "
        "job again to retry it once; if it fails again, contact SeekrFlow support with the job "
        "id and the file id."
    ),
    retryable=True,
    action="retry",
)
OTHER = Cause(
    code="other",
    title="Other error",
    fix=(
        "SeekrFlow suggested no fix for this error. Check that the file opens and is a supported "
        "type (.pdf, .docx, .doc, .ppt, .pptx, .md), upload a corrected copy, attach it, then "
        "remove this one."
    ),
    retryable=False,
    action="replace",
)

# The order of the guide, and the tie-break when groups of failures are the same size.
CATALOG: tuple[Cause, ...] = (
    EMPTY_FILE,
    INVALID_PDF,
    PAGE_TOO_LARGE,
    FILE_NOT_FOUND,
    SERVICE_UNAVAILABLE,
    INTERNAL_ERROR,
    OTHER,
)

# Tried in order on the normalised message (lower case, words separated by single spaces).
# The causes that name something wrong with the file come first: when a message mentions both
# a defect of the file and a transient condition, retrying the same file cannot help.
_RULES: tuple[tuple[re.Pattern[str], Cause], ...] = (
    (re.compile(r"\bempty\b|\bno content\b|\b0 bytes\b|\bzero bytes\b"), EMPTY_FILE),
    (re.compile(r"\bpages?\b.*\b(size|sizes|dimensions?|too large|too big)\b"), PAGE_TOO_LARGE),
    (
        re.compile(
            r"\bcorrupt|\bpassword|\bencrypt|\bunsupported (file )?(format|type)\b"
            r"|\b(invalid|malformed|damaged) pdf\b|\bnot a valid pdf\b"
        ),
        INVALID_PDF,
    ),
    (re.compile(r"\bnot found\b|\bnot owned\b|\bdoes not exist\b|\bno such file\b"), FILE_NOT_FOUND),
    (re.compile(r"\bunavailable\b|\btemporarily\b|\b503\b"), SERVICE_UNAVAILABLE),
    (re.compile(r"\binternal (processing )?(failure|error)\b|\bcrash"), INTERNAL_ERROR),
)
# The words that name a cause come early in a message. Matching is capped because the page
# rule's `.*` makes a search quadratic: a 160 kB message took half a minute, per failed file.
_CLASSIFIED_CHARS = 1000


def _normalise(message: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", message.lower()).split())


def classify(error_message: str | None, suggested_fix: str | None) -> Cause:
    """The cause of one failed record. Only the message decides: the fix is SeekrFlow's advice,
    kept for messages the catalog does not know."""
    normalised = _normalise((error_message or "")[:_CLASSIFIED_CHARS])
    for pattern, cause in _RULES:
        if pattern.search(normalised):
            return cause
    api_fix = clean(suggested_fix, FIX_LIMIT)
    return replace(OTHER, fix=api_fix) if api_fix else OTHER
