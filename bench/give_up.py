"""How long does a call take to give up when SeekrFlow keeps failing, with the default settings?

Drives `get_data_job` through the real MCP `Client` against the sandbox, every request of the
call failing the same way, on the sandbox's fake clock: every backoff, `Retry-After` and read
timeout is waited on that clock, so the figures are the seconds a user would wait, exactly,
without waiting them. Then the same call again at once, inside the fail-fast window. Target:
every first call gives up within `call_budget` (30 s), every second one within the quick
attempt's timeout (5 s), except after a 429: rate limiting is SeekrFlow answering, not failing,
so it never starts the fail-fast window and each call honours `Retry-After` again. Exits non-zero
when a figure misses its target.

    python bench/give_up.py
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import anyio
import anyio.lowlevel

from seekrflow_mcp.config import Settings
from seekrflow_mcp.seekrflow.exchange import QUICK
from seekrflow_mcp.server import sandbox_server
from seekrflow_sandbox import FakeClock, Fault, Sandbox, world

START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
FAULTS = {
    "connection refused": Fault(kind="connect_error"),
    "read timeout (no answer for 10 min)": Fault(kind="stall", seconds=600),
    "503": Fault(kind="status", status=503),
    "503, Retry-After: 20": Fault(kind="status", status=503, retry_after="20"),
    "429, Retry-After: 10": Fault(kind="status", status=429, retry_after="10"),
    "connection reset mid-body": Fault(kind="reset"),
    "HTML gateway page (502)": Fault(kind="html", status=502),
}


async def seconds_to_give_up(fault: Fault) -> tuple[float, float, str]:
    sandbox = Sandbox(clock=FakeClock(START))
    clock = sandbox.clock
    assert isinstance(clock, FakeClock)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
        await anyio.lowlevel.checkpoint()

    sandbox.faults.sleep = sleep
    for _ in range(50):
        sandbox.faults.push(fault)
    from mcp import Client

    times: list[float] = []
    said = ""
    async with Client(sandbox_server(Settings(log_level="ERROR"), sandbox, sleep)) as client:
        for _ in range(2):
            before = clock.now()
            result = await client.call_tool("get_data_job", {"job_id": world.NEEDS_REVIEW_JOB})
            times.append((clock.now() - before).total_seconds())
            assert result.is_error, "the fault did not make the call fail"
            said = said or result.content[0].text  # type: ignore[union-attr]
    return times[0], times[1], said


async def main() -> int:
    budget = Settings().call_budget
    missed = 0
    print(f"{'upstream':38} {'first call':>11} {'next call':>10}   target: ≤ {budget:.0f} s, then ≤ {QUICK:.0f} s")
    for name, fault in FAULTS.items():
        first, second, _ = await seconds_to_give_up(fault)
        ok = first <= budget and (second <= QUICK or (fault.status == 429 and second <= budget))
        missed += not ok
        print(f"{name:38} {first:>9.1f} s {second:>8.1f} s   {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(anyio.run(main))
