"""The failure catalog: what an ingestion record's error message means and what to do about it.

SeekrFlow documents six messages (its ingestion guide, "Troubleshoot common errors"). Their
wording is not a contract, so a message is read the way a person reads it:
- normalised first (NFKC, so fullwidth letters are letters; invisible format characters such
  as soft hyphens and zero-width spaces dropped; case folded);
- its details masked: quoted text, paths, file names and numbers say which file or page, never
  what went wrong ("Service temporarily unavailable while fetching corrupted-draft.pdf" is an
  outage, not a corrupted file), except an HTTP status named as one ("HTTP 500", "returned 503");
- the statement that opens it decides: of the causes whose wording it holds, the one named
  first wins;
- transient wording ("temporarily", "timed out", "try again") never makes a file defect: a
  retry may well succeed.
A message the catalog does not know is `other`: this server cannot tell whether a retry helps,
so it follows SeekrFlow's own suggested fix, quoted, and never plans a removal.
"""

from __future__ import annotations

import re
import unicodedata
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
    retries: int = 0  # retries worth trying before support must look
    fix_by_seekrflow: bool = False  # `fix` is SeekrFlow's own words, to be quoted as data


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
    retries=2,
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
    retries=1,
)
OTHER = Cause(
    code="other",
    title="Other error",
    fix=(
        "SeekrFlow suggested no fix for this error, and this server does not know it, so it "
        "cannot tell whether a retry would help. Contact SeekrFlow support with the job id, the "
        "file ids and the reported message."
    ),
    retryable=False,
    action="contact_support",
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
FILE_DEFECTS = frozenset({"empty_file", "invalid_pdf", "page_too_large", "file_not_found"})

# -- reading a message ----------------------------------------------------------------------

# The words that name a cause come early in a message; a cap keeps a huge one cheap.
_CLASSIFIED_CHARS = 1000
_FORMAT = frozenset({"Cf"})  # soft hyphen, zero-width space and joiners, bidi marks
# An HTTP status named as one is a statement; "page 500" or "3 MB" is a detail.
_STATUS = re.compile(r"\b(?:http|https|status|code|error|upstream|returned|response|got)\W{0,3}(4\d\d|5\d\d)\b")
_ZERO_BYTES = re.compile(r"(?<![\w.])0[\s-]*(?:bytes?|b|kb)\b")
_DETAILS = (
    re.compile('"[^"]*"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019|\u00ab[^\u00bb]*\u00bb|`[^`]*`'),  # quoted
    re.compile(r"(?<!\w)'[^']*'(?!\w)"),  # single-quoted, not an apostrophe
    re.compile(r"\S*[/\\]\S*"),  # paths and URLs
    re.compile(r"\S+\.[a-z0-9]{1,5}\b"),  # file names
    re.compile(r"\b\d+(?:[.,]\d+)*\b"),  # numbers, not the digits of `http503`
)


def normalise(message: str) -> str:
    """Lower-case words separated by single spaces, details masked; `http503` for a status."""
    text = unicodedata.normalize("NFKC", message[:_CLASSIFIED_CHARS])
    text = "".join(char for char in text if unicodedata.category(char) not in _FORMAT).casefold()
    text = _STATUS.sub(lambda match: f" http{match.group(1)} ", text)
    text = _ZERO_BYTES.sub(" zero bytes ", text)
    for detail in _DETAILS:
        text = detail.sub(" ", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


_TRANSIENT = re.compile(
    r"\b(unavailable|temporar\w*|timed out|time out|timeout|try again|retry later|retrying|overload\w*"
    r"|rate limit\w*|too many requests|busy|throttl\w*|http429|http502|http503|http504|connection reset)\b"
)
_RULES: tuple[tuple[re.Pattern[str], Cause], ...] = (
    (
        re.compile(
            r"\b(empty|blank|no (readable |extractable )?(content|text|data|pages)|zero bytes?|zero byte"
            r"|zero length|has no pages|contains no \w+|nothing to (extract|read))\b"
        ),
        EMPTY_FILE,
    ),
    (
        re.compile(
            r"\bpages?\b(\s\w+){0,6}?\s(size|sizes|dimensions?|too (large|big|wide|tall)|exceed\w*|oversized?)\b"
            r"|\b(oversized?|too (large|big)) pages?\b"
        ),
        PAGE_TOO_LARGE,
    ),
    (
        re.compile(
            r"\b(corrupt\w*|password\w*|encrypt\w*|protected|damaged|malformed|unreadable|broken pdf"
            r"|(invalid|bad) pdf|not a (valid )?pdf|unsupported (file )?(format|type)|not supported"
            r"|(cannot|can not|cant|could not|couldn t|unable to|failed to) (open|read|parse|decode|decrypt))\b"
        ),
        INVALID_PDF,
    ),
    (
        re.compile(
            r"\b(not found|not owned|does not exist|doesn t exist|no such file|(file|upload) (is )?missing"
            r"|missing (file|upload)|(cannot|could not) be found|http404|deleted)\b"
        ),
        FILE_NOT_FOUND,
    ),
    (_TRANSIENT, SERVICE_UNAVAILABLE),
    (
        re.compile(
            r"\b(internal|unexpected (error|failure|exception)|processing (error|failure)|server error"
            r"|crash\w*|http500|something went wrong|unhandled)\b"
        ),
        INTERNAL_ERROR,
    ),
)


def classify(error_message: str | None, suggested_fix: str | None) -> Cause:
    """The cause of one failed record. Only the message decides which; SeekrFlow's fix decides
    what to do about a message the catalog does not know."""
    text = normalise(error_message or "")
    transient = _TRANSIENT.search(text) is not None
    found: list[tuple[int, int, Cause]] = []
    for order, (pattern, cause) in enumerate(_RULES):
        if transient and cause.code in FILE_DEFECTS:
            continue
        match = pattern.search(text)
        if match is not None:
            found.append((match.start(), order, cause))
    if found:
        return min(found, key=lambda candidate: candidate[:2])[2]
    return _unknown(suggested_fix)


# SeekrFlow's fix for a message we do not know: what it asks for first decides.
_ASKS_FOR_A_RETRY = re.compile(r"\b(retry|try again|re ?run|wait|later|resubmit|re ?process|re ?attach|re ?add)\b")
_ASKS_FOR_A_FILE = re.compile(
    r"\b(upload|re ?upload|provide|re ?export|export|re ?save|save|convert|replace|supply|another file"
    r"|different file|new file|new version|corrected|split|shorten|reduce|compress|resize|flatten|unlock"
    r"|remove the password|re ?create)\b"
)


def _unknown(suggested_fix: str | None) -> Cause:
    fix = clean(suggested_fix, FIX_LIMIT)
    if not fix:
        return OTHER
    words = normalise(fix)
    retry, new_file = _ASKS_FOR_A_RETRY.search(words), _ASKS_FOR_A_FILE.search(words)
    asked = replace(OTHER, fix=fix, fix_by_seekrflow=True)
    if retry is not None and (new_file is None or retry.start() <= new_file.start()):
        return replace(asked, retryable=True, action="retry", retries=1)
    if new_file is not None:
        return replace(asked, action="replace")
    return asked


def spent(cause: Cause) -> Cause:
    """The cause of a file that failed again after every retry worth trying: support must look."""
    return replace(
        cause,
        title=f"{cause.title}, again after {cause.retries} {'retry' if cause.retries == 1 else 'retries'}",
        retryable=False,
        action="contact_support",
        fix=(
            f"These files failed again after {cause.retries} {'retry' if cause.retries == 1 else 'retries'}, "
            "so another is unlikely to help. Contact SeekrFlow support and quote the job id and the file "
            "ids below."
        ),
        fix_by_seekrflow=False,
    )
