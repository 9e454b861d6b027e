"""What `list_files` and `upload_file` return: the structured content, a public contract like
`views` (fields may be added, never renamed)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from seekrflow_mcp.text.sanitize import Id, MaybeToken, Name, Token
from seekrflow_mcp.triage.views import FileState, SuggestedAction, View


class Attachment(View):
    """A data job a file is attached to, and the file's state there."""

    job_id: Id
    job_name: Name
    job_status: Token
    state: FileState = Field(description="The file's state in that job, from its latest attempt")


class FileRow(View):
    id: Id
    name: Name
    type: MaybeToken
    purpose: MaybeToken
    size_bytes: int | None
    created_at: datetime | None
    attached_to: list[Attachment] = Field(description="Among the data jobs looked in (see `jobs_looked_in`)")


class FileListView(View):
    files: list[FileRow] = Field(description="Newest first")
    matched: int = Field(description="Files scanned that matched the filters")
    offset: int = Field(description="Matching files skipped before this page")
    next_offset: int | None = Field(description="Pass as `offset` for the next page; null when none")
    scanned: int = Field(description="Files looked at, newest first")
    complete: bool = Field(description="True when the scan reached the end of the list")
    jobs_looked_in: int = Field(description="Data jobs (newest first, files not yet frozen) read for `attached_to`")
    jobs_all_looked_in: bool = Field(description="True when every data job whose files can still change was read")
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)


class UploadView(View):
    id: Id
    name: Name
    type: MaybeToken
    purpose: MaybeToken
    size_bytes: int
    created_at: datetime | None
    job_id: Id | None = Field(default=None, description="The data job the Next step attaches it to, when given")
    suggested_actions: list[SuggestedAction] = Field(default=[], max_length=3)
