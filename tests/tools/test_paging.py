"""Every page agrees with itself: the structured page, the text, `next_offset`, the "N more"
count and the next-page call, at every offset of lists of 0 to 500 items, the last pages
included. Each item appears exactly once in the text and once in the structured pages."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from mcp import Client

from seekrflow_sandbox import FakeClock, Sandbox
from seekrflow_sandbox.store import Event
from seekrflow_sandbox.world_builders import add_file, add_job, add_run
from tests.helpers import START, call, connect, server_for, text

pytestmark = pytest.mark.anyio

SIZES = [0, 1, 2, 29, 100, 101, 500]
MORE = re.compile(r"^… and (\d+) more \(.*offset=(\d+)\)$", re.MULTILINE)


def name(kind: str, index: int, long: bool) -> str:
    return f"{kind}-{index:03}-" + ("x" * 70 if long else "") + ".pdf"


def world(size: int, long: bool) -> tuple[Sandbox, str]:
    """An empty world with `size` jobs, and one more job holding `size` files and events."""
    sandbox = Sandbox(clock=FakeClock(START), world="empty")
    store, start = sandbox.store, START - timedelta(days=3)
    big = add_job(store, "dj-page-files", "Files", "context_grounded_files", start)
    for index in range(size):
        add_job(
            store, f"dj-page-{index:04}", name("job", index, long), "principle_files", start + timedelta(minutes=index)
        )
        made = start + timedelta(seconds=index)
        stored = add_file(store, f"file-page-{index:04}", name("file", index, long), made, 100)
        add_run(store, big, f"ij-page-{index:04}", made, [(stored, f"rec-{index}", f"mf-{index}", made, made, None)])
        big.events.append(Event(made, "Note", name("event", index, long), {}))
    return sandbox, big.id


def body(result: Any) -> str:
    """The text the page itself says, without the Next steps (which may name ids again)."""
    return text(result).split("\nNext steps:")[0]


async def walk(client: Client, tool: str, page_of: str, **arguments: Any) -> list[str]:
    """Every page from offset 0; each page checked against itself. Returns the ids in order."""
    seen: list[str] = []
    offset = 0
    while True:
        result = await call(client, tool, **arguments, offset=offset)
        assert result.is_error is not True, text(result)
        view = result.structured_content
        page = view if page_of == "jobs" else view[page_of]
        items = page["jobs"] if page_of == "jobs" else page["items"]
        total = page["matched"] if "matched" in page else page["total"]
        ids = [item.get("id") or item.get("file_id") or item["message"] for item in items]
        said = body(result)
        for item_id in ids:
            # The store's own events repeat their words; ours and every id are unique.
            if item_id.startswith(("dj-", "file-", "event-")):
                assert said.count(item_id) == 1, (offset, item_id)
        end = offset + len(ids)
        assert page["next_offset"] == (end if end < total else None), offset
        more = MORE.findall(said)
        if page["next_offset"] is None:
            assert more == [], offset
        else:
            assert more == [(str(total - end), str(end))], (offset, more)
            steps = [s for s in view["suggested_actions"] if s["arguments"].get("offset") is not None]
            assert all(s["arguments"]["offset"] == end for s in steps), offset
        assert ids or total <= offset
        seen += ids
        if page["next_offset"] is None:
            return seen
        offset = page["next_offset"]


@pytest.mark.parametrize("long", [False, True], ids=["short names", "long names"])
@pytest.mark.parametrize("size", SIZES)
async def test_every_page_agrees_and_every_item_is_said_once(size: int, long: bool) -> None:
    sandbox, job = world(size, long)
    async with connect(server_for(sandbox)) as client:
        jobs = await walk(client, "list_data_jobs", "jobs", limit=100, sort_order="asc")
        files = await walk(client, "get_data_job", "files", job_id=job, detail="files", limit=100)
        events = await walk(client, "get_data_job", "timeline", job_id=job, detail="timeline", limit=100)
    assert sorted(jobs) == sorted(["dj-page-files", *(f"dj-page-{i:04}" for i in range(size))])
    assert sorted(files) == [f"file-page-{i:04}" for i in range(size)]
    assert sorted(e for e in events if e.startswith("event-")) == [name("event", i, long) for i in range(size)]
