"""The tools on a data job of 5,000 files with 3,000 open failures: every text within the
budget, every "N more" exact, and the structured content bounded too."""

import json
import re
from typing import Any

import pytest
from mcp import Client
from mcp.types import CallToolResult

from seekrflow_mcp.render import BUDGET
from seekrflow_sandbox import Sandbox, world
from tests.helpers import call, posts, text

pytestmark = pytest.mark.anyio

LARGE = world.LARGE_JOB
OPEN = world.LARGE_JOB_OPEN_FAILURES
STRUCTURED_LIMIT = 60_000  # bytes of JSON: a page of files, never the 3,000 failed ones
# summarize_failures may list up to 50 files for each of its causes when asked to.
WIDE_STRUCTURED_LIMIT = 120_000
MORE = re.compile(r"^… and (\d+) (.+)$")


def mores(lines: list[str]) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for line in lines if (m := MORE.match(line))]


def section(said: str, head: str) -> list[str]:
    """The lines after the line starting with `head`, up to the next blank line."""
    lines = said.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(head))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i]), len(lines))
    return lines[start + 1 : end]


def ids_in(lines: list[str]) -> list[str]:
    return [m.group(1) for line in lines if (m := re.match(r"^- `[^`]*` \((file-[0-9a-f-]+)", line))]


def structured_size(result: CallToolResult) -> int:
    return len(json.dumps(result.structured_content, ensure_ascii=False).encode())


def fits(result: CallToolResult, limit: int = STRUCTURED_LIMIT) -> str:
    """The text, once it is known to fit the budget; the structured content bounded too."""
    assert result.is_error is not True
    assert len(text(result)) <= BUDGET
    assert structured_size(result) < limit
    assert "left out to fit the size limit" not in text(result)  # lists gave way, whole lines did not
    return text(result)


@pytest.mark.parametrize(
    ("tool", "arguments", "limit"),
    [
        ("list_data_jobs", {"limit": 100}, STRUCTURED_LIMIT),
        ("get_data_job", {"job_id": LARGE, "detail": "full", "limit": 100}, STRUCTURED_LIMIT),
        ("get_data_job", {"job_id": LARGE, "detail": "timeline", "limit": 100}, STRUCTURED_LIMIT),
        ("summarize_failures", {"job_id": LARGE, "files_per_group": 50}, WIDE_STRUCTURED_LIMIT),
    ],
)
async def test_the_widest_pages_fit_too(client: Client, tool: str, arguments: dict[str, Any], limit: int) -> None:
    fits(await call(client, tool, **arguments), limit)


async def test_the_failure_summary_counts_every_file_exactly(client: Client) -> None:
    result = await call(client, "summarize_failures", job_id=LARGE)
    said = fits(result)
    view = result.structured_content
    assert view is not None
    groups = view["groups"]
    assert view["open_failures"] == sum(g["count"] for g in groups) == OPEN
    assert view["resolved_failures"] == 400
    for group in groups:
        assert len(group["files"]) == min(10, group["count"])
        assert len(group["files"]) + group["more_files"] == group["count"]
    assert said.split("\n")[2] == f"{OPEN} open failures in {len(groups)} causes; 400 resolved by a later retry."

    # Each cause the text shows lists some files and counts the rest exactly; the causes the
    # budget left out are counted with their files.
    sections = said.split("\n### ")[1:]
    assert sections, said
    for group, body in zip(groups, sections, strict=False):
        lines = body.split("\n")
        assert lines[0].startswith(f"{group['title']} — {group['count']} files (")
        listed = ids_in(lines)
        assert listed == [f["file_id"] for f in group["files"]][: len(listed)]
        left = [n for n, what in mores(lines) if what.startswith("more (")]
        assert len(listed) + sum(left) == group["count"], lines
    dropped = mores(said.split("\n"))
    causes_left = [(n, what) for n, what in dropped if what.startswith(("more cause", "more causes"))]
    shown = len(sections)
    if shown < len(groups):
        ((n, what),) = causes_left
        assert n == len(groups) - shown
        assert f"covering {sum(g['count'] for g in groups[shown:])} files" in what
    else:
        assert causes_left == []


async def test_the_failure_summary_plan_is_counted_exactly(client: Client) -> None:
    result = await call(client, "summarize_failures", job_id=LARGE)
    said = fits(result)
    view = result.structured_content
    assert view is not None
    total = len(view["plan"]) + view.get("more_plan_calls", 0)
    # Every retryable file is retried (in one call) and every other one removed, exactly once.
    assert [step["tool"] for step in view["plan"]].count("retry_failed_files") == 1
    planned = [f for step in view["plan"] for f in step["arguments"].get("file_ids", [])]
    assert len(planned) == len(set(planned))
    head = next(line for line in said.split("\n") if line.startswith("Plan"))
    assert head.startswith(f"Plan, {total} calls in order")
    steps = section(said, "Next steps:")
    named = int(m.group(1)) if (m := re.search(r"the first (\d+) Next steps", head)) else 0
    written = [line for line in section(said, "Plan") if re.match(r"^\d+\. ", line)]
    rest = sum(n for n, what in mores(section(said, "Plan")) if what.startswith("more step"))
    assert named + len(written) + rest == total
    assert named <= len(steps)


