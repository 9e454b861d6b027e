"""The install itself: the wheel built from this tree, installed into a fresh virtual
environment with its dependencies from the package index, runs the demo, `python -m
seekrflow_mcp`, and answers tools/list to the MCP Inspector's CLI, a client we did not write.

Slow (~40 s with warm pip and npm caches; the first run downloads the dependencies and the
Inspector): the wheel is built and installed once for the module. `-m "not slow"` leaves it out."""

import json
import os
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
INSPECTOR = "@modelcontextprotocol/inspector@2.12.0"
TOOLS = [
    "list_data_jobs",
    "get_data_job",
    "summarize_failures",
    "wait_for_ingestion",
    "list_files",
    "add_files",
    "remove_files",
    "retry_failed_files",
    "start_alignment",
    "refresh_data_job",
]


@dataclass(frozen=True)
class Installed:
    wheel: Path
    bin: Path  # the fresh environment's scripts folder


def run(*command: str | Path, timeout: float = 300) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEEKR", "VIRTUAL_ENV", "PYTHON"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, check=False
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("install")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp / "dist", ROOT)
    (wheel,) = (tmp / "dist").glob("*.whl")
    run(sys.executable, "-m", "venv", tmp / "venv")
    scripts = tmp / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    run(scripts / "python", "-m", "pip", "install", "--quiet", wheel)
    return Installed(wheel, scripts)


def test_the_wheel_carries_the_license_urls_and_a_short_summary(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
        info = f"seekrflow_mcp-{PROJECT['version']}.dist-info"
        metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode())
        assert wheel.read(f"{info}/licenses/LICENSE").decode().startswith("MIT License")
    assert {name.split("/")[0] for name in names} == {"seekrflow_mcp", "seekrflow_sandbox", info}
    assert "seekrflow_mcp/__main__.py" in names
    assert metadata["Summary"] == PROJECT["description"]
    assert len(metadata["Summary"]) <= 100
    assert metadata["License-Expression"] == "MIT"
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert urls["Repository"] == PROJECT["urls"]["Repository"]
    assert metadata["Keywords"]
    assert "Programming Language :: Python :: 3.11" in metadata.get_all("Classifier")
    assert "otel" in metadata.get_all("Provides-Extra")
    requires = metadata.get_all("Requires-Dist")
    assert any(r.startswith("opentelemetry-api") for r in requires)
    assert not [r for r in requires if r.startswith("opentelemetry-sdk") and "extra ==" not in r]


def test_the_installed_command_plays_the_demo(installed: Installed) -> None:
    out = run(installed.bin / "seekrflow-mcp", "demo")
    assert out.count("User: ") == 6
    assert out.rstrip().endswith("`serve --demo` without a key).")


def test_python_dash_m_runs_the_same_command(installed: Installed) -> None:
    out = run(installed.bin / "python", "-m", "seekrflow_mcp", "--help")
    assert out.startswith("usage: seekrflow-mcp ")
    assert "{serve,demo,sandbox,check,preview}" in out


def test_the_inspector_lists_the_tools_of_serve_demo(installed: Installed) -> None:
    server = [str(installed.bin / "seekrflow-mcp"), "serve", "--demo"]
    out = run("npx", "--yes", INSPECTOR, "--cli", *server, "--method", "tools/list")
    tools = json.loads(out)["tools"]
    assert [tool["name"] for tool in tools] == TOOLS
    assert all(tool["inputSchema"]["type"] == "object" for tool in tools)
