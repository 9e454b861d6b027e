"""What does one get_data_job call cost beyond the SDK and the network?

Spawns `seekrflow-mcp serve` against bench/upstream.py and bench/bare_server.py, both over
stdio, and times, interleaved: `get_data_job` on a 200-file job; the bare server's trivial
tool (the SDK's and the pipe's share of a round trip); and a plain httpx2 GET of the same
job's body (the network's share). The figure is the first median minus the other two: the
time this server spends on its own work per call.

    python bench/call_overhead.py [--runs 60] [--compare /work/wt-base/.venv/bin/python]

Runs under any checkout's interpreter (it uses the `seekrflow-mcp` next to `sys.executable`),
so `/work/wt-base/.venv/bin/python bench/call_overhead.py` gives the figure before a change;
`--compare` times another checkout's server in the same interleaved runs.
Exits 1 when it misses its target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2

import pipe
import upstream

TARGET_MS = 3.0
JOB = "dj-scale-200"
WARM_UP = 5
HERE = Path(__file__).resolve().parent
COMMAND = str(Path(sys.executable).parent / "seekrflow-mcp")


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--compare", type=Path, help="another checkout's python, timed in the same runs")
    args = parser.parse_args()
    runs = args.runs
    with upstream.start() as url, tempfile.TemporaryDirectory() as config_home:
        env = {"SEEKR_API_KEY": upstream.KEY, "SEEKR_BASE_URL": url, "XDG_CONFIG_HOME": config_home}
        ours = pipe.Pipe([COMMAND, "serve"], env)
        bare = pipe.Pipe([sys.executable, str(HERE / "bare_server.py")])
        servers = {"get_data_job, 200 files": ours}
        if args.compare:
            servers["compared: get_data_job"] = pipe.Pipe([str(args.compare.parent / "seekrflow-mcp"), "serve"], env)
        raw = httpx2.Client(base_url=url, headers={"Authorization": upstream.KEY, "Accept": "application/json"})
        try:
            for server in (*servers.values(), bare):
                server.initialize()

            def job(server: pipe.Pipe) -> Callable[[], None]:
                def call() -> None:
                    if server.call("get_data_job", {"job_id": JOB}).get("isError"):
                        raise SystemExit(f"get_data_job({JOB}) answered an error")

                return call

            def ping() -> None:
                bare.call("ping", {})

            def get() -> None:
                raw.get(f"/v1/flow/data-jobs/{JOB}").raise_for_status()

            measures = {name: job(server) for name, server in servers.items()}
            measures |= {"trivial tool, bare server": ping, "httpx2 GET of the body": get}
            times: dict[str, list[float]] = {name: [] for name in measures}
            for _ in range(WARM_UP):
                for call in measures.values():
                    call()
            for _ in range(runs):
                for name, call in measures.items():
                    times[name].append(timed(call))
        finally:
            raw.close()
            for server in (*servers.values(), bare):
                server.close()
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"{sys.executable}: round trips over stdio, median of {runs} interleaved runs")
    for name, median in medians.items():
        print(f"{name:<40} {median:>8.2f} ms")
    floor = medians["trivial tool, bare server"] + medians["httpx2 GET of the body"]
    overhead = {name: medians[name] - floor for name in servers}
    for name, ms in overhead.items():
        verdict = "PASS" if ms <= TARGET_MS else "FAIL"
        print(f"{'overhead, ' + name:<40} {ms:>8.2f} ms  target <= {TARGET_MS:.0f} ms  {verdict}")
    print("(overhead: the call's median minus the trivial tool's and the GET's)")
    sys.exit(0 if overhead["get_data_job, 200 files"] <= TARGET_MS else 1)


if __name__ == "__main__":
    main()
