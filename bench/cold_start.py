"""How long does an MCP host wait before seekrflow-mcp is usable?

A host spawns `seekrflow-mcp serve --demo` over stdio at the start of a session, so its
start-up is paid every time. This script spawns it with the official MCP `Client` (as a
host would) and measures, from spawn, the time until the session is initialized and
tools/list has answered, and until the first `get_data_job` answers; median of 5 runs.

For reference it also times, inside fresh interpreters, the imports that dominate start-up:
the MCP SDK's server (`mcp.server.mcpserver`) and this server's tools module
(`seekrflow_mcp.tools`, SDK included). Target: 1.5 s to the first tools/list answer.
Figures only; exits 0.

The floor: a bare `MCPServer` (mcp 2.x) spawned over stdio answers tools/list about
0.55-0.65 s after spawn on a quiet box, up to about 1 s under load, whichever way the
`Client` connects. Nearly all of it is importing `mcp.server.mcpserver` (0.53-0.73 s
in-process; it pulls in the client stack and `mcp_types`, ~0.2 s alone), and the SDK has no
lazy-import switch: no server built on it starts faster.

    python bench/cold_start.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

from seekrflow_sandbox import world

RUNS = 5
FLOOR_S = 0.6  # spawn -> tools/list answered for a bare MCPServer on a quiet box (see the docstring)
TARGET_S = 1.5
COMMAND = str(Path(sys.executable).parent / "seekrflow-mcp")


async def one_run() -> tuple[float, float]:
    """(seconds to initialized + tools/list answered, seconds to the first get_data_job answer)."""
    start = time.perf_counter()
    async with Client(StdioServerParameters(command=COMMAND, args=["serve", "--demo"])) as client:
        tools = await client.list_tools()
        listed = time.perf_counter() - start
        result = await client.call_tool("get_data_job", {"job_id": world.NEEDS_REVIEW_JOB})
        answered = time.perf_counter() - start
    if len(tools.tools) != 5 or result.is_error:
        raise SystemExit(f"unexpected answer: {len(tools.tools)} tools, get_data_job is_error={result.is_error}")
    return listed, answered


def import_time(module: str) -> float:
    """Seconds a fresh interpreter spends importing `module` (start-up and exit left out)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def main() -> None:
    runs = [anyio.run(one_run) for _ in range(RUNS)]
    listed = statistics.median(r[0] for r in runs)
    answered = statistics.median(r[1] for r in runs)
    sdk = statistics.median(import_time("mcp.server.mcpserver") for _ in range(RUNS))
    ours = statistics.median(import_time("seekrflow_mcp.tools") for _ in range(RUNS))

    def verdict(seconds: float) -> str:
        return "PASS" if seconds <= TARGET_S else "FAIL"

    print(f"{COMMAND} serve --demo over stdio, median of {RUNS} runs (each run's figures in brackets)")
    print(f"{'measure':<48} {'median s':>8}  {'floor s':>7}  {'target s':>8}  verdict")
    print(
        f"{'spawn -> initialized + tools/list answered':<48} {listed:>8.2f}  {FLOOR_S:>7.2f}  {TARGET_S:>8.2f}  "
        f"{verdict(listed)}  [{', '.join(f'{r[0]:.2f}' for r in runs)}]"
    )
    print(
        f"{'spawn -> first get_data_job answered':<48} {answered:>8.2f}  {'-':>7}  {TARGET_S:>8.2f}  "
        f"{verdict(answered)}  [{', '.join(f'{r[1]:.2f}' for r in runs)}]"
    )
    print(f"{'import mcp.server.mcpserver (in a fresh python)':<48} {sdk:>8.2f}")
    print(f"{'import seekrflow_mcp.tools (in a fresh python)':<48} {ours:>8.2f}")
    print(
        f"\nFloor: spawn -> tools/list for a bare MCPServer, ~{FLOOR_S} s on a quiet box "
        f"(up to ~1 s under load). Target: {TARGET_S} s."
    )


if __name__ == "__main__":
    main()
