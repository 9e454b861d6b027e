"""Start-up does only what answering `initialize` and tools/list needs: the HTTP client, its
TLS set-up and the demo's sandbox wait for the first call (bench/cold_start.py measures it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DEFERRED = ("httpcore2", "seekrflow_sandbox", "pydantic_settings", "dotenv", "opentelemetry.sdk")
BUILD = """
import sys
from seekrflow_mcp.config import load_settings
from seekrflow_mcp.seekrflow.client import SeekrFlowClient
from seekrflow_mcp.server import build_server, sandbox_server
settings = load_settings()
server = {build}
client = SeekrFlowClient(settings.client_options())
print(" ".join(m for m in {deferred!r} if m in sys.modules))
"""


@pytest.mark.parametrize("build", ["build_server(settings)", "sandbox_server(settings)"])
def test_building_the_server_imports_nothing_only_a_call_needs(build: str, tmp_path: Path) -> None:
    env = {"SEEKR_API_KEY": "sk-test", "SEEKR_BASE_URL": "http://127.0.0.1:9", "XDG_CONFIG_HOME": str(tmp_path)}
    code = BUILD.format(build=build, deferred=DEFERRED)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == []
