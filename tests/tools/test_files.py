"""`list_files` and `upload_file` through the official MCP `Client`, against the sandbox."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from inline_snapshot import snapshot
from mcp import Client
from mcp.types import CallToolResult, TextContent

from seekrflow_mcp.tools.files import ATTACHMENT_JOBS
from seekrflow_sandbox import FakeClock, Fault, Sandbox, world
from seekrflow_sandbox.world_builders import add_file, add_job, add_run
from tests.helpers import START, call, connect, server_for, text

pytestmark = pytest.mark.anyio

REFUND_V2 = "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9"  # refund-rules-v2.pdf, attached nowhere
MORE = re.compile(r"^… and (\d+) more \(.*offset=(\d+)\)$", re.MULTILINE)


def puts(sandbox: Sandbox) -> list[str]:
    return [path for method, path in sandbox.requests if method == "PUT"]


def job_reads(sandbox: Sandbox) -> list[str]:
    return [path for method, path in sandbox.requests if method == "GET" and path.startswith("/v1/flow/data-jobs/")]


# -- list_files -------------------------------------------------------------------------


async def test_find_a_file_by_name(client: Client) -> None:
    result = await call(client, "list_files", name_contains="refund")
    assert result == snapshot(
        CallToolResult(
            content=[
                TextContent(
                    text="""\
## Uploaded files
2 matching "refund".
- `refund-rules-v2.pdf` (file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9) — pdf · 471 KB · uploaded 2026-11-28T11:55Z (4m ago) · not attached
- `refund-rules.pdf` (file-00000000-0000-0000-0000-000000abc002) — pdf · 465 KB · uploaded 2026-11-28T07:25Z (4h ago) · attached to `Customer support refresh` (dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d, completed)
Showing 1–2 of 2 matching.
Looked at the newest 1000 files; older ones were not read.
Attachments: looked in all 7 data jobs whose files can still change.\
"""
                )
            ],
            structured_content={
                "files": [
                    {
                        "id": "file-0d1c2b3a-4958-4677-8695-a4b3c2d1e0f9",
                        "name": "refund-rules-v2.pdf",
                        "type": "pdf",
                        "purpose": "alignment",
                        "size_bytes": 482113,
                        "created_at": "2026-11-28T11:55:00.000084Z",
                        "attached_to": [],
                    },
                    {
                        "id": "file-00000000-0000-0000-0000-000000abc002",
                        "name": "refund-rules.pdf",
                        "type": "pdf",
                        "purpose": "alignment",
                        "size_bytes": 475902,
                        "created_at": "2026-11-28T07:25:00.000439Z",
                        "attached_to": [
                            {
                                "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                                "job_name": "Customer support refresh",
                                "job_status": "needs_review",
                                "state": "completed",
                            }
                        ],
                    },
                ],
                "matched": 2,
                "offset": 0,
                "next_offset": None,
                "scanned": 1000,
                "complete": False,
                "jobs_looked_in": 7,
                "jobs_all_looked_in": True,
                "suggested_actions": [],
            },
        )
    )


async def test_a_file_attached_where_it_failed_points_at_the_failure_summary(client: Client) -> None:
    result = await call(client, "list_files", name_contains="scanned-contract.pdf")
    (row,) = result.structured_content["files"]
    assert [(a["job_id"], a["state"]) for a in row["attached_to"]] == [(world.NEEDS_REVIEW_JOB, "failed")]
    assert f"attached to `Customer support refresh` ({world.NEEDS_REVIEW_JOB}, failed)" in text(result)
    (step,) = result.structured_content["suggested_actions"]
    assert (step["tool"], step["arguments"]) == ("summarize_failures", {"job_id": world.NEEDS_REVIEW_JOB})


async def test_purpose_is_asked_of_the_api_and_names_are_matched_here(sandbox: Sandbox, client: Client) -> None:
    result = await call(client, "list_files", purpose="fine-tune")
    assert [f["name"] for f in result.structured_content["files"]] == ["support-qa-pairs.jsonl"]
    assert "1 matching for fine-tune." in text(result)
    assert "Looked at 1 file, the whole list." in text(result)
    none = await call(client, "list_files", name_contains="NO-SUCH-NAME")
    assert (
        text(none)
        == '## Uploaded files\nNo uploaded file matches "NO-SUCH-NAME".\nLooked at the newest 1000 files; older ones were not read.'
    )


async def test_no_job_is_read_when_no_file_matches(sandbox: Sandbox, client: Client) -> None:
    await call(client, "list_files", name_contains="NO-SUCH-NAME")
    assert job_reads(sandbox) == []
    await call(client, "list_files", name_contains="refund-rules-v2")
    assert len(job_reads(sandbox)) == 7  # the jobs whose files can still change, all of them


async def test_the_scan_says_how_far_it_looked() -> None:
    sandbox = Sandbox(clock=FakeClock(START))
    async with connect(server_for(sandbox, scan_limit=5)) as client:
        result = await call(client, "list_files")
    view = result.structured_content
    assert (view["scanned"], view["complete"], view["matched"], view["next_offset"]) == (5, False, 5, None)
    assert "Looked at the newest 5 files; older ones were not read." in text(result)


async def test_attachments_come_from_the_newest_jobs_whose_files_can_change_and_say_so() -> None:
    sandbox = Sandbox(clock=FakeClock(START), world="empty")
    store, start = sandbox.store, START - timedelta(days=1)
    shared = add_file(store, "file-shared", "shared.pdf", start, 2048)
    for index in range(ATTACHMENT_JOBS + 2):
        made = start + timedelta(minutes=index)
        job = add_job(store, f"dj-attach-{index:02}", f"Job {index}", "principle_files", made)
        add_run(store, job, f"ij-attach-{index:02}", made, [(shared, f"rec-{index}", f"mf-{index}", made, made, None)])
    async with connect(server_for(sandbox)) as client:
        result = await call(client, "list_files")
    view = result.structured_content
    (row,) = view["files"]
    newest = [f"dj-attach-{index:02}" for index in reversed(range(2, ATTACHMENT_JOBS + 2))]
    assert [a["job_id"] for a in row["attached_to"]] == newest
    assert (view["jobs_looked_in"], view["jobs_all_looked_in"]) == (ATTACHMENT_JOBS, False)
    assert (
        f"Attachments: looked in the newest {ATTACHMENT_JOBS} data jobs whose files can still change, "
        "not in older ones." in text(result)
    )
    assert "2 KB" in text(result)


def file_world(size: int, long: bool) -> Sandbox:
    sandbox = Sandbox(clock=FakeClock(START), world="empty")
    for index in range(size):
        name = f"file-{index:03}-" + ("x" * 70 if long else "") + ".pdf"
        add_file(sandbox.store, f"file-page-{index:04}", name, START - timedelta(minutes=index), 1000 + index)
    return sandbox


@pytest.mark.parametrize("long", [False, True], ids=["short names", "long names"])
@pytest.mark.parametrize("size", [0, 1, 29, 101])
async def test_every_page_agrees_and_every_file_is_said_once(size: int, long: bool) -> None:
    seen: list[str] = []
    offset = 0
    async with connect(server_for(file_world(size, long))) as client:
        while True:
            result = await call(client, "list_files", limit=100, offset=offset)
            view, said = result.structured_content, text(result).split("\nNext steps:")[0]
            ids = [f["id"] for f in view["files"]]
            assert all(said.count(file_id) == 1 for file_id in ids), offset
            end = offset + len(ids)
            assert view["next_offset"] == (end if end < view["matched"] else None)
            steps = [s["arguments"] for s in view["suggested_actions"] if s["tool"] == "list_files"]
            if view["next_offset"] is None:
                assert (MORE.findall(said), steps) == ([], [])
            else:
                assert MORE.findall(said) == [(str(view["matched"] - end), str(end))]
                assert steps == [{"offset": end, "limit": len(ids)}]  # a page the text holds
            seen += ids
            if view["next_offset"] is None:
                break
            offset = view["next_offset"]
    assert seen == [f"file-page-{i:04}" for i in range(size)]  # newest first, each once


# -- upload_file ------------------------------------------------------------------------


@pytest.fixture
def roots(tmp_path: Path) -> Path:
    """An upload folder with a corrected file in it, beside a folder that is not one."""
    inside = tmp_path / "corrected"
    inside.mkdir()
    (inside / "refund-rules-v3.pdf").write_bytes(b"%PDF-1.7 " + b"x" * 2000)
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.pdf").write_bytes(b"%PDF-1.7 secret")
    return inside


async def test_upload_a_corrected_file_and_attach_it(sandbox: Sandbox, roots: Path) -> None:
    async with connect(server_for(sandbox, upload_roots=[roots])) as client:
        result = await call(client, "upload_file", path="refund-rules-v3.pdf", job_id=world.NEEDS_REVIEW_JOB)
        assert result == snapshot(
            CallToolResult(
                content=[
                    TextContent(
                        text="""\
