"""The dashboard's resource and its app-only tool, through the MCP client (the browser side is
tests/apps)."""

from __future__ import annotations

import re

import pytest
from inline_snapshot import snapshot
from mcp import Client

from seekrflow_mcp.apps import DASHBOARD_URI
from seekrflow_sandbox import Sandbox, world
from tests.helpers import call, connect, seed_job, server_for

pytestmark = pytest.mark.anyio

# The bound: small next to the official bridge bundle (540 KB).
HTML_LIMIT = 60_000


async def test_the_resource_is_one_small_self_contained_file(client: Client) -> None:
    read = await client.read_resource(DASHBOARD_URI)
    (content,) = read.contents
    html = content.text  # type: ignore[union-attr]
    assert content.mime_type == "text/html;profile=mcp-app"
    assert len(html.encode()) < HTML_LIMIT
    # Nothing fetched from anywhere (the default CSP would block it), and no markup from data.
    assert re.findall(r"""(?:src|href)\s*=|https?://|@import|url\(""", html) == []
    assert re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", html) == []


async def test_refresh_gives_the_job_its_groups_and_the_actions_offered(sandbox: Sandbox) -> None:
    job_id, _ = seed_job(sandbox, {"empty.pdf": [("File is empty.", None)]}, name="Small job")
    async with connect(server_for(sandbox)) as c:
        result = await call(c, "refresh_data_job", job_id=job_id)
    view = result.structured_content
    assert view is not None
    assert (view["actions"], view["refresh_seconds"]) == (
        ["retry_failed_files", "remove_files", "start_alignment"],
        None,
    )
    assert [(g["cause"], [f["name"] for f in g["files"]]) for g in view["groups"]] == [("empty_file", ["empty.pdf"])]
    assert view == snapshot(
        {
            "job": {
                "id": "dj-test-0014",
                "name": "Small job",
                "job_type": "context_grounded_files",
                "status": "needs_review",
                "status_meaning": "Someone must act before alignment can start: files failed to ingest, no usable file is attached, or a prerequisite such as the system prompt is missing.",
                "status_message": None,
                "created_at": "2026-11-28T10:00:00Z",
                "updated_at": "2026-11-28T10:06:00Z",
                "ready": False,
                "alignment_state": "not_started",
                "blockers": [
                    {
                        "code": "open_failures",
                        "message": "1 attached file failed to ingest; each must be retried, replaced or removed before alignment can start.",
                    }
                ],
                "file_counts": {
                    "total": 2,
                    "queued": 0,
                    "running": 0,
                    "completed": 1,
                    "failed": 1,
                    "ready_without_ingestion": 0,
                },
                "open_failures": 1,
                "resolved_failures": 0,
                "failures": [
                    {"cause": "empty_file", "title": "Empty file", "count": 1, "retryable": False, "action": "replace"}
                ],
                "queue": None,
                "estimate": None,
                "ingestion_runs": [
                    {
                        "id": "ij-test-0014-1-0",
                        "status": "failed",
                        "created_at": "2026-11-28T10:05:00Z",
                        "files": 1,
                        "completed": 0,
                        "failed": 1,
                        "queued": 0,
                        "running": 0,
                    },
                    {
                        "id": "ij-test-0014-0",
                        "status": "completed",
                        "created_at": "2026-11-28T10:00:00Z",
                        "files": 1,
                        "completed": 1,
                        "failed": 0,
                        "queued": 0,
                        "running": 0,
                    },
                ],
                "more_ingestion_runs": 0,
                "alignment": None,
                "recent_events": [
                    {
                        "timestamp": "2026-11-28T10:06:00Z",
                        "event_type": "File Processing Completed",
                        "message": "Finished processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T10:05:00Z",
                        "event_type": "File Processing Started",
                        "message": "Started processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T10:01:00Z",
                        "event_type": "File Processing Completed",
                        "message": "Finished processing files.",
                    },
                    {
                        "timestamp": "2026-11-28T10:00:00Z",
                        "event_type": "File Processing Started",
                        "message": "Started processing files.",
                    },
                    {"timestamp": "2026-11-28T10:00:00Z", "event_type": "Created", "message": "Data job created."},
                ],
                "waiting_on_user": False,
                "files": None,
                "timeline": None,
                "suggested_actions": [
                    {
                        "tool": "summarize_failures",
                        "arguments": {"job_id": "dj-test-0014"},
                        "reason": "1 file failed to ingest: see each cause, its fix, and the calls that clear them.",
                    }
                ],
            },
            "groups": [
                {
                    "cause": "empty_file",
                    "title": "Empty file",
                    "count": 1,
                    "retryable": False,
                    "action": "replace",
                    "message": "File is empty.",
                    "fix": "The file has no content SeekrFlow can read. Upload a copy that has content (open it to check it is not blank or 0 bytes), attach the new file, then remove this one.",
                    "fix_by_seekrflow": False,
                    "files": [{"file_id": "file-test-0014-001", "name": "empty.pdf", "attempts": 1}],
                    "more_files": 0,
                }
            ],
            "actions": ["retry_failed_files", "remove_files", "start_alignment"],
            "refresh_seconds": None,
        }
    )
    # The text is the job's summary, as get_data_job gives it.
    async with connect(server_for(sandbox)) as c:
        assert result.content == (await call(c, "get_data_job", job_id=job_id)).content


async def test_refresh_offers_no_action_on_a_read_only_server(sandbox: Sandbox) -> None:
    async with connect(server_for(sandbox, read_only=True)) as c:
        result = await call(c, "refresh_data_job", job_id=world.NEEDS_REVIEW_JOB)
    assert result.structured_content["actions"] == []  # type: ignore[index]


async def test_refresh_asks_to_look_again_only_while_files_ingest(sandbox: Sandbox) -> None:
    async with connect(server_for(sandbox)) as c:
        ingesting = await call(c, "refresh_data_job", job_id=world.PROCESSING_JOB)
        sandbox.clock.advance(6 * 3600)
        settled = await call(c, "refresh_data_job", job_id=world.PROCESSING_JOB)
    assert ingesting.structured_content["refresh_seconds"] == 5  # type: ignore[index]
    assert settled.structured_content["job"]["status"] != "file_processing"  # type: ignore[index]
    assert settled.structured_content["refresh_seconds"] is None  # type: ignore[index]
