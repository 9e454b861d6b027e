"""The file tools: find an uploaded file's id, and upload one from this computer."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from seekrflow_mcp import render
from seekrflow_mcp.render.calls import written
from seekrflow_mcp.seekrflow import errors
from seekrflow_mcp.seekrflow.client import check_id
from seekrflow_mcp.seekrflow.models import RESOURCE_ID_PATTERN, File
from seekrflow_mcp.seekrflow.vocabulary import PRE_ALIGNMENT_STATUSES, FilePurpose
from seekrflow_mcp.text.sanitize import MESSAGE_LIMIT, clean
from seekrflow_mcp.text.words import byte_size, code, quote
from seekrflow_mcp.tools import fetch, local_files
from seekrflow_mcp.tools.context import AppState, Refusal, app_state, reports_errors, result
from seekrflow_mcp.triage.facts import job_facts
from seekrflow_mcp.triage.file_views import FileListView, UploadView
from seekrflow_mcp.triage.files import (
    Attachments,
    FileFilter,
    FileScan,
    attachments,
    file_list_view,
    matching,
    upload_view,
)

# Data jobs read for where the files of a page are attached: the newest whose files can still
# change, the only ones add_files and remove_files act on.
ATTACHMENT_JOBS = 10


@reports_errors
async def list_files(
    ctx: Context[AppState],
    name_contains: Annotated[
        str | None,
        Field(description="Only files whose name contains this, ignoring case", min_length=1, max_length=200),
    ] = None,
    purpose: Annotated[FilePurpose | None, Field(description="Only files uploaded for this purpose")] = None,
    limit: Annotated[int, Field(description="Files to show", ge=1, le=100)] = 20,
    offset: Annotated[int, Field(description="Matching files to skip, for the next page", ge=0, le=20000)] = 0,
) -> Annotated[CallToolResult, FileListView]:
    """Uploaded files, newest first: name, id, type, size, date, and the data jobs each is
    attached to. Use it to find the id of a file the user names."""
    app = app_state(ctx)
    query = FileFilter(name_contains=name_contains, purpose=purpose, offset=offset, limit=limit)
    scanned = await _scan(app, purpose)
    page = matching(scanned, query)[offset : offset + limit]
    found = await _attachments(app) if page else Attachments()
    view, text = render.render_file_list_page(
        lambda size: file_list_view(scanned, replace(query, limit=size), found, app.suggest), query, app.now()
    )
    return result(view, text)


async def _scan(app: AppState, purpose: str | None) -> FileScan:
    """The API filters by purpose only: read up to `scan_limit` files; say whether that was all."""
    files: list[File] = []
    async for found in app.client.iter_files(purpose=purpose):
        if len(files) == app.settings.scan_limit:
            return FileScan(files, complete=False)
        if found.deleted is not True:
            files.append(found)
    return FileScan(files, complete=True)


async def _attachments(app: AppState) -> Attachments:
    jobs = await fetch.scan(app, None, "created_at", "desc")
    open_jobs = [job for job in jobs.jobs if job.status in PRE_ALIGNMENT_STATUSES]
    details, unreadable = await fetch.jobs(app, open_jobs[:ATTACHMENT_JOBS])
    every = jobs.complete and len(open_jobs) <= ATTACHMENT_JOBS and not unreadable
    return attachments([job_facts(detail) for detail in details], complete=every)


@reports_errors
async def upload_file(
    ctx: Context[AppState],
    path: Annotated[
        str,
        Field(
            description="The file on this computer, inside an upload folder (a relative path starts there)",
            min_length=1,
            max_length=4096,
        ),
    ],
    purpose: Annotated[FilePurpose, Field(description="What the file is for; data jobs take alignment")] = "alignment",
    job_id: Annotated[
        str | None,
        Field(
            description="The data job to attach it to next; the result gives the add_files call",
            max_length=128,
            json_schema_extra={"pattern": RESOURCE_ID_PATTERN},
        ),
    ] = None,
) -> Annotated[CallToolResult, UploadView]:
    """Upload a file from this computer (only from the configured upload folders) after checking
    its type and size with SeekrFlow; returns its id. Each call makes a new file."""
    app = app_state(ctx)
    local = local_files.check(path, app.settings.upload_roots)
    if local.size == 0:
        raise Refusal(
            f"{code(clean(path, local_files.PATH_LIMIT))} is empty: SeekrFlow would take it, but its ingestion would "
            "fail; upload the file with its content."
        )
    if job_id is not None:
        await fetch.job(app, check_id(job_id, "data job"))  # a wrong id is said before the upload, not after
    shown = f"{code(clean(local.name, MESSAGE_LIMIT))} ({byte_size(local.size)})"
    suffix = local.name.rsplit(".", 1)[-1] if "." in local.name else ""
    verdict = await app.client.validate_file_metadata(purpose=purpose, suffix=suffix, size=local.size)
    if not verdict.is_valid:
        said = clean(verdict.errors, MESSAGE_LIMIT) or "no reason given"
        raise Refusal(f"SeekrFlow would refuse {shown}, so nothing was uploaded: {quote(said)}.")
    with local_files.opened(local, path) as content:
        try:
            uploaded = await app.client.upload_file(local.name, content, purpose=purpose)
        except errors.SeekrFlowError as exc:
            if not exc.maybe_applied:
                raise
            # Not the job's read that `reports_errors` would name: an upload changes no job.
            again = written("list_files", {"name_contains": clean(local.name, MESSAGE_LIMIT)})
            raise Refusal(f"{exc} Before uploading it again, {again} shows whether it arrived.") from None
    view: UploadView = upload_view(uploaded, local.size, job_id, app.suggest)
    return result(view, render.render_upload(view, app.now()))
