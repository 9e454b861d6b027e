"""The MCP surface: every tool, with its title and its behaviour hints, as data.

`server.build_server` registers these; a read-only server keeps those whose annotations say
they only read. Each tool asks the SeekrFlow client for models, has triage compute the job's
facts and a view, and returns the view as structured content with its rendered text.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from mcp.types import CallToolResult, ToolAnnotations

from seekrflow_mcp.config import Settings
from seekrflow_mcp.startup import always, local
from seekrflow_mcp.tools.dashboard import refresh_data_job
from seekrflow_mcp.tools.files import list_files, upload_file
from seekrflow_mcp.tools.reads import get_data_job, list_data_jobs, summarize_failures
from seekrflow_mcp.tools.waits import wait_for_ingestion
from seekrflow_mcp.tools.workflow import retry_failed_files, start_alignment
from seekrflow_mcp.tools.writes import add_files, remove_files


@dataclass(frozen=True)
class Tool:
    fn: Callable[..., Awaitable[CallToolResult]]
    title: str
    annotations: ToolAnnotations
    when: Callable[[Settings], bool] = always  # whether these settings offer the tool at all

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def description(self) -> str:
        # The docstring without its indentation: every model reads it on every turn.
        return inspect.cleandoc(self.fn.__doc__ or "")

    @property
    def reads_only(self) -> bool:
        return self.annotations.read_only_hint is True


def _hints(*, read_only: bool, destructive: bool, idempotent: bool) -> ToolAnnotations:
    # All four hints, always: a client assumes the worst of a hint left out.
    return ToolAnnotations(
        read_only_hint=read_only, destructive_hint=destructive, idempotent_hint=idempotent, open_world_hint=True
    )


READ = _hints(read_only=True, destructive=False, idempotent=True)

TOOLS: tuple[Tool, ...] = (
    Tool(list_data_jobs, "List data jobs", READ),
    Tool(get_data_job, "Read a data job", READ),
    Tool(summarize_failures, "Summarize failed files", READ),
    Tool(wait_for_ingestion, "Wait for ingestion", READ),
    Tool(list_files, "List uploaded files", READ),
    Tool(add_files, "Add files to a data job", _hints(read_only=False, destructive=False, idempotent=True)),
    Tool(remove_files, "Remove files from a data job", _hints(read_only=False, destructive=True, idempotent=True)),
    # Re-sends only what still failed, so a second call does nothing more.
    Tool(retry_failed_files, "Retry failed files", _hints(read_only=False, destructive=False, idempotent=True)),
    Tool(start_alignment, "Start alignment", _hints(read_only=False, destructive=False, idempotent=False)),
    # Not idempotent: a second upload makes a second file.
    Tool(upload_file, "Upload a file", _hints(read_only=False, destructive=False, idempotent=False), when=local),
    # The dashboard app's reader (`apps`): hosts show it to the app, not to the model.
    Tool(refresh_data_job, "Refresh the job dashboard", READ),
)