## Uploaded `refund-rules-v3.pdf` (file-73bd5b4f-c63c-89d3-47df-b81629e99833)
pdf · 2 KB · purpose alignment · uploaded 2026-11-28T12:00Z (just now)
Not attached to any data job yet.

Next steps:
- `add_files(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d", file_ids=["file-73bd5b4f-c63c-89d3-47df-b81629e99833"])` — Attach `refund-rules-v3.pdf` to the data job; ingestion starts by itself.\
"""
                    )
                ],
                structured_content={
                    "id": "file-73bd5b4f-c63c-89d3-47df-b81629e99833",
                    "name": "refund-rules-v3.pdf",
                    "type": "pdf",
                    "purpose": "alignment",
                    "size_bytes": 2009,
                    "created_at": "2026-11-28T12:00:00Z",
                    "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                    "suggested_actions": [
                        {
                            "tool": "add_files",
                            "arguments": {
                                "job_id": "dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d",
                                "file_ids": ["file-73bd5b4f-c63c-89d3-47df-b81629e99833"],
                            },
                            "reason": "Attach `refund-rules-v3.pdf` to the data job; ingestion starts by itself.",
                        }
                    ],
                },
            )
        )
        new_id = result.structured_content["id"]
        (step,) = result.structured_content["suggested_actions"]
        added = await call(client, step["tool"], **step["arguments"])
    assert added.is_error is not True, text(added)
    assert sandbox.store.files[new_id].bytes == 2009
    assert new_id in {f["file_id"] for f in added.structured_content["changed"]}


async def test_without_a_job_the_next_step_finds_one(sandbox: Sandbox, roots: Path) -> None:
    async with connect(server_for(sandbox, upload_roots=[roots])) as client:
        first = await call(client, "upload_file", path=str(roots / "refund-rules-v3.pdf"))
        second = await call(client, "upload_file", path=str(roots / "refund-rules-v3.pdf"))
    (step,) = first.structured_content["suggested_actions"]
    assert step["tool"] == "list_data_jobs"
    assert f'file_ids=["{first.structured_content["id"]}"]' in step["reason"]
    # Not idempotent: each upload is a new file.
    assert first.structured_content["id"] != second.structured_content["id"]
    assert len(puts(sandbox)) == 2


def refusal_cases(tmp_path: Path, roots: Path) -> dict[str, tuple[str, str]]:
    """name -> (path as given, what the refusal says)."""
    (roots / "link-out.pdf").symlink_to(tmp_path / "private" / "secret.pdf")
    (roots / "folder").mkdir()
    (roots / "empty.pdf").write_bytes(b"")
    (roots / "tool.exe").write_bytes(b"MZ")
    os.mkfifo(roots / "pipe.pdf")
    return {
        "dot-dot": ("../private/secret.pdf", "`../private/secret.pdf` is outside the upload folders"),
        "absolute elsewhere": (str(tmp_path / "private" / "secret.pdf"), "is outside the upload folders"),
        "absolute missing elsewhere": ("/no/such/dir/x.pdf", "`/no/such/dir/x.pdf` is outside the upload folders"),
        "a link pointing out": ("link-out.pdf", "`link-out.pdf` is outside the upload folders (links followed)"),
        "a folder": ("folder", "`folder` is a folder; give the path of one file inside it."),
        "missing": ("nope.pdf", f"`nope.pdf` does not exist; give the path of a file inside {roots}."),
        "empty": ("empty.pdf", "`empty.pdf` is empty: SeekrFlow would take it, but its ingestion would fail"),
        "not a regular file": ("pipe.pdf", "`pipe.pdf` is not a regular file"),
        "a type SeekrFlow refuses": (
            "tool.exe",
            "SeekrFlow would refuse `tool.exe` (2 bytes), so nothing was uploaded",
        ),
    }


async def test_refusals_name_the_path_problem_and_send_nothing(sandbox: Sandbox, roots: Path, tmp_path: Path) -> None:
    cases = refusal_cases(tmp_path, roots)
    async with connect(server_for(sandbox, upload_roots=[roots])) as client:
        for name, (given, says) in cases.items():
            result = await call(client, "upload_file", path=given)
            assert result.is_error is True, name
            assert says in text(result), (name, text(result))
            assert "secret" not in text(result).replace(given, ""), name  # nothing beyond what was given
            if "outside" in says:
                assert f"only files inside {roots} can be" in text(result), name
    assert puts(sandbox) == []
    # Only the refused type reached SeekrFlow, and only its metadata.
    assert [p for m, p in sandbox.requests if m == "POST"] == ["/v1/flow/files/validate_metadata"]


async def test_an_unknown_job_is_refused_before_the_upload(sandbox: Sandbox, roots: Path) -> None:
    async with connect(server_for(sandbox, upload_roots=[roots])) as client:
        result = await call(client, "upload_file", path="refund-rules-v3.pdf", job_id="dj-00000000-0000-4000-8000-0000")
    assert result.is_error is True
    assert text(result) == (
        "Data job dj-00000000-0000-4000-8000-0000 was not found. `list_data_jobs()` shows the jobs this API key can see."
    )
    assert puts(sandbox) == []


async def test_an_upload_that_may_have_arrived_says_how_to_check(sandbox: Sandbox, roots: Path) -> None:
    sandbox.faults.push(Fault("drop", route="upload_file"))
    async with connect(server_for(sandbox, upload_roots=[roots])) as client:
        result = await call(client, "upload_file", path="refund-rules-v3.pdf", job_id=world.NEEDS_REVIEW_JOB)
    assert result.is_error is True
    assert text(result).endswith(
        'Before uploading it again, `list_files(name_contains="refund-rules-v3.pdf")` shows whether it arrived.'
    )
    assert "get_data_job" not in text(result)
    assert len(puts(sandbox)) == 1


# -- which tools a server offers ------------------------------------------------------------


async def tool_names(sandbox: Sandbox, **settings: Any) -> dict[str, dict[str, Any]]:
    async with connect(server_for(sandbox, **settings)) as client:
        tools = (await client.list_tools()).tools
    return {tool.name: tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in tools}


async def test_upload_file_is_offered_only_in_local_mode(sandbox: Sandbox, roots: Path) -> None:
    assert "upload_file" not in await tool_names(sandbox)
    async with connect(server_for(sandbox)) as client:
        assert "upload_file" not in (client.instructions or "")
    async with connect(server_for(sandbox, upload_roots=[roots])) as client:
        assert "`upload_file` sends a corrected file" in (client.instructions or "")
    assert "upload_file" not in await tool_names(sandbox, upload_roots=[roots], read_only=True)
    assert "list_files" in await tool_names(sandbox, read_only=True)
    offered = await tool_names(sandbox, upload_roots=[roots])
    assert offered["upload_file"]["annotations"] == {
        "readOnlyHint": False,
        "destructiveHint": False,
        "idempotentHint": False,
        "openWorldHint": True,
    }
    assert offered["list_files"]["annotations"]["readOnlyHint"] is True
    facing = {k: offered["upload_file"][k] for k in ("name", "title", "description", "inputSchema")}
    assert len(json.dumps(facing, separators=(",", ":"), ensure_ascii=False)) <= 1300
    assert facing == snapshot(
        {
            "name": "upload_file",
            "title": "Upload a file",
            "description": """\
Upload a file from this computer (only from the configured upload folders) after checking
its type and size with SeekrFlow; returns its id. Each call makes a new file.\
""",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "path": {
                        "description": "The file on this computer, inside an upload folder (a relative path starts there)",
                        "maxLength": 4096,
                        "minLength": 1,
                        "title": "Path",
                        "type": "string",
                    },
                    "purpose": {
                        "default": "alignment",
                        "description": "What the file is for; data jobs take alignment",
                        "enum": [
                            "alignment",
                            "fine-tune",
                            "preference-fine-tune",
                            "reinforcement-fine-tune",
                            "pre-train",
                        ],
                        "title": "Purpose",
                        "type": "string",
                    },
                    "job_id": {
                        "anyOf": [{"maxLength": 128, "type": "string"}, {"type": "null"}],
                        "default": None,
                        "description": "The data job to attach it to next; the result gives the add_files call",
                        "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$",
                        "title": "Job Id",
                    },
                },
                "required": ["path"],
                "title": "upload_fileArguments",
            },
        }
    )