async def test_the_job_summary_counts_what_it_leaves_out(client: Client) -> None:
    result = await call(client, "get_data_job", job_id=LARGE)
    said = fits(result)
    job = result.structured_content
    assert job is not None
    assert job["file_counts"] == {
        "total": world.LARGE_JOB_FILES,
        "queued": 0,
        "running": 0,
        "completed": 1900,
        "failed": OPEN,
        "ready_without_ingestion": 100,
    }
    assert job["open_failures"] == sum(c["count"] for c in job["failures"]) == OPEN
    assert "Files: 5000 attached — 1900 completed, 3000 failed, 100 ready without ingestion (Markdown)." in said

    causes = section(said, "Open failures:")
    listed = [line for line in causes if line.startswith("- ")]
    assert len(listed) + sum(n for n, _ in mores(causes)) == len(job["failures"])
    runs = section(said, "Ingestion runs")
    assert len(job["ingestion_runs"]) + job["more_ingestion_runs"] == 2
    assert len([line for line in runs if line.startswith("- ")]) + sum(n for n, _ in mores(runs)) == 2
    events = section(said, "Recent events")
    assert len([line for line in events if line.startswith("- ")]) + sum(n for n, _ in mores(events)) == len(
        job["recent_events"]
    )


async def test_a_page_of_failed_files_resumes_exactly_where_the_text_stops(client: Client) -> None:
    result = await call(client, "get_data_job", job_id=LARGE, detail="files", state="failed")
    said = fits(result)
    page = result.structured_content["files"]  # type: ignore[index]
    # The 25 asked for do not fit the text: the page is cut to what does, in both views.
    assert 1 < len(page["items"]) < 25
    assert (page["matched"], page["offset"], page["next_offset"]) == (OPEN, 0, len(page["items"]))
    head = next(line for line in said.split("\n") if line.startswith("Failed files"))
    lines = section(said, "Failed files")
    shown = ids_in(lines)
    assert shown == [f["file_id"] for f in page["items"]]
    pager = [a for a in result.structured_content["suggested_actions"] if a["arguments"].get("detail") == "files"]  # type: ignore[index]
    assert [a["arguments"]["offset"] for a in pager] == [len(shown)]
    ((left, fetch),) = mores(lines)
    assert len(shown) + left == OPEN
    assert fetch.endswith(f'detail="files", state="failed", offset={len(shown)})')
    # The call the text names gives the very next file.
    after = await call(client, "get_data_job", job_id=LARGE, detail="files", state="failed", offset=len(shown))
    overlap = await call(client, "get_data_job", job_id=LARGE, detail="files", state="failed", offset=len(shown) - 1)
    nxt = [f["file_id"] for f in after.structured_content["files"]["items"]]  # type: ignore[index]
    back = [f["file_id"] for f in overlap.structured_content["files"]["items"]]  # type: ignore[index]
    assert back[:2] == [shown[-1], nxt[0]]
    assert nxt[0] not in shown
    # What the text says it shows is what it lists.
    assert head == "Failed files:"
    assert f"Showing 1–{len(shown)} of {OPEN}." in lines


async def test_the_overview_adds_up(client: Client) -> None:
    result = await call(client, "summarize_failures")
    fits(result)
    view = result.structured_content
    assert view is not None
    by_job = {j["job"]["id"]: j for j in view["jobs"]}
    assert by_job[LARGE]["open_failures"] == OPEN
    assert sum(c["count"] for c in by_job[LARGE]["causes"]) == OPEN
    assert view["open_failures"] == sum(j["open_failures"] for j in view["jobs"]) == OPEN + 7
    assert view["more_jobs"] == 0
    assert len(view["jobs"]) == 5
    assert f"{OPEN + 7} open failures in 5 jobs needing review" in text(result)


async def test_the_job_list_adds_up(client: Client) -> None:
    result = await call(client, "list_data_jobs", limit=5, offset=5)
    said = fits(result)
    view = result.structured_content
    assert view is not None
    assert sum(view["counts_by_status"].values()) == view["matched"] == view["scanned"] == 14
    assert (len(view["jobs"]), view["next_offset"]) == (5, 10)
    assert "Showing 6–10 of 14 matching." in said
    assert mores(said.split("\n")) == [(4, "more (`list_data_jobs` with the same filters and offset=10)")]


async def test_adding_and_removing_a_hundred_files_fits(client: Client, sandbox: Sandbox) -> None:
    summary = (await call(client, "summarize_failures", job_id=LARGE, files_per_group=50)).structured_content
    assert summary is not None
    retryable = [f["file_id"] for g in summary["groups"] if g["retryable"] for f in g["files"]][:100]
    assert len(retryable) == 100

    dry = await call(client, "remove_files", job_id=LARGE, file_ids=retryable, dry_run=True)
    assert posts(sandbox) == []
    fits(dry)
    assert dry.structured_content["remaining"] == {"total": 4900, "viable": 2000}  # type: ignore[index]

    added = await call(client, "add_files", job_id=LARGE, file_ids=retryable)
    assert posts(sandbox) == [f"/v1/flow/data-jobs/{LARGE}/add-files"]
    view = added.structured_content
    assert view is not None
    assert (len(view["changed"]), view["skipped"], view["status_after"]) == (100, [], "file_processing")
    said = fits(added)
    lines = section(said, "Added 100 files:")
    shown = ids_in(lines)
    assert shown == retryable[: len(shown)]
    assert len(shown) + sum(n for n, _ in mores(lines)) == 100
