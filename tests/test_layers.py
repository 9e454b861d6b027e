"""Data flows one way (tools -> seekrflow -> triage -> render), and the simulator stands apart.

Each check imports a layer in a fresh interpreter and looks at what came with it."""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded_with(module: str) -> set[str]:
    """The top-level packages and product subpackages that importing `module` loads."""
    code = (
        f"import sys, {module}\n"
        "for name in sorted(sys.modules):\n"
        "    parts = name.split('.')\n"
        "    print('.'.join(parts[:2]) if parts[0] == 'seekrflow_mcp' else parts[0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    return set(done.stdout.split())


def test_the_simulator_imports_nothing_of_the_product() -> None:
    assert not {name for name in loaded_with("seekrflow_sandbox") if name.startswith("seekrflow_mcp")}


@pytest.mark.parametrize("module", ["seekrflow_mcp.server", "seekrflow_mcp.cli", "seekrflow_mcp.remote.app"])
def test_the_product_loads_the_simulator_only_for_the_demo(module: str) -> None:
    assert "seekrflow_sandbox" not in loaded_with(module)


@pytest.mark.parametrize(
    ("layer", "never"),
    [
        # The SeekrFlow side knows nothing of MCP, of triage or of rendering.
        ("seekrflow_mcp.seekrflow.client", {"mcp", "seekrflow_mcp.triage", "seekrflow_mcp.render"}),
        # Triage and render are pure: no I/O, no MCP, and triage never reaches for render.
        ("seekrflow_mcp.triage.reads", {"mcp", "httpx2", "seekrflow_mcp.render", "seekrflow_mcp.tools"}),
        ("seekrflow_mcp.triage.writes", {"mcp", "httpx2", "seekrflow_mcp.render", "seekrflow_mcp.tools"}),
        ("seekrflow_mcp.render", {"mcp", "httpx2", "seekrflow_mcp.tools"}),
        # Serving over HTTP sits above the server: nothing below it, nor stdio's start, loads it.
        ("seekrflow_mcp.server", {"seekrflow_mcp.remote"}),
        ("seekrflow_mcp.cli", {"seekrflow_mcp.remote", "uvicorn"}),
    ],
)
def test_each_layer_imports_only_what_lies_below_it(layer: str, never: set[str]) -> None:
    assert loaded_with(layer) & never == set()
