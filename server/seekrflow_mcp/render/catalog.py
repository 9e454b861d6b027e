"""The failure catalog as a guide: every cause an ingestion failure is put down to, its fix,
whether a retry helps and how many retries are worth it.

It names no tool: the same guide serves a read-only server, whose user makes the changes in
SeekrFlow."""

from __future__ import annotations

from collections.abc import Sequence

from seekrflow_mcp.text.words import plural
from seekrflow_mcp.triage.causes import Cause
from seekrflow_mcp.triage.views import Action

_ACTIONS: dict[Action, str] = {
    "retry": "add the same file to the job again",
    "replace": "upload a corrected copy, attach it, then remove the failed file",
    "remove": "remove the file from the job",
    "contact_support": "contact SeekrFlow support with the job id and the file ids",
}


def render_catalog(catalog: Sequence[Cause]) -> str:
    lines = [
        "# SeekrFlow ingestion errors",
        "",
        (
            "Each failed file is put down to one cause, read from the error message SeekrFlow "
            "recorded for its latest attempt (the statement that opens the message decides; file "
            "names, paths and numbers in it do not). A file that failed and later ingested is "
            "resolved, not failed."
        ),
    ]
    for cause in catalog:
        lines += ["", f"## {cause.title} (`{cause.code}`)", "", cause.fix, ""]
        lines.append(f"- Retry helps: {_retry(cause)}")
        lines.append(f"- What to do: {_ACTIONS[cause.action]} (`{cause.action}`)")
    lines += [
        "",
        "## A message this catalog does not know",
        "",
        (
            "It is `other`, and SeekrFlow's own suggested fix decides what to do, quoted as it came: a "
            "fix that asks for a retry or a wait makes one retry worth trying, a fix that asks for a "
            "new file means a corrected copy. A file with an unknown message is never planned away."
        ),
    ]
    return "\n".join(lines) + "\n"


def _retry(cause: Cause) -> str:
    if not cause.retryable:
        return "no, the file itself must change" if cause.action == "replace" else "unknown to this server"
    return (
        f"yes, up to {plural(cause.retries, 'retry', 'retries')}; a file that fails again after that "
        "goes to SeekrFlow support"
    )
