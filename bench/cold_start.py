"""How much longer than a bare MCP server does seekrflow-mcp take to start?

A host spawns the server over stdio at the start of every session, so its start-up is paid
each time. This spawns `seekrflow-mcp serve` (against bench/upstream.py) and `seekrflow-mcp
serve --demo`, and bench/bare_server.py (an `MCPServer` with one trivial tool), interleaved,
and measures from spawn until tools/list is answered. Nearly all of the bare server's time
is importing the SDK, which no server built on it avoids; the figure is the ratio of medians.
Beside it, the CPU time each server had used by then: the same ratio, steadier under load.

    python bench/cold_start.py [--runs 15] [--compare /work/wt-base/.venv/bin/python]

Runs under any checkout's interpreter (it uses the `seekrflow-mcp` next to `sys.executable`),
so `/work/wt-base/.venv/bin/python bench/cold_start.py` gives the figures before a change;
`--compare` adds another checkout's servers to the same interleaved runs, which on a busy
machine is the fairer before/after.
Exits 1 when a ratio misses its target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import pipe
import upstream

TARGET = 1.08
HERE = Path(__file__).resolve().parent
COMMAND = str(Path(sys.executable).parent / "seekrflow-mcp")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another checkout's python, timed in the same runs")
    args = parser.parse_args()
    runs = args.runs
    with upstream.start() as url, tempfile.TemporaryDirectory() as config_home:
        # An empty XDG_CONFIG_HOME: no config file of this machine's user is read.
        env = {"SEEKR_API_KEY": upstream.KEY, "SEEKR_BASE_URL": url, "XDG_CONFIG_HOME": config_home}
        commands = {
            "bare MCPServer, one tool": [sys.executable, str(HERE / "bare_server.py")],
            "seekrflow-mcp serve": [COMMAND, "serve"],
            "seekrflow-mcp serve --demo": [COMMAND, "serve", "--demo"],
        }
        if args.compare:
            other = str(args.compare.parent / "seekrflow-mcp")
            commands |= {"compared: serve": [other, "serve"], "compared: serve --demo": [other, "serve", "--demo"]}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        pipe.until_listed(commands["bare MCPServer, one tool"], env)  # warm the file cache
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(pipe.until_listed(command, env))
    medians = {name: statistics.median(wall for wall, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(used for _, used in t) for name, t in times.items()}
    floor = medians["bare MCPServer, one tool"]
    cpu_floor = cpu["bare MCPServer, one tool"] or 1.0
    print(f"{sys.executable}: spawn -> tools/list answered, median of {runs} interleaved runs")
    if args.compare:
        print(f"compared: {args.compare}")
    print(f"{'server':<30} {'median s':>8}  {'x bare':>6}  {'target':>6}  verdict  {'CPU s':>5}  {'x bare':>6}")
    missed = False
    for name, median in medians.items():
        if name == "bare MCPServer, one tool":
            print(f"{name:<30} {median:>8.3f}  {'':>6}  {'':>6}  {'':>7}  {cpu[name]:>5.2f}")
            continue
        ratio = median / floor
        missed |= ratio > TARGET and not name.startswith("compared")
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        cpu_ratio = cpu[name] / cpu_floor
        figures = f"{median:>8.3f}  {ratio:>6.2f}  {TARGET:>6.2f}  {verdict:<7}  {cpu[name]:>5.2f}  {cpu_ratio:>6.2f}"
        print(f"{name:<30} {figures}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
