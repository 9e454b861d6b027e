"""What a tool asked for, handed to triage as one value."""

from __future__ import annotations

from dataclasses import dataclass, field

from seekrflow_mcp.seekrflow.models import DataJob
from seekrflow_mcp.triage.views import Detail, FileState


@dataclass(frozen=True)
class Scan:
    """The jobs a tool read from the list, and whether that was all of them."""

    jobs: list[DataJob]
    complete: bool


@dataclass(frozen=True)
class Unreadable:
    """A job the tool could not read, and SeekrFlow's answer in words."""

    job: DataJob
    reason: str


@dataclass(frozen=True)
class Unread:
    """Jobs needing review an overview did not read: past its cap, or failing to answer."""

    past_cap: int = 0
    failed: list[Unreadable] = field(default_factory=list)


@dataclass(frozen=True)
class JobFilter:
    """`list_data_jobs`' filters and page: the API filters by neither status nor name."""

    statuses: list[str] | None = None
    name_contains: str | None = None
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class JobPage:
    """What `get_data_job` shows: both pages (files, timeline) share `offset` and `limit`."""

    detail: Detail = "summary"
    state: FileState | None = None
    offset: int = 0
    limit: int = 50

    @property
    def files(self) -> bool:
        return self.detail in ("files", "full")

    @property
    def timeline(self) -> bool:
        return self.detail in ("timeline", "full")
