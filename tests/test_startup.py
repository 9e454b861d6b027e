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


LISTED = """
import sys
import anyio
from seekrflow_mcp.config import load_settings
from seekrflow_mcp.server import {build}
server = {build}(load_settings())
anyio.run(server.list_tools)
print(" ".join(sorted(m for m in sys.modules if m.startswith("seekrflow_mcp."))))
"""


@pytest.mark.parametrize("build", ["build_server", "sandbox_server"])
def test_tools_list_is_answered_without_importing_a_tool(build: str, tmp_path: Path) -> None:
    # What start-up would otherwise spend most of its time on (bench/cold_start.py): the tools,
    # triage, render and the API models wait for the first call (`startup`).
    env = {"SEEKR_API_KEY": "sk-test", "SEEKR_BASE_URL": "http://127.0.0.1:9", "XDG_CONFIG_HOME": str(tmp_path)}
    code = LISTED.format(build=build)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == [
        "seekrflow_mcp.apps",
        "seekrflow_mcp.config",
        "seekrflow_mcp.logs",
        "seekrflow_mcp.seekrflow",
        "seekrflow_mcp.seekrflow.ids",
        "seekrflow_mcp.seekrflow.options",
        "seekrflow_mcp.server",
        "seekrflow_mcp.startup",
        "seekrflow_mcp.tool_list",
    ]
