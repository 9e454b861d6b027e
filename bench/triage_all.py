"""How long does the overview of every job needing review take, and does it read them all?

Starts `upstream.py` in another process with 50 ms latency: 200 jobs in the list, 50 of them
`needs_review` with 1,000 files each. Builds the real server (`build_server`) against it and
calls `summarize_failures()` (no job_id) through the MCP `Client` in memory, five times.

Prints the median time, how many of the 50 jobs were read, and the size of the text, each
beside its target (and the peak memory of this process, for information); exits non-zero
when one is missed. Runs under this tree's interpreter or
/work/wt-base/.venv/bin/python (for the before figure): it uses only `build_server`,
`Settings` and the result's structured content.

    python bench/triage_all.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from typing import Any

import anyio
from mcp import Client

import upstream
from seekrflow_mcp.config import Settings
from seekrflow_mcp.server import build_server

RUNS = 5
LATENCY = 0.05
TIME_TARGET_S = 2.0
TEXT_TARGET = 6_000  # render.BUDGET, which wt-base may not export


def read_count(view: dict[str, Any]) -> int:
    """Jobs needing review whose details were read: every one the overview counts, less the unread."""
    needing = len(view["jobs"]) + view["more_jobs"] + len(view["unreadable_jobs"])
    return int(needing - view["unread_jobs"])


async def measure(url: str) -> tuple[list[float], int, int]:
    server = build_server(Settings(api_key="sk-bench", base_url=url))
    times: list[float] = []
    read = text_size = 0
    async with Client(server) as client:
        for _ in range(RUNS):
            start = time.perf_counter()
            result = await client.call_tool("summarize_failures", {})
            times.append(time.perf_counter() - start)
            if result.is_error or result.structured_content is None:
                raise SystemExit(f"summarize_failures() failed: {result.content}")
            read = read_count(result.structured_content)
            text_size = sum(len(block.text) for block in result.content if block.type == "text")
    return times, read, text_size


def main() -> int:
    with upstream.start(LATENCY) as url:
        times, read, text_size = anyio.run(measure, url)
    median = statistics.median(times)
    rows = [
        ("time, median of 5 (s)", f"{median:.2f}", f"<= {TIME_TARGET_S}", median <= TIME_TARGET_S),
        (
            "jobs needing review read",
            f"{read} of {upstream.REVIEW_JOBS}",
            f"{upstream.REVIEW_JOBS}",
            read == upstream.REVIEW_JOBS,
        ),
        ("text (characters)", f"{text_size:,}", f"<= {TEXT_TARGET:,}", text_size <= TEXT_TARGET),
    ]
    print(f"summarize_failures() over 200 jobs, {upstream.REVIEW_JOBS} needing review, {LATENCY * 1000:.0f} ms latency")
    print(f"runs (s): {', '.join(f'{t:.2f}' for t in times)}")
    for name, value, target, ok in rows:
        print(f"{name:<28} {value:>12}   target {target:<10} {'ok' if ok else 'MISSED'}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{'peak memory (MiB, no target)':<28} {peak:>12.0f}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
