"""Many people at once on one server over streamable HTTP, and on two replicas behind a
round-robin proxy: 50 concurrent MCP clients make 2,000 tool calls in all, against
bench/upstream.py answering after 50 ms.

Each server is `seekrflow-mcp serve --transport http` in a process of its own; the clients
(the official `Client` over `streamable_http_client`) and the proxy run in this one. Prints
calls per second, p50/p95/p99 latency, errors, and each server's resident memory after a
warm-up and at the end, beside the targets. Exits 1 when a target is missed.

    python bench/load.py [--clients 50] [--calls 2000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, ExitStack, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx2
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

import upstream
from roundrobin import RoundRobin

COMMAND = str(Path(sys.executable).parent / "seekrflow-mcp")
HERE = Path(__file__).resolve().parent
P95_TARGET_MS = 250.0
GROWTH_TARGET = 0.10
WARM_UP_CALLS = 500
HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
# What an assistant asks while troubleshooting, in turn: reads of jobs and their failures.
Calls = tuple[tuple[str, dict[str, Any]], ...]
# The floor: the bare server's trivial tool, over the same transport and clients.
PING: Calls = (("ping", {}),)
CALLS: Calls = (
    ("get_data_job", {"job_id": "dj-scale-100"}),
    ("summarize_failures", {"job_id": "dj-scale-100"}),
    ("get_data_job", {"job_id": "dj-scale-200"}),
    ("list_data_jobs", {"limit": 10}),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(upstream_url: str | None) -> Iterator[tuple[str, int]]:
    """One replica in its own process (None: the bare server); yields its base URL and pid once it
    answers /health."""
    port = free_port()
    env = {
        **os.environ,
        "SEEKR_API_KEY": upstream.KEY,
        "SEEKR_BASE_URL": upstream_url or "",
        "SEEKRFLOW_MCP_REQUEST_STATE_KEY": "bench-request-state-key-0123456789abcdef",
        "SEEKRFLOW_MCP_LOG_LEVEL": "ERROR",
    }
    command = [COMMAND, "serve", "--transport", "http", "--host", "127.0.0.1", "--port", str(port)]
    if upstream_url is None:
        command = [sys.executable, str(HERE / "bare_server.py"), "--http", str(port)]
    process = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx2.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(30)


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


@asynccontextmanager
async def proxied(replicas: list[str]) -> AsyncIterator[str]:
    proxy = RoundRobin(replicas)
    config = uvicorn.Config(proxy, host="127.0.0.1", port=free_port(), log_level="error", lifespan="off")
    front = uvicorn.Server(config)
    async with anyio.create_task_group() as group:
        group.start_soon(front.serve)
        while not front.started:
            await anyio.sleep(0.01)
        try:
            yield f"http://127.0.0.1:{config.port}"
        finally:
            front.should_exit = True
            await proxy.aclose()


async def check(url: str) -> None:
    """One conversation through the official `Client`, so that the raw calls below are known to
    be what a client sends."""
    async with (
        httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=300)) as http,
        Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client,
    ):
        for tool, arguments in CALLS:
            result = await client.call_tool(tool, arguments)
            if result.is_error:
                raise SystemExit(f"{tool} failed: {result.content}")


async def call(http: httpx2.AsyncClient, url: str, n: int, calls: Calls) -> bool:
    """One `tools/call` as a stateless client posts it, its SSE answer read to the result; whether
    it answered without error."""
    tool, arguments = calls[n % len(calls)]
    message = {"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {"name": tool, "arguments": arguments}}
    response = await http.post(f"{url}/mcp", content=json.dumps(message), headers=HEADERS)
    data = [line[5:] for line in response.text.splitlines() if line.startswith("data:")]
    if response.status_code != 200 or not data:
        return False
    answer = json.loads(data[-1])
    return "result" in answer and not answer["result"].get("isError")


async def run(url: str, clients: int, calls: int, mix: Calls = CALLS) -> tuple[list[float], int, float]:
    """`calls` tool calls shared by `clients` concurrent clients; the latencies (ms), the errors,
    the wall time (s). The clients post JSON-RPC themselves: the official `Client` validates each
    result against its schema, and on two cores its work would be measured as the server's."""
    latencies: list[float] = []
    errors = 0
    remaining = iter(range(calls))

    async def person() -> None:
        nonlocal errors
        async with httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=300)) as http:
            for n in remaining:
                started = time.perf_counter()
                try:
                    errors += not await call(http, url, n, mix)
                except httpx2.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    async with anyio.create_task_group() as group:
        for _ in range(clients):
            group.start_soon(person)
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


async def measure(label: str, url: str, pids: list[int], args: argparse.Namespace) -> bool:
    await check(url)
    await run(url, args.clients, WARM_UP_CALLS)
    before = [rss_mib(pid) for pid in pids]
    cpu = sum(cpu_seconds(pid) for pid in pids)
    latencies, errors, wall = await run(url, args.clients, args.calls)
    cpu = sum(cpu_seconds(pid) for pid in pids) - cpu
    after = [rss_mib(pid) for pid in pids]
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    growth = max((a - b) / b for a, b in zip(after, before, strict=True))
    memory = ", ".join(f"{b:.0f} → {a:.0f} MiB" for b, a in zip(before, after, strict=True))
    met = errors == 0 and p95 <= P95_TARGET_MS and growth <= GROWTH_TARGET
    rate = len(latencies) / wall
    print(f"{label}: {len(latencies)} calls by {args.clients} clients in {wall:.1f} s = {rate:.0f} calls/s")
    print(f"  server CPU {cpu / len(latencies) * 1000:.1f} ms a call ({cpu / wall:.0%} of one core on average)")
    print(f"  latency p50 {p50:.0f} ms, p95 {p95:.0f} ms (target ≤ {P95_TARGET_MS:.0f}), p99 {p99:.0f} ms")
    print(f"  errors {errors} (target 0); memory after warm-up → end: {memory}, growth {growth:+.1%} (target ≤ 10%)")
    print(f"  {'met' if met else 'MISSED'}")
    return met


async def floor(args: argparse.Namespace) -> None:
    """The SDK's own ceiling on this machine: no SeekrFlow, no work, the same clients."""
    with server(None) as (url, pid):
        await run(url, args.clients, WARM_UP_CALLS, PING)
        cpu = cpu_seconds(pid)
        latencies, errors, wall = await run(url, args.clients, args.calls, PING)
        cpu = cpu_seconds(pid) - cpu
    p50, p95 = (percentile(latencies, p) for p in (50, 95))
    print(
        f"floor, a bare MCPServer's trivial tool: {len(latencies) / wall:.0f} calls/s, server CPU "
        f"{cpu / len(latencies) * 1000:.1f} ms a call, p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {errors}"
    )


async def main(args: argparse.Namespace) -> int:
    print(
        f"load: {args.clients} clients, {args.calls} calls, upstream latency {args.latency * 1000:.0f} ms, "
        f"{os.cpu_count()} cores; the clients and the proxy share this process"
    )
    await floor(args)
    results = []
    with ExitStack() as stack:
        base = stack.enter_context(upstream.start(args.latency))
        one = stack.enter_context(server(base))
        results.append(await measure("one server", one[0], [one[1]], args))
        two = [stack.enter_context(server(base)) for _ in range(2)]
        async with AsyncExitStack() as astack:
            url = await astack.enter_async_context(proxied([u for u, _ in two]))
            results.append(await measure("two replicas, round robin", url, [p for _, p in two], args))
    return 0 if all(results) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05)
    sys.exit(anyio.run(main, parser.parse_args()))
