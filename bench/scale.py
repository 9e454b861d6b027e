"""How do `get_data_job` and `summarize_failures` scale from 100 to 100,000 files?

Against `upstream.py` in its own process (jobs `dj-scale-{n}`), each size measured in a fresh
process of its own, so that one size's memory does not pollute the next. The server runs in
that process, driven by the official MCP `Client` in memory. Per size and tool:

- end-to-end: the tool call, median;
- server-side: the call minus a raw httpx2 GET of the same body (the median of each, the GET
  made after each run's calls, so that a busy spell weighs on both; 9 runs, 3 at 100,000);
- text (characters) and structured content (compact JSON, bytes);
- peak RSS growth of the process during a call (`VmHWM`, reset before each call; the most of
  any run), and its multiple of the body.

Targets: server-side <= 1 s at 100,000 files, growth time(100k)/time(10k) <= 11, peak memory
at 100,000 <= 3x the body, and the default `max_response_mb` reads the 100,000-file body.
Prints each figure beside its target; exits 1 when one misses. Runs under any checkout's
interpreter (`/work/wt-base/.venv/bin/python bench/scale.py` gives the before figures):

    python bench/scale.py [--sizes 100,1000]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client

import upstream
from seekrflow_mcp.config import Settings
from seekrflow_mcp.server import build_server

TOOLS = ("get_data_job", "summarize_failures")
RUNS = {100: 9, 1_000: 9, 10_000: 9, 100_000: 3}
SERVER_SIDE_TARGET_S = 1.0
GROWTH_TARGET = 11.0
MEMORY_TARGET = 3.0  # peak RSS growth as a multiple of the body
MIB = 1024 * 1024


def _status(field: str) -> int:
    """A `/proc/self/status` figure, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise SystemExit(f"no {field} in /proc/self/status: this script needs Linux")


def _reset_peak() -> None:
    # Writing 5 resets VmHWM to the current RSS (Linux >= 4.0).
    Path("/proc/self/clear_refs").write_text("5")


def _compact(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


async def _get(http: httpx2.AsyncClient, job_id: str) -> tuple[float, int]:
    """One plain GET of the job's body: its time and the body's size."""
    start = time.perf_counter()
    response = await http.get(f"/v1/flow/data-jobs/{job_id}")
    return time.perf_counter() - start, len(response.content)


async def _call(client: Client, tool: str, job_id: str) -> tuple[float, int, Any]:
    """One tool call: its time, the peak RSS growth during it, and its result."""
    gc.collect()
    _reset_peak()
    before = _status("VmRSS")
    start = time.perf_counter()
    result = await client.call_tool(tool, {"job_id": job_id})
    seconds = time.perf_counter() - start
    if result.is_error:
        raise SystemExit(f"{tool}({job_id}) failed: {result.content}")
    return seconds, _status("VmHWM") - before, result


async def measure(url: str, size: int) -> dict[str, Any]:
    """One size, in this process: each tool and the raw GET, interleaved run by run, so that a
    busy spell of the machine weighs on both sides of the subtraction alike."""
    runs = RUNS.get(size, 3)
    job_id = f"dj-scale-{size}"
    settings = Settings(api_key="sk-bench", base_url=url, max_response_mb=1024)
    times: dict[str, list[float]] = {tool: [] for tool in TOOLS}
    peaks = dict.fromkeys(TOOLS, 0)
    raw: list[float] = []
    results: dict[str, Any] = {}
    body = 0
    async with (
        Client(build_server(settings)) as client,
        httpx2.AsyncClient(base_url=url, headers={"Authorization": upstream.KEY}, timeout=120) as http,
    ):
        # Warm: imports, schemas and the connection are not what is measured.
        for tool in TOOLS:
            await client.call_tool(tool, {"job_id": "dj-scale-100"})
        for _ in range(runs):
            for tool in TOOLS:
                seconds, peak, results[tool] = await _call(client, tool, job_id)
                times[tool].append(seconds)
                peaks[tool] = max(peaks[tool], peak)
            seconds, body = await _get(http, job_id)
            raw.append(seconds)
    figures = {}
    for tool in TOOLS:
        text = "".join(block.text for block in results[tool].content if block.type == "text")
        figures[tool] = {
            "seconds": statistics.median(times[tool]),
            "text": len(text),
            "structured": _compact(results[tool].structured_content),
            "peak": peaks[tool],
        }
    return {"size": size, "body": body, "raw": statistics.median(raw), "tools": figures}


def _row(size: int, body: int, raw: float, tool: str, f: dict[str, Any]) -> tuple[str, bool]:
    server = f["seconds"] - raw
    ratio = f["peak"] / body
    ok = size < 100_000 or (server <= SERVER_SIDE_TARGET_S and ratio <= MEMORY_TARGET)
    line = (
        f"{size:>7,} {tool:<19} {f['seconds'] * 1000:>9.0f} {raw * 1000:>7.0f} {server * 1000:>9.0f} "
        f"{f['text']:>6,} {f['structured']:>11,} {f['peak'] / MIB:>8.0f} {body / MIB:>6.1f} {ratio:>5.1f}x"
    )
    if size == 100_000:
        line += f"   (targets: server-side <= {SERVER_SIDE_TARGET_S * 1000:.0f} ms, peak <= {MEMORY_TARGET:.0f}x)"
    return line + ("" if ok else "   MISS"), ok


def report(results: list[dict[str, Any]]) -> bool:
    print(
        f"{'files':>7} {'tool':<19} {'call ms':>9} {'GET ms':>7} {'server ms':>9} {'text':>6} {'structured':>11} "
        f"{'peak MiB':>8} {'body':>6} {'xbody':>6}"
    )
    ok = True
    server: dict[tuple[int, str], float] = {}
    for r in results:
        for tool, f in r["tools"].items():
            line, fine = _row(r["size"], r["body"], r["raw"], tool, f)
            ok &= fine
            server[r["size"], tool] = f["seconds"] - r["raw"]
            print(line)
    for tool in TOOLS:
        if (10_000, tool) in server and (100_000, tool) in server:
            growth = server[100_000, tool] / max(server[10_000, tool], 1e-9)
            fine = growth <= GROWTH_TARGET
            ok &= fine
            miss = "" if fine else "   MISS"
            target = f"(target <= {GROWTH_TARGET:.0f})"
            print(f"growth of server-side time(100k)/time(10k), {tool}: {growth:.1f} {target}{miss}")
    bodies = {r["size"]: r["body"] for r in results}
    if 100_000 in bodies:
        default = Settings().max_response_mb
        fine = default * MIB >= bodies[100_000]
        ok &= fine
        reads = "yes" if fine else "no"
        print(f"default max_response_mb {default} reads the 100,000-file body: {reads} (target: yes)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(str(n) for n in upstream.SIZES))
    parser.add_argument("--url", help=argparse.SUPPRESS)  # set in the process that measures one size
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.url:
        print(json.dumps(anyio.run(measure, args.url, args.size)))
        return
    results: list[dict[str, Any]] = []
    with upstream.start() as url:
        for size in (int(n) for n in args.sizes.split(",")):
            child = subprocess.run(
                [sys.executable, __file__, "--url", url, "--size", str(size)],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode != 0:
                raise SystemExit(f"measuring {size:,} files failed:\n{child.stderr}")
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(f"python: {sys.executable}")
    sys.exit(0 if report(results) else 1)


if __name__ == "__main__":
    main()
