"""server.json, the MCP Registry's entry: valid against the registry's published schema, and
in step with pyproject.toml, the settings and the README's ownership marker."""

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema

from seekrflow_mcp.config import Settings, env_name

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "server.schema.json").read_text())
SERVER = json.loads((ROOT / "server.json").read_text())
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
README = (ROOT / "README.md").read_text()


def test_server_json_is_valid_against_the_vendored_schema() -> None:
    assert SERVER["$schema"] == SCHEMA["$id"]
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(SERVER)


def test_the_schema_refuses_what_the_registry_refuses() -> None:
    """The vendored schema is the real one: it still refuses a long description and a bad name."""
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    assert not validator.is_valid({**SERVER, "description": "x" * 101})
    assert not validator.is_valid({**SERVER, "name": "seekrflow-mcp"})


def test_name_version_and_description_agree_with_pyproject_and_the_readme() -> None:
    (package,) = SERVER["packages"]
    assert (package["registryType"], package["identifier"], package["runtimeHint"]) == ("pypi", PROJECT["name"], "uvx")
    assert SERVER["version"] == package["version"] == PROJECT["version"]
    assert SERVER["description"] == PROJECT["description"]
    assert len(PROJECT["description"]) <= 100
    # The registry checks PyPI's copy of the README for this marker to accept the package as ours.
    assert re.findall(r"mcp-name: (\S+)", README) == [SERVER["name"]]
    owner = SERVER["name"].removeprefix("io.github.").split("/")[0]
    assert SERVER["repository"]["url"] == f"https://github.com/{owner}/{PROJECT['name']}"
    assert PROJECT["urls"]["Repository"] == SERVER["repository"]["url"]


def test_the_environment_is_the_settings_with_their_defaults() -> None:
    (package,) = SERVER["packages"]
    variables: dict[str, dict[str, Any]] = {v["name"]: v for v in package["environmentVariables"]}
    key = variables.pop("SEEKR_API_KEY")
    assert key["isRequired"] is True
    assert key["isSecret"] is True
    fields = {env_name(field): field for field in Settings.model_fields}
    for name, variable in variables.items():
        assert name in fields, f"{name} is no setting"
        assert not variable.get("isSecret")
        assert not variable.get("isRequired")
        default = Settings.model_fields[fields[name]].default
        if "default" in variable:
            shown = str(default).lower() if isinstance(default, bool) else str(default)
            assert variable["default"] == shown, name
        if "choices" in variable:
            assert variable["default"] in variable["choices"]


def test_the_remote_is_a_template_with_its_variable() -> None:
    (remote,) = SERVER["remotes"]
    assert remote["type"] == "streamable-http"
    assert set(re.findall(r"\{(\w+)\}", remote["url"])) == set(remote["variables"]) == {"host"}
