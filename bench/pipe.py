"""A minimal MCP host for the benchmarks: spawns a server and speaks JSON-RPC over its stdio.

The official `Client` would add its own work to every figure (it validates each result
against the tool's output schema with jsonschema); this measures the server alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Mapping, Sequence
from typing import Any

PROTOCOL = "2025-11-25"


class Pipe:
    """One spawned server: `request` sends a call and blocks for its answer."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        self._next = 0

    def request(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self._next += 1
        self._send({"jsonrpc": "2.0", "id": self._next, "method": method, "params": params or {}})
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit(f"the server exited before answering {method}")
            message: dict[str, Any] = json.loads(line)
            if message.get("id") == self._next:
                if "error" in message:
                    raise SystemExit(f"{method} failed: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def initialize(self) -> None:
        self.request(
            "initialize",
            {"protocolVersion": PROTOCOL, "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}},
        )
        self._send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def call(self, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        return self.request("tools/call", {"name": tool, "arguments": arguments})

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()


def until_listed(command: Sequence[str], env: Mapping[str, str] | None = None) -> tuple[float, float]:
    """Seconds from spawn until tools/list is answered, and the CPU seconds the server used by
    then (0 where /proc is missing): on a busy machine the second is far steadier."""
    pipe = Pipe(command, env)
    try:
        pipe.initialize()
        if not pipe.request("tools/list")["tools"]:
            raise SystemExit(f"{command[-1]} lists no tools")
        wall = time.perf_counter() - pipe.started
        return wall, cpu_seconds(pipe.process.pid)
    finally:
        pipe.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc (10 ms ticks)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime are the 14th and 15th fields; the split starts at the 3rd.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
