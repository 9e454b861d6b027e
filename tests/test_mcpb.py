"""The Claude Desktop bundle: its manifest is valid against the MCPB schema (vendored), asks for
the settings a user needs, and the entry point it names, packed, starts the server with the
environment the manifest maps the user's answers onto."""

import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from mcp import Client, StdioServerParameters

from seekrflow_mcp.apps import APP_ONLY
from seekrflow_mcp.config import Settings, env_name
from seekrflow_sandbox import Sandbox
from tests.helpers import serve_http

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "mcpb" / "manifest.json").read_text())
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "mcpb-manifest-v0.4.schema.json").read_text())
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
USER_CONFIG = re.compile(r"^\$\{user_config\.(\w+)\}$")


def test_the_manifest_is_valid_and_agrees_with_the_project() -> None:
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(MANIFEST)
    assert MANIFEST["manifest_version"] == SCHEMA["properties"]["manifest_version"]["const"]
    assert MANIFEST["server"]["type"] == "uv"
    assert (MANIFEST["name"], MANIFEST["version"]) == (PROJECT["name"], PROJECT["version"])
    assert MANIFEST["description"] == PROJECT["description"]
    assert MANIFEST["license"] == PROJECT["license"]


def test_user_config_asks_for_the_settings_and_maps_each_onto_its_variable() -> None:
    user_config: dict[str, dict[str, Any]] = MANIFEST["user_config"]
    key = user_config["api_key"]
    assert (key["type"], key["sensitive"], key["required"]) == ("string", True, True)
    env: dict[str, str] = MANIFEST["server"]["mcp_config"]["env"]
    mapped = {}
    for variable, value in env.items():
        match = USER_CONFIG.match(value)
        assert match, f"{variable} is not one user_config value"
        mapped[match.group(1)] = variable
    assert set(mapped) == set(user_config) == {"api_key", "team_id", "base_url", "read_only"}
    for name, variable in mapped.items():
        assert variable == env_name(name)  # the user_config keys are the settings' names
        default = Settings.model_fields[name].default
        if "default" in user_config[name]:
            assert user_config[name]["default"] == ("" if default is None else default), name
    assert user_config["read_only"]["type"] == "boolean"


def pack(tmp_path: Path) -> Path:
    """The bundle as `mcpb/pack.py` packs it, unzipped the way a host unpacks it."""
    bundle = tmp_path / "seekrflow-mcp.mcpb"
    subprocess.run([sys.executable, str(ROOT / "mcpb" / "pack.py"), "--out", str(bundle)], check=True, timeout=60)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        z.extractall(unpacked)
    assert {"manifest.json", "pyproject.toml", "README.md", "LICENSE", MANIFEST["server"]["entry_point"]} <= names
    assert "server/seekrflow_mcp/cli.py" in names
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", ".venv/"))]
    return unpacked


def substituted(value: str, answers: dict[str, Any], dirname: Path) -> str:
    """What the host puts in place of `${__dirname}` and `${user_config.KEY}`."""

    def answer(match: re.Match[str]) -> str:
        given = answers[match.group(1)]
        return str(given).lower() if isinstance(given, bool) else str(given)

    return re.sub(r"\$\{user_config\.(\w+)\}", answer, value.replace("${__dirname}", str(dirname)))


@pytest.mark.parametrize("read_only", [False, True])
async def test_the_packed_entry_point_serves_with_the_mapped_environment(
    tmp_path: Path, sandbox: Sandbox, read_only: bool
) -> None:
    bundle = pack(tmp_path)
    config = MANIFEST["server"]["mcp_config"]
    # uv is not on this machine: the test runs the entry point `uv run` would run, with this
    # interpreter, and the bundle's own copy of the packages first on the path.
    assert config["command"] == "uv"
    assert config["args"][-1] == MANIFEST["server"]["entry_point"]
    async with serve_http(sandbox.app) as url:
        answers = {"api_key": sandbox.api_key, "team_id": "", "base_url": url, "read_only": read_only}
        env = {name: substituted(value, answers, bundle) for name, value in config["env"].items()}
        env |= {"PYTHONPATH": str(bundle / "server"), "XDG_CONFIG_HOME": str(tmp_path)}
        entry = bundle / MANIFEST["server"]["entry_point"]
        params = StdioServerParameters(command=sys.executable, args=[str(entry)], env=env, cwd=bundle)
        async with Client(params) as client:
            tools = {tool.name for tool in (await client.list_tools()).tools}
            listed = await client.call_tool("list_data_jobs", {"limit": 1})
    assert not listed.is_error, listed.content
    assert sandbox.requests, "the server read the sandbox at the base URL the user gave"
    declared = {tool["name"] for tool in MANIFEST["tools"]}
    # The dashboard's own tool is for the app, not the model: the manifest does not declare it.
    assert tools & APP_ONLY == APP_ONLY
    tools -= APP_ONLY
    if read_only:
        assert tools == {"list_data_jobs", "get_data_job", "summarize_failures", "wait_for_ingestion", "list_files"}
    else:
        assert tools == declared
