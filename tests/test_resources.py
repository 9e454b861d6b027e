"""The resources through the official `Client`: a job's summary, the same text `get_data_job`
gives, and the guide to ingestion errors; a read that fails says why in one sentence."""

from __future__ import annotations

import pytest
from inline_snapshot import snapshot
from mcp import Client, MCPError
from mcp.types import INTERNAL_ERROR, INVALID_PARAMS, TextResourceContents
from pydantic import SecretStr

from seekrflow_mcp.config import Settings
from seekrflow_mcp.render import BUDGET
from seekrflow_mcp.server import build_server
from seekrflow_mcp.triage.causes import CATALOG
from seekrflow_sandbox import Fault, Sandbox, world
from tests.helpers import KEY, call, server_for, text

pytestmark = pytest.mark.anyio

GUIDE = "seekrflow://guide/ingestion-errors"
UNKNOWN_JOB = "dj-00000000-0000-4000-8000-000000000000"


def job_uri(job_id: str) -> str:
    return f"seekrflow://data-jobs/{job_id}"


async def read(client: Client, uri: str) -> TextResourceContents:
    contents = (await client.read_resource(uri)).contents
    assert len(contents) == 1
    assert isinstance(contents[0], TextResourceContents)
    return contents[0]


async def failure(client: Client, uri: str) -> tuple[int, str]:
    with pytest.raises(MCPError) as raised:
        await client.read_resource(uri)
    assert raised.value.error.data == {"uri": uri}
    return raised.value.error.code, raised.value.error.message


@pytest.mark.parametrize(
    "job_id",
    [world.NEEDS_REVIEW_JOB, world.READY_JOB, world.PROCESSING_JOB, world.ALIGNING_JOB, world.LARGE_JOB],
)
async def test_a_job_reads_as_get_data_job_summarizes_it(client: Client, job_id: str) -> None:
    summary = await call(client, "get_data_job", job_id=job_id)
    contents = await read(client, job_uri(job_id))
    assert (contents.uri, contents.mime_type) == (job_uri(job_id), "text/markdown")
    assert contents.text == text(summary)


async def test_a_job_in_full(client: Client) -> None:
    contents = await read(client, job_uri(world.READY_JOB))
    assert contents.text == snapshot("""\
## `Cabin crew manual` (dj-5fb9b8b9-90d2-4177-f5a8-e6d7d7f091a2)
Status: ready_to_start — Every file is ingested and every prerequisite is met: alignment can start.
`principle_files` job · created 2026-11-28T06:45Z (5h ago) · updated 2026-11-28T06:50Z (5h ago)
Ready to start alignment.
Files: 3 attached — 2 completed, 1 ready without ingestion (Markdown).

Ingestion runs, newest first:
- ij-6f1a0b12-3c4d-4e5f-a061-7c8d9e0f1a2b — completed, started 2026-11-28T06:46Z (5h ago) — 2 files: 2 completed

Recent events, newest first:
- 2026-11-28T06:50Z (5h ago) `File Processing Completed`: "Finished processing files."
- 2026-11-28T06:46Z (5h ago) `File Processing Started`: "Started processing files."
- 2026-11-28T06:45Z (5h ago) `Created`: "Data job created."

Next steps:
- `start_alignment(job_id="dj-5fb9b8b9-90d2-4177-f5a8-e6d7d7f091a2")` — Every file is ingested and nothing blocks the job: start alignment.\
""")


async def test_an_unknown_or_malformed_job_is_not_found(client: Client, sandbox: Sandbox) -> None:
    assert await failure(client, job_uri(UNKNOWN_JOB)) == (
        INVALID_PARAMS,
        f"Data job {UNKNOWN_JOB} was not found. `list_data_jobs()` shows the jobs this API key can see.",
    )
    code, message = await failure(client, job_uri("dj-1;rm"))
    assert (code, message) == snapshot(
        (
            -32602,
            "'dj-1;rm' is not a valid data job id: SeekrFlow ids are 1-128 letters, digits, '-' or '_' (like dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d).",
        )
    )
    # The malformed id never reached SeekrFlow.
    assert sandbox.requests == [("GET", f"/v1/flow/data-jobs/{UNKNOWN_JOB}")]


async def test_seekrflow_down_is_one_sentence(sandbox: Sandbox) -> None:
    for _ in range(2):  # the first try and its one retry
        sandbox.faults.push(Fault(kind="status", status=503))
    async with Client(server_for(sandbox, retries=1)) as c:
        code, message = await failure(c, job_uri(world.NEEDS_REVIEW_JOB))
        # Once SeekrFlow is back, the same read answers.
        assert (await read(c, job_uri(world.NEEDS_REVIEW_JOB))).text.startswith("## `Customer support refresh`")
    assert code == INTERNAL_ERROR
    assert message == snapshot(
        'SeekrFlow failed to answer for data job dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d (HTTP 503). SeekrFlow said: "Service Unavailable". It is likely temporary. Call `get_data_job(job_id="dj-1b75f4d5-5c9e-4d33-b164-a2393bc5ab6d")` again in a minute.'
    )


