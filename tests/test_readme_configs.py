"""The README's host configs work as written: every JSON and TOML block parses, each server it
defines starts this project's command with arguments the CLI accepts and settings it knows,
the install links decode to the configs printed beside them, and the settings table names
every setting."""

import base64
import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from seekrflow_mcp.cli import _parser
from seekrflow_mcp.config import Settings, env_name

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PACKAGE = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
SETTINGS_ENV = {env_name(field) for field in Settings.model_fields}
# Where each host's format keeps its servers.
SERVER_TABLES = ("mcpServers", "servers", "context_servers", "mcp_servers")
HOSTS = ("Claude Desktop", "Claude Code", "VS Code", "Cursor", "Windsurf", "Zed", "Codex", "Gemini CLI")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)\n```", README, flags=re.DOTALL)


def configs() -> list[dict[str, Any]]:
    return [json.loads(b) for b in blocks("json")] + [tomllib.loads(b) for b in blocks("toml")]


def servers(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (table,) = [config[key] for key in SERVER_TABLES if key in config]
    assert isinstance(table, dict)
    return table


def cli_arguments(command: str, args: list[str]) -> list[str]:
    """The arguments `seekrflow-mcp` receives, for each way the README starts it."""
    if command == "uvx":
        assert args[0] == PACKAGE
        return args[1:]
    if command == "pipx":
        assert args[:2] == ["run", PACKAGE]
        return args[2:]
    # A clone: the console script pyproject.toml declares, by its full path.
    assert Path(command).is_absolute()
    assert Path(command).name in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    return args


REMOTE_URL_KEYS = ("url", "serverUrl", "httpUrl")
REMOTE_HEADERS = {"Authorization", "X-Seekr-Api-Key", "X-Seekr-Team-Id"}


def check_remote(server: dict[str, Any]) -> None:
    """A team server's entry: its URL names the MCP endpoint, and it sends only headers the
    server reads."""
    (url,) = [server[key] for key in REMOTE_URL_KEYS if key in server]
    assert urlsplit(url).path == "/mcp"
    assert set(server.get("headers", {})) <= REMOTE_HEADERS
    assert server.get("type", "http") == "http"


def check_server(server: dict[str, Any]) -> None:
    if "command" not in server:
        check_remote(server)
        return
    arguments = cli_arguments(server["command"], server.get("args", []))
    parsed = _parser().parse_args(arguments)  # exits, failing the test, on an unknown argument
    assert parsed.command == "serve"
    for name, value in server.get("env", {}).items():
        assert name in SETTINGS_ENV, f"{name} is no setting"
        assert isinstance(value, str)
    assert server.get("type", "stdio") == "stdio"


def test_every_config_block_parses_and_starts_the_server() -> None:
    found = configs()
    # the first screen's two, seven hosts (Claude Code's is a command), a clone, three remote
    assert len(found) == 13
    for config in found:
        for server in servers(config).values():
            check_server(server)


def test_the_claude_code_command_starts_the_server() -> None:
    (line,) = [b for b in blocks("sh") if b.startswith("claude mcp add") and "--transport http" not in b]
    words = shlex.split(line)
    command = words[words.index("--") + 1 :]
    env = dict(w.split("=", 1) for w in words[words.index("--env") + 1 : words.index("--")])
    check_server({"command": command[0], "args": command[1:], "env": env})


def test_every_host_is_there_and_the_demo_config_needs_no_key() -> None:
    assistant = README.split("\n## Add it to your assistant\n")[1].split("\n## ")[0]
    for host in HOSTS:
        assert f"**{host}**" in assistant
    first_screen = README.split("\n## ")[0]
    demo = [s for c in configs() for s in servers(c).values() if "--demo" in s.get("args", [])]
    assert demo == [{"command": "uvx", "args": [PACKAGE, "serve", "--demo"]}]
    assert json.dumps(demo[0]["args"]) in first_screen.replace(",\n", ", ")
    assert '"command": "uvx"' in first_screen
    remote = assistant.split("\n### A team's server, over HTTP\n")[1]
    for host in ("Claude", "Claude Code", "VS Code", "Cursor", "Windsurf", "Gemini CLI", "Codex"):
        assert f"**{host}**" in remote


def link(prefix: str) -> str:
    """The one link starting with `prefix` (VS Code's Insiders link is the same with a suffix)."""
    (found,) = {
        url.removesuffix("&quality=insiders") for url in re.findall(rf"\]\(({re.escape(prefix)}[^)]*)\)", README)
    }
    return found


def test_the_vs_code_links_install_the_vs_code_config() -> None:
    (vscode,) = [c for c in configs() if "command" in c.get("servers", {}).get("seekrflow", {})]
    url = link("https://insiders.vscode.dev/redirect/mcp/install?")
    query = parse_qs(urlsplit(url).query, strict_parsing=True)
    assert query["name"] == ["seekrflow"]
    assert json.loads(query["config"][0]) == vscode["servers"]["seekrflow"]
    assert json.loads(query["inputs"][0]) == vscode["inputs"]
    (key_input,) = vscode["inputs"]
    assert key_input["type"] == "promptString"
    assert key_input["password"] is True
    assert vscode["servers"]["seekrflow"]["env"]["SEEKR_API_KEY"] == "${input:" + key_input["id"] + "}"
    assert f"]({url}&quality=insiders)" in README


def test_the_cursor_link_installs_the_cursor_config() -> None:
    cursor = json.loads(README.split("**Cursor**")[1].split("```json\n")[1].split("\n```")[0])
    url = link("cursor://anysphere.cursor-deeplink/mcp/install?")
    query = parse_qs(urlsplit(url).query, strict_parsing=True)
    assert query["name"] == ["seekrflow"]
    assert json.loads(base64.b64decode(query["config"][0], validate=True)) == cursor["mcpServers"]["seekrflow"]


@pytest.mark.parametrize("field", list(Settings.model_fields))
def test_the_settings_table_names_every_setting(field: str) -> None:
    table = README.split("\n## Settings\n")[1].split("\n## ")[0]
    assert f"| `{field}` | `{env_name(field)}` |" in table
