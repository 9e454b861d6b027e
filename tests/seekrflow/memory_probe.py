"""Run by `test_memory.py` in a process of its own, so that no earlier test's memory hides this
call's peak: the server with the default settings reads one job from the upstream at `argv[1]`
through the MCP `Client` in memory, and prints the peak growth of this process's resident
memory during the call, the body's size, and whether the call succeeded, as JSON."""

import gc
import json
import sys
from pathlib import Path

import anyio
import httpx2
from mcp import Client

from seekrflow_mcp.config import Settings
from seekrflow_mcp.server import build_server


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


async def probe(url: str, job_id: str) -> dict[str, object]:
    async with Client(build_server(Settings(api_key="sk-bench", base_url=url))) as client:
        # Warm: imports and schemas are not the call's memory.
        await client.call_tool("get_data_job", {"job_id": "dj-scale-100"})
        gc.collect()
        Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS (Linux >= 4.0)
        before = _status("VmRSS")
        result = await client.call_tool("get_data_job", {"job_id": job_id})
        growth = _status("VmHWM") - before
        ok = not result.is_error
        del result
    async with httpx2.AsyncClient(base_url=url, timeout=120) as http:
        body = len((await http.get(f"/v1/flow/data-jobs/{job_id}")).content)
    return {"growth": growth, "body": body, "ok": ok}


if __name__ == "__main__":
    print(json.dumps(anyio.run(probe, sys.argv[1], sys.argv[2])))
