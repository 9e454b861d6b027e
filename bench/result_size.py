"""How big and how slow are the read tools' results, next to the raw API payload?

A tool result is read by a model, so its size is a cost paid on every call. This script
drives the real MCP `Client` in memory against `Sandbox(clock=FakeClock())` and, for the
contract job (world.NEEDS_REVIEW_JOB, 13 files) and the large job (world.LARGE_JOB,
5,000 files, 3,000 failures), compares:

- raw: the body of `GET /v1/flow/data-jobs/{id}`, in bytes, as SeekrFlow returns it;
- `get_data_job` (summary) and `summarize_failures`: the text the model reads (characters)
  and the structured content (compact JSON, bytes), each with its ratio to raw;

plus the text of `list_data_jobs` (defaults). Targets: text <= render.BUDGET (6,000)
characters per result, and <= 500 ms per call in-process (median of 5 calls). The script
prints figures and exits 0; it asserts nothing.

    python bench/result_size.py
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2
from mcp import Client

from seekrflow_mcp.config import Settings
from seekrflow_mcp.render import BUDGET
from seekrflow_mcp.server import sandbox_server
from seekrflow_sandbox import FakeClock, Sandbox, world

RUNS = 5
TIME_TARGET_MS = 500.0
JOBS = {"contract (13 files)": world.NEEDS_REVIEW_JOB, "large (5,000 files)": world.LARGE_JOB}


@dataclass(frozen=True)
class Row:
    job: str
    call: str
    raw_bytes: int | None  # the API payload the call reads, when there is one
    text_chars: int
    structured_bytes: int
    median_ms: float


def _compact(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


async def _measure(client: Client, job: str, tool: str, args: dict[str, Any], raw: int | None) -> Row:
    times: list[float] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = await client.call_tool(tool, args)
        times.append((time.perf_counter() - start) * 1000)
    if result.is_error:
        raise SystemExit(f"{tool}({args}) failed: {result.content}")
    text = "".join(block.text for block in result.content if block.type == "text")
    call = f"{tool}({', '.join(f'{k}={v}' for k, v in args.items() if k != 'job_id')})"
    return Row(job, call, raw, len(text), _compact(result.structured_content), statistics.median(times))


async def measure() -> list[Row]:
    sandbox = Sandbox(clock=FakeClock())
    server = sandbox_server(Settings(), sandbox)
    rows: list[Row] = []
    async with (
        httpx2.AsyncClient(
            transport=sandbox.transport(), base_url="http://sandbox", headers={"Authorization": sandbox.api_key}
        ) as http,
        Client(server) as client,
    ):
        for label, job_id in JOBS.items():
            times: list[float] = []
            for _ in range(RUNS):
                start = time.perf_counter()
                response = await http.get(f"/v1/flow/data-jobs/{job_id}")
                times.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
            raw = len(response.content)
            rows.append(Row(label, "GET /v1/flow/data-jobs/{id} (raw)", raw, 0, 0, statistics.median(times)))
            rows.append(await _measure(client, label, "get_data_job", {"job_id": job_id, "detail": "summary"}, raw))
            rows.append(await _measure(client, label, "summarize_failures", {"job_id": job_id}, raw))
        rows.append(await _measure(client, "all jobs", "list_data_jobs", {}, None))
    return rows


def report(rows: list[Row]) -> None:
    head = (
        f"{'job':<20} {'call':<34} {'raw B':>9} {'text ch':>8} {'text/raw':>8} "
        f"{'struct B':>9} {'struct/raw':>10} {'ms':>7}  text≤{BUDGET:,}  ≤{TIME_TARGET_MS:.0f} ms"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        if r.call.startswith("GET"):  # the payload itself: only its size and the sandbox's time to serve it
            print(
                f"{r.job:<20} {r.call:<34} {r.raw_bytes:>9,} {'-':>8} {'-':>8} {'-':>9} {'-':>10} {r.median_ms:>7.1f}"
            )
            continue
        raw = f"{r.raw_bytes:,}" if r.raw_bytes else "-"
        text_ratio = f"{r.text_chars / r.raw_bytes:.3f}" if r.raw_bytes else "-"
        struct_ratio = f"{r.structured_bytes / r.raw_bytes:.3f}" if r.raw_bytes else "-"
        size_ok = "PASS" if r.text_chars <= BUDGET else "FAIL"
        time_ok = "PASS" if r.median_ms <= TIME_TARGET_MS else "FAIL"
        print(
            f"{r.job:<20} {r.call:<34} {raw:>9} {r.text_chars:>8,} {text_ratio:>8} "
            f"{r.structured_bytes:>9,} {struct_ratio:>10} {r.median_ms:>7.1f}  {size_ok:<11}  {time_ok}"
        )
    print(
        f"\nraw = body of GET /v1/flow/data-jobs/{{id}}; struct = compact JSON of structured_content; "
        f"ms = median of {RUNS} calls through the in-memory MCP Client\n(the GET row: straight to the sandbox; "
        "every tool call on a job includes one such GET)."
    )
    print(
        f"Targets: text ≤ {BUDGET:,} characters per result (triage/render.py BUDGET); "
        f"≤ {TIME_TARGET_MS:.0f} ms per call in-process."
    )


def main() -> None:
    report(anyio.run(measure))


if __name__ == "__main__":
    main()