async def test_a_wrong_api_key_says_what_the_user_must_set(sandbox: Sandbox) -> None:
    wrong = "sk-wrong-0123456789"
    settings = Settings(api_key=SecretStr(wrong), base_url="http://sandbox.test")
    async with Client(build_server(settings, transport=sandbox.transport(), now=sandbox.clock.now)) as c:
        code, message = await failure(c, job_uri(world.NEEDS_REVIEW_JOB))
    assert code == INTERNAL_ERROR
    assert wrong not in message
    assert KEY not in message
    assert message.endswith(
        "the user must set a valid SEEKR_API_KEY in this MCP server's configuration and restart it."
    )


async def test_the_guide_names_every_cause_its_fix_and_its_retries(client: Client) -> None:
    contents = await read(client, GUIDE)
    assert (contents.uri, contents.mime_type) == (GUIDE, "text/markdown")
    assert len(contents.text) <= BUDGET
    sections = contents.text.split("\n## ")[1:]
    for cause, section in zip(CATALOG, sections, strict=False):
        assert section.startswith(f"{cause.title} (`{cause.code}`)")
        assert cause.fix in section
        assert f"(`{cause.action}`)" in section
        assert ("Retry helps: yes" in section) is cause.retryable
        if cause.retryable:
            assert f"up to {cause.retries} retr" in section
    assert len(sections) == len(CATALOG) + 1  # and a word on messages the catalog does not know


async def test_the_guide_in_full(client: Client) -> None:
    assert (await read(client, GUIDE)).text == snapshot("""\
# SeekrFlow ingestion errors

Each failed file is put down to one cause, read from the error message SeekrFlow recorded for its latest attempt (the statement that opens the message decides; file names, paths and numbers in it do not). A file that failed and later ingested is resolved, not failed.

## Empty file (`empty_file`)

The file has no content SeekrFlow can read. Upload a copy that has content (open it to check it is not blank or 0 bytes), attach the new file, then remove this one.

- Retry helps: no, the file itself must change
- What to do: upload a corrected copy, attach it, then remove the failed file (`replace`)

## Corrupted, protected or unsupported file (`invalid_pdf`)

SeekrFlow could not open the file: it is damaged, password-protected, or not in a supported format. Remove the password, re-save or re-export it as a standard PDF, upload that copy, attach the new file, then remove this one.

- Retry helps: no, the file itself must change
- What to do: upload a corrected copy, attach it, then remove the failed file (`replace`)

## Pages too large (`page_too_large`)

Some pages are larger than SeekrFlow accepts. Re-export the PDF at a standard page size (such as A4 or Letter; split or scale down posters and drawings), upload it, attach the new file, then remove this one.

- Retry helps: no, the file itself must change
- What to do: upload a corrected copy, attach it, then remove the failed file (`replace`)

## File not found (`file_not_found`)

SeekrFlow found no file with this id that belongs to your account: it may have been deleted, or the id is wrong. Check the file id; if the file is gone, upload it again, attach the new file, then remove this one.

- Retry helps: no, the file itself must change
- What to do: upload a corrected copy, attach it, then remove the failed file (`replace`)

## Service temporarily unavailable (`service_unavailable`)

A temporary SeekrFlow outage, not a problem with the file. Wait a few minutes, then add the same file to the job again to retry it.

- Retry helps: yes, up to 2 retries; a file that fails again after that goes to SeekrFlow support
- What to do: add the same file to the job again (`retry`)

## Internal processing failure (`internal_error`)

Something failed inside SeekrFlow while processing the file. Add the same file to the job again to retry it once; if it fails again, contact SeekrFlow support with the job id and the file id.

- Retry helps: yes, up to 1 retry; a file that fails again after that goes to SeekrFlow support
- What to do: add the same file to the job again (`retry`)

## Other error (`other`)

SeekrFlow suggested no fix for this error, and this server does not know it, so it cannot tell whether a retry would help. Contact SeekrFlow support with the job id, the file ids and the reported message.

- Retry helps: unknown to this server
- What to do: contact SeekrFlow support with the job id and the file ids (`contact_support`)

## A message this catalog does not know

It is `other`, and SeekrFlow's own suggested fix decides what to do, quoted as it came: a fix that asks for a retry or a wait makes one retry worth trying, a fix that asks for a new file means a corrected copy. A file with an unknown message is never planned away.
""")
