"""Peak memory of reading a 100,000-file job, end to end: SeekrFlow's stand-in (`bench/upstream.py`)
in one process, the server with its default settings in another, called through the MCP `Client`."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The bound of the performance issue: peak memory growth of the call at most 3x the body.
MULTIPLE = 3.0


def _upstream() -> ModuleType:
    spec = importlib.util.spec_from_file_location("upstream", ROOT / "bench" / "upstream.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="measures with Linux's /proc")
def test_a_100000_file_job_is_read_within_3x_its_body() -> None:
    with _upstream().start() as url:
        child = subprocess.run(
            [sys.executable, "-m", "tests.seekrflow.memory_probe", url, "dj-scale-100000"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert child.returncode == 0, child.stderr
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    assert figures["ok"], "the default settings read the job (its body is ~88 MiB)"
    assert figures["body"] > 80 * 1024 * 1024
    assert figures["growth"] <= MULTIPLE * figures["body"], (
        f"peak growth {figures['growth'] / 2**20:.0f} MiB for a {figures['body'] / 2**20:.0f} MiB body"
    )
