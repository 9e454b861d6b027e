"""Uploaded files as `list_files` and `upload_file` show them: which match, where each is
attached, and the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from seekrflow_mcp.seekrflow.models import File
from seekrflow_mcp.triage.facts import JobFacts
from seekrflow_mcp.triage.file_views import Attachment, FileListView, FileRow, UploadView
from seekrflow_mcp.triage.suggest import Suggester


@dataclass(frozen=True)
class FileScan:
    """The files a tool read from the list, newest first, and whether that was all of them."""

    files: list[File]
    complete: bool


@dataclass(frozen=True)
class FileFilter:
    """`list_files`' filters and page: the API filters by purpose, not by name."""

    name_contains: str | None = None
    purpose: str | None = None
    offset: int = 0
    limit: int = 20

    def arguments(self, offset: int) -> dict[str, Any]:
        """The call for the page at `offset`, with these filters."""
        filters = {"name_contains": self.name_contains, "purpose": self.purpose}
        return {k: v for k, v in filters.items() if v is not None} | {"offset": offset, "limit": self.limit}


@dataclass(frozen=True)
class Attachments:
    """Where files are attached, from the data jobs read; `complete` when every job whose files
    can still change was read."""

    by_file: dict[str, list[Attachment]] = field(default_factory=dict)
    looked_in: int = 0
    complete: bool = True


def attachments(jobs: Sequence[JobFacts], complete: bool) -> Attachments:
    by_file: dict[str, list[Attachment]] = {}
    for job in jobs:
        for f in job.files:
            by_file.setdefault(f.file_id, []).append(
                Attachment(job_id=job.detail.id, job_name=job.detail.name, job_status=job.detail.status, state=f.state)
            )
    return Attachments(by_file, looked_in=len(jobs), complete=complete)


def matching(scan: FileScan, query: FileFilter) -> list[File]:
    needle = query.name_contains.casefold() if query.name_contains else None
    return [f for f in scan.files if needle is None or needle in (f.filename or "").casefold()]


def file_list_view(scan: FileScan, query: FileFilter, found: Attachments, suggest: Suggester) -> FileListView:
    """A page of the files that match, from every file the tool scanned."""
    matches = matching(scan, query)
    end = query.offset + query.limit
    rows = [_row(f, found) for f in matches[query.offset : end]]
    next_offset = end if end < len(matches) else None
    return FileListView(
        files=rows,
        matched=len(matches),
        offset=query.offset,
        next_offset=next_offset,
        scanned=len(scan.files),
        complete=scan.complete,
        jobs_looked_in=found.looked_in,
        jobs_all_looked_in=found.complete,
        suggested_actions=suggest.for_files(rows, None if next_offset is None else query.arguments(next_offset)),
    )


def _row(f: File, found: Attachments) -> FileRow:
    return FileRow(
        id=f.id,
        name=f.filename or f.id,
        type=f.type,
        purpose=f.purpose,
        size_bytes=f.bytes,
        created_at=f.created_at,
        attached_to=found.by_file.get(f.id, []),
    )


def upload_view(uploaded: File, size: int, job_id: str | None, suggest: Suggester) -> UploadView:
    """`size` is what was sent, for an answer that leaves `bytes` out."""
    name = uploaded.filename or uploaded.id
    view = UploadView(
        id=uploaded.id,
        name=name,
        type=uploaded.type,
        purpose=uploaded.purpose,
        size_bytes=uploaded.bytes if uploaded.bytes is not None else size,
        created_at=uploaded.created_at,
        job_id=job_id,
    )
    return view.model_copy(update={"suggested_actions": suggest.after_upload(view.id, view.name, job_id)})
