"""The text of `list_files` and `upload_file`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from seekrflow_mcp.render.budget import BUDGET, Block, Keep, Listing, bullets, fit, fit_page, more
from seekrflow_mcp.render.phrases import positions
from seekrflow_mcp.text.sanitize import MESSAGE_LIMIT, clean
from seekrflow_mcp.text.words import byte_size, code, plural, quote, when
from seekrflow_mcp.triage.file_views import Attachment, FileListView, FileRow, UploadView
from seekrflow_mcp.triage.files import FileFilter

# -- list_files --------------------------------------------------------------------------


def render_file_list_page(
    build: Callable[[int], FileListView], query: FileFilter, now: datetime, budget: int = BUDGET
) -> tuple[FileListView, str]:
    """A page of at most `query.limit` files, as many as the text holds, and its text."""
    filters = ""
    if query.name_contains is not None:
        filters += f" {quote(clean(query.name_contains, MESSAGE_LIMIT))}"
    if query.purpose is not None:
        filters += f" for {query.purpose}"
    return fit_page(build, query.limit, lambda view: _list_body(view, now, filters), budget)


def _list_body(view: FileListView, now: datetime, filters: str) -> tuple[Block, list[Listing]]:
    start = view.offset
    body: Block = [Keep("## Uploaded files")]
    body.append(f"{view.matched} matching{filters}." if view.matched else f"No uploaded file matches{filters}.")

    def tail(shown: int) -> list[str]:
        lines = [f"Showing {positions(start, shown)} of {view.matched} matching."] if shown else []
        fetch = f"{code('list_files')} with the same filters and offset={start + shown}"
        return lines + more(view.matched - start - shown, fetch=fetch)

    rows = bullets([_row(f, now, view.jobs_all_looked_in) for f in view.files], tail)
    if view.files:
        body.append(rows)
    elif view.matched:
        body.append(f"No files on this page; {view.matched} match.")
    if view.complete:
        body.append(f"Looked at {plural(view.scanned, 'file')}, the whole list.")
    else:
        body.append(f"Looked at the newest {plural(view.scanned, 'file')}; older ones were not read.")
    if view.files:
        body.append(_looked_in(view.jobs_looked_in, view.jobs_all_looked_in))
    return body, [rows]


def _row(f: FileRow, now: datetime, all_jobs: bool) -> str:
    facts = [f.type or "unknown type", "unknown size" if f.size_bytes is None else byte_size(f.size_bytes)]
    if f.purpose and f.purpose != "alignment":
        facts.append(f"for {f.purpose}")
    if f.created_at is not None:
        facts.append(f"uploaded {when(f.created_at, now)}")
    if f.attached_to:
        facts.append("attached to " + ", ".join(_attachment(a) for a in f.attached_to))
    else:
        facts.append("not attached" if all_jobs else "not attached to the jobs looked in")
    return f"- {code(f.name)} ({f.id}) — " + " · ".join(facts)


def _attachment(a: Attachment) -> str:
    return f"{code(a.job_name)} ({a.job_id}, {a.state})"


def _looked_in(jobs: int, everything: bool) -> str:
    if everything:
        if not jobs:
            return "No data job's files can change now, so none was looked in for attachments."
        return f"Attachments: looked in all {plural(jobs, 'data job')} whose files can still change."
    if not jobs:
        return "Attachments: no data job could be read, so where these files are attached is unknown."
    newest = plural(jobs, "data job")
    return f"Attachments: looked in the newest {newest} whose files can still change, not in older ones."


# -- upload_file ---------------------------------------------------------------------------


def render_upload(view: UploadView, now: datetime, budget: int = BUDGET) -> str:
    facts = [view.type or "unknown type", byte_size(view.size_bytes), f"purpose {view.purpose or 'unknown'}"]
    if view.created_at is not None:
        facts.append(f"uploaded {when(view.created_at, now)}")
    body: Block = [
        Keep(f"## Uploaded {code(view.name)} ({view.id})"),
        " · ".join(facts),
        "Not attached to any data job yet.",
    ]
    return fit(body, view.suggested_actions, budget)
