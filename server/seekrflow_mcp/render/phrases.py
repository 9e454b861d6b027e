"""Phrases more than one result uses."""

from __future__ import annotations

from seekrflow_mcp.text.words import code, plural
from seekrflow_mcp.triage.views import Action, CauseCode, CauseCount


def remedy(cause: CauseCode, retryable: bool, action: Action) -> str:
    """What to do, in a few words. For a message this server does not know, only what SeekrFlow
    suggests: never a claim that a retry cannot help."""
    if cause == "other":
        return {
            "retry": "SeekrFlow suggests a retry",
            "replace": "SeekrFlow suggests a corrected file",
            "remove": "SeekrFlow suggests removing it",
            "contact_support": "unknown here; contact support",
        }[action]
    if action == "contact_support":
        return "retried without success; contact support"
    if action == "retry" and retryable:
        return "retry can fix it"
    then = {
        "retry": "retry it",
        "replace": "upload a corrected file",
        "remove": "remove it",
        "contact_support": "contact support",
    }[action]
    return f"retry can fix it; if not, {then}" if retryable else f"a retry won't fix it; {then}"


def file_ref(name: str | None, file_id: str) -> str:
    return f"{code(name)} ({file_id})" if name is not None else file_id


def positions(offset: int, count: int) -> str:
    """Positions counted from 1: "11–20", or "11" for one."""
    return f"{offset + 1}" if count == 1 else f"{offset + 1}–{offset + count}"


def scan_sentence(scanned: int, complete: bool) -> str:
    if complete:
        return f"Looked at {plural(scanned, 'job')}, the whole list."
    return f"Looked at the first {plural(scanned, 'job')}; there may be more."


def cause_line(cause: CauseCount) -> str:
    return f"- {cause.title} × {cause.count} ({remedy(cause.cause, cause.retryable, cause.action)})"
